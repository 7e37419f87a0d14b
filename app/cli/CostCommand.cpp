#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace ferry::cli {
namespace {

nlohmann::json breakEvenJson(const std::optional<int>& month) {
    return month ? nlohmann::json(*month) : nlohmann::json(nullptr);
}

ExitStatus runCost(CliContext& context, const PlanOptions& options) {
    ExitStatus status = ExitStatus::Ok;
    auto outcome = runPlanCommand(context, options, status);
    if (!outcome)
        return status;
    const model::CostReport& cost = outcome->cost;
    const auto findings = planFindings(*outcome);

    if (context.output.json()) {
        nlohmann::json document = planHeader("cost", options, *outcome);
        nlohmann::json waves = nlohmann::json::array();
        for (const auto& wave : cost.waves)
            waves.push_back({{"number", wave.number},
                             {"one_time_total", wave.oneTimeTotal},
                             {"one_time", wave.oneTime}});
        document["currency"] = cost.currency;
        document["one_time_total"] = cost.oneTimeTotal;
        document["one_time_by_category"] = cost.oneTimeByCategory;
        document["waves"] = std::move(waves);
        document["monthly_before"] = cost.monthlyBefore;
        document["monthly_after"] = cost.monthlyAfter;
        document["horizon_months"] = cost.horizonMonths;
        document["break_even_month"] = breakEvenJson(cost.breakEvenMonth);
        document["findings"] = findingsToJson(findings);
        context.output.printJson(document);
        return planStatus(*outcome);
    }

    auto& out = context.output.out();
    const std::string& currency = cost.currency;
    TextTable categories({"CATEGORY", "ONE-TIME"});
    for (const auto& [category, amount] : cost.oneTimeByCategory)
        categories.addRow({category, formatMoney(amount, currency)});
    categories.addRow({"total", formatMoney(cost.oneTimeTotal, currency)});
    categories.print(out);
    out << "\n";

    TextTable waves({"WAVE", "ONE-TIME", "LARGEST CATEGORY"});
    for (const auto& wave : cost.waves) {
        std::string largest;
        double largestAmount = -1;
        for (const auto& [category, amount] : wave.oneTime)
            if (amount > largestAmount) {
                largest = category;
                largestAmount = amount;
            }
        waves.addRow({std::to_string(wave.number), formatMoney(wave.oneTimeTotal, currency),
                      largest.empty() ? "-" : largest});
    }
    waves.print(out);
    out << "\n";

    TextTable runRate({"RUN-RATE", "PER MONTH"});
    runRate.addRow({"before", formatMoney(cost.monthlyBefore, currency)});
    runRate.addRow({"after", formatMoney(cost.monthlyAfter, currency)});
    runRate.addRow({"change", formatMoney(cost.monthlyAfter - cost.monthlyBefore, currency)});
    runRate.print(out);
    out << "\n";
    printFindings(out, findings);
    out << "Break-even: "
        << (cost.breakEvenMonth ? "month " + std::to_string(*cost.breakEvenMonth)
                                : "not within " + std::to_string(cost.horizonMonths) + " months")
        << "\n";
    if (!outcome->plan.feasible())
        out << "The plan is infeasible; fix the errors above (see ferry-cli plan).\n";
    return planStatus(*outcome);
}

} // namespace

void addCostCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<PlanOptions>();
    CLI::App& command =
        addCommand(app, context, "cost",
                   "Price the plan: one-time cost by category and wave, run-rates, break-even",
                   [&context, options] { return runCost(context, *options); });
    command.add_option("PROJECT", options->project, "Project file (.json or .ferry)")->required();
    addScenarioOption(command, options->scenario);
}

} // namespace ferry::cli
