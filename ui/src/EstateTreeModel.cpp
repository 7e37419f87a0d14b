#include <ferry/ui/EstateTreeModel.hpp>

#include <ferry/ui/ProjectDocument.hpp>

#include <QLocale>

#include <unordered_map>

namespace ferry::ui {
namespace {

// Internal ids: 0 marks a top-level (site) row; n > 0 marks a child of top-level row n - 1.
constexpr quintptr kTopLevel = 0;

QString kindLabel(model::WorkloadKind kind) {
    switch (kind) {
    case model::WorkloadKind::Vm: return EstateTreeModel::tr("Virtual machine");
    case model::WorkloadKind::Database: return EstateTreeModel::tr("Database");
    case model::WorkloadKind::FileShare: return EstateTreeModel::tr("File share");
    case model::WorkloadKind::ObjectBucket: return EstateTreeModel::tr("Object bucket");
    case model::WorkloadKind::ModelArtifact: return EstateTreeModel::tr("Model artifact");
    case model::WorkloadKind::Service: return EstateTreeModel::tr("Service");
    }
    return {};
}

QString providerLabel(model::Provider provider) {
    switch (provider) {
    case model::Provider::OnPrem: return EstateTreeModel::tr("On-premises");
    case model::Provider::Aws: return QStringLiteral("AWS");
    case model::Provider::Azure: return QStringLiteral("Azure");
    case model::Provider::Gcp: return QStringLiteral("Google Cloud");
    case model::Provider::Aliyun: return EstateTreeModel::tr("Alibaba Cloud");
    case model::Provider::Other: return EstateTreeModel::tr("Other");
    }
    return {};
}

QString strategyLabel(model::Strategy strategy) {
    switch (strategy) {
    case model::Strategy::Rehost: return EstateTreeModel::tr("rehost");
    case model::Strategy::Replatform: return EstateTreeModel::tr("replatform");
    case model::Strategy::Refactor: return EstateTreeModel::tr("refactor");
    case model::Strategy::Repurchase: return EstateTreeModel::tr("repurchase");
    case model::Strategy::Retire: return EstateTreeModel::tr("retire");
    case model::Strategy::Retain: return EstateTreeModel::tr("retain");
    }
    return {};
}

} // namespace

EstateTreeModel::EstateTreeModel(ProjectDocument& document, QObject* parent)
    : QAbstractItemModel(parent), m_document(document) {
    rebuild();
    connect(&m_document, &ProjectDocument::changed, this, [this] {
        beginResetModel();
        rebuild();
        endResetModel();
    });
}

void EstateTreeModel::rebuild() {
    const auto& project = m_document.project();
    std::unordered_map<std::string, std::size_t> siteRow;
    m_children.assign(project.sites().size(), {});
    for (std::size_t i = 0; i < project.sites().size(); ++i)
        siteRow.emplace(project.sites()[i].id, i);
    m_orphans.clear();
    for (std::size_t i = 0; i < project.workloads().size(); ++i) {
        auto it = siteRow.find(project.workloads()[i].site);
        if (it == siteRow.end())
            m_orphans.push_back(i);
        else
            m_children[it->second].push_back(i);
    }
}

int EstateTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return static_cast<int>(m_children.size() + (m_orphans.empty() ? 0 : 1));
    if (parent.internalId() != kTopLevel || parent.column() != 0) return 0;
    const auto row = static_cast<std::size_t>(parent.row());
    return static_cast<int>(row < m_children.size() ? m_children[row].size() : m_orphans.size());
}

int EstateTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QModelIndex EstateTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, kTopLevel);
    return createIndex(row, column, static_cast<quintptr>(parent.row() + 1));
}

QModelIndex EstateTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTopLevel) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kTopLevel);
}

QString EstateTreeModel::objectId(const QModelIndex& index) const {
    if (!index.isValid()) return {};
    const auto& project = m_document.project();
    if (index.internalId() == kTopLevel) {
        const auto row = static_cast<std::size_t>(index.row());
        return row < project.sites().size() ? QString::fromStdString(project.sites()[row].id)
                                            : QString();
    }
    const auto siteRow = static_cast<std::size_t>(index.internalId() - 1);
    const auto& list = siteRow < m_children.size() ? m_children[siteRow] : m_orphans;
    return QString::fromStdString(
        project.workloads()[list[static_cast<std::size_t>(index.row())]].id);
}

QVariant EstateTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole &&
                             role != Qt::TextAlignmentRole))
        return {};
    if (role == Qt::TextAlignmentRole) {
        return (index.column() == SizeGb || index.column() == MonthlyCost)
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    }
    const auto& project = m_document.project();
    const QLocale locale;
    if (index.internalId() == kTopLevel) {
        const auto row = static_cast<std::size_t>(index.row());
        if (row >= project.sites().size()) {
            return index.column() == Name ? tr("Unassigned (unknown site)") : QVariant();
        }
        const auto& site = project.sites()[row];
        switch (index.column()) {
        case Name: return QString::fromStdString(site.name);
        case Kind: return providerLabel(site.provider);
        case Location: return QString::fromStdString(site.region);
        case SizeGb: {
            double total = 0;
            for (auto i : m_children[row]) total += project.workloads()[i].sizeGb;
            return locale.toString(total, 'f', 0);
        }
        case MonthlyCost: {
            double total = 0;
            for (auto i : m_children[row]) total += project.workloads()[i].monthlyCost;
            return locale.toString(total, 'f', 0);
        }
        default: return {};
        }
    }
    const auto siteRow = static_cast<std::size_t>(index.internalId() - 1);
    const auto& list = siteRow < m_children.size() ? m_children[siteRow] : m_orphans;
    const auto& w = project.workloads()[list[static_cast<std::size_t>(index.row())]];
    switch (index.column()) {
    case Name: return QString::fromStdString(w.name);
    case Kind: return kindLabel(w.kind);
    case Location: return QString::fromStdString(w.site);
    case SizeGb: return locale.toString(w.sizeGb, 'f', w.sizeGb < 10 ? 1 : 0);
    case MonthlyCost: return locale.toString(w.monthlyCost, 'f', 0);
    case Target: {
        const auto* m = project.findMapping(w.id);
        if (!m) return tr("not mapped");
        const auto* site = project.findSite(m->targetSite);
        return tr("%1 (%2)")
            .arg(site ? QString::fromStdString(site->name) : QString::fromStdString(m->targetSite),
                 strategyLabel(m->strategy));
    }
    default: return {};
    }
}

QVariant EstateTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Name");
    case Kind: return tr("Kind / provider");
    case Location: return tr("Site / region");
    case SizeGb: return tr("Size (GB)");
    case MonthlyCost: return tr("Monthly cost");
    case Target: return tr("Target");
    default: return {};
    }
}

} // namespace ferry::ui
