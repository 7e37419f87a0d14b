#include <ferry/engine/SchemaTranslation.hpp>
#include <ferry/engine/SqliteTableConnector.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace ferry::engine {
namespace {

using model::Error;
using model::Result;

// Finalizes a statement when it goes out of scope.
struct Statement {
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

std::string upperAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string textColumn(sqlite3_stmt* stmt, int column) {
    const auto* text = sqlite3_column_text(stmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text)) : std::string{};
}

int bindCell(sqlite3_stmt* stmt, int index, const CellValue& cell) {
    if (const auto* n = std::get_if<std::int64_t>(&cell))
        return sqlite3_bind_int64(stmt, index, *n);
    if (const auto* d = std::get_if<double>(&cell))
        return sqlite3_bind_double(stmt, index, *d);
    if (const auto* s = std::get_if<std::string>(&cell))
        return sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
    if (const auto* b = std::get_if<Blob>(&cell))
        return sqlite3_bind_blob64(stmt, index, b->bytes.data(), b->bytes.size(), SQLITE_TRANSIENT);
    return sqlite3_bind_null(stmt, index);
}

CellValue readCell(sqlite3_stmt* stmt, int column, std::uint64_t& bytes) {
    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        bytes += 8;
        return std::int64_t{sqlite3_column_int64(stmt, column)};
    case SQLITE_FLOAT:
        bytes += 8;
        return sqlite3_column_double(stmt, column);
    case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
        bytes += size;
        return std::string(text, size);
    }
    case SQLITE_BLOB: {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
        bytes += size;
        return Blob{std::string(data ? data : "", size)};
    }
    default:
        return std::monostate{};
    }
}

std::string columnList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + quoteIdentifier(name);
    return out;
}

std::string placeholders(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += i == 0 ? "?" : ", ?";
    return out;
}

} // namespace

std::vector<std::string> checkExpressionsOf(std::string_view sql) {
    std::vector<std::string> out;
    std::size_t i = 0;
    auto skipQuoted = [&](char close) {
        for (++i; i < sql.size(); ++i)
            if (sql[i] == close) {
                if (i + 1 < sql.size() && sql[i + 1] == close && close != ']') {
                    ++i;
                    continue;
                }
                break;
            }
        ++i;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"' || c == '`') {
            skipQuoted(c);
        } else if (c == '[') {
            skipQuoted(']');
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            i = sql.find('\n', i);
            if (i == std::string_view::npos)
                break;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            i = sql.find("*/", i + 2);
            if (i == std::string_view::npos)
                break;
            i += 2;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t end = i;
            while (end < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_'))
                ++end;
            const bool isCheck = upperAscii(sql.substr(i, end - i)) == "CHECK";
            i = end;
            if (!isCheck)
                continue;
            while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])))
                ++i;
            if (i >= sql.size() || sql[i] != '(')
                continue;
            const std::size_t start = i;
            int depth = 0;
            for (; i < sql.size(); ++i) {
                if (sql[i] == '\'') {
                    skipQuoted('\'');
                    --i;
                    continue;
                }
                if (sql[i] == '(')
                    ++depth;
                else if (sql[i] == ')' && --depth == 0)
                    break;
            }
            if (i < sql.size()) {
                out.emplace_back(sql.substr(start, i - start + 1));
                ++i;
            }
        } else {
            ++i;
        }
    }
    return out;
}

SqliteTableConnector::SqliteTableConnector(Uri uri, sqlite3* db)
    : m_uri(std::move(uri)), m_db(db) {}

