#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <openssl/sha.h>

namespace ferry::engine {

/// SHA-256 whose state between 64-byte blocks can be saved as text and restored, so that a
/// multipart upload resumed by another process still records the hash of the whole object.
/// (OpenSSL's EVP interface cannot export a digest's state; SHA256_CTX can.)
class ResumableSha256 {
public:
    /// A fresh digest.
    ResumableSha256();
    /// Add bytes.
    void update(std::span<const std::byte> data);
    /// The state as 80 hex digits; only valid after a multiple of 64 bytes.
    std::string saveState() const;
    /// Restore a state saved by saveState(); empty when the text is not one.
    static std::optional<ResumableSha256> restore(const std::string& state);
    /// Lower-case hex digest of everything added (the object can no longer be updated).
    std::string finishHex();
    /// True when the bytes added so far fill whole 64-byte blocks.
    bool atBlockBoundary() const;

private:
    SHA256_CTX m_context;
};

} // namespace ferry::engine
