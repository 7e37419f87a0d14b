#pragma once

#include "ResumableSha256.hpp"
#include "S3Client.hpp"

#include <ferry/engine/Connector.hpp>
#include <ferry/engine/S3Connector.hpp>

#include <deque>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::engine {

/// Writes one S3 object: a single PUT (Content-MD5, ETag checked) below the multipart cutoff,
/// else a multipart upload whose parts go up `concurrency` at a time, each checked against its
/// MD5. The whole object's SHA-256 is stored as x-amz-meta-ferry-sha256: given at creation when
/// the caller supplies it in WriteOptions::metadata (and checked before completing, so a
/// mismatch publishes nothing), otherwise set after completion by a server-side copy onto itself
/// (objects up to 5 GiB). checkpoint() makes everything written durable: whole parts in the
/// upload, the rest as a small object in the staging folder; resumeToken() records both.
class S3ObjectWriter final : public ObjectWriter {
public:
    /// Start a write, or continue the one a resume token describes (confirmed with ListParts).
    static Result<std::unique_ptr<ObjectWriter>>
    open(const S3Client& client, const S3Settings& settings, std::string key, std::string objectKey,
         std::string stagingFolder, const WriteOptions& options);
    ~S3ObjectWriter() override;

    std::uint64_t resumeOffset() const override { return m_resumeOffset; }
    Result<void> write(std::span<const std::byte> data) override;
    Result<void> checkpoint() override;
    std::string resumeToken() const override;
    Result<ObjectInfo> commit() override;
    void abort() override;

private:
    struct Part {
        int number = 0;
        std::uint64_t size = 0;
        std::string etag; ///< Without quotes.
        std::string md5;  ///< Hex MD5 of the part's bytes.
    };
    struct Staged {
        std::uint64_t offset = 0;
        std::uint64_t size = 0;
        std::string md5;
    };

    S3ObjectWriter(const S3Client& client, const S3Settings& settings, std::string key,
                   std::string objectKey, std::string stagingFolder, const WriteOptions& options);

    Result<void> resumeFrom(const std::string& token);
    Result<void> startUpload();
    Result<void> dispatchPart(std::vector<std::byte> bytes);
    Result<void> collectOne();
    Result<void> collectAll();
    Result<Part> uploadPart(int number, const std::vector<std::byte>& bytes) const;
    Result<void> putStaging();
    void removeStaging();
    Result<ObjectInfo> commitSingle();
    Result<ObjectInfo> commitMultipart();
    Result<void> setHashByCopy(const std::string& sha256);
    Result<ObjectInfo> headCommitted();
    std::vector<std::pair<std::string, std::string>> metadataHeaders(const std::string& sha) const;
    int contiguousParts() const;
    std::uint64_t bytesInParts(int count) const;
    Error failed(const std::string& code, const std::string& message) const;

    const S3Client& m_client;
    S3Settings m_settings;
    std::string m_key;       ///< Key as the caller named it (messages).
    std::string m_objectKey; ///< Key in the bucket.
    std::string m_stagingKey;
    WriteOptions m_options;
    std::string m_writeId;

    bool m_multipart = false;
    std::string m_uploadId;
    int m_nextPart = 1;
    std::map<int, Part> m_parts;
    std::map<int, std::string> m_stateAfterPart; ///< SHA-256 state after each part (0 = none).
    std::deque<std::pair<int, std::future<Result<Part>>>> m_pending;
    std::optional<Error> m_error;

    ResumableSha256 m_sha;
    std::vector<std::byte> m_buffer; ///< Bytes not yet in a part, starting at m_bufferOffset.
    std::uint64_t m_bufferOffset = 0;
    std::uint64_t m_written = 0;
    std::uint64_t m_resumeOffset = 0;
    std::optional<Staged> m_staged;
    bool m_finished = false;
};

} // namespace ferry::engine
