#pragma once

#include <ferry/model/Timeline.hpp>

#include <memory>

namespace ferry::model {

/// A simulation of one (data, assumptions, plan) prepared once: schedules, routes, lookups and
/// dependencies are built here, and each simulate() copies only the per-run state and applies the
/// factors. Gives the same timeline as TimelineSimulator::simulate. The inputs must outlive it;
/// simulate() may be called from several threads at once.
class PreparedTimeline {
public:
    /// Prepares the simulation of the plan.
    PreparedTimeline(const ProjectData& data, const PlanAssumptions& assumptions,
                     const WavePlan& plan);
    /// Releases the prepared state.
    ~PreparedTimeline();
    PreparedTimeline(const PreparedTimeline&) = delete;
    PreparedTimeline& operator=(const PreparedTimeline&) = delete;

    /// Simulate the plan with these factors; deterministic.
    Timeline simulate(const SimulationFactors& factors) const;

private:
    struct State;

    const ProjectData& m_data;
    const PlanAssumptions& m_assumptions;
    const WavePlan& m_plan;
    std::unique_ptr<State> m_state;
};

} // namespace ferry::model
