#include "CommandRegistry.hpp"
#include "ProjectFiles.hpp"
#include "RunConsole.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/RunJournal.hpp>
#include <ferry/engine/RunPlan.hpp>
#include <ferry/model/Planner.hpp>
#include <ferry/model/PricingCatalog.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace ferry::cli {
namespace {

struct RunProjectOptions {
    std::string project;
    int wave = 0;
    std::string workload;
    RunCommandOptions run;
};

/// The planner's view of the workloads a dry run would move: their whole data sets over the
/// project's links (with link windows and syncs) and the egress the cost model books for them.
void printPlannerEstimate(CliOutput& output, const model::ProjectData& data,
                          const engine::ProjectRunPlan& plan, const model::PricingCatalog& catalog,
                          bool jsonEvents) {
    auto outcome = model::runPlanner(data, "", catalog);
    if (!outcome)
        return;
    double hours = 0;
    double egress = 0;
    nlohmann::json workloads = nlohmann::json::array();
    for (const auto& pair : plan.pairs) {
        if (!pair.skipReason.empty())
            continue;
        double end = 0;
        double start = -1;
        for (const auto& w : outcome->timeline.workloads)
            if (w.workload == pair.workload) {
                start = w.startHours;
                end = w.cutoverEndHours;
            }
        double cost = 0;
        for (const auto& w : outcome->cost.workloads)
            if (w.workload == pair.workload)
                if (auto it = w.oneTime.find(model::kCostEgress); it != w.oneTime.end())
                    cost = it->second;
        if (start >= 0)
            hours = std::max(hours, end);
        egress += cost;
        workloads.push_back({{"workload", pair.workload},
                             {"start_hours", start},
                             {"cutover_end_hours", end},
                             {"egress_cost", cost}});
    }
    if (jsonEvents || output.json()) {
        if (jsonEvents)
            output.out() << nlohmann::json{{"event", "planner_estimate"},
                                           {"hours", hours},
                                           {"egress_cost", egress},
                                           {"currency", outcome->cost.currency},
                                           {"workloads", workloads}}
                                .dump()
                         << '\n';
        return; // --json carries the run's own estimate; the planner's is for people and events
    }
    char line[256];
    std::snprintf(line, sizeof line,
                  "Planner (whole workloads, link windows and syncs included): done after %.1f "
                  "hours, egress %.2f %s.\n",
                  hours, egress, outcome->cost.currency.c_str());
    output.out() << line;
}

ExitStatus runProject(CliContext& context, const RunProjectOptions& options) {
    auto& output = context.output;
    const std::filesystem::path projectPath(options.project);
    if (auto checked = checkInputFile(projectPath); !checked)
        return output.fail(ExitStatus::Usage, checked.error());
    auto runOptions = engineOptions(options.run);
    if (!runOptions)
        return output.fail(ExitStatus::Usage, runOptions.error());
    auto loaded = loadProject(projectPath);
    if (!loaded)
        return output.fail(ExitStatus::Usage, loaded.error());

    engine::ProjectRunSelection selection;
    if (options.wave > 0)
        selection.wave = options.wave;
    selection.workload = options.workload;
    auto plan = engine::planProjectRun(*loaded, selection);
    if (!plan)
        return output.fail(ExitStatus::Usage, plan.error());
    if (plan->pairs.empty())
        return output.fail(ExitStatus::Usage,
                           {"run.empty",
                            "no workload of this project has a source endpoint to copy; set "
                            "endpoints on the workloads and target endpoints on their mappings",
                            options.project});
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(projectPath, ec);
    runOptions->projectDir = (ec ? projectPath : absolute).parent_path().string();

    // Dry runs price egress with the catalog and the project's overrides, when they load.
    std::optional<model::PricingCatalog> catalog;
    if (runOptions->dryRun) {
        auto loadedCatalog = model::PricingCatalog::loadDefault();
        if (loadedCatalog) {
            catalog = std::move(*loadedCatalog);
            if (auto applied = catalog->applyOverrides(loaded->info.priceOverrides); !applied)
                catalog.reset();
        }
    }

    const auto registry = engine::ConnectorRegistry::withBuiltins();
    engine::RunContext runContext;
    runContext.registry = &registry;
    runContext.project = (ec ? projectPath : absolute).string();
    runContext.projectData = &*loaded;
    runContext.catalog = catalog ? &*catalog : nullptr;
    runContext.runId = engine::RunJournal::newRunId();
    runContext.journalPath =
        options.run.journal.empty()
            ? projectJournalFolder(projectPath) / (runContext.runId + ".journal")
            : std::filesystem::path(options.run.journal);
    auto run = engine::Run::create(plan->pairs, *runOptions, runContext);
    if (!run)
        return output.fail(ExitStatus::Usage, run.error());
    if (!output.json() && !options.run.jsonEvents) {
        output.out() << "Running " << options.project << " in the order of its " << plan->waveSource
                     << ".\n";
        for (const auto& note : plan->notes)
            output.out() << "  note: " << singleLine(note) << "\n";
        output.out().flush();
    }
    if (runOptions->dryRun && catalog)
        printPlannerEstimate(output, *loaded, *plan, *catalog, options.run.jsonEvents);
    return executeRun(context, **run, options.run, "run");
}

} // namespace

void addRunCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<RunProjectOptions>();
    CLI::App& command =
        addCommand(app, context, "run",
                   "Copy the data of a project's workloads to their mapped targets, wave by wave",
                   [&context, options] { return runProject(context, *options); });
    command.add_option("PROJECT", options->project, "Project file (.json or .ferry)")->required();
    command.add_option("--wave", options->wave, "Only this wave (1-based)")
        ->check(CLI::PositiveNumber);
    command.add_option("--workload", options->workload, "Only this workload (id)");
    addRunOptions(command, options->run);
}

} // namespace ferry::cli
