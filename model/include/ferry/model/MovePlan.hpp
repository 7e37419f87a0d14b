#pragma once

#include <ferry/model/Validator.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace ferry::model {

/// Workloads that must move together because their dependencies form a cycle.
struct MoveGroup {
    std::string id;                     ///< "group-1", ... in a deterministic order.
    std::vector<std::string> workloads; ///< Members, sorted.
    std::vector<std::string> cycle;     ///< A cycle that forced it: w1, w2, ..., w1.
};

/// Where one workload goes in the plan and why.
struct Placement {
    std::string workload; ///< Workload id.
    int wave = 0;         ///< 1-based wave number.
    std::string reason;   ///< e.g. "wave 3: depends on orders-db (wave 2)".
};

/// One wave of the plan.
struct PlannedWave {
    int number = 1;                     ///< 1-based.
    std::vector<std::string> workloads; ///< Members in a deterministic order.
    double totalGb = 0.0;               ///< Sum of member sizes.
    double transferHours = 0.0;         ///< Nominal full-copy time of the wave on its links.
};

/// The result of wave planning: waves, reasons, move groups and what made it hard.
struct WavePlan {
    std::vector<PlannedWave> waves;     ///< In execution order.
    std::vector<Placement> placements;  ///< One per planned workload, in wave then id order.
    std::vector<MoveGroup> moveGroups;  ///< Cycles collapsed into groups.
    std::vector<std::vector<std::string>> layers; ///< Topological layers of the condensed graph.
    std::vector<std::string> excluded;  ///< Retired, retained or unmapped workloads, not moved.
    std::vector<Finding> findings;      ///< Infeasibilities ("plan.*"), errors block a plan.
    double splitTrafficGbPerDayWaves = 0.0; ///< Sum over waves of cross-site dependency traffic.
    /// True when no finding is an error.
    bool feasible() const;
    /// Wave number of a workload, or 0 when it is not planned. Scans the placements.
    int waveOf(const std::string& workloadId) const;
    /// Wave number of every planned workload by id, for many look-ups.
    std::unordered_map<std::string, int> waveByWorkload() const;
};

} // namespace ferry::model
