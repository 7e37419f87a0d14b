#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <memory>

namespace ferry::cli {
namespace {

ExitStatus runPlan(CliContext& context, const PlanOptions& options) {
    ExitStatus status = ExitStatus::Ok;
    auto outcome = runPlanCommand(context, options, status);
    if (!outcome)
        return status;
    const model::WavePlan& plan = outcome->plan;
    std::map<std::string, const model::Placement*> placementOf;
    for (const auto& placement : plan.placements)
        placementOf[placement.workload] = &placement;
    const auto findings = planFindings(*outcome);

    if (context.output.json()) {
        nlohmann::json document = planHeader("plan", options, *outcome);
        nlohmann::json waves = nlohmann::json::array();
        for (const auto& wave : plan.waves) {
            nlohmann::json members = nlohmann::json::array();
            for (const auto& id : wave.workloads) {
                const auto found = placementOf.find(id);
                members.push_back(
                    {{"workload", id},
                     {"reason", found == placementOf.end() ? "" : found->second->reason}});
            }
            waves.push_back({{"number", wave.number},
                             {"total_gb", wave.totalGb},
                             {"transfer_hours", wave.transferHours},
                             {"workloads", std::move(members)}});
        }
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& group : plan.moveGroups)
            groups.push_back(
                {{"id", group.id}, {"workloads", group.workloads}, {"cycle", group.cycle}});
        document["waves"] = std::move(waves);
        document["move_groups"] = std::move(groups);
        document["excluded"] = plan.excluded;
        document["findings"] = findingsToJson(findings);
        context.output.printJson(document);
        return planStatus(*outcome);
    }

    auto& out = context.output.out();
    TextTable table({"WAVE", "WORKLOAD", "GB", "REASON"});
    for (const auto& wave : plan.waves) {
        bool first = true;
        for (const auto& id : wave.workloads) {
            const auto found = placementOf.find(id);
            table.addRow({first ? std::to_string(wave.number) : "", id, "",
                          found == placementOf.end() ? "" : singleLine(found->second->reason)});
            first = false;
        }
        table.addRow({"", "(wave total)", formatNumber(wave.totalGb, 1),
                      std::to_string(wave.workloads.size()) + " workloads, nominal transfer " +
                          formatDuration(wave.transferHours)});
    }
    table.print(out);
    out << "\n";
    for (const auto& group : plan.moveGroups) {
        std::string members;
        for (const auto& id : group.workloads)
            members += (members.empty() ? "" : ", ") + id;
        out << "Move group " << group.id << " (dependency cycle): " << members << "\n";
    }
    if (!plan.excluded.empty())
        out << "Not moved (retired, retained or unmapped): " << plan.excluded.size()
            << " workloads\n";
    printFindings(out, findings);
    out << options.project << (outcome->scenario.empty() ? "" : " [" + outcome->scenario + "]")
        << ": " << plan.waves.size() << " waves, " << plan.placements.size() << " workloads placed"
        << (plan.feasible() ? "" : "; the plan is infeasible, fix the errors above") << "\n";
    return planStatus(*outcome);
}

} // namespace

void addPlanCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<PlanOptions>();
    CLI::App& command =
        addCommand(app, context, "plan",
                   "Work out dependency-safe migration waves; exits 1 when the plan is infeasible",
                   [&context, options] { return runPlan(context, *options); });
    command.add_option("PROJECT", options->project, "Project file (.json or .ferry)")->required();
    addScenarioOption(command, options->scenario);
}

} // namespace ferry::cli
