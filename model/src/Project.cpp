#include <ferry/model/Project.hpp>

#include "ValueChecks.hpp"

#include <algorithm>
#include <set>

namespace ferry::model {
namespace {

Error refused(std::string code, std::string message, std::string context) {
    return Error{"edit." + std::move(code), std::move(message), std::move(context)};
}

Error badValue(const std::string& what, const std::string& id, const detail::ValueProblem& p) {
    return refused("bad_value", p.field + " " + p.reason + "; enter a value in range.",
                   what + " '" + id + "'");
}

template <typename T, typename Pred> const T* findIn(const std::vector<T>& items, Pred pred) {
    auto it = std::find_if(items.begin(), items.end(), pred);
    return it == items.end() ? nullptr : &*it;
}

} // namespace

Project::Project(ProjectData data) : m_data(std::move(data)) { rebuildIndexes(); }

void Project::rebuildIndexes() {
    m_siteIndex.clear();
    m_linkIndex.clear();
    m_workloadIndex.clear();
    m_mappingIndex.clear();
    // First occurrence wins, so duplicates in loaded data stay reachable for validation.
    for (std::size_t i = 0; i < m_data.sites.size(); ++i)
        m_siteIndex.emplace(m_data.sites[i].id, i);
    for (std::size_t i = 0; i < m_data.links.size(); ++i)
        m_linkIndex.emplace(m_data.links[i].id, i);
    for (std::size_t i = 0; i < m_data.workloads.size(); ++i)
        m_workloadIndex.emplace(m_data.workloads[i].id, i);
    for (std::size_t i = 0; i < m_data.mappings.size(); ++i)
        m_mappingIndex.emplace(m_data.mappings[i].workload, i);
}

void Project::notify(ProjectChange::Kind kind, std::string id) {
    const ProjectChange change{kind, std::move(id)};
    // Copy: a listener may unregister itself while being notified.
    const auto listeners = m_listeners;
    for (ProjectListener* l : listeners) {
        l->projectChanged(change);
    }
}

void Project::addListener(ProjectListener* listener) {
    if (std::find(m_listeners.begin(), m_listeners.end(), listener) == m_listeners.end())
        m_listeners.push_back(listener);
}

void Project::removeListener(ProjectListener* listener) {
    std::erase(m_listeners, listener);
}

const Site* Project::findSite(std::string_view id) const {
    auto it = m_siteIndex.find(std::string(id));
    return it == m_siteIndex.end() ? nullptr : &m_data.sites[it->second];
}
const Link* Project::findLink(std::string_view id) const {
    auto it = m_linkIndex.find(std::string(id));
    return it == m_linkIndex.end() ? nullptr : &m_data.links[it->second];
}
const Workload* Project::findWorkload(std::string_view id) const {
    auto it = m_workloadIndex.find(std::string(id));
    return it == m_workloadIndex.end() ? nullptr : &m_data.workloads[it->second];
}
const Mapping* Project::findMapping(std::string_view workloadId) const {
    auto it = m_mappingIndex.find(std::string(workloadId));
    return it == m_mappingIndex.end() ? nullptr : &m_data.mappings[it->second];
}
const Dependency* Project::findDependency(std::string_view from, std::string_view to) const {
    return findIn(m_data.dependencies,
                  [&](const Dependency& d) { return d.from == from && d.to == to; });
}
const Wave* Project::findWave(std::string_view id) const {
    return findIn(m_data.waves, [&](const Wave& w) { return w.id == id; });
}
const Scenario* Project::findScenario(std::string_view id) const {
    return findIn(m_data.scenarios, [&](const Scenario& s) { return s.id == id; });
}

void Project::reset(ProjectData data) {
    m_data = std::move(data);
    rebuildIndexes();
    notify(ProjectChange::Kind::Reset, {});
}

Result<void> Project::requestSetInfo(ProjectInfo info) {
    if (info.name.empty())
        return refused("bad_value", "The project name is empty; give the project a name.", "project");
    if (!info.assumptions.is_object() || !info.priceOverrides.is_object())
        return refused("bad_value", "Assumptions and price overrides must be JSON objects.",
                       "project");
    m_data.info = std::move(info);
    notify(ProjectChange::Kind::InfoChanged, {});
    return success();
}

// ---- sites -------------------------------------------------------------------------------------

Result<void> Project::requestAddSite(Site site) {
    if (auto p = detail::checkId(site.id)) return badValue("site", site.id, *p);
    if (findSite(site.id))
        return refused("duplicate_id", "A site with this id already exists; choose another id.",
                       "site '" + site.id + "'");
    if (auto p = detail::checkSiteValues(site)) return badValue("site", site.id, *p);
    m_siteIndex.emplace(site.id, m_data.sites.size());
    m_data.sites.push_back(std::move(site));
    notify(ProjectChange::Kind::SiteAdded, m_data.sites.back().id);
    return success();
}

Result<void> Project::requestUpdateSite(Site site) {
    auto it = m_siteIndex.find(site.id);
    if (it == m_siteIndex.end())
        return refused("unknown_site", "There is no site with this id.", "site '" + site.id + "'");
    if (auto p = detail::checkSiteValues(site)) return badValue("site", site.id, *p);
    m_data.sites[it->second] = std::move(site);
    notify(ProjectChange::Kind::SiteChanged, m_data.sites[it->second].id);
    return success();
}

Result<void> Project::requestMoveSite(std::string_view id, CanvasPosition position) {
    auto it = m_siteIndex.find(std::string(id));
    if (it == m_siteIndex.end())
        return refused("unknown_site", "There is no site with this id.",
                       "site '" + std::string(id) + "'");
    m_data.sites[it->second].position = position;
    notify(ProjectChange::Kind::SiteChanged, std::string(id));
    return success();
}

Result<void> Project::requestRemoveSite(std::string_view id) {
    const std::string key(id);
    if (!findSite(key))
        return refused("unknown_site", "There is no site with this id.", "site '" + key + "'");
    for (const auto& w : m_data.workloads)
        if (w.site == key)
            return refused("in_use",
                           "Workload '" + w.id + "' runs on this site; move or delete it first.",
                           "site '" + key + "'");
    for (const auto& l : m_data.links)
        if (l.from == key || l.to == key)
            return refused("in_use", "Link '" + l.id + "' uses this site; delete it first.",
                           "site '" + key + "'");
    for (const auto& m : m_data.mappings)
        if (m.targetSite == key)
            return refused("in_use",
                           "Workload '" + m.workload + "' is mapped to this site; remap it first.",
                           "site '" + key + "'");
    std::erase_if(m_data.sites, [&](const Site& s) { return s.id == key; });
    rebuildIndexes();
    notify(ProjectChange::Kind::SiteRemoved, key);
    return success();
}

// ---- links -------------------------------------------------------------------------------------

Result<void> Project::requestAddLink(Link link) {
    if (auto p = detail::checkId(link.id)) return badValue("link", link.id, *p);
    if (findLink(link.id))
        return refused("duplicate_id", "A link with this id already exists; choose another id.",
                       "link '" + link.id + "'");
    if (!findSite(link.from) || !findSite(link.to))
        return refused("unknown_site",
                       "Link ends at an unknown site ('" + (findSite(link.from) ? link.to : link.from) +
                           "'); create the site first.",
                       "link '" + link.id + "'");
    if (link.from == link.to)
        return refused("self_link", "A link must join two different sites.",
                       "link '" + link.id + "'");
    if (auto p = detail::checkLinkValues(link)) return badValue("link", link.id, *p);
    m_linkIndex.emplace(link.id, m_data.links.size());
    m_data.links.push_back(std::move(link));
    notify(ProjectChange::Kind::LinkAdded, m_data.links.back().id);
    return success();
}

Result<void> Project::requestUpdateLink(Link link) {
    auto it = m_linkIndex.find(link.id);
    if (it == m_linkIndex.end())
        return refused("unknown_link", "There is no link with this id.", "link '" + link.id + "'");
    if (!findSite(link.from) || !findSite(link.to))
        return refused("unknown_site", "Link ends at an unknown site; create the site first.",
                       "link '" + link.id + "'");
    if (link.from == link.to)
        return refused("self_link", "A link must join two different sites.",
                       "link '" + link.id + "'");
    if (auto p = detail::checkLinkValues(link)) return badValue("link", link.id, *p);
    m_data.links[it->second] = std::move(link);
    notify(ProjectChange::Kind::LinkChanged, m_data.links[it->second].id);
    return success();
}

Result<void> Project::requestRemoveLink(std::string_view id) {
    const std::string key(id);
    if (!findLink(key))
        return refused("unknown_link", "There is no link with this id.", "link '" + key + "'");
    std::erase_if(m_data.links, [&](const Link& l) { return l.id == key; });
    rebuildIndexes();
    notify(ProjectChange::Kind::LinkRemoved, key);
    return success();
}

// ---- workloads ---------------------------------------------------------------------------------

Result<void> Project::requestAddWorkload(Workload workload) {
    if (auto p = detail::checkId(workload.id)) return badValue("workload", workload.id, *p);
    if (findWorkload(workload.id))
        return refused("duplicate_id",
                       "A workload with this id already exists; choose another id.",
                       "workload '" + workload.id + "'");
    if (!findSite(workload.site))
        return refused("unknown_site",
                       "Site '" + workload.site + "' does not exist; create it or pick another.",
                       "workload '" + workload.id + "'");
    if (auto p = detail::checkWorkloadValues(workload))
        return badValue("workload", workload.id, *p);
    m_workloadIndex.emplace(workload.id, m_data.workloads.size());
    m_data.workloads.push_back(std::move(workload));
    notify(ProjectChange::Kind::WorkloadAdded, m_data.workloads.back().id);
    return success();
}

Result<void> Project::requestUpdateWorkload(Workload workload) {
    auto it = m_workloadIndex.find(workload.id);
    if (it == m_workloadIndex.end())
        return refused("unknown_workload", "There is no workload with this id.",
                       "workload '" + workload.id + "'");
    if (!findSite(workload.site))
        return refused("unknown_site",
                       "Site '" + workload.site + "' does not exist; create it or pick another.",
                       "workload '" + workload.id + "'");
    if (auto p = detail::checkWorkloadValues(workload))
        return badValue("workload", workload.id, *p);
    m_data.workloads[it->second] = std::move(workload);
    notify(ProjectChange::Kind::WorkloadChanged, m_data.workloads[it->second].id);
    return success();
}

Result<void> Project::requestMoveWorkload(std::string_view id, CanvasPosition position) {
    auto it = m_workloadIndex.find(std::string(id));
    if (it == m_workloadIndex.end())
        return refused("unknown_workload", "There is no workload with this id.",
                       "workload '" + std::string(id) + "'");
    m_data.workloads[it->second].position = position;
    notify(ProjectChange::Kind::WorkloadChanged, std::string(id));
    return success();
}

Result<void> Project::requestRemoveWorkload(std::string_view id) {
    const std::string key(id);
    if (!findWorkload(key))
        return refused("unknown_workload", "There is no workload with this id.",
                       "workload '" + key + "'");
    // Dependents first, so listeners never see an edge to a missing node.
    std::vector<Dependency> gone;
    for (const auto& d : m_data.dependencies)
        if (d.from == key || d.to == key) gone.push_back(d);
    for (const auto& d : gone) {
        std::erase_if(m_data.dependencies,
                      [&](const Dependency& x) { return x.from == d.from && x.to == d.to; });
        notify(ProjectChange::Kind::DependencyRemoved, d.id());
    }
    if (findMapping(key)) {
        std::erase_if(m_data.mappings, [&](const Mapping& m) { return m.workload == key; });
        rebuildIndexes();
        notify(ProjectChange::Kind::MappingRemoved, key);
    }
    bool wavesChanged = false;
    for (auto& w : m_data.waves)
        wavesChanged |= std::erase(w.workloads, key) > 0;
    if (wavesChanged) notify(ProjectChange::Kind::WavesChanged, {});
    std::erase_if(m_data.workloads, [&](const Workload& w) { return w.id == key; });
    rebuildIndexes();
    notify(ProjectChange::Kind::WorkloadRemoved, key);
    return success();
}

// ---- dependencies ------------------------------------------------------------------------------

Result<void> Project::requestAddDependency(Dependency d) {
    const std::string ctx = "dependency '" + d.id() + "'";
    if (!findWorkload(d.from) || !findWorkload(d.to))
        return refused("unknown_workload",
                       "Workload '" + (findWorkload(d.from) ? d.to : d.from) +
                           "' does not exist; a dependency joins two existing workloads.",
                       ctx);
    if (d.from == d.to)
        return refused("self_dependency", "A workload cannot depend on itself.", ctx);
    if (findDependency(d.from, d.to))
        return refused("duplicate_id", "This dependency already exists.", ctx);
    if (auto p = detail::checkTraffic(d.trafficGbPerDay)) return badValue("dependency", d.id(), *p);
    m_data.dependencies.push_back(std::move(d));
    notify(ProjectChange::Kind::DependencyAdded, m_data.dependencies.back().id());
    return success();
}

Result<void> Project::requestUpdateDependency(Dependency d) {
    auto it = std::find_if(m_data.dependencies.begin(), m_data.dependencies.end(),
                           [&](const Dependency& x) { return x.from == d.from && x.to == d.to; });
    if (it == m_data.dependencies.end())
        return refused("unknown_dependency", "There is no such dependency.",
                       "dependency '" + d.id() + "'");
    if (auto p = detail::checkTraffic(d.trafficGbPerDay)) return badValue("dependency", d.id(), *p);
    *it = std::move(d);
    notify(ProjectChange::Kind::DependencyChanged, it->id());
    return success();
}

Result<void> Project::requestRemoveDependency(std::string_view from, std::string_view to) {
    const Dependency* d = findDependency(from, to);
    if (!d)
        return refused("unknown_dependency", "There is no such dependency.",
                       "dependency '" + std::string(from) + "->" + std::string(to) + "'");
    const std::string id = d->id();
    std::erase_if(m_data.dependencies,
                  [&](const Dependency& x) { return x.from == from && x.to == to; });
    notify(ProjectChange::Kind::DependencyRemoved, id);
    return success();
}

// ---- mappings ----------------------------------------------------------------------------------

Result<void> Project::requestSetMapping(Mapping m) {
    const std::string ctx = "mapping of '" + m.workload + "'";
    if (!findWorkload(m.workload))
        return refused("unknown_workload", "There is no workload with this id.", ctx);
    if (!findSite(m.targetSite))
        return refused("unknown_site",
                       "Target site '" + m.targetSite + "' does not exist; create it first.", ctx);
    if (m.pinnedWave && (*m.pinnedWave < 1 || *m.pinnedWave > 10000))
        return refused("bad_value", "The pinned wave must be between 1 and 10000.", ctx);
    auto it = m_mappingIndex.find(m.workload);
    if (it != m_mappingIndex.end()) {
        m_data.mappings[it->second] = std::move(m);
        notify(ProjectChange::Kind::MappingChanged, m_data.mappings[it->second].workload);
    } else {
        m_mappingIndex.emplace(m.workload, m_data.mappings.size());
        m_data.mappings.push_back(std::move(m));
        notify(ProjectChange::Kind::MappingAdded, m_data.mappings.back().workload);
    }
    return success();
}

Result<void> Project::requestRemoveMapping(std::string_view workloadId) {
    const std::string key(workloadId);
    if (!findMapping(key))
        return refused("unknown_mapping", "This workload has no mapping.",
                       "mapping of '" + key + "'");
    std::erase_if(m_data.mappings, [&](const Mapping& m) { return m.workload == key; });
    rebuildIndexes();
    notify(ProjectChange::Kind::MappingRemoved, key);
    return success();
}

// ---- waves and scenarios -----------------------------------------------------------------------

Result<void> Project::requestSetWaves(std::vector<Wave> waves) {
    std::set<std::string> ids;
    std::set<int> numbers;
    std::set<std::string> members;
    for (const auto& w : waves) {
        const std::string ctx = "wave '" + w.id + "'";
        if (auto p = detail::checkId(w.id)) return badValue("wave", w.id, *p);
        if (!ids.insert(w.id).second)
            return refused("duplicate_id", "Two waves share this id.", ctx);
        if (w.number < 1 || !numbers.insert(w.number).second)
            return refused("bad_value", "Wave numbers must be 1 or more and unique.", ctx);
        for (const auto& m : w.workloads) {
            if (!findWorkload(m))
                return refused("unknown_workload", "Workload '" + m + "' does not exist.", ctx);
            if (!members.insert(m).second)
                return refused("duplicate_member", "Workload '" + m + "' is in two waves.", ctx);
        }
    }
    m_data.waves = std::move(waves);
    notify(ProjectChange::Kind::WavesChanged, {});
    return success();
}

Result<void> Project::requestAddScenario(Scenario s) {
    if (auto p = detail::checkId(s.id)) return badValue("scenario", s.id, *p);
    if (findScenario(s.id))
        return refused("duplicate_id", "A scenario with this id already exists.",
                       "scenario '" + s.id + "'");
    if (!s.overrides.is_object())
        return refused("bad_value", "Scenario overrides must be a JSON object.",
                       "scenario '" + s.id + "'");
    m_data.scenarios.push_back(std::move(s));
    notify(ProjectChange::Kind::ScenarioAdded, m_data.scenarios.back().id);
    return success();
}

Result<void> Project::requestUpdateScenario(Scenario s) {
    auto it = std::find_if(m_data.scenarios.begin(), m_data.scenarios.end(),
                           [&](const Scenario& x) { return x.id == s.id; });
    if (it == m_data.scenarios.end())
        return refused("unknown_scenario", "There is no scenario with this id.",
                       "scenario '" + s.id + "'");
    if (!s.overrides.is_object())
        return refused("bad_value", "Scenario overrides must be a JSON object.",
                       "scenario '" + s.id + "'");
    *it = std::move(s);
    notify(ProjectChange::Kind::ScenarioChanged, it->id);
    return success();
}

Result<void> Project::requestRemoveScenario(std::string_view id) {
    const std::string key(id);
    if (!findScenario(key))
        return refused("unknown_scenario", "There is no scenario with this id.",
                       "scenario '" + key + "'");
    std::erase_if(m_data.scenarios, [&](const Scenario& s) { return s.id == key; });
    notify(ProjectChange::Kind::ScenarioRemoved, key);
    return success();
}

} // namespace ferry::model
