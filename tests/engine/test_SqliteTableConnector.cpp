// The SQLite table connector: conformance, the demo's schema as read, addresses and errors.
#include "TableConnectorConformance.hpp"

#include <ferry/engine/SqliteTableConnector.hpp>

#include <catch2/catch.hpp>

#include <atomic>

using namespace ferry::engine;
using ferry::engine::test::demoDatabase;
using ferry::engine::test::openTables;
using ferry::engine::test::TempFolder;

TEST_CASE("SQLite table connector passes the table conformance suite", "[engine][tables]") {
    TempFolder folder("ferry-sqlite-conformance");
    static std::atomic<int> counter{0};
    ferry::engine::test::runTableConnectorConformance([&] {
        const auto file = folder.path() / ("db-" + std::to_string(++counter) + ".sqlite");
        return openTables("sqlite://" + file.string(), true);
    });
}

TEST_CASE("SQLite table connector reads the demo's keys, foreign keys, indexes and checks",
          "[engine][tables]") {
    auto orders = openTables("sqlite://" + demoDatabase("orders.sqlite").string(), false);
    auto tables = orders->listTables();
    REQUIRE(tables.ok());
    CHECK(*tables == std::vector<std::string>{"customers", "order_items", "orders"});

    auto items = orders->schema("order_items");
    REQUIRE(items.ok());
    CHECK(items->primaryKey() == std::vector<std::string>{"order_id", "line_no"});
    REQUIRE(items->foreignKeys.size() == 1);
    CHECK(items->foreignKeys[0].referencedTable == "orders");
    CHECK(items->foreignKeys[0].onDelete == "CASCADE");
    CHECK(items->checks == std::vector<std::string>{"(quantity > 0)"});
    REQUIRE(items->indexes.size() == 1);
    CHECK(items->indexes[0].name == "order_items_by_product");

    auto customers = orders->schema("customers");
    REQUIRE(customers.ok());
    CHECK(customers->columns[0].identity); // INTEGER PRIMARY KEY aliases the rowid
    REQUIRE(customers->indexes.size() == 1);
    CHECK(customers->indexes[0].unique);
    CHECK(customers->indexes[0].columns == std::vector<std::string>{"email"});

    auto ordersSchema = orders->schema("orders");
    REQUIRE(ordersSchema.ok());
    const auto& currency = ordersSchema->columns[5];
    CHECK(currency.defaultSql == std::optional<std::string>("'USD'"));
    CHECK(*orders->rowCount("order_items") == 5023);
}

TEST_CASE("SQLite table connector honours ?tables= and refuses unknown tables",
          "[engine][tables]") {
    const auto file = demoDatabase("orders.sqlite").string();
    auto some = openTables("sqlite://" + file + "?tables=orders,customers", false);
    auto listed = some->listTables();
    INFO((listed ? std::string() : listed.error().toString()));
    REQUIRE(listed.ok());
    CHECK(*listed == std::vector<std::string>{"customers", "orders"});

    auto wrong = openTables("sqlite://" + file + "?tables=orders,nope", false);
    auto refused = wrong->listTables();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "table.not_found");
    CHECK(refused.error().message.find("nope") != std::string::npos);
}

TEST_CASE("SQLite table connector: a missing source is an error, a missing target is created",
          "[engine][tables]") {
    TempFolder folder;
    const auto file = folder.path() / "new.sqlite";
    auto source = openTableConnector("sqlite://" + file.string(), false);
    REQUIRE_FALSE(source.ok());
    CHECK(source.error().code == "sqlite.no_such_file");
    CHECK(source.error().message.find(file.string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file));

    auto target = openTableConnector("sqlite://" + file.string(), true);
    REQUIRE(target.ok());
    CHECK(std::filesystem::exists(file));
    const auto nested = folder.path() / "a" / "b" / "nested.sqlite";
    auto deep = openTableConnector("sqlite://" + nested.string(), true);
    REQUIRE(deep.ok());
    CHECK(std::filesystem::exists(nested));

    auto project =
        openTableConnector("sqlite://${project_dir}/new.sqlite", true, folder.path().string());
    REQUIRE(project.ok());
    CHECK(project.value()->uri().path == file.string());
}

TEST_CASE("SQLite table connector reads tables without a primary key in rowid order",
          "[engine][tables]") {
    TempFolder folder;
    auto db = openTables("sqlite://" + (folder.path() / "k.sqlite").string(), true);
    TableSchema logTable;
    logTable.name = "log";
    logTable.columns = {{"line", "TEXT", false, std::nullopt, 0, false}};
    REQUIRE(db->createTables({logTable}).ok());
    std::vector<TableRow> rows;
    for (int i = 0; i < 10; ++i)
        rows.push_back({std::string("line ") + std::to_string(i)});
    REQUIRE(db->writeChunk("log", rows).ok());
    auto first = db->readChunk("log", {}, 4);
    REQUIRE(first.ok());
    REQUIRE(first->rows.size() == 4);
    CHECK(first->lastKey == RowKey{std::int64_t{4}});
    auto second = db->readChunk("log", first->lastKey, 100);
    REQUIRE(second.ok());
    CHECK(second->rows.size() == 6);
    CHECK(second->rows.front() == TableRow{std::string("line 4")});
}
