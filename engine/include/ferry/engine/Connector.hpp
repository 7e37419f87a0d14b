#pragma once

#include <ferry/engine/Uri.hpp>
#include <ferry/model/Result.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::engine {

using model::Error;
using model::Result;

/// Hash algorithms a connector can report or check without reading the data back.
enum class HashKind { Md5, Sha256 };

/// What one object is; keys use '/' separators and never start with '/'.
struct ObjectInfo {
    std::string key;          ///< Relative key, e.g. "images/p-001.png".
    std::uint64_t size = 0;   ///< Bytes.
    std::int64_t mtimeNs = 0; ///< Modification time, ns since the epoch (0 = unknown).
    std::map<HashKind, std::string> hashes; ///< Lower-case hex digests the store already knows.
    std::string etag;                       ///< Store's version tag, if any (S3 ETag).
    std::map<std::string, std::string> metadata; ///< User metadata (e.g. "ferry-sha256").
};

/// Abilities a connector declares once; the run uses them to choose how to copy and verify.
struct Capabilities {
    std::vector<HashKind> hashes; ///< Hashes stat() can return without reading the data.
    bool multipart = false;       ///< Large writes go in resumable parts.
    bool serverSideCopy = false;  ///< Can copy within the store without moving bytes here.
    bool preservesMtime = false;  ///< commit() keeps WriteOptions::mtimeNs.
    bool resumableWrites = false; ///< openWrite honours a resume token from an earlier run.
};

/// Sequential reader of one object (or a byte range of it).
class ObjectReader {
public:
    virtual ~ObjectReader() = default;
    /// Read up to buffer.size() bytes; 0 at the end. Errors name the key.
    virtual Result<std::size_t> read(std::span<std::byte> buffer) = 0;
};

/// Options for a write.
struct WriteOptions {
    std::uint64_t expectedSize = 0;              ///< Size the caller will write (for multipart).
    std::int64_t mtimeNs = 0;                    ///< Modification time to keep, when supported.
    std::string resumeToken;                     ///< From an earlier attempt's writer, or empty.
    std::map<std::string, std::string> metadata; ///< User metadata to store with the object.
};

/// Writes one object so that it appears under its final key only on commit(); abort() or a crash
/// leaves no object under that key.
class ObjectWriter {
public:
    virtual ~ObjectWriter() = default;
    /// Bytes already durable from an earlier attempt (resume token); the caller writes from here.
    virtual std::uint64_t resumeOffset() const = 0;
    /// Append bytes.
    virtual Result<void> write(std::span<const std::byte> data) = 0;
    /// Make what was written so far durable and refresh resumeToken(); cheap to call per part.
    virtual Result<void> checkpoint() = 0;
    /// Opaque text an interrupted run keeps to resume this write later ("" = not resumable).
    virtual std::string resumeToken() const = 0;
    /// Publish the object under its key atomically; returns what the store now holds.
    virtual Result<ObjectInfo> commit() = 0;
    /// Drop everything written; the key is left as it was.
    virtual void abort() = 0;
};

/// One data system (a folder, a bucket, memory), in the spirit of rclone's Fs. Every method is
/// safe to call from several threads at once. Keys are validated: a key that would escape the
/// root ("../x", "/abs", "a\\..\\x", NUL, percent-encoded forms) is refused, naming the key.
///
/// Error codes are part of the contract, because a run chooses from the code alone whether to
/// retry an object (see isRetryable() in Run.hpp). Codes are "<family>.<reason>":
///  - "io.*" (local I/O trouble), "net.*" (connection, DNS, TLS, reset), "http.*" (a status the
///    store answered with), "s3.*" and "curl.*": retried with backoff, except codes naming a
///    refusal (containing "denied", "no_such", "invalid", "credential" or "signature") and
///    "io.permission" and "io.read_only", which fail the object at once;
///  - "write.in_progress" (another writer holds the key for now) and any code containing
///    "timeout", "throttl" or "unavailable": retried;
///  - everything else ("key.*", "path.*", "object.*", "disk.full", "write.*", "uri.*",
///    "root.*", ...): permanent, the object fails at once with the message shown to the user.
/// So a connector reports a passing hiccup under io./net./http. (or s3.slow_down-like codes), a
/// full disk as "disk.full", a missing object as "object.not_found", and a rejected credential
/// with "denied" or "credential" in its code. Messages name the key and never hold a secret.
class Connector {
public:
    virtual ~Connector() = default;
    /// The URI this connector was opened on (no secrets).
    virtual const Uri& uri() const = 0;
    /// Declared abilities.
    virtual Capabilities capabilities() const = 0;
    /// Visit every object under prefix ("" = all), in key order; return false from visit to stop.
    virtual Result<void> list(std::string_view prefix,
                              const std::function<bool(const ObjectInfo&)>& visit) = 0;
    /// One object's info; Error code "object.not_found" when absent.
    virtual Result<ObjectInfo> stat(std::string_view key) = 0;
    /// Read [offset, offset + length) (to the end when length is empty).
    virtual Result<std::unique_ptr<ObjectReader>>
    openRead(std::string_view key, std::uint64_t offset = 0,
             std::optional<std::uint64_t> length = {}) = 0;
    /// Start writing an object (see ObjectWriter).
    virtual Result<std::unique_ptr<ObjectWriter>> openWrite(std::string_view key,
                                                            const WriteOptions& options) = 0;
    /// Remove an object; removing an absent object succeeds.
    virtual Result<void> remove(std::string_view key) = 0;
    /// Clean up partial writes (temp files, multipart uploads) untouched for the given age. A run
    /// calls it once a pair is finished, with the age of its session, so that writes a killed
    /// run left before their first checkpoint do not linger; returns how many were removed.
    virtual Result<std::size_t> cleanupAbandoned(std::int64_t olderThanSeconds) {
        (void)olderThanSeconds;
        return std::size_t{0};
    }
};

/// Check an object key: relative, '/'-separated, no "." or ".." segment, no backslash, no NUL or
/// control character, no percent-encoded dot or separator, at most 1024 bytes.
Result<void> checkObjectKey(std::string_view key);

} // namespace ferry::engine
