#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <ferry/model/Forecast.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>

namespace ferry::cli {
namespace {

struct ForecastOptions {
    PlanOptions plan;
    std::optional<int> runs;
    std::optional<std::uint64_t> seed;
    unsigned threads = 0;
};

/// Number of the plan's i-th wave (numbers can skip, e.g. before a pinned wave).
int waveNumber(const model::PlanOutcome& outcome, std::size_t i) {
    return i < outcome.plan.waves.size() ? outcome.plan.waves[i].number : static_cast<int>(i) + 1;
}

nlohmann::json percentilesJson(const model::Percentiles& p) {
    return {{"p10", p.p10}, {"p50", p.p50}, {"p90", p.p90}};
}

ExitStatus runForecast(CliContext& context, const ForecastOptions& options) {
    ExitStatus status = ExitStatus::Ok;
    auto outcome = runPlanCommand(context, options.plan, status);
    if (!outcome)
        return status;
    const int runs = options.runs.value_or(outcome->assumptions.forecastRuns);
    const std::uint64_t seed = options.seed.value_or(outcome->assumptions.forecastSeed);

    // The forecast prices with the same catalog the plan used, project overrides included.
    auto catalog = model::PricingCatalog::loadDefault();
    if (!catalog)
        return context.output.fail(ExitStatus::Usage, catalog.error());
    if (auto overridden = catalog->applyOverrides(outcome->data.info.priceOverrides); !overridden)
        return context.output.fail(ExitStatus::Usage, overridden.error());

    const model::ForecastResult result =
        model::Forecast::run(outcome->data, outcome->assumptions, outcome->plan, catalog.value(),
                             runs, seed, options.threads);
    const auto findings = planFindings(*outcome);
    const std::string& currency = outcome->cost.currency;

    if (context.output.json()) {
        nlohmann::json document = planHeader("forecast", options.plan, *outcome);
        nlohmann::json waves = nlohmann::json::array();
        for (std::size_t i = 0; i < result.waveEndHours.size(); ++i)
            waves.push_back({{"number", waveNumber(*outcome, i)},
                             {"end_hours", percentilesJson(result.waveEndHours[i])}});
        document["runs"] = result.runs;
        document["seed"] = result.seed;
        document["currency"] = currency;
        document["total_hours"] = percentilesJson(result.totalHours);
        document["one_time_cost"] = percentilesJson(result.oneTimeCost);
        document["waves"] = std::move(waves);
        document["findings"] = findingsToJson(findings);
        context.output.printJson(document);
        return planStatus(*outcome);
    }

    auto& out = context.output.out();
    TextTable table({"QUANTITY", "P10", "P50", "P90"});
    table.addRow({"duration", formatDuration(result.totalHours.p10),
                  formatDuration(result.totalHours.p50), formatDuration(result.totalHours.p90)});
    table.addRow({"one-time cost", formatMoney(result.oneTimeCost.p10, currency),
                  formatMoney(result.oneTimeCost.p50, currency),
                  formatMoney(result.oneTimeCost.p90, currency)});
    for (std::size_t i = 0; i < result.waveEndHours.size(); ++i) {
        const auto& end = result.waveEndHours[i];
        table.addRow({"wave " + std::to_string(waveNumber(*outcome, i)) + " end",
                      formatDuration(end.p10), formatDuration(end.p50), formatDuration(end.p90)});
    }
    table.print(out);
    out << "\n";
    printFindings(out, findings);
    out << result.runs << " runs, seed " << result.seed
        << "; times are hours after the plan start (" << outcome->assumptions.startDate << ")\n";
    if (!outcome->plan.feasible())
        out << "The plan is infeasible; fix the errors above (see ferry-cli plan).\n";
    return planStatus(*outcome);
}

} // namespace

void addForecastCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<ForecastOptions>();
    CLI::App& command = addCommand(
        app, context, "forecast",
        "Monte Carlo forecast of the plan: P10/P50/P90 of duration, cost and each wave's end",
        [&context, options] { return runForecast(context, *options); });
    command.add_option("PROJECT", options->plan.project, "Project file (.json or .ferry)")
        ->required();
    addScenarioOption(command, options->plan.scenario);
    command.add_option("--runs", options->runs, "Number of runs (default: forecast_runs)")
        ->check(CLI::Range(1, 1000000));
    command.add_option("--seed", options->seed, "Random seed (default: forecast_seed)");
    command.add_option("--threads", options->threads,
                       "Worker threads (default 0: one per core); never changes the result");
}

} // namespace ferry::cli
