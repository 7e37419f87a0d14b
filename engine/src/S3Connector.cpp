#include <ferry/engine/S3Connector.hpp>

#include "ListPrefix.hpp"
#include "S3Client.hpp"
#include "S3ObjectWriter.hpp"
#include "S3Protocol.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <set>

namespace ferry::engine {
namespace {

constexpr std::uint64_t kMinPartSize = 5ull << 20;
constexpr std::uint64_t kReadWindow = 8ull << 20;

const std::set<std::string> kKnownParams = {
    "endpoint",    "region",       "path_style",    "profile",      "multipart_cutoff", "part_size",
    "concurrency", "max_attempts", "retry_base_ms", "retry_max_ms", "max_keys"};

Error settingsError(const Uri& uri, const std::string& message) {
    return Error{"s3.settings", message, uri.toString()};
}

// "16MiB", "5M", "1048576", "64 KiB" as bytes.
std::optional<std::uint64_t> parseSize(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end == text.data())
        return std::nullopt;
    std::string unit(end, text.data() + text.size());
    unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
    for (char& c : unit)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (unit.empty() || unit == "b")
        return value;
    if (unit == "k" || unit == "kib" || unit == "kb")
        return value << 10;
    if (unit == "m" || unit == "mib" || unit == "mb")
        return value << 20;
    if (unit == "g" || unit == "gib" || unit == "gb")
        return value << 30;
    return std::nullopt;
}

std::optional<int> parseInt(const std::string& text, int low, int high) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < low || value > high)
        return std::nullopt;
    return value;
}

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : fallback;
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

// Keys of a listing with encoding-type=url.
std::string urlDecode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() + 0 && hexValue(in[i + 1]) >= 0 &&
            hexValue(in[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
        } else {
            out.push_back(in[i] == '+' ? ' ' : in[i]);
        }
    }
    return out;
}

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Reads a byte range in windows of kReadWindow bytes, each one ranged GET pinned to the ETag
/// of the first, so that an object replaced while it is read is reported, not mixed.
class S3ObjectReader final : public ObjectReader {
public:
    S3ObjectReader(const S3Client& client, std::string key, std::string objectKey,
                   std::uint64_t position, std::uint64_t end, std::string etag, std::string window)
        : m_client(client), m_key(std::move(key)), m_objectKey(std::move(objectKey)),
          m_position(position), m_end(end), m_etag(std::move(etag)), m_window(std::move(window)) {}

    Result<std::size_t> read(std::span<std::byte> buffer) override {
        if (m_used == m_window.size()) {
            m_position += m_window.size();
            m_window.clear();
            m_used = 0;
            if (m_position >= m_end)
                return std::size_t{0};
            const std::uint64_t last = std::min(m_end, m_position + kReadWindow) - 1;
            S3Call call{
                "GET",
                m_objectKey,
                {},
                {{"range", "bytes=" + std::to_string(m_position) + "-" + std::to_string(last)},
                 {"if-match", "\"" + m_etag + "\""}},
                {},
                "read '" + m_key + "'"};
            auto got = m_client.send(call);
            if (!got)
                return got.error();
            if (got->status == 412 || got->status == 404)
                return Error{"object.changed",
                             "'" + m_key +
                                 "' was replaced or removed while Ferry read it; copy it again.",
                             "s3://" + m_client.endpoint().bucket + "/" + m_objectKey};
            if (got->status != 206 || got->body.size() != last - m_position + 1)
                return m_client.failure(*got, call.what);
            m_window = std::move(got->body);
        }
        const std::size_t n = std::min(buffer.size(), m_window.size() - m_used);
        std::memcpy(buffer.data(), m_window.data() + m_used, n);
        m_used += n;
        return n;
    }

private:
    const S3Client& m_client;
    std::string m_key;
    std::string m_objectKey;
    std::uint64_t m_position; ///< Object offset of m_window[0].
    std::uint64_t m_end;
    std::string m_etag;
    std::string m_window;
    std::size_t m_used = 0;
};

} // namespace

S3Connector::S3Connector(Uri uri, std::unique_ptr<S3Client> client, std::string prefix,
                         S3Settings settings)
    : m_uri(std::move(uri)), m_client(std::move(client)), m_prefix(std::move(prefix)),
      m_settings(settings) {}

