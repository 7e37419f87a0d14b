#include <ferry/model/ReportCharts.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace ferry::model {

namespace {

constexpr Color kAxis = Color::hex(0x5b6b82);
constexpr Color kGrid = Color::hex(0xe3e8ef);
constexpr Color kLabel = Color::hex(0x1d2433);
constexpr double kFont = 8;

/// A "nice" tick step (1, 2 or 5 times a power of ten) for about `count` ticks over range.
double niceStep(double range, int count) {
    if (!(range > 0))
        return 1;
    const double raw = range / count;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/// Legend entries in one row at the top; returns the height used.
double legend(Drawing& d, const std::vector<std::pair<std::string, Color>>& entries, double x,
              double y) {
    for (const auto& [name, color] : entries) {
        d.shapes.push_back(DrawRect{x, y - 7, 9, 9, color, std::nullopt, 0});
        d.shapes.push_back(DrawText{x + 12, y, name, kFont, kLabel});
        x += 12 + reportTextWidth(name, kFont) + 14;
    }
    return 16;
}

struct YAxis {
    double max = 1;
    double step = 1;
    double left = 0; // plot area left edge
};

YAxis yAxis(double maxValue, const ChartFormat& format) {
    YAxis axis;
    axis.step = niceStep(maxValue > 0 ? maxValue : 1, 5);
    axis.max = std::ceil((maxValue > 0 ? maxValue : 1) / axis.step) * axis.step;
    double labelWidth = 0;
    for (double v = 0; v <= axis.max + axis.step / 2; v += axis.step)
        labelWidth = std::max(labelWidth, reportTextWidth(format(v), kFont));
    axis.left = labelWidth + 8;
    return axis;
}

void drawYAxis(Drawing& d, const YAxis& axis, const ChartFormat& format, double top, double bottom,
               double right) {
    for (double v = 0; v <= axis.max + axis.step / 2; v += axis.step) {
        const double y = bottom - (bottom - top) * v / axis.max;
        d.shapes.push_back(
            DrawLine{axis.left, y, right, y, v == 0 ? kAxis : kGrid, v == 0 ? 1 : 0.6});
        d.shapes.push_back(
            DrawText{axis.left - 4, y + 3, format(v), kFont, kAxis, TextAnchor::End});
    }
}

} // namespace

Color chartColor(std::size_t index) {
    static constexpr std::array<Color, 8> palette = {
        Color::hex(0x2f6fd6), Color::hex(0xf28e2b), Color::hex(0x59a14f), Color::hex(0xe15759),
        Color::hex(0x76b7b2), Color::hex(0xb07aa1), Color::hex(0xedc948), Color::hex(0x9c755f)};
    return palette[index % palette.size()];
}

Drawing stackedBarChart(const std::vector<std::string>& categories,
                        const std::vector<ChartSeries>& series, const ChartFormat& format,
                        double width, double height) {
    Drawing d{width, height, {}};
    std::vector<std::pair<std::string, Color>> entries;
    for (const ChartSeries& s : series)
        entries.emplace_back(s.name, s.color);
    const double top = legend(d, entries, 0, 10) + 8;
    double maxTotal = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        double total = 0;
        for (const ChartSeries& s : series)
            total += c < s.values.size() ? std::max(0.0, s.values[c]) : 0;
        maxTotal = std::max(maxTotal, total);
    }
    const YAxis axis = yAxis(maxTotal, format);
    const double bottom = height - 18;
    const double right = width - 4;
    drawYAxis(d, axis, format, top, bottom, right);
    const double slot = categories.empty() ? 0 : (right - axis.left) / categories.size();
    const double barWidth = std::min(slot * 0.62, 56.0);
    // Label every k-th category so that labels never overlap.
    double widest = 0;
    for (const auto& c : categories)
        widest = std::max(widest, reportTextWidth(c, kFont));
    const std::size_t every =
        slot > 0
            ? std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((widest + 6) / slot)))
            : 1;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        const double x = axis.left + slot * c + (slot - barWidth) / 2;
        double base = bottom;
        for (const ChartSeries& s : series) {
            const double v = c < s.values.size() ? std::max(0.0, s.values[c]) : 0;
            const double h = (bottom - top) * v / axis.max;
            if (h > 0.05)
                d.shapes.push_back(DrawRect{x, base - h, barWidth, h, s.color, std::nullopt, 0});
            base -= h;
        }
        if (c % every == 0)
            d.shapes.push_back(DrawText{x + barWidth / 2, bottom + 11,
                                        reportEllipsize(categories[c], slot * every - 4, kFont),
                                        kFont, kLabel, TextAnchor::Middle});
    }
    return d;
}

