#include <ferry/model/ProjectJson.hpp>

#include "AtomicFile.hpp"
#include "FileReading.hpp"
#include "NonFiniteCheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>

namespace ferry::model {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr std::uint64_t kMaxFileBytes = 512ull << 20;
constexpr std::size_t kMaxDepth = 256;
constexpr std::string_view kFormatName = "ferry-project";
constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

// ---------------------------------------------------------------------------------------------
// Text helpers

/// Length of the valid UTF-8 sequence starting at text[i] (RFC 3629), or 0 when it is invalid.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80)
        return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c == 0xE0) {
        length = 3;
        low = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        length = 3;
    } else if (c == 0xED) {
        length = 3;
        high = 0x9F;
    } else if (c == 0xF0) {
        length = 4;
        low = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        length = 4;
    } else if (c == 0xF4) {
        length = 4;
        high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
            return 0;
    }
    return length;
}

/// text made safe to show: valid UTF-8, control characters and bad bytes escaped, cut to maxBytes.
std::string printable(std::string_view text, std::size_t maxBytes = 80) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (out.size() >= maxBytes) {
            out += "...";
            break;
        }
        const std::size_t length = utf8SequenceLength(text, i);
        const auto c = static_cast<unsigned char>(text[i]);
        char escaped[8];
        if (length == 0) {
            std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
            out += escaped;
            ++i;
        } else if (length == 1 && (c < 0x20 || c == 0x7f)) {
            std::snprintf(escaped, sizeof escaped, "\\u%04X", c);
            out += escaped;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

/// One JSON pointer reference token (RFC 6901): "~" becomes "~0", "/" becomes "~1".
std::string pointerToken(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

/// 1-based line and column (in characters) of the byte at offset.
std::pair<std::size_t, std::size_t> lineAndColumn(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    std::size_t column = 1;
    for (std::size_t i = lineStart; i < offset; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return {line, column};
}

std::string inQuotes(std::string_view text) {
    return "\"" + printable(text) + "\"";
}

/// "a string (\"120\")", "an array", ... for messages about a value of the wrong type.
std::string describeValue(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return value.get<bool>() ? "true" : "false";
    case json::value_t::string:
        return "a string (" + inQuotes(value.get_ref<const std::string&>()) + ")";
    case json::value_t::object:
        return "an object";
    case json::value_t::array:
        return "an array";
    case json::value_t::number_float:
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "the number " + value.dump();
    default:
        return "a binary value";
    }
}

/// Edit distance, for "did you mean" hints on misspelt field names.
std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// ---------------------------------------------------------------------------------------------
// Strict parsing: a SAX handler that builds the document and refuses duplicate keys and
// absurd nesting, which nlohmann's own DOM parser would accept.

class StrictDocumentBuilder {
public:
    explicit StrictDocumentBuilder(json& root) : m_root(root) {}

    bool null() { return place(json(nullptr)); }
    bool boolean(bool value) { return place(json(value)); }
    bool number_integer(json::number_integer_t value) { return place(json(value)); }
    bool number_unsigned(json::number_unsigned_t value) { return place(json(value)); }
    bool number_float(json::number_float_t value, const json::string_t&) {
        return place(json(value));
    }
    bool string(json::string_t& value) { return place(json(std::move(value))); }
    bool binary(json::binary_t&) { return false; } // The JSON text parser never produces one.

    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool key(json::string_t& name) {
        Level& level = m_stack.back();
        if (level.container->contains(name)) {
            m_duplicatePointer = pointer() + "/" + pointerToken(name);
            m_duplicateKey = name;
            return false;
        }
        level.key = name;
        m_element = &(*level.container)[name];
        return true;
    }
    bool end_object() {
        m_stack.pop_back();
        return true;
    }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_array() {
        m_stack.pop_back();
        return true;
    }

    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& error) {
        m_errorPosition = position;
        m_errorId = error.id;
        m_errorText = error.what();
        return false;
    }

    std::size_t errorPosition() const { return m_errorPosition; }
    int errorId() const { return m_errorId; }
    const std::string& errorText() const { return m_errorText; }
    const std::string& duplicatePointer() const { return m_duplicatePointer; }
    const std::string& duplicateKey() const { return m_duplicateKey; }
    const std::string& tooDeepPointer() const { return m_tooDeepPointer; }

private:
    struct Level {
        json* container;
        std::string key; // Key of the member being filled, for objects.
    };

    json* insert(json&& value) {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        json& container = *m_stack.back().container;
        if (container.is_array()) {
            container.push_back(std::move(value));
            return &container.back();
        }
        *m_element = std::move(value);
        return m_element;
    }
    bool place(json&& value) {
        insert(std::move(value));
        return true;
    }
    bool open(json::value_t type) {
        if (m_stack.size() >= kMaxDepth) {
            m_tooDeepPointer = pointer();
            return false;
        }
        json* created = insert(json(type));
        m_stack.push_back(Level{created, {}});
        return true;
    }
    /// Pointer to the innermost open container.
    std::string pointer() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < m_stack.size(); ++i) {
            const json& container = *m_stack[i].container;
            out += '/';
            out += container.is_array() ? std::to_string(container.size() - 1)
                                        : pointerToken(m_stack[i].key);
        }
        return out;
    }

    json& m_root;
    std::vector<Level> m_stack;
    json* m_element = nullptr;
    std::size_t m_errorPosition = 0;
    int m_errorId = 0;
    std::string m_errorText;
    std::string m_duplicatePointer;
    std::string m_duplicateKey;
    std::string m_tooDeepPointer;
};