S3Connector::~S3Connector() = default;

Result<std::unique_ptr<Connector>> S3Connector::open(const Uri& uri) {
    auto credentials = AwsCredentials::fromEnvironment(uri.param("profile"));
    if (!credentials)
        return credentials.error();
    auto connector = openWithCredentials(uri, std::move(*credentials));
    if (!connector)
        return connector.error();
    return std::unique_ptr<Connector>(std::move(*connector));
}

Result<std::unique_ptr<S3Connector>> S3Connector::openWithCredentials(const Uri& uri,
                                                                      AwsCredentials credentials) {
    if (uri.scheme != "s3")
        return Error{"uri.scheme", "The S3 connector cannot open '" + uri.toString() + "'.",
                     uri.toString()};
    if (uri.host.empty() || uri.host.find('/') != std::string::npos)
        return Error{"uri.host",
                     "The address '" + uri.toString() +
                         "' has no bucket; write s3://bucket/prefix.",
                     uri.toString()};
    for (const auto& [key, value] : uri.query)
        if (kKnownParams.count(key) == 0) {
            std::string known;
            for (const auto& k : kKnownParams)
                known += (known.empty() ? "" : ", ") + k;
            return settingsError(uri, "The S3 address has the unknown parameter '" + key +
                                          "'; use one of: " + known + ".");
        }

    std::string prefix = uri.path;
    while (prefix.starts_with('/'))
        prefix.erase(0, 1);
    while (prefix.ends_with('/'))
        prefix.pop_back();
    if (!prefix.empty()) {
        if (auto safe = checkObjectKey(prefix); !safe)
            return Error{"uri.path",
                         "The prefix of '" + uri.toString() +
                             "' is unsafe: " + safe.error().message,
                         uri.toString()};
        prefix += "/";
    }

    S3Settings settings;
    S3Endpoint endpoint;
    endpoint.bucket = uri.host;
    endpoint.region =
        uri.param("region", envOr("AWS_REGION", envOr("AWS_DEFAULT_REGION", "us-east-1")));
    if (const std::string text = uri.param("endpoint"); !text.empty()) {
        const auto sep = text.find("://");
        const std::string scheme = sep == std::string::npos ? "" : text.substr(0, sep);
        std::string hostPort = sep == std::string::npos ? "" : text.substr(sep + 3);
        while (hostPort.ends_with('/'))
            hostPort.pop_back();
        if ((scheme != "http" && scheme != "https") || hostPort.empty() ||
            hostPort.find_first_of("/?#@") != std::string::npos)
            return settingsError(uri, "The endpoint '" + text +
                                          "' is not of the form https://host[:port].");
        endpoint.scheme = scheme;
        const auto colon = hostPort.rfind(':');
        if (colon != std::string::npos && hostPort.find(']', colon) == std::string::npos) {
            const auto port = parseInt(hostPort.substr(colon + 1), 1, 65535);
            if (!port)
                return settingsError(uri, "The endpoint '" + text + "' has an invalid port.");
            endpoint.port = *port;
            hostPort.resize(colon);
        }
        endpoint.host = hostPort;
        endpoint.pathStyle = true; // S3-compatible servers rarely have per-bucket host names.
    } else {
        endpoint.host = "s3." + endpoint.region + ".amazonaws.com";
        endpoint.pathStyle = uri.host.find('.') != std::string::npos;
    }
    if (const std::string style = uri.param("path_style"); !style.empty()) {
        if (style != "0" && style != "1" && style != "true" && style != "false")
            return settingsError(uri, "path_style must be 1 or 0.");
        endpoint.pathStyle = style == "1" || style == "true";
    }

    if (const std::string text = uri.param("part_size"); !text.empty()) {
        const auto size = parseSize(text);
        if (!size || *size < kMinPartSize || *size > (5ull << 30))
            return settingsError(uri, "part_size '" + text +
                                          "' must be a size from 5MiB (S3's minimum) to 5GiB.");
        settings.partSize = *size;
    }
    // Whole 64-byte blocks per part keep the object's SHA-256 resumable at part boundaries.
    settings.partSize -= settings.partSize % 64;
    if (const std::string text = uri.param("multipart_cutoff"); !text.empty()) {
        const auto size = parseSize(text);
        if (!size || *size > (5ull << 30))
            return settingsError(uri, "multipart_cutoff '" + text +
                                          "' must be a size of at most 5GiB, e.g. 64MiB.");
        settings.multipartCutoff = *size;
    }
    struct IntParam {
        const char* name;
        int* target;
        int low, high;
    };
    for (const IntParam p : {IntParam{"concurrency", &settings.concurrency, 1, 64},
                             IntParam{"max_attempts", &settings.maxAttempts, 1, 20},
                             IntParam{"retry_base_ms", &settings.retryBaseMs, 0, 60000},
                             IntParam{"retry_max_ms", &settings.retryMaxMs, 0, 600000},
                             IntParam{"max_keys", &settings.listPageSize, 1, 1000}}) {
        const std::string text = uri.param(p.name);
        if (text.empty())
            continue;
        const auto value = parseInt(text, p.low, p.high);
        if (!value)
            return settingsError(uri, std::string(p.name) + " '" + text +
                                          "' must be a whole number from " + std::to_string(p.low) +
                                          " to " + std::to_string(p.high) + ".");
        *p.target = *value;
    }
    endpoint.maxAttempts = settings.maxAttempts;
    endpoint.retryBaseMs = settings.retryBaseMs;
    endpoint.retryMaxMs = settings.retryMaxMs;

    auto client = std::make_unique<S3Client>(std::move(endpoint), std::move(credentials));
    return std::unique_ptr<S3Connector>(
        new S3Connector(uri, std::move(client), std::move(prefix), settings));
}

