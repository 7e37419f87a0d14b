#include <ferry/engine/CsvCleaner.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <string_view>

namespace ferry::engine {

using model::Error;
using model::Result;

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxSamples = 20;

Error optionError(const std::string& field, const std::string& message) {
    return Error{"transform.csv_clean_options", message, "csv_clean." + field};
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}
char upper(char c) {
    return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
}

// ---- 64-bit fingerprints (MurmurHash3-style mixing over 8-byte words) ---------------------------

std::uint64_t rotl(std::uint64_t x, int r) {
    return (x << r) | (x >> (64 - r));
}

std::uint64_t fmix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

std::uint64_t fingerprint(std::string_view bytes) {
    constexpr std::uint64_t k1 = 0x87c37b91114253d5ULL;
    constexpr std::uint64_t k2 = 0x4cf5ad432745937fULL;
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (bytes.size() * k1);
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        w *= k1;
        w = rotl(w, 31);
        w *= k2;
        h ^= w;
        h = rotl(h, 27) * 5 + 0x52dce729;
    }
    std::uint64_t tail = 0;
    for (std::size_t j = 0; i + j < bytes.size(); ++j)
        tail |= std::uint64_t(static_cast<unsigned char>(bytes[i + j])) << (8 * j);
    tail *= k1;
    tail = rotl(tail, 31);
    tail *= k2;
    h ^= tail;
    return fmix(h);
}

// Open-addressing set of 64-bit fingerprints: 8 bytes a slot, kept at most 70% full.
class FingerprintSet {
public:
    // True when the fingerprint was not in the set (and is now).
    bool insert(std::uint64_t f) {
        if (f == 0)
            f = 1; // 0 marks an empty slot
        if ((m_size + 1) * 10 > m_slots.size() * 7)
            grow();
        if (place(m_slots, f)) {
            ++m_size;
            return true;
        }
        return false;
    }
    std::size_t size() const { return m_size; }

private:
    static bool place(std::vector<std::uint64_t>& slots, std::uint64_t f) {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = f & mask;; i = (i + 1) & mask) {
            if (slots[i] == f)
                return false;
            if (slots[i] == 0) {
                slots[i] = f;
                return true;
            }
        }
    }
    void grow() {
        std::vector<std::uint64_t> bigger(m_slots.empty() ? 1024 : m_slots.size() * 2, 0);
        for (std::uint64_t f : m_slots)
            if (f != 0)
                place(bigger, f);
        m_slots.swap(bigger);
    }
    std::vector<std::uint64_t> m_slots;
    std::size_t m_size = 0;
};

// ---- dates ------------------------------------------------------------------------------------

bool leapYear(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool validDate(int y, int m, int d) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && leapYear(y) ? 1 : 0);
}

// Reads 1..maxDigits digits at pos; -1 when there is none.
int readNumber(std::string_view s, std::size_t& pos, std::size_t maxDigits, std::size_t* count) {
    std::size_t start = pos;
    int value = 0;
    while (pos < s.size() && isDigit(s[pos]) && pos - start < maxDigits)
        value = value * 10 + (s[pos++] - '0');
    if (count)
        *count = pos - start;
    return pos == start ? -1 : value;
}

int monthFromName(std::string_view word) {
    static constexpr std::array<std::string_view, 12> names{
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    if (word.size() < 3)
        return 0;
    std::string w;
    for (char c : word)
        w += lower(c);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (w == names[i] || w == names[i].substr(0, 3) || (i == 8 && w == "sept"))
            return int(i) + 1;
    return 0;
}

int fullYear(int y, std::size_t digits) {
    if (digits == 2)
        return y < 69 ? 2000 + y : 1900 + y; // POSIX %y
    return y;
}

std::string twoDigits(int v) {
    std::string s(2, '0');
    s[0] = char('0' + v / 10);
    s[1] = char('0' + v % 10);
    return s;
}

std::string isoDate(int y, int m, int d) {
    std::string s = "0000-00-00";
    for (int i = 3, v = y; i >= 0; --i, v /= 10)
        s[std::size_t(i)] = char('0' + v % 10);
    s[5] = char('0' + m / 10), s[6] = char('0' + m % 10);
    s[8] = char('0' + d / 10), s[9] = char('0' + d % 10);
    return s;
}

// Reads "[T| ]HH:MM[:SS[.fff]][Z|+HH:MM|+HHMM]" from pos to the end; appends "THH:MM:SS..." to out.
bool readTime(std::string_view s, std::size_t pos, std::string& out) {
    if (pos == s.size())
        return true;
    if (s[pos] != 'T' && s[pos] != ' ')
        return false;
    ++pos;
    while (pos < s.size() && s[pos] == ' ')
        ++pos;
    std::size_t digits = 0;
    int h = readNumber(s, pos, 2, &digits);
    if (h < 0 || h > 23 || pos >= s.size() || s[pos] != ':')
        return false;
    ++pos;
    int mi = readNumber(s, pos, 2, &digits);
    if (mi < 0 || digits != 2 || mi > 59)
        return false;
    int sec = 0;
    std::string fraction;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        sec = readNumber(s, pos, 2, &digits);
        if (sec < 0 || digits != 2 || sec > 59)
            return false;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            std::size_t start = ++pos;
            while (pos < s.size() && isDigit(s[pos]))
                ++pos;
            if (pos == start)
                return false;
            fraction = "." + std::string(s.substr(start, pos - start));
        }
    }
    std::string zone;
    if (pos < s.size()) {
        if (s[pos] == 'Z' && pos + 1 == s.size()) {
            zone = "Z";
        } else if (s[pos] == '+' || s[pos] == '-') {
            std::string_view rest = s.substr(pos + 1);
            std::size_t p = 0;
            int zh = readNumber(rest, p, 2, &digits);
            if (zh < 0 || digits != 2 || zh > 14)
                return false;
            if (p < rest.size() && rest[p] == ':')
                ++p;
            int zm = readNumber(rest, p, 2, &digits);
            if (zm < 0 || digits != 2 || zm > 59 || p != rest.size())
                return false;
            zone = std::string(1, s[pos]) + twoDigits(zh) + ":" + twoDigits(zm);
        } else {
            return false;
        }
    }
    out += "T" + twoDigits(h) + ":" + twoDigits(mi) + ":" + twoDigits(sec) + fraction + zone;
    return true;
}