/// nlohmann's message without its "[json.exception...] parse error at line 1, column 5: " prefix
/// and with the echoed token shortened (it can be megabytes long) and made printable.
std::string syntaxDetail(const std::string& what) {
    std::string_view text = what;
    if (const auto bracket = text.find("] "); bracket != std::string_view::npos && text[0] == '[')
        text.remove_prefix(bracket + 2);
    if (text.starts_with("parse error")) {
        if (const auto colon = text.find(": "); colon != std::string_view::npos)
            text.remove_prefix(colon + 2);
    }
    std::string detail(text);
    if (const auto lastRead = detail.find("; last read: '"); lastRead != std::string::npos) {
        const auto tokenStart = lastRead + 14;
        const auto tokenEnd = detail.find('\'', tokenStart);
        const std::string token = detail.substr(
            tokenStart, tokenEnd == std::string::npos ? std::string::npos : tokenEnd - tokenStart);
        const std::string shortToken =
            token.size() > 40 ? "..." + token.substr(token.size() - 40) : token;
        detail = detail.substr(0, lastRead) + "; last read: '" + shortToken + "'" +
                 (tokenEnd == std::string::npos ? "" : detail.substr(tokenEnd + 1));
    }
    return printable(detail, 300);
}

Error syntaxError(std::string_view text, const std::string& source,
                  const StrictDocumentBuilder& builder) {
    // The parser reports how many bytes it had read; the offending byte is the last of them.
    const std::size_t offset = builder.errorPosition() == 0 ? 0 : builder.errorPosition() - 1;
    const auto [line, column] = lineAndColumn(text, offset);
    const std::string context = source + ":" + std::to_string(line) + ":" + std::to_string(column);
    const std::string detail = syntaxDetail(builder.errorText());
    if (builder.errorId() == 406) {
        return Error{"json.range",
                     "A number is too large to be represented (" + detail +
                         "); write a smaller value.",
                     context};
    }
    if (detail.find("ill-formed UTF-8") != std::string::npos) {
        return Error{"json.encoding",
                     "The file is not valid UTF-8 text (" + detail +
                         "); save it with UTF-8 encoding.",
                     context};
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return Error{"json.parse", "The file is empty; it should hold a Ferry project.", context};
    }
    return Error{"json.parse",
                 "The file is not valid JSON (" + detail +
                     "); fix it at this position or restore it from a backup.",
                 context};
}

// ---------------------------------------------------------------------------------------------
// Typed reading of the document, reporting the first problem with its JSON pointer.

/// Where a value sits and how to name its owner in a message.
struct Scope {
    std::string pointer; ///< e.g. "/workloads/3".
    std::string label;   ///< e.g. "workload 'orders-db'".
};

class DocumentReader {
public:
    explicit DocumentReader(const std::string& source) : m_source(source) {}

    bool failed() const { return m_error.has_value(); }
    const Error& error() const { return *m_error; }

    void fail(std::string code, std::string message, std::string pointer) {
        if (!m_error)
            m_error = Error{std::move(code), std::move(message), std::move(pointer)};
    }

