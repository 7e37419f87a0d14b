#include <ferry/engine/TableCopy.hpp>

namespace ferry::engine {

using model::Error;
using model::Result;

Result<TableCopyResult> copyTable(TableConnector& source, TableConnector& target,
                                  const std::string& table, const TableCopyOptions& options,
                                  const ChunkCallback& progress) {
    auto schema = source.schema(table);
    if (!schema)
        return schema.error();
    const bool keyed = !schema->primaryKey().empty();
    RowKey after;
    if (options.resumeAfterKey) {
        // Rows after the recorded key may be at the target (committed, never recorded).
        after = keyed ? *options.resumeAfterKey : RowKey{};
        if (auto deleted = target.deleteAfterKey(table, after); !deleted)
            return deleted.error();
    }
    TableCopyResult result;
    result.lastKey = after;
    const std::size_t chunkRows = options.chunkRows == 0 ? 1 : options.chunkRows;
    while (true) {
        auto chunk = source.readChunk(table, after, chunkRows);
        if (!chunk)
            return chunk.error();
        if (chunk->rows.empty())
            break;
        if (auto written = target.writeChunk(table, chunk->rows); !written)
            return written.error();
        result.rows += chunk->rows.size();
        result.bytes += chunk->bytes;
        after = chunk->lastKey;
        result.lastKey = after;
        ChunkProgress step{result.chunks, after, chunk->rows.size(), chunk->bytes, result.rows};
        ++result.chunks;
        if (progress && !progress(step)) {
            result.stopped = true;
            break;
        }
    }
    return result;
}

Result<SchemaTranslation> translateDatabase(TableConnector& source, SqlDialect target) {
    auto tables = source.listTables();
    if (!tables)
        return tables.error();
    std::vector<TableSchema> schemas;
    for (const auto& name : *tables) {
        auto schema = source.schema(name);
        if (!schema)
            return schema.error();
        schemas.push_back(std::move(schema).value());
    }
    return translateSchemas(schemas, source.dialect(), target);
}

Result<DatabaseCopyResult> copyDatabase(TableConnector& source, TableConnector& target,
                                        const DatabaseCopyOptions& options,
                                        const TableChunkCallback& progress) {
    auto translation = translateDatabase(source, target.dialect());
    if (!translation)
        return translation.error();
    DatabaseCopyResult result;
    result.translation = std::move(translation).value();
    const auto& tables = result.translation.tables;
    if (!options.resume)
        if (auto created = target.createTables(tables); !created)
            return created.error();
    for (const auto& table : tables) {
        if (options.resume && options.completedTables.contains(table.name))
            continue;
        TableCopyOptions copyOptions;
        copyOptions.chunkRows = options.chunkRows;
        if (options.resume) {
            const auto key = options.resumeAfter.find(table.name);
            copyOptions.resumeAfterKey = key == options.resumeAfter.end() ? RowKey{} : key->second;
        }
        auto copied =
            copyTable(source, target, table.name, copyOptions, [&](const ChunkProgress& step) {
                return !progress || progress(table.name, step);
            });
        if (!copied)
            return copied.error();
        result.rows[table.name] = copied->rows;
        if (copied->stopped) {
            result.stopped = true;
            return result;
        }
    }
    if (auto finished = target.finishTables(tables); !finished)
        return finished.error();
    return result;
}

} // namespace ferry::engine
