// Chunked table copy: resume after a crash window without duplicates or gaps, verification that
// names the first differing key range, and PostgreSQL -> SQLite with an identity column.
#include "PostgresTestCluster.hpp"
#include "TableConnectorConformance.hpp"

#include <ferry/engine/TableCopy.hpp>
#include <ferry/engine/TableHasher.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <map>
#include <set>

using namespace ferry::engine;
using ferry::engine::test::demoDatabase;
using ferry::engine::test::openTables;
using ferry::engine::test::PostgresTestCluster;
using ferry::engine::test::TempFolder;

namespace {

std::unique_ptr<TableConnector> demoOrders(const std::string& tables) {
    return openTables("sqlite://" + demoDatabase("orders.sqlite").string() + "?tables=" + tables,
                      false);
}

void createLike(TableConnector& source, TableConnector& target) {
    auto translation = translateDatabase(source, target.dialect());
    REQUIRE(translation.ok());
    REQUIRE(target.createTables(translation->tables).ok());
}

// Copy order_items in chunks of 500, stop after the second chunk, then resume from the key of
// the FIRST chunk, as if the second had been committed but the journal never recorded it.
void resumeAfterCrashWindow(TableConnector& target) {
    auto source = demoOrders("order_items");
    createLike(*source, target);
    std::vector<RowKey> recorded;
    TableCopyOptions options;
    options.chunkRows = 500;
    auto first = copyTable(*source, target, "order_items", options, [&](const ChunkProgress& p) {
        CHECK(p.chunkIndex == recorded.size());
        CHECK(p.rows == 500);
        recorded.push_back(p.lastKey);
        return recorded.size() < 2; // stop after chunk 2
    });
    REQUIRE(first.ok());
    CHECK(first->stopped);
    CHECK(first->rows == 1000);
    CHECK(*target.rowCount("order_items") == 1000);

    // Resuming from the recorded key of chunk 1 (chunk 2 is at the target, unrecorded).
    options.resumeAfterKey = recorded.at(0);
    std::uint64_t chunks = 0;
    auto resumed = copyTable(*source, target, "order_items", options, [&](const ChunkProgress&) {
        ++chunks;
        return true;
    });
    REQUIRE(resumed.ok());
    CHECK_FALSE(resumed->stopped);
    CHECK(resumed->rows == 5023 - 500);
    CHECK(chunks == 10); // 4523 rows in chunks of 500
    CHECK(*target.rowCount("order_items") == 5023);
    auto verified = verifyTable(*source, target, "order_items");
    REQUIRE(verified.ok());
    INFO(verified->describe());
    CHECK(verified->match);
    CHECK(verified->targetRows == 5023);
}

} // namespace

TEST_CASE("Table copy resumes after a committed but unrecorded chunk: SQLite to SQLite",
          "[engine][tables]") {
    TempFolder folder;
    auto target = openTables("sqlite://" + (folder.path() / "t.sqlite").string(), true);
    resumeAfterCrashWindow(*target);
}

TEST_CASE("Table copy resumes after a committed but unrecorded chunk: SQLite to PostgreSQL",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    auto target = openTables(cluster.uri(cluster.createDatabase("resume")), true);
    resumeAfterCrashWindow(*target);
}

TEST_CASE("Table copy of a table without a primary key restarts it on resume", "[engine][tables]") {
    TempFolder folder;
    auto source = openTables("sqlite://" + (folder.path() / "s.sqlite").string(), true);
    TableSchema logTable;
    logTable.name = "log";
    logTable.columns = {{"line", "TEXT", false, std::nullopt, 0, false}};
    REQUIRE(source->createTables({logTable}).ok());
    std::vector<TableRow> rows;
    for (int i = 0; i < 25; ++i)
        rows.push_back({std::string("line ") + std::to_string(i)});
    REQUIRE(source->writeChunk("log", rows).ok());
    auto target = openTables("sqlite://" + (folder.path() / "t.sqlite").string(), true);
    REQUIRE(target->createTables({logTable}).ok());
    TableCopyOptions options;
    options.chunkRows = 10;
    auto first =
        copyTable(*source, *target, "log", options, [](const ChunkProgress&) { return false; });
    REQUIRE(first.ok());
    options.resumeAfterKey = first->lastKey;
    REQUIRE(copyTable(*source, *target, "log", options).ok());
    auto verified = verifyTable(*source, *target, "log");
    REQUIRE(verified.ok());
    CHECK(verified->match);
    CHECK(verified->targetRows == 25);
}

TEST_CASE("verifyTable names the key range of the first chunk that differs", "[engine][tables]") {
    TempFolder folder;
    auto source = demoOrders("customers");
    const auto file = folder.path() / "t.sqlite";
    auto target = openTables("sqlite://" + file.string(), true);
    auto copied = copyDatabase(*source, *target);
    REQUIRE(copied.ok());
    auto same = verifyTable(*source, *target, "customers", 100);
    REQUIRE(same.ok());
    CHECK(same->match);
    CHECK_FALSE(same->firstDifference.has_value());

    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE customers SET city = 'Nowhere' WHERE customer_id = 250",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);

    auto changed = verifyTable(*source, *target, "customers", 100);
    REQUIRE(changed.ok());
    INFO(changed->describe());
    CHECK_FALSE(changed->match);
    CHECK(changed->sourceRows == changed->targetRows);
    CHECK(changed->sourceHash != changed->targetHash);
    REQUIRE(changed->firstDifference.has_value());
    CHECK(changed->firstDifference->first == RowKey{std::int64_t{201}});
    CHECK(changed->firstDifference->last == RowKey{std::int64_t{300}});
    CHECK(changed->describe().find("(201) to (300)") != std::string::npos);
}

