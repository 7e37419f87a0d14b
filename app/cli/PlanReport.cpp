#include "PlanReport.hpp"

#include "ProjectFiles.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ferry::cli {

std::optional<PlanInputs> loadPlanInputs(CliContext& context, const std::string& project,
                                         ExitStatus& status) {
    auto loaded = loadProject(project);
    if (!loaded) {
        status = context.output.fail(ExitStatus::Usage, loaded.error());
        return std::nullopt;
    }
    auto catalog = model::PricingCatalog::loadDefault();
    if (!catalog) {
        status = context.output.fail(ExitStatus::Usage, catalog.error());
        return std::nullopt;
    }
    return PlanInputs{std::move(loaded).value(), std::move(catalog).value()};
}

std::optional<model::PlanOutcome> runPlanCommand(CliContext& context, const PlanOptions& options,
                                                 ExitStatus& status) {
    auto inputs = loadPlanInputs(context, options.project, status);
    if (!inputs)
        return std::nullopt;
    auto outcome = model::runPlanner(inputs->data, options.scenario, inputs->catalog);
    if (!outcome) {
        status = context.output.fail(ExitStatus::Usage, outcome.error());
        return std::nullopt;
    }
    return std::move(outcome).value();
}

ExitStatus planStatus(const model::PlanOutcome& outcome) {
    return outcome.plan.feasible() ? ExitStatus::Ok : ExitStatus::Failed;
}

std::vector<model::Finding> planFindings(const model::PlanOutcome& outcome) {
    std::vector<model::Finding> findings = outcome.plan.findings;
    findings.insert(findings.end(), outcome.timeline.findings.begin(),
                    outcome.timeline.findings.end());
    findings.insert(findings.end(), outcome.cost.findings.begin(), outcome.cost.findings.end());
    std::stable_sort(
        findings.begin(), findings.end(),
        [](const model::Finding& a, const model::Finding& b) { return a.severity > b.severity; });
    return findings;
}

nlohmann::json findingsToJson(const std::vector<model::Finding>& findings) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& finding : findings)
        list.push_back({{"severity", model::toString(finding.severity)},
                        {"code", finding.code},
                        {"object", finding.objectId},
                        {"message", finding.message}});
    return list;
}

void printFindings(std::ostream& out, const std::vector<model::Finding>& findings) {
    if (findings.empty())
        return;
    TextTable table({"SEVERITY", "CODE", "OBJECT", "MESSAGE"});
    for (const auto& finding : findings)
        table.addRow({std::string(model::toString(finding.severity)), finding.code,
                      finding.objectId.empty() ? "-" : finding.objectId,
                      singleLine(finding.message)});
    table.print(out);
    out << "\n";
}

nlohmann::json planHeader(const char* command, const PlanOptions& options,
                          const model::PlanOutcome& outcome) {
    return {{"command", command},
            {"project", options.project},
            {"scenario", outcome.scenario},
            {"feasible", outcome.plan.feasible()}};
}

std::string formatNumber(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string formatDuration(double hours) {
    if (hours < 48.0)
        return formatNumber(hours, 1) + " h";
    return formatNumber(hours / 24.0, 1) + " d (" + formatNumber(hours, 1) + " h)";
}

std::string formatMoney(double amount, const std::string& currency) {
    std::string digits = formatNumber(std::fabs(amount), 2);
    const std::size_t point = digits.find('.');
    std::string grouped;
    for (std::size_t i = 0; i < point; ++i) {
        if (i > 0 && (point - i) % 3 == 0)
            grouped += ',';
        grouped += digits[i];
    }
    grouped += digits.substr(point);
    return (amount < 0 ? "-" : "") + grouped + " " + currency;
}

void addScenarioOption(CLI::App& command, std::string& scenario) {
    command.add_option("--scenario", scenario,
                       "Scenario id to apply before planning (default: the project as it is)");
}

} // namespace ferry::cli
