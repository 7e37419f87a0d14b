#include <ferry/engine/SigV4.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <stdexcept>
#include <tuple>

namespace ferry::engine {
namespace {

using Digest = std::array<unsigned char, 32>;

std::string toHex(const unsigned char* data, std::size_t size) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kHex[data[i] >> 4]);
        out.push_back(kHex[data[i] & 15]);
    }
    return out;
}

Digest hmac(std::string_view key, std::string_view data) {
    Digest out{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(),
             &length) == nullptr ||
        length != out.size())
        throw std::runtime_error("OpenSSL could not compute an HMAC-SHA256");
    return out;
}

std::string_view asView(const Digest& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Trim and collapse runs of spaces (and tabs) into one space, as the canonical header rules say.
std::string canonicalHeaderValue(std::string_view value) {
    std::string out;
    bool pendingSpace = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        out.push_back(c);
    }
    return out;
}

// Remove "." and ".." segments and empty segments; keeps a final '/' (RFC 3986 5.2.4 with
// repeated slashes collapsed, as the generic-service rules of the test suite expect).
std::string normalisePath(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    const bool trailingSlash = path.size() > 1 && path.back() == '/';
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto segment = path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment == "..") {
            if (!segments.empty())
                segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    std::string out;
    for (const auto& s : segments) {
        out.push_back('/');
        out.append(s);
    }
    if (out.empty())
        return "/";
    // "/example/.." ends in a directory as well.
    const bool endsInDirectory = trailingSlash || path.ends_with("/.") || path.ends_with("/..");
    if (endsInDirectory)
        out.push_back('/');
    return out;
}

} // namespace

SigV4::SigV4(std::string region, std::string service, SigV4PathMode mode)
    : m_region(std::move(region)), m_service(std::move(service)), m_mode(mode) {}

std::string SigV4::uriEncode(std::string_view text, bool keepSlash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || ch == '-' || ch == '.' || ch == '_' || ch == '~' ||
            (keepSlash && ch == '/')) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

std::string SigV4::sha256Hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not compute a SHA-256");
    return toHex(digest, length);
}

std::string SigV4::amzDateNow() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

std::string SigV4::canonicalUri(std::string_view path) const {
    std::string p(path.empty() ? std::string_view("/") : path);
    if (p.front() != '/')
        p.insert(p.begin(), '/');
    if (m_mode == SigV4PathMode::Generic)
        p = normalisePath(p);
    return uriEncode(p, true);
}

std::string SigV4::canonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(query.size());
    for (const auto& [key, value] : query)
        encoded.emplace_back(uriEncode(key, false), uriEncode(value, false));
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (const auto& [key, value] : encoded) {
        if (!out.empty())
            out.push_back('&');
        out += key;
        out.push_back('=');
        out += value;
    }
    return out;
}

std::string SigV4::canonicalRequest(const SigV4Request& request) const {
    return canonicalParts(request).first;
}

std::pair<std::string, std::string> SigV4::canonicalParts(const SigV4Request& request) const {
    // Header names sorted; repeated headers joined with ',' in the order they were given.
    std::map<std::string, std::vector<std::string>> headers;
    for (const auto& [name, value] : request.headers)
        headers[lower(canonicalHeaderValue(name))].push_back(canonicalHeaderValue(value));
    std::string canonicalHeaders;
    std::string signedHeaders;
    for (const auto& [name, values] : headers) {
        canonicalHeaders += name + ":";
        for (std::size_t i = 0; i < values.size(); ++i)
            canonicalHeaders += (i == 0 ? "" : ",") + values[i];
        canonicalHeaders += "\n";
        signedHeaders += (signedHeaders.empty() ? "" : ";") + name;
    }
    return {request.method + "\n" + canonicalUri(request.path) + "\n" +
                canonicalQuery(request.query) + "\n" + canonicalHeaders + "\n" + signedHeaders +
                "\n" + request.payloadHash,
            signedHeaders};
}

std::string SigV4::credentialScope(const std::string& amzDate) const {
    return amzDate.substr(0, 8) + "/" + m_region + "/" + m_service + "/aws4_request";
}

std::string SigV4::stringToSign(const std::string& amzDate,
                                std::string_view canonicalRequest) const {
    return "AWS4-HMAC-SHA256\n" + amzDate + "\n" + credentialScope(amzDate) + "\n" +
           sha256Hex(canonicalRequest);
}

std::string SigV4::signatureOf(const AwsCredentials& credentials, const std::string& amzDate,
                               std::string_view stringToSign) const {
    const Digest dateKey = hmac("AWS4" + credentials.secretAccessKey, amzDate.substr(0, 8));
    const Digest regionKey = hmac(asView(dateKey), m_region);
    const Digest serviceKey = hmac(asView(regionKey), m_service);
    const Digest signingKey = hmac(asView(serviceKey), "aws4_request");
    const Digest signature = hmac(asView(signingKey), stringToSign);
    return toHex(signature.data(), signature.size());
}

SigV4Signature SigV4::sign(const SigV4Request& request, const AwsCredentials& credentials,
                           const std::string& amzDate) const {
    SigV4Request complete = request;
    auto has = [&](std::string_view name) {
        return std::any_of(complete.headers.begin(), complete.headers.end(),
                           [&](const auto& h) { return lower(h.first) == name; });
    };
    if (!has("x-amz-date"))
        complete.headers.emplace_back("x-amz-date", amzDate);
    if (m_mode == SigV4PathMode::S3 && !has("x-amz-content-sha256"))
        complete.headers.emplace_back("x-amz-content-sha256", complete.payloadHash);
    if (!credentials.sessionToken.empty() && !has("x-amz-security-token"))
        complete.headers.emplace_back("x-amz-security-token", credentials.sessionToken);

    SigV4Signature out;
    std::tie(out.canonicalRequest, out.signedHeaders) = canonicalParts(complete);
    out.stringToSign = stringToSign(amzDate, out.canonicalRequest);
    out.signature = signatureOf(credentials, amzDate, out.stringToSign);
    out.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId + "/" +
                        credentialScope(amzDate) + ", SignedHeaders=" + out.signedHeaders +
                        ", Signature=" + out.signature;
    out.headersToSend = std::move(complete.headers);
    out.headersToSend.emplace_back("Authorization", out.authorization);
    return out;
}

} // namespace ferry::engine
