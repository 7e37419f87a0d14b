#pragma once

#include <ferry/engine/StreamTransform.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::engine {

/// How an empty field is filled: a constant, the column's declared default, or the last
/// non-empty value seen in that column.
enum class CsvFillSource { Constant, Default, Previous };

/// One "fill" rule of a csv_clean mapping: fill the empty fields of one column.
struct CsvFillRule {
    std::string column;                             ///< Column name (header) or 1-based position.
    CsvFillSource source = CsvFillSource::Constant; ///< Where the value comes from ("with").
    std::string value; ///< The constant or the declared default; unused for Previous.
};

/// Letter case a standardise rule applies (ASCII letters only).
enum class CsvLetterCase { Keep, Lower, Upper, Title };

/// One "standardise" rule of a csv_clean mapping; its steps run in the order trim, case, date,
/// decimal.
struct CsvStandardiseRule {
    std::string column;                             ///< Column name (header) or 1-based position.
    bool trim = false;                              ///< Remove leading and trailing ASCII spaces.
    CsvLetterCase letterCase = CsvLetterCase::Keep; ///< "case": lower, upper or title.
    bool isoDate = false;         ///< "date": "iso8601": rewrite dates as ISO 8601.
    std::optional<bool> dayFirst; ///< "day_first": how to read 03/04/2024; unset: ambiguous.
    std::optional<char> decimal;  ///< "decimal": rewrite numbers with this separator, no groups.
};

/// The options of a csv_clean transform, as written in a project mapping.
struct CsvCleanOptions {
    std::string match = "*.csv"; ///< Which objects it applies to; kept here, applied by callers.
    char delimiter = ',';        ///< Field delimiter of the input, kept in the output.
    bool header = true;          ///< The first row names the columns; else columns are "1".."n".
    bool dedupeWholeRow = false; ///< Drop rows equal to an earlier row (after cleaning).
    std::vector<std::string> dedupeKeys; ///< Drop rows whose key columns equal an earlier row's.
    std::vector<CsvFillRule> fill;       ///< Fill rules, applied in order.
    std::vector<CsvStandardiseRule> standardise;     ///< Standardise rules, applied in order.
    std::size_t maxRowBytes = std::size_t{64} << 20; ///< A longer row is an error (memory bound).

    /// Reads the mapping's JSON; the error names the field that is wrong and what it expects.
    static model::Result<CsvCleanOptions> fromJson(const nlohmann::json& json);
    /// The mapping's JSON; fromJson(toJson()) gives the same options.
    nlohmann::json toJson() const;
};

/// Cleans a CSV object while it streams: standardise, then fill, then dedupe, row by row.
/// RFC 4180 input (quotes, doubled quotes, newlines in quotes, CR/LF/CRLF, a UTF-8 BOM); memory
/// is one row plus, with dedupe, one 8-byte fingerprint per distinct key. Rows that cannot be
/// cleaned pass through unchanged and are counted. See docs/transforms.md.
class CsvCleaner final : public StreamTransform {
public:
    /// A cleaner for one object; the rules' column names are checked against its header.
    explicit CsvCleaner(CsvCleanOptions options);
    ~CsvCleaner() override;

    /// Parses the bytes and emits the rows they complete; an error stops it for good.
    model::Result<void> write(std::span<const std::byte> data, const ByteSink& sink) override;
    /// Emits the last row; an error when a quoted field is still open at the end.
    model::Result<void> finish(const ByteSink& sink) override;
    /// Rows and bytes in and out, counts per rule, the uncleanable rows (the first 20 listed).
    nlohmann::json report() const override;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace ferry::engine
