#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/ProjectListener.hpp>
#include <ferry/model/Result.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ferry::model {

/// The estate being migrated. Every edit is a request… function that either applies completely
/// and notifies listeners, or changes nothing and returns the reason.
class Project {
public:
    Project() = default;
    /// Wrap loaded data as it is (it may hold errors that validation reports).
    explicit Project(ProjectData data);
    Project(const Project&) = delete;
    Project& operator=(const Project&) = delete;

    /// All of the project's data.
    const ProjectData& data() const { return m_data; }
    const ProjectInfo& info() const { return m_data.info; }
    const std::vector<Site>& sites() const { return m_data.sites; }
    const std::vector<Link>& links() const { return m_data.links; }
    const std::vector<Workload>& workloads() const { return m_data.workloads; }
    const std::vector<Dependency>& dependencies() const { return m_data.dependencies; }
    const std::vector<Mapping>& mappings() const { return m_data.mappings; }
    const std::vector<Wave>& waves() const { return m_data.waves; }
    const std::vector<Scenario>& scenarios() const { return m_data.scenarios; }

    /// Look-ups by id; nullptr when absent. Pointers stay valid until the next edit.
    const Site* findSite(std::string_view id) const;
    const Link* findLink(std::string_view id) const;
    const Workload* findWorkload(std::string_view id) const;
    const Dependency* findDependency(std::string_view from, std::string_view to) const;
    const Mapping* findMapping(std::string_view workloadId) const;
    const Wave* findWave(std::string_view id) const;
    const Scenario* findScenario(std::string_view id) const;

    /// Replace everything (load, bulk import); listeners get one Reset.
    void reset(ProjectData data);
    /// Change name, description, currency, assumptions or price overrides.
    Result<void> requestSetInfo(ProjectInfo info);

    /// Add a site with a new id.
    Result<void> requestAddSite(Site site);
    /// Replace the site with the same id.
    Result<void> requestUpdateSite(Site site);
    /// Remove a site; refused while workloads, links or mappings refer to it.
    Result<void> requestRemoveSite(std::string_view id);

    /// Add a link between two existing sites.
    Result<void> requestAddLink(Link link);
    /// Replace the link with the same id.
    Result<void> requestUpdateLink(Link link);
    /// Remove a link.
    Result<void> requestRemoveLink(std::string_view id);

    /// Add a workload on an existing site.
    Result<void> requestAddWorkload(Workload workload);
    /// Replace the workload with the same id.
    Result<void> requestUpdateWorkload(Workload workload);
    /// Remove a workload together with its dependencies, its mapping and its wave membership.
    Result<void> requestRemoveWorkload(std::string_view id);
    /// Move a workload on the canvas (also used for drags, which the UI merges for undo).
    Result<void> requestMoveWorkload(std::string_view id, CanvasPosition position);
    /// Move a site on the canvas.
    Result<void> requestMoveSite(std::string_view id, CanvasPosition position);

    /// Add a dependency between two existing, different workloads.
    Result<void> requestAddDependency(Dependency dependency);
    /// Replace the dependency with the same from and to.
    Result<void> requestUpdateDependency(Dependency dependency);
    /// Remove the dependency from -> to.
    Result<void> requestRemoveDependency(std::string_view from, std::string_view to);

    /// Map a workload to a target site, adding or replacing its mapping.
    Result<void> requestSetMapping(Mapping mapping);
    /// Remove a workload's mapping.
    Result<void> requestRemoveMapping(std::string_view workloadId);

    /// Replace the saved wave plan; every listed workload must exist and appear once.
    Result<void> requestSetWaves(std::vector<Wave> waves);

    /// Add a scenario with a new id.
    Result<void> requestAddScenario(Scenario scenario);
    /// Replace the scenario with the same id.
    Result<void> requestUpdateScenario(Scenario scenario);
    /// Remove a scenario.
    Result<void> requestRemoveScenario(std::string_view id);

    /// Register a listener; the project does not own it. Remove it before it is destroyed.
    void addListener(ProjectListener* listener);
    /// Unregister a listener.
    void removeListener(ProjectListener* listener);

private:
    void rebuildIndexes();
    void notify(ProjectChange::Kind kind, std::string id);

    ProjectData m_data;
    std::unordered_map<std::string, std::size_t> m_siteIndex;
    std::unordered_map<std::string, std::size_t> m_linkIndex;
    std::unordered_map<std::string, std::size_t> m_workloadIndex;
    std::unordered_map<std::string, std::size_t> m_mappingIndex;
    std::vector<ProjectListener*> m_listeners;
};

} // namespace ferry::model
