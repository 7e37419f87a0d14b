#pragma once

#include "CliContext.hpp"

#include <ferry/model/Planner.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

/// What plan, cost, simulate and forecast share on their command line.
struct PlanOptions {
    std::string project;  ///< Project file (.json or .ferry).
    std::string scenario; ///< Scenario id; empty = the project as it is.
};

/// A project loaded with the pricing catalog, ready to plan.
struct PlanInputs {
    model::ProjectData data;       ///< The project as saved.
    model::PricingCatalog catalog; ///< Default catalog (project overrides not yet applied).
};

/// Load the project and the pricing catalog; on failure reports the error (exit 2) and sets status.
std::optional<PlanInputs> loadPlanInputs(CliContext& context, const std::string& project,
                                         ExitStatus& status);
/// Load, apply the scenario and plan; on failure reports the error (exit 2) and sets status.
std::optional<model::PlanOutcome> runPlanCommand(CliContext& context, const PlanOptions& options,
                                                 ExitStatus& status);
/// Ok for a feasible plan, Failed (1) when the plan has error findings.
ExitStatus planStatus(const model::PlanOutcome& outcome);
/// Every finding of plan, timeline and cost, errors first.
std::vector<model::Finding> planFindings(const model::PlanOutcome& outcome);
/// Findings as a JSON array of {severity, code, object, message}.
nlohmann::json findingsToJson(const std::vector<model::Finding>& findings);
/// Print findings as a table (nothing when empty), followed by a blank line.
void printFindings(std::ostream& out, const std::vector<model::Finding>& findings);
/// The fields every planner command's JSON starts with: command, project, scenario, feasible.
nlohmann::json planHeader(const char* command, const PlanOptions& options,
                          const model::PlanOutcome& outcome);
/// Hours as "12.5 h" below two days, else "3.2 d (76.8 h)".
std::string formatDuration(double hours);
/// A number with a fixed count of decimals.
std::string formatNumber(double value, int decimals);
/// An amount of money, e.g. "12,345.67 USD".
std::string formatMoney(double amount, const std::string& currency);
/// Add --scenario NAME to a planner command.
void addScenarioOption(CLI::App& command, std::string& scenario);

} // namespace ferry::cli
