#include "S3Protocol.hpp"

#include <ferry/engine/ContentHasher.hpp>

#include <openssl/evp.h>

#include <cctype>
#include <ctime>

namespace ferry::engine::s3 {
namespace {

bool isHex(std::string_view s) {
    for (const char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

std::int64_t toNs(std::tm& tm, long fractionNs) {
    const std::time_t seconds = timegm(&tm);
    if (seconds == static_cast<std::time_t>(-1))
        return 0;
    return static_cast<std::int64_t>(seconds) * 1'000'000'000 + fractionNs;
}

} // namespace

std::int64_t parseHttpDate(const std::string& text) {
    std::tm tm{};
    if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr)
        return 0;
    return toNs(tm, 0);
}

std::int64_t parseIsoDate(const std::string& text) {
    std::tm tm{};
    const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (rest == nullptr)
        return 0;
    long fraction = 0;
    if (*rest == '.') {
        long scale = 100'000'000;
        for (++rest; std::isdigit(static_cast<unsigned char>(*rest)); ++rest) {
            fraction += (*rest - '0') * scale;
            scale /= 10;
        }
    }
    return toNs(tm, fraction);
}

std::string unquote(std::string_view etag) {
    std::string out;
    for (const char c : etag)
        if (c != '"')
            out.push_back(c);
    return out;
}

std::string bytesOfHex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string base64OfHex(const std::string& hex) {
    const std::string raw = bytesOfHex(hex);
    std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(raw.data()),
                                  static_cast<int>(raw.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

bool etagIsMd5(const std::string& etag, const S3Response& response) {
    const std::string sse = response.header("x-amz-server-side-encryption");
    if (sse.starts_with("aws:kms"))
        return false;
    if (!response.header("x-amz-server-side-encryption-customer-algorithm").empty())
        return false;
    return etag.size() == 32 && isHex(etag);
}

ObjectInfo objectInfoFromHead(const std::string& key, const S3Response& response) {
    ObjectInfo info;
    info.key = key;
    const std::string length = response.header("content-length");
    info.size = length.empty() ? 0 : std::stoull(length);
    info.mtimeNs = parseHttpDate(response.header("last-modified"));
    info.etag = unquote(response.header("etag"));
    for (const auto& [name, value] : response.headers)
        if (name.starts_with("x-amz-meta-"))
            info.metadata[name.substr(11)] = value;
    if (etagIsMd5(info.etag, response)) {
        std::string md5 = info.etag;
        for (char& c : md5)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        info.hashes[HashKind::Md5] = md5;
    }
    if (const auto it = info.metadata.find("ferry-sha256");
        it != info.metadata.end() && it->second.size() == 64 && isHex(it->second))
        info.hashes[HashKind::Sha256] = it->second;
    return info;
}

std::string multipartEtag(const std::vector<std::string>& partMd5s) {
    std::string joined;
    for (const auto& md5 : partMd5s)
        joined += bytesOfHex(md5);
    return ContentHasher::hex(HashKind::Md5, joined) + "-" + std::to_string(partMd5s.size());
}

} // namespace ferry::engine::s3
