#pragma once

#include <ferry/model/CostModel.hpp>
#include <ferry/model/Forecast.hpp>
#include <ferry/model/WavePlanner.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry::model {

/// Everything the planner works out for one project and scenario.
struct PlanOutcome {
    std::string scenario;        ///< Scenario id ("" = the project as it is).
    ProjectData data;            ///< The project with the scenario applied.
    PlanAssumptions assumptions; ///< Parsed assumptions.
    WavePlan plan;               ///< Waves and reasons.
    Timeline timeline;           ///< Simulated schedule.
    CostReport cost;             ///< Money.
};

/// One column of a scenario comparison.
struct ScenarioSummary {
    std::string scenario;          ///< Scenario id ("" = baseline).
    std::string name;              ///< Display name ("Baseline" for the project as it is).
    int waves = 0;                 ///< Number of waves.
    double totalHours = 0;         ///< Duration.
    double totalDowntimeHours = 0; ///< Sum of downtime over workloads.
    double maxDowntimeHours = 0;   ///< Worst single downtime.
    double oneTimeCost = 0;        ///< One-time migration cost.
    double monthlyAfter = 0;       ///< Run-rate after.
    std::optional<int> breakEvenMonth; ///< Break-even.
    bool feasible = true;          ///< False when the plan has error findings.
};

/// Applies a scenario, parses assumptions, plans, simulates and prices; refuses bad scenarios or
/// assumptions with a precise error.
Result<PlanOutcome> runPlanner(const ProjectData& data, std::string_view scenarioId,
                               const PricingCatalog& catalog);

/// Baseline plus each scenario (all of the project's when ids is empty), side by side.
Result<std::vector<ScenarioSummary>> compareScenarios(const ProjectData& data,
                                                      const std::vector<std::string>& ids,
                                                      const PricingCatalog& catalog);

} // namespace ferry::model