SqliteTableConnector::~SqliteTableConnector() {
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<SqliteTableConnector>> SqliteTableConnector::open(const Uri& uri,
                                                                         bool asTarget) {
    std::error_code ec;
    if (!asTarget && !std::filesystem::exists(uri.path, ec))
        return Error{"sqlite.no_such_file",
                     "The SQLite database '" + uri.path +
                         "' does not exist; check the path in the source address.",
                     uri.toString()};
    if (asTarget) {
        const auto parent = std::filesystem::path(uri.path).parent_path();
        // Like a folder target, missing folders on the way are created.
        if (!parent.empty() && !std::filesystem::is_directory(parent, ec) &&
            (!std::filesystem::create_directories(parent, ec) || ec))
            return Error{ec == std::errc::permission_denied ? "io.permission"
                                                            : "path.create_failed",
                         "Cannot create the folder '" + parent.string() +
                             "' for the target SQLite database: " + ec.message() +
                             "; check the path and its permissions.",
                         uri.toString()};
    }
    sqlite3* db = nullptr;
    const int flags =
        (asTarget ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
        SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(uri.path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return Error{rc == SQLITE_PERM || rc == SQLITE_AUTH ? "sqlite.denied"
                                                            : "sqlite.cannot_open",
                     "Cannot open the SQLite database '" + uri.path + "': " + why +
                         "; check the path and its permissions.",
                     uri.toString()};
    }
    sqlite3_busy_timeout(db, 10'000);
    std::unique_ptr<SqliteTableConnector> connector(new SqliteTableConnector(uri, db));
    // A file that is not a database only shows itself on the first read.
    Statement probe;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master", -1, &probe.stmt, nullptr) !=
            SQLITE_OK ||
        sqlite3_step(probe.stmt) != SQLITE_ROW)
        return connector->lastError("", "reading the catalogue");
    return connector;
}

Error SqliteTableConnector::lastError(const std::string& table, const std::string& doing) const {
    const int rc = sqlite3_extended_errcode(m_db) & 0xff;
    std::string code = "sqlite.error";
    switch (rc) {
    case SQLITE_FULL:
        code = "disk.full";
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = "sqlite.busy_timeout";
        break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        code = "sqlite.denied";
        break;
    case SQLITE_READONLY:
        code = "io.read_only";
        break;
    case SQLITE_IOERR:
        code = "io.error";
        break;
    case SQLITE_CONSTRAINT:
        code = "sqlite.constraint";
        break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        code = "sqlite.not_a_database";
        break;
    default:
        break;
    }
    const std::string where = table.empty() ? "" : " on table '" + table + "'";
    return Error{code,
                 "SQLite failed " + doing + where + " in '" + m_uri.path +
                     "': " + sqlite3_errmsg(m_db) + ".",
                 table.empty() ? m_uri.toString() : m_uri.toString() + "#" + table};
}

Result<void> SqliteTableConnector::exec(const std::string& sql, const std::string& table,
                                        const std::string& doing) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return lastError(table, doing);
    }
    return model::success();
}

