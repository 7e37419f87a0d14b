#pragma once

#include <filesystem>
#include <string>

namespace ferry::engine::test {

/// A throwaway PostgreSQL server on 127.0.0.1 and a random free port, in a temporary folder,
/// with password (SCRAM) authentication for the user "ferry"; stopped and removed when the test
/// process exits. Run as root, the server runs as "nobody" (PostgreSQL refuses root); the tests
/// connect over TCP. Missing server binaries FAIL the test with what to install.
class PostgresTestCluster {
public:
    /// The cluster shared by every test case of this process, started on first use; sets
    /// PGPASSWORD for the process.
    static PostgresTestCluster& shared();
    ~PostgresTestCluster();
    PostgresTestCluster(const PostgresTestCluster&) = delete;
    PostgresTestCluster& operator=(const PostgresTestCluster&) = delete;

    /// TCP port the server listens on (127.0.0.1).
    int port() const { return m_port; }
    /// The login's user name.
    static std::string user() { return "ferry"; }
    /// The login's password (given to libpq through PGPASSWORD).
    static std::string password() { return "ferry-test-Secret-42"; }
    /// A new, empty database with a unique name starting with prefix; returns its name.
    std::string createDatabase(const std::string& prefix);
    /// "postgresql://ferry@127.0.0.1:PORT/db" plus an optional query ("schema=s&tables=a").
    std::string uri(const std::string& database, const std::string& query = {}) const;
    /// Run SQL with psql in a database; returns the unaligned, tuples-only output (REQUIREs
    /// success).
    std::string query(const std::string& database, const std::string& sql) const;

private:
    PostgresTestCluster();
    void start();

    std::filesystem::path m_root;
    std::filesystem::path m_bin;
    int m_port = 0;
    bool m_asNobody = false;
    bool m_started = false;
    int m_databases = 0;
};

/// Sets an environment variable for a scope and restores the old value afterwards.
class ScopedEnv {
public:
    /// Set name to value (or unset it when value is null).
    ScopedEnv(const char* name, const char* value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string m_name;
    std::string m_old;
    bool m_hadOld = false;
};

} // namespace ferry::engine::test
