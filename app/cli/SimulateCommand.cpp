#include "CommandRegistry.hpp"
#include "PlanReport.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>

namespace ferry::cli {
namespace {

/// GB moved in one hour at one megabit per second (1 GB = 8,000 megabits).
constexpr double kGbPerMbpsHour = 3600.0 / 8000.0;

std::string joinRoute(const std::vector<std::string>& route) {
    std::string out;
    for (const std::string& link : route)
        out += (out.empty() ? "" : " > ") + link;
    return out.empty() ? "-" : out;
}

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
                                 {"route", timing.route},
                                 {"start_hours", timing.startHours},
                                 {"cutover_start_hours", timing.cutoverStartHours},
                                 {"cutover_end_hours", timing.cutoverEndHours},
                                 {"downtime_hours", timing.downtimeHours},
                                 {"gb_moved", timing.gbMoved},
                                 {"syncs", timing.syncs}});
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : timeline.rows)
            rows.push_back({{"workload", row.workload},
                            {"wave", row.wave},
                            {"phase", std::string(model::toString(row.phase))},
                            {"start_hours", row.startHours},
                            {"end_hours", row.endHours},
                            {"gb", row.gb}});
        nlohmann::json links = nlohmann::json::array();
        for (const auto& [link, pieces] : timeline.linkUsage) {
            nlohmann::json usage = nlohmann::json::array();
            for (const auto& piece : pieces)
                usage.push_back({{"start_hours", piece.startHours},
                                 {"end_hours", piece.endHours},
                                 {"mbps", piece.mbps}});
            links.push_back({{"link", link}, {"usage", std::move(usage)}});
        }
        document["start_date"] = outcome->assumptions.startDate;
        document["total_hours"] = timeline.totalHours;
        document["total_days"] = timeline.totalHours / 24.0;
        document["waves"] = std::move(waves);
        document["workloads"] = std::move(workloads);
        document["rows"] = std::move(rows);
        document["link_usage"] = std::move(links);
        document["egress_gb_per_day"] = timeline.egressGbPerDay;
        document["findings"] = findingsToJson(findings);
        context.output.printJson(document);
        return planStatus(*outcome);
    }

    auto& out = context.output.out();
    TextTable table(
        {"WAVE", "WORKLOAD", "ROUTE", "START", "CUTOVER", "LIVE", "DOWNTIME", "GB MOVED", "SYNCS"});
    for (const auto& timing : timeline.workloads)
        table.addRow({std::to_string(timing.wave), timing.workload, joinRoute(timing.route),
                      formatDuration(timing.startHours), formatDuration(timing.cutoverStartHours),
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

    // Link utilisation: how long each link carried migration traffic, at what peak, how much.
    TextTable links({"LINK", "MBPS", "BUSY", "PEAK MBPS", "AVERAGE MBPS", "GB CARRIED"});
    for (std::size_t i = 0; i < timeline.linkUsage.size(); ++i) {
        const auto& [link, pieces] = timeline.linkUsage[i];
        if (pieces.empty())
            continue;
        double busy = 0;
        double peak = 0;
        double gb = 0;
        for (const auto& piece : pieces) {
            busy += piece.endHours - piece.startHours;
            peak = std::max(peak, piece.mbps);
            gb += piece.mbps * kGbPerMbpsHour * (piece.endHours - piece.startHours);
        }
        const double capacity =
            i < outcome->data.links.size() ? outcome->data.links[i].bandwidthMbps : 0.0;
        links.addRow({link, formatNumber(capacity, 0), formatDuration(busy), formatNumber(peak, 0),
                      formatNumber(busy > 0 ? gb / (busy * kGbPerMbpsHour) : 0.0, 0),
                      formatNumber(gb, 1)});
    }
    links.print(out);
    out << "\n";
    if (!timeline.egressGbPerDay.empty()) {
        double total = 0;
        std::size_t peakDay = 0;
        for (std::size_t day = 0; day < timeline.egressGbPerDay.size(); ++day) {
            total += timeline.egressGbPerDay[day];
            if (timeline.egressGbPerDay[day] > timeline.egressGbPerDay[peakDay])
                peakDay = day;
        }
        out << "Egress: " << formatNumber(total, 1) << " GB leave the source sites over "
            << timeline.egressGbPerDay.size() << " days; the busiest is day " << peakDay + 1
            << " with " << formatNumber(timeline.egressGbPerDay[peakDay], 1)
            << " GB (per day in --json).\n\n";
    }
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
