#pragma once

#include <ferry/engine/TableConnector.hpp>

#include <map>
#include <memory>
#include <string>

struct pg_conn;

namespace ferry::engine {

/// Tables of one PostgreSQL schema ("postgresql://user@host:port/db[?schema=s&tables=a,b]",
/// schema "public" by default) through libpq. The password comes only from PGPASSWORD or
/// ~/.pgpass (libpq reads them); one connection per instance, not thread-safe. Tables without a
/// primary key are read whole, in one chunk, in physical order.
class PostgresTableConnector final : public TableConnector {
public:
    /// Connect; as a target a missing schema is created, as a source it must exist.
    static model::Result<std::unique_ptr<PostgresTableConnector>> open(const Uri& uri,
                                                                       bool asTarget);
    ~PostgresTableConnector() override;
    PostgresTableConnector(const PostgresTableConnector&) = delete;
    PostgresTableConnector& operator=(const PostgresTableConnector&) = delete;

    /// See TableConnector.
    const Uri& uri() const override { return m_uri; }
    /// Always SqlDialect::Postgres.
    SqlDialect dialect() const override { return SqlDialect::Postgres; }
    /// See TableConnector.
    model::Result<std::vector<std::string>> listTables() override;
    /// See TableConnector; read from pg_catalog.
    model::Result<TableSchema> schema(const std::string& table) override;
    /// See TableConnector.
    model::Result<std::int64_t> rowCount(const std::string& table) override;
    /// See TableConnector; text key columns compare in byte order (COLLATE "C"), as in SQLite.
    model::Result<TableChunk> readChunk(const std::string& table, const RowKey& afterKey,
                                        std::size_t maxRows) override;
    /// See TableConnector.
    model::Result<void> createTables(const std::vector<TableSchema>& tables) override;
    /// See TableConnector: COPY ... FROM STDIN (text format) in one transaction.
    model::Result<void> writeChunk(const std::string& table,
                                   const std::vector<TableRow>& rows) override;
    /// See TableConnector.
    model::Result<void> deleteAfterKey(const std::string& table, const RowKey& key) override;
    /// See TableConnector.
    model::Result<void> finishTables(const std::vector<TableSchema>& tables) override;
    /// The schema (namespace) this connector works in.
    const std::string& schemaName() const { return m_schema; }

private:
    PostgresTableConnector(Uri uri, pg_conn* conn, std::string schema);
    model::Result<const TableSchema*> cachedSchema(const std::string& table);
    /// Run one kind of schema statement for every table in one transaction, all or nothing.
    model::Result<void>
    applySchemaStatements(const std::vector<TableSchema>& tables,
                          std::vector<std::string> (*statementsFor)(const TableSchema&, SqlDialect),
                          const char* doing, const char* failureCode, const char* committing);
    model::Result<void> exec(const std::string& sql, const std::string& table,
                             const std::string& doing);
    std::string keyExpression(const TableSchema& schema) const;

    Uri m_uri;
    pg_conn* m_conn = nullptr;
    std::string m_schema;
    std::map<std::string, TableSchema> m_schemas;
};

} // namespace ferry::engine