// The date as ISO 8601, or a reason it cannot be read.
bool standardiseDate(std::string_view raw, std::optional<bool> dayFirst, std::string& out,
                     std::string& reason) {
    const std::string_view s = trimmed(raw);
    const auto quoted = [raw] { return "'" + std::string(raw) + "'"; };
    std::size_t pos = 0;
    std::size_t n1 = 0;
    int y = 0, m = 0, d = 0;
    const int first = readNumber(s, pos, 8, &n1);
    if (first >= 0 && n1 == 8) { // YYYYMMDD
        y = first / 10000, m = first / 100 % 100, d = first % 100;
    } else if (first >= 0 && n1 == 4) { // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
        if (pos >= s.size() || (s[pos] != '-' && s[pos] != '/' && s[pos] != '.')) {
            reason = "date " + quoted() + " is not in a known format";
            return false;
        }
        const char sep = s[pos++];
        std::size_t n = 0;
        m = readNumber(s, pos, 2, &n);
        if (m < 0 || pos >= s.size() || s[pos] != sep) {
            reason = "date " + quoted() + " is not in a known format";
            return false;
        }
        ++pos;
        d = readNumber(s, pos, 2, &n);
        y = first;
    } else if (first >= 0 && n1 <= 2) { // D.M.Y, A/B/Y, A-B-Y, D Month Y
        if (pos < s.size() && (s[pos] == '.' || s[pos] == '/' || s[pos] == '-')) {
            const char sep = s[pos++];
            std::size_t n2 = 0, n3 = 0;
            const int second = readNumber(s, pos, 2, &n2);
            if (second < 0 || pos >= s.size() || s[pos] != sep) {
                reason = "date " + quoted() + " is not in a known format";
                return false;
            }
            ++pos;
            const int year = readNumber(s, pos, 4, &n3);
            if (year < 0 || (n3 != 2 && n3 != 4)) {
                reason = "date " + quoted() + " is not in a known format";
                return false;
            }
            y = fullYear(year, n3);
            if (sep == '.') {
                d = first, m = second;
            } else {
                const bool dm = validDate(y, second, first);
                const bool md = validDate(y, first, second);
                bool readDayFirst = dm;
                if (dayFirst) {
                    readDayFirst = *dayFirst;
                } else if (dm && md && first != second) {
                    reason = "date " + quoted() +
                             " is ambiguous (day/month or month/day); set \"day_first\"";
                    return false;
                }
                d = readDayFirst ? first : second;
                m = readDayFirst ? second : first;
            }
        } else { // D Month YYYY
            while (pos < s.size() && s[pos] == ' ')
                ++pos;
            std::size_t start = pos;
            while (pos < s.size() && isAsciiLetter(s[pos]))
                ++pos;
            m = monthFromName(s.substr(start, pos - start));
            if (pos < s.size() && s[pos] == ',')
                ++pos;
            while (pos < s.size() && s[pos] == ' ')
                ++pos;
            std::size_t n3 = 0;
            y = readNumber(s, pos, 4, &n3);
            if (m == 0 || n3 != 4) {
                reason = "date " + quoted() + " is not in a known format";
                return false;
            }
            d = first;
        }
    } else if (first < 0) { // Month D, YYYY
        std::size_t start = pos;
        while (pos < s.size() && isAsciiLetter(s[pos]))
            ++pos;
        m = monthFromName(s.substr(start, pos - start));
        if (pos < s.size() && s[pos] == '.')
            ++pos;
        while (pos < s.size() && s[pos] == ' ')
            ++pos;
        std::size_t n2 = 0, n3 = 0;
        d = readNumber(s, pos, 2, &n2);
        if (pos < s.size() && s[pos] == ',')
            ++pos;
        while (pos < s.size() && s[pos] == ' ')
            ++pos;
        y = readNumber(s, pos, 4, &n3);
        if (m == 0 || d < 0 || n3 != 4) {
            reason = "date " + quoted() + " is not in a known format";
            return false;
        }
    } else {
        reason = "date " + quoted() + " is not in a known format";
        return false;
    }
    if (!validDate(y, m, d)) {
        reason = "date " + quoted() + " is not a valid calendar date";
        return false;
    }
    std::string result = isoDate(y, m, d);
    if (!readTime(s, pos, result)) {
        reason = "date " + quoted() + " has a time that cannot be read";
        return false;
    }
    out = std::move(result);
    return true;
}

