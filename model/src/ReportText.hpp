#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::model::report_detail {

/// Code points of a UTF-8 string; an invalid byte becomes U+FFFD.
std::vector<char32_t> decodeUtf8(std::string_view text);

/// The WinAnsi (Windows-1252) byte of a code point, or 0 when it has none.
unsigned char winAnsiByte(char32_t codePoint);

/// True for code points drawn with the CJK font (no WinAnsi byte).
inline bool needsCjkFont(char32_t codePoint) {
    return codePoint >= 0x80 && winAnsiByte(codePoint) == 0;
}

/// Advance width of a code point in 1/1000 em.
int glyphWidth(char32_t codePoint, bool bold);

} // namespace ferry::model::report_detail
