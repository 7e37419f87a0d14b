#include "CommandRegistry.hpp"
#include "PlanReport.hpp"
#include "ProjectFiles.hpp"

#include <ferry/model/PlanReportBuilder.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <optional>

namespace ferry::cli {
namespace {

struct ReportOptions {
    PlanOptions plan;
    std::string output;
    std::optional<int> runs;
    std::optional<std::uint64_t> seed;
    bool force = false;
};

ExitStatus runReport(CliContext& context, const ReportOptions& options) {
    const std::filesystem::path output = options.output;
    if (auto checked = checkReportOutput(output, options.force); !checked)
        return context.output.fail(ExitStatus::Usage, checked.error());
    ExitStatus status = ExitStatus::Ok;
    auto outcome = runPlanCommand(context, options.plan, status);
    if (!outcome)
        return status;

    model::PlanReportOptions reportOptions;
    reportOptions.generatedOn = reportDate();
    const int runs = options.runs.value_or(outcome->assumptions.forecastRuns);
    if (runs > 0) {
        auto catalog = model::PricingCatalog::loadDefault();
        if (!catalog)
            return context.output.fail(ExitStatus::Usage, catalog.error());
        if (auto overridden = catalog->applyOverrides(outcome->data.info.priceOverrides);
            !overridden)
            return context.output.fail(ExitStatus::Usage, overridden.error());
        reportOptions.forecast = model::Forecast::run(
            outcome->data, outcome->assumptions, outcome->plan, catalog.value(), runs,
            options.seed.value_or(outcome->assumptions.forecastSeed));
        if (!outcome->data.scenarios.empty()) {
            auto compared = model::compareScenarios(outcome->data, {}, catalog.value());
            if (compared)
                reportOptions.scenarios = std::move(compared.value());
        }
    }
    const model::ReportDocument document = model::buildPlanReport(*outcome, reportOptions);
    if (auto written = model::writeReportFile(document, output); !written)
        return context.output.fail(ExitStatus::Failed, written.error());

    std::error_code ec;
    if (context.output.json()) {
        nlohmann::json result = planHeader("report", options.plan, *outcome);
        result["output"] = output.string();
        result["bytes"] = std::filesystem::file_size(output, ec);
        result["forecast_runs"] = runs;
        context.output.printJson(result);
    } else {
        context.output.out() << "Wrote the plan report to " << output.string() << " ("
                             << std::filesystem::file_size(output, ec) / 1024 << " KiB"
                             << (runs > 0 ? ", forecast of " + std::to_string(runs) + " runs" : "")
                             << ")\n";
        if (!outcome->plan.feasible())
            context.output.out() << "The plan is infeasible; the report lists why.\n";
    }
    return planStatus(*outcome);
}

} // namespace

void addReportCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<ReportOptions>();
    CLI::App& command = addCommand(app, context, "report",
                                   "Write the plan report (summary, estate, waves, Gantt, costs, "
                                   "forecast, prices) as HTML or PDF",
                                   [&context, options] { return runReport(context, *options); });
    command.add_option("PROJECT", options->plan.project, "Project file (.json or .ferry)")
        ->required();
    command
        .add_option("-o,--output", options->output, "Report file to write: name.html or name.pdf")
        ->required();
    addScenarioOption(command, options->plan.scenario);
    command
        .add_option("--runs", options->runs,
                    "Forecast runs (default: forecast_runs; 0 leaves the forecast out)")
        ->check(CLI::Range(0, 1000000));
    command.add_option("--seed", options->seed, "Forecast seed (default: forecast_seed)");
    command.add_flag("--force", options->force, "Replace the output file if it exists");
}

} // namespace ferry::cli