// ---- numbers ----------------------------------------------------------------------------------

bool groupsValid(std::string_view integer, char group) {
    std::size_t start = 0;
    bool firstGroup = true;
    while (true) {
        std::size_t end = integer.find(group, start);
        std::size_t len = (end == std::string_view::npos ? integer.size() : end) - start;
        if (firstGroup ? (len < 1 || len > 3) : len != 3)
            return false;
        firstGroup = false;
        if (end == std::string_view::npos)
            return true;
        start = end + 1;
    }
}

// The number with `decimal` as its separator and no grouping, or a reason it cannot be read.
bool standardiseDecimal(std::string_view raw, char decimal, std::string& out, std::string& reason) {
    std::string_view s = trimmed(raw);
    const auto notNumber = [raw] { return "'" + std::string(raw) + "' is not a number"; };
    std::string sign;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        if (s.front() == '-')
            sign = "-";
        s.remove_prefix(1);
    }
    std::size_t dots = 0, commas = 0, digits = 0;
    for (char c : s) {
        if (c == '.')
            ++dots;
        else if (c == ',')
            ++commas;
        else if (isDigit(c))
            ++digits;
        else {
            reason = notNumber();
            return false;
        }
    }
    if (digits == 0) {
        reason = notNumber();
        return false;
    }
    char separator = 0; // the decimal separator of the input, 0 for none
    char group = 0;
    if (dots > 0 && commas > 0) {
        separator = s.find_last_of(".,") == s.rfind('.') ? '.' : ',';
        group = separator == '.' ? ',' : '.';
        if ((separator == '.' ? dots : commas) != 1) {
            reason = notNumber();
            return false;
        }
    } else if (dots + commas > 1) {
        group = dots > 0 ? '.' : ',';
    } else if (dots + commas == 1) {
        const char sep = dots ? '.' : ',';
        const std::size_t at = s.find(sep);
        const std::size_t after = s.size() - at - 1;
        if (after == 3 && at >= 1 && at <= 3 && sep != decimal) {
            reason = "'" + std::string(raw) + "' is ambiguous: '" + std::string(1, sep) +
                     "' may separate thousands or decimals";
            return false;
        }
        separator = sep;
    }
    std::string_view integer = s;
    std::string_view fraction;
    if (separator) {
        const std::size_t at = s.rfind(separator);
        integer = s.substr(0, at);
        fraction = s.substr(at + 1);
        if (fraction.empty() || fraction.find_first_not_of("0123456789") != std::string::npos) {
            reason = notNumber();
            return false;
        }
    }
    std::string result = sign;
    if (group && integer.find(group) != std::string_view::npos) {
        if (!groupsValid(integer, group)) {
            reason = "'" + std::string(raw) + "' has misplaced thousands separators";
            return false;
        }
        for (char c : integer)
            if (c != group)
                result += c;
    } else {
        result += integer.empty() ? std::string_view("0") : integer;
    }
    if (!fraction.empty()) {
        result += decimal;
        result += fraction;
    }
    out = std::move(result);
    return true;
}

// ---- JSON options -----------------------------------------------------------------------------

Result<std::string> stringField(const nlohmann::json& object, const std::string& key,
                                const std::string& path) {
    auto it = object.find(key);
    if (it == object.end())
        return optionError(path + "." + key, "\"" + key + "\" is missing; add it as a string");
    if (!it->is_string())
        return optionError(path + "." + key,
                           "\"" + key + "\" must be a string, not " + std::string(it->type_name()));
    return it->get<std::string>();
}

Result<void> onlyKeys(const nlohmann::json& object, std::initializer_list<std::string_view> keys,
                      const std::string& path) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
            std::string known;
            for (auto k : keys)
                known += (known.empty() ? "" : ", ") + std::string(k);
            return optionError(path + "." + it.key(),
                               "unknown option \"" + it.key() + "\"; the known ones are " + known);
        }
    }
    return model::success();
}

const char* caseName(CsvLetterCase c) {
    switch (c) {
    case CsvLetterCase::Lower:
        return "lower";
    case CsvLetterCase::Upper:
        return "upper";
    case CsvLetterCase::Title:
        return "title";
    case CsvLetterCase::Keep:
        break;
    }
    return "";
}

const char* fillName(CsvFillSource s) {
    switch (s) {
    case CsvFillSource::Constant:
        return "constant";
    case CsvFillSource::Default:
        return "default";
    case CsvFillSource::Previous:
        return "previous";
    }
    return "";
}

} // namespace

