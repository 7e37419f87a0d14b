#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace ferry::cli {
namespace {

ExitStatus runSimulate(CliContext& context, const PlanOptions& options) {
    ExitStatus status = ExitStatus::Ok;
    auto outcome = runPlanCommand(context, options, status);
    if (!outcome)
        return status;
    const model::Timeline& timeline = outcome->timeline;
    const auto findings = planFindings(*outcome);

    if (context.output.json()) {
        nlohmann::json document = planHeader("simulate", options, *outcome);
        nlohmann::json waves = nlohmann::json::array();
        for (const auto& wave : timeline.waves)
            waves.push_back({{"number", wave.number},
                             {"start_hours", wave.startHours},
                             {"cutover_end_hours", wave.cutoverEndHours}});
        nlohmann::json workloads = nlohmann::json::array();
        for (const auto& timing : timeline.workloads)
            workloads.push_back({{"workload", timing.workload},
                                 {"wave", timing.wave},
                                 {"link", timing.link},
                                 {"start_hours", timing.startHours},
                                 {"cutover_start_hours", timing.cutoverStartHours},
                                 {"cutover_end_hours", timing.cutoverEndHours},
                                 {"downtime_hours", timing.downtimeHours},
                                 {"gb_moved", timing.gbMoved},
                                 {"syncs", timing.syncs}});
        document["start_date"] = outcome->assumptions.startDate;
        document["total_hours"] = timeline.totalHours;
        document["total_days"] = timeline.totalHours / 24.0;
        document["waves"] = std::move(waves);
        document["workloads"] = std::move(workloads);
        document["findings"] = findingsToJson(findings);
        context.output.printJson(document);
        return planStatus(*outcome);
    }

    auto& out = context.output.out();
    TextTable table(
        {"WAVE", "WORKLOAD", "LINK", "START", "CUTOVER", "LIVE", "DOWNTIME", "GB MOVED", "SYNCS"});
    for (const auto& timing : timeline.workloads)
        table.addRow({std::to_string(timing.wave), timing.workload,
                      timing.link.empty() ? "-" : timing.link, formatDuration(timing.startHours),
                      formatDuration(timing.cutoverStartHours),
                      formatDuration(timing.cutoverEndHours), formatDuration(timing.downtimeHours),
                      formatNumber(timing.gbMoved, 1), std::to_string(timing.syncs)});
    table.print(out);
    out << "\n";
    TextTable waves({"WAVE", "START", "LAST CUTOVER END"});
    for (const auto& wave : timeline.waves)
        waves.addRow({std::to_string(wave.number), formatDuration(wave.startHours),
                      formatDuration(wave.cutoverEndHours)});
    waves.print(out);
    out << "\n";
    printFindings(out, findings);
    out << "Times are hours after the plan start (" << outcome->assumptions.startDate
        << " 00:00 UTC). Total duration: " << formatNumber(timeline.totalHours / 24.0, 1)
        << " days (" << formatNumber(timeline.totalHours, 1) << " hours)\n";
    if (!outcome->plan.feasible())
        out << "The plan is infeasible; fix the errors above (see ferry-cli plan).\n";
    return planStatus(*outcome);
}

} // namespace

void addSimulateCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<PlanOptions>();
    CLI::App& command =
        addCommand(app, context, "simulate",
                   "Simulate the plan's transfers and cutovers: a Gantt summary per workload",
                   [&context, options] { return runSimulate(context, *options); });
    command.add_option("PROJECT", options->project, "Project file (.json or .ferry)")->required();
    addScenarioOption(command, options->scenario);
}

} // namespace ferry::cli