    /// Checks that value is an object with only known keys.
    bool object(const json& value, const Scope& scope,
                std::initializer_list<std::string_view> known) {
        if (failed())
            return false;
        if (!value.is_object()) {
            fail("json.type",
                 capitalised(scope.label) + " must be an object, not " + describeValue(value) +
                     "; fix it in " + m_source + ".",
                 scope.pointer);
            return false;
        }
        for (const auto& [key, member] : value.items()) {
            if (std::find(known.begin(), known.end(), key) != known.end())
                continue;
            std::string hint;
            std::size_t best = 3;
            for (std::string_view candidate : known) {
                const std::size_t distance = editDistance(key, candidate);
                if (distance < best) {
                    best = distance;
                    hint = " (did you mean \"" + std::string(candidate) + "\"?)";
                }
            }
            std::string names;
            for (std::string_view candidate : known) {
                names += names.empty() ? "" : ", ";
                names += candidate;
            }
            fail("json.unknown_key",
                 "Unknown field " + inQuotes(key) + " in " + scope.label + hint +
                     "; fix its spelling or remove it (known fields: " + names + ").",
                 scope.pointer + "/" + pointerToken(key));
            return false;
        }
        return true;
    }

    /// The member, or nullptr when absent (reported when required).
    const json* member(const json& object, const Scope& scope, std::string_view key,
                       bool required) {
        if (failed())
            return nullptr;
        const auto it = object.find(key);
        if (it != object.end())
            return &*it;
        if (required) {
            fail("json.missing",
                 capitalised(scope.label) + " has no " + inQuotes(key) +
                     ", which is required; add it in " + m_source + ".",
                 scope.pointer + "/" + std::string(key));
        }
        return nullptr;
    }

    void text(const json& object, const Scope& scope, std::string_view key, bool required,
              std::string& out) {
        const json* value = member(object, scope, key, required);
        if (!value)
            return;
        if (!value->is_string()) {
            wrongType(scope, key, "a string", *value);
            return;
        }
        out = value->get_ref<const std::string&>();
    }

    void number(const json& object, const Scope& scope, std::string_view key, bool required,
                double& out) {
        const json* value = member(object, scope, key, required);
        if (!value)
            return;
        if (!value->is_number()) {
            wrongType(scope, key, "a number", *value);
            return;
        }
        out = value->get<double>();
    }

    void optionalNumber(const json& object, const Scope& scope, std::string_view key,
                        std::optional<double>& out) {
        const json* value = member(object, scope, key, false);
        if (!value || value->is_null())
            return;
        if (!value->is_number()) {
            wrongType(scope, key, "a number or null", *value);
            return;
        }
        out = value->get<double>();
    }

    void integer(const json& object, const Scope& scope, std::string_view key, bool required,
                 int& out) {
        const json* value = member(object, scope, key, required);
        if (!value)
            return;
        if (auto v = toInt(*value, scope, key))
            out = *v;
    }

    void optionalInteger(const json& object, const Scope& scope, std::string_view key,
                         std::optional<int>& out) {
        const json* value = member(object, scope, key, false);
        if (!value || value->is_null())
            return;
        if (auto v = toInt(*value, scope, key))
            out = *v;
    }

    void flag(const json& object, const Scope& scope, std::string_view key, bool required,
              bool& out) {
        const json* value = member(object, scope, key, required);
        if (!value)
            return;
        if (!value->is_boolean()) {
            wrongType(scope, key, "true or false", *value);
            return;
        }
        out = value->get<bool>();
    }

    /// A mapping's transforms: an array of objects, each with a known "type"; the options of
    /// each type are checked by the engine when a run starts (and by validate).
    void transforms(const json& object, const Scope& scope, json& out) {
        const json* value = array(object, scope, "transforms", false);
        if (!value)
            return;
        static constexpr std::string_view kTypes[] = {"csv_clean", "zstd", "safetensors"};
        for (std::size_t i = 0; i < value->size(); ++i) {
            const json& t = (*value)[i];
            const std::string pointer = scope.pointer + "/transforms/" + std::to_string(i);
            const auto type = t.is_object() ? t.find("type") : t.end();
            if (!t.is_object() || type == t.end() || !type->is_string() ||
                std::find(std::begin(kTypes), std::end(kTypes), type->get<std::string>()) ==
                    std::end(kTypes)) {
                fail("json.transform",
                     "Transform " + std::to_string(i + 1) + " of " + scope.label +
                         " must be an object whose \"type\" is \"csv_clean\", \"zstd\" or "
                         "\"safetensors\"; fix it in " +
                         m_source + ".",
                     pointer);
                return;
            }
        }
        out = *value;
    }