const Uri& S3Connector::uri() const {
    return m_uri;
}

Capabilities S3Connector::capabilities() const {
    Capabilities caps;
    caps.hashes = {HashKind::Sha256};
    caps.multipart = true;
    caps.serverSideCopy = false;
    caps.preservesMtime = false;
    caps.resumableWrites = true;
    return caps;
}

namespace {

Result<void> checkUserKey(std::string_view key) {
    if (auto safe = checkObjectKey(key); !safe)
        return safe;
    if (key.starts_with(S3Connector::kStagingFolder))
        return Error{"key.unsafe",
                     "The object key '" + std::string(key) + "' lies in Ferry's staging folder " +
                         std::string(S3Connector::kStagingFolder) +
                         ", so Ferry refused it and nothing was written; rename the object.",
                     "key '" + std::string(key) + "'"};
    return model::success();
}

} // namespace

Result<void> S3Connector::list(std::string_view prefix,
                               const std::function<bool(const ObjectInfo&)>& visit) {
    if (auto safe = checkListPrefix(prefix); !safe)
        return safe;
    const std::string full = m_prefix + std::string(prefix);
    const std::string staging = m_prefix + std::string(kStagingFolder);
    std::string token;
    for (;;) {
        S3Call call{"GET",
                    "",
                    {{"list-type", "2"},
                     {"prefix", full},
                     {"encoding-type", "url"},
                     {"max-keys", std::to_string(m_settings.listPageSize)}},
                    {},
                    {},
                    "list the objects under '" + full + "'"};
        if (!token.empty())
            call.query.emplace_back("continuation-token", token);
        auto listed = m_client->send(call);
        if (!listed)
            return listed.error();
        if (listed->status != 200)
            return m_client->failure(*listed, call.what);
        pugi::xml_document doc;
        if (!doc.load_buffer(listed->body.data(), listed->body.size()))
            return m_client->failure(*listed, call.what);
        const auto root = doc.child("ListBucketResult");
        const bool encoded = std::string(root.child("EncodingType").text().as_string()) == "url";
        for (const auto& item : root.children("Contents")) {
            const std::string raw = item.child("Key").text().as_string();
            const std::string key = encoded ? urlDecode(raw) : raw;
            if (!key.starts_with(m_prefix) || key.starts_with(staging))
                continue;
            ObjectInfo info;
            info.key = key.substr(m_prefix.size());
            info.size = item.child("Size").text().as_ullong();
            info.mtimeNs = s3::parseIsoDate(item.child("LastModified").text().as_string());
            info.etag = s3::unquote(item.child("ETag").text().as_string());
            if (!visit(info))
                return model::success();
        }
        if (std::string(root.child("IsTruncated").text().as_string()) != "true")
            break;
        token = root.child("NextContinuationToken").text().as_string();
        if (token.empty())
            return Error{"s3.listing",
                         "S3 said the listing of '" + full +
                             "' continues but gave no continuation token; try again.",
                         "s3://" + m_client->endpoint().bucket};
    }
    return model::success();
}

