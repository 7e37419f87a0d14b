#include <ferry/model/PlanReportBuilder.hpp>

#include <ferry/model/ReportCharts.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace ferry::model {

namespace {

constexpr Color kInk = Color::hex(0x1d2433);
constexpr Color kMuted = Color::hex(0x5b6b82);
constexpr Color kBorder = Color::hex(0x9aa7b8);
constexpr Color kSourceFill = Color::hex(0xf4f6fa);
constexpr Color kTargetFill = Color::hex(0xeaf2ff);
constexpr Color kFullCopy = Color::hex(0x2f6fd6);
constexpr Color kSync = Color::hex(0x76b7b2);
constexpr Color kCutover = Color::hex(0xe15759);

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

/// 12345.6 -> "12,345.60".
std::string grouped(double value, int decimals) {
    std::string digits = fixed(std::abs(value), decimals);
    const std::size_t point = digits.find('.');
    std::string whole = digits.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            out += ',';
        out += whole[i];
    }
    return (value < 0 && std::abs(value) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + out +
           fraction;
}

std::string money(double value, const std::string& currency) {
    return grouped(value, 2) + " " + currency;
}

/// Axis labels: 1,200 -> "1.2k".
std::string compact(double value) {
    const double a = std::abs(value);
    if (a >= 1e6)
        return fixed(value / 1e6, a >= 1e7 ? 0 : 1) + "M";
    if (a >= 1e3)
        return fixed(value / 1e3, a >= 1e4 ? 0 : 1) + "k";
    return fixed(value, a >= 10 || a == 0 ? 0 : 1);
}

std::string duration(double hours) {
    if (hours < 48)
        return fixed(hours, 1) + " h";
    return fixed(hours / 24, 1) + " d (" + fixed(hours, 0) + " h)";
}

std::string gb(double value) {
    if (value >= 1000)
        return fixed(value / 1000, value >= 10000 ? 1 : 2) + " TB";
    return fixed(value, value >= 100 ? 0 : 1) + " GB";
}

std::string categoryLabel(const std::string& category) {
    static const std::map<std::string, std::string> labels = {
        {kCostEgress, "Egress"},
        {kCostRequests, "Requests"},
        {kCostTransferService, "Transfer service"},
        {kCostDualRunning, "Dual running"},
        {kCostCrossSiteTraffic, "Cross-site traffic"}};
    const auto it = labels.find(category);
    return it == labels.end() ? category : it->second;
}

void heading(ReportDocument& doc, std::string text, int level = 1) {
    doc.blocks.emplace_back(ReportHeading{level, std::move(text)});
}

void paragraph(ReportDocument& doc, std::string text) {
    doc.blocks.emplace_back(ReportParagraph{std::move(text)});
}

void table(ReportDocument& doc, std::vector<std::string> header,
           std::vector<std::vector<std::string>> rows, std::vector<bool> numeric) {
    doc.blocks.emplace_back(ReportTable{std::move(header), std::move(rows), std::move(numeric)});
}

void figure(ReportDocument& doc, std::string caption, Drawing drawing) {
    doc.blocks.emplace_back(ReportFigure{std::move(caption), std::move(drawing)});
}

void arrow(Drawing& d, double x1, double y1, double x2, double y2, const Color& color) {
    d.shapes.push_back(DrawLine{x1, y1, x2 - 1, y2, color, 1.1});
    const double angle = std::atan2(y2 - y1, x2 - x1);
    const double size = 5;
    d.shapes.push_back(
        DrawPolyline{{{x2 - size * std::cos(angle - 0.45), y2 - size * std::sin(angle - 0.45)},
                      {x2, y2},
                      {x2 - size * std::cos(angle + 0.45), y2 - size * std::sin(angle + 0.45)}},
                     color,
                     1.1});
}

} // namespace

std::string dateAfterHours(const std::string& isoStartDate, double hours) {
    const auto start = parseIsoDate(isoStartDate);
    if (!start)
        return "+" + duration(hours);
    return isoDate(*start + std::chrono::days{static_cast<int>(std::floor(hours / 24.0))});
}

