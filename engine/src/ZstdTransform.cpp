#include <ferry/engine/ZstdTransform.hpp>

#include <zstd.h>

#include <cassert>
#include <string>

namespace ferry::engine {

namespace {

model::Error optionsError(std::string message) {
    return {"transform.zstd_options", std::move(message), "zstd"};
}

double ratio(std::uint64_t uncompressed, std::uint64_t compressed) {
    return compressed == 0 ? 0.0
                           : static_cast<double>(uncompressed) / static_cast<double>(compressed);
}

model::Result<void> emit(const std::vector<std::byte>& buffer, std::size_t size,
                         const ByteSink& sink) {
    if (size == 0)
        return model::success();
    return sink(std::span<const std::byte>(buffer.data(), size));
}

} // namespace

model::Result<ZstdOptions> ZstdOptions::fromJson(const nlohmann::json& json) {
    if (!json.is_object())
        return optionsError("The zstd step must be a JSON object such as "
                            "{\"type\":\"zstd\",\"level\":3,\"direction\":\"compress\"}.");
    ZstdOptions options;
    for (const auto& [key, value] : json.items()) {
        if (key == "type") {
            if (value != "zstd")
                return optionsError("The step's type is not \"zstd\"; use {\"type\":\"zstd\"}.");
        } else if (key == "level") {
            if (!value.is_number_integer())
                return optionsError("The zstd level must be a whole number from " +
                                    std::to_string(kMinLevel) + " to " + std::to_string(kMaxLevel) +
                                    ".");
            const auto level = value.get<std::int64_t>();
            if (level < kMinLevel || level > kMaxLevel)
                return optionsError("The zstd level " + std::to_string(level) +
                                    " is out of range; use a level from " +
                                    std::to_string(kMinLevel) + " (fastest) to " +
                                    std::to_string(kMaxLevel) + " (smallest), 3 by default.");
            options.level = static_cast<int>(level);
        } else if (key == "direction") {
            if (value == "compress")
                options.direction = Direction::Compress;
            else if (value == "decompress")
                options.direction = Direction::Decompress;
            else
                return optionsError("The zstd direction must be \"compress\" or \"decompress\", "
                                    "not " +
                                    value.dump() + ".");
        } else {
            return optionsError("The zstd step has an unknown option \"" + key +
                                "\"; the options are type, level and direction.");
        }
    }
    return options;
}

std::unique_ptr<StreamTransform> ZstdOptions::makeTransform() const {
    if (direction == Direction::Decompress)
        return std::make_unique<ZstdDecompressor>();
    return std::make_unique<ZstdCompressor>(level);
}

ZstdCompressor::ZstdCompressor(int level)
    : m_context(ZSTD_createCCtx()), m_level(level), m_out(ZSTD_CStreamOutSize()) {
    assert(level >= ZstdOptions::kMinLevel && level <= ZstdOptions::kMaxLevel);
    if (m_context == nullptr)
        throw std::bad_alloc();
    const size_t rc = ZSTD_CCtx_setParameter(m_context, ZSTD_c_compressionLevel, level);
    assert(!ZSTD_isError(rc));
    (void)rc;
    ZSTD_CCtx_setParameter(m_context, ZSTD_c_checksumFlag, 1);
}

ZstdCompressor::~ZstdCompressor() {
    ZSTD_freeCCtx(m_context);
}

model::Result<void> ZstdCompressor::write(std::span<const std::byte> data, const ByteSink& sink) {
    assert(!m_finished);
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    while (in.pos < in.size) {
        ZSTD_outBuffer out{m_out.data(), m_out.size(), 0};
        const size_t rc = ZSTD_compressStream2(m_context, &out, &in, ZSTD_e_continue);
        if (ZSTD_isError(rc))
            return model::Error{"transform.zstd_failed",
                                std::string("zstd could not compress the data (") +
                                    ZSTD_getErrorName(rc) + "); retry the object.",
                                "zstd"};
        m_bytesOut += out.pos;
        if (auto sent = emit(m_out, out.pos, sink); !sent)
            return sent;
    }
    m_bytesIn += data.size();
    return model::success();
}

model::Result<void> ZstdCompressor::finish(const ByteSink& sink) {
    assert(!m_finished);
    m_finished = true;
    ZSTD_inBuffer in{nullptr, 0, 0};
    size_t remaining = 0;
    do {
        ZSTD_outBuffer out{m_out.data(), m_out.size(), 0};
        remaining = ZSTD_compressStream2(m_context, &out, &in, ZSTD_e_end);
        if (ZSTD_isError(remaining))
            return model::Error{"transform.zstd_failed",
                                std::string("zstd could not end the frame (") +
                                    ZSTD_getErrorName(remaining) + "); retry the object.",
                                "zstd"};
        m_bytesOut += out.pos;
        if (auto sent = emit(m_out, out.pos, sink); !sent)
            return sent;
    } while (remaining != 0);
    return model::success();
}

nlohmann::json ZstdCompressor::report() const {
    return {{"type", "zstd"},         {"direction", "compress"},
            {"level", m_level},       {"bytesIn", m_bytesIn},
            {"bytesOut", m_bytesOut}, {"ratio", ratio(m_bytesIn, m_bytesOut)}};
}

ZstdDecompressor::ZstdDecompressor() : m_context(ZSTD_createDCtx()), m_out(ZSTD_DStreamOutSize()) {
    if (m_context == nullptr)
        throw std::bad_alloc();
}

ZstdDecompressor::~ZstdDecompressor() {
    ZSTD_freeDCtx(m_context);
}

model::Result<void> ZstdDecompressor::write(std::span<const std::byte> data, const ByteSink& sink) {
    assert(!m_failed);
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    // Keep going while input is left, or while the last call filled the output buffer (zstd
    // may then hold more decoded bytes for the same input).
    bool outputFull = false;
    while (in.pos < in.size || outputFull) {
        ZSTD_outBuffer out{m_out.data(), m_out.size(), 0};
        const size_t before = in.pos;
        const size_t rc = ZSTD_decompressStream(m_context, &out, &in);
        if (ZSTD_isError(rc)) {
            m_failed = true;
            return model::Error{"transform.zstd_corrupt",
                                std::string("The data is not valid zstd: ") +
                                    ZSTD_getErrorName(rc) + " in frame " +
                                    std::to_string(m_frames + 1) + " near input byte " +
                                    std::to_string(m_bytesIn + in.pos) +
                                    "; check that the object was compressed with zstd and "
                                    "copied whole.",
                                "zstd"};
        }
        if (in.pos > before || out.pos > 0)
            m_insideFrame = true;
        if (rc == 0) {
            // A frame ended; the next byte, if any, starts another one.
            if (m_insideFrame)
                ++m_frames;
            m_insideFrame = false;
        }
        outputFull = out.pos == out.size;
        m_bytesOut += out.pos;
        if (auto sent = emit(m_out, out.pos, sink); !sent)
            return sent;
    }
    m_bytesIn += data.size();
    return model::success();
}

model::Result<void> ZstdDecompressor::finish(const ByteSink& /*sink*/) {
    if (m_insideFrame)
        return model::Error{"transform.zstd_truncated",
                            "The zstd data ends inside frame " + std::to_string(m_frames + 1) +
                                " after " + std::to_string(m_bytesIn) +
                                " bytes: the object is truncated; copy it again whole.",
                            "zstd"};
    if (m_frames == 0)
        return model::Error{"transform.zstd_truncated",
                            "The object holds no zstd frame (it is empty); decompress only "
                            "objects compressed with zstd.",
                            "zstd"};
    return model::success();
}

nlohmann::json ZstdDecompressor::report() const {
    return {{"type", "zstd"},         {"direction", "decompress"},
            {"frames", m_frames},     {"bytesIn", m_bytesIn},
            {"bytesOut", m_bytesOut}, {"ratio", ratio(m_bytesOut, m_bytesIn)}};
}

ZstdLogicalHasher::ZstdLogicalHasher(HashKind kind) : m_hasher(kind) {}

model::Result<void> ZstdLogicalHasher::update(std::span<const std::byte> compressed) {
    return m_decompressor.write(compressed, [this](std::span<const std::byte> logical) {
        m_hasher.update(logical);
        m_logicalSize += logical.size();
        return model::success();
    });
}

model::Result<std::string> ZstdLogicalHasher::finishHex() {
    auto done = m_decompressor.finish([](std::span<const std::byte>) { return model::success(); });
    if (!done)
        return done.error();
    return m_hasher.finishHex();
}

} // namespace ferry::engine