Result<ObjectInfo> S3Connector::stat(std::string_view key) {
    if (auto safe = checkUserKey(key); !safe)
        return safe.error();
    const std::string objectKey = m_prefix + std::string(key);
    S3Call call{"HEAD", objectKey, {}, {}, {}, "look up '" + std::string(key) + "'"};
    auto got = m_client->send(call);
    if (!got)
        return got.error();
    if (got->status == 404)
        return Error{"object.not_found",
                     "There is no object '" + std::string(key) + "' in " + m_uri.toString() + ".",
                     "s3://" + m_client->endpoint().bucket + "/" + objectKey};
    if (got->status != 200)
        return m_client->failure(*got, call.what);
    return s3::objectInfoFromHead(std::string(key), *got);
}

Result<std::unique_ptr<ObjectReader>> S3Connector::openRead(std::string_view key,
                                                            std::uint64_t offset,
                                                            std::optional<std::uint64_t> length) {
    if (auto safe = checkUserKey(key); !safe)
        return safe.error();
    const std::string objectKey = m_prefix + std::string(key);
    const std::string name(key);
    auto notFound = [&] {
        return Error{"object.not_found",
                     "There is no object '" + name + "' in " + m_uri.toString() + ".",
                     "s3://" + m_client->endpoint().bucket + "/" + objectKey};
    };
    if (length && *length == 0) {
        auto info = stat(key);
        if (!info)
            return info.error();
        return std::unique_ptr<ObjectReader>(
            new S3ObjectReader(*m_client, name, objectKey, offset, offset, info->etag, {}));
    }
    std::uint64_t last = offset + kReadWindow - 1;
    if (length)
        last = std::min(last, offset + *length - 1);
    S3Call call{"GET", objectKey,
                {},    {{"range", "bytes=" + std::to_string(offset) + "-" + std::to_string(last)}},
                {},    "read '" + name + "'"};
    auto got = m_client->send(call);
    if (!got)
        return got.error();
    if (got->status == 404)
        return notFound();
    const std::string etag = s3::unquote(got->header("etag"));
    if (got->status == 416) // The range starts at or after the end: nothing to read.
        return std::unique_ptr<ObjectReader>(
            new S3ObjectReader(*m_client, name, objectKey, offset, offset, etag, {}));
    std::uint64_t total = 0;
    if (got->status == 206) {
        const std::string range = got->header("content-range");
        const auto slash = range.rfind('/');
        if (slash == std::string::npos || range.substr(slash + 1) == "*")
            return m_client->failure(*got, call.what);
        total = std::stoull(range.substr(slash + 1));
    } else if (got->status == 200) {
        // The server ignored the range and sent everything.
        total = got->body.size();
        got->body = offset >= total ? std::string() : got->body.substr(offset, last - offset + 1);
    } else {
        return m_client->failure(*got, call.what);
    }
    const std::uint64_t end = std::min(total, length ? offset + *length : total);
    return std::unique_ptr<ObjectReader>(new S3ObjectReader(
        *m_client, name, objectKey, offset, std::max(end, offset), etag, std::move(got->body)));
}

Result<std::unique_ptr<ObjectWriter>> S3Connector::openWrite(std::string_view key,
                                                             const WriteOptions& options) {
    if (auto safe = checkUserKey(key); !safe)
        return safe.error();
    return S3ObjectWriter::open(*m_client, m_settings, std::string(key),
                                m_prefix + std::string(key), m_prefix + std::string(kStagingFolder),
                                options);
}

