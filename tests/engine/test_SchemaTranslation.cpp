// Schema translation SQLite <-> PostgreSQL: types, defaults, checks, issues, and the demo
// databases moved to PostgreSQL with the same canonical hashes.
#include "PostgresTestCluster.hpp"
#include "TableConnectorConformance.hpp"

#include <ferry/engine/SchemaTranslation.hpp>
#include <ferry/engine/TableCopy.hpp>
#include <ferry/engine/TableHasher.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>

using namespace ferry::engine;
using ferry::engine::test::demoDatabase;
using ferry::engine::test::openTables;
using ferry::engine::test::PostgresTestCluster;
using ferry::engine::test::TempFolder;

namespace {

TableSchema oneColumn(const std::string& type, std::optional<std::string> defaultSql = {}) {
    TableSchema table;
    table.name = "t";
    table.columns = {{"c", type, false, std::move(defaultSql), 0, false}};
    return table;
}

std::string translatedType(const std::string& type, SqlDialect from = SqlDialect::Sqlite) {
    const auto to = from == SqlDialect::Sqlite ? SqlDialect::Postgres : SqlDialect::Sqlite;
    return translateSchemas({oneColumn(type)}, from, to).tables.at(0).columns.at(0).type;
}

void sqliteExec(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

bool hasIssue(const SchemaTranslation& translation, const std::string& table,
              const std::string& column, const std::string& words, IssueSeverity severity) {
    return std::any_of(translation.issues.begin(), translation.issues.end(), [&](const auto& i) {
        return i.table == table && i.column == column && i.what.find(words) != std::string::npos &&
               i.severity == severity;
    });
}

} // namespace

TEST_CASE("SQLite types translate to PostgreSQL by SQLite's affinity rules", "[engine][tables]") {
    CHECK(translatedType("INTEGER") == "bigint");
    CHECK(translatedType("int8") == "bigint");
    CHECK(translatedType("UNSIGNED BIG INT") == "bigint");
    CHECK(translatedType("VARCHAR(40)") == "varchar(40)");
    CHECK(translatedType("NVARCHAR(10)") == "varchar(10)");
    CHECK(translatedType("TEXT") == "text");
    CHECK(translatedType("CLOB") == "text");
    CHECK(translatedType("CHARACTER(20)") == "text");
    CHECK(translatedType("BLOB") == "bytea");
    CHECK(translatedType("") == "bytea");
    CHECK(translatedType("REAL") == "double precision");
    CHECK(translatedType("FLOAT") == "double precision");
    CHECK(translatedType("DOUBLE PRECISION") == "double precision");
    CHECK(translatedType("NUMERIC") == "numeric");
    CHECK(translatedType("DECIMAL(10,2)") == "numeric(10,2)");
    CHECK(translatedType("BOOLEAN") == "boolean");
    CHECK(translatedType("DATETIME") == "text");
    CHECK(translatedType("DATE") == "text");
}

TEST_CASE("PostgreSQL types translate to SQLite", "[engine][tables]") {
    const auto pg = SqlDialect::Postgres;
    CHECK(translatedType("bigint", pg) == "INTEGER");
    CHECK(translatedType("integer", pg) == "INTEGER");
    CHECK(translatedType("character varying(12)", pg) == "VARCHAR(12)");
    CHECK(translatedType("text", pg) == "TEXT");
    CHECK(translatedType("bytea", pg) == "BLOB");
    CHECK(translatedType("double precision", pg) == "REAL");
    CHECK(translatedType("numeric(10,2)", pg) == "NUMERIC(10,2)");
    CHECK(translatedType("boolean", pg) == "BOOLEAN");
    CHECK(translatedType("timestamp with time zone", pg) == "TEXT");
    CHECK(translatedType("integer[]", pg) == "TEXT");
    auto arrays = translateSchemas({oneColumn("integer[]")}, pg, SqlDialect::Sqlite);
    CHECK(hasIssue(arrays, "t", "c", "array", IssueSeverity::Warning));
}

TEST_CASE("Defaults translate between the dialects or are reported", "[engine][tables]") {
    auto toPg = [](const std::string& type, const std::string& def) {
        return translateSchemas({oneColumn(type, def)}, SqlDialect::Sqlite, SqlDialect::Postgres);
    };
    CHECK(toPg("TEXT", "'USD'").tables[0].columns[0].defaultSql == "'USD'");
    CHECK(toPg("INTEGER", "0").tables[0].columns[0].defaultSql == "0");
    CHECK(toPg("BOOLEAN", "1").tables[0].columns[0].defaultSql == "true");
    CHECK(toPg("DATETIME", "CURRENT_TIMESTAMP").tables[0].columns[0].defaultSql ==
          "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')");
    CHECK(toPg("TIMESTAMP", "(datetime('now'))").tables[0].columns[0].defaultSql.has_value());
    const auto lost = toPg("TEXT", "(hex(randomblob(8)))");
    CHECK_FALSE(lost.tables[0].columns[0].defaultSql.has_value());
    CHECK(hasIssue(lost, "t", "c", "randomblob", IssueSeverity::Warning));
    CHECK(lost.losesSomething());

    auto fromPg = translateSchemas({oneColumn("text", "'x'::text")}, SqlDialect::Postgres,
                                   SqlDialect::Sqlite);
    CHECK(fromPg.tables[0].columns[0].defaultSql == "'x'");
    CHECK(fromPg.issues.empty());
}

TEST_CASE("Untranslatable constructs of a SQLite table are reported per column",
          "[engine][tables]") {
    TempFolder folder;
    const auto file = folder.path() / "odd.sqlite";
    sqliteExec(file, "CREATE TABLE odd (id INTEGER PRIMARY KEY, anything, "
                     "token TEXT DEFAULT (hex(randomblob(8))), "
                     "code TEXT CHECK (code GLOB '[A-Z]*'), flag BOOLEAN NOT NULL DEFAULT 1, "
                     "seen DATETIME DEFAULT CURRENT_TIMESTAMP, qty INTEGER CHECK (qty >= 0));"
                     "CREATE INDEX odd_lower ON odd (lower(code));"
                     "CREATE UNIQUE INDEX odd_code ON odd (code);");
    auto source = openTables("sqlite://" + file.string(), false);
    auto translation = translateDatabase(*source, SqlDialect::Postgres);
    REQUIRE(translation.ok());
    INFO([&] {
        std::string all;
        for (const auto& issue : translation->issues)
            all += issue.table + "." + issue.column + ": " + issue.what + "\n";
        return all;
    }());
    CHECK(hasIssue(*translation, "odd", "anything", "no declared type", IssueSeverity::Warning));
    CHECK(hasIssue(*translation, "odd", "token", "default", IssueSeverity::Warning));
    CHECK(hasIssue(*translation, "odd", "code", "CHECK", IssueSeverity::Warning));
    CHECK(hasIssue(*translation, "odd", "", "odd_lower", IssueSeverity::Warning));
    CHECK(hasIssue(*translation, "odd", "seen", "kept as text", IssueSeverity::Info));
    CHECK(translation->losesSomething());
    const auto& odd = translation->tables.at(0);
    CHECK(odd.checks == std::vector<std::string>{"(qty >= 0)"});
    CHECK(odd.columns[0].identity);
    CHECK(odd.columns[4].defaultSql == "true");
    // The DDL: identity, NOT NULL, the portable check; the unique index after the data.
    REQUIRE(translation->createStatements.size() == 1);
    const auto& create = translation->createStatements[0];
    CHECK(create.find("\"id\" bigint GENERATED BY DEFAULT AS IDENTITY") != std::string::npos);
    CHECK(create.find("CHECK (qty >= 0)") != std::string::npos);
    CHECK(create.find("GLOB") == std::string::npos);
    const auto& finish = translation->finishStatements;
    CHECK(std::any_of(finish.begin(), finish.end(), [](const std::string& sql) {
        return sql == "CREATE UNIQUE INDEX \"odd_code\" ON \"odd\" (\"code\")";
    }));
    CHECK(std::any_of(finish.begin(), finish.end(), [](const std::string& sql) {
        return sql.find("setval(pg_get_serial_sequence('\"odd\"', 'id')") != std::string::npos;
    }));
}

TEST_CASE("Canonical row hashes ignore the storage type of the same value", "[engine][tables]") {
    auto hashOf = [](const TableRow& row) {
        TableHasher hasher;
        hasher.addRow(row);
        return hasher.finishHex();
    };
    CHECK(hashOf({std::int64_t{5}, 0.1}) == hashOf({5.0, 0.1}));
    CHECK(hashOf({std::string("ab")}) == hashOf({Blob{"ab"}}));
    CHECK(hashOf({std::monostate{}}) != hashOf({std::string()}));
    CHECK(hashOf({std::string("a"), std::string("bc")}) !=
          hashOf({std::string("ab"), std::string("c")}));
    CHECK(TableHasher::canonical(0.1) == "0.1");
    CHECK(TableHasher::canonical(1e300) == "1e+300");
}

TEST_CASE("The demo databases move to PostgreSQL with equal counts, hashes, keys and checks",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    const std::string database = cluster.createDatabase("demo");
    for (const std::string name : {"orders", "inventory"}) {
        auto source = openTables("sqlite://" + demoDatabase(name + ".sqlite").string(), false);
        auto target = openTables(cluster.uri(database, "schema=" + name), true);
        DatabaseCopyOptions options;
        options.chunkRows = 700;
        auto copied = copyDatabase(*source, *target, options);
        INFO((copied ? std::string() : copied.error().toString()));
        REQUIRE(copied.ok());
        CHECK(copied->translation.issues.empty());
        auto tables = source->listTables();
        REQUIRE(tables.ok());
        for (const auto& table : *tables) {
            auto verified = verifyTable(*source, *target, table);
            REQUIRE(verified.ok());
            INFO(verified->describe());
            CHECK(verified->match);
            CHECK(verified->sourceRows == static_cast<std::uint64_t>(*source->rowCount(table)));
            CHECK(verified->targetRows == copied->rows.at(table));
        }
    }
    auto count = [&](const std::string& schema, const std::string& where) {
        return cluster.query(database,
                             "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = "
                             "c.connamespace WHERE n.nspname = '" +
                                 schema + "' AND " + where);
    };
    CHECK(count("orders", "c.contype = 'f'") == "2");
    CHECK(count("inventory", "c.contype = 'f'") == "4");
    CHECK(count("orders", "c.contype = 'c'") == "2");
    CHECK(count("inventory", "c.contype = 'c'") == "1");
    CHECK(cluster.query(database, "SELECT confdeltype FROM pg_constraint WHERE conrelid = "
                                  "'orders.order_items'::regclass AND contype = 'f'") == "c");
    const auto uniqueIndexes = cluster.query(
        database, "SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM "
                  "pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid AND "
                  "a.attnum = ANY(x.indkey) WHERE x.indisunique AND NOT "
                  "x.indisprimary AND x.indrelid IN ('orders.customers'::regclass, "
                  "'inventory.warehouses'::regclass, 'inventory.products'::regclass)");
    CHECK(uniqueIndexes == "code,email,sku");
    CHECK(cluster.query(database, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'orders' AND "
                                  "indexname IN ('orders_by_customer', "
                                  "'order_items_by_product')") == "2");
    // The identity continues past the copied maximum; the check refuses bad values.
    CHECK(cluster.query(database,
                        "INSERT INTO orders.customers (email, full_name, city, created_at) VALUES "
                        "('new@example.com', 'New', 'Oslo', '2026-01-01') RETURNING "
                        "customer_id") == "801");
    CHECK(cluster.query(database, "INSERT INTO inventory.stock_movements (warehouse_id, "
                                  "product_id, delta, reason, moved_at) SELECT 1, product_id, 1, "
                                  "'test', 'now' FROM inventory.products LIMIT 1 RETURNING "
                                  "movement_id") == "3001");
    CHECK(cluster.query(database, "SELECT count(*) FROM orders.orders WHERE currency = 'USD'") !=
          "0");
}
