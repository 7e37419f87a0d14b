#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ferry::ui {

class InventoryTableModel;
class ProjectDocument;

/// The inventory as a sortable table with a filter box; its row selection is the document's
/// shared Selection (selecting rows selects the workloads everywhere, and the other way round).
class InventoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit InventoryPanel(ProjectDocument& document, QWidget* parent = nullptr);

    /// The table (for tests).
    QTableView* view() const { return m_view; }
    /// The filter box (for tests).
    QLineEdit* filterEdit() const { return m_filter; }
    /// The proxy between the model and the view (for tests).
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    /// The source model (for tests).
    InventoryTableModel* tableModel() const { return m_model; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void selectionFromView();
    void selectionToView();
    void updateCount();
    void fitColumns();

    ProjectDocument& m_document;
    InventoryTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
    bool m_syncing = false;
};

} // namespace ferry::ui