TEST_CASE("verifyTable finds a changed row at PostgreSQL", "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    const std::string database = cluster.createDatabase("verify");
    auto source = demoOrders("order_items");
    auto target = openTables(cluster.uri(database), true);
    REQUIRE(copyDatabase(*source, *target).ok());
    cluster.query(database,
                  "UPDATE order_items SET quantity = quantity + 1 WHERE order_id = 1200 AND "
                  "line_no = 1");
    auto changed = verifyTable(*source, *target, "order_items", 1000);
    REQUIRE(changed.ok());
    INFO(changed->describe());
    CHECK_FALSE(changed->match);
    REQUIRE(changed->firstDifference.has_value());
    const auto& range = *changed->firstDifference;
    CHECK(range.first <= RowKey{std::int64_t{1200}, std::int64_t{1}});
    CHECK(RowKey{std::int64_t{1200}, std::int64_t{1}} <= range.last);
}

TEST_CASE("PostgreSQL to SQLite: an identity table copies and keeps generating ids",
          "[engine][tables][postgres]") {
    auto& cluster = PostgresTestCluster::shared();
    const std::string database = cluster.createDatabase("tosqlite");
    cluster.query(database,
                  "CREATE TABLE tickets (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                  "title varchar(80) NOT NULL, open boolean NOT NULL DEFAULT true, "
                  "weight double precision, payload bytea, opened timestamp DEFAULT now());"
                  "INSERT INTO tickets (title, open, weight, payload, opened) SELECT 'ticket ' || "
                  "g, g % 2 = 0, g / 3.0, decode(lpad(to_hex(g), 4, '0'), 'hex'), "
                  "'2026-01-01'::timestamp + g * interval '1 minute' FROM generate_series(1, "
                  "2500) g;"
                  "DELETE FROM tickets WHERE id % 7 = 0;");
    auto source = openTables(cluster.uri(database), false);
    TempFolder folder;
    const auto file = folder.path() / "tickets.sqlite";
    auto target = openTables("sqlite://" + file.string(), true);
    DatabaseCopyOptions options;
    options.chunkRows = 400;
    auto copied = copyDatabase(*source, *target, options);
    INFO((copied ? std::string() : copied.error().toString()));
    REQUIRE(copied.ok());
    CHECK(copied->rows.at("tickets") == 2500 - 357);
    auto verified = verifyTable(*source, *target, "tickets");
    REQUIRE(verified.ok());
    INFO(verified->describe());
    CHECK(verified->match);

    auto schema = target->schema("tickets");
    REQUIRE(schema.ok());
    CHECK(schema->columns[0].identity);
    CHECK(schema->columns[0].type == "INTEGER");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "INSERT INTO tickets (title) VALUES ('new')", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    CHECK(sqlite3_last_insert_rowid(db) == 2501); // 2500 is the largest id copied
    sqlite3_close(db);
}

TEST_CASE("copyDatabase resumes with completed tables and a recorded key per table",
          "[engine][tables]") {
    auto source = openTables("sqlite://" + demoDatabase("orders.sqlite").string(), false);
    TempFolder folder;
    auto target = openTables("sqlite://" + (folder.path() / "t.sqlite").string(), true);
    DatabaseCopyOptions options;
    options.chunkRows = 300;
    // The journal a run would keep: finished tables and the last recorded key per table.
    std::set<std::string> completed;
    std::map<std::string, RowKey> recorded;
    std::string current;
    int ordersChunks = 0;
    auto first = copyDatabase(*source, *target, options,
                              [&](const std::string& table, const ChunkProgress& step) {
                                  if (table != current && !current.empty())
                                      completed.insert(current);
                                  current = table;
                                  if (table == "orders" && ++ordersChunks == 2)
                                      return false; // chunk 2 committed, never recorded
                                  recorded[table] = step.lastKey;
                                  return true;
                              });
    REQUIRE(first.ok());
    CHECK(first->stopped);
    CHECK(completed == std::set<std::string>{"customers"});
    CHECK(*target->rowCount("orders") == 600);

    options.resume = true;
    options.completedTables = completed;
    options.resumeAfter = recorded;
    auto resumed = copyDatabase(*source, *target, options);
    REQUIRE(resumed.ok());
    CHECK_FALSE(resumed->stopped);
    CHECK(resumed->rows.count("customers") == 0);
    CHECK(resumed->rows.at("orders") == 2000 - 300);
    CHECK(resumed->rows.at("order_items") == 5023);
    for (const std::string table : {"customers", "orders", "order_items"}) {
        auto verified = verifyTable(*source, *target, table);
        REQUIRE(verified.ok());
        INFO(verified->describe());
        CHECK(verified->match);
    }
    auto items = target->schema("order_items");
    REQUIRE(items.ok());
    CHECK(items->indexes.size() == 1);
    CHECK(items->foreignKeys.size() == 1);
}
