#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace ferry::cli {
namespace {

struct CompareOptions {
    std::string project;
    std::vector<std::string> scenarios;
};

ExitStatus runCompare(CliContext& context, const CompareOptions& options) {
    ExitStatus status = ExitStatus::Ok;
    auto inputs = loadPlanInputs(context, options.project, status);
    if (!inputs)
        return status;
    auto compared = model::compareScenarios(inputs->data, options.scenarios, inputs->catalog);
    if (!compared)
        return context.output.fail(ExitStatus::Usage, compared.error());
    const auto& columns = compared.value();
    bool allFeasible = true;
    for (const auto& column : columns)
        allFeasible = allFeasible && column.feasible;
    const std::string& currency = inputs->data.info.currency;

    if (context.output.json()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& column : columns)
            list.push_back(
                {{"scenario", column.scenario},
                 {"name", column.name},
                 {"feasible", column.feasible},
                 {"waves", column.waves},
                 {"total_hours", column.totalHours},
                 {"total_downtime_hours", column.totalDowntimeHours},
                 {"max_downtime_hours", column.maxDowntimeHours},
                 {"one_time_cost", column.oneTimeCost},
                 {"monthly_after", column.monthlyAfter},
                 {"break_even_month", column.breakEvenMonth ? nlohmann::json(*column.breakEvenMonth)
                                                            : nlohmann::json(nullptr)}});
        context.output.printJson({{"command", "compare"},
                                  {"project", options.project},
                                  {"currency", currency},
                                  {"feasible", allFeasible},
                                  {"scenarios", std::move(list)}});
        return allFeasible ? ExitStatus::Ok : ExitStatus::Failed;
    }

    std::vector<std::string> headings{""};
    for (const auto& column : columns)
        headings.push_back(column.name);
    TextTable table(headings);
    auto row = [&](std::string label, auto cell) {
        std::vector<std::string> cells{std::move(label)};
        for (const auto& column : columns)
            cells.push_back(cell(column));
        table.addRow(std::move(cells));
    };
    row("scenario id", [](const auto& c) { return c.scenario.empty() ? "-" : c.scenario; });
    row("feasible", [](const auto& c) { return std::string(c.feasible ? "yes" : "NO"); });
    row("waves", [](const auto& c) { return std::to_string(c.waves); });
    row("duration", [](const auto& c) { return formatDuration(c.totalHours); });
    row("total downtime", [](const auto& c) { return formatDuration(c.totalDowntimeHours); });
    row("worst downtime", [](const auto& c) { return formatDuration(c.maxDowntimeHours); });
    row("one-time cost", [&](const auto& c) { return formatMoney(c.oneTimeCost, currency); });
    row("monthly after", [&](const auto& c) { return formatMoney(c.monthlyAfter, currency); });
    row("break-even", [](const auto& c) {
        return c.breakEvenMonth ? "month " + std::to_string(*c.breakEvenMonth)
                                : std::string("none");
    });
    table.print(context.output.out());
    if (!allFeasible)
        context.output.out() << "\nSome plans are infeasible; run ferry-cli plan --scenario ID "
                                "to see why.\n";
    return allFeasible ? ExitStatus::Ok : ExitStatus::Failed;
}

} // namespace

void addCompareCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<CompareOptions>();
    CLI::App& command = addCommand(
        app, context, "compare",
        "Compare the baseline with scenarios side by side (all of them when none is named)",
        [&context, options] { return runCompare(context, *options); });
    command.add_option("PROJECT", options->project, "Project file (.json or .ferry)")->required();
    command.add_option("--scenario", options->scenarios,
                       "Scenario id to compare; repeat for several (default: every scenario)");
}

} // namespace ferry::cli
