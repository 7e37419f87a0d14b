#pragma once

#include <ferry/engine/AwsCredentials.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ferry::engine::test {

/// A node process started by a test on 127.0.0.1; stopped (SIGTERM, then SIGKILL) when destroyed.
class NodeProcess {
public:
    /// Run `node script args...` with extra environment; waits for its {"port": N} line.
    NodeProcess(const std::string& script, const std::vector<std::string>& args,
                const std::vector<std::string>& environment);
    ~NodeProcess();
    NodeProcess(const NodeProcess&) = delete;
    NodeProcess& operator=(const NodeProcess&) = delete;

    /// The port it listens on.
    int port() const { return m_port; }
    /// Kill it at once (SIGKILL), as a crash would.
    void kill();

private:
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_port = 0;
};

/// s3rver in a temporary folder, the signature-checking proxy in front of it and a recording
/// server to redirect to; everything on 127.0.0.1, all stopped by the destructor.
class S3TestServers {
public:
    /// Starts the three servers; the test FAILs with a message when node or the packages are
    /// missing (tests/servers/install.sh installs them).
    S3TestServers();
    ~S3TestServers();

    /// The credentials the proxy accepts (with a session token, so that it is signed too).
    static AwsCredentials credentials();
    /// The bucket s3rver was started with.
    static std::string bucket() { return "ferry-test"; }
    /// "s3://ferry-test/<prefix>?endpoint=<proxy>&region=us-east-1&..." plus extra parameters.
    std::string uri(const std::string& prefix, const std::string& extra = {}) const;

    /// Add fault rules to the proxy (see tests/servers/s3-check-proxy.mjs).
    void addFaults(const nlohmann::json& rules) const;
    /// The requests the proxy saw, oldest first.
    nlohmann::json proxyLog() const;
    /// Forget the proxy's rules and log.
    void resetProxy() const;
    /// The requests the recording server saw.
    nlohmann::json recorderLog() const;
    /// Port of the recording server.
    int recorderPort() const { return m_recorder->port(); }

    /// Kill s3rver (SIGKILL) and start it again on the same port and folder.
    void killS3rver();
    /// Start s3rver again after killS3rver().
    void restartS3rver();

private:
    void startS3rver(int port);

    std::filesystem::path m_dir;
    int m_s3rverPort = 0;
    std::unique_ptr<NodeProcess> m_s3rver;
    std::unique_ptr<NodeProcess> m_proxy;
    std::unique_ptr<NodeProcess> m_recorder;
};

/// A minimal HTTP/1.0 exchange with a server on 127.0.0.1 (the proxies' control endpoints).
std::string httpRequest(int port, const std::string& method, const std::string& path,
                        const std::string& body = {});

} // namespace ferry::engine::test
