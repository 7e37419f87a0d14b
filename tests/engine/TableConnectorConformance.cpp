#include "TableConnectorConformance.hpp"

#include <ferry/engine/SchemaTranslation.hpp>
#include <ferry/engine/TableHasher.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

namespace ferry::engine::test {
namespace fs = std::filesystem;
namespace {

// Written in SQLite terms and translated for the connector's dialect, as a copy would.
TableSchema sampleSchema() {
    TableSchema table;
    table.name = "samples";
    ColumnDef id{"id", "INTEGER", true, std::nullopt, 1, false};
    ColumnDef part{"part", "TEXT", true, std::nullopt, 2, false};
    ColumnDef amount{"amount", "REAL", false, std::nullopt, 0, false};
    ColumnDef label{"label", "TEXT", false, std::string("'none'"), 0, false};
    ColumnDef data{"data", "BLOB", false, std::nullopt, 0, false};
    table.columns = {id, part, amount, label, data};
    table.indexes = {{"samples_label_idx", {"label"}, false}};
    table.checks = {"(amount >= 0)"};
    return table;
}

std::vector<TableSchema> sampleFor(SqlDialect dialect) {
    auto translation = translateSchemas({sampleSchema()}, SqlDialect::Sqlite, dialect);
    return translation.tables;
}

TableRow sampleRow(std::int64_t id, const std::string& part) {
    return {id, part, static_cast<double>(id) / 4.0, std::string("row ") + part,
            Blob{std::string("\0\x01\xff", 3) + part}};
}

std::vector<TableRow> readAll(TableConnector& connector, const std::string& table,
                              std::size_t chunkRows) {
    std::vector<TableRow> rows;
    RowKey after;
    while (true) {
        auto chunk = connector.readChunk(table, after, chunkRows);
        REQUIRE(chunk.ok());
        if (chunk->rows.empty())
            break;
        CHECK(chunk->rows.size() <= chunkRows);
        rows.insert(rows.end(), chunk->rows.begin(), chunk->rows.end());
        after = chunk->lastKey;
    }
    return rows;
}

} // namespace

TempFolder::TempFolder(const std::string& prefix) {
    std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
}

TempFolder::~TempFolder() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::unique_ptr<TableConnector> openTables(const std::string& uri, bool asTarget) {
    auto opened = openTableConnector(uri, asTarget);
    INFO(uri << ": " << (opened ? std::string() : opened.error().toString()));
    REQUIRE(opened.ok());
    return std::move(opened).value();
}

fs::path demoDatabase(const std::string& fileName) {
    const fs::path demo = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo";
    const fs::path file = demo / "data" / "source" / fileName;
    if (!fs::exists(file))
        REQUIRE(std::system(
                    ("'" + (demo / "generate-sample-data.sh").string() + "' >/dev/null").c_str()) ==
                0);
    REQUIRE(fs::exists(file));
    return file;
}

void runTableConnectorConformance(
    const std::function<std::unique_ptr<TableConnector>()>& makeFresh) {
    SECTION("created tables read back with their key, columns and checks") {
        auto connector = makeFresh();
        const auto tables = sampleFor(connector->dialect());
        REQUIRE(connector->createTables(tables).ok());
        auto listed = connector->listTables();
        REQUIRE(listed.ok());
        CHECK(*listed == std::vector<std::string>{"samples"});
        auto schema = connector->schema("samples");
        REQUIRE(schema.ok());
        CHECK(schema->primaryKey() == std::vector<std::string>{"id", "part"});
        REQUIRE(schema->columns.size() == 5);
        CHECK(schema->columns[1].notNull);
        CHECK(schema->columns[3].defaultSql.has_value());
        CHECK(schema->checks.size() == 1);
        CHECK(schema->indexes.empty()); // secondary indexes come with finishTables
        REQUIRE(connector->finishTables(tables).ok());
        schema = connector->schema("samples");
        REQUIRE(schema.ok());
        REQUIRE(schema->indexes.size() == 1);
        CHECK(schema->indexes[0].columns == std::vector<std::string>{"label"});
    }

    SECTION("rows come back in composite-key order, chunk by chunk, values intact") {
        auto connector = makeFresh();
        REQUIRE(connector->createTables(sampleFor(connector->dialect())).ok());
        std::vector<TableRow> rows;
        for (std::int64_t id = 5; id >= 1; --id)
            for (const char* part : {"b", "a", "B", "é"})
                rows.push_back(sampleRow(id, part));
        rows.push_back({std::int64_t{9}, std::string("tab\there\nline\\back"), std::monostate{},
                        std::string(), Blob{}});
        rows.push_back(
            {std::int64_t{10}, std::string("null"), 1e-300, std::monostate{}, std::monostate{}});
        REQUIRE(connector->writeChunk("samples", rows).ok());
        auto count = connector->rowCount("samples");
        REQUIRE(count.ok());
        CHECK(*count == static_cast<std::int64_t>(rows.size()));
        const auto read = readAll(*connector, "samples", 3);
        REQUIRE(read.size() == rows.size());
        // Byte order of text keys, as SQLite compares them: "B" < "a" < "b" < "é".
        CHECK(read[0] == sampleRow(1, "B"));
        CHECK(read[1] == sampleRow(1, "a"));
        CHECK(read[2] == sampleRow(1, "b"));
        CHECK(read[3] == sampleRow(1, "é"));
        CHECK(read[20] == rows[20]);
        CHECK(read[21] == rows[21]);
        // Null and empty stay distinct.
        CHECK(std::holds_alternative<std::string>(read[20][3]));
        CHECK(std::holds_alternative<std::monostate>(read[21][3]));
    }

    SECTION("deleteAfterKey removes exactly the rows after a composite key") {
        auto connector = makeFresh();
        REQUIRE(connector->createTables(sampleFor(connector->dialect())).ok());
        std::vector<TableRow> rows;
        for (std::int64_t id = 1; id <= 4; ++id)
            for (const char* part : {"a", "b"})
                rows.push_back(sampleRow(id, part));
        REQUIRE(connector->writeChunk("samples", rows).ok());
        REQUIRE(connector->deleteAfterKey("samples", {std::int64_t{2}, std::string("a")}).ok());
        const auto read = readAll(*connector, "samples", 100);
        REQUIRE(read.size() == 3);
        CHECK(read.back() == sampleRow(2, "a"));
        REQUIRE(connector->deleteAfterKey("samples", {}).ok());
        CHECK(*connector->rowCount("samples") == 0);
    }

    SECTION("a chunk is all or nothing") {
        auto connector = makeFresh();
        REQUIRE(connector->createTables(sampleFor(connector->dialect())).ok());
        REQUIRE(connector->writeChunk("samples", {sampleRow(1, "a")}).ok());
        // The second row repeats the key: the whole chunk is refused.
        auto refused = connector->writeChunk("samples", {sampleRow(2, "a"), sampleRow(1, "a")});
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("samples") != std::string::npos);
        CHECK(*connector->rowCount("samples") == 1);
        // The connection is still usable afterwards.
        REQUIRE(connector->writeChunk("samples", {sampleRow(2, "a")}).ok());
        CHECK(*connector->rowCount("samples") == 2);
    }

    SECTION("a missing table is table.not_found, naming it") {
        auto connector = makeFresh();
        auto missing = connector->schema("no_such_table");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == "table.not_found");
        CHECK(missing.error().message.find("no_such_table") != std::string::npos);
        auto read = connector->readChunk("no_such_table", {}, 10);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().code == "table.not_found");
    }

    SECTION("the same rows hash the same after a round trip") {
        auto connector = makeFresh();
        REQUIRE(connector->createTables(sampleFor(connector->dialect())).ok());
        std::vector<TableRow> rows;
        for (std::int64_t id = 1; id <= 50; ++id)
            rows.push_back(sampleRow(id, "x"));
        REQUIRE(connector->writeChunk("samples", rows).ok());
        TableHasher expected;
        for (const auto& row : rows)
            expected.addRow(row);
        auto hashed = hashTable(*connector, "samples", 7);
        REQUIRE(hashed.ok());
        CHECK(hashed->second == 50);
        CHECK(hashed->first == expected.finishHex());
    }
}

} // namespace ferry::engine::test
