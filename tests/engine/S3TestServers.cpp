#include "S3TestServers.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <random>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace ferry::engine::test {
namespace {

namespace fs = std::filesystem;

const fs::path kServersDir = fs::path(FERRY_SOURCE_DIR) / "tests" / "servers";

int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

} // namespace

NodeProcess::NodeProcess(const std::string& script, const std::vector<std::string>& args,
                         const std::vector<std::string>& environment) {
    int out[2];
    int in[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    std::vector<std::string> argv = {"node", (kServersDir / script).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e)
        env.emplace_back(*e);
    env.insert(env.end(), environment.begin(), environment.end());

    m_pid = ::fork();
    REQUIRE(m_pid >= 0);
    if (m_pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(in[0], STDIN_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::close(in[0]);
        ::close(in[1]);
        std::vector<char*> cargv;
        for (auto& a : argv)
            cargv.push_back(a.data());
        cargv.push_back(nullptr);
        std::vector<char*> cenv;
        for (auto& e : env)
            cenv.push_back(e.data());
        cenv.push_back(nullptr);
        ::execvpe("node", cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(in[0]);
    m_stdin = in[1];

    // Wait for the {"port": N} line.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0)
            continue;
        char buffer[256];
        const ssize_t n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        line.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    INFO("node " << script << " did not report its port (output: '" << line
                 << "'); are node and tests/servers/node_modules installed? "
                    "Run tests/servers/install.sh.");
    const auto at = line.find("\"port\":");
    if (at == std::string::npos) {
        kill();
        ::close(m_stdin);
        m_stdin = -1;
    }
    REQUIRE(at != std::string::npos);
    m_port = std::stoi(line.substr(at + 7));
}

void NodeProcess::kill() {
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
    m_pid = -1;
}

NodeProcess::~NodeProcess() {
    if (m_stdin >= 0)
        ::close(m_stdin);
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGTERM);
    for (int i = 0; i < 50; ++i) {
        if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
}

std::string httpRequest(int port, const std::string& method, const std::string& path,
                        const std::string& body) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const std::string request = method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n" +
                                "Content-Length: " + std::to_string(body.size()) +
                                "\r\nConnection: close\r\n\r\n" + body;
    REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    std::string response;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
        response.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    const auto headerEnd = response.find("\r\n\r\n");
    REQUIRE(headerEnd != std::string::npos);
    return response.substr(headerEnd + 4);
}

AwsCredentials S3TestServers::credentials() {
    return AwsCredentials{"AKIAFERRYTESTKEY01", "ferry/Test+Secret=Key~with/odd+chars",
                          "FerrySessionToken//+=/example", "test"};
}

S3TestServers::S3TestServers() {
    INFO("The S3 tests need node and tests/servers/node_modules (run tests/servers/install.sh); "
         "looked in "
         << kServersDir.string());
    REQUIRE(fs::is_directory(kServersDir / "node_modules" / "s3rver"));
    REQUIRE(fs::is_directory(kServersDir / "node_modules" / "@smithy" / "signature-v4"));
    std::random_device random;
    m_dir = fs::temp_directory_path() /
            ("ferry-s3-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(m_dir);
    startS3rver(freeLoopbackPort());
    const AwsCredentials c = credentials();
    m_proxy = std::make_unique<NodeProcess>(
        "s3-check-proxy.mjs",
        std::vector<std::string>{"--target", "http://127.0.0.1:" + std::to_string(m_s3rverPort),
                                 "--store", m_dir.string(), "--region", "us-east-1"},
        std::vector<std::string>{"FERRY_TEST_ACCESS_KEY_ID=" + c.accessKeyId,
                                 "FERRY_TEST_SECRET_ACCESS_KEY=" + c.secretAccessKey,
                                 "FERRY_TEST_SESSION_TOKEN=" + c.sessionToken});
    m_recorder = std::make_unique<NodeProcess>(
        "s3-check-proxy.mjs", std::vector<std::string>{"--record"}, std::vector<std::string>{});
}

void S3TestServers::startS3rver(int port) {
    const AwsCredentials c = credentials();
    m_s3rver = std::make_unique<NodeProcess>(
        "run-s3rver.mjs",
        std::vector<std::string>{"--port", std::to_string(port), "--directory", m_dir.string(),
                                 "--bucket", bucket()},
        std::vector<std::string>{"FERRY_TEST_ACCESS_KEY_ID=" + c.accessKeyId,
                                 "FERRY_TEST_SECRET_ACCESS_KEY=" + c.secretAccessKey});
    m_s3rverPort = m_s3rver->port();
}

S3TestServers::~S3TestServers() {
    m_proxy.reset();
    m_recorder.reset();
    m_s3rver.reset();
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
}

std::string S3TestServers::uri(const std::string& prefix, const std::string& extra) const {
    return "s3://" + bucket() + "/" + prefix +
           "?endpoint=http://127.0.0.1:" + std::to_string(m_proxy->port()) +
           "&region=us-east-1&max_attempts=4&retry_base_ms=5&retry_max_ms=40" +
           (extra.empty() ? "" : "&" + extra);
}

void S3TestServers::addFaults(const nlohmann::json& rules) const {
    httpRequest(m_proxy->port(), "POST", "/__ferry/faults", rules.dump());
}

nlohmann::json S3TestServers::proxyLog() const {
    return nlohmann::json::parse(httpRequest(m_proxy->port(), "GET", "/__ferry/log"));
}

void S3TestServers::resetProxy() const {
    httpRequest(m_proxy->port(), "POST", "/__ferry/reset");
}

nlohmann::json S3TestServers::recorderLog() const {
    return nlohmann::json::parse(httpRequest(m_recorder->port(), "GET", "/__ferry/log"));
}

void S3TestServers::killS3rver() {
    m_s3rver->kill();
}

void S3TestServers::restartS3rver() {
    const int port = m_s3rverPort;
    m_s3rver.reset();
    startS3rver(port);
}

} // namespace ferry::engine::test
