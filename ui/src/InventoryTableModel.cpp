#include <ferry/ui/InventoryTableModel.hpp>

#include <ferry/ui/EnumLabels.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QLocale>

namespace ferry::ui {
namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString siteName(const model::Project& project, const std::string& id) {
    const auto* site = project.findSite(id);
    return site && !site->name.empty() ? qs(site->name) : qs(id);
}

} // namespace

InventoryTableModel::InventoryTableModel(ProjectDocument& document, QObject* parent)
    : QAbstractTableModel(parent), m_document(document) {
    rebuild();
    connect(&m_document, &ProjectDocument::changed, this, &InventoryTableModel::projectChanged);
}

void InventoryTableModel::rebuild() {
    m_ids.clear();
    m_row.clear();
    const auto& workloads = m_document.project().workloads();
    m_ids.reserve(qsizetype(workloads.size()));
    for (const auto& w : workloads) {
        const QString id = qs(w.id);
        m_row.insert(id, int(m_ids.size()));
        m_ids.push_back(id);
    }
}

void InventoryTableModel::projectChanged(const model::ProjectChange& change) {
    using Kind = model::ProjectChange::Kind;
    const QString id = qs(change.id);
    switch (change.kind) {
    case Kind::WorkloadChanged:
    case Kind::MappingAdded:
    case Kind::MappingChanged:
    case Kind::MappingRemoved: {
        const int row = rowOf(id);
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    case Kind::WorkloadAdded:
        // The model appends new workloads.
        if (m_ids.size() + 1 == qsizetype(m_document.project().workloads().size()) &&
            m_document.project().workloads().back().id == change.id) {
            beginInsertRows({}, int(m_ids.size()), int(m_ids.size()));
            m_row.insert(id, int(m_ids.size()));
            m_ids.push_back(id);
            endInsertRows();
            return;
        }
        break;
    case Kind::WorkloadRemoved:
        if (const int row = rowOf(id); row >= 0) {
            beginRemoveRows({}, row, row);
            m_ids.removeAt(row);
            m_row.remove(id);
            for (int r = row; r < m_ids.size(); ++r)
                m_row[m_ids[r]] = r;
            endRemoveRows();
            return;
        }
        break;
    case Kind::SiteChanged:
    case Kind::SiteAdded:
    case Kind::SiteRemoved:
        if (!m_ids.isEmpty()) {
            emit dataChanged(index(0, Site), index(int(m_ids.size()) - 1, Site));
            emit dataChanged(index(0, Target), index(int(m_ids.size()) - 1, Target));
        }
        return;
    case Kind::Reset:
        break;
    default:
        return; // links, dependencies, waves, scenarios and the info are not shown
    }
    beginResetModel();
    rebuild();
    endResetModel();
}

int InventoryTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_ids.size());
}

int InventoryTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString InventoryTableModel::workloadId(int row) const {
    return m_ids.value(row);
}

int InventoryTableModel::rowOf(const QString& workloadId) const {
    return m_row.value(workloadId, -1);
}

QVariant InventoryTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_ids.size())
        return {};
    const auto& project = m_document.project();
    const auto* w = project.findWorkload(m_ids[index.row()].toStdString());
    if (!w)
        return {};
    if (role == FilterRole) {
        QString text = qs(w->name) + '\n' + qs(w->id) + '\n' + EnumLabels::kind(w->kind) + '\n' +
                       QString::fromUtf8(model::toString(w->kind).data()) + '\n' +
                       siteName(project, w->site) + '\n' + qs(w->site);
        for (const auto& tag : w->tags)
            text += '\n' + qs(tag);
        return text.toLower();
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case SizeGb:
        case Vcpu:
        case MemoryGb:
        case MonthlyCost:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    const bool sort = role == SortRole;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && !sort)
        return {};
    const QLocale locale;
    const auto* mapping = project.findMapping(w->id);
    switch (index.column()) {
    case Name:
        return qs(w->name);
    case Id:
        return qs(w->id);
    case Kind:
        return EnumLabels::kind(w->kind);
    case Site:
        return siteName(project, w->site);
    case SizeGb:
        return sort ? QVariant(w->sizeGb) : locale.toString(w->sizeGb, 'f', w->sizeGb < 10 ? 1 : 0);
    case Vcpu:
        return sort ? QVariant(w->vcpu) : QVariant(locale.toString(w->vcpu));
    case MemoryGb:
        return sort ? QVariant(w->memoryGb)
                    : locale.toString(w->memoryGb, 'f', w->memoryGb < 10 ? 1 : 0);
    case MonthlyCost:
        return sort ? QVariant(w->monthlyCost) : locale.toString(w->monthlyCost, 'f', 0);
    case Criticality:
        return sort ? QVariant(int(w->criticality))
                    : QVariant(EnumLabels::criticality(w->criticality));
    case Owner:
        return qs(w->owner);
    case Tags: {
        QStringList tags;
        for (const auto& t : w->tags)
            tags << qs(t);
        return tags.join(QStringLiteral(", "));
    }
    case Target:
        if (!mapping)
            return sort ? QString() : tr("not mapped");
        return tr("%1 (%2)").arg(siteName(project, mapping->targetSite),
                                 EnumLabels::strategy(mapping->strategy));
    default:
        return {};
    }
}

QVariant InventoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Id:
        return tr("Id");
    case Kind:
        return tr("Kind");
    case Site:
        return tr("Site");
    case SizeGb:
        return tr("Size (GB)");
    case Vcpu:
        return tr("vCPU");
    case MemoryGb:
        return tr("Memory (GB)");
    case MonthlyCost:
        return tr("Monthly cost");
    case Criticality:
        return tr("Criticality");
    case Owner:
        return tr("Owner");
    case Tags:
        return tr("Tags");
    case Target:
        return tr("Target");
    default:
        return {};
    }
}

} // namespace ferry::ui
