#pragma once

#include <ferry/engine/TableConnector.hpp>

#include <map>
#include <memory>
#include <string>

struct sqlite3;

namespace ferry::engine {

/// Tables of one SQLite file ("sqlite:///abs/file.sqlite[?tables=a,b]"); one connection per
/// instance, not thread-safe. Tables without a primary key are read and resumed by rowid.
class SqliteTableConnector final : public TableConnector {
public:
    /// Open the file; as a target a missing file (and folder) is created, as a source it must
    /// exist.
    static model::Result<std::unique_ptr<SqliteTableConnector>> open(const Uri& uri, bool asTarget);
    ~SqliteTableConnector() override;
    SqliteTableConnector(const SqliteTableConnector&) = delete;
    SqliteTableConnector& operator=(const SqliteTableConnector&) = delete;

    /// See TableConnector.
    const Uri& uri() const override { return m_uri; }
    /// Always SqlDialect::Sqlite.
    SqlDialect dialect() const override { return SqlDialect::Sqlite; }
    /// See TableConnector.
    model::Result<std::vector<std::string>> listTables() override;
    /// See TableConnector; CHECK constraints are read from the table's CREATE statement.
    model::Result<TableSchema> schema(const std::string& table) override;
    /// See TableConnector.
    model::Result<std::int64_t> rowCount(const std::string& table) override;
    /// See TableConnector; tables without a primary key are read in rowid order.
    model::Result<TableChunk> readChunk(const std::string& table, const RowKey& afterKey,
                                        std::size_t maxRows) override;
    /// See TableConnector; foreign keys are created inline (SQLite cannot add them later).
    model::Result<void> createTables(const std::vector<TableSchema>& tables) override;
    /// See TableConnector: one prepared INSERT, one transaction.
    model::Result<void> writeChunk(const std::string& table,
                                   const std::vector<TableRow>& rows) override;
    /// See TableConnector.
    model::Result<void> deleteAfterKey(const std::string& table, const RowKey& key) override;
    /// See TableConnector.
    model::Result<void> finishTables(const std::vector<TableSchema>& tables) override;

private:
    SqliteTableConnector(Uri uri, sqlite3* db);
    model::Result<const TableSchema*> cachedSchema(const std::string& table);
    /// Run one kind of schema statement for every table in one transaction, all or nothing.
    model::Result<void>
    applySchemaStatements(const std::vector<TableSchema>& tables,
                          std::vector<std::string> (*statementsFor)(const TableSchema&, SqlDialect),
                          const char* doing, const char* failureCode, const char* committing);
    model::Result<void> exec(const std::string& sql, const std::string& table,
                             const std::string& doing);
    model::Error lastError(const std::string& table, const std::string& doing) const;

    Uri m_uri;
    sqlite3* m_db = nullptr;
    std::map<std::string, TableSchema> m_schemas;
};

/// The CHECK expressions of a CREATE TABLE statement, each with its parentheses.
std::vector<std::string> checkExpressionsOf(std::string_view createTableSql);

} // namespace ferry::engine
