#pragma once

#include <ferry/model/Forecast.hpp>
#include <ferry/model/Planner.hpp>
#include <ferry/model/Report.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::model {

/// What goes into a plan report besides the plan itself.
struct PlanReportOptions {
    std::string generatedOn;                ///< ISO date shown under the title ("" = none).
    std::optional<ForecastResult> forecast; ///< Monte Carlo forecast, when run.
    std::vector<ScenarioSummary> scenarios; ///< Baseline and scenarios side by side, if any.
};

/// The plan report a consultant hands over: summary, the estate as a diagram, waves with the
/// reason for every placement, the Gantt timeline, cost charts and tables, the forecast, the
/// assumptions, the price sources with their dates, and every finding. Deterministic.
ReportDocument buildPlanReport(const PlanOutcome& outcome, const PlanReportOptions& options);

/// The estate as a diagram: one column per site (sources left, targets right), workloads inside,
/// an arrow from each mapped workload to its target site. Large estates are shown per site.
Drawing estateDiagram(const ProjectData& data, double width = 495);
/// The canvas as the architect laid it out (sites, workload cards at their saved positions,
/// dependencies and mappings), scaled to the width and at most maxHeight tall; the same
/// geometry as the desktop canvas, drawn without Qt so ferry-cli reports show it too.
Drawing canvasDiagram(const ProjectData& data, double width = 495, double maxHeight = 620);

/// The hours from the plan start ([start, end) pairs) that fall in the assumptions' cutover
/// windows, in UTC, for shading a Gantt chart.
std::vector<std::pair<double, double>> cutoverWindowSpans(const PlanAssumptions& assumptions,
                                                          double totalHours);

/// "2027-01-04" plus a number of hours, as "2027-01-09" (the date part only).
std::string dateAfterHours(const std::string& isoStartDate, double hours);

} // namespace ferry::model