Result<std::vector<std::string>> SqliteTableConnector::listTables() {
    Statement q;
    if (sqlite3_prepare_v2(m_db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                           "'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                           -1, &q.stmt, nullptr) != SQLITE_OK)
        return lastError("", "listing tables");
    std::vector<std::string> all;
    int rc;
    while ((rc = sqlite3_step(q.stmt)) == SQLITE_ROW)
        all.push_back(textColumn(q.stmt, 0));
    if (rc != SQLITE_DONE)
        return lastError("", "listing tables");
    const auto wanted = tableFilter(m_uri);
    if (wanted.empty())
        return all;
    std::vector<std::string> out;
    for (const auto& name : wanted) {
        if (std::find(all.begin(), all.end(), name) == all.end())
            return Error{"table.not_found",
                         "The table '" + name + "' named in ?tables= does not exist in '" +
                             m_uri.path + "'; check its spelling.",
                         m_uri.toString()};
        out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<TableSchema> SqliteTableConnector::schema(const std::string& table) {
    Statement master;
    if (sqlite3_prepare_v2(m_db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                           -1, &master.stmt, nullptr) != SQLITE_OK)
        return lastError(table, "reading the schema");
    sqlite3_bind_text(master.stmt, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(master.stmt) != SQLITE_ROW)
        return Error{"table.not_found",
                     "The table '" + table + "' does not exist in '" + m_uri.path + "'.",
                     m_uri.toString() + "#" + table};
    const std::string createSql = textColumn(master.stmt, 0);
    const std::string createUpper = upperAscii(createSql);

    TableSchema schema;
    schema.name = table;
    {
        Statement q;
        if (sqlite3_prepare_v2(m_db, ("PRAGMA table_xinfo(" + quoteIdentifier(table) + ")").c_str(),
                               -1, &q.stmt, nullptr) != SQLITE_OK)
            return lastError(table, "reading the columns");
        while (sqlite3_step(q.stmt) == SQLITE_ROW) {
            ColumnDef column;
            column.name = textColumn(q.stmt, 1);
            column.type = textColumn(q.stmt, 2);
            column.notNull = sqlite3_column_int(q.stmt, 3) != 0;
            if (sqlite3_column_type(q.stmt, 4) != SQLITE_NULL)
                column.defaultSql = textColumn(q.stmt, 4);
            column.primaryKeyPosition = sqlite3_column_int(q.stmt, 5);
            const int hidden = sqlite3_column_int(q.stmt, 6);
            if (hidden == 1)
                continue;
            if (hidden == 2 || hidden == 3) {
                schema.unsupported.push_back("the generated column '" + column.name + "'");
                continue;
            }
            schema.columns.push_back(std::move(column));
        }
    }
    const auto key = schema.primaryKey();
    if (key.size() == 1 && createUpper.find("WITHOUT ROWID") == std::string::npos) {
        auto& column = schema.columns[static_cast<std::size_t>(schema.columnIndex(key.front()))];
        column.identity = upperAscii(column.type) == "INTEGER";
    }
    {
        Statement list;
        if (sqlite3_prepare_v2(m_db, ("PRAGMA index_list(" + quoteIdentifier(table) + ")").c_str(),
                               -1, &list.stmt, nullptr) != SQLITE_OK)
            return lastError(table, "reading the indexes");
        std::vector<std::pair<IndexDef, bool>> found;
        while (sqlite3_step(list.stmt) == SQLITE_ROW) {
            const std::string origin = textColumn(list.stmt, 3);
            if (origin == "pk")
                continue;
            IndexDef index;
            index.name = textColumn(list.stmt, 1);
            index.unique = sqlite3_column_int(list.stmt, 2) != 0;
            found.emplace_back(std::move(index), sqlite3_column_int(list.stmt, 4) != 0);
        }
        for (auto& [index, partial] : found) {
            if (partial) {
                schema.unsupported.push_back("the partial index '" + index.name + "'");
                continue;
            }
            Statement info;
            if (sqlite3_prepare_v2(
                    m_db, ("PRAGMA index_info(" + quoteIdentifier(index.name) + ")").c_str(), -1,
                    &info.stmt, nullptr) != SQLITE_OK)
                return lastError(table, "reading the index '" + index.name + "'");
            bool expression = false;
            while (sqlite3_step(info.stmt) == SQLITE_ROW) {
                if (sqlite3_column_int(info.stmt, 1) < 0)
                    expression = true;
                else
                    index.columns.push_back(textColumn(info.stmt, 2));
            }
            if (expression)
                schema.unsupported.push_back("the expression index '" + index.name + "'");
            else
                schema.indexes.push_back(std::move(index));
        }
        std::sort(schema.indexes.begin(), schema.indexes.end(),
                  [](const IndexDef& a, const IndexDef& b) { return a.name < b.name; });
    }
    {
        Statement q;
        if (sqlite3_prepare_v2(m_db,
                               ("PRAGMA foreign_key_list(" + quoteIdentifier(table) + ")").c_str(),
                               -1, &q.stmt, nullptr) != SQLITE_OK)
            return lastError(table, "reading the foreign keys");
        std::map<int, ForeignKeyDef> byId;
        while (sqlite3_step(q.stmt) == SQLITE_ROW) {
            auto& fk = byId[sqlite3_column_int(q.stmt, 0)];
            fk.referencedTable = textColumn(q.stmt, 2);
            fk.columns.push_back(textColumn(q.stmt, 3));
            if (sqlite3_column_type(q.stmt, 4) != SQLITE_NULL)
                fk.referencedColumns.push_back(textColumn(q.stmt, 4));
            fk.onUpdate = textColumn(q.stmt, 5);
            fk.onDelete = textColumn(q.stmt, 6);
        }
        // PRAGMA lists foreign keys last-declared first.
        for (auto it = byId.rbegin(); it != byId.rend(); ++it)
            schema.foreignKeys.push_back(std::move(it->second));
    }
    schema.checks = checkExpressionsOf(createSql);
    return schema;
}

Result<const TableSchema*> SqliteTableConnector::cachedSchema(const std::string& table) {
    if (const auto it = m_schemas.find(table); it != m_schemas.end())
        return &it->second;
    auto read = schema(table);
    if (!read)
        return read.error();
    return &(m_schemas[table] = std::move(read).value());
}

Result<std::int64_t> SqliteTableConnector::rowCount(const std::string& table) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    Statement q;
    if (sqlite3_prepare_v2(m_db, ("SELECT COUNT(*) FROM " + quoteIdentifier(table)).c_str(), -1,
                           &q.stmt, nullptr) != SQLITE_OK ||
        sqlite3_step(q.stmt) != SQLITE_ROW)
        return lastError(table, "counting rows");
    return std::int64_t{sqlite3_column_int64(q.stmt, 0)};
}

Result<TableChunk> SqliteTableConnector::readChunk(const std::string& table, const RowKey& afterKey,
                                                   std::size_t maxRows) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    std::vector<std::string> names;
    for (const auto& column : (*schema)->columns)
        names.push_back(column.name);
    auto key = (*schema)->primaryKey();
    const bool byRowid = key.empty();
    std::string sql = "SELECT " + std::string(byRowid ? "rowid, " : "") + columnList(names) +
                      " FROM " + quoteIdentifier(table);
    const std::string keyColumns = byRowid ? "rowid" : columnList(key);
    const std::size_t keySize = byRowid ? 1 : key.size();
    if (!afterKey.empty()) {
        if (afterKey.size() != keySize)
            return Error{"table.bad_key",
                         "The resume key " + keyToString(afterKey) + " does not fit the key of '" +
                             table + "'; restart the copy of this table.",
                         m_uri.toString() + "#" + table};
        sql += " WHERE (" + keyColumns + ") > (" + placeholders(keySize) + ")";
    }
    sql += " ORDER BY " + keyColumns + " LIMIT " + std::to_string(maxRows);
    Statement q;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q.stmt, nullptr) != SQLITE_OK)
        return lastError(table, "reading rows");
    for (std::size_t i = 0; i < afterKey.size(); ++i)
        bindCell(q.stmt, static_cast<int>(i + 1), afterKey[i]);
    TableChunk chunk;
    std::vector<int> keyIndexes;
    for (const auto& name : key)
        keyIndexes.push_back((*schema)->columnIndex(name));
    const int offset = byRowid ? 1 : 0;
    int rc;
    while ((rc = sqlite3_step(q.stmt)) == SQLITE_ROW) {
        TableRow row;
        row.reserve(names.size());
        for (std::size_t i = 0; i < names.size(); ++i)
            row.push_back(readCell(q.stmt, static_cast<int>(i) + offset, chunk.bytes));
        if (byRowid) {
            chunk.lastKey = {std::int64_t{sqlite3_column_int64(q.stmt, 0)}};
        } else {
            chunk.lastKey.clear();
            for (const int index : keyIndexes)
                chunk.lastKey.push_back(row[static_cast<std::size_t>(index)]);
        }
        chunk.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
        return lastError(table, "reading rows");
    return chunk;
}

Result<void> SqliteTableConnector::applySchemaStatements(
    const std::vector<TableSchema>& tables,
    std::vector<std::string> (*statementsFor)(const TableSchema&, SqlDialect), const char* doing,
    const char* failureCode, const char* committing) {
    if (auto begun = exec("BEGIN IMMEDIATE", "", "starting a transaction"); !begun)
        return begun;
    for (const auto& table : tables)
        for (const auto& sql : statementsFor(table, SqlDialect::Sqlite))
            if (auto done = exec(sql, table.name, doing); !done) {
                (void)exec("ROLLBACK", "", "rolling back");
                auto error = done.error();
                error.code = failureCode;
                return error;
            }
    m_schemas.clear();
    return exec("COMMIT", "", committing);
}

Result<void> SqliteTableConnector::createTables(const std::vector<TableSchema>& tables) {
    return applySchemaStatements(tables, &createStatementsFor, "creating the table",
                                 "schema.create_failed", "committing the new tables");
}

Result<void> SqliteTableConnector::writeChunk(const std::string& table,
                                              const std::vector<TableRow>& rows) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    std::vector<std::string> names;
    for (const auto& column : (*schema)->columns)
        names.push_back(column.name);
    Statement insert;
    const std::string sql = "INSERT INTO " + quoteIdentifier(table) + " (" + columnList(names) +
                            ") VALUES (" + placeholders(names.size()) + ")";
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &insert.stmt, nullptr) != SQLITE_OK)
        return lastError(table, "preparing the insert");
    if (auto begun = exec("BEGIN IMMEDIATE", table, "starting a transaction"); !begun)
        return begun;
    for (const auto& row : rows) {
        if (row.size() != names.size()) {
            (void)exec("ROLLBACK", table, "rolling back");
            return Error{"table.column_mismatch",
                         "A row for '" + table + "' has " + std::to_string(row.size()) +
                             " cells but the table has " + std::to_string(names.size()) +
                             " columns; recreate the target table.",
                         m_uri.toString() + "#" + table};
        }
        sqlite3_reset(insert.stmt);
        for (std::size_t i = 0; i < row.size(); ++i)
            bindCell(insert.stmt, static_cast<int>(i + 1), row[i]);
        if (sqlite3_step(insert.stmt) != SQLITE_DONE) {
            auto error = lastError(table, "inserting rows");
            (void)exec("ROLLBACK", table, "rolling back");
            return error;
        }
    }
    return exec("COMMIT", table, "committing the rows");
}

Result<void> SqliteTableConnector::deleteAfterKey(const std::string& table, const RowKey& key) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    const auto columns = (*schema)->primaryKey();
    std::string sql = "DELETE FROM " + quoteIdentifier(table);
    if (!key.empty())
        sql += " WHERE (" + (columns.empty() ? std::string("rowid") : columnList(columns)) +
               ") > (" + placeholders(key.size()) + ")";
    Statement q;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q.stmt, nullptr) != SQLITE_OK)
        return lastError(table, "deleting rows after " + keyToString(key));
    for (std::size_t i = 0; i < key.size(); ++i)
        bindCell(q.stmt, static_cast<int>(i + 1), key[i]);
    if (sqlite3_step(q.stmt) != SQLITE_DONE)
        return lastError(table, "deleting rows after " + keyToString(key));
    return model::success();
}

Result<void> SqliteTableConnector::finishTables(const std::vector<TableSchema>& tables) {
    return applySchemaStatements(tables, &finishStatementsFor, "creating indexes",
                                 "schema.finish_failed", "committing the indexes");
}

} // namespace ferry::engine
