#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <numeric>

namespace ferry::cli {
namespace {

nlohmann::json breakEvenJson(const std::optional<int>& month) {
    return month ? nlohmann::json(*month) : nlohmann::json(nullptr);
}

/// Workloads the text report lists one by one: the most expensive to move.
constexpr std::size_t kWorkloadsShown = 10;

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
        nlohmann::json workloads = nlohmann::json::array();
        for (const auto& workload : cost.workloads)
            workloads.push_back({{"workload", workload.workload},
                                 {"wave", workload.wave},
                                 {"one_time_total", workload.oneTimeTotal},
                                 {"one_time", workload.oneTime},
                                 {"monthly_before", workload.monthlyBefore},
                                 {"monthly_after", workload.monthlyAfter},
                                 {"target_pricing", workload.targetPricing}});
        document["workloads"] = std::move(workloads);
        document["cumulative_stay"] = cost.cumulativeStay;
        document["cumulative_migrate"] = cost.cumulativeMigrate;
        nlohmann::json sources = nlohmann::json::array();
        for (const auto& source : cost.sources)
            sources.push_back({{"provider", source.provider},
                               {"item", source.item},
                               {"url", source.url},
                               {"as_of", source.asOf}});
        document["sources"] = std::move(sources);
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

    // The workloads that cost most to move; --json lists every workload.
    std::vector<std::size_t> order(cost.workloads.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return cost.workloads[a].oneTimeTotal > cost.workloads[b].oneTimeTotal;
    });
    const std::size_t shown = std::min(order.size(), kWorkloadsShown);
    TextTable workloads({"WORKLOAD", "WAVE", "ONE-TIME", "PER MONTH BEFORE", "PER MONTH AFTER"});
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& w = cost.workloads[order[k]];
        workloads.addRow({w.workload, w.wave > 0 ? std::to_string(w.wave) : "-",
                          formatMoney(w.oneTimeTotal, currency),
                          formatMoney(w.monthlyBefore, currency),
                          formatMoney(w.monthlyAfter, currency)});
    }
    if (shown > 0) {
        out << "Most expensive to move (" << shown << " of " << order.size()
            << " workloads; all of them with --json):\n";
        workloads.print(out);
        out << "\n";
    }

    TextTable runRate({"RUN-RATE", "PER MONTH"});
    runRate.addRow({"before", formatMoney(cost.monthlyBefore, currency)});
    runRate.addRow({"after", formatMoney(cost.monthlyAfter, currency)});
    runRate.addRow({"change", formatMoney(cost.monthlyAfter - cost.monthlyBefore, currency)});
    runRate.print(out);
    out << "\n";
    printFindings(out, findings);
    if (!cost.cumulativeStay.empty())
        out << "Total cost of ownership over " << cost.horizonMonths << " months: staying "
            << formatMoney(cost.cumulativeStay.back(), currency) << ", migrating "
            << formatMoney(cost.cumulativeMigrate.back(), currency)
            << " (one-time cost included)\n";
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
