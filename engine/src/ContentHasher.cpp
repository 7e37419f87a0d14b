#include <ferry/engine/ContentHasher.hpp>

#include <openssl/evp.h>

#include <stdexcept>

namespace ferry::engine {

struct ContentHasher::State {
    EVP_MD_CTX* context = nullptr;
    ~State() { EVP_MD_CTX_free(context); }
};

namespace {

const EVP_MD* algorithm(HashKind kind) {
    return kind == HashKind::Md5 ? EVP_md5() : EVP_sha256();
}

void start(EVP_MD_CTX* context, HashKind kind) {
    // Only fails when OpenSSL itself is broken (no memory, algorithm disabled): not recoverable.
    if (EVP_DigestInit_ex(context, algorithm(kind), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not start a digest");
}

} // namespace

ContentHasher::ContentHasher(HashKind kind) : m_kind(kind), m_state(std::make_unique<State>()) {
    m_state->context = EVP_MD_CTX_new();
    if (m_state->context == nullptr)
        throw std::bad_alloc();
    start(m_state->context, kind);
}

ContentHasher::~ContentHasher() = default;
ContentHasher::ContentHasher(ContentHasher&&) noexcept = default;
ContentHasher& ContentHasher::operator=(ContentHasher&&) noexcept = default;

void ContentHasher::update(std::span<const std::byte> data) {
    if (!data.empty())
        EVP_DigestUpdate(m_state->context, data.data(), data.size());
}

std::string ContentHasher::finishHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_state->context, digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 15]);
    }
    start(m_state->context, m_kind);
    return out;
}

std::string ContentHasher::hex(HashKind kind, std::span<const std::byte> data) {
    ContentHasher hasher(kind);
    hasher.update(data);
    return hasher.finishHex();
}

std::string ContentHasher::hex(HashKind kind, std::string_view text) {
    return hex(kind, std::as_bytes(std::span(text.data(), text.size())));
}

std::string_view ContentHasher::name(HashKind kind) {
    return kind == HashKind::Md5 ? "md5" : "sha256";
}

} // namespace ferry::engine
