#include <ferry/ui/InventoryPanel.hpp>

#include <ferry/ui/InventoryTableModel.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry::ui {
namespace {

/// Keeps the rows whose name, id, tags, kind or site contain every word of the filter.
class InventoryFilterProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setWords(const QString& text) {
        m_words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        if (m_words.isEmpty())
            return true;
        const QString text =
            sourceModel()
                ->data(sourceModel()->index(row, 0, parent), InventoryTableModel::FilterRole)
                .toString();
        for (const QString& word : m_words)
            if (!text.contains(word))
                return false;
        return true;
    }

private:
    QStringList m_words;
};

} // namespace

InventoryPanel::InventoryPanel(ProjectDocument& document, QWidget* parent)
    : QWidget(parent), m_document(document) {
    m_model = new InventoryTableModel(document, this);
    auto* proxy = new InventoryFilterProxy(this);
    m_proxy = proxy;
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(InventoryTableModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName("inventoryFilter");
    m_filter->setClearButtonEnabled(true);
    m_count = new QLabel(this);

    m_view = new QTableView(this);
    m_view->setObjectName("inventoryTable");
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // project order until a header is clicked
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setHighlightSections(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this, proxy](const QString& text) {
        // Hiding rows must not deselect their workloads elsewhere; showing them selects them again.
        m_syncing = true;
        proxy->setWords(text);
        m_syncing = false;
        selectionToView();
        updateCount();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InventoryPanel::selectionFromView);
    connect(&m_document.selection(), &Selection::changed, this, &InventoryPanel::selectionToView);
    connect(&m_document.selection(), &Selection::focusRequested, this, [this](const QString& id) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            return;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            m_view->scrollTo(index);
    });
    // A reset (load, import, undo of an import) drops the view's selection: take it back.
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &InventoryPanel::selectionToView);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &InventoryPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &InventoryPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &InventoryPanel::updateCount);

    // Column widths follow the content of a new project (sampled, so big ones stay quick).
    m_view->horizontalHeader()->setResizeContentsPrecision(200);
    connect(m_model, &QAbstractItemModel::modelReset, this, &InventoryPanel::fitColumns);

    retranslateUi();
    fitColumns();
    selectionToView();
}

void InventoryPanel::fitColumns() {
    m_view->resizeColumnsToContents();
    const int widest = m_view->fontMetrics().averageCharWidth() * 32;
    for (int c = 0; c < InventoryTableModel::ColumnCount - 1; ++c)
        m_view->setColumnWidth(c, std::min(m_view->columnWidth(c) + 8, widest));
}

void InventoryPanel::retranslateUi() {
    m_filter->setPlaceholderText(tr("Filter by name, tag, kind or site"));
    m_filter->setToolTip(tr("Shows the workloads whose name, id, tags, kind or site contain every "
                            "word typed here."));
    m_view->setToolTip(tr("Select rows to select the workloads on the canvas and in the other "
                          "panels; click a header to sort."));
    updateCount();
}

void InventoryPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        emit m_model->headerDataChanged(Qt::Horizontal, 0, InventoryTableModel::ColumnCount - 1);
    }
    QWidget::changeEvent(event);
}

void InventoryPanel::updateCount() {
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%n workload(s)", "", total)
                                    : tr("%1 of %n workload(s)", "", total).arg(shown));
}

void InventoryPanel::selectionFromView() {
    if (m_syncing)
        return;
    QStringList ids;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) {
        ids << m_model->workloadId(m_proxy->mapToSource(index).row());
    }
    m_syncing = true;
    m_document.selection().set(ids);
    m_syncing = false;
}

void InventoryPanel::selectionToView() {
    if (m_syncing)
        return;
    QItemSelection selection;
    QModelIndex first;
    for (const QString& id : m_document.selection().ids()) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (!index.isValid())
            continue; // filtered out
        if (!first.isValid())
            first = index;
        selection.select(index, index.siblingAtColumn(InventoryTableModel::ColumnCount - 1));
    }
    m_syncing = true;
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect |
                                                    QItemSelectionModel::Rows);
    if (first.isValid())
        m_view->scrollTo(first);
    m_syncing = false;
}

} // namespace ferry::ui
