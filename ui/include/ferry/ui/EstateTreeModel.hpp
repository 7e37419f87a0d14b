#pragma once

#include <QAbstractItemModel>

#include <string>
#include <vector>

namespace ferry::ui {

class ProjectDocument;

/// Sites with their workloads as children, for a QTreeView; reads everything from the project.
class EstateTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    /// Columns shown for each row.
    enum Column { Name, Kind, Location, SizeGb, MonthlyCost, Target, ColumnCount };

    explicit EstateTreeModel(ProjectDocument& document, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Id of the site or workload at index; empty when invalid.
    QString objectId(const QModelIndex& index) const;

private:
    void rebuild();

    ProjectDocument& m_document;
    /// Per site (in project order), the indexes of its workloads in project order.
    std::vector<std::vector<std::size_t>> m_children;
    /// Workloads whose site is unknown, shown under a last "Unassigned" row when non-empty.
    std::vector<std::size_t> m_orphans;
};

} // namespace ferry::ui