    /// A free-form object (assumptions, overrides), kept as it is.
    void freeObject(const json& object, const Scope& scope, std::string_view key, json& out) {
        const json* value = member(object, scope, key, false);
        if (!value)
            return;
        if (!value->is_object()) {
            wrongType(scope, key, "an object", *value);
            return;
        }
        out = *value;
    }

    /// The array member, or nullptr when absent or not an array (reported).
    const json* array(const json& object, const Scope& scope, std::string_view key, bool required) {
        const json* value = member(object, scope, key, required);
        if (!value)
            return nullptr;
        if (!value->is_array()) {
            wrongType(scope, key, "an array", *value);
            return nullptr;
        }
        return value;
    }

    void strings(const json& object, const Scope& scope, std::string_view key, bool required,
                 std::vector<std::string>& out) {
        const json* values = array(object, scope, key, required);
        if (!values)
            return;
        out.clear();
        out.reserve(values->size());
        for (std::size_t i = 0; i < values->size(); ++i) {
            const json& item = (*values)[i];
            if (!item.is_string()) {
                fail("json.type",
                     "Each entry of " + inQuotes(key) + " in " + scope.label +
                         " must be a string, not " + describeValue(item) + "; fix it in " +
                         m_source + ".",
                     scope.pointer + "/" + std::string(key) + "/" + std::to_string(i));
                return;
            }
            out.push_back(item.get_ref<const std::string&>());
        }
    }

    template <typename E, std::size_t N>
    void enumeration(const json& object, const Scope& scope, std::string_view key, bool required,
                     const std::array<E, N>& all, E& out) {
        const json* value = member(object, scope, key, required);
        if (!value)
            return;
        std::string allowed;
        for (E e : all) {
            allowed += allowed.empty() ? "" : ", ";
            allowed += toString(e);
        }
        if (value->is_string()) {
            for (E e : all) {
                if (toString(e) == value->get_ref<const std::string&>()) {
                    out = e;
                    return;
                }
            }
        }
        fail(value->is_string() ? "json.enum" : "json.type",
             capitalised(std::string(key)) + " of " + scope.label + " is " + describeValue(*value) +
                 "; use one of: " + allowed + ".",
             scope.pointer + "/" + std::string(key));
    }

    void wrongType(const Scope& scope, std::string_view key, std::string_view expected,
                   const json& value) {
        std::string hint;
        if (value.is_string() && expected.find("number") != std::string_view::npos)
            hint = " (remove the quotes)";
        fail("json.type",
             capitalised(std::string(key)) + " of " + scope.label + " must be " +
                 std::string(expected) + ", not " + describeValue(value) + hint + "; fix it in " +
                 m_source + ".",
             scope.pointer + "/" + std::string(key));
    }

    static std::string capitalised(std::string text) {
        if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
            text[0] = char(text[0] - 'a' + 'A');
        return text;
    }

private:
    std::optional<int> toInt(const json& value, const Scope& scope, std::string_view key) {
        const std::string pointer = scope.pointer + "/" + std::string(key);
        long double v = 0;
        if (value.is_number_integer() && !value.is_number_unsigned()) {
            v = static_cast<long double>(value.get<std::int64_t>());
        } else if (value.is_number_unsigned()) {
            v = static_cast<long double>(value.get<std::uint64_t>());
        } else if (value.is_number_float()) {
            const double d = value.get<double>();
            if (d != std::trunc(d)) {
                wrongType(scope, key, "a whole number", value);
                return std::nullopt;
            }
            v = d;
        } else {
            wrongType(scope, key, "a whole number", value);
            return std::nullopt;
        }
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
            fail("json.range",
                 capitalised(std::string(key)) + " of " + scope.label + " is " +
                     describeValue(value) + ", which does not fit (the limit is " +
                     std::to_string(std::numeric_limits<int>::max()) +
                     "); write a realistic value.",
                 pointer);
            return std::nullopt;
        }
        return static_cast<int>(v);
    }

    const std::string& m_source;
    std::optional<Error> m_error;
};