Drawing lineChart(const std::vector<ChartSeries>& series, const std::string& xLabel,
                  const ChartFormat& format, const std::vector<ChartMarker>& markers, double width,
                  double height) {
    Drawing d{width, height, {}};
    std::vector<std::pair<std::string, Color>> entries;
    std::size_t points = 0;
    double maxValue = 0;
    for (const ChartSeries& s : series) {
        entries.emplace_back(s.name, s.color);
        points = std::max(points, s.values.size());
        for (double v : s.values)
            maxValue = std::max(maxValue, v);
    }
    const double top = legend(d, entries, 0, 10) + 10;
    const YAxis axis = yAxis(maxValue, format);
    const double bottom = height - 28;
    const double right = width - 8;
    drawYAxis(d, axis, format, top, bottom, right);
    const double span = points > 1 ? static_cast<double>(points - 1) : 1;
    auto X = [&](double x) { return axis.left + (right - axis.left) * (x - 1) / span; };
    auto Y = [&](double v) { return bottom - (bottom - top) * std::max(0.0, v) / axis.max; };
    const double xStep = std::max(1.0, niceStep(span, 8));
    for (double x = 1; x <= static_cast<double>(points) + 0.01; x += xStep)
        d.shapes.push_back(DrawText{X(x), bottom + 11, std::to_string(static_cast<int>(x)), kFont,
                                    kAxis, TextAnchor::Middle});
    d.shapes.push_back(
        DrawText{(axis.left + right) / 2, bottom + 24, xLabel, kFont, kAxis, TextAnchor::Middle});
    for (const ChartMarker& m : markers) {
        if (m.x < 1 || m.x > static_cast<double>(points))
            continue;
        d.shapes.push_back(DrawLine{X(m.x), top, X(m.x), bottom, m.color, 1, true});
        const bool nearRight = X(m.x) > right - 80;
        d.shapes.push_back(DrawText{X(m.x) + (nearRight ? -3 : 3), top + 9, m.label, kFont, m.color,
                                    nearRight ? TextAnchor::End : TextAnchor::Start, true});
    }
    for (const ChartSeries& s : series) {
        DrawPolyline line{{}, s.color, 1.8};
        for (std::size_t i = 0; i < s.values.size(); ++i)
            line.points.emplace_back(X(static_cast<double>(i + 1)), Y(s.values[i]));
        d.shapes.push_back(std::move(line));
    }
    return d;
}

