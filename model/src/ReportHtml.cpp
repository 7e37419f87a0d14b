#include "AtomicFile.hpp"

#include <ferry/model/Report.hpp>

#include <cctype>
#include <cstdio>
#include <sstream>

namespace ferry::model {

namespace {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string s = buffer;
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string color(const Color& c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", c.r, c.g, c.b);
    return buffer;
}

struct SvgWriter {
    std::ostringstream& out;

    void operator()(const DrawRect& r) const {
        out << "<rect x=\"" << number(r.x) << "\" y=\"" << number(r.y) << "\" width=\""
            << number(r.w) << "\" height=\"" << number(r.h) << "\" fill=\""
            << (r.fill ? color(*r.fill) : "none") << '"';
        if (r.stroke)
            out << " stroke=\"" << color(*r.stroke) << "\" stroke-width=\"" << number(r.strokeWidth)
                << '"';
        out << "/>";
    }
    void operator()(const DrawLine& l) const {
        out << "<line x1=\"" << number(l.x1) << "\" y1=\"" << number(l.y1) << "\" x2=\""
            << number(l.x2) << "\" y2=\"" << number(l.y2) << "\" stroke=\"" << color(l.stroke)
            << "\" stroke-width=\"" << number(l.width) << '"';
        if (l.dashed)
            out << " stroke-dasharray=\"4 3\"";
        out << "/>";
    }
    void operator()(const DrawPolyline& p) const {
        out << "<polyline fill=\"none\" stroke=\"" << color(p.stroke) << "\" stroke-width=\""
            << number(p.width) << "\" stroke-linejoin=\"round\" points=\"";
        for (std::size_t i = 0; i < p.points.size(); ++i)
            out << (i ? " " : "") << number(p.points[i].first) << ',' << number(p.points[i].second);
        out << "\"/>";
    }
    void operator()(const DrawText& t) const {
        const char* anchor = t.anchor == TextAnchor::Start    ? "start"
                             : t.anchor == TextAnchor::Middle ? "middle"
                                                              : "end";
        out << "<text x=\"" << number(t.x) << "\" y=\"" << number(t.y) << "\" font-size=\""
            << number(t.size) << "\" fill=\"" << color(t.color) << "\" text-anchor=\"" << anchor
            << '"';
        if (t.bold)
            out << " font-weight=\"bold\"";
        out << '>' << escape(t.text) << "</text>";
    }
};

constexpr const char* kStyle = R"(
  body { font-family: Helvetica, Arial, "Noto Sans", "Noto Sans CJK SC", sans-serif; color: #1d2433;
         max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
  header { border-bottom: 3px solid #2f6fd6; margin-bottom: 1.5rem; }
  h1 { font-size: 1.9rem; margin: 0 0 .2rem; }
  .subtitle { color: #5b6b82; margin: 0 0 1rem; }
  h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #d5dbe5; padding-bottom: .2rem; }
  h3 { font-size: 1.1rem; margin-top: 1.4rem; }
  table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: 13px; width: 100%; }
  th { background: #eef2f8; text-align: left; }
  th, td { border: 1px solid #d5dbe5; padding: .3rem .5rem; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  figure { margin: 1rem 0 1.6rem; }
  figure svg { max-width: 100%; height: auto; font-family: Helvetica, Arial, "Noto Sans", "Noto Sans CJK SC", sans-serif; }
  figcaption { color: #5b6b82; font-size: 13px; margin-top: .3rem; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
)";

} // namespace

std::string reportToHtml(const ReportDocument& document) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"" << escape(document.language)
        << "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" "
           "content=\"Ferry\">\n<title>"
        << escape(document.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
        << "<header><h1>" << escape(document.title) << "</h1>";
    if (!document.subtitle.empty())
        out << "<p class=\"subtitle\">" << escape(document.subtitle) << "</p>";
    out << "</header>\n";
    for (const ReportBlock& block : document.blocks) {
        if (const auto* h = std::get_if<ReportHeading>(&block)) {
            const int level = h->level <= 1 ? 2 : 3;
            out << "<h" << level << '>' << escape(h->text) << "</h" << level << ">\n";
        } else if (const auto* p = std::get_if<ReportParagraph>(&block)) {
            out << "<p>" << escape(p->text) << "</p>\n";
        } else if (const auto* t = std::get_if<ReportTable>(&block)) {
            auto cls = [&](std::size_t column) {
                return column < t->numeric.size() && t->numeric[column] ? " class=\"num\"" : "";
            };
            out << "<table>\n<thead><tr>";
            for (std::size_t c = 0; c < t->header.size(); ++c)
                out << "<th" << cls(c) << '>' << escape(t->header[c]) << "</th>";
            out << "</tr></thead>\n<tbody>\n";
            for (const auto& row : t->rows) {
                out << "<tr>";
                for (std::size_t c = 0; c < row.size(); ++c)
                    out << "<td" << cls(c) << '>' << escape(row[c]) << "</td>";
                out << "</tr>\n";
            }
            out << "</tbody>\n</table>\n";
        } else if (const auto* f = std::get_if<ReportFigure>(&block)) {
            out << "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\""
                << number(f->drawing.width) << "\" height=\"" << number(f->drawing.height)
                << "\" viewBox=\"0 0 " << number(f->drawing.width) << ' '
                << number(f->drawing.height) << "\"><title>" << escape(f->caption) << "</title>";
            SvgWriter writer{out};
            for (const DrawShape& shape : f->drawing.shapes)
                std::visit(writer, shape);
            out << "</svg>\n<figcaption>" << escape(f->caption) << "</figcaption>\n</figure>\n";
        }
    }
    out << "</body>\n</html>\n";
    return out.str();
}

} // namespace ferry::model

namespace ferry::model {

namespace {

/// ".pdf", ".html"... of a path, lower case.
std::string lowerExtension(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    for (char& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension;
}

} // namespace

Result<void> checkReportPath(const std::filesystem::path& path) {
    const std::string extension = lowerExtension(path);
    if (extension == ".html" || extension == ".htm" || extension == ".pdf")
        return success();
    return Error{"report.format",
                 "A report is written as HTML or PDF: name the file .html or .pdf.", path.string()};
}

Result<void> writeReportFile(const ReportDocument& document, const std::filesystem::path& path) {
    if (auto checked = checkReportPath(path); !checked)
        return checked.error();
    const std::string bytes =
        lowerExtension(path) == ".pdf" ? reportToPdf(document) : reportToHtml(document);
    auto file = detail::AtomicFile::create(path);
    if (!file)
        return file.error();
    if (auto written = file->write(bytes); !written)
        return written.error();
    return file->commit();
}

} // namespace ferry::model
