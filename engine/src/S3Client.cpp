#include "S3Client.hpp"

#include <curl/curl.h>
#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

namespace ferry::engine {
namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

struct Transfer {
    S3Response* response = nullptr;
    std::span<const std::byte> body;
    std::size_t sent = 0;
};

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        // A new response (after "100 Continue"): forget the headers of the interim one.
        t->response->headers.clear();
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        t->response->headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    return size * count;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<Transfer*>(user)->response->body.append(data, size * count);
    return size * count;
}

std::size_t onRead(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = std::min(size * count, t->body.size() - t->sent);
    std::memcpy(buffer, t->body.data() + t->sent, n);
    t->sent += n;
    return n;
}

// curl rewinds the body itself when a reused connection turns out to be closed.
int onSeek(void* user, curl_off_t offset, int origin) {
    auto* t = static_cast<Transfer*>(user);
    if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > t->body.size())
        return CURL_SEEKFUNC_CANTSEEK;
    t->sent = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
}

// Loopback addresses never go through an HTTP proxy from the environment.
std::string noProxyList() {
    std::string list;
    for (const char* name : {"NO_PROXY", "no_proxy"})
        if (const char* v = std::getenv(name); v != nullptr && *v != '\0') {
            list = v;
            break;
        }
    if (!list.empty())
        list += ",";
    return list + "127.0.0.1,localhost,::1";
}

bool transientCurlError(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_FAIL_REWIND:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

std::string originOf(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos)
        return url.substr(0, std::min<std::size_t>(url.size(), 80));
    const auto end = url.find_first_of("/?#", scheme + 3);
    std::string hostPort =
        url.substr(scheme + 3, end == std::string::npos ? end : end - scheme - 3);
    if (const auto at = hostPort.rfind('@'); at != std::string::npos)
        hostPort.erase(0, at + 1);
    return url.substr(0, scheme + 3) + hostPort;
}

} // namespace

std::string S3Response::header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

std::string S3Response::errorCode() const {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size()))
        return {};
    return doc.child("Error").child("Code").text().as_string();
}

std::string S3Response::errorMessage() const {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size()))
        return {};
    return doc.child("Error").child("Message").text().as_string();
}

struct S3Client::Pool {
    std::mutex mutex;
    std::vector<CURL*> idle;
    ~Pool() {
        for (CURL* handle : idle)
            curl_easy_cleanup(handle);
    }
    CURL* take() {
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                CURL* handle = idle.back();
                idle.pop_back();
                curl_easy_reset(handle);
                return handle;
            }
        }
        return curl_easy_init();
    }
    void give(CURL* handle) {
        std::lock_guard lock(mutex);
        idle.push_back(handle);
    }
};

S3Client::S3Client(S3Endpoint endpoint, AwsCredentials credentials)
    : m_endpoint(std::move(endpoint)), m_credentials(std::move(credentials)),
      m_signer(m_endpoint.region, "s3", SigV4PathMode::S3), m_pool(std::make_unique<Pool>()) {
    initCurlOnce();
}

S3Client::~S3Client() = default;

std::string S3Client::perform(const S3Call& call, S3Response& response) const {
    response = S3Response{};
    std::string host =
        m_endpoint.pathStyle ? m_endpoint.host : m_endpoint.bucket + "." + m_endpoint.host;
    const bool defaultPort = m_endpoint.port == 0 ||
                             (m_endpoint.scheme == "https" && m_endpoint.port == 443) ||
                             (m_endpoint.scheme == "http" && m_endpoint.port == 80);
    const std::string hostHeader =
        defaultPort ? host : host + ":" + std::to_string(m_endpoint.port);

    SigV4Request request;
    request.method = call.method;
    request.path = m_endpoint.pathStyle ? "/" + m_endpoint.bucket + "/" + call.key : "/" + call.key;
    request.query = call.query;
    request.headers.emplace_back("host", hostHeader);
    for (const auto& h : call.headers)
        request.headers.push_back(h);
    request.payloadHash = SigV4::sha256Hex(
        std::string_view(reinterpret_cast<const char*>(call.body.data()), call.body.size()));
    const SigV4Signature signature = m_signer.sign(request, m_credentials, SigV4::amzDateNow());

    std::string url = m_endpoint.scheme + "://" + hostHeader + m_signer.canonicalUri(request.path);
    if (const std::string query = SigV4::canonicalQuery(call.query); !query.empty())
        url += "?" + query;

    CURL* curl = m_pool->take();
    if (curl == nullptr)
        return "libcurl could not create a handle";
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : signature.headersToSend)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    headers = curl_slist_append(headers, "Expect:");

    Transfer transfer{&response, call.body, 0};
    const std::string noProxy = noProxyList();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, noProxy.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, m_endpoint.connectTimeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, m_endpoint.stallTimeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    if (call.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (call.method == "PUT") {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &onRead);
        curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, &onSeek);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
    } else if (call.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(call.body.size()));
    } else if (call.method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    }
    char errorText[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorText);

    const CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all(headers);
    std::string failure;
    if (code != CURLE_OK) {
        failure = std::string(errorText[0] != '\0' ? errorText : curl_easy_strerror(code)) +
                  " (curl error " + std::to_string(static_cast<int>(code)) + ")";
        response.status = transientCurlError(code) ? -1 : -2;
        // A handle whose connection broke is not reused.
        curl_easy_cleanup(curl);
    } else {
        m_pool->give(curl);
    }
    return failure;
}

