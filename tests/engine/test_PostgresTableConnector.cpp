// The PostgreSQL table connector against a throwaway cluster: conformance, addresses,
// credentials and schemas.
#include "PostgresTestCluster.hpp"
#include "TableConnectorConformance.hpp"

#include <ferry/engine/PostgresTableConnector.hpp>

#include <catch2/catch.hpp>

using namespace ferry::engine;
using ferry::engine::test::openTables;
using ferry::engine::test::PostgresTestCluster;
using ferry::engine::test::ScopedEnv;

TEST_CASE("PostgreSQL table connector passes the table conformance suite",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    ferry::engine::test::runTableConnectorConformance([&] {
        const std::string database = cluster.createDatabase("conformance");
        return openTables(cluster.uri(database), true);
    });
}

TEST_CASE("PostgreSQL table connector refuses a password in the address",
          "[engine][tables][postgres]") {
    auto opened = openTableConnector("postgresql://ferry:hunter2@127.0.0.1:5432/db", true);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "uri.password");
    CHECK(opened.error().message.find("PGPASSWORD") != std::string::npos);
    CHECK(opened.error().message.find("pgpass") != std::string::npos);
    CHECK(opened.error().message.find("hunter2") == std::string::npos);
    CHECK(opened.error().context.find("hunter2") == std::string::npos);

    auto inQuery = openTableConnector("postgresql://ferry@127.0.0.1/db?password=hunter2", true);
    REQUIRE_FALSE(inQuery.ok());
    CHECK(inQuery.error().code == "uri.password");
    CHECK(inQuery.error().toString().find("hunter2") == std::string::npos);
}

TEST_CASE("PostgreSQL table connector: a wrong password is a credential error without the "
          "password",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    {
        ScopedEnv wrong("PGPASSWORD", "not-the-Password-77");
        ScopedEnv noPassFile("PGPASSFILE", "/nonexistent/pgpass");
        auto opened = openTableConnector(cluster.uri("postgres"), false);
        REQUIRE_FALSE(opened.ok());
        INFO(opened.error().toString());
        const bool refusedCode = opened.error().code.find("credential") != std::string::npos ||
                                 opened.error().code.find("denied") != std::string::npos;
        CHECK(refusedCode);
        CHECK(opened.error().toString().find("not-the-Password-77") == std::string::npos);
        CHECK(opened.error().message.find("PGPASSWORD") != std::string::npos);
    }
    {
        ScopedEnv none("PGPASSWORD", nullptr);
        ScopedEnv noPassFile("PGPASSFILE", "/nonexistent/pgpass");
        auto opened = openTableConnector(cluster.uri("postgres"), false);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == "pg.credential_denied");
    }
    // The right one from PGPASSWORD works.
    auto opened = openTableConnector(cluster.uri("postgres"), false);
    INFO((opened ? std::string() : opened.error().toString()));
    CHECK(opened.ok());
}

TEST_CASE("PostgreSQL table connector: nothing listening is a net.* error",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    // The cluster's port plus one is very unlikely to be in use; any net.* code is fine.
    auto opened = openTableConnector(
        "postgresql://ferry@127.0.0.1:" +
            std::to_string(cluster.port() == 65535 ? 1 : cluster.port() + 1) + "/postgres",
        false);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code.starts_with("net."));
}

TEST_CASE("PostgreSQL table connector creates a missing target schema, refuses a missing source "
          "schema",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    const std::string database = cluster.createDatabase("schemas");
    auto source = openTableConnector(cluster.uri(database, "schema=landing"), false);
    REQUIRE_FALSE(source.ok());
    CHECK(source.error().code == "schema.not_found");
    CHECK(source.error().message.find("landing") != std::string::npos);

    auto target = openTables(cluster.uri(database, "schema=landing"), true);
    CHECK(cluster.query(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'landing'") ==
          "1");
    TableSchema table;
    table.name = "t";
    table.columns = {{"id", "bigint", true, std::nullopt, 1, false}};
    REQUIRE(target->createTables({table}).ok());
    CHECK(cluster.query(database, "SELECT count(*) FROM landing.t") == "0");
    auto listed = target->listTables();
    REQUIRE(listed.ok());
    CHECK(*listed == std::vector<std::string>{"t"});
}

TEST_CASE("PostgreSQL table connector reads identity, foreign keys, unique indexes and checks",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    const std::string database = cluster.createDatabase("catalog");
    cluster.query(database,
                  "CREATE TABLE parent (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                  "code varchar(12) NOT NULL UNIQUE, made timestamptz DEFAULT now());"
                  "CREATE TABLE child (pid bigint REFERENCES parent(id) ON DELETE CASCADE, "
                  "n int CHECK (n > 0), PRIMARY KEY (pid, n));");
    auto db = openTables(cluster.uri(database), false);
    auto parent = db->schema("parent");
    REQUIRE(parent.ok());
    CHECK(parent->columns[0].identity);
    CHECK(parent->columns[1].type == "character varying(12)");
    REQUIRE(parent->indexes.size() == 1);
    CHECK(parent->indexes[0].unique);
    CHECK(parent->columns[2].defaultSql == std::optional<std::string>("now()"));
    auto child = db->schema("child");
    REQUIRE(child.ok());
    CHECK(child->primaryKey() == std::vector<std::string>{"pid", "n"});
    REQUIRE(child->foreignKeys.size() == 1);
    CHECK(child->foreignKeys[0].referencedTable == "parent");
    CHECK(child->foreignKeys[0].referencedColumns == std::vector<std::string>{"id"});
    CHECK(child->foreignKeys[0].onDelete == "CASCADE");
    REQUIRE(child->checks.size() == 1);
    CHECK(child->checks[0] == "((n > 0))");
}