/// "workload 'orders-db'" when the element has a string id, else "workload 4 of 'workloads'".
Scope elementScope(const json& element, std::string_view list, std::size_t index,
                   std::string_view noun, std::string_view idKey = "id") {
    Scope scope{"/" + std::string(list) + "/" + std::to_string(index), std::string(noun)};
    if (element.is_object()) {
        const auto it = element.find(idKey);
        if (it != element.end() && it->is_string()) {
            scope.label += " " + inQuotes(it->get_ref<const std::string&>());
            return scope;
        }
    }
    scope.label += " number " + std::to_string(index + 1) + " in \"" + std::string(list) + "\"";
    return scope;
}

void readPosition(DocumentReader& r, const json& owner, const Scope& scope, CanvasPosition& out) {
    const json* value = r.member(owner, scope, "position", false);
    if (!value)
        return;
    const Scope inner{scope.pointer + "/position", "the position of " + scope.label};
    if (!r.object(*value, inner, {"x", "y", "pinned"}))
        return;
    r.number(*value, inner, "x", true, out.x);
    r.number(*value, inner, "y", true, out.y);
    r.flag(*value, inner, "pinned", false, out.pinned);
}

/// Calls read(element, scope, item) for every element of an optional or required list.
template <typename T, typename Read>
void readList(DocumentReader& r, const json& root, const Scope& rootScope, std::string_view key,
              bool required, std::string_view noun, std::string_view idKey, std::vector<T>& out,
              Read read) {
    const json* list = r.array(root, rootScope, key, required);
    if (!list)
        return;
    out.reserve(list->size());
    for (std::size_t i = 0; i < list->size() && !r.failed(); ++i) {
        const json& element = (*list)[i];
        const Scope scope = elementScope(element, key, i, noun, idKey);
        T item;
        read(element, scope, item);
        out.push_back(std::move(item));
    }
}

