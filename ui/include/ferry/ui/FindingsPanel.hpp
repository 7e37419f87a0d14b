#pragma once

#include <ferry/model/Validator.hpp>

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <vector>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace ferry::ui {

class ProjectDocument;

/// The validation findings of the open project, kept live: every change re-validates after a
/// short pause (so a burst of edits costs one run); big projects are validated off the UI
/// thread and results that an edit has overtaken are dropped. Clicking a finding focuses its
/// object through the shared Selection.
class FindingsPanel : public QWidget {
    Q_OBJECT
public:
    /// Pause after the last change before validating, in milliseconds.
    static constexpr int kDebounceMs = 150;

    explicit FindingsPanel(ProjectDocument& document, QWidget* parent = nullptr);
    ~FindingsPanel() override;

    /// The findings shown (of the latest validation that finished).
    const std::vector<model::Finding>& findings() const { return m_findings; }
    /// The list (for tests).
    QTreeWidget* view() const { return m_view; }
    /// Projects with at least this many workloads are validated on a worker thread.
    void setBackgroundThreshold(std::size_t workloads) { m_backgroundThreshold = workloads; }
    /// True while a validation is scheduled or running.
    bool isPending() const;

public slots:
    /// Validate now instead of after the pause.
    void revalidate();

signals:
    /// New findings are shown, with the number of errors and warnings among them.
    void updated(int errors, int warnings);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showFindings(std::vector<model::Finding> findings);
    void retranslateUi();
    void itemActivated(QTreeWidgetItem* item);

    ProjectDocument& m_document;
    QTreeWidget* m_view = nullptr;
    QLabel* m_summary = nullptr;
    QTimer m_debounce;
    QFutureWatcher<std::vector<model::Finding>> m_watcher;
    std::vector<model::Finding> m_findings;
    std::size_t m_backgroundThreshold = 2000;
    quint64 m_generation = 0;        ///< Bumped by every change.
    quint64 m_runningGeneration = 0; ///< The change the running validation started from.
    bool m_running = false;
};

} // namespace ferry::ui
