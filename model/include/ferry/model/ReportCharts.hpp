#pragma once

#include <ferry/model/Report.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ferry::model {

/// One named series of values with its colour.
struct ChartSeries {
    std::string name;           ///< Legend text.
    Color color;                ///< Bar or line colour.
    std::vector<double> values; ///< One per category (bars) or point (lines).
};

/// A vertical marker on a chart (e.g. the break-even month or the P50 duration).
struct ChartMarker {
    double x = 0;      ///< Position in data units.
    std::string label; ///< Text at the top of the marker.
    Color color;       ///< Colour.
};

/// Formats an axis or value label.
using ChartFormat = std::function<std::string(double)>;

/// The colours charts use for successive series (colour-blind friendly).
Color chartColor(std::size_t index);

/// Stacked bars: one bar per category, one segment per series.
Drawing stackedBarChart(const std::vector<std::string>& categories,
                        const std::vector<ChartSeries>& series, const ChartFormat& format,
                        double width = 495, double height = 230);

/// Lines over x = 1..n (e.g. months), with optional vertical markers.
Drawing lineChart(const std::vector<ChartSeries>& series, const std::string& xLabel,
                  const ChartFormat& format, const std::vector<ChartMarker>& markers = {},
                  double width = 495, double height = 230);

/// Histogram of samples in bins, with markers (e.g. P10/P50/P90).
Drawing histogramChart(const std::vector<double>& samples, int bins, const std::string& xLabel,
                       const ChartFormat& format, const std::vector<ChartMarker>& markers,
                       double width = 495, double height = 210);

/// One bar of a Gantt row: [start, end) in hours from the plan start.
struct GanttBar {
    double start = 0; ///< Start.
    double end = 0;   ///< End.
    Color color;      ///< Phase colour.
};

/// One row of a Gantt chart.
struct GanttChartRow {
    std::string label;          ///< Workload.
    std::vector<GanttBar> bars; ///< Its phases.
};

/// A Gantt chart over hours, labelled in days, with shaded periods (e.g. cutover windows) and a
/// legend of phase colours.
Drawing ganttChart(const std::vector<GanttChartRow>& rows, double totalHours,
                   const std::vector<std::pair<double, double>>& shaded,
                   const std::vector<std::pair<std::string, Color>>& legend, double width = 495);

} // namespace ferry::model