Drawing canvasDiagram(const ProjectData& data, double width, double maxHeight) {
    // Canvas geometry (ui/CanvasStyle): cards 220 x 48 centred on their position; a site is at
    // least 300 x 160 from its top-left corner and grows around its cards.
    constexpr double kCardW = 220, kCardH = 48, kHeader = 30, kPad = 16, kGap = 6;
    constexpr double kSiteMinW = 300, kSiteMinH = 160;
    struct Box {
        double x0, y0, x1, y1;
        void grow(const Box& b) {
            x0 = std::min(x0, b.x0), y0 = std::min(y0, b.y0);
            x1 = std::max(x1, b.x1), y1 = std::max(y1, b.y1);
        }
    };
    auto cardBox = [&](const Workload& w) {
        return Box{w.position.x - kCardW / 2, w.position.y - kCardH / 2, w.position.x + kCardW / 2,
                   w.position.y + kCardH / 2};
    };
    std::map<std::string, Box> siteBoxes;
    for (const Site& s : data.sites)
        siteBoxes[s.id] = Box{s.position.x, s.position.y, s.position.x + kSiteMinW,
                              s.position.y + kSiteMinH};
    for (const Workload& w : data.workloads)
        if (auto it = siteBoxes.find(w.site); it != siteBoxes.end()) {
            const Box card = cardBox(w);
            it->second.grow(
                Box{card.x0 - kPad, card.y0 - kHeader - kGap, card.x1 + kPad, card.y1 + kPad});
        }
    std::optional<Box> all;
    auto include = [&](const Box& b) {
        if (all)
            all->grow(b);
        else
            all = b;
    };
    for (const auto& [id, box] : siteBoxes)
        include(box);
    std::unordered_map<std::string, const Workload*> byId;
    for (const Workload& w : data.workloads) {
        include(cardBox(w));
        byId[w.id] = &w;
    }
    // Dependencies curve out to the left of the cards (see below): make room for them.
    auto bulge = [&](const Workload& a, const Workload& b) {
        return std::min(a.position.x, b.position.x) - kCardW / 2 - 12 -
               std::min(60.0, std::abs(b.position.y - a.position.y) * 0.12);
    };
    for (const Dependency& dep : data.dependencies)
        if (auto a = byId.find(dep.from), b = byId.find(dep.to);
            a != byId.end() && b != byId.end() && all)
            all->x0 = std::min(all->x0, bulge(*a->second, *b->second) - 2);
    Drawing d{width, 0, {}};
    if (!all)
        return d;
    const double scale =
        std::min(width / (all->x1 - all->x0), maxHeight / std::max(1.0, all->y1 - all->y0));
    const double offsetX = (width - (all->x1 - all->x0) * scale) / 2;
    auto X = [&](double x) { return offsetX + (x - all->x0) * scale; };
    auto Y = [&](double y) { return (y - all->y0) * scale; };
    d.height = (all->y1 - all->y0) * scale;
    const double font = std::clamp(11 * scale, 4.5, 9.0);

    std::set<std::string> sources;
    for (const Workload& w : data.workloads)
        sources.insert(w.site);
    for (const Site& s : data.sites) {
        const Box& b = siteBoxes[s.id];
        d.shapes.push_back(DrawRect{X(b.x0), Y(b.y0), (b.x1 - b.x0) * scale, (b.y1 - b.y0) * scale,
                                    sources.count(s.id) ? kSourceFill : kTargetFill, kBorder,
                                    0.8});
        d.shapes.push_back(
            DrawLine{X(b.x0), Y(b.y0 + kHeader), X(b.x1), Y(b.y0 + kHeader), kBorder, 0.5});
        std::string title = s.name.empty() ? s.id : s.name;
        title += " · " + std::string(toString(s.provider));
        d.shapes.push_back(DrawText{X(b.x0) + 4, Y(b.y0 + kHeader / 2) + font * 0.4,
                                    reportEllipsize(title, (b.x1 - b.x0) * scale - 8, font * 1.1),
                                    font * 1.1, kInk, TextAnchor::Start, true});
    }
    // Dependencies: grey curves between the cards' left edges, bulging left as on the canvas.
    for (const Dependency& dep : data.dependencies) {
        const auto a = byId.find(dep.from), b = byId.find(dep.to);
        if (a == byId.end() || b == byId.end())
            continue;
        const double x1 = a->second->position.x - kCardW / 2, y1 = a->second->position.y;
        const double x2 = b->second->position.x - kCardW / 2, y2 = b->second->position.y;
        const double cx = bulge(*a->second, *b->second), cy = (y1 + y2) / 2;
        DrawPolyline curve{{}, Color::hex(0x8c96a8), 0.5};
        for (int i = 0; i <= 16; ++i) {
            const double t = i / 16.0, u = 1 - t;
            curve.points.emplace_back(X(u * u * x1 + 2 * u * t * cx + t * t * x2),
                                      Y(u * u * y1 + 2 * u * t * cy + t * t * y2));
        }
        d.shapes.push_back(std::move(curve));
    }
    // Mappings: from the card's right edge to the middle of the target site's title band.
    for (const Mapping& m : data.mappings) {
        const auto w = byId.find(m.workload);
        const auto t = siteBoxes.find(m.targetSite);
        if (w == byId.end() || t == siteBoxes.end() || w->second->site == m.targetSite)
            continue;
        const Box& b = t->second;
        d.shapes.push_back(DrawLine{X(w->second->position.x + kCardW / 2),
                                    Y(w->second->position.y), X(b.x0), Y(b.y0 + kHeader / 2),
                                    Color::hex(0xe8a33d), 0.6, true});
    }
    for (const Workload& w : data.workloads) {
        const Box b = cardBox(w);
        d.shapes.push_back(DrawRect{X(b.x0), Y(b.y0), kCardW * scale, kCardH * scale,
                                    Color::hex(0xffffff), kBorder, 0.6});
        d.shapes.push_back(DrawRect{X(b.x0), Y(b.y0), 3 * scale + 1, kCardH * scale,
                                    Color::hex(0xe8a33d), std::nullopt, 0});
        const std::string label = w.name.empty() ? w.id : w.name;
        d.shapes.push_back(DrawText{X(b.x0) + 4 * scale + 3, Y(w.position.y) - font * 0.15,
                                    reportEllipsize(label, kCardW * scale - 8, font), font, kInk,
                                    TextAnchor::Start, true});
        std::string sub = std::string(toString(w.kind));
        if (w.sizeGb > 0)
            sub += " · " + gb(w.sizeGb);
        d.shapes.push_back(DrawText{X(b.x0) + 4 * scale + 3, Y(w.position.y) + font * 1.05,
                                    reportEllipsize(sub, kCardW * scale - 8, font * 0.85),
                                    font * 0.85, kMuted});
    }
    return d;
}

