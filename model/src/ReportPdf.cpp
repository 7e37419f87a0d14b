// The PDF report: A4 pages laid out from a ReportDocument with the standard Helvetica fonts
// (WinAnsi) and the predefined CJK font STSong-Light for Chinese text, charts drawn as vector
// paths. No external library: the same bytes from the desktop application and from ferry-cli.

#include "ReportText.hpp"

#include <ferry/model/Report.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace ferry::model {

using report_detail::decodeUtf8;
using report_detail::glyphWidth;
using report_detail::needsCjkFont;
using report_detail::winAnsiByte;

namespace {

constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMarginX = 50;
constexpr double kMarginTop = 56;
constexpr double kMarginBottom = 62;
constexpr double kContentWidth = kPageWidth - 2 * kMarginX;
constexpr double kBodySize = 10;
constexpr double kBodyLeading = 13.5;
constexpr double kTableSize = 8.5;
constexpr double kTableLeading = 10.5;
constexpr double kCellPadding = 3;

constexpr Color kText = Color::hex(0x1d2433);
constexpr Color kMuted = Color::hex(0x5b6b82);
constexpr Color kAccent = Color::hex(0x2f6fd6);
constexpr Color kRule = Color::hex(0xd5dbe5);
constexpr Color kHeaderFill = Color::hex(0xeef2f8);

std::string num(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", std::abs(value) < 0.005 ? 0.0 : value);
    return buffer;
}

std::string rgb(const Color& c) {
    return num(c.r / 255.0) + ' ' + num(c.g / 255.0) + ' ' + num(c.b / 255.0);
}

/// A piece of text in one font.
struct Run {
    bool cjk = false;
    std::u32string text;
};

std::vector<Run> splitRuns(std::string_view utf8) {
    std::vector<Run> runs;
    for (char32_t cp : decodeUtf8(utf8)) {
        if (cp < 0x20)
            cp = ' ';
        const bool cjk = needsCjkFont(cp);
        if (runs.empty() || runs.back().cjk != cjk)
            runs.push_back({cjk, {}});
        runs.back().text.push_back(cp);
    }
    return runs;
}

double runWidth(const Run& run, double size, bool bold) {
    double units = 0;
    for (char32_t cp : run.text)
        units += glyphWidth(cp, bold);
    return units * size / 1000.0;
}

std::string pdfString(const Run& run) {
    if (run.cjk) {
        std::string hex = "<";
        char buffer[8];
        for (char32_t cp : run.text) {
            const unsigned code = cp <= 0xFFFF ? static_cast<unsigned>(cp) : 0x3F;
            std::snprintf(buffer, sizeof buffer, "%04X", code);
            hex += buffer;
        }
        return hex + ">";
    }
    std::string literal = "(";
    for (char32_t cp : run.text) {
        unsigned char byte = winAnsiByte(cp);
        if (byte == 0)
            byte = '?';
        if (byte == '(' || byte == ')' || byte == '\\')
            literal += '\\';
        literal += static_cast<char>(byte);
    }
    return literal + ")";
}

/// Splits text into lines no wider than width (words at spaces, CJK at any character).
std::vector<std::string> wrap(std::string_view utf8, double size, bool bold, double width) {
    struct Token {
        std::string text;
        bool spaceBefore = false;
        double width = 0;
    };
    std::vector<Token> tokens;
    bool pendingSpace = false;
    std::string current;
    auto flush = [&] {
        if (current.empty())
            return;
        tokens.push_back({current, pendingSpace, reportTextWidth(current, size, bold)});
        current.clear();
        pendingSpace = false;
    };
    for (char32_t cp : decodeUtf8(utf8)) {
        if (cp == ' ' || cp == '\n' || cp == '\t') {
            flush();
            pendingSpace = true;
            continue;
        }
        std::string encoded;
        if (cp < 0x80) {
            encoded += static_cast<char>(cp);
        } else if (cp < 0x800) {
            encoded += static_cast<char>(0xC0 | (cp >> 6));
            encoded += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            encoded += static_cast<char>(0xE0 | (cp >> 12));
            encoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            encoded += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            encoded += static_cast<char>(0xF0 | (cp >> 18));
            encoded += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            encoded += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            encoded += static_cast<char>(0x80 | (cp & 0x3F));
        }
        if (needsCjkFont(cp)) {
            flush();
            tokens.push_back({encoded, pendingSpace, reportTextWidth(encoded, size, bold)});
            pendingSpace = false;
        } else {
            current += encoded;
        }
    }
    flush();

    const double space = reportTextWidth(" ", size, bold);
    std::vector<std::string> lines;
    std::string line;
    double lineWidth = 0;
    for (Token& token : tokens) {
        // A single token wider than the line is cut by characters.
        while (token.width > width && line.empty()) {
            std::string head;
            double headWidth = 0;
            const auto points = decodeUtf8(token.text);
            std::size_t byte = 0, taken = 0;
            for (char32_t cp : points) {
                const double w = glyphWidth(cp, bold) * size / 1000.0;
                if (headWidth + w > width && taken > 0)
                    break;
                const std::size_t length = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                head += token.text.substr(byte, length);
                byte += length;
                headWidth += w;
                ++taken;
            }
            lines.push_back(head);
            token.text = token.text.substr(byte);
            token.width = reportTextWidth(token.text, size, bold);
            token.spaceBefore = false;
        }
        if (token.text.empty())
            continue;
        const double gap = line.empty() ? 0 : (token.spaceBefore ? space : 0);
        if (!line.empty() && lineWidth + gap + token.width > width) {
            lines.push_back(line);
            line = token.text;
            lineWidth = token.width;
        } else {
            if (gap > 0)
                line += ' ';
            line += token.text;
            lineWidth += gap + token.width;
        }
    }
    if (!line.empty() || lines.empty())
        lines.push_back(line);
    return lines;
}

class PdfLayout {
public:
    explicit PdfLayout(const ReportDocument& document) : m_document(document) {}

