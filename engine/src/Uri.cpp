#include <ferry/engine/Uri.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace ferry::engine {
namespace {

using model::Error;
using model::Result;

constexpr std::string_view kProjectDir = "${project_dir}";

// Query parameters that would carry a secret; refused at parse time and masked by toString().
constexpr std::array<std::string_view, 10> kSecretParams = {
    "password",      "passwd",         "pwd",         "secret", "secret_key", "secret_access_key",
    "session_token", "security_token", "sslpassword", "token"};

bool isSecretParam(std::string_view key) {
    std::string lower(key);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(kSecretParams.begin(), kSecretParams.end(), lower) != kSecretParams.end())
        return true;
    return lower.find("password") != std::string::npos || lower.find("secret") != std::string::npos;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

Error syntaxError(std::string_view text, const std::string& what) {
    return Error{"uri.syntax", "The address '" + std::string(text) + "' " + what,
                 std::string(text)};
}

Result<std::string> percentDecode(std::string_view in, std::string_view whole,
                                  std::string_view part) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        const int hi = i + 1 < in.size() ? hexValue(in[i + 1]) : -1;
        const int lo = i + 2 < in.size() ? hexValue(in[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            return syntaxError(whole, "has a '%' not followed by two hex digits in its " +
                                          std::string(part) + "; write a literal '%' as %25.");
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    if (out.find('\0') != std::string::npos)
        return syntaxError(whole, "holds an encoded NUL byte (%00) in its " + std::string(part) +
                                      "; remove it.");
    return out;
}

// Keeps readable characters (including UTF-8) and encodes the ones that would change the parse.
std::string percentEncode(std::string_view in, std::string_view alsoEncode) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size());
    for (const char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f || ch == '%' || ch == '?' || ch == '#' ||
            alsoEncode.find(ch) != std::string_view::npos) {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        } else {
            out.push_back(ch);
        }
    }
    return out;
}

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