Drawing estateDiagram(const ProjectData& data, double width) {
    std::unordered_map<std::string, const Mapping*> mappingOf;
    for (const Mapping& m : data.mappings)
        mappingOf[m.workload] = &m;
    std::set<std::string> sourceSites, targetSites;
    for (const Workload& w : data.workloads)
        sourceSites.insert(w.site);
    for (const Mapping& m : data.mappings)
        targetSites.insert(m.targetSite);
    std::vector<const Site*> left, right;
    for (const Site& s : data.sites) {
        if (sourceSites.count(s.id))
            left.push_back(&s);
        else if (targetSites.count(s.id))
            right.push_back(&s);
    }
    const bool detailed = data.workloads.size() <= 48;
    constexpr double header = 28, row = 12.5, gap = 14;
    const double columnWidth = width * 0.36;
    const double rightX = width - columnWidth;
    Drawing d{width, 0, {}};

    // Rows listed per site: sources list their workloads, targets the workloads arriving.
    std::map<std::string, std::vector<const Workload*>> arriving;
    for (const Workload& w : data.workloads)
        if (auto it = mappingOf.find(w.id); it != mappingOf.end() &&
                                            it->second->strategy != Strategy::Retire &&
                                            it->second->strategy != Strategy::Retain)
            arriving[it->second->targetSite].push_back(&w);
    std::map<std::string, std::vector<const Workload*>> living;
    for (const Workload& w : data.workloads)
        living[w.site].push_back(&w);

    std::unordered_map<std::string, std::pair<double, double>> sourceRowY; // workload -> y
    std::unordered_map<std::string, double> targetRowY;                    // workload -> y
    std::unordered_map<std::string, std::pair<double, double>> siteBox;    // site -> top, bottom
    auto drawSite = [&](const Site& site, double x, double y, bool source) {
        const auto& list = source ? living[site.id] : arriving[site.id];
        const std::size_t rows = detailed ? list.size() : 1;
        const double height = header + rows * row + 6;
        d.shapes.push_back(
            DrawRect{x, y, columnWidth, height, source ? kSourceFill : kTargetFill, kBorder, 0.8});
        d.shapes.push_back(DrawText{x + 6, y + 12, reportEllipsize(site.name, columnWidth - 12, 9),
                                    9, kInk, TextAnchor::Start, true});
        std::string sub = std::string(toString(site.provider));
        if (!site.region.empty())
            sub += " · " + site.region;
        d.shapes.push_back(
            DrawText{x + 6, y + 23, reportEllipsize(sub, columnWidth - 12, 7.5), 7.5, kMuted});
        double rowY = y + header;
        if (detailed) {
            for (const Workload* w : list) {
                const std::string label = w->name.empty() ? w->id : w->name;
                const std::string size = w->sizeGb > 0 ? gb(w->sizeGb) : "";
                const double sizeWidth = reportTextWidth(size, 7.5);
                d.shapes.push_back(DrawText{x + 8, rowY + 9,
                                            reportEllipsize(label, columnWidth - 20 - sizeWidth, 8),
                                            8, kInk});
                if (!size.empty())
                    d.shapes.push_back(DrawText{x + columnWidth - 6, rowY + 9, size, 7.5, kMuted,
                                                TextAnchor::End});
                if (source)
                    sourceRowY[w->id] = {rowY + 5.5, 0};
                else
                    targetRowY[w->id] = rowY + 5.5;
                rowY += row;
            }
        } else {
            double total = 0;
            for (const Workload* w : list)
                total += w->sizeGb;
            d.shapes.push_back(DrawText{x + 8, rowY + 9,
                                        std::to_string(list.size()) +
                                            (source ? " workloads, " : " arriving, ") + gb(total),
                                        8, kInk});
        }
        siteBox[site.id] = {y, y + height};
        return height;
    };
    double y = 0;
    for (const Site* s : left)
        y += drawSite(*s, 0, y, true) + gap;
    double leftHeight = y;
    y = 0;
    for (const Site* s : right)
        y += drawSite(*s, rightX, y, false) + gap;
    // Sites that are both source and target: their arrivals are drawn in the left box rows only.
    d.height = std::max(leftHeight, y);

    if (detailed) {
        for (const Workload& w : data.workloads) {
            const auto m = mappingOf.find(w.id);
            if (m == mappingOf.end() || m->second->strategy == Strategy::Retire ||
                m->second->strategy == Strategy::Retain)
                continue;
            const auto from = sourceRowY.find(w.id);
            const auto to = targetRowY.find(w.id);
            if (from == sourceRowY.end())
                continue;
            if (to != targetRowY.end())
                arrow(d, columnWidth, from->second.first, rightX, to->second, Color::hex(0x5b8bd6));
        }
    } else {
        // One arrow per (source site, target site) pair with the number of workloads.
        std::map<std::pair<std::string, std::string>, int> pairs;
        for (const Workload& w : data.workloads)
            if (auto m = mappingOf.find(w.id); m != mappingOf.end() &&
                                               m->second->strategy != Strategy::Retire &&
                                               m->second->strategy != Strategy::Retain)
                ++pairs[{w.site, m->second->targetSite}];
        for (const auto& [key, count] : pairs) {
            const auto a = siteBox.find(key.first), b = siteBox.find(key.second);
            if (a == siteBox.end() || b == siteBox.end() || key.first == key.second)
                continue;
            const double y1 = (a->second.first + a->second.second) / 2;
            const double y2 = (b->second.first + b->second.second) / 2;
            arrow(d, columnWidth, y1, rightX, y2, Color::hex(0x5b8bd6));
            d.shapes.push_back(DrawText{(columnWidth + rightX) / 2, (y1 + y2) / 2 - 3,
                                        std::to_string(count), 8, kInk, TextAnchor::Middle, true});
        }
    }
    d.height = std::max(d.height - gap, 40.0);
    return d;
}

