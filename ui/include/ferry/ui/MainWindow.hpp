#pragma once

#include <QMainWindow>

class QLabel;
class QTreeView;

namespace ferry::ui {

class EstateTreeModel;
class ProjectDocument;

/// Ferry's main window: the estate of the open project, with the File menu.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Open a project file; shows an error box and keeps the current project on failure.
    bool openFile(const QString& path);
    /// The document shown (for tests).
    ProjectDocument& document() { return *m_document; }
    /// The estate view (for tests).
    QTreeView* estateView() const { return m_tree; }

public slots:
    void newProject();
    void open();
    bool save();
    bool saveAs();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void updateTitle();
    void updateStatus();
    /// Asks to save unsaved edits; false when the user cancels.
    bool maybeSave();
    bool saveTo(const QString& path);

    ProjectDocument* m_document = nullptr;
    EstateTreeModel* m_treeModel = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_statusCounts = nullptr;
    QLabel* m_statusFindings = nullptr;
};

} // namespace ferry::ui
