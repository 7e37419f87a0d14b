#pragma once

#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/StreamTransform.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::engine {

/// A mapping's transforms, checked once and applied per object: which steps apply to a key
/// (their "match" glob, fnmatch-style where `*` also matches '/'), the key the object gets at
/// the target, and a fresh chain of steps for each object. See "In a run" in docs/transforms.md.
class TransformChain {
public:
    /// The steps that apply to one object, fed in order: the output of one is the input of the
    /// next. Itself a StreamTransform, so a run streams through it like through one step.
    class Stream final : public StreamTransform {
    public:
        /// No steps: bytes pass through unchanged.
        Stream() = default;
        /// True when no step applies: the object is copied as it is.
        bool empty() const { return m_steps.empty(); }
        /// Feeds data to the first step; the last step's output goes to sink.
        model::Result<void> write(std::span<const std::byte> data, const ByteSink& sink) override;
        /// Finishes every step in order, each one's last output going through the rest.
        model::Result<void> finish(const ByteSink& sink) override;
        /// {"transforms":[{"type","report"}...],"bytes_in","bytes_out"}: every step's report.
        nlohmann::json report() const override;
        /// True when the last step is zstd compression (the target is a zstd frame).
        bool endsWithZstdCompression() const;
        /// SHA-256 of the bytes that entered the last step, once finished: what decompressing a
        /// target compressed by a final zstd step must give. Empty when not ending in zstd.
        const std::string& logicalSha256() const { return m_logicalSha256; }

    private:
        friend class TransformChain;
        struct Step {
            std::string type;
            bool zstdCompress = false;
            std::unique_ptr<StreamTransform> transform;
        };
        model::Result<void> feed(std::size_t step, std::span<const std::byte> data,
                                 const ByteSink& sink);

        std::vector<Step> m_steps;
        std::optional<ContentHasher> m_logicalHasher;
        std::string m_logicalSha256;
        std::uint64_t m_bytesIn = 0;
        std::uint64_t m_bytesOut = 0;
    };

    /// No transforms: every object is copied as it is.
    TransformChain() = default;
    /// Reads a mapping's "transforms" array (null means none); every entry is checked with its
    /// type's options, and an error ("transform.*") names the entry's index and the field.
    static model::Result<TransformChain> fromJson(const nlohmann::json& transforms);

    /// True when the mapping declares no transforms.
    bool empty() const { return m_entries.empty(); }
    /// True when at least one step applies to the source key.
    bool appliesTo(const std::string& key) const;
    /// A fresh chain of the steps that apply to the source key, in declaration order.
    Stream forKey(const std::string& key) const;
    /// The key the object gets at the target: zstd compression appends ".zst", zstd
    /// decompression strips a trailing ".zst"; other steps keep the key.
    std::string targetKey(const std::string& key) const;
    /// The transforms as declared (for the journal).
    const nlohmann::json& json() const { return m_json; }

private:
    struct Entry {
        std::string type;
        std::string match;
        int keyChange = 0; // +1 appends ".zst", -1 strips it
        std::function<std::unique_ptr<StreamTransform>()> make;
    };
    std::vector<Entry> m_entries;
    nlohmann::json m_json = nlohmann::json::array();
};

/// One line for logs and the command line from a Stream::report(), e.g. "csv_clean dropped 3
/// duplicate rows, filled 12 values, 6 rows could not be cleaned; 14.2 kB -> 13.1 kB".
std::string transformSummary(const nlohmann::json& report);

} // namespace ferry::engine