Drawing histogramChart(const std::vector<double>& samples, int bins, const std::string& xLabel,
                       const ChartFormat& format, const std::vector<ChartMarker>& markers,
                       double width, double height) {
    Drawing d{width, height, {}};
    if (samples.empty() || bins < 1)
        return d;
    const auto [minIt, maxIt] = std::minmax_element(samples.begin(), samples.end());
    double lo = *minIt, hi = *maxIt;
    if (hi - lo < 1e-9) {
        lo -= 0.5;
        hi += 0.5;
    }
    std::vector<int> counts(static_cast<std::size_t>(bins), 0);
    for (double s : samples) {
        auto bin = static_cast<std::size_t>((s - lo) / (hi - lo) * bins);
        counts[std::min(bin, counts.size() - 1)]++;
    }
    const int maxCount = *std::max_element(counts.begin(), counts.end());
    const ChartFormat countFormat = [](double v) { return std::to_string(static_cast<long>(v)); };
    const double top = 30;
    const YAxis axis = yAxis(maxCount, countFormat);
    const double bottom = height - 28;
    const double right = width - 8;
    drawYAxis(d, axis, countFormat, top, bottom, right);
    auto X = [&](double v) { return axis.left + (right - axis.left) * (v - lo) / (hi - lo); };
    const double binWidth = (right - axis.left) / bins;
    for (int b = 0; b < bins; ++b) {
        const double h = (bottom - top) * counts[static_cast<std::size_t>(b)] / axis.max;
        if (h > 0)
            d.shapes.push_back(DrawRect{axis.left + binWidth * b + 0.5, bottom - h,
                                        std::max(0.5, binWidth - 1), h, Color::hex(0x9cc3ff),
                                        Color::hex(0x2f6fd6), 0.5});
    }
    const double step = niceStep(hi - lo, 6);
    for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9; v += step)
        d.shapes.push_back(
            DrawText{X(v), bottom + 11, format(v), kFont, kAxis, TextAnchor::Middle});
    d.shapes.push_back(
        DrawText{(axis.left + right) / 2, bottom + 24, xLabel, kFont, kAxis, TextAnchor::Middle});
    for (std::size_t i = 0; i < markers.size(); ++i) {
        const ChartMarker& m = markers[i];
        const double x = X(std::clamp(m.x, lo, hi));
        d.shapes.push_back(DrawLine{x, top - 3, x, bottom, m.color, 1.2, true});
        // Alternate label rows so that close markers (P10, P50, P90) never overlap.
        d.shapes.push_back(DrawText{x, i % 2 == 0 ? top - 17 : top - 6, m.label, kFont, m.color,
                                    TextAnchor::Middle, true});
    }
    return d;
}

Drawing ganttChart(const std::vector<GanttChartRow>& rows, double totalHours,
                   const std::vector<std::pair<double, double>>& shaded,
                   const std::vector<std::pair<std::string, Color>>& legendEntries, double width) {
    constexpr double rowHeight = 13;
    double labelWidth = 0;
    for (const auto& row : rows)
        labelWidth = std::max(labelWidth, reportTextWidth(row.label, kFont));
    labelWidth = std::min(labelWidth + 8, width * 0.3);
    const double top = 34;
    const double height = top + rows.size() * rowHeight + 8;
    Drawing d{width, height, {}};
    legend(d, legendEntries, 0, 10);
    const double left = labelWidth;
    const double right = width - 6;
    const double hours = totalHours > 0 ? totalHours : 1;
    auto X = [&](double h) { return left + (right - left) * std::clamp(h, 0.0, hours) / hours; };
    for (const auto& [from, to] : shaded)
        if (to > 0 && from < hours)
            d.shapes.push_back(DrawRect{X(from), top, std::max(0.6, X(to) - X(from)),
                                        height - top - 8, Color::hex(0xeef2f8), std::nullopt, 0});
    // Day ticks.
    const double days = hours / 24;
    const double step = std::max(1.0, niceStep(days, 8));
    for (double day = 0; day <= days + 1e-9; day += step) {
        const double x = X(day * 24);
        d.shapes.push_back(DrawLine{x, top - 4, x, height - 8, kGrid, 0.6});
        d.shapes.push_back(DrawText{x, top - 7, "day " + std::to_string(static_cast<long>(day)),
                                    kFont, kAxis, TextAnchor::Middle});
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const double y = top + r * rowHeight;
        d.shapes.push_back(DrawText{
            0, y + 9.5, reportEllipsize(rows[r].label, labelWidth - 6, kFont), kFont, kLabel});
        for (const GanttBar& bar : rows[r].bars)
            d.shapes.push_back(DrawRect{X(bar.start), y + 2.5,
                                        std::max(0.8, X(bar.end) - X(bar.start)), rowHeight - 5,
                                        bar.color, std::nullopt, 0});
    }
    return d;
}

} // namespace ferry::model
