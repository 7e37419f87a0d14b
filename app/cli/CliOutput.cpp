#include "CliOutput.hpp"

#include <algorithm>

namespace ferry::cli {
namespace {

std::size_t displayWidth(std::string_view text) {
    // Count UTF-8 code points: every byte that is not a continuation byte starts one.
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string trimTrailingSpaces(std::string line) {
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

} // namespace

nlohmann::json errorToJson(const model::Error& error) {
    return {{"code", error.code}, {"message", error.message}, {"context", error.context}};
}

std::string errorLine(const model::Error& error) {
    return "ferry-cli: " + singleLine(error.toString());
}

std::string singleLine(std::string_view text) {
    std::string line(text);
    for (char& c : line) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F)
            c = ' ';
    }
    return line;
}

CliOutput::CliOutput(std::ostream& out, std::ostream& err, bool errIsTerminal)
    : m_out(out), m_err(err), m_errIsTerminal(errIsTerminal) {}

void CliOutput::printJson(const nlohmann::json& document) {
    m_out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    m_out.flush();
}

ExitStatus CliOutput::fail(ExitStatus status, const model::Error& error, nlohmann::json extra) {
    clearProgress();
    if (m_json) {
        if (!extra.is_object())
            extra = nlohmann::json::object();
        extra["error"] = errorToJson(error);
        printJson(extra);
    }
    m_out.flush();
    m_err << errorLine(error) << '\n';
    m_err.flush();
    return status;
}

void CliOutput::showProgress(std::string_view text) {
    if (!m_errIsTerminal)
        return;
    // Carriage return, the text, then erase whatever a longer previous line left behind.
    m_err << '\r' << singleLine(text) << "\x1b[K";
    m_err.flush();
    m_progressShown = true;
}

void CliOutput::clearProgress() {
    if (!m_progressShown)
        return;
    m_err << "\r\x1b[K";
    m_err.flush();
    m_progressShown = false;
}

TextTable::TextTable(std::vector<std::string> headings) : m_headings(std::move(headings)) {}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(m_headings.size());
    for (auto& cell : cells)
        cell = singleLine(cell);
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(m_headings.size(), 0);
    auto measure = [&widths](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(cells[i]));
    };
    measure(m_headings);
    for (const auto& row : m_rows)
        measure(row);

    auto printRow = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            line += cells[i];
            if (i + 1 < cells.size())
                line.append(widths[i] - displayWidth(cells[i]) + 2, ' ');
        }
        out << trimTrailingSpaces(std::move(line)) << '\n';
    };
    printRow(m_headings);
    for (const auto& row : m_rows)
        printRow(row);
}

} // namespace ferry::cli
