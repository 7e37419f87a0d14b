#include <ferry/engine/Connector.hpp>

#include <algorithm>
#include <string>

namespace ferry::engine {
namespace {

constexpr std::size_t kMaxKeyBytes = 1024;

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isControl(unsigned char c) {
    return c < 0x20 || c == 0x7f;
}

// The key as it can be shown in a message: control characters and NUL escaped.
std::string printable(std::string_view key) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    const std::size_t shown = std::min<std::size_t>(key.size(), 200);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(key[i]);
        if (isControl(c)) {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        } else {
            out.push_back(key[i]);
        }
    }
    if (shown < key.size())
        out += "...";
    return out;
}

Error unsafe(std::string_view key, const std::string& why) {
    const std::string shown = printable(key);
    return Error{"key.unsafe",
                 "The object key '" + shown + "' " + why +
                     ", so Ferry refused it and nothing was written; rename the object or "
                     "exclude it.",
                 "key '" + shown + "'"};
}

} // namespace

Result<void> checkObjectKey(std::string_view key) {
    if (key.empty())
        return unsafe(key, "is empty");
    if (key.size() > kMaxKeyBytes)
        return unsafe(key, "is longer than " + std::to_string(kMaxKeyBytes) + " bytes");
    if (key.front() == '/')
        return unsafe(key, "is absolute (starts with '/')");
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char ch = key[i];
        if (ch == '\0')
            return unsafe(key, "holds a NUL byte");
        if (isControl(static_cast<unsigned char>(ch)))
            return unsafe(key, "holds a control character");
        if (ch == '\\')
            return unsafe(key, "holds a backslash, which some systems read as '/'");
        if (ch == '%' && i + 2 < key.size() && hexValue(key[i + 1]) >= 0 &&
            hexValue(key[i + 2]) >= 0) {
            const int decoded = hexValue(key[i + 1]) * 16 + hexValue(key[i + 2]);
            if (decoded == '.' || decoded == '/' || decoded == '\\' || decoded == '%' ||
                isControl(static_cast<unsigned char>(decoded)))
                return unsafe(key, "holds the percent-encoded character '%" +
                                       std::string(key.substr(i + 1, 2)) +
                                       "', which could be decoded into a path escape");
        }
    }
    std::size_t start = 0;
    while (start <= key.size()) {
        const auto slash = key.find('/', start);
        const std::string_view segment = key.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment.empty())
            return unsafe(key, "has an empty path segment ('//' or a final '/')");
        if (segment == ".")
            return unsafe(key, "has a '.' segment");
        if (segment == "..")
            return unsafe(key, "has a '..' segment, which would leave the root");
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return model::success();
}

} // namespace ferry::engine
