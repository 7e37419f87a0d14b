#pragma once

#include <ferry/model/Result.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ferry::model {

/// An sRGB colour.
struct Color {
    std::uint8_t r = 0; ///< Red.
    std::uint8_t g = 0; ///< Green.
    std::uint8_t b = 0; ///< Blue.

    /// From 0xRRGGBB.
    static constexpr Color hex(std::uint32_t rgb) {
        return {static_cast<std::uint8_t>(rgb >> 16), static_cast<std::uint8_t>(rgb >> 8),
                static_cast<std::uint8_t>(rgb)};
    }
    bool operator==(const Color&) const = default;
};

/// Where a text's x coordinate is.
enum class TextAnchor { Start, Middle, End };

/// A rectangle, filled and/or outlined.
struct DrawRect {
    double x = 0, y = 0, w = 0, h = 0; ///< Top-left corner and size, in points.
    std::optional<Color> fill;         ///< Fill colour, none = transparent.
    std::optional<Color> stroke;       ///< Outline colour, none = no outline.
    double strokeWidth = 1;            ///< Outline width.
};

/// A straight line.
struct DrawLine {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0; ///< End points.
    Color stroke;                          ///< Colour.
    double width = 1;                      ///< Width.
    bool dashed = false;                   ///< Dashed instead of solid.
};

/// An open polyline (a chart series).
struct DrawPolyline {
    std::vector<std::pair<double, double>> points; ///< Points in order.
    Color stroke;                                  ///< Colour.
    double width = 1.5;                            ///< Width.
};

/// One line of text; y is the baseline.
struct DrawText {
    double x = 0, y = 0;                   ///< Anchor point (baseline).
    std::string text;                      ///< UTF-8.
    double size = 9;                       ///< Font size in points.
    Color color;                           ///< Colour.
    TextAnchor anchor = TextAnchor::Start; ///< Horizontal alignment.
    bool bold = false;                     ///< Bold weight.
};

/// One shape of a drawing.
using DrawShape = std::variant<DrawRect, DrawLine, DrawPolyline, DrawText>;

/// Vector graphics in points (1/72 inch), origin top-left, y down: the one description of a chart
/// that the HTML report draws as SVG and the PDF report as PDF paths, so both show the same.
struct Drawing {
    double width = 0;              ///< Width in points.
    double height = 0;             ///< Height in points.
    std::vector<DrawShape> shapes; ///< Painted in order.
};

/// Width of a text in points in the report font (Helvetica metrics; CJK characters one em).
double reportTextWidth(std::string_view utf8, double size, bool bold = false);

/// The text cut at a code point and ended with "…" so that it fits width (as it is when it
/// fits; empty when not even "…" fits).
std::string reportEllipsize(std::string_view utf8, double width, double size);

/// A day as "2027-01-04".
std::string isoDate(std::chrono::sys_days day);

/// "2027-01-04" as a day, or nullopt when it is not a valid ISO date.
std::optional<std::chrono::sys_days> parseIsoDate(const std::string& text);

/// A heading (level 1 = section, 2 = subsection).
struct ReportHeading {
    int level = 1;    ///< 1 or 2.
    std::string text; ///< UTF-8.
};

/// A paragraph of running text.
struct ReportParagraph {
    std::string text; ///< UTF-8.
};

/// A table with a header row.
struct ReportTable {
    std::vector<std::string> header;            ///< Column titles.
    std::vector<std::vector<std::string>> rows; ///< Cells, as many per row as header.
    std::vector<bool> numeric;                  ///< Per column: right-aligned (numbers).
};

/// A chart or diagram with a caption.
struct ReportFigure {
    std::string caption; ///< Shown under the drawing.
    Drawing drawing;     ///< The picture.
};

/// One block of a report, in reading order.
using ReportBlock = std::variant<ReportHeading, ReportParagraph, ReportTable, ReportFigure>;

/// A report independent of its output format: headings, text, tables and figures.
struct ReportDocument {
    std::string title;               ///< Document title.
    std::string subtitle;            ///< e.g. project and date.
    std::string language = "en";     ///< BCP 47 language of the text.
    std::vector<ReportBlock> blocks; ///< Content.
};

/// A complete, self-contained HTML5 file (styles and SVG charts inline, no external resource).
std::string reportToHtml(const ReportDocument& document);

/// A complete PDF 1.4 file (A4, standard fonts, charts as vector paths, page numbers).
std::string reportToPdf(const ReportDocument& document);

/// Ok when path names a report format (.html, .htm or .pdf, any case); else the error
/// "report.format" saying what to use instead.
Result<void> checkReportPath(const std::filesystem::path& path);

/// Writes the report as HTML (.html, .htm) or PDF (.pdf), chosen by the file's extension,
/// replacing the file atomically; refuses any other extension with what to use instead.
Result<void> writeReportFile(const ReportDocument& document, const std::filesystem::path& path);

} // namespace ferry::model
