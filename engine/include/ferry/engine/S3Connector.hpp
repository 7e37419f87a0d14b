#pragma once

#include <ferry/engine/AwsCredentials.hpp>
#include <ferry/engine/Connector.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace ferry::engine {

class S3Client;

/// Tuning of an S3 connector, read from the URI's query parameters.
struct S3Settings {
    std::uint64_t multipartCutoff = 64ull << 20; ///< multipart_cutoff: larger objects go in parts.
    std::uint64_t partSize = 16ull << 20;        ///< part_size: at least 5 MiB (S3's minimum).
    int concurrency = 4;     ///< concurrency: parts uploaded at once per object.
    int maxAttempts = 5;     ///< max_attempts: tries per request.
    int retryBaseMs = 200;   ///< retry_base_ms: first backoff ceiling.
    int retryMaxMs = 20000;  ///< retry_max_ms: largest backoff.
    int listPageSize = 1000; ///< max_keys: keys per ListObjectsV2 page.
};

/// A bucket (or a prefix of it) on AWS S3 or an S3-compatible server, addressed
/// "s3://bucket/prefix?endpoint=URL&region=R&path_style=1". Requests are signed with SigV4;
/// credentials come from the environment or ~/.aws/credentials (AwsCredentials::fromEnvironment),
/// never from the project. Objects above the multipart cutoff are uploaded in parts, each checked
/// against its MD5, and resumable through the writer's resume token. Every object Ferry writes
/// carries its SHA-256 in the metadata "ferry-sha256" (x-amz-meta-ferry-sha256).
class S3Connector final : public Connector {
public:
    /// Open with credentials from the environment; Errors "uri.host", "uri.path", "s3.settings",
    /// "s3.credentials".
    static Result<std::unique_ptr<Connector>> open(const Uri& uri);
    /// Open with the given credentials (tests, or credentials the caller obtained itself).
    static Result<std::unique_ptr<S3Connector>> openWithCredentials(const Uri& uri,
                                                                    AwsCredentials credentials);
    ~S3Connector() override;

    const Uri& uri() const override;
    Capabilities capabilities() const override;
    Result<void> list(std::string_view prefix,
                      const std::function<bool(const ObjectInfo&)>& visit) override;
    Result<ObjectInfo> stat(std::string_view key) override;
    Result<std::unique_ptr<ObjectReader>>
    openRead(std::string_view key, std::uint64_t offset = 0,
             std::optional<std::uint64_t> length = {}) override;
    Result<std::unique_ptr<ObjectWriter>> openWrite(std::string_view key,
                                                    const WriteOptions& options) override;
    Result<void> remove(std::string_view key) override;
    /// Aborts multipart uploads under the prefix started more than olderThanSeconds ago and
    /// deletes abandoned checkpoint tails; returns how many were removed.
    Result<std::size_t> cleanupAbandoned(std::int64_t olderThanSeconds) override;

    /// The settings in force (after defaults and limits).
    const S3Settings& settings() const { return m_settings; }

    /// Folder under the connector's prefix that holds checkpointed tails of unfinished uploads;
    /// list() never shows it and keys inside it are refused.
    static constexpr std::string_view kStagingFolder = ".ferry-staging/";

private:
    S3Connector(Uri uri, std::unique_ptr<S3Client> client, std::string prefix, S3Settings settings);

    Uri m_uri;
    std::unique_ptr<S3Client> m_client;
    std::string m_prefix; ///< "" or "prefix/" prepended to every key inside the bucket.
    S3Settings m_settings;
};

} // namespace ferry::engine
