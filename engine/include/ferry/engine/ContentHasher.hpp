#pragma once

#include <ferry/engine/Connector.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace ferry::engine {

/// Incremental MD5 or SHA-256 of a byte stream (OpenSSL), for connectors and verification.
class ContentHasher {
public:
    /// Start hashing with the given algorithm.
    explicit ContentHasher(HashKind kind);
    ~ContentHasher();
    ContentHasher(ContentHasher&&) noexcept;
    ContentHasher& operator=(ContentHasher&&) noexcept;

    /// Add bytes to the digest.
    void update(std::span<const std::byte> data);
    /// The lower-case hex digest of everything added; the hasher starts over afterwards.
    std::string finishHex();

    /// The lower-case hex digest of one buffer.
    static std::string hex(HashKind kind, std::span<const std::byte> data);
    /// The hex digest of text (convenience for tests and small objects).
    static std::string hex(HashKind kind, std::string_view text);
    /// The name used in metadata and reports: "md5" or "sha256".
    static std::string_view name(HashKind kind);

private:
    struct State;
    HashKind m_kind;
    std::unique_ptr<State> m_state;
};

} // namespace ferry::engine