model::Result<S3Response> S3Client::send(const S3Call& call) const {
    thread_local std::mt19937_64 random{std::random_device{}()};
    const std::string where = "s3://" + m_endpoint.bucket + "/" + call.key;
    std::string lastProblem;
    const int attempts = std::max(1, m_endpoint.maxAttempts);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        S3Response response;
        const std::string curlFailure = perform(call, response);
        response.attempts = attempt;
        bool retry = false;
        long retryAfterMs = 0;
        if (response.status == -2) {
            return model::Error{"s3.network",
                                "Ferry could not " + call.what + " at " + m_endpoint.scheme +
                                    "://" + m_endpoint.host + ": " + curlFailure +
                                    "; check the endpoint address and its TLS certificate.",
                                where};
        } else if (response.status == -1) {
            retry = true;
            lastProblem = curlFailure;
        } else if (response.status == 403) {
            const std::string code = response.errorCode();
            return model::Error{"s3.access_denied",
                                "access denied: check the credentials for bucket " +
                                    m_endpoint.bucket + " (S3 refused to " + call.what +
                                    (code.empty() ? std::string() : ": " + code) +
                                    "; credentials from " + m_credentials.source + ").",
                                where};
        } else if (response.status >= 300 && response.status < 400 && response.status != 304) {
            const std::string location = response.header("location");
            const std::string region = response.header("x-amz-bucket-region");
            return model::Error{
                "s3.redirect",
                "The S3 endpoint answered HTTP " + std::to_string(response.status) + " to " +
                    call.what +
                    (location.empty() ? std::string() : " and pointed to " + originOf(location)) +
                    "; Ferry does not follow redirects so that credentials never reach another "
                    "address. " +
                    (region.empty()
                         ? std::string("Set endpoint= and region= to the bucket's own.")
                         : "The bucket is in region " + region + ": set region=" + region + "."),
                where};
        } else if (response.status >= 500 || response.status == 429 ||
                   (response.status == 400 && response.errorCode() == "RequestTimeout")) {
            retry = true;
            lastProblem = "HTTP " + std::to_string(response.status) +
                          (response.errorCode().empty() ? "" : " " + response.errorCode());
            const std::string after = response.header("retry-after");
            if (!after.empty() && std::all_of(after.begin(), after.end(), ::isdigit))
                retryAfterMs = std::stol(after) * 1000;
        } else {
            return response;
        }
        if (!retry || attempt == attempts)
            break;
        const long ceiling =
            std::min<long>(m_endpoint.retryMaxMs, static_cast<long>(m_endpoint.retryBaseMs)
                                                      << std::min(attempt - 1, 20));
        std::uniform_int_distribution<long> jitter(0, std::max<long>(ceiling, 0));
        const long delay = std::min<long>(std::max(jitter(random), retryAfterMs),
                                          std::max(m_endpoint.retryMaxMs, 0));
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    }
    const bool network = lastProblem.rfind("HTTP ", 0) != 0;
    return model::Error{network ? "s3.network" : "s3.unavailable",
                        "Ferry could not " + call.what + " on bucket " + m_endpoint.bucket +
                            " after " + std::to_string(attempts) + " tries (last: " + lastProblem +
                            "); check the endpoint and the network, then run again.",
                        where};
}

model::Error S3Client::failure(const S3Response& response, const std::string& what) const {
    const std::string code = response.errorCode();
    const std::string message = response.errorMessage();
    return model::Error{"s3.request",
                        "S3 refused to " + what + " (HTTP " + std::to_string(response.status) +
                            (code.empty() ? std::string() : " " + code) +
                            (message.empty() ? std::string() : ": " + message) +
                            "); check the bucket's settings and the request, then try again.",
                        "s3://" + m_endpoint.bucket};
}

} // namespace ferry::engine
