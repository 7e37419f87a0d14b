#pragma once

#include <ferry/engine/Connector.hpp>
#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/StreamTransform.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

// Forward declarations of libzstd's contexts, so the header needs no zstd include.
struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace ferry::engine {

/// What a zstd transform step asks for: `{"type":"zstd","level":3,"direction":"compress"}`.
struct ZstdOptions {
    /// Which way the bytes go.
    enum class Direction { Compress, Decompress };

    static constexpr int kMinLevel = 1;     ///< Lowest accepted compression level.
    static constexpr int kMaxLevel = 22;    ///< Highest accepted compression level (zstd --ultra).
    static constexpr int kDefaultLevel = 3; ///< zstd's own default.

    int level = kDefaultLevel;                 ///< Compression level; ignored when decompressing.
    Direction direction = Direction::Compress; ///< Compress the source, or decompress it.

    /// Reads the options; "level" and "direction" are optional, anything unknown is refused.
    static model::Result<ZstdOptions> fromJson(const nlohmann::json& json);
    /// A new transform for one object with these options.
    std::unique_ptr<StreamTransform> makeTransform() const;
};

/// Compresses a stream into one zstd frame; memory is flat whatever the object's size
/// (the level's window plus one output buffer of ZSTD_CStreamOutSize()).
class ZstdCompressor final : public StreamTransform {
public:
    /// A compressor at the given level; the level must be in [kMinLevel, kMaxLevel].
    explicit ZstdCompressor(int level = ZstdOptions::kDefaultLevel);
    ~ZstdCompressor() override;
    ZstdCompressor(const ZstdCompressor&) = delete;
    ZstdCompressor& operator=(const ZstdCompressor&) = delete;

    /// Compresses data, emitting whatever compressed bytes are ready.
    model::Result<void> write(std::span<const std::byte> data, const ByteSink& sink) override;
    /// Ends the frame and emits the rest.
    model::Result<void> finish(const ByteSink& sink) override;
    /// {"type":"zstd","direction":"compress","level","bytesIn","bytesOut","ratio"}; ratio is
    /// uncompressed size over compressed size (0 while nothing was emitted).
    nlohmann::json report() const override;

private:
    ZSTD_CCtx_s* m_context = nullptr;
    int m_level;
    std::vector<std::byte> m_out;
    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
    bool m_finished = false;
};

/// Decompresses a stream of one or more concatenated zstd frames with flat memory (the frame's
/// window, at most 128 MiB, plus one output buffer); corrupt or truncated input is an error.
class ZstdDecompressor final : public StreamTransform {
public:
    /// A decompressor ready for the first frame.
    ZstdDecompressor();
    ~ZstdDecompressor() override;
    ZstdDecompressor(const ZstdDecompressor&) = delete;
    ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

    /// Decompresses data; "transform.zstd_corrupt" when the bytes are not valid zstd.
    model::Result<void> write(std::span<const std::byte> data, const ByteSink& sink) override;
    /// "transform.zstd_truncated" when the input ended inside a frame or held no frame at all.
    model::Result<void> finish(const ByteSink& sink) override;
    /// {"type":"zstd","direction":"decompress","frames","bytesIn","bytesOut","ratio"}; ratio is
    /// uncompressed size over compressed size.
    nlohmann::json report() const override;

private:
    ZSTD_DCtx_s* m_context = nullptr;
    std::vector<std::byte> m_out;
    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
    std::uint64_t m_frames = 0;
    bool m_insideFrame = false;
    bool m_failed = false;
};

/// The hash of the logical (decompressed) content of zstd bytes fed in pieces: verifies a
/// compressed target against the hash of its uncompressed source without a temporary file.
class ZstdLogicalHasher {
public:
    /// Hash the decompressed bytes with the given algorithm.
    explicit ZstdLogicalHasher(HashKind kind);

    /// Adds the next compressed bytes; an error when they are not valid zstd.
    model::Result<void> update(std::span<const std::byte> compressed);
    /// The hex digest of the decompressed content; an error when the last frame is incomplete.
    model::Result<std::string> finishHex();
    /// Bytes of decompressed content hashed so far.
    std::uint64_t logicalSize() const { return m_logicalSize; }

private:
    ZstdDecompressor m_decompressor;
    ContentHasher m_hasher;
    std::uint64_t m_logicalSize = 0;
};

} // namespace ferry::engine