Result<CsvCleanOptions> CsvCleanOptions::fromJson(const nlohmann::json& json) {
    if (!json.is_object())
        return optionError("options", "the csv_clean options must be a JSON object");
    CsvCleanOptions o;
    if (auto r = onlyKeys(json,
                          {"type", "match", "delimiter", "header", "dedupe", "fill", "standardise",
                           "max_row_bytes"},
                          "options");
        !r)
        return r.error();
    if (json.contains("type")) {
        if (!json["type"].is_string() || json["type"] != "csv_clean")
            return optionError("type", "\"type\" must be \"csv_clean\" for these options");
    }
    if (json.contains("match")) {
        auto m = stringField(json, "match", "options");
        if (!m)
            return m.error();
        o.match = *m;
    }
    if (json.contains("delimiter")) {
        auto d = stringField(json, "delimiter", "options");
        if (!d)
            return d.error();
        if (d->size() != 1 || (*d)[0] == '"' || (*d)[0] == '\r' || (*d)[0] == '\n')
            return optionError("delimiter", "\"delimiter\" must be one character (not a quote or "
                                            "a line break), e.g. \",\", \";\" or \"\\t\"");
        o.delimiter = (*d)[0];
    }
    if (json.contains("header")) {
        if (!json["header"].is_boolean())
            return optionError("header", "\"header\" must be true or false");
        o.header = json["header"].get<bool>();
    }
    if (json.contains("max_row_bytes")) {
        const auto& v = json["max_row_bytes"];
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
            return optionError("max_row_bytes", "\"max_row_bytes\" must be a positive integer");
        o.maxRowBytes = v.get<std::size_t>();
    }
    if (json.contains("dedupe")) {
        const auto& d = json["dedupe"];
        if (!d.is_object())
            return optionError("dedupe", "\"dedupe\" must be an object: {\"keys\": [...]} or "
                                         "{\"whole_row\": true}");
        if (auto r = onlyKeys(d, {"keys", "whole_row"}, "dedupe"); !r)
            return r.error();
        if (d.contains("whole_row")) {
            if (!d["whole_row"].is_boolean())
                return optionError("dedupe.whole_row", "\"whole_row\" must be true or false");
            o.dedupeWholeRow = d["whole_row"].get<bool>();
        }
        if (d.contains("keys")) {
            const auto& keys = d["keys"];
            if (!keys.is_array() || keys.empty())
                return optionError("dedupe.keys",
                                   "\"keys\" must be a non-empty list of column names");
            for (std::size_t i = 0; i < keys.size(); ++i) {
                if (!keys[i].is_string() || keys[i].get<std::string>().empty())
                    return optionError("dedupe.keys[" + std::to_string(i) + "]",
                                       "each key must be a column name (a non-empty string)");
                o.dedupeKeys.push_back(keys[i].get<std::string>());
            }
        }
        if (o.dedupeWholeRow == !o.dedupeKeys.empty())
            return optionError("dedupe", "\"dedupe\" needs exactly one of \"keys\" (a list of "
                                         "columns) or \"whole_row\": true");
    }
    if (json.contains("fill")) {
        const auto& fill = json["fill"];
        if (!fill.is_array())
            return optionError("fill", "\"fill\" must be a list of rules");
        for (std::size_t i = 0; i < fill.size(); ++i) {
            const std::string path = "fill[" + std::to_string(i) + "]";
            const auto& rule = fill[i];
            if (!rule.is_object())
                return optionError(path, "each fill rule must be an object with \"column\" and "
                                         "\"with\"");
            if (auto r = onlyKeys(rule, {"column", "with", "value"}, path); !r)
                return r.error();
            CsvFillRule f;
            auto column = stringField(rule, "column", path);
            if (!column)
                return column.error();
            f.column = *column;
            auto with = stringField(rule, "with", path);
            if (!with)
                return with.error();
            if (*with == "constant")
                f.source = CsvFillSource::Constant;
            else if (*with == "default")
                f.source = CsvFillSource::Default;
            else if (*with == "previous")
                f.source = CsvFillSource::Previous;
            else
                return optionError(path + ".with", "\"with\" must be \"constant\", \"default\" "
                                                   "or \"previous\", not \"" +
                                                       *with + "\"");
            if (f.source == CsvFillSource::Previous) {
                if (rule.contains("value"))
                    return optionError(path + ".value",
                                       "\"with\": \"previous\" takes no \"value\"; remove it");
            } else {
                auto value = stringField(rule, "value", path);
                if (!value)
                    return value.error();
                f.value = *value;
            }
            o.fill.push_back(std::move(f));
        }
    }
    if (json.contains("standardise")) {
        const auto& list = json["standardise"];
        if (!list.is_array())
            return optionError("standardise", "\"standardise\" must be a list of rules");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string path = "standardise[" + std::to_string(i) + "]";
            const auto& rule = list[i];
            if (!rule.is_object())
                return optionError(path, "each standardise rule must be an object with "
                                         "\"column\"");
            if (auto r = onlyKeys(rule, {"column", "trim", "case", "date", "day_first", "decimal"},
                                  path);
                !r)
                return r.error();
            CsvStandardiseRule s;
            auto column = stringField(rule, "column", path);
            if (!column)
                return column.error();
            s.column = *column;
            if (rule.contains("trim")) {
                if (!rule["trim"].is_boolean())
                    return optionError(path + ".trim", "\"trim\" must be true or false");
                s.trim = rule["trim"].get<bool>();
            }
            if (rule.contains("case")) {
                auto c = stringField(rule, "case", path);
                if (!c)
                    return c.error();
                if (*c == "lower")
                    s.letterCase = CsvLetterCase::Lower;
                else if (*c == "upper")
                    s.letterCase = CsvLetterCase::Upper;
                else if (*c == "title")
                    s.letterCase = CsvLetterCase::Title;
                else
                    return optionError(path + ".case", "\"case\" must be \"lower\", \"upper\" or "
                                                       "\"title\", not \"" +
                                                           *c + "\"");
            }
            if (rule.contains("date")) {
                auto d = stringField(rule, "date", path);
                if (!d)
                    return d.error();
                if (*d != "iso8601")
                    return optionError(path + ".date",
                                       "\"date\" must be \"iso8601\", not \"" + *d + "\"");
                s.isoDate = true;
            }
            if (rule.contains("day_first")) {
                if (!rule["day_first"].is_boolean())
                    return optionError(path + ".day_first", "\"day_first\" must be true or false");
                if (!s.isoDate)
                    return optionError(path + ".day_first",
                                       "\"day_first\" only applies with \"date\": \"iso8601\"");
                s.dayFirst = rule["day_first"].get<bool>();
            }
            if (rule.contains("decimal")) {
                auto d = stringField(rule, "decimal", path);
                if (!d)
                    return d.error();
                if (*d != "." && *d != ",")
                    return optionError(path + ".decimal",
                                       "\"decimal\" must be \".\" or \",\", not \"" + *d + "\"");
                s.decimal = (*d)[0];
            }
            if (s.isoDate && s.decimal)
                return optionError(path, "a column cannot be both a date and a number; split "
                                         "the rule");
            if (!s.trim && s.letterCase == CsvLetterCase::Keep && !s.isoDate && !s.decimal)
                return optionError(path, "the rule does nothing; give \"trim\", \"case\", "
                                         "\"date\" or \"decimal\"");
            o.standardise.push_back(std::move(s));
        }
    }
    return o;
}

