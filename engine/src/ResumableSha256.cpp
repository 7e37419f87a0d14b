// SHA256_CTX and its functions are deprecated in OpenSSL 3 but remain the only way to carry a
// digest's state across processes; see ResumableSha256.hpp.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "ResumableSha256.hpp"

#include <cstdio>

namespace ferry::engine {

ResumableSha256::ResumableSha256() {
    SHA256_Init(&m_context);
}

void ResumableSha256::update(std::span<const std::byte> data) {
    if (!data.empty())
        SHA256_Update(&m_context, data.data(), data.size());
}

bool ResumableSha256::atBlockBoundary() const {
    return m_context.num == 0;
}

std::string ResumableSha256::saveState() const {
    std::string out;
    char word[9];
    for (const auto h : m_context.h) {
        std::snprintf(word, sizeof word, "%08x", static_cast<unsigned>(h));
        out += word;
    }
    std::snprintf(word, sizeof word, "%08x", static_cast<unsigned>(m_context.Nl));
    out += word;
    std::snprintf(word, sizeof word, "%08x", static_cast<unsigned>(m_context.Nh));
    out += word;
    return out;
}

std::optional<ResumableSha256> ResumableSha256::restore(const std::string& state) {
    if (state.size() != 80)
        return std::nullopt;
    unsigned words[10];
    for (int i = 0; i < 10; ++i) {
        unsigned value = 0;
        for (int j = 0; j < 8; ++j) {
            const char c = state[static_cast<std::size_t>(i * 8 + j)];
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            if (digit < 0)
                return std::nullopt;
            value = value * 16 + static_cast<unsigned>(digit);
        }
        words[i] = value;
    }
    ResumableSha256 out;
    for (int i = 0; i < 8; ++i)
        out.m_context.h[i] = words[i];
    out.m_context.Nl = words[8];
    out.m_context.Nh = words[9];
    out.m_context.num = 0;
    return out;
}

std::string ResumableSha256::finishHex() {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(digest, &m_context);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : digest) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out;
}

} // namespace ferry::engine
