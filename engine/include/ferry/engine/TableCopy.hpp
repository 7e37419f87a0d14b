#pragma once

#include <ferry/engine/SchemaTranslation.hpp>
#include <ferry/engine/TableConnector.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace ferry::engine {

/// How to copy one table.
struct TableCopyOptions {
    std::size_t chunkRows = 50'000;       ///< Rows per chunk (one target transaction each).
    std::optional<RowKey> resumeAfterKey; ///< Last key the journal recorded; rows after it at
                                          ///< the target are deleted first, then copied again.
};

/// One chunk committed at the target.
struct ChunkProgress {
    std::size_t chunkIndex = 0;  ///< 0-based index of the chunk within this call.
    RowKey lastKey;              ///< Key of the chunk's last row: the resume point to record.
    std::uint64_t rows = 0;      ///< Rows in this chunk.
    std::uint64_t bytes = 0;     ///< Approximate bytes in this chunk.
    std::uint64_t totalRows = 0; ///< Rows committed by this call so far.
};

/// Called after each chunk is committed at the target; return false to stop after it.
using ChunkCallback = std::function<bool(const ChunkProgress&)>;

/// What a table copy did.
struct TableCopyResult {
    std::uint64_t rows = 0;  ///< Rows committed by this call.
    std::uint64_t bytes = 0; ///< Approximate bytes committed by this call.
    std::size_t chunks = 0;  ///< Chunks committed by this call.
    RowKey lastKey;          ///< Key of the last committed row (resume point).
    bool stopped = false;    ///< The callback asked to stop before the end of the table.
};

/// Copy the rows of one table that already exists at the target, chunk by chunk in key order;
/// each chunk is committed before progress is called. With resumeAfterKey, the target's rows
/// after that key are deleted first (a chunk committed but not recorded), then the copy goes on
/// from there, so no row is duplicated or missing. A table without a primary key cannot resume
/// by key: it is emptied at the target and copied again from the start.
model::Result<TableCopyResult> copyTable(TableConnector& source, TableConnector& target,
                                         const std::string& table,
                                         const TableCopyOptions& options = {},
                                         const ChunkCallback& progress = {});

/// How to copy a whole database.
struct DatabaseCopyOptions {
    std::size_t chunkRows = 50'000;            ///< Rows per chunk.
    bool resume = false;                       ///< Tables exist already: do not create them.
    std::set<std::string> completedTables;     ///< On resume: tables already fully copied.
    std::map<std::string, RowKey> resumeAfter; ///< On resume: last recorded key per table;
                                               ///< other unfinished tables restart from empty.
};

/// Called after each chunk of each table; return false to stop.
using TableChunkCallback = std::function<bool(const std::string& table, const ChunkProgress&)>;

/// What a database copy did.
struct DatabaseCopyResult {
    SchemaTranslation translation;             ///< Schemas, DDL and issues.
    std::map<std::string, std::uint64_t> rows; ///< Rows committed per table by this call.
    bool stopped = false;                      ///< Stopped by the callback (not finished).
};

/// Translate the source's tables to the target's dialect, create them, copy every table in
/// dependency order (referenced tables first) and finish (indexes, FKs, identity sequences).
model::Result<DatabaseCopyResult> copyDatabase(TableConnector& source, TableConnector& target,
                                               const DatabaseCopyOptions& options = {},
                                               const TableChunkCallback& progress = {});

/// Read and translate the source's schemas for the target dialect, without touching the target.
model::Result<SchemaTranslation> translateDatabase(TableConnector& source, SqlDialect target);

} // namespace ferry::engine
