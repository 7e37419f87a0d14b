#include <ferry/ui/PlanGraphModel.hpp>

#include <ferry/model/Assumptions.hpp>
#include <ferry/model/Project.hpp>
#include <ferry/model/Validator.hpp>
#include <ferry/model/WavePlanner.hpp>
#include <ferry/ui/CanvasStyle.hpp>
#include <ferry/ui/ProjectDocument.hpp>

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace ferry::ui {
namespace {

using Kind = model::ProjectChange::Kind;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString sizeText(double gb) {
    const QLocale locale;
    if (gb >= 1000.0)
        return PlanGraphModel::tr("%1 TB").arg(
            locale.toString(gb / 1000.0, 'f', gb >= 10000 ? 0 : 1));
    return PlanGraphModel::tr("%1 GB").arg(locale.toString(gb, 'f', gb >= 10 || gb == 0 ? 0 : 1));
}

ValidationState stateOf(model::Severity severity) {
    switch (severity) {
    case model::Severity::Error:
        return ValidationState::Error;
    case model::Severity::Warning:
        return ValidationState::Warning;
    case model::Severity::Info:
        return ValidationState::Info;
    }
    return ValidationState::Ok;
}

void addFinding(ValidationState& state, QString& text, ValidationState found,
                const std::string& message) {
    state = std::max(state, found);
    if (!text.isEmpty())
        text += QLatin1Char('\n');
    text += qs(message);
}

/// True when a and b differ only by their canvas position (nothing waves or validation read).
bool onlyPositionDiffers(const WorkloadView& a, const WorkloadView& b) {
    return a.name == b.name && a.site == b.site && a.kind == b.kind && a.sizeGb == b.sizeGb &&
           a.monthlyCost == b.monthlyCost && a.tags == b.tags && a.owner == b.owner;
}

} // namespace

PlanGraphModel::PlanGraphModel(ProjectDocument& document, QObject* parent)
    : QObject(parent), m_document(document) {
    m_analysisTimer.setSingleShot(true);
    m_analysisTimer.setInterval(0);
    connect(&m_analysisTimer, &QTimer::timeout, this, &PlanGraphModel::analyseNow);
    connect(&document, &ProjectDocument::changed, this, &PlanGraphModel::projectChanged);
    rebuild();
}

PlanGraphModel::~PlanGraphModel() = default;

const model::Project& PlanGraphModel::project() const {
    return m_document.project();
}

QStringList PlanGraphModel::workloadIds() const {
    QStringList ids;
    ids.reserve(qsizetype(project().workloads().size()));
    for (const auto& w : project().workloads())
        ids.push_back(qs(w.id));
    return ids;
}

QStringList PlanGraphModel::linkIds() const {
    QStringList ids;
    for (const auto& l : project().links())
        ids.push_back(qs(l.id));
    return ids;
}

QStringList PlanGraphModel::linksOf(const QString& siteId) const {
    const std::string site = siteId.toStdString();
    QStringList ids;
    for (const auto& l : project().links())
        if (l.from == site || l.to == site)
            ids.push_back(qs(l.id));
    return ids;
}

QStringList PlanGraphModel::mappingEdgeIds() const {
    QStringList ids;
    for (auto it = m_workloads.cbegin(); it != m_workloads.cend(); ++it)
        if (hasMappingEdge(it.key()))
            ids.push_back(it.key());
    return ids;
}

const SiteView* PlanGraphModel::site(const QString& id) const {
    auto it = m_sites.constFind(id);
    return it == m_sites.cend() ? nullptr : &*it;
}

const WorkloadView* PlanGraphModel::workload(const QString& id) const {
    auto it = m_workloads.constFind(id);
    return it == m_workloads.cend() ? nullptr : &*it;
}

const DependencyView* PlanGraphModel::dependency(const QString& id) const {
    auto it = m_dependencies.constFind(id);
    return it == m_dependencies.cend() ? nullptr : &*it;
}

QList<QString> PlanGraphModel::workloadsOf(const QString& siteId) const {
    return m_siteMembers.value(siteId).values();
}

QList<QString> PlanGraphModel::dependenciesOf(const QString& workloadId) const {
    return m_dependenciesOf.value(workloadId).values();
}

QList<QString> PlanGraphModel::workloadsMappedTo(const QString& siteId) const {
    return m_mappedTo.value(siteId).values();
}

bool PlanGraphModel::hasMappingEdge(const QString& workloadId) const {
    const WorkloadView* w = workload(workloadId);
    return w && w->mapped && w->target != w->site && m_sites.contains(w->target);
}

QRectF PlanGraphModel::nodeRect(QPointF centre) {
    const QSizeF size = CanvasStyle::kNodeSize;
    return QRectF(centre.x() - size.width() / 2, centre.y() - size.height() / 2, size.width(),
                  size.height());
}

QRectF PlanGraphModel::siteRect(const QString& siteId) const {
    const SiteView* s = site(siteId);
    if (!s)
        return {};
    QRectF rect(s->position, CanvasStyle::kSiteMinSize);
    auto members = m_siteMembers.constFind(siteId);
    if (members != m_siteMembers.cend() && !members->isEmpty()) {
        QRectF content;
        for (const QString& id : *members)
            content |= nodeRect(m_workloads.value(id).position);
        const double pad = CanvasStyle::kSitePadding;
        rect |=
            content.adjusted(-pad, -(CanvasStyle::kSiteHeader + CanvasStyle::kSiteGap), pad, pad);
    }
    return rect;
}

void PlanGraphModel::setColourMode(ColourMode mode) {
    if (mode == m_colourMode)
        return;
    m_colourMode = mode;
    emit colourModeChanged(mode);
}

QColor PlanGraphModel::workloadColour(const WorkloadView& w) const {
    switch (m_colourMode) {
    case ColourMode::Plain:
        return CanvasStyle::kindColour(w.kind);
    case ColourMode::Wave:
        return CanvasStyle::waveColour(w.wave);
    case ColourMode::Strategy:
        return w.mapped ? CanvasStyle::strategyColour(w.strategy) : CanvasStyle::waveColour(0);
    case ColourMode::Cost: {
        const double span = m_logCostMax - m_logCostMin;
        const double t = span > 0 ? (std::log10(1.0 + w.monthlyCost) - m_logCostMin) / span : 0.0;
        return CanvasStyle::costColour(t);
    }
    case ColourMode::Validation:
        switch (w.validation) {
        case ValidationState::Error:
            return QColor(0xdc, 0x26, 0x26);
        case ValidationState::Warning:
            return QColor(0xe8, 0xa3, 0x17);
        case ValidationState::Info:
        case ValidationState::Ok:
            return QColor(0x16, 0xa3, 0x4a);
        }
    }
    return Qt::gray;
}

QList<LegendEntry> PlanGraphModel::legend() const {
    QList<LegendEntry> entries;
    switch (m_colourMode) {
    case ColourMode::Plain:
        break;
    case ColourMode::Wave:
        for (int wave = 1; wave <= std::min(m_maxWave, 12); ++wave)
            entries.push_back({CanvasStyle::waveColour(wave), tr("Wave %1").arg(wave)});
        if (m_maxWave > 12)
            entries.push_back({CanvasStyle::waveColour(13), tr("Waves 13 to %1").arg(m_maxWave)});
        entries.push_back({CanvasStyle::waveColour(0), tr("Not planned")});
        break;
    case ColourMode::Strategy:
        for (const auto s : model::kAllStrategies)
            entries.push_back({CanvasStyle::strategyColour(s), CanvasStyle::strategyName(s)});
        entries.push_back({CanvasStyle::waveColour(0), tr("Not mapped")});
        break;
    case ColourMode::Cost: {
        const QLocale locale;
        const QString currency = qs(project().info().currency);
        for (int i = 0; i <= 4; ++i) {
            const double t = i / 4.0;
            const double cost =
                std::pow(10.0, m_logCostMin + t * (m_logCostMax - m_logCostMin)) - 1;
            entries.push_back(
                {CanvasStyle::costColour(t),
                 tr("%1 %2 a month").arg(locale.toString(std::max(0.0, cost), 'f', 0), currency)});
        }
        break;
    }
    case ColourMode::Validation:
        entries.push_back({QColor(0x16, 0xa3, 0x4a), tr("No problems")});
        entries.push_back({QColor(0xe8, 0xa3, 0x17), tr("Warnings")});
        entries.push_back({QColor(0xdc, 0x26, 0x26), tr("Errors")});
        break;
    }
    return entries;
}

QString PlanGraphModel::colourModeName(ColourMode mode) {
    switch (mode) {
    case ColourMode::Plain:
        return tr("By kind");
    case ColourMode::Wave:
        return tr("By wave");
    case ColourMode::Strategy:
        return tr("By strategy");
    case ColourMode::Cost:
        return tr("By monthly cost");
    case ColourMode::Validation:
        return tr("By validation");
    }
    return {};
}

QStringList PlanGraphModel::find(const QString& text) const {
    const QString needle = text.trimmed();
    QStringList found;
    if (needle.isEmpty())
        return found;
    const auto matches = [&](const QString& s) { return s.contains(needle, Qt::CaseInsensitive); };
    for (const QString& id : m_siteOrder) {
        const SiteView& s = m_sites[id];
        if (matches(s.name) || matches(s.id) || matches(s.region))
            found.push_back(id);
    }
    for (const auto& w : project().workloads()) {
        const WorkloadView* view = workload(qs(w.id));
        if (!view)
            continue;
        if (matches(view->name) || matches(view->id) || matches(view->owner) ||
            std::any_of(view->tags.begin(), view->tags.end(), matches))
            found.push_back(view->id);
    }
    return found;
}

SiteView PlanGraphModel::makeSite(const model::Site& s) const {
    SiteView view;
    view.id = qs(s.id);
    view.name = qs(s.name);
    view.region = qs(s.region);
    view.provider = s.provider;
    view.position = QPointF(s.position.x, s.position.y);
    view.pinned = s.position.pinned;
    if (const SiteView* old = site(view.id)) {
        view.validation = old->validation;
        view.findings = old->findings;
    }
    return view;
}

WorkloadView PlanGraphModel::makeWorkload(const model::Workload& w) const {
    WorkloadView view;
    view.id = qs(w.id);
    view.name = qs(w.name);
    view.site = qs(w.site);
    view.kind = w.kind;
    view.position = QPointF(w.position.x, w.position.y);
    view.pinned = w.position.pinned;
    view.sizeGb = w.sizeGb;
    view.monthlyCost = w.monthlyCost;
    for (const auto& tag : w.tags)
        view.tags.push_back(qs(tag));
    view.owner = qs(w.owner);
    view.sizeText = sizeText(w.sizeGb);
    if (const WorkloadView* old = workload(view.id)) {
        view.wave = old->wave;
        view.validation = old->validation;
        view.findings = old->findings;
    }
    readMapping(view);
    return view;
}

void PlanGraphModel::readMapping(WorkloadView& view) const {
    const model::Mapping* m = project().findMapping(view.id.toStdString());
    view.mapped = m != nullptr;
    view.target = m ? qs(m->targetSite) : QString();
    view.targetService = m ? qs(m->targetService) : QString();
    view.strategy = m ? m->strategy : model::Strategy::Rehost;
}

void PlanGraphModel::addDependency(const QString& from, const QString& to, double traffic) {
    DependencyView d;
    d.from = from;
    d.to = to;
    d.id = from + QStringLiteral("->") + to;
    d.trafficGbPerDay = traffic;
    m_dependenciesOf[from].insert(d.id);
    m_dependenciesOf[to].insert(d.id);
    m_dependencies.insert(d.id, d);
}

void PlanGraphModel::rebuild() {
    m_siteOrder.clear();
    m_sites.clear();
    m_workloads.clear();
    m_dependencies.clear();
    m_siteMembers.clear();
    m_dependenciesOf.clear();
    m_mappedTo.clear();
    const model::Project& p = project();
    for (const auto& s : p.sites()) {
        SiteView view = makeSite(s);
        if (m_sites.contains(view.id))
            continue; // a duplicate id in loaded data: validation reports it
        m_siteOrder.push_back(view.id);
        m_sites.insert(view.id, std::move(view));
    }
    m_workloads.reserve(qsizetype(p.workloads().size()));
    for (const auto& w : p.workloads()) {
        WorkloadView view = makeWorkload(w);
        if (m_workloads.contains(view.id))
            continue;
        m_siteMembers[view.site].insert(view.id);
        if (view.mapped)
            m_mappedTo[view.target].insert(view.id);
        m_workloads.insert(view.id, std::move(view));
    }
    m_dependencies.reserve(qsizetype(p.dependencies().size()));
    for (const auto& d : p.dependencies())
        addDependency(qs(d.from), qs(d.to), d.trafficGbPerDay);
    m_analysisPending = true;
    analyseNow();
    emit reset();
}

void PlanGraphModel::scheduleAnalysis() {
    m_analysisPending = true;
    m_analysisTimer.start();
}

void PlanGraphModel::analyseNow() {
    m_analysisTimer.stop();
    m_analysisPending = false;
    const model::ProjectData& data = project().data();

    for (auto& w : m_workloads) {
        w.validation = ValidationState::Ok;
        w.findings.clear();
        w.wave = 0;
    }
    for (auto& s : m_sites) {
        s.validation = ValidationState::Ok;
        s.findings.clear();
    }
    for (auto& d : m_dependencies)
        d.onCycle = false;

    for (const auto& f : model::Validator::validate(data)) {
        const QString id = qs(f.objectId);
        const ValidationState state = stateOf(f.severity);
        if (auto w = m_workloads.find(id); w != m_workloads.end())
            addFinding(w->validation, w->findings, state, f.message);
        else if (auto s = m_sites.find(id); s != m_sites.end())
            addFinding(s->validation, s->findings, state, f.message);
        if (f.code == "dependency.cycle") {
            for (std::size_t i = 0; i + 1 < f.path.size(); ++i) {
                if (auto d = m_dependencies.find(qs(f.path[i]) + QStringLiteral("->") +
                                                 qs(f.path[i + 1]));
                    d != m_dependencies.end())
                    d->onCycle = true;
                if (i > 0)
                    if (auto w = m_workloads.find(qs(f.path[i])); w != m_workloads.end())
                        addFinding(w->validation, w->findings, state, f.message);
            }
        }
    }

    m_maxWave = 0;
    if (!data.waves.empty()) {
        for (const auto& wave : data.waves)
            for (const auto& member : wave.workloads)
                if (auto w = m_workloads.find(qs(member)); w != m_workloads.end()) {
                    w->wave = wave.number;
                    m_maxWave = std::max(m_maxWave, wave.number);
                }
    } else {
        auto assumptions = model::PlanAssumptions::fromJson(data.info.assumptions);
        const model::WavePlan plan = model::WavePlanner::plan(
            data, assumptions ? assumptions.value() : model::PlanAssumptions{});
        for (const auto& placement : plan.placements)
            if (auto w = m_workloads.find(qs(placement.workload)); w != m_workloads.end()) {
                w->wave = placement.wave;
                m_maxWave = std::max(m_maxWave, placement.wave);
            }
    }

    double low = 0, high = 0;
    bool first = true;
    for (const auto& w : m_workloads) {
        const double v = std::log10(1.0 + std::max(0.0, w.monthlyCost));
        low = first ? v : std::min(low, v);
        high = first ? v : std::max(high, v);
        first = false;
    }
    m_logCostMin = low;
    m_logCostMax = high;
    emit analysisChanged();
}

void PlanGraphModel::projectChanged(const model::ProjectChange& change) {
    const model::Project& p = project();
    const QString id = qs(change.id);
    switch (change.kind) {
    case Kind::Reset:
        rebuild();
        return;
    case Kind::InfoChanged:
    case Kind::WavesChanged:
        scheduleAnalysis();
        return;
    case Kind::LinkAdded:
        emit linkAdded(id);
        scheduleAnalysis();
        return;
    case Kind::LinkChanged:
        emit linkChanged(id);
        scheduleAnalysis();
        return;
    case Kind::LinkRemoved:
        emit linkRemoved(id);
        scheduleAnalysis();
        return;
    case Kind::ScenarioAdded:
    case Kind::ScenarioChanged:
    case Kind::ScenarioRemoved:
        return;

    case Kind::SiteAdded:
    case Kind::SiteChanged: {
        const model::Site* s = p.findSite(change.id);
        if (!s)
            return;
        const bool added = !m_sites.contains(id);
        const SiteView* old = site(id);
        const bool moveOnly = old && old->name == qs(s->name) && old->provider == s->provider &&
                              old->region == qs(s->region);
        m_sites.insert(id, makeSite(*s));
        if (added) {
            m_siteOrder.push_back(id);
            // Workloads and mappings may already name this id (loaded data with errors).
            emit siteAdded(id);
        } else {
            emit siteChanged(id);
        }
        if (!moveOnly)
            scheduleAnalysis();
        return;
    }
    case Kind::SiteRemoved:
        if (m_sites.remove(id)) {
            m_siteOrder.removeOne(id);
            emit siteRemoved(id);
            scheduleAnalysis();
        }
        return;

    case Kind::WorkloadAdded:
    case Kind::WorkloadChanged: {
        const model::Workload* w = p.findWorkload(change.id);
        if (!w)
            return;
        WorkloadView view = makeWorkload(*w);
        const WorkloadView* old = workload(id);
        const QString oldSite = old ? old->site : QString();
        const bool moveOnly = old && onlyPositionDiffers(*old, view);
        if (old && old->site != view.site)
            m_siteMembers[oldSite].remove(id);
        m_siteMembers[view.site].insert(id);
        m_workloads.insert(id, std::move(view));
        if (old)
            emit workloadChanged(id, oldSite);
        else
            emit workloadAdded(id);
        if (!moveOnly)
            scheduleAnalysis();
        return;
    }
    case Kind::WorkloadRemoved: {
        auto it = m_workloads.find(id);
        if (it == m_workloads.end())
            return;
        const QString oldSite = it->site;
        if (it->mapped)
            m_mappedTo[it->target].remove(id);
        m_siteMembers[oldSite].remove(id);
        m_workloads.erase(it);
        m_dependenciesOf.remove(id);
        emit workloadRemoved(id, oldSite);
        scheduleAnalysis();
        return;
    }

    case Kind::DependencyAdded:
    case Kind::DependencyChanged: {
        // The id is "from->to"; ids may themselves contain "->", so find the split that names
        // an existing dependency.
        for (qsizetype at = id.indexOf(QStringLiteral("->")); at >= 0;
             at = id.indexOf(QStringLiteral("->"), at + 1)) {
            const std::string from = id.left(at).toStdString();
            const std::string to = id.mid(at + 2).toStdString();
            if (const model::Dependency* d = p.findDependency(from, to)) {
                const bool added = !m_dependencies.contains(id);
                addDependency(qs(d->from), qs(d->to), d->trafficGbPerDay);
                if (added)
                    emit dependencyAdded(id);
                else
                    emit dependencyChanged(id);
                scheduleAnalysis();
                return;
            }
        }
        return;
    }
    case Kind::DependencyRemoved: {
        auto it = m_dependencies.find(id);
        if (it == m_dependencies.end())
            return;
        const DependencyView d = *it;
        m_dependencies.erase(it);
        m_dependenciesOf[d.from].remove(id);
        m_dependenciesOf[d.to].remove(id);
        emit dependencyRemoved(id, d.from, d.to);
        scheduleAnalysis();
        return;
    }

    case Kind::MappingAdded:
    case Kind::MappingChanged:
    case Kind::MappingRemoved: {
        auto it = m_workloads.find(id);
        if (it == m_workloads.end())
            return;
        const QString oldTarget = it->mapped ? it->target : QString();
        if (it->mapped)
            m_mappedTo[it->target].remove(id);
        readMapping(*it);
        if (it->mapped)
            m_mappedTo[it->target].insert(id);
        emit mappingChanged(id, oldTarget);
        scheduleAnalysis();
        return;
    }
    }
}

const PlanGraphModel::LiveState* PlanGraphModel::liveState(const QString& id) const {
    const auto it = m_live.constFind(id);
    return it == m_live.constEnd() ? nullptr : &*it;
}

void PlanGraphModel::setLiveState(const QString& id, const LiveState& state) {
    m_live.insert(id, state);
    emit liveStateChanged(id);
}

void PlanGraphModel::clearLiveStates() {
    const QStringList ids = m_live.keys();
    m_live.clear();
    for (const QString& id : ids)
        emit liveStateChanged(id);
}

} // namespace ferry::ui
