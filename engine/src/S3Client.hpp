#pragma once

#include <ferry/engine/AwsCredentials.hpp>
#include <ferry/engine/SigV4.hpp>
#include <ferry/model/Result.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ferry::engine {

/// Where and how an S3Client talks to its bucket.
struct S3Endpoint {
    std::string scheme = "https"; ///< "https" (default) or "http" (local test servers).
    std::string host;   ///< Endpoint host without the bucket, e.g. "s3.eu-west-1.amazonaws.com".
    int port = 0;       ///< 0 = the scheme's default.
    std::string bucket; ///< Bucket name.
    std::string region = "us-east-1"; ///< Signing region.
    bool pathStyle = false; ///< "/bucket/key" on the endpoint instead of "bucket.host/key".
    int maxAttempts = 5;    ///< Tries per request for 5xx, 429 and connection failures.
    int retryBaseMs = 200;  ///< First backoff ceiling; doubles per try, with full jitter.
    int retryMaxMs = 20000; ///< Largest backoff.
    long connectTimeoutSeconds = 30; ///< Give up connecting after this long (then retry).
    long stallTimeoutSeconds = 120;  ///< A transfer slower than 1 byte/s this long is retried.
};

/// One S3 request. Path and query are decoded; the client encodes and signs them.
struct S3Call {
    std::string method; ///< GET, HEAD, PUT, POST, DELETE.
    std::string key;    ///< Object key in the bucket, "" = bucket.
    std::vector<std::pair<std::string, std::string>> query;   ///< Decoded parameters.
    std::vector<std::pair<std::string, std::string>> headers; ///< Extra headers (all signed).
    std::span<const std::byte> body; ///< Request body (kept by the caller).
    std::string what; ///< For messages: "read 'a/b.txt'", "upload part 3 of 'big.bin'".
};

/// What S3 answered.
struct S3Response {
    long status = 0;                            ///< HTTP status.
    std::map<std::string, std::string> headers; ///< Lower-case names.
    std::string body;                           ///< Body (XML for errors and listings).
    int attempts = 0;                           ///< Tries it took.

    /// A header's value, or "".
    std::string header(const std::string& lowerName) const;
    /// The <Code> of an S3 XML error body, or "".
    std::string errorCode() const;
    /// The <Message> of an S3 XML error body, or "".
    std::string errorMessage() const;
};

/// Signed HTTP requests to one bucket through libcurl, with bounded retries (exponential backoff,
/// full jitter) on 5xx, 429 and broken connections, fail-fast on 403, and no redirects: a 3xx is
/// reported, never followed, so credentials never reach another host, port or scheme. Safe to use
/// from several threads.
class S3Client {
public:
    /// A client for an endpoint with credentials (kept in memory only).
    S3Client(S3Endpoint endpoint, AwsCredentials credentials);
    ~S3Client();
    S3Client(const S3Client&) = delete;
    S3Client& operator=(const S3Client&) = delete;

    /// Send a request, retrying transient failures. Errors: "s3.access_denied" (403),
    /// "s3.redirect" (3xx), "s3.unavailable" (5xx/429 after the last try), "s3.network". Any other
    /// status is returned for the caller to judge.
    model::Result<S3Response> send(const S3Call& call) const;

    /// An Error for an unexpected answer: what was asked, the status and S3's code and message.
    model::Error failure(const S3Response& response, const std::string& what) const;

    /// The endpoint.
    const S3Endpoint& endpoint() const { return m_endpoint; }

private:
    struct Pool;
    /// One try: fills response or returns a curl error text.
    std::string perform(const S3Call& call, S3Response& response) const;

    S3Endpoint m_endpoint;
    AwsCredentials m_credentials;
    SigV4 m_signer;
    std::unique_ptr<Pool> m_pool;
};

} // namespace ferry::engine
