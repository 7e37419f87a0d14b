#pragma once

#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::cli {

/// How ferry-cli ends (docs/cli.md): 0 fine, 1 a failed operation or error findings, 2 bad usage
/// or an unreadable input file.
enum class ExitStatus : int { Ok = 0, Failed = 1, Usage = 2 };

/// The JSON form of an error: {"code", "message", "context"}.
nlohmann::json errorToJson(const model::Error& error);
/// The one line ferry-cli prints on stderr for an error: "ferry-cli: <context>: <message>".
std::string errorLine(const model::Error& error);
/// Text made safe for one table cell or one line: control characters become spaces.
std::string singleLine(std::string_view text);

/// Where commands write: human text or one JSON document on stdout, one-line errors and the
/// progress line on stderr.
class CliOutput {
public:
    /// errIsTerminal enables the progress line.
    CliOutput(std::ostream& out, std::ostream& err, bool errIsTerminal);

    /// True when --json was given: stdout carries exactly one JSON document.
    bool json() const { return m_json; }
    /// The variable every --json flag sets.
    bool& jsonFlag() { return m_json; }
    /// Standard output, for human text.
    std::ostream& out() { return m_out; }

    /// Print one JSON document on stdout; invalid UTF-8 in strings is replaced, never fatal.
    void printJson(const nlohmann::json& document);
    /// Report an error and return status: one line on stderr and, with --json, {"error": …}
    /// merged into the object extra on stdout.
    ExitStatus fail(ExitStatus status, const model::Error& error,
                    nlohmann::json extra = nlohmann::json::object());

    /// True when a progress line can be shown (stderr is a terminal).
    bool canShowProgress() const { return m_errIsTerminal; }
    /// Replace the progress line on stderr with text; does nothing off a terminal.
    void showProgress(std::string_view text);
    /// Erase the progress line, if one is shown.
    void clearProgress();

private:
    std::ostream& m_out;
    std::ostream& m_err;
    bool m_errIsTerminal = false;
    bool m_progressShown = false;
    bool m_json = false;
};

/// A plain-text table whose columns are aligned to their widest cell (widths in UTF-8 code
/// points); the last column is not padded, so long messages are never cut.
class TextTable {
public:
    /// A table with these column headings.
    explicit TextTable(std::vector<std::string> headings);
    /// Add one row; cells beyond the headings are ignored, missing cells are empty.
    void addRow(std::vector<std::string> cells);
    /// Number of rows added.
    std::size_t rowCount() const { return m_rows.size(); }
    /// Write the headings and every row, two spaces between columns, each line ending in '\n'.
    void print(std::ostream& out) const;

private:
    std::vector<std::string> m_headings;
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace ferry::cli