Result<Uri> Uri::parse(std::string_view input, std::string_view projectDir) {
    std::string text(input);
    for (auto at = text.find(kProjectDir); at != std::string::npos;
         at = text.find(kProjectDir, at + projectDir.size())) {
        if (projectDir.empty())
            return Error{"uri.project_dir",
                         "The address '" + std::string(input) +
                             "' uses ${project_dir} but no project folder is known; save the "
                             "project first or write an absolute path.",
                         std::string(input)};
        std::string dir(projectDir);
        while (dir.size() > 1 && dir.back() == '/')
            dir.pop_back();
        text.replace(at, kProjectDir.size(), dir);
    }

    const auto sep = text.find("://");
    if (sep == std::string::npos || sep == 0)
        return syntaxError(text, "has no scheme; write it as scheme://..., e.g. file:///data/x "
                                 "or s3://bucket/prefix.");
    Uri uri;
    uri.scheme = lowerAscii(std::string_view(text).substr(0, sep));
    if (!std::isalpha(static_cast<unsigned char>(uri.scheme[0])) ||
        !std::all_of(uri.scheme.begin(), uri.scheme.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '+' || c == '-' || c == '.';
        }))
        return syntaxError(text, "has an invalid scheme '" + uri.scheme +
                                     "'; use file, s3, sqlite, postgresql or memory.");

    std::string_view rest = std::string_view(text).substr(sep + 3);
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        // "user:secret@host", even when the secret holds '/', '?' or '#': refuse it before any
        // other message could echo part of it. "host:5432/db@x" is a port, not a password.
        const std::string_view before = rest.substr(0, at);
        const auto colon = before.find(':');
        if (colon != std::string_view::npos && colon < before.find_first_of("/?#")) {
            const std::string_view after = before.substr(colon + 1);
            const auto digits = after.find_first_not_of("0123456789");
            const bool isPort = digits != 0 && digits != std::string_view::npos &&
                                (after[digits] == '/' || after[digits] == '?');
            if (!isPort) {
                const std::string masked = uri.scheme + "://" +
                                           std::string(before.substr(0, colon)) + ":***@" +
                                           std::string(rest.substr(at + 1));
                return Error{"uri.password",
                             "The address '" + masked +
                                 "' holds a password; remove it from the address and give it "
                                 "through the environment (e.g. PGPASSWORD, "
                                 "AWS_SECRET_ACCESS_KEY) or a credential file (~/.pgpass, "
                                 "~/.aws/credentials).",
                             masked};
            }
        }
    }
    std::string_view queryText;
    if (const auto q = rest.find('?'); q != std::string_view::npos) {
        queryText = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    const std::string_view pathText =
        slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);

    std::string_view hostPort = authority;
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view user = authority.substr(0, at);
        if (user.find(':') != std::string_view::npos)
            return syntaxError(uri.scheme + "://" + std::string(authority.substr(at + 1)),
                               "has a ':' in its user name; remove it.");
        auto decoded = percentDecode(user, text, "user name");
        if (!decoded)
            return decoded.error();
        uri.userInfo = std::move(*decoded);
        hostPort = authority.substr(at + 1);
    }

    std::string_view hostText = hostPort;
    std::string_view portText;
    if (hostPort.starts_with('[')) {
        const auto close = hostPort.find(']');
        if (close == std::string_view::npos)
            return syntaxError(text, "has an IPv6 host without its closing ']'.");
        hostText = hostPort.substr(1, close - 1);
        const std::string_view after = hostPort.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':')
                return syntaxError(text, "has characters after the IPv6 host.");
            portText = after.substr(1);
        }
    } else if (const auto colon = hostPort.rfind(':'); colon != std::string_view::npos) {
        hostText = hostPort.substr(0, colon);
        portText = hostPort.substr(colon + 1);
    }
    if (!portText.empty() || hostPort.ends_with(':')) {
        int port = 0;
        const auto [end, ec] =
            std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (portText.empty() || ec != std::errc{} || end != portText.data() + portText.size() ||
            port < 1 || port > 65535)
            return Error{"uri.port",
                         "The address '" + text + "' has the invalid port '" +
                             std::string(portText) + "'; use a number from 1 to 65535.",
                         text};
        uri.port = port;
    }
    auto host = percentDecode(hostText, text, "host");
    if (!host)
        return host.error();
    uri.host = std::move(*host);

    auto path = percentDecode(pathText, text, "path");
    if (!path)
        return path.error();
    uri.path = std::move(*path);

    while (!queryText.empty()) {
        const auto amp = queryText.find('&');
        const std::string_view pair = queryText.substr(0, amp);
        queryText = amp == std::string_view::npos ? std::string_view{} : queryText.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto key = percentDecode(pair.substr(0, eq), text, "query");
        if (!key)
            return key.error();
        if (isSecretParam(*key))
            return Error{"uri.password",
                         "The address for " + uri.scheme + "://" + uri.host +
                             " holds a secret in its parameter '" + *key +
                             "'; remove it and give it through the environment or a credential "
                             "file (~/.pgpass, ~/.aws/credentials).",
                         uri.scheme + "://" + uri.host};
        auto value = eq == std::string_view::npos
                         ? Result<std::string>(std::string{})
                         : percentDecode(pair.substr(eq + 1), text, "query");
        if (!value)
            return value.error();
        uri.query[*key] = std::move(*value);
    }

    if (uri.scheme == "file" || uri.scheme == "sqlite") {
        if (uri.host == "localhost")
            uri.host.clear();
        if (!uri.host.empty() || !uri.path.starts_with('/'))
            return Error{"uri.path",
                         "The address '" + text + "' needs an absolute path: write " + uri.scheme +
                             ":///abs/path (three slashes) or " + uri.scheme +
                             "://${project_dir}/path.",
                         text};
        if (uri.port != 0 || !uri.userInfo.empty())
            return syntaxError(text, "names a user or a port, which a local path cannot have.");
    } else if (uri.scheme == "s3" || uri.scheme == "memory") {
        if (uri.host.empty())
            return Error{"uri.host",
                         "The address '" + text + "' has no " +
                             (uri.scheme == "s3" ? "bucket; write s3://bucket/prefix."
                                                 : "store name; write memory://name/prefix."),
                         text};
    }
    return uri;
}

std::string Uri::toString() const {
    std::string out = scheme + "://";
    if (!userInfo.empty())
        out += percentEncode(userInfo, ":@/") + "@";
    if (host.find(':') != std::string::npos)
        out += "[" + percentEncode(host, "/@[]") + "]";
    else
        out += percentEncode(host, "/@:");
    if (port != 0)
        out += ":" + std::to_string(port);
    out += percentEncode(path, "");
    char separator = '?';
    for (const auto& [key, value] : query) {
        out.push_back(separator);
        separator = '&';
        out += percentEncode(key, "&=");
        out.push_back('=');
        out += isSecretParam(key) ? std::string("***") : percentEncode(value, "&");
    }
    return out;
}

std::string Uri::param(const std::string& key, const std::string& fallback) const {
    const auto it = query.find(key);
    return it == query.end() ? fallback : it->second;
}

} // namespace ferry::engine
