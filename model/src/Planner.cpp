#include <ferry/model/Planner.hpp>

#include <ferry/model/ScenarioApply.hpp>
#include <ferry/model/Timeline.hpp>

#include <algorithm>

namespace ferry::model {
namespace {

/// Prefix a scenario's name to an error's context so the user knows which variant failed.
Error inScenario(Error error, std::string_view scenarioId) {
    if (scenarioId.empty())
        return error;
    const std::string where = "scenario '" + std::string(scenarioId) + "'";
    error.context = error.context.empty() ? where : where + ": " + error.context;
    return error;
}

ScenarioSummary summarise(const PlanOutcome& outcome, std::string name) {
    ScenarioSummary summary;
    summary.scenario = outcome.scenario;
    summary.name = std::move(name);
    summary.waves = static_cast<int>(outcome.plan.waves.size());
    summary.totalHours = outcome.timeline.totalHours;
    for (const auto& timing : outcome.timeline.workloads) {
        summary.totalDowntimeHours += timing.downtimeHours;
        summary.maxDowntimeHours = std::max(summary.maxDowntimeHours, timing.downtimeHours);
    }
    summary.oneTimeCost = outcome.cost.oneTimeTotal;
    summary.monthlyAfter = outcome.cost.monthlyAfter;
    summary.breakEvenMonth = outcome.cost.breakEvenMonth;
    summary.feasible = outcome.plan.feasible();
    return summary;
}

} // namespace

Result<PlanOutcome> runPlanner(const ProjectData& data, std::string_view scenarioId,
                               const PricingCatalog& catalog) {
    auto applied = applyScenario(data, scenarioId);
    if (!applied) {
        // An unknown id is its own context; a refused override also needs the scenario's name.
        if (applied.error().code == "scenario.unknown")
            return applied.error();
        return inScenario(applied.error(), scenarioId);
    }

    PlanOutcome outcome;
    outcome.scenario = std::string(scenarioId);
    outcome.data = std::move(applied).value();

    auto assumptions = PlanAssumptions::fromJson(outcome.data.info.assumptions);
    if (!assumptions) {
        return inScenario(assumptions.error(), scenarioId);
    }
    outcome.assumptions = std::move(assumptions).value();

    PricingCatalog prices = catalog;
    if (auto overridden = prices.applyOverrides(outcome.data.info.priceOverrides); !overridden) {
        Error error = overridden.error();
        error.context =
            error.context.empty() ? "price_overrides" : "price_overrides: " + error.context;
        return inScenario(std::move(error), scenarioId);
    }

    outcome.plan = WavePlanner::plan(outcome.data, outcome.assumptions);
    outcome.timeline = TimelineSimulator::simulate(outcome.data, outcome.assumptions, outcome.plan);
    outcome.cost = CostModel::estimate(outcome.data, outcome.assumptions, outcome.plan,
                                       outcome.timeline, prices);
    return outcome;
}

Result<std::vector<ScenarioSummary>> compareScenarios(const ProjectData& data,
                                                      const std::vector<std::string>& ids,
                                                      const PricingCatalog& catalog) {
    std::vector<std::string> wanted = ids;
    if (wanted.empty())
        for (const auto& scenario : data.scenarios)
            wanted.push_back(scenario.id);

    std::vector<ScenarioSummary> summaries;
    summaries.reserve(wanted.size() + 1);
    auto baseline = runPlanner(data, "", catalog);
    if (!baseline)
        return baseline.error();
    summaries.push_back(summarise(baseline.value(), "Baseline"));
    for (const auto& id : wanted) {
        auto outcome = runPlanner(data, id, catalog);
        if (!outcome)
            return outcome.error();
        const auto scenario = std::find_if(data.scenarios.begin(), data.scenarios.end(),
                                           [&](const Scenario& s) { return s.id == id; });
        std::string name =
            scenario != data.scenarios.end() && !scenario->name.empty() ? scenario->name : id;
        summaries.push_back(summarise(outcome.value(), std::move(name)));
    }
    return summaries;
}

} // namespace ferry::model
