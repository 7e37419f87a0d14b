#include "CsvReader.hpp"

#include <cstring>

namespace ferry::model::detail {

void CsvRecord::clear() {
    m_data.clear();
    m_ends.clear();
    line = 0;
    rawBytes = 0;
    tooLong = false;
    unterminated = false;
    strayAfterQuote.reset();
}

CsvReader::CsvReader(std::istream& in, std::size_t maxRecordBytes, std::size_t chunkBytes)
    : m_in(in), m_maxRecordBytes(maxRecordBytes), m_buffer(chunkBytes < 16 ? 16 : chunkBytes) {}

bool CsvReader::fill() {
    if (m_eof || m_cancelled) {
        return false;
    }
    m_in.read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    const auto got = static_cast<std::size_t>(m_in.gcount());
    if (m_in.bad()) {
        m_readFailed = true;
    }
    if (got < m_buffer.size()) {
        m_eof = true;
    }
    m_pos = 0;
    m_end = got;
    m_bytesRead += got;
    if (!m_started) {
        m_started = true;
        const auto* b = reinterpret_cast<const unsigned char*>(m_buffer.data());
        if (got >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
            m_pos = 3;
        } else if (got >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
            m_utf16 = true;
        } else if (got >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) {
            m_utf16 = true;
        }
    }
    if (got > 0 && m_progress && !m_progress(m_bytesRead)) {
        m_cancelled = true;
        m_end = 0;
        return false;
    }
    return got > 0 && !m_readFailed;
}

void CsvReader::append(CsvRecord& record, const char* begin, const char* end) {
    if (!record.tooLong) {
        record.m_data.append(begin, end);
    }
}

void CsvReader::endField(CsvRecord& record) {
    if (!record.tooLong) {
        record.m_ends.push_back(record.m_data.size());
    }
}

namespace {

enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote };

} // namespace