    std::string render() {
        newPage();
        titleBlock();
        const auto& blocks = m_document.blocks;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const ReportBlock& block = blocks[i];
            if (const auto* h = std::get_if<ReportHeading>(&block))
                heading(*h, keepWithHeading(i + 1));
            else if (const auto* p = std::get_if<ReportParagraph>(&block))
                paragraph(p->text);
            else if (const auto* t = std::get_if<ReportTable>(&block))
                table(*t);
            else if (const auto* f = std::get_if<ReportFigure>(&block))
                figure(*f);
        }
        footers();
        return assemble();
    }

private:
    // --- drawing primitives, y measured from the top of the page ---
    std::ostringstream& page() { return m_pages[m_current]; }

    void text(double x, double baseline, std::string_view utf8, double size, bool bold,
              const Color& color, TextAnchor anchor = TextAnchor::Start) {
        const auto runs = splitRuns(utf8);
        double total = 0;
        for (const Run& run : runs)
            total += runWidth(run, size, bold);
        if (anchor == TextAnchor::Middle)
            x -= total / 2;
        else if (anchor == TextAnchor::End)
            x -= total;
        auto& out = page();
        out << "BT " << rgb(color) << " rg\n";
        for (const Run& run : runs) {
            m_usesCjk = m_usesCjk || run.cjk;
            const char* font = run.cjk ? "/F3" : bold ? "/F2" : "/F1";
            out << font << ' ' << num(size) << " Tf 1 0 0 1 " << num(x) << ' '
                << num(kPageHeight - baseline) << " Tm " << pdfString(run) << " Tj\n";
            x += runWidth(run, size, bold);
        }
        out << "ET\n";
    }

    void rect(double x, double y, double w, double h, const std::optional<Color>& fill,
              const std::optional<Color>& stroke, double strokeWidth = 0.5) {
        if (!fill && !stroke)
            return;
        auto& out = page();
        out << "q ";
        if (fill)
            out << rgb(*fill) << " rg ";
        if (stroke)
            out << rgb(*stroke) << " RG " << num(strokeWidth) << " w ";
        out << num(x) << ' ' << num(kPageHeight - y - h) << ' ' << num(w) << ' ' << num(h) << " re "
            << (fill && stroke ? "B"
                : fill         ? "f"
                               : "S")
            << " Q\n";
    }