Result<ProjectData> readDocument(const json& root, const std::string& source) {
    if (!root.is_object()) {
        return Error{"json.format",
                     "This is not a Ferry project: the document is " + describeValue(root) +
                         ", not an object with \"format\": \"ferry-project\". Open a Ferry "
                         "project file.",
                     source};
    }
    const auto format = root.find("format");
    if (format == root.end()) {
        return Error{"json.format",
                     "This is not a Ferry project: it has no \"format\" field. Open a Ferry "
                     "project file, or add \"format\": \"ferry-project\" if it is one.",
                     "/format"};
    }
    if (!format->is_string() || format->get_ref<const std::string&>() != kFormatName) {
        return Error{"json.format",
                     "This is not a Ferry project: \"format\" is " + describeValue(*format) +
                         ", expected \"ferry-project\". Open a Ferry project file.",
                     "/format"};
    }
    const auto version = root.find("version");
    if (version == root.end()) {
        return Error{"json.version",
                     "The project has no \"version\"; add \"version\": " +
                         std::to_string(kProjectJsonVersion) + " to " + source + ".",
                     "/version"};
    }
    const bool wholeNumber = version->is_number_integer() ||
                             (version->is_number_float() &&
                              version->get<double>() == std::trunc(version->get<double>()));
    if (!wholeNumber) {
        return Error{"json.type",
                     "\"version\" must be a whole number, not " + describeValue(*version) +
                         "; fix it in " + source + ".",
                     "/version"};
    }
    const double versionNumber = version->get<double>();
    if (versionNumber > kProjectJsonVersion) {
        return Error{"json.version",
                     "The project was written by a newer Ferry (format version " + version->dump() +
                         "; this Ferry reads up to " + std::to_string(kProjectJsonVersion) +
                         "); upgrade Ferry to open it.",
                     "/version"};
    }
    if (versionNumber < 1) {
        return Error{"json.version",
                     "The project's format version " + version->dump() +
                         " does not exist (versions start at 1); fix \"version\" in " + source +
                         ".",
                     "/version"};
    }

    DocumentReader r(source);
    ProjectData data;
    const Scope top{"", "the project file"};
    r.object(root, top,
             {"format", "version", "project", "sites", "links", "workloads", "dependencies",
              "mappings", "waves", "scenarios"});

    if (const json* project = r.member(root, top, "project", true)) {
        const Scope scope{"/project", "the project"};
        if (r.object(*project, scope,
                     {"name", "description", "currency", "assumptions", "price_overrides"})) {
            ProjectInfo& info = data.info;
            r.text(*project, scope, "name", true, info.name);
            r.text(*project, scope, "description", false, info.description);
            r.text(*project, scope, "currency", false, info.currency);
            r.freeObject(*project, scope, "assumptions", info.assumptions);
            r.freeObject(*project, scope, "price_overrides", info.priceOverrides);
        }
    }

    readList(
        r, root, top, "sites", true, "site", "id", data.sites,
        [&](const json& e, const Scope& s, Site& site) {
            if (!r.object(e, s,
                          {"id", "name", "provider", "region", "utc_offset_minutes", "position"}))
                return;
            r.text(e, s, "id", true, site.id);
            r.text(e, s, "name", true, site.name);
            r.enumeration(e, s, "provider", true, kAllProviders, site.provider);
            r.text(e, s, "region", false, site.region);
            r.integer(e, s, "utc_offset_minutes", false, site.utcOffsetMinutes);
            readPosition(r, e, s, site.position);
        });

    readList(r, root, top, "links", false, "link", "id", data.links,
             [&](const json& e, const Scope& s, Link& link) {
                 if (!r.object(e, s,
                               {"id", "from", "to", "bandwidth_mbps", "latency_ms",
                                "egress_price_per_gb", "windows"}))
                     return;
                 r.text(e, s, "id", true, link.id);
                 r.text(e, s, "from", true, link.from);
                 r.text(e, s, "to", true, link.to);
                 r.number(e, s, "bandwidth_mbps", true, link.bandwidthMbps);
                 r.number(e, s, "latency_ms", false, link.latencyMs);
                 r.optionalNumber(e, s, "egress_price_per_gb", link.egressPricePerGb);
                 std::vector<std::string> windows;
                 r.strings(e, s, "windows", false, windows);
                 for (std::size_t i = 0; i < windows.size() && !r.failed(); ++i) {
                     const auto window = TimeWindow::parse(windows[i]);
                     if (!window) {
                         r.fail("json.value",
                                "Window " + inQuotes(windows[i]) + " of " + s.label +
                                    " is not a weekly time window; write it like "
                                    "\"Sat,Sun 00:00-06:00\", \"Mon-Fri 22:00-24:00\" or "
                                    "\"daily 01:00-05:00\".",
                                s.pointer + "/windows/" + std::to_string(i));
                         return;
                     }
                     link.windows.push_back(*window);
                 }
             });

    readList(r, root, top, "workloads", true, "workload", "id", data.workloads,
             [&](const json& e, const Scope& s, Workload& w) {
                 if (!r.object(e, s,
                               {"id", "name", "kind", "site", "size_gb", "change_rate_gb_per_day",
                                "vcpu", "memory_gb", "monthly_cost", "criticality", "owner", "tags",
                                "endpoint", "position"}))
                     return;
                 r.text(e, s, "id", true, w.id);
                 r.text(e, s, "name", true, w.name);
                 r.enumeration(e, s, "kind", true, kAllWorkloadKinds, w.kind);
                 r.text(e, s, "site", true, w.site);
                 r.number(e, s, "size_gb", false, w.sizeGb);
                 r.number(e, s, "change_rate_gb_per_day", false, w.changeRateGbPerDay);
                 r.integer(e, s, "vcpu", false, w.vcpu);
                 r.number(e, s, "memory_gb", false, w.memoryGb);
                 r.number(e, s, "monthly_cost", false, w.monthlyCost);
                 r.enumeration(e, s, "criticality", false, kAllCriticalities, w.criticality);
                 r.text(e, s, "owner", false, w.owner);
                 r.strings(e, s, "tags", false, w.tags);
                 r.text(e, s, "endpoint", false, w.endpoint);
                 readPosition(r, e, s, w.position);
             });

    readList(r, root, top, "dependencies", false, "dependency", "", data.dependencies,
             [&](const json& e, const Scope& s, Dependency& d) {
                 if (!r.object(e, s, {"from", "to", "traffic_gb_per_day", "policy"}))
                     return;
                 r.text(e, s, "from", true, d.from);
                 r.text(e, s, "to", true, d.to);
                 r.number(e, s, "traffic_gb_per_day", false, d.trafficGbPerDay);
                 r.enumeration(e, s, "policy", false, kAllDependencyPolicies, d.policy);
             });

    readList(r, root, top, "mappings", false, "mapping of", "workload", data.mappings,
             [&](const json& e, const Scope& s, Mapping& m) {
                 if (!r.object(e, s,
                               {"workload", "target_site", "target_service", "strategy",
                                "target_endpoint", "pinned_wave", "transforms"}))
                     return;
                 r.text(e, s, "workload", true, m.workload);
                 r.text(e, s, "target_site", true, m.targetSite);
                 r.text(e, s, "target_service", false, m.targetService);
                 r.enumeration(e, s, "strategy", false, kAllStrategies, m.strategy);
                 r.text(e, s, "target_endpoint", false, m.targetEndpoint);
                 r.optionalInteger(e, s, "pinned_wave", m.pinnedWave);
                 r.transforms(e, s, m.transforms);
             });

    readList(r, root, top, "waves", false, "wave", "id", data.waves,
             [&](const json& e, const Scope& s, Wave& wave) {
                 if (!r.object(e, s, {"id", "name", "number", "workloads"}))
                     return;
                 r.text(e, s, "id", true, wave.id);
                 r.text(e, s, "name", true, wave.name);
                 r.integer(e, s, "number", true, wave.number);
                 r.strings(e, s, "workloads", true, wave.workloads);
             });

    readList(r, root, top, "scenarios", false, "scenario", "id", data.scenarios,
             [&](const json& e, const Scope& s, Scenario& scenario) {
                 if (!r.object(e, s, {"id", "name", "description", "overrides"}))
                     return;
                 r.text(e, s, "id", true, scenario.id);
                 r.text(e, s, "name", true, scenario.name);
                 r.text(e, s, "description", false, scenario.description);
                 r.freeObject(e, s, "overrides", scenario.overrides);
             });

    if (r.failed())
        return r.error();
    return data;
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Whole numbers are written without a fraction ("120", not "120.0"); they read back exactly.
ojson number(double value) {
    constexpr double kExactIntegers = 9007199254740992.0; // 2^53
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < kExactIntegers)
        return ojson(static_cast<std::int64_t>(value));
    return ojson(value);
}

