#pragma once

#include <ferry/model/ProjectListener.hpp>

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

namespace ferry::ui {

class ProjectDocument;

/// Every workload of the project as one row, for the inventory table. Reads the project on
/// demand (no copy of the data); follows edits row by row so selections survive them.
class InventoryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The columns, in display order.
    enum Column {
        Name,
        Id,
        Kind,
        Site,
        SizeGb,
        Vcpu,
        MemoryGb,
        MonthlyCost,
        Criticality,
        Owner,
        Tags,
        Target,
        ColumnCount
    };
    /// Role of the raw value to sort by (numbers as numbers).
    static constexpr int SortRole = Qt::UserRole;
    /// Role of the text the filter box searches (name, id, tags, kind and site, lower case).
    static constexpr int FilterRole = Qt::UserRole + 1;

    explicit InventoryTableModel(ProjectDocument& document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The workload id of a row; empty when out of range.
    QString workloadId(int row) const;
    /// The row of a workload; -1 when it is not in the table.
    int rowOf(const QString& workloadId) const;

private:
    void projectChanged(const model::ProjectChange& change);
    void rebuild();

    ProjectDocument& m_document;
    QStringList m_ids;         ///< Workload ids in row order (the project's order).
    QHash<QString, int> m_row; ///< Workload id -> row.
};

} // namespace ferry::ui
