#pragma once

#include "S3Client.hpp"

#include <ferry/engine/Connector.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::engine::s3 {

/// "Mon, 01 Jan 2024 10:00:00 GMT" as ns since the epoch (0 when unreadable).
std::int64_t parseHttpDate(const std::string& text);
/// "2024-01-01T10:00:00.000Z" as ns since the epoch (0 when unreadable).
std::int64_t parseIsoDate(const std::string& text);
/// An ETag without its quotes.
std::string unquote(std::string_view etag);
/// The base64 of the bytes a hex digest stands for (Content-MD5).
std::string base64OfHex(const std::string& hex);
/// Raw bytes of a hex digest.
std::string bytesOfHex(const std::string& hex);
/// True when an ETag is the MD5 of the data: 32 hex digits, not from SSE-KMS or SSE-C.
bool etagIsMd5(const std::string& etag, const S3Response& response);
/// ObjectInfo from a HEAD (or GET) answer for a key.
ObjectInfo objectInfoFromHead(const std::string& key, const S3Response& response);
/// The AWS ETag of a multipart object: MD5 of the parts' MD5s, "-", the number of parts.
std::string multipartEtag(const std::vector<std::string>& partMd5s);

} // namespace ferry::engine::s3
