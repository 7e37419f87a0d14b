#pragma once

#include <ferry/model/Assumptions.hpp>
#include <ferry/model/MovePlan.hpp>
#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <string>
#include <vector>

namespace ferry::model {

/// What a workload is doing in a Gantt bar.
enum class TransferPhase { FullCopy, IncrementalSync, Cutover };
/// Stable spelling: "full_copy", "incremental_sync", "cutover".
std::string_view toString(TransferPhase phase);

/// One bar of the Gantt chart; times are hours from the plan start.
struct GanttRow {
    std::string workload;                          ///< Workload id.
    int wave = 0;                                  ///< Its wave.
    TransferPhase phase = TransferPhase::FullCopy; ///< What happens.
    double startHours = 0; ///< Start, hours after PlanAssumptions::startDate.
    double endHours = 0;   ///< End.
    double gb = 0;         ///< Data moved in this bar.
};

/// Per-workload outcome of the simulation.
struct WorkloadTiming {
    std::string workload;           ///< Workload id.
    int wave = 0;                   ///< Its wave.
    std::string link;               ///< Narrowest link of its route ("" when same site).
    std::vector<std::string> route; ///< Link ids its data crossed, from the source side.
    double startHours = 0;          ///< Full copy start.
    double cutoverStartHours = 0;   ///< Downtime starts.
    double cutoverEndHours = 0;     ///< Live on the target.
    double downtimeHours = 0;       ///< Final delta / bandwidth + cutover overhead.
    double gbMoved = 0;             ///< Full copy + every incremental sync + final delta.
    int syncs = 0;                  ///< Incremental syncs before cutover.
};

/// A piece of constant link usage: [startHours, endHours) at mbps.
struct LinkUsage {
    double startHours = 0; ///< Start of the piece.
    double endHours = 0;   ///< End of the piece.
    double mbps = 0;       ///< Aggregate rate on the link.
};

/// When a wave starts and ends.
struct WaveTiming {
    int number = 0;             ///< Wave number.
    double startHours = 0;      ///< First transfer starts.
    double cutoverEndHours = 0; ///< Last member live on the target.
};

/// The simulated timeline of a plan.
struct Timeline {
    std::vector<GanttRow> rows;            ///< Gantt bars, by wave, workload, start.
    std::vector<WorkloadTiming> workloads; ///< One per planned workload.
    std::vector<WaveTiming> waves;         ///< One per wave.
    /// Per link id (in project order), piecewise-constant usage; never above capacity. A transfer
    /// routed over several links counts on each of them.
    std::vector<std::pair<std::string, std::vector<LinkUsage>>> linkUsage;
    std::vector<double> egressGbPerDay; ///< GB leaving source sites per day (once per byte).
    double totalHours = 0;              ///< Plan start to the last cutover end.
    std::vector<Finding> findings;      ///< e.g. a workload with no link to its target.
};

/// Inputs the forecast varies; 1.0 = nominal.
struct SimulationFactors {
    double linkEfficiency = 1.0; ///< Multiplies PlanAssumptions::linkEfficiency (capped at 1).
    double size = 1.0;           ///< Multiplies every workload size.
    double changeRate = 1.0;     ///< Multiplies every change rate.
};

/// Max-min fair (water-filling) shares of a link's capacity among flows with the given caps, in
/// the same order: no flow gets more than its cap, and what a capped flow leaves goes to the
/// others.
std::vector<double> maxMinFairShare(double capacityMbps, const std::vector<double>& capsMbps);

/// Discrete-event simulation of a wave plan: each transfer takes the planner's widest route (see
/// Routing), concurrent transfers share every link max-min fairly, capped by streams per workload
/// and link efficiency; full copy, incremental syncs, cutover in the cutover windows; link windows
/// respected on every hop.
class TimelineSimulator {
public:
    /// Simulate the plan; deterministic.
    static Timeline simulate(const ProjectData& data, const PlanAssumptions& assumptions,
                             const WavePlan& plan, const SimulationFactors& factors = {});
};

} // namespace ferry::model