ojson position(const CanvasPosition& p) {
    ojson out = ojson::object();
    out["x"] = number(p.x);
    out["y"] = number(p.y);
    out["pinned"] = p.pinned;
    return out;
}

ojson stringArray(const std::vector<std::string>& items) {
    ojson out = ojson::array();
    for (const auto& item : items)
        out.push_back(item);
    return out;
}

} // namespace

Result<ProjectData> ProjectJson::parse(std::string_view text, const std::string& sourceName) {
    json root;
    StrictDocumentBuilder builder(root);
    const bool parsed = json::sax_parse(text.begin(), text.end(), &builder,
                                        json::input_format_t::json, true, false);
    if (!parsed) {
        if (!builder.duplicatePointer().empty()) {
            return Error{"json.duplicate_key",
                         "The field " + inQuotes(builder.duplicateKey()) +
                             " appears twice in the same object in " + sourceName +
                             "; keep only one of them.",
                         builder.duplicatePointer()};
        }
        if (!builder.tooDeepPointer().empty()) {
            return Error{"json.depth",
                         "The document is nested more than " + std::to_string(kMaxDepth) +
                             " levels deep in " + sourceName +
                             "; a Ferry project never is, check the file.",
                         builder.tooDeepPointer()};
        }
        return syntaxError(text, sourceName, builder);
    }
    return readDocument(root, sourceName);
}

Result<ProjectData> ProjectJson::readFile(const fs::path& path) {
    auto read = detail::readWholeFile(path, kMaxFileBytes);
    if (!read)
        return read.error();
    const std::string& text = *read;
    if (std::string_view(text).starts_with(kSqliteMagic)) {
        return Error{"json.format",
                     "This is a native .ferry project (an SQLite database), not JSON; open it "
                     "with a .ferry extension.",
                     path.string()};
    }
    return parse(text, path.string());
}

