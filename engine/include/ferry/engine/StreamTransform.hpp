#pragma once

#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <span>

namespace ferry::engine {

/// Receives the bytes a transform emits, in order; an error stops the transform.
using ByteSink = std::function<model::Result<void>(std::span<const std::byte>)>;

/// A change applied to one object's bytes while they stream from the source to the target
/// (CSV cleaning, zstd, safetensors narrowing). One instance per object, used by one thread.
/// Memory stays bounded whatever the object's size, except where a rule needs state by nature
/// (drop duplicate rows keeps one 8-byte fingerprint per distinct row).
class StreamTransform {
public:
    virtual ~StreamTransform() = default;
    /// Feed the next bytes of the source object; emits zero or more bytes into sink.
    virtual model::Result<void> write(std::span<const std::byte> data, const ByteSink& sink) = 0;
    /// The source ended: emit what is left; an error when the input was incomplete or invalid.
    virtual model::Result<void> finish(const ByteSink& sink) = 0;
    /// What the transform did so far, as JSON for the journal and reports (counts per rule,
    /// sizes before and after, errors per tensor, the first rows that could not be cleaned).
    virtual nlohmann::json report() const = 0;
};

} // namespace ferry::engine