nlohmann::json CsvCleanOptions::toJson() const {
    nlohmann::json j;
    j["type"] = "csv_clean";
    j["match"] = match;
    j["delimiter"] = std::string(1, delimiter);
    j["header"] = header;
    if (maxRowBytes != (std::size_t{64} << 20))
        j["max_row_bytes"] = maxRowBytes;
    if (dedupeWholeRow)
        j["dedupe"] = {{"whole_row", true}};
    else if (!dedupeKeys.empty())
        j["dedupe"] = {{"keys", dedupeKeys}};
    if (!fill.empty()) {
        j["fill"] = nlohmann::json::array();
        for (const auto& f : fill) {
            nlohmann::json r{{"column", f.column}, {"with", fillName(f.source)}};
            if (f.source != CsvFillSource::Previous)
                r["value"] = f.value;
            j["fill"].push_back(std::move(r));
        }
    }
    if (!standardise.empty()) {
        j["standardise"] = nlohmann::json::array();
        for (const auto& s : standardise) {
            nlohmann::json r{{"column", s.column}};
            if (s.trim)
                r["trim"] = true;
            if (s.letterCase != CsvLetterCase::Keep)
                r["case"] = caseName(s.letterCase);
            if (s.isoDate)
                r["date"] = "iso8601";
            if (s.dayFirst)
                r["day_first"] = *s.dayFirst;
            if (s.decimal)
                r["decimal"] = std::string(1, *s.decimal);
            j["standardise"].push_back(std::move(r));
        }
    }
    return j;
}

// ---- the cleaner ------------------------------------------------------------------------------

struct CsvCleaner::State {
    enum class Parse { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCR };
    enum class Step { Trim, Case, Date, Decimal };
    struct StandardiseStep {
        std::size_t column = 0;
        Step step = Step::Trim;
        const CsvStandardiseRule* rule = nullptr;
        std::size_t counter = 0; // index into standardiseCounts
    };
    struct Sample {
        std::uint64_t row = 0;
        std::uint64_t line = 0;
        std::string reason;
    };

    CsvCleanOptions options;

    // Parser
    Parse parse = Parse::FieldStart;
    bool bomDecided = false;
    std::string bomProbe;
    std::vector<std::string> fields{1};
    std::size_t fieldCount = 1;
    std::string raw; // the current row's bytes as read, without its line ending
    bool rowHasContent = false;
    bool rowMalformed = false;
    bool quotedLastWasCR = false;
    std::uint64_t line = 1;         // physical line at the current position
    std::uint64_t rowStartLine = 1; // physical line where the current row began

    // Rules, resolved against the header
    bool columnsKnown = false;
    std::vector<std::string> columns;
    std::vector<StandardiseStep> steps;
    std::vector<std::pair<std::string, std::uint64_t>> standardiseCounts;
    std::vector<std::size_t> fillColumns;
    std::vector<std::uint64_t> fillCounts;
    std::vector<std::string> previous;
    std::vector<std::size_t> dedupeColumns;
    FingerprintSet seen;
    std::vector<std::uint64_t> rowStandardise; // this row's counts, kept if it is cleaned
    std::vector<std::uint64_t> rowFill;
    std::string key;
    std::string scratch;
    std::string reason;

    // Output and report
    std::string out;
    std::string lineEnding;
    std::uint64_t bytesIn = 0;
    std::uint64_t bytesOut = 0;
    std::uint64_t rowsIn = 0;
    std::uint64_t rowsOut = 0;
    std::uint64_t blankLines = 0;
    std::uint64_t dropped = 0;
    std::uint64_t uncleanable = 0;
    std::vector<Sample> samples;
    std::optional<Error> failure;

    Result<void> flush(const ByteSink& sink, bool force) {
        if (out.empty() || (!force && out.size() < kFlushBytes))
            return model::success();
        auto r = sink(std::as_bytes(std::span(out.data(), out.size())));
        bytesOut += out.size();
        out.clear();
        if (!r) {
            failure = r.error();
            return r;
        }
        return model::success();
    }