    void line(double x1, double y1, double x2, double y2, const Color& color, double width,
              bool dashed = false) {
        page() << "q " << rgb(color) << " RG " << num(width) << " w "
               << (dashed ? "[4 3] 0 d " : "") << num(x1) << ' ' << num(kPageHeight - y1) << " m "
               << num(x2) << ' ' << num(kPageHeight - y2) << " l S Q\n";
    }

    // --- flow ---
    void newPage() {
        m_pages.emplace_back();
        m_current = m_pages.size() - 1;
        m_y = kMarginTop;
    }

    void ensure(double height) {
        if (m_y + height > kPageHeight - kMarginBottom && m_y > kMarginTop + 1)
            newPage();
    }

    void titleBlock() {
        for (const std::string& l : wrap(m_document.title, 22, true, kContentWidth)) {
            m_y += 24;
            text(kMarginX, m_y, l, 22, true, kText);
        }
        if (!m_document.subtitle.empty()) {
            for (const std::string& l : wrap(m_document.subtitle, 11, false, kContentWidth)) {
                m_y += 16;
                text(kMarginX, m_y, l, 11, false, kMuted);
            }
        }
        m_y += 10;
        line(kMarginX, m_y, kMarginX + kContentWidth, m_y, kAccent, 2);
        m_y += 14;
    }

    /// Height of what must stay on the page with a heading: the paragraphs right after it and the
    /// start of the table or figure they introduce.
    double keepWithHeading(std::size_t next) const {
        double height = 0;
        const auto& blocks = m_document.blocks;
        for (std::size_t i = next; i < blocks.size(); ++i) {
            if (const auto* p = std::get_if<ReportParagraph>(&blocks[i])) {
                height += wrap(p->text, kBodySize, false, kContentWidth).size() * kBodyLeading + 6;
                continue;
            }
            if (const auto* f = std::get_if<ReportFigure>(&blocks[i])) {
                const double scale =
                    f->drawing.width > kContentWidth ? kContentWidth / f->drawing.width : 1.0;
                height += std::min(f->drawing.height * scale + 30, 420.0);
            } else if (std::holds_alternative<ReportTable>(blocks[i])) {
                height += 3 * (kTableLeading + 2 * kCellPadding);
            }
            break;
        }
        return std::max(height, 40.0);
    }

    void heading(const ReportHeading& h, double keep) {
        const bool section = h.level <= 1;
        const double size = section ? 15 : 12;
        const auto lines = wrap(h.text, size, true, kContentWidth);
        ensure(lines.size() * (size + 4) + (section ? 22 : 14) + keep);
        m_y += section ? 14 : 8;
        for (const std::string& l : lines) {
            m_y += size + 3;
            text(kMarginX, m_y, l, size, true, section ? kAccent : kText);
        }
        if (section) {
            m_y += 5;
            line(kMarginX, m_y, kMarginX + kContentWidth, m_y, kRule, 0.8);
        }
        m_y += 8;
    }

    void paragraph(const std::string& body) {
        for (const std::string& l : wrap(body, kBodySize, false, kContentWidth)) {
            ensure(kBodyLeading);
            m_y += kBodyLeading;
            text(kMarginX, m_y - 3, l, kBodySize, false, kText);
        }
        m_y += 6;
    }