std::string ProjectJson::serialize(const ProjectData& data) {
    ojson doc = ojson::object();
    doc["format"] = kFormatName;
    doc["version"] = kProjectJsonVersion;

    ojson& project = doc["project"] = ojson::object();
    project["name"] = data.info.name;
    project["description"] = data.info.description;
    project["currency"] = data.info.currency;
    project["assumptions"] = ojson(data.info.assumptions);
    project["price_overrides"] = ojson(data.info.priceOverrides);

    ojson& sites = doc["sites"] = ojson::array();
    for (const Site& s : data.sites) {
        ojson o = ojson::object();
        o["id"] = s.id;
        o["name"] = s.name;
        o["provider"] = toString(s.provider);
        o["region"] = s.region;
        o["utc_offset_minutes"] = s.utcOffsetMinutes;
        o["position"] = position(s.position);
        sites.push_back(std::move(o));
    }

    ojson& links = doc["links"] = ojson::array();
    for (const Link& l : data.links) {
        ojson o = ojson::object();
        o["id"] = l.id;
        o["from"] = l.from;
        o["to"] = l.to;
        o["bandwidth_mbps"] = number(l.bandwidthMbps);
        o["latency_ms"] = number(l.latencyMs);
        if (l.egressPricePerGb)
            o["egress_price_per_gb"] = number(*l.egressPricePerGb);
        ojson windows = ojson::array();
        for (const TimeWindow& w : l.windows)
            windows.push_back(w.toString());
        o["windows"] = std::move(windows);
        links.push_back(std::move(o));
    }

    ojson& workloads = doc["workloads"] = ojson::array();
    for (const Workload& w : data.workloads) {
        ojson o = ojson::object();
        o["id"] = w.id;
        o["name"] = w.name;
        o["kind"] = toString(w.kind);
        o["site"] = w.site;
        o["size_gb"] = number(w.sizeGb);
        o["change_rate_gb_per_day"] = number(w.changeRateGbPerDay);
        o["vcpu"] = w.vcpu;
        o["memory_gb"] = number(w.memoryGb);
        o["monthly_cost"] = number(w.monthlyCost);
        o["criticality"] = toString(w.criticality);
        o["owner"] = w.owner;
        o["tags"] = stringArray(w.tags);
        o["endpoint"] = w.endpoint;
        o["position"] = position(w.position);
        workloads.push_back(std::move(o));
    }

    ojson& dependencies = doc["dependencies"] = ojson::array();
    for (const Dependency& d : data.dependencies) {
        ojson o = ojson::object();
        o["from"] = d.from;
        o["to"] = d.to;
        o["traffic_gb_per_day"] = number(d.trafficGbPerDay);
        o["policy"] = toString(d.policy);
        dependencies.push_back(std::move(o));
    }

    ojson& mappings = doc["mappings"] = ojson::array();
    for (const Mapping& m : data.mappings) {
        ojson o = ojson::object();
        o["workload"] = m.workload;
        o["target_site"] = m.targetSite;
        o["target_service"] = m.targetService;
        o["strategy"] = toString(m.strategy);
        o["target_endpoint"] = m.targetEndpoint;
        if (m.pinnedWave)
            o["pinned_wave"] = *m.pinnedWave;
        if (m.transforms.is_array() && !m.transforms.empty())
            o["transforms"] = ojson::parse(m.transforms.dump());
        mappings.push_back(std::move(o));
    }

    ojson& waves = doc["waves"] = ojson::array();
    for (const Wave& w : data.waves) {
        ojson o = ojson::object();
        o["id"] = w.id;
        o["name"] = w.name;
        o["number"] = w.number;
        o["workloads"] = stringArray(w.workloads);
        waves.push_back(std::move(o));
    }

    ojson& scenarios = doc["scenarios"] = ojson::array();
    for (const Scenario& s : data.scenarios) {
        ojson o = ojson::object();
        o["id"] = s.id;
        o["name"] = s.name;
        o["description"] = s.description;
        o["overrides"] = ojson(s.overrides);
        scenarios.push_back(std::move(o));
    }

    // Strings that are not valid UTF-8 (only possible from code, never from a parsed file) are
    // written with U+FFFD instead of failing the whole save.
    return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

Result<void> ProjectJson::writeFile(const ProjectData& data, const fs::path& path) {
    if (const auto where = detail::findNonFiniteNumber(data)) {
        return Error{"json.value",
                     "A number is not finite (NaN or infinity) at " + *where +
                         ", and JSON cannot hold it; correct the value and save again.",
                     path.string()};
    }
    const std::string text = serialize(data);
    auto file = detail::AtomicFile::create(path);
    if (!file)
        return file.error();
    if (auto written = file->write(text); !written)
        return written.error();
    return file->commit();
}

} // namespace ferry::model
