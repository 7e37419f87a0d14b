#include "PostgresTestCluster.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ferry::engine::test {
namespace fs = std::filesystem;
namespace {

std::string quoteShell(const std::string& text) {
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

// The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl.
fs::path findServerBin() {
    std::vector<std::pair<int, fs::path>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const fs::path bin = entry.path() / "bin";
        if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl")) {
            int version = std::atoi(entry.path().filename().c_str());
            found.emplace_back(version, bin);
        }
    }
    if (found.empty())
        return {};
    std::sort(found.begin(), found.end());
    return found.back().second;
}

} // namespace

ScopedEnv::ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) {
        m_old = old;
        m_hadOld = true;
    }
    if (value)
        ::setenv(name, value, 1);
    else
        ::unsetenv(name);
}

ScopedEnv::~ScopedEnv() {
    if (m_hadOld)
        ::setenv(m_name.c_str(), m_old.c_str(), 1);
    else
        ::unsetenv(m_name.c_str());
}

PostgresTestCluster& PostgresTestCluster::shared() {
    static std::unique_ptr<PostgresTestCluster> cluster;
    if (!cluster) {
        cluster.reset(new PostgresTestCluster());
        cluster->start();
    }
    ::setenv("PGPASSWORD", password().c_str(), 1);
    return *cluster;
}

PostgresTestCluster::PostgresTestCluster() = default;

void PostgresTestCluster::start() {
    m_bin = findServerBin();
    if (m_bin.empty())
        FAIL("PostgreSQL server binaries (initdb, pg_ctl) were not found under "
             "/usr/lib/postgresql/*/bin; run installer/deps-debian.sh to install them.");
    std::string pattern = (fs::temp_directory_path() / "ferry-pg-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_root = pattern;
    m_port = freePort();
    m_asNobody = ::geteuid() == 0;
    const fs::path pwfile = m_root / "pwfile";
    std::ofstream(pwfile) << password() << "\n";
    if (m_asNobody) {
        const passwd* nobody = ::getpwnam("nobody");
        REQUIRE(nobody != nullptr);
        REQUIRE(::chown(m_root.c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
        REQUIRE(::chown(pwfile.c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
    }
    const std::string prefix = m_asNobody ? "runuser -u nobody -- " : "";
    const fs::path data = m_root / "data";
    const fs::path log = m_root / "setup.log";
    const std::string initdb = prefix + quoteShell((m_bin / "initdb").string()) + " -D " +
                               quoteShell(data.string()) + " -U " + user() +
                               " --pwfile=" + quoteShell(pwfile.string()) +
                               " --auth=scram-sha-256 --no-locale -E UTF8 --no-sync > " +
                               quoteShell(log.string()) + " 2>&1";
    if (std::system(initdb.c_str()) != 0)
        FAIL("initdb failed:\n" << slurp(log));
    const std::string options = "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(m_port) +
                                " -c unix_socket_directories=" + m_root.string() +
                                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    const std::string pgctl =
        prefix + quoteShell((m_bin / "pg_ctl").string()) + " -D " + quoteShell(data.string()) +
        " -l " + quoteShell((m_root / "server.log").string()) + " -o " + quoteShell(options) +
        " -w -t 60 start > " + quoteShell(log.string()) + " 2>&1";
    if (std::system(pgctl.c_str()) != 0)
        FAIL("pg_ctl start failed:\n" << slurp(log) << slurp(m_root / "server.log"));
    m_started = true;
}

PostgresTestCluster::~PostgresTestCluster() {
    if (m_started) {
        const std::string stop = std::string(m_asNobody ? "runuser -u nobody -- " : "") +
                                 quoteShell((m_bin / "pg_ctl").string()) + " -D " +
                                 quoteShell((m_root / "data").string()) +
                                 " -m fast -w stop >/dev/null 2>&1";
        (void)std::system(stop.c_str());
    }
    if (!m_root.empty()) {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
}

std::string PostgresTestCluster::uri(const std::string& database, const std::string& query) const {
    return "postgresql://" + user() + "@127.0.0.1:" + std::to_string(m_port) + "/" + database +
           (query.empty() ? "" : "?" + query);
}

std::string PostgresTestCluster::query(const std::string& database, const std::string& sql) const {
    const fs::path psql = fs::exists(m_bin / "psql") ? m_bin / "psql" : fs::path("psql");
    const fs::path out = m_root / ("psql-" + std::to_string(::getpid()) + ".out");
    const std::string command = "PGPASSWORD=" + quoteShell(password()) + " " +
                                quoteShell(psql.string()) + " -X -q -h 127.0.0.1 -p " +
                                std::to_string(m_port) + " -U " + user() + " -d " +
                                quoteShell(database) + " -v ON_ERROR_STOP=1 -At -c " +
                                quoteShell(sql) + " > " + quoteShell(out.string()) + " 2>&1";
    const int status = std::system(command.c_str());
    std::string text = slurp(out);
    INFO(sql << "\n" << text);
    REQUIRE(status == 0);
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

std::string PostgresTestCluster::createDatabase(const std::string& prefix) {
    const std::string name = prefix + "_" + std::to_string(++m_databases);
    query("postgres", "CREATE DATABASE " + name);
    return name;
}

} // namespace ferry::engine::test
