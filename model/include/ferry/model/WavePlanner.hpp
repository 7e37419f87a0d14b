#pragma once

#include <ferry/model/Assumptions.hpp>
#include <ferry/model/MovePlan.hpp>
#include <ferry/model/ProjectData.hpp>

#include <vector>

namespace ferry::model {

/// Strongly connected components and topological layers of the dependency graph.
class DependencyGraph {
public:
    /// Build from a project's workloads and dependencies (unknown ids are ignored).
    explicit DependencyGraph(const ProjectData& data);
    /// Groups of workloads on a dependency cycle (size > 1), each with one concrete cycle.
    const std::vector<MoveGroup>& moveGroups() const { return m_groups; }
    /// Layers of the condensed graph: layer 0 depends on nothing; each layer only on earlier ones.
    const std::vector<std::vector<std::string>>& layers() const { return m_layers; }

private:
    std::vector<MoveGroup> m_groups;
    std::vector<std::vector<std::string>> m_layers;
};

/// Works out dependency-safe migration waves: fewest waves first, then least cross-site
/// dependency traffic while the estate is split. Deterministic; every placement has a reason.
/// The rule for a dependency "a depends on b" (docs/wave-planning.md): b moves in the same wave
/// as a or an earlier one, never later; the same wave is forced by the policy same_wave, by auto
/// with traffic above chatty_traffic_gb_per_day, and by dependency cycles (move groups).
/// dependency_first keeps the earlier-or-same rule and never merges for traffic.
class WavePlanner {
public:
    /// Plan the project's mapped workloads (retire/retain and unmapped ones are excluded).
    /// Infeasible input gives error findings ("plan.*") next to a best-effort plan.
    static WavePlan plan(const ProjectData& data, const PlanAssumptions& assumptions);
};

} // namespace ferry::model