std::vector<std::pair<double, double>> cutoverWindowSpans(const PlanAssumptions& assumptions,
                                                          double totalHours) {
    std::vector<std::pair<double, double>> spans;
    if (assumptions.cutoverWindows.empty() || !(totalHours > 0))
        return spans;
    int startWeekday = 0; // 0 = Monday
    if (const auto start = parseIsoDate(assumptions.startDate))
        startWeekday = static_cast<int>(std::chrono::weekday{*start}.iso_encoding()) - 1;
    // Hour by hour: windows start and end on whole minutes, shown at the resolution of an hour.
    for (double h = 0; h < totalHours; h += 1) {
        const int weekday = (startWeekday + static_cast<int>(std::floor(h / 24))) % 7;
        const int minute = static_cast<int>(std::fmod(h, 24.0) * 60);
        bool inside = false;
        for (const TimeWindow& w : assumptions.cutoverWindows)
            inside = inside || (((w.days >> weekday) & 1) != 0 && minute >= w.startMinute &&
                                minute < w.endMinute);
        if (!inside)
            continue;
        if (!spans.empty() && std::abs(spans.back().second - h) < 1e-9)
            spans.back().second = h + 1;
        else
            spans.emplace_back(h, h + 1);
    }
    return spans;
}

ReportDocument buildPlanReport(const PlanOutcome& outcome, const PlanReportOptions& options) {
    const ProjectData& data = outcome.data;
    const CostReport& cost = outcome.cost;
    const Timeline& timeline = outcome.timeline;
    const std::string& currency = cost.currency;
    const std::string& start = outcome.assumptions.startDate;
    ReportDocument doc;
    doc.title = data.info.name + " - migration plan";
    doc.subtitle = outcome.scenario.empty() ? "Baseline" : "Scenario " + outcome.scenario;
    if (!options.generatedOn.empty())
        doc.subtitle += " · generated " + options.generatedOn;
    doc.subtitle += " · Ferry";

    std::unordered_map<std::string, const Workload*> workloadById;
    for (const Workload& w : data.workloads)
        workloadById[w.id] = &w;

    // --- Summary ---
    heading(doc, "Summary");
    std::size_t planned = outcome.plan.placements.size();
    double maxDowntime = 0, totalGb = 0;
    for (const WorkloadTiming& t : timeline.workloads) {
        maxDowntime = std::max(maxDowntime, t.downtimeHours);
        totalGb += t.gbMoved;
    }
    std::string summary = std::to_string(planned) + " of " + std::to_string(data.workloads.size()) +
                          " workloads move in " + std::to_string(outcome.plan.waves.size()) +
                          (outcome.plan.waves.size() == 1 ? " wave" : " waves") + ", starting " +
                          start + " and ending about " +
                          dateAfterHours(start, timeline.totalHours) + " (" +
                          duration(timeline.totalHours) + ").";
    if (!outcome.plan.feasible())
        summary += " The plan is NOT feasible as it stands: see the findings at the end.";
    paragraph(doc, summary);
    std::vector<std::vector<std::string>> keyFigures = {
        {"Workloads planned", std::to_string(planned)},
        {"Waves", std::to_string(outcome.plan.waves.size())},
        {"Data moved (copies, syncs and final deltas)", gb(totalGb)},
        {"Duration", duration(timeline.totalHours)},
        {"Longest downtime of one workload", duration(maxDowntime)},
        {"One-time migration cost", money(cost.oneTimeTotal, currency)},
        {"Run-rate per month before", money(cost.monthlyBefore, currency)},
        {"Run-rate per month after", money(cost.monthlyAfter, currency)},
        {"Break-even", cost.breakEvenMonth
                           ? "month " + std::to_string(*cost.breakEvenMonth)
                           : "not within " + std::to_string(cost.horizonMonths) + " months"}};
    if (options.forecast && options.forecast->runs > 0) {
        const ForecastResult& f = *options.forecast;
        keyFigures.push_back({"Duration P50 / P90 (forecast)",
                              duration(f.totalHours.p50) + " / " + duration(f.totalHours.p90)});
    }
    table(doc, {"Measure", "Value"}, std::move(keyFigures), {false, true});

    // --- Estate ---
    heading(doc, "The estate and where it goes");
    paragraph(doc, std::to_string(data.sites.size()) + " sites, " +
                       std::to_string(data.workloads.size()) + " workloads, " +
                       std::to_string(data.dependencies.size()) + " dependencies, " +
                       std::to_string(data.links.size()) + " network links.");
    figure(doc,
           "The canvas: sites with their workloads where the architect placed them, dependencies "
           "(grey) and mappings to target sites (orange, dashed).",
           canvasDiagram(data));
    figure(doc,
           "Each workload in its site today (left) and the target site it is mapped to (right).",
           estateDiagram(data));

    // --- Waves ---
    heading(doc, "Waves");
    paragraph(doc,
              "Every placement carries its reason. Move groups are dependency cycles that must "
              "move together; retired, retained and unmapped workloads are not moved.");
    for (const PlannedWave& wave : outcome.plan.waves) {
        heading(doc,
                "Wave " + std::to_string(wave.number) + ": " +
                    std::to_string(wave.workloads.size()) + " workloads, " + gb(wave.totalGb),
                2);
        std::vector<std::vector<std::string>> rows;
        for (const Placement& p : outcome.plan.placements)
            if (p.wave == wave.number) {
                const auto it = workloadById.find(p.workload);
                rows.push_back(
                    {p.workload, it != workloadById.end() ? gb(it->second->sizeGb) : "", p.reason});
            }
        table(doc, {"Workload", "Size", "Reason"}, std::move(rows), {false, true, false});
    }
    if (!outcome.plan.moveGroups.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const MoveGroup& g : outcome.plan.moveGroups) {
            std::string members, cycle;
            for (const auto& w : g.workloads)
                members += (members.empty() ? "" : ", ") + w;
            for (const auto& w : g.cycle)
                cycle += (cycle.empty() ? "" : " -> ") + w;
            rows.push_back({g.id, members, cycle});
        }
        heading(doc, "Move groups", 2);
        table(doc, {"Group", "Workloads", "Cycle"}, std::move(rows), {false, false, false});
    }
    if (!outcome.plan.excluded.empty()) {
        std::string excluded;
        for (const auto& w : outcome.plan.excluded)
            excluded += (excluded.empty() ? "" : ", ") + w;
        paragraph(doc, "Not moved: " + excluded + ".");
    }

    // --- Timeline ---
    heading(doc, "Timeline");
    paragraph(doc,
              "Simulated transfers: links are shared fairly between concurrent transfers; each "
              "workload is copied in full, kept in sync with incremental copies of its changes, "
              "then cut over. Shaded: the cutover windows of the assumptions.");
    std::vector<GanttChartRow> rows;
    std::map<std::string, std::size_t> rowOf;
    for (const GanttRow& g : timeline.rows) {
        auto [it, added] = rowOf.emplace(g.workload, rows.size());
        if (added)
            rows.push_back({g.workload, {}});
        const Color color = g.phase == TransferPhase::FullCopy          ? kFullCopy
                            : g.phase == TransferPhase::IncrementalSync ? kSync
                                                                        : kCutover;
        rows[it->second].bars.push_back({g.startHours, g.endHours, color});
    }
    const std::vector<std::pair<double, double>> shaded =
        cutoverWindowSpans(outcome.assumptions, timeline.totalHours);
    if (!rows.empty()) {
        const std::size_t shown = std::min<std::size_t>(rows.size(), 60);
        std::vector<GanttChartRow> first(rows.begin(), rows.begin() + static_cast<long>(shown));
        figure(doc,
               "Gantt chart from " + start +
                   (shown < rows.size() ? " (the first " + std::to_string(shown) + " of " +
                                              std::to_string(rows.size()) + " workloads)"
                                        : "") +
                   ".",
               ganttChart(
                   first, timeline.totalHours, shaded,
                   {{"Full copy", kFullCopy}, {"Incremental sync", kSync}, {"Cutover", kCutover}}));
    }
    {
        std::vector<std::vector<std::string>> waveRows;
        for (const WaveTiming& w : timeline.waves)
            waveRows.push_back({std::to_string(w.number), dateAfterHours(start, w.startHours),
                                dateAfterHours(start, w.cutoverEndHours),
                                duration(w.cutoverEndHours - w.startHours)});
        table(doc, {"Wave", "Starts", "Last cutover", "Length"}, std::move(waveRows),
              {true, false, false, true});
    }
    {
        std::vector<std::vector<std::string>> downtimeRows;
        for (const WorkloadTiming& t : timeline.workloads)
            downtimeRows.push_back(
                {t.workload, std::to_string(t.wave), t.link.empty() ? "-" : t.link, gb(t.gbMoved),
                 std::to_string(t.syncs), dateAfterHours(start, t.cutoverStartHours),
                 duration(t.downtimeHours)});
        heading(doc, "Cutover and downtime per workload", 2);
        table(doc, {"Workload", "Wave", "Link", "Moved", "Syncs", "Cutover", "Downtime"},
              std::move(downtimeRows), {false, true, false, true, true, false, true});
    }

    // --- Cost ---
    heading(doc, "Cost");
    paragraph(doc, "One-time migration cost " + money(cost.oneTimeTotal, currency) +
                       "; the monthly run-rate goes from " + money(cost.monthlyBefore, currency) +
                       " to " + money(cost.monthlyAfter, currency) + ". " +
                       (cost.breakEvenMonth ? "Migrating pays for itself in month " +
                                                  std::to_string(*cost.breakEvenMonth) + "."
                                            : "Migrating does not pay for itself within " +
                                                  std::to_string(cost.horizonMonths) + " months."));
    {
        std::vector<std::string> categories;
        for (const auto& [category, amount] : cost.oneTimeByCategory)
            categories.push_back(category);
        std::vector<std::string> waveLabels;
        for (const WaveCost& w : cost.waves)
            waveLabels.push_back("Wave " + std::to_string(w.number));
        std::vector<ChartSeries> series;
        for (std::size_t i = 0; i < categories.size(); ++i) {
            ChartSeries s{categoryLabel(categories[i]), chartColor(i), {}};
            for (const WaveCost& w : cost.waves) {
                const auto it = w.oneTime.find(categories[i]);
                s.values.push_back(it == w.oneTime.end() ? 0.0 : it->second);
            }
            series.push_back(std::move(s));
        }
        if (!waveLabels.empty())
            figure(doc, "One-time cost by wave and category (" + currency + ").",
                   stackedBarChart(waveLabels, series, compact));
        std::vector<std::vector<std::string>> rows;
        for (const auto& [category, amount] : cost.oneTimeByCategory)
            rows.push_back({categoryLabel(category), money(amount, currency)});
        rows.push_back({"Total", money(cost.oneTimeTotal, currency)});
        table(doc, {"Category", "One-time"}, std::move(rows), {false, true});
    }
    figure(doc, "Monthly run-rate before and after the migration (" + currency + ").",
           stackedBarChart({"Before", "After"},
                           {ChartSeries{"Run-rate per month",
                                        chartColor(0),
                                        {cost.monthlyBefore, cost.monthlyAfter}}},
                           compact, 495, 170));
    if (!cost.cumulativeStay.empty()) {
        std::vector<ChartMarker> markers;
        if (cost.breakEvenMonth)
            markers.push_back({static_cast<double>(*cost.breakEvenMonth),
                               "break-even: month " + std::to_string(*cost.breakEvenMonth),
                               Color::hex(0x1f8a5b)});
        figure(doc,
               "Cumulative cost of staying put and of migrating over " +
                   std::to_string(cost.horizonMonths) + " months (" + currency + ").",
               lineChart({ChartSeries{"Stay", chartColor(1), cost.cumulativeStay},
                          ChartSeries{"Migrate", chartColor(0), cost.cumulativeMigrate}},
                         "month", compact, markers));
    }
    if (!timeline.egressGbPerDay.empty()) {
        std::vector<std::string> days;
        for (std::size_t i = 0; i < timeline.egressGbPerDay.size(); ++i)
            days.push_back(std::to_string(i + 1));
        figure(doc, "Data leaving the source sites per day (GB), day 1 = " + start + ".",
               stackedBarChart(
                   days, {ChartSeries{"Egress GB per day", chartColor(2), timeline.egressGbPerDay}},
                   compact, 495, 170));
    }
    {
        std::vector<const WorkloadCost*> sorted;
        for (const WorkloadCost& w : cost.workloads)
            sorted.push_back(&w);
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
            return a->oneTimeTotal > b->oneTimeTotal;
        });
        std::vector<std::vector<std::string>> rows;
        for (const WorkloadCost* w : sorted)
            rows.push_back({w->workload, w->wave > 0 ? std::to_string(w->wave) : "-",
                            money(w->oneTimeTotal, currency), money(w->monthlyBefore, currency),
                            money(w->monthlyAfter, currency)});
        heading(doc, "Cost per workload", 2);
        table(doc, {"Workload", "Wave", "One-time", "Per month before", "Per month after"},
              std::move(rows), {false, true, true, true, true});
    }

    // --- Forecast ---
    if (options.forecast && options.forecast->runs > 0) {
        const ForecastResult& f = *options.forecast;
        heading(doc, "Forecast");
        paragraph(doc, std::to_string(f.runs) + " Monte Carlo runs (seed " +
                           std::to_string(f.seed) +
                           ") varying link efficiency, sizes and change rates. The plan takes " +
                           duration(f.totalHours.p50) + " in half of the runs and at most " +
                           duration(f.totalHours.p90) + " in nine out of ten.");
        const Color p = Color::hex(0xc0661a);
        figure(doc, "Total duration over the runs (days), with P10, P50 and P90.",
               histogramChart(f.totalHoursSamples.empty() ? std::vector<double>{}
                                                          : [&] {
                                                                std::vector<double> daysSamples;
                                                                for (double h : f.totalHoursSamples)
                                                                    daysSamples.push_back(h / 24);
                                                                return daysSamples;
                                                            }(),
                              30, "days",
                              [](double v) { return fixed(v, v >= 10 ? 0 : 1); },
                              {{f.totalHours.p10 / 24, "P10", p},
                               {f.totalHours.p50 / 24, "P50", p},
                               {f.totalHours.p90 / 24, "P90", p}}));
        std::vector<std::vector<std::string>> rows;
        for (std::size_t i = 0; i < f.waveEndHours.size(); ++i) {
            const int number = i < outcome.plan.waves.size() ? outcome.plan.waves[i].number
                                                             : static_cast<int>(i) + 1;
            rows.push_back({std::to_string(number), dateAfterHours(start, f.waveEndHours[i].p50),
                            dateAfterHours(start, f.waveEndHours[i].p90)});
        }
        table(doc, {"Wave", "Ends (P50)", "Ends (P90)"}, std::move(rows), {true, false, false});
        table(doc, {"Quantity", "P10", "P50", "P90"},
              {{"Duration", duration(f.totalHours.p10), duration(f.totalHours.p50),
                duration(f.totalHours.p90)},
               {"One-time cost", money(f.oneTimeCost.p10, currency),
                money(f.oneTimeCost.p50, currency), money(f.oneTimeCost.p90, currency)}},
              {false, true, true, true});
    }

    // --- Scenarios ---
    if (options.scenarios.size() > 1) {
        heading(doc, "Scenarios");
        std::vector<std::vector<std::string>> rows;
        for (const ScenarioSummary& s : options.scenarios)
            rows.push_back({s.name, std::to_string(s.waves), duration(s.totalHours),
                            duration(s.maxDowntimeHours), money(s.oneTimeCost, currency),
                            money(s.monthlyAfter, currency),
                            s.breakEvenMonth ? "month " + std::to_string(*s.breakEvenMonth) : "-"});
        table(doc,
              {"Scenario", "Waves", "Duration", "Longest downtime", "One-time", "Per month after",
               "Break-even"},
              std::move(rows), {false, true, true, true, true, true, false});
    }

    // --- Assumptions and prices ---
    heading(doc, "Assumptions");
    {
        std::vector<std::vector<std::string>> rows;
        const nlohmann::json assumptions = outcome.assumptions.toJson();
        for (auto it = assumptions.begin(); it != assumptions.end(); ++it) {
            std::string value;
            if (it->is_string()) {
                value = it->get<std::string>();
            } else if (it->is_object()) {
                for (auto field = it->begin(); field != it->end(); ++field)
                    value += (value.empty() ? "" : ", ") + field.key() + " " +
                             (field->is_string() ? field->get<std::string>() : field->dump());
            } else if (it->is_array()) {
                for (const auto& item : *it)
                    value += (value.empty() ? "" : "; ") +
                             (item.is_string() ? item.get<std::string>() : item.dump());
                if (value.empty())
                    value = "none";
            } else {
                value = it->dump();
            }
            rows.push_back({it.key(), value});
        }
        table(doc, {"Assumption", "Value"}, std::move(rows), {false, false});
    }
    heading(doc, "Price sources");
    paragraph(doc,
              "Public list prices from the pricing catalog, each with the date it was read; the "
              "project's own price overrides take precedence.");
    {
        std::vector<std::vector<std::string>> rows;
        for (const PriceSource& s : cost.sources)
            rows.push_back({s.provider, s.item, s.asOf, s.url});
        table(doc, {"Provider", "Price", "As of", "Source"}, std::move(rows),
              {false, false, false, false});
    }

    // --- Findings ---
    std::vector<Finding> findings = outcome.plan.findings;
    findings.insert(findings.end(), timeline.findings.begin(), timeline.findings.end());
    findings.insert(findings.end(), cost.findings.begin(), cost.findings.end());
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    heading(doc, "Findings");
    if (findings.empty()) {
        paragraph(doc, "The planner found nothing to report.");
    } else {
        std::vector<std::vector<std::string>> rows;
        for (const Finding& f : findings)
            rows.push_back({std::string(toString(f.severity)), f.code, f.objectId, f.message});
        table(doc, {"Severity", "Code", "Object", "Message"}, std::move(rows),
              {false, false, false, false});
    }
    return doc;
}

} // namespace ferry::model