    std::vector<double> columnWidths(const ReportTable& t) const {
        const std::size_t columns = t.header.size();
        std::vector<double> natural(columns, 0);
        for (std::size_t c = 0; c < columns; ++c) {
            natural[c] = reportTextWidth(t.header[c], kTableSize, true);
            for (const auto& row : t.rows)
                if (c < row.size())
                    natural[c] = std::max(natural[c], reportTextWidth(row[c], kTableSize, false));
            natural[c] += 2 * kCellPadding + 1;
        }
        double total = 0;
        for (double w : natural)
            total += w;
        std::vector<double> widths = natural;
        if (total <= kContentWidth) {
            // Spare room goes to the text columns (numbers stay tight).
            double textTotal = 0;
            for (std::size_t c = 0; c < columns; ++c)
                if (!(c < t.numeric.size() && t.numeric[c]))
                    textTotal += natural[c];
            for (std::size_t c = 0; c < columns; ++c) {
                const bool numeric = c < t.numeric.size() && t.numeric[c];
                if (textTotal > 0 && !numeric)
                    widths[c] += (kContentWidth - total) * natural[c] / textTotal;
                else if (textTotal <= 0)
                    widths[c] += (kContentWidth - total) / static_cast<double>(columns);
            }
            return widths;
        }
        // Too wide: max-min fair shares of the width. Narrow columns (ids, dates, numbers) keep
        // their natural width; the widest ones share what is left and wrap.
        std::vector<std::size_t> order(columns);
        for (std::size_t c = 0; c < columns; ++c)
            order[c] = c;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return natural[a] < natural[b]; });
        double remaining = kContentWidth;
        for (std::size_t i = 0; i < columns; ++i) {
            const std::size_t c = order[i];
            const double share = remaining / static_cast<double>(columns - i);
            widths[c] = std::max(std::min(natural[c], share), 30.0);
            remaining -= widths[c];
        }
        return widths;
    }

    void tableRow(const std::vector<std::string>& cells, const std::vector<double>& widths,
                  const ReportTable& t, bool header) {
        std::vector<std::vector<std::string>> wrapped;
        std::size_t lines = 1;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const std::string cell = c < cells.size() ? cells[c] : std::string();
            wrapped.push_back(wrap(cell, kTableSize, header, widths[c] - 2 * kCellPadding));
            lines = std::max(lines, wrapped.back().size());
        }
        const double height = static_cast<double>(lines) * kTableLeading + 2 * kCellPadding;
        if (m_y + height > kPageHeight - kMarginBottom && !header) {
            newPage();
            tableRow(t.header, widths, t, true);
        }
        double x = kMarginX;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            rect(x, m_y, widths[c], height,
                 header ? std::optional<Color>(kHeaderFill) : std::nullopt, kRule, 0.5);
            const bool numeric = c < t.numeric.size() && t.numeric[c];
            double baseline = m_y + kCellPadding + kTableSize;
            for (const std::string& l : wrapped[c]) {
                if (numeric)
                    text(x + widths[c] - kCellPadding, baseline, l, kTableSize, header, kText,
                         TextAnchor::End);
                else
                    text(x + kCellPadding, baseline, l, kTableSize, header, kText);
                baseline += kTableLeading;
            }
            x += widths[c];
        }
        m_y += height;
    }

    void table(const ReportTable& t) {
        if (t.header.empty())
            return;
        const auto widths = columnWidths(t);
        ensure(3 * (kTableLeading + 2 * kCellPadding));
        m_y += 2;
        tableRow(t.header, widths, t, true);
        for (const auto& row : t.rows)
            tableRow(row, widths, t, false);
        m_y += 12;
    }

    void figure(const ReportFigure& f) {
        const Drawing& d = f.drawing;
        const double scale = d.width > kContentWidth ? kContentWidth / d.width : 1.0;
        const auto captionLines = wrap(f.caption, 8.5, false, kContentWidth);
        const double height = d.height * scale + 6 + captionLines.size() * 11.0;
        ensure(height);
        const double x0 = kMarginX + (kContentWidth - d.width * scale) / 2;
        const double y0 = m_y + 4;
        auto X = [&](double x) { return x0 + x * scale; };
        auto Y = [&](double y) { return y0 + y * scale; };
        for (const DrawShape& shape : d.shapes) {
            if (const auto* r = std::get_if<DrawRect>(&shape)) {
                rect(X(r->x), Y(r->y), r->w * scale, r->h * scale, r->fill, r->stroke,
                     r->strokeWidth * scale);
            } else if (const auto* l = std::get_if<DrawLine>(&shape)) {
                line(X(l->x1), Y(l->y1), X(l->x2), Y(l->y2), l->stroke, l->width * scale,
                     l->dashed);
            } else if (const auto* p = std::get_if<DrawPolyline>(&shape)) {
                if (p->points.size() < 2)
                    continue;
                auto& out = page();
                out << "q " << rgb(p->stroke) << " RG " << num(p->width * scale) << " w 1 j ";
                for (std::size_t i = 0; i < p->points.size(); ++i)
                    out << num(X(p->points[i].first)) << ' '
                        << num(kPageHeight - Y(p->points[i].second)) << (i ? " l " : " m ");
                out << "S Q\n";
            } else if (const auto* t = std::get_if<DrawText>(&shape)) {
                text(X(t->x), Y(t->y), t->text, t->size * scale, t->bold, t->color, t->anchor);
            }
        }
        m_y = y0 + d.height * scale + 4;
        for (const std::string& l : captionLines) {
            m_y += 11;
            text(kMarginX + kContentWidth / 2, m_y - 2, l, 8.5, false, kMuted, TextAnchor::Middle);
        }
        m_y += 12;
    }

    void footers() {
        const std::size_t total = m_pages.size();
        for (std::size_t i = 0; i < total; ++i) {
            m_current = i;
            line(kMarginX, kPageHeight - 40, kMarginX + kContentWidth, kPageHeight - 40, kRule,
                 0.5);
            text(kMarginX, kPageHeight - 28, m_document.title, 8, false, kMuted);
            text(kMarginX + kContentWidth, kPageHeight - 28,
                 std::to_string(i + 1) + " / " + std::to_string(total), 8, false, kMuted,
                 TextAnchor::End);
        }
    }

    static std::string pdfTextString(std::string_view utf8) {
        // Document information strings as UTF-16BE with a byte order mark.
        std::string hex = "<FEFF";
        char buffer[8];
        for (char32_t cp : decodeUtf8(utf8)) {
            if (cp > 0xFFFF) {
                const char32_t v = cp - 0x10000;
                std::snprintf(buffer, sizeof buffer, "%04X",
                              static_cast<unsigned>(0xD800 + (v >> 10)));
                hex += buffer;
                std::snprintf(buffer, sizeof buffer, "%04X",
                              static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
            } else {
                std::snprintf(buffer, sizeof buffer, "%04X", static_cast<unsigned>(cp));
            }
            hex += buffer;
        }
        return hex + ">";
    }

    std::string assemble() const {
        std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
        std::vector<std::size_t> offsets;
        auto object = [&](const std::string& body) {
            offsets.push_back(out.size());
            out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
        };
        const std::size_t pageCount = m_pages.size();
        // 1 catalog, 2 pages, 3-5 fonts, 6 CID font, 7 descriptor, 8 info, then page + content
        // pairs.
        const std::size_t firstPage = 9;
        object("<< /Type /Catalog /Pages 2 0 R /Lang " + pdfTextString(m_document.language) +
               " >>");
        std::string kids;
        for (std::size_t i = 0; i < pageCount; ++i)
            kids += std::to_string(firstPage + 2 * i) + " 0 R ";
        object("<< /Type /Pages /Count " + std::to_string(pageCount) + " /Kids [" + kids + "] >>");
        object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding "
               "/WinAnsiEncoding >>");
        object("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               "/DescendantFonts [6 0 R] >>");
        object("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
               "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R "
               "/DW 1000 >>");
        object("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 "
               "880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>");
        object("<< /Title " + pdfTextString(m_document.title) + " /Subject " +
               pdfTextString(m_document.subtitle) + " /Producer (Ferry) /Creator (Ferry) >>");
        for (std::size_t i = 0; i < pageCount; ++i) {
            const std::string content = m_pages[i].str();
            object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + num(kPageWidth) + ' ' +
                   num(kPageHeight) + "] /Resources << /Font << /F1 3 0 R /F2 4 0 R " +
                   (m_usesCjk ? "/F3 5 0 R " : "") + ">> >> /Contents " +
                   std::to_string(firstPage + 2 * i + 1) + " 0 R >>");
            object("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                   "endstream");
        }
        const std::size_t xref = out.size();
        out += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
        char buffer[32];
        for (std::size_t offset : offsets) {
            std::snprintf(buffer, sizeof buffer, "%010zu 00000 n \n", offset);
            out += buffer;
        }
        out += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
               " /Root 1 0 R /Info 8 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
        return out;
    }

    const ReportDocument& m_document;
    std::vector<std::ostringstream> m_pages;
    std::size_t m_current = 0;
    bool m_usesCjk = false;
    double m_y = 0;
};

} // namespace

std::string reportToPdf(const ReportDocument& document) {
    return PdfLayout(document).render();
}

} // namespace ferry::model
