#pragma once

#include <ferry/engine/AwsCredentials.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::engine {

/// How the canonical URI is built: S3 keeps the path exactly (keys may hold "//" or ".."), other
/// services remove dot segments and repeated slashes first.
enum class SigV4PathMode { S3, Generic };

/// One HTTP request to sign. Path and query are decoded text; the signer encodes them.
struct SigV4Request {
    std::string method;                                     ///< "GET", "PUT", ...
    std::string path = "/";                                 ///< Decoded path, e.g. "/bucket/a b".
    std::vector<std::pair<std::string, std::string>> query; ///< Decoded parameters ("" = no value).
    std::vector<std::pair<std::string, std::string>> headers; ///< Headers to sign, incl. "host".
    std::string payloadHash; ///< Lower-case hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
};

/// Everything signing produced; headersToSend are the request's headers plus the added ones.
struct SigV4Signature {
    std::string canonicalRequest; ///< Task 1 of the algorithm.
    std::string stringToSign;     ///< Task 2.
    std::string signature;        ///< Lower-case hex HMAC-SHA256 of the string to sign.
    std::string authorization;    ///< Value of the Authorization header.
    std::string signedHeaders;    ///< "host;x-amz-date;...".
    std::vector<std::pair<std::string, std::string>> headersToSend; ///< Including Authorization.
};

/// AWS Signature Version 4 (HMAC-SHA256) for one region and service, as S3 and the AWS SigV4 test
/// suite define it. Does not use libcurl's signer, which sorts query strings wrongly.
class SigV4 {
public:
    /// A signer for a region ("us-east-1") and a service ("s3").
    SigV4(std::string region, std::string service, SigV4PathMode mode);

    /// Sign a request at a time "YYYYMMDDTHHMMSSZ". Adds x-amz-date when absent, and in S3 mode
    /// x-amz-content-sha256; adds x-amz-security-token (signed) when the credentials have one.
    SigV4Signature sign(const SigV4Request& request, const AwsCredentials& credentials,
                        const std::string& amzDate) const;

    /// The canonical request of an already complete request (no headers added).
    std::string canonicalRequest(const SigV4Request& request) const;
    /// The string to sign for a canonical request.
    std::string stringToSign(const std::string& amzDate, std::string_view canonicalRequest) const;
    /// The hex signature of a string to sign.
    std::string signatureOf(const AwsCredentials& credentials, const std::string& amzDate,
                            std::string_view stringToSign) const;
    /// "20150830/us-east-1/service/aws4_request" for a date.
    std::string credentialScope(const std::string& amzDate) const;

    /// The encoded path as sent on the wire and signed (S3: each segment encoded once).
    std::string canonicalUri(std::string_view path) const;
    /// Parameters encoded, sorted by key then value, joined with '&'; "key=" for no value.
    static std::string
    canonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);
    /// AWS URI encoding: everything but A-Z a-z 0-9 - . _ ~ as %XX (and '/' unless keepSlash).
    static std::string uriEncode(std::string_view text, bool keepSlash);
    /// Lower-case hex SHA-256 of bytes.
    static std::string sha256Hex(std::string_view bytes);
    /// The current UTC time as "YYYYMMDDTHHMMSSZ".
    static std::string amzDateNow();

private:
    /// The canonical request and its signed-header list.
    std::pair<std::string, std::string> canonicalParts(const SigV4Request& request) const;

    std::string m_region;
    std::string m_service;
    SigV4PathMode m_mode;
};

} // namespace ferry::engine