Result<void> S3Connector::remove(std::string_view key) {
    if (auto safe = checkUserKey(key); !safe)
        return safe;
    const std::string objectKey = m_prefix + std::string(key);
    S3Call call{"DELETE", objectKey, {}, {}, {}, "remove '" + std::string(key) + "'"};
    auto done = m_client->send(call);
    if (!done)
        return done.error();
    if (done->status != 204 && done->status != 200 && done->status != 404)
        return m_client->failure(*done, call.what);
    return model::success();
}

Result<std::size_t> S3Connector::cleanupAbandoned(std::int64_t olderThanSeconds) {
    const std::int64_t cutoff = nowNs() - olderThanSeconds * 1'000'000'000;
    std::size_t removed = 0;

    // Multipart uploads under the prefix started before the cutoff.
    std::string keyMarker, uploadMarker;
    for (;;) {
        S3Call call{"GET", "", {{"uploads", ""}, {"prefix", m_prefix}},
                    {},    {}, "list the unfinished uploads under '" + m_prefix + "'"};
        if (!keyMarker.empty())
            call.query.emplace_back("key-marker", keyMarker);
        if (!uploadMarker.empty())
            call.query.emplace_back("upload-id-marker", uploadMarker);
        auto listed = m_client->send(call);
        if (!listed)
            return listed.error();
        if (listed->status != 200)
            return m_client->failure(*listed, call.what);
        pugi::xml_document doc;
        doc.load_buffer(listed->body.data(), listed->body.size());
        const auto root = doc.child("ListMultipartUploadsResult");
        for (const auto& upload : root.children("Upload")) {
            const std::string key = upload.child("Key").text().as_string();
            const std::string id = upload.child("UploadId").text().as_string();
            const std::int64_t started =
                s3::parseIsoDate(upload.child("Initiated").text().as_string());
            if (started == 0 || started > cutoff || !key.starts_with(m_prefix))
                continue;
            S3Call abort{"DELETE", key, {{"uploadId", id}},
                         {},       {},  "abort the abandoned upload of '" + key + "'"};
            auto aborted = m_client->send(abort);
            if (!aborted)
                return aborted.error();
            if (aborted->status == 204 || aborted->status == 200)
                ++removed;
            else if (aborted->status != 404)
                return m_client->failure(*aborted, abort.what);
        }
        if (std::string(root.child("IsTruncated").text().as_string()) != "true")
            break;
        keyMarker = root.child("NextKeyMarker").text().as_string();
        uploadMarker = root.child("NextUploadIdMarker").text().as_string();
        if (keyMarker.empty() && uploadMarker.empty())
            break;
    }

    // Checkpoint tails in the staging folder last written before the cutoff.
    std::vector<std::string> stale;
    std::string token;
    const std::string staging = m_prefix + std::string(kStagingFolder);
    for (;;) {
        S3Call call{"GET", "", {{"list-type", "2"}, {"prefix", staging}, {"encoding-type", "url"}},
                    {},    {}, "list the staging folder '" + staging + "'"};
        if (!token.empty())
            call.query.emplace_back("continuation-token", token);
        auto listed = m_client->send(call);
        if (!listed)
            return listed.error();
        if (listed->status != 200)
            return m_client->failure(*listed, call.what);
        pugi::xml_document doc;
        doc.load_buffer(listed->body.data(), listed->body.size());
        const auto root = doc.child("ListBucketResult");
        const bool encoded = std::string(root.child("EncodingType").text().as_string()) == "url";
        for (const auto& item : root.children("Contents")) {
            const std::string raw = item.child("Key").text().as_string();
            const std::int64_t written =
                s3::parseIsoDate(item.child("LastModified").text().as_string());
            if (written != 0 && written <= cutoff)
                stale.push_back(encoded ? urlDecode(raw) : raw);
        }
        if (std::string(root.child("IsTruncated").text().as_string()) != "true")
            break;
        token = root.child("NextContinuationToken").text().as_string();
        if (token.empty())
            break;
    }
    for (const auto& key : stale) {
        S3Call call{"DELETE", key, {}, {}, {}, "remove the abandoned checkpoint '" + key + "'"};
        auto done = m_client->send(call);
        if (!done)
            return done.error();
        if (done->status == 204 || done->status == 200)
            ++removed;
    }
    return removed;
}

} // namespace ferry::engine