    void writeField(std::string_view f) {
        const char d = options.delimiter;
        bool quote = false;
        for (char c : f)
            if (c == d || c == '"' || c == '\r' || c == '\n') {
                quote = true;
                break;
            }
        if (!quote) {
            out += f;
            return;
        }
        out += '"';
        for (char c : f) {
            if (c == '"')
                out += '"';
            out += c;
        }
        out += '"';
    }

    void writeRow(bool terminated) {
        for (std::size_t i = 0; i < fieldCount; ++i) {
            if (i)
                out += options.delimiter;
            writeField(fields[i]);
        }
        if (fieldCount == 1 && fields[0].empty())
            out += "\"\""; // a row of one empty field must not look like a blank line
        if (terminated)
            out += lineEnding;
    }

    Result<void> resolveColumns() {
        std::string list;
        for (const auto& c : columns)
            list += (list.empty() ? "'" : ", '") + c + "'";
        auto find = [&](const std::string& name, const std::string& rule) -> Result<std::size_t> {
            std::optional<std::size_t> found;
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (trimmed(columns[i]) != name)
                    continue;
                if (found)
                    return Error{"transform.csv_clean_duplicate_column",
                                 "the rule " + rule + " names column '" + name +
                                     "', which appears more than once in the header; rename "
                                     "one of them in the file",
                                 "line " + std::to_string(rowStartLine)};
                found = i;
            }
            if (!found)
                return Error{"transform.csv_clean_unknown_column",
                             "the rule " + rule + " names column '" + name +
                                 "', which the header does not have; the columns are " + list +
                                 "; fix the column name in the mapping",
                             "line " + std::to_string(rowStartLine)};
            return *found;
        };
        std::map<std::string, std::size_t> counterIndex;
        for (std::size_t i = 0; i < options.standardise.size(); ++i) {
            const auto& rule = options.standardise[i];
            auto column = find(rule.column, "standardise[" + std::to_string(i) + "]");
            if (!column)
                return column.error();
            auto add = [&](Step step, const char* name) {
                const std::string counter = rule.column + "." + name;
                auto [it, inserted] = counterIndex.emplace(counter, standardiseCounts.size());
                if (inserted)
                    standardiseCounts.emplace_back(counter, 0);
                steps.push_back({*column, step, &rule, it->second});
            };
            if (rule.trim)
                add(Step::Trim, "trim");
            if (rule.letterCase != CsvLetterCase::Keep)
                add(Step::Case, "case");
            if (rule.isoDate)
                add(Step::Date, "date");
            if (rule.decimal)
                add(Step::Decimal, "decimal");
        }
        for (std::size_t i = 0; i < options.fill.size(); ++i) {
            auto column = find(options.fill[i].column, "fill[" + std::to_string(i) + "]");
            if (!column)
                return column.error();
            fillColumns.push_back(*column);
        }
        for (std::size_t i = 0; i < options.dedupeKeys.size(); ++i) {
            auto column = find(options.dedupeKeys[i], "dedupe.keys[" + std::to_string(i) + "]");
            if (!column)
                return column.error();
            dedupeColumns.push_back(*column);
        }
        if (options.dedupeWholeRow)
            for (std::size_t i = 0; i < columns.size(); ++i)
                dedupeColumns.push_back(i);
        fillCounts.assign(options.fill.size(), 0);
        previous.assign(options.fill.size(), std::string());
        rowStandardise.assign(standardiseCounts.size(), 0);
        rowFill.assign(options.fill.size(), 0);
        columnsKnown = true;
        return model::success();
    }

    void passThrough(std::string why, bool terminated) {
        ++uncleanable;
        if (samples.size() < kMaxSamples)
            samples.push_back({rowsIn, rowStartLine, std::move(why)});
        out += raw;
        if (terminated)
            out += lineEnding;
        ++rowsOut;
    }

    // Standardise, fill and dedupe the row in `fields`; false with `reason` when it cannot be.
    bool clean() {
        std::fill(rowStandardise.begin(), rowStandardise.end(), 0);
        std::fill(rowFill.begin(), rowFill.end(), 0);
        for (const auto& s : steps) {
            std::string& value = fields[s.column];
            bool changed = false;
            switch (s.step) {
            case Step::Trim: {
                std::string_view t = trimmed(value);
                if (t.size() != value.size()) {
                    const std::size_t begin = std::size_t(t.data() - value.data());
                    value.erase(begin + t.size());
                    value.erase(0, begin);
                    changed = true;
                }
                break;
            }
            case Step::Case: {
                bool wordStart = true;
                for (char& c : value) {
                    const char before = c;
                    const bool letter = isAsciiLetter(c) || static_cast<unsigned char>(c) >= 0x80;
                    switch (s.rule->letterCase) {
                    case CsvLetterCase::Lower:
                        c = lower(c);
                        break;
                    case CsvLetterCase::Upper:
                        c = upper(c);
                        break;
                    case CsvLetterCase::Title:
                        c = wordStart ? upper(c) : lower(c);
                        break;
                    case CsvLetterCase::Keep:
                        break;
                    }
                    wordStart = !(letter || isDigit(c) || c == '\'');
                    changed = changed || c != before;
                }
                break;
            }
            case Step::Date:
                if (trimmed(value).empty())
                    break;
                if (!standardiseDate(value, s.rule->dayFirst, scratch, reason)) {
                    reason = "column '" + columns[s.column] + "': " + reason;
                    return false;
                }
                changed = scratch != value;
                value.swap(scratch);
                break;
            case Step::Decimal:
                if (trimmed(value).empty())
                    break;
                if (!standardiseDecimal(value, *s.rule->decimal, scratch, reason)) {
                    reason = "column '" + columns[s.column] + "': " + reason;
                    return false;
                }
                changed = scratch != value;
                value.swap(scratch);
                break;
            }
            if (changed)
                ++rowStandardise[s.counter];
        }
        for (std::size_t i = 0; i < options.fill.size(); ++i) {
            std::string& value = fields[fillColumns[i]];
            if (!value.empty())
                continue;
            const auto& rule = options.fill[i];
            const std::string& with =
                rule.source == CsvFillSource::Previous ? previous[i] : rule.value;
            if (with.empty())
                continue;
            value = with;
            ++rowFill[i];
        }
        return true;
    }

    void commitCounts() {
        for (std::size_t i = 0; i < rowStandardise.size(); ++i)
            standardiseCounts[i].second += rowStandardise[i];
        for (std::size_t i = 0; i < rowFill.size(); ++i) {
            fillCounts[i] += rowFill[i];
            if (options.fill[i].source == CsvFillSource::Previous &&
                !fields[fillColumns[i]].empty())
                previous[i] = fields[fillColumns[i]];
        }
    }

    bool duplicate() {
        if (dedupeColumns.empty())
            return false;
        key.clear();
        for (std::size_t c : dedupeColumns) {
            const auto size = static_cast<std::uint32_t>(fields[c].size());
            key.append(reinterpret_cast<const char*>(&size), sizeof size);
            key += fields[c];
        }
        return !seen.insert(fingerprint(key));
    }

    Result<void> endRecord(std::string_view terminator, bool terminated) {
        if (raw.size() > options.maxRowBytes) {
            failure = Error{"transform.csv_clean_row_too_long",
                            "the row is longer than " + std::to_string(options.maxRowBytes) +
                                " bytes (an unclosed quote?); fix the file or raise "
                                "\"max_row_bytes\"",
                            "line " + std::to_string(rowStartLine)};
            return *failure;
        }
        if (terminated && lineEnding.empty())
            lineEnding = terminator;
        if (terminated)
            ++line;
        Result<void> result = model::success();
        if (!rowHasContent) {
            if (terminated)
                ++blankLines;
        } else if (!columnsKnown && options.header) {
            columns.assign(fields.begin(), fields.begin() + std::ptrdiff_t(fieldCount));
            result = resolveColumns();
            if (result)
                writeRow(terminated);
        } else {
            if (!columnsKnown) {
                columns.clear();
                for (std::size_t i = 1; i <= fieldCount; ++i)
                    columns.push_back(std::to_string(i));
                result = resolveColumns();
            }
            if (result)
                processDataRow(terminated);
        }
        if (!result)
            failure = result.error();
        fieldCount = 1;
        fields[0].clear();
        raw.clear();
        rowHasContent = false;
        rowMalformed = false;
        rowStartLine = line;
        parse = Parse::FieldStart;
        return result;
    }

    void processDataRow(bool terminated) {
        ++rowsIn;
        if (rowMalformed)
            return passThrough("text follows a closing quote inside a field", terminated);
        if (fieldCount != columns.size())
            return passThrough("the row has " + std::to_string(fieldCount) +
                                   " fields, the header has " + std::to_string(columns.size()),
                               terminated);
        if (!clean())
            return passThrough(std::move(reason), terminated);
        commitCounts();
        if (duplicate()) {
            ++dropped;
            return;
        }
        ++rowsOut;
        writeRow(terminated);
    }

    void newField() {
        if (fieldCount == fields.size())
            fields.emplace_back();
        else
            fields[fieldCount].clear();
        ++fieldCount;
        parse = Parse::FieldStart;
    }

    Result<void> parseBytes(const char* p, std::size_t n, const ByteSink& sink) {
        const char d = options.delimiter;
        std::size_t i = 0;
        std::size_t rawStart = 0;
        while (i < n) {
            const char c = p[i];
            switch (parse) {
            case Parse::AfterCR:
                if (c == '\n') {
                    rawStart = ++i;
                    if (auto r = endRecord("\r\n", true); !r)
                        return r;
                } else if (auto r = endRecord("\r", true); !r) {
                    return r;
                }
                if (auto r = flush(sink, false); !r)
                    return r;
                continue;
            case Parse::FieldStart:
            case Parse::QuoteInQuoted:
                if (c == d) {
                    rowHasContent = true;
                    newField();
                    ++i;
                } else if (c == '\n' || c == '\r') {
                    raw.append(p + rawStart, i - rawStart);
                    rawStart = ++i;
                    if (c == '\r') {
                        parse = Parse::AfterCR;
                        continue;
                    }
                    if (auto r = endRecord("\n", true); !r)
                        return r;
                    if (auto r = flush(sink, false); !r)
                        return r;
                } else if (c == '"') {
                    rowHasContent = true;
                    if (parse == Parse::QuoteInQuoted)
                        fields[fieldCount - 1] += '"';
                    parse = Parse::Quoted;
                    ++i;
                } else {
                    rowHasContent = true;
                    if (parse == Parse::QuoteInQuoted)
                        rowMalformed = true;
                    parse = Parse::Unquoted;
                }
                continue;
            case Parse::Unquoted: {
                std::size_t j = i;
                while (j < n && p[j] != d && p[j] != '\n' && p[j] != '\r')
                    ++j;
                fields[fieldCount - 1].append(p + i, j - i);
                i = j;
                if (i < n)
                    parse = Parse::FieldStart; // the delimiter or line break is handled there
                continue;
            }
            case Parse::Quoted: {
                std::size_t j = i;
                while (j < n && p[j] != '"' && p[j] != '\n' && p[j] != '\r')
                    ++j;
                std::string& field = fields[fieldCount - 1];
                if (j > i)
                    quotedLastWasCR = false;
                field.append(p + i, j - i);
                i = j;
                if (i == n)
                    continue;
                if (p[i] == '"') {
                    quotedLastWasCR = false;
                    parse = Parse::QuoteInQuoted;
                } else {
                    if (p[i] == '\r' || !quotedLastWasCR)
                        ++line;
                    quotedLastWasCR = p[i] == '\r';
                    field += p[i];
                }
                ++i;
                continue;
            }
            }
        }
        raw.append(p + rawStart, n - rawStart);
        if (raw.size() > options.maxRowBytes) {
            failure = Error{"transform.csv_clean_row_too_long",
                            "the row is longer than " + std::to_string(options.maxRowBytes) +
                                " bytes (an unclosed quote?); fix the file or raise "
                                "\"max_row_bytes\"",
                            "line " + std::to_string(rowStartLine)};
            return *failure;
        }
        return model::success();
    }
};

