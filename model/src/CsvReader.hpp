#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::model::detail {

/// One CSV record: its fields share one buffer that is reused from record to record.
class CsvRecord {
public:
    /// Number of fields.
    std::size_t fieldCount() const { return m_ends.size(); }
    /// Field i, valid until the next call to CsvReader::next.
    std::string_view field(std::size_t i) const {
        const std::size_t begin = i == 0 ? 0 : m_ends[i - 1];
        return std::string_view(m_data).substr(begin, m_ends[i] - begin);
    }

    std::size_t line = 0;      ///< 1-based physical line where the record starts.
    std::size_t rawBytes = 0;  ///< Bytes the record occupies in the input, line break excluded.
    bool tooLong = false;      ///< Longer than the reader's limit; its fields were dropped.
    bool unterminated = false; ///< A quoted field was still open at the end of the input.
    /// Index of the first field with text after its closing quote, if any.
    std::optional<std::size_t> strayAfterQuote;

private:
    friend class CsvReader;
    void clear();

    std::string m_data;              // Field bytes, unquoted, back to back.
    std::vector<std::size_t> m_ends; // End offset of each field in m_data.
};

/// RFC 4180 tokenizer over a stream, read in fixed chunks; holds one record at a time.
/// Accepts CRLF, LF or CR line ends, a UTF-8 byte order mark, and a last line without a line end;
/// skips blank lines. A quote inside an unquoted field is kept as text.
class CsvReader {
public:
    /// Reads from in; records longer than maxRecordBytes are reported without their fields.
    CsvReader(std::istream& in, std::size_t maxRecordBytes, std::size_t chunkBytes = 64 * 1024);

    /// Called after each chunk with the bytes read so far; returning false stops the reader.
    void setProgress(std::function<bool(std::uint64_t)> progress) {
        m_progress = std::move(progress);
    }
    /// The next non-blank record; false at the end of the input, on a read error or on cancel.
    bool next(CsvRecord& record);
    /// Bytes read from the stream so far.
    std::uint64_t bytesRead() const { return m_bytesRead; }
    /// True when the progress callback asked to stop.
    bool cancelled() const { return m_cancelled; }
    /// True when the stream failed for another reason than its end.
    bool readFailed() const { return m_readFailed; }
    /// True when the input starts with a UTF-16 or UTF-32 byte order mark.
    bool looksLikeUtf16() const { return m_utf16; }

private:
    bool fill();
    void append(CsvRecord& record, const char* begin, const char* end);
    void endField(CsvRecord& record);

    std::istream& m_in;
    std::size_t m_maxRecordBytes;
    std::vector<char> m_buffer;
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
    std::uint64_t m_bytesRead = 0;
    std::size_t m_line = 1;
    bool m_started = false;
    bool m_eof = false;
    bool m_skipLf = false;
    bool m_cancelled = false;
    bool m_readFailed = false;
    bool m_utf16 = false;
    std::function<bool(std::uint64_t)> m_progress;
};

/// Offset of the first byte that is not part of valid UTF-8 (overlongs, surrogates and code
/// points above U+10FFFF are invalid), or nullopt.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

} // namespace ferry::model::detail