bool CsvReader::next(CsvRecord& record) {
    for (;;) {
        record.clear();
        record.line = m_line;
        State state = State::FieldStart;
        bool anyByte = false;     // the record consumed at least one byte
        bool fieldQuoted = false; // the current field started with a quote
        bool onlySpace = true;    // nothing but spaces and tabs so far (blank line detection)
        bool ended = false;

        auto overLimit = [&] {
            if (!record.tooLong && record.rawBytes > m_maxRecordBytes) {
                record.tooLong = true;
                record.m_data.clear();
                record.m_data.shrink_to_fit();
                record.m_ends.clear();
            }
        };

        while (!ended) {
            if (m_pos >= m_end && !fill()) {
                break;
            }
            const char* buf = m_buffer.data();
            if (m_skipLf) {
                m_skipLf = false;
                if (buf[m_pos] == '\n') {
                    ++m_pos;
                    continue;
                }
            }
            while (m_pos < m_end && !ended) {
                const char c = buf[m_pos];
                switch (state) {
                case State::FieldStart:
                case State::Unquoted: {
                    if (state == State::FieldStart && c == '"') {
                        state = State::Quoted;
                        fieldQuoted = true;
                        onlySpace = false;
                        anyByte = true;
                        ++m_pos;
                        ++record.rawBytes;
                        break;
                    }
                    // Copy the run of ordinary bytes in one go.
                    std::size_t runEnd = m_pos;
                    while (runEnd < m_end) {
                        const char d = buf[runEnd];
                        if (d == ',' || d == '\n' || d == '\r') {
                            break;
                        }
                        if (onlySpace && d != ' ' && d != '\t') {
                            onlySpace = false;
                        }
                        ++runEnd;
                    }
                    if (runEnd > m_pos) {
                        append(record, buf + m_pos, buf + runEnd);
                        record.rawBytes += runEnd - m_pos;
                        anyByte = true;
                        m_pos = runEnd;
                        state = State::Unquoted;
                        overLimit();
                        break;
                    }
                    // c is a separator or a line end.
                    if (c == ',') {
                        endField(record);
                        onlySpace = false;
                        anyByte = true;
                        fieldQuoted = false;
                        state = State::FieldStart;
                        ++m_pos;
                        ++record.rawBytes;
                        overLimit();
                        break;
                    }
                    ++m_pos;
                    ++m_line;
                    if (c == '\r') {
                        m_skipLf = true;
                    }
                    if (!anyByte || (onlySpace && !fieldQuoted && record.fieldCount() == 0)) {
                        // A blank line: start again on the next one.
                        record.clear();
                        record.line = m_line;
                        anyByte = false;
                        onlySpace = true;
                        state = State::FieldStart;
                        if (m_skipLf && m_pos < m_end) {
                            m_skipLf = false;
                            if (buf[m_pos] == '\n') {
                                ++m_pos;
                            }
                        }
                        break;
                    }
                    endField(record);
                    ended = true;
                    break;
                }
                case State::Quoted: {
                    const char* start = buf + m_pos;
                    const char* stop = buf + m_end;
                    const void* quote =
                        std::memchr(start, '"', static_cast<std::size_t>(stop - start));
                    const char* runEnd = quote ? static_cast<const char*>(quote) : stop;
                    for (const char* p = start; p < runEnd; ++p) {
                        if (*p == '\n') {
                            ++m_line;
                        }
                    }
                    append(record, start, runEnd);
                    record.rawBytes += static_cast<std::size_t>(runEnd - start);
                    m_pos += static_cast<std::size_t>(runEnd - start);
                    if (quote) {
                        ++m_pos;
                        ++record.rawBytes;
                        state = State::QuoteInQuoted;
                    }
                    overLimit();
                    break;
                }
                case State::QuoteInQuoted:
                    if (c == '"') {
                        // A doubled quote is one quote character.
                        append(record, &c, &c + 1);
                        ++m_pos;
                        ++record.rawBytes;
                        state = State::Quoted;
                        overLimit();
                    } else {
                        state = State::AfterQuote;
                    }
                    break;
                case State::AfterQuote:
                    if (c == ',') {
                        endField(record);
                        fieldQuoted = false;
                        state = State::FieldStart;
                        ++m_pos;
                        ++record.rawBytes;
                        overLimit();
                    } else if (c == '\n' || c == '\r') {
                        ++m_pos;
                        ++m_line;
                        if (c == '\r') {
                            m_skipLf = true;
                        }
                        endField(record);
                        ended = true;
                    } else {
                        // Text after a closing quote: keep it, but remember the field.
                        if (!record.strayAfterQuote) {
                            record.strayAfterQuote = record.tooLong ? 0 : record.fieldCount();
                        }
                        append(record, &c, &c + 1);
                        ++m_pos;
                        ++record.rawBytes;
                        overLimit();
                    }
                    break;
                }
            }
        }

        if (ended) {
            if (m_skipLf && m_pos < m_end) {
                m_skipLf = false;
                if (m_buffer[m_pos] == '\n') {
                    ++m_pos;
                }
            }
            return true;
        }
        // End of input (or a read error, or a cancel).
        if (m_cancelled || m_readFailed) {
            return false;
        }
        if (!anyByte || (onlySpace && !fieldQuoted && record.fieldCount() == 0)) {
            return false;
        }
        if (state == State::Quoted) {
            record.unterminated = true;
        }
        endField(record);
        return true;
    }
}

std::optional<std::size_t> firstInvalidUtf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ULL) {
                break;
            }
            i += 8;
        }
        if (i >= n) {
            break;
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) {
                lo = 0xA0; // no overlongs
            } else if (c == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return i;
        }
        if (i + len > n) {
            return i;
        }
        if (s[i + 1] < lo || s[i + 1] > hi) {
            return i;
        }
        for (std::size_t k = 2; k < len; ++k) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) {
                return i;
            }
        }
        i += len;
    }
    return std::nullopt;
}

} // namespace ferry::model::detail