CsvCleaner::CsvCleaner(CsvCleanOptions options) : m_state(std::make_unique<State>()) {
    m_state->options = std::move(options);
}

CsvCleaner::~CsvCleaner() = default;

Result<void> CsvCleaner::write(std::span<const std::byte> data, const ByteSink& sink) {
    State& s = *m_state;
    if (s.failure)
        return *s.failure;
    s.bytesIn += data.size();
    const char* p = reinterpret_cast<const char*>(data.data());
    std::size_t n = data.size();
    while (!s.bomDecided && n > 0) {
        s.bomProbe += *p++;
        --n;
        if (s.bomProbe == kBom) {
            s.bomDecided = true;
            s.out += kBom;
        } else if (kBom.substr(0, s.bomProbe.size()) != s.bomProbe) {
            s.bomDecided = true;
            if (auto r = s.parseBytes(s.bomProbe.data(), s.bomProbe.size(), sink); !r)
                return r;
        }
    }
    if (auto r = s.parseBytes(p, n, sink); !r)
        return r;
    return s.flush(sink, true);
}

Result<void> CsvCleaner::finish(const ByteSink& sink) {
    State& s = *m_state;
    if (s.failure)
        return *s.failure;
    if (!s.bomDecided) {
        s.bomDecided = true;
        if (auto r = s.parseBytes(s.bomProbe.data(), s.bomProbe.size(), sink); !r)
            return r;
    }
    if (s.parse == State::Parse::Quoted) {
        s.failure = Error{"transform.csv_clean_unclosed_quote",
                          "a quoted field opened here is never closed; the file is cut short or "
                          "has a stray quote: fix it at the source",
                          "line " + std::to_string(s.rowStartLine)};
        return *s.failure;
    }
    if (s.parse == State::Parse::AfterCR) {
        if (auto r = s.endRecord("\r", true); !r)
            return r;
    } else if (s.rowHasContent) {
        if (auto r = s.endRecord("", false); !r)
            return r;
    }
    return s.flush(sink, true);
}

nlohmann::json CsvCleaner::report() const {
    const State& s = *m_state;
    nlohmann::json fill = nlohmann::json::object();
    for (std::size_t i = 0; i < s.options.fill.size(); ++i)
        fill[s.options.fill[i].column] = fill.value(s.options.fill[i].column, 0) +
                                         (i < s.fillCounts.size() ? s.fillCounts[i] : 0);
    nlohmann::json standardise = nlohmann::json::object();
    for (const auto& [name, count] : s.standardiseCounts)
        standardise[name] = count;
    nlohmann::json samples = nlohmann::json::array();
    for (const auto& sample : s.samples)
        samples.push_back({{"row", sample.row}, {"line", sample.line}, {"reason", sample.reason}});
    nlohmann::json j{{"transform", "csv_clean"},
                     {"rows_in", s.rowsIn},
                     {"rows_out", s.rowsOut},
                     {"blank_lines_dropped", s.blankLines},
                     {"fill", fill},
                     {"standardise", standardise},
                     {"uncleanable", {{"count", s.uncleanable}, {"samples", samples}}},
                     {"bytes_in", s.bytesIn},
                     {"bytes_out", s.bytesOut}};
    if (!s.options.dedupeKeys.empty() || s.options.dedupeWholeRow)
        j["dedupe"] = {{"dropped", s.dropped}, {"distinct_keys", s.seen.size()}};
    if (s.failure)
        j["error"] = s.failure->toString();
    return j;
}

} // namespace ferry::engine
