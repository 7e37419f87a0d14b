#include <ferry/engine/PostgresTableConnector.hpp>
#include <ferry/engine/SchemaTranslation.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

namespace ferry::engine {
namespace {

using model::Error;
using model::Result;

// Owns a PGresult.
struct PgResult {
    PGresult* res = nullptr;
    PgResult() = default;
    explicit PgResult(PGresult* r) : res(r) {}
    PgResult(PgResult&& other) noexcept : res(std::exchange(other.res, nullptr)) {}
    PgResult& operator=(PgResult&& other) noexcept {
        std::swap(res, other.res);
        return *this;
    }
    ~PgResult() { PQclear(res); }
    int rows() const { return PQntuples(res); }
    std::string text(int row, int column) const { return PQgetvalue(res, row, column); }
    bool isNull(int row, int column) const { return PQgetisnull(res, row, column) != 0; }
};

std::string trimMessage(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '.'))
        text.pop_back();
    for (char& c : text)
        if (c == '\n')
            c = ' ';
    return text;
}

std::string lowerAscii(std::string text) {
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// What the server said, with the code family a run understands.
std::string codeForState(const std::string& state, bool connectionBad) {
    if (connectionBad || state.starts_with("08"))
        return "net.connection_lost";
    if (state.starts_with("28"))
        return "pg.credential_denied";
    if (state == "42501")
        return "pg.permission_denied";
    if (state == "42P01")
        return "table.not_found";
    if (state.starts_with("23"))
        return "pg.constraint";
    if (state == "53100")
        return "disk.full";
    if (state == "57014")
        return "pg.statement_timeout";
    if (state.starts_with("40"))
        return "pg.serialization_unavailable";
    if (state.starts_with("22"))
        return "pg.invalid_value";
    return "pg.error";
}

std::string cellText(const CellValue& cell) {
    if (const auto* n = std::get_if<std::int64_t>(&cell))
        return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&cell)) {
        if (std::isnan(*d))
            return "NaN";
        if (std::isinf(*d))
            return *d > 0 ? "Infinity" : "-Infinity";
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, *d).ptr;
        return std::string(buffer, end);
    }
    if (const auto* s = std::get_if<std::string>(&cell))
        return *s;
    if (const auto* b = std::get_if<Blob>(&cell)) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out = "\\x";
        for (const char ch : b->bytes) {
            const auto c = static_cast<unsigned char>(ch);
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
        return out;
    }
    return {};
}

// COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N.
void appendCopyField(std::string& out, const CellValue& cell) {
    if (std::holds_alternative<std::monostate>(cell)) {
        out += "\\N";
        return;
    }
    for (const char c : cellText(cell)) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out.push_back(c);
        }
    }
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 0;
}

CellValue cellFrom(const PgResult& result, int row, int column, std::uint64_t& bytes) {
    if (result.isNull(row, column))
        return std::monostate{};
    const char* value = PQgetvalue(result.res, row, column);
    const auto size = static_cast<std::size_t>(PQgetlength(result.res, row, column));
    bytes += size;
    switch (PQftype(result.res, column)) {
    case 20:   // int8
    case 21:   // int2
    case 23:   // int4
    case 26: { // oid
        std::int64_t n = 0;
        std::from_chars(value, value + size, n);
        return n;
    }
    case 16: // bool
        return std::int64_t{value[0] == 't' ? 1 : 0};
    case 700:   // float4
    case 701: { // float8
        const std::string text(value, size);
        if (text == "NaN")
            return std::nan("");
        if (text == "Infinity")
            return HUGE_VAL;
        if (text == "-Infinity")
            return -HUGE_VAL;
        double d = 0;
        std::from_chars(value, value + size, d);
        return d;
    }
    case 17: { // bytea, hex output
        Blob blob;
        for (std::size_t i = 2; i + 1 < size; i += 2)
            blob.bytes.push_back(
                static_cast<char>(hexDigit(value[i]) * 16 + hexDigit(value[i + 1])));
        return blob;
    }
    default:
        return std::string(value, size);
    }
}

bool isTextType(const std::string& type) {
    const std::string lower = lowerAscii(type);
    return lower == "text" || lower.starts_with("character") || lower.starts_with("varchar") ||
           lower == "name" || lower == "citext";
}

std::string columnList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + quoteIdentifier(name);
    return out;
}

std::string placeholders(std::size_t count, std::size_t first = 1) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += (i == 0 ? "$" : ", $") + std::to_string(first + i);
    return out;
}

std::vector<std::string> splitUnit(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    if (text.empty())
        return out;
    while (true) {
        const auto sep = text.find('\x1f', start);
        out.push_back(text.substr(start, sep - start));
        if (sep == std::string::npos)
            break;
        start = sep + 1;
    }
    return out;
}

std::string actionName(char code) {
    switch (code) {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return "NO ACTION";
    }
}

Result<PgResult> run(pg_conn* conn, const Uri& uri, const std::string& sql,
                     const std::vector<std::optional<std::string>>& params,
                     const std::string& table, const std::string& doing) {
    std::vector<const char*> values;
    for (const auto& param : params)
        values.push_back(param ? param->c_str() : nullptr);
    PgResult result(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0));
    const auto status = PQresultStatus(result.res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
    const char* state = result.res ? PQresultErrorField(result.res, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary =
        result.res ? PQresultErrorField(result.res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string message = trimMessage(primary ? primary : PQerrorMessage(conn));
    const std::string where = table.empty() ? "" : " on table '" + table + "'";
    return Error{codeForState(state ? state : "", PQstatus(conn) == CONNECTION_BAD),
                 "PostgreSQL failed " + doing + where + ": " + message + ".",
                 table.empty() ? uri.toString() : uri.toString() + "#" + table};
}

} // namespace

PostgresTableConnector::PostgresTableConnector(Uri uri, pg_conn* conn, std::string schema)
    : m_uri(std::move(uri)), m_conn(conn), m_schema(std::move(schema)) {}

PostgresTableConnector::~PostgresTableConnector() {
    PQfinish(m_conn);
}

Result<std::unique_ptr<PostgresTableConnector>> PostgresTableConnector::open(const Uri& uri,
                                                                             bool asTarget) {
    std::string database = uri.path;
    while (database.starts_with('/'))
        database.erase(0, 1);
    const std::string host = uri.host.empty() ? "localhost" : uri.host;
    const std::string port = std::to_string(uri.port == 0 ? 5432 : uri.port);
    const std::string schema = uri.param("schema", "public");
    const std::string where = uri.toString();
    if (database.empty() || database.find('/') != std::string::npos)
        return Error{"uri.path",
                     "The address '" + where +
                         "' names no database; write postgresql://user@host:port/database.",
                     where};
    std::vector<std::pair<std::string, std::string>> settings = {
        {"host", host},
        {"port", port},
        {"dbname", database},
        {"application_name", "ferry"},
        {"connect_timeout", uri.param("connect_timeout", "10")},
        {"client_encoding", "UTF8"}};
    if (!uri.userInfo.empty())
        settings.emplace_back("user", uri.userInfo);
    for (const char* key : {"sslmode", "sslrootcert", "sslcert", "sslkey"})
        if (const auto value = uri.param(key); !value.empty())
            settings.emplace_back(key, value);
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [key, value] : settings) {
        keys.push_back(key.c_str());
        values.push_back(value.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    pg_conn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
        const std::string message = trimMessage(conn ? PQerrorMessage(conn) : "out of memory");
        PQfinish(conn);
        const std::string lower = lowerAscii(message);
        std::string code = "net.connect";
        std::string advice = "; check that the server runs and accepts TCP connections there.";
        if (lower.find("password") != std::string::npos ||
            lower.find("authentication") != std::string::npos) {
            code = "pg.credential_denied";
            advice = "; set the password in PGPASSWORD or ~/.pgpass (never in the address).";
        } else if (lower.find("does not exist") != std::string::npos) {
            code = "pg.no_such_database";
            advice = "; check the database and user names in the address.";
        } else if (lower.find("permission denied") != std::string::npos ||
                   lower.find("no pg_hba.conf entry") != std::string::npos) {
            code = "pg.denied";
            advice = "; ask the database administrator for access.";
        } else if (lower.find("timeout") != std::string::npos) {
            code = "net.connect_timeout";
        }
        return Error{code,
                     "Could not connect to PostgreSQL at " + host + ":" + port + "/" + database +
                         (uri.userInfo.empty() ? "" : " as '" + uri.userInfo + "'") + ": " +
                         message + advice,
                     where};
    }
    std::unique_ptr<PostgresTableConnector> connector(
        new PostgresTableConnector(uri, conn, schema));
    auto exists = run(conn, uri, "SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}, "",
                      "looking up the schema");
    if (!exists)
        return exists.error();
    if (exists->rows() == 0) {
        if (!asTarget)
            return Error{"schema.not_found",
                         "The PostgreSQL schema '" + schema + "' does not exist in '" + database +
                             "'; check ?schema= in the source address.",
                         where};
        if (auto made = connector->exec("CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema),
                                        "", "creating the schema '" + schema + "'");
            !made)
            return made.error();
    }
    if (auto set = connector->exec("SET search_path TO " + quoteIdentifier(schema) +
                                       "; SET DateStyle TO ISO; SET IntervalStyle TO iso_8601; "
                                       "SET extra_float_digits TO 3; SET bytea_output TO hex",
                                   "", "setting up the session");
        !set)
        return set.error();
    return connector;
}

Result<void> PostgresTableConnector::exec(const std::string& sql, const std::string& table,
                                          const std::string& doing) {
    PgResult result(PQexec(m_conn, sql.c_str()));
    const auto status = PQresultStatus(result.res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return model::success();
    const char* state = result.res ? PQresultErrorField(result.res, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary =
        result.res ? PQresultErrorField(result.res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string where = table.empty() ? "" : " on table '" + table + "'";
    return Error{codeForState(state ? state : "", PQstatus(m_conn) == CONNECTION_BAD),
                 "PostgreSQL failed " + doing + where + ": " +
                     trimMessage(primary ? primary : PQerrorMessage(m_conn)) + ".",
                 table.empty() ? m_uri.toString() : m_uri.toString() + "#" + table};
}

Result<std::vector<std::string>> PostgresTableConnector::listTables() {
    auto result = run(m_conn, m_uri,
                      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                      "c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT "
                      "c.relispartition ORDER BY c.relname",
                      {m_schema}, "", "listing tables");
    if (!result)
        return result.error();
    std::vector<std::string> all;
    for (int i = 0; i < result->rows(); ++i)
        all.push_back(result->text(i, 0));
    const auto wanted = tableFilter(m_uri);
    if (wanted.empty())
        return all;
    std::vector<std::string> out;
    for (const auto& name : wanted) {
        if (std::find(all.begin(), all.end(), name) == all.end())
            return Error{"table.not_found",
                         "The table '" + name + "' named in ?tables= does not exist in schema '" +
                             m_schema + "'; check its spelling.",
                         m_uri.toString()};
        out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<TableSchema> PostgresTableConnector::schema(const std::string& table) {
    auto found = run(m_conn, m_uri,
                     "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
                     {m_schema, table}, table, "looking up the table");
    if (!found)
        return found.error();
    if (found->rows() == 0)
        return Error{"table.not_found",
                     "The table '" + table + "' does not exist in schema '" + m_schema + "'.",
                     m_uri.toString() + "#" + table};
    const std::string oid = found->text(0, 0);
    TableSchema schema;
    schema.name = table;

    auto columns =
        run(m_conn, m_uri,
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
            "COALESCE((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k WHERE "
            "k.conrelid = a.attrelid AND k.contype = 'p'), 0) "
            "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = "
            "a.attnum WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY "
            "a.attnum",
            {oid}, table, "reading the columns");
    if (!columns)
        return columns.error();
    for (int i = 0; i < columns->rows(); ++i) {
        ColumnDef column;
        column.name = columns->text(i, 0);
        column.type = columns->text(i, 1);
        column.notNull = columns->text(i, 2) == "t";
        const std::string identity = columns->text(i, 4);
        const std::string generated = columns->text(i, 5);
        if (!columns->isNull(i, 3)) {
            if (!generated.empty()) {
                schema.unsupported.push_back("the generated column '" + column.name + "' (" +
                                             columns->text(i, 3) + ")");
                continue;
            }
            column.defaultSql = columns->text(i, 3);
        }
        column.primaryKeyPosition = std::stoi(columns->text(i, 6));
        column.identity =
            !identity.empty() || (column.defaultSql && column.defaultSql->starts_with("nextval("));
        if (!identity.empty())
            column.defaultSql.reset();
        schema.columns.push_back(std::move(column));
    }

    auto indexes =
        run(m_conn, m_uri,
            "SELECT ic.relname, x.indisunique, x.indexprs IS NOT NULL OR x.indpred IS NOT NULL, "
            "(SELECT string_agg(a.attname, chr(31) ORDER BY k.ord) FROM unnest(x.indkey::int2[]) "
            "WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = x.indrelid AND "
            "a.attnum = k.attnum) FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid WHERE "
            "x.indrelid = $1::oid AND NOT x.indisprimary ORDER BY ic.relname",
            {oid}, table, "reading the indexes");
    if (!indexes)
        return indexes.error();
    for (int i = 0; i < indexes->rows(); ++i) {
        if (indexes->text(i, 2) == "t") {
            schema.unsupported.push_back("the expression or partial index '" + indexes->text(i, 0) +
                                         "'");
            continue;
        }
        schema.indexes.push_back(
            {indexes->text(i, 0), splitUnit(indexes->text(i, 3)), indexes->text(i, 1) == "t"});
    }

    auto keys = run(
        m_conn, m_uri,
        "SELECT k.conname, r.relname, k.confdeltype, k.confupdtype, "
        "(SELECT string_agg(a.attname, chr(31) ORDER BY u.ord) FROM unnest(k.conkey) WITH "
        "ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = "
        "u.attnum), "
        "(SELECT string_agg(a.attname, chr(31) ORDER BY u.ord) FROM unnest(k.confkey) WITH "
        "ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum "
        "= u.attnum), rn.nspname = $2 "
        "FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON "
        "rn.oid = r.relnamespace WHERE k.conrelid = $1::oid AND k.contype = 'f' ORDER BY "
        "k.conname",
        {oid, m_schema}, table, "reading the foreign keys");
    if (!keys)
        return keys.error();
    for (int i = 0; i < keys->rows(); ++i) {
        if (keys->text(i, 6) != "t") {
            schema.unsupported.push_back("the foreign key '" + keys->text(i, 0) +
                                         "' to a table of another schema");
            continue;
        }
        ForeignKeyDef fk;
        fk.referencedTable = keys->text(i, 1);
        fk.onDelete = actionName(keys->text(i, 2).front());
        fk.onUpdate = actionName(keys->text(i, 3).front());
        fk.columns = splitUnit(keys->text(i, 4));
        fk.referencedColumns = splitUnit(keys->text(i, 5));
        schema.foreignKeys.push_back(std::move(fk));
    }

    auto checks = run(m_conn, m_uri,
                      "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                      "$1::oid AND contype = 'c' ORDER BY conname",
                      {oid}, table, "reading the checks");
    if (!checks)
        return checks.error();
    for (int i = 0; i < checks->rows(); ++i) {
        std::string definition = checks->text(i, 0);
        if (definition.starts_with("CHECK "))
            definition.erase(0, 6);
        if (const auto at = definition.rfind(" NOT VALID"); at != std::string::npos)
            definition.erase(at);
        schema.checks.push_back(std::move(definition));
    }
    return schema;
}

Result<const TableSchema*> PostgresTableConnector::cachedSchema(const std::string& table) {
    if (const auto it = m_schemas.find(table); it != m_schemas.end())
        return &it->second;
    auto read = schema(table);
    if (!read)
        return read.error();
    return &(m_schemas[table] = std::move(read).value());
}

std::string PostgresTableConnector::keyExpression(const TableSchema& schema) const {
    std::string out;
    for (const auto& name : schema.primaryKey()) {
        const auto& column = schema.columns[static_cast<std::size_t>(schema.columnIndex(name))];
        out += (out.empty() ? "" : ", ") + quoteIdentifier(name) +
               (isTextType(column.type) ? " COLLATE \"C\"" : "");
    }
    return out;
}

Result<std::int64_t> PostgresTableConnector::rowCount(const std::string& table) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    auto result = run(m_conn, m_uri, "SELECT COUNT(*) FROM " + quoteIdentifier(table), {}, table,
                      "counting rows");
    if (!result)
        return result.error();
    return std::stoll(result->text(0, 0));
}

Result<TableChunk> PostgresTableConnector::readChunk(const std::string& table,
                                                     const RowKey& afterKey, std::size_t maxRows) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    std::vector<std::string> names;
    for (const auto& column : (*schema)->columns)
        names.push_back(column.name);
    const auto key = (*schema)->primaryKey();
    TableChunk chunk;
    std::string sql = "SELECT " + columnList(names) + " FROM " + quoteIdentifier(table);
    std::vector<std::optional<std::string>> params;
    if (key.empty()) {
        // No key to resume from: the whole table is one chunk, its key the row count.
        if (!afterKey.empty())
            return chunk;
    } else {
        const std::string keyColumns = keyExpression(**schema);
        if (!afterKey.empty()) {
            if (afterKey.size() != key.size())
                return Error{"table.bad_key",
                             "The resume key " + keyToString(afterKey) +
                                 " does not fit the key of '" + table +
                                 "'; restart the copy of this table.",
                             m_uri.toString() + "#" + table};
            for (const auto& cell : afterKey)
                params.push_back(std::holds_alternative<std::monostate>(cell)
                                     ? std::nullopt
                                     : std::optional<std::string>(cellText(cell)));
            sql += " WHERE (" + keyColumns + ") > (" + placeholders(afterKey.size()) + ")";
        }
        sql += " ORDER BY " + keyColumns + " LIMIT " + std::to_string(maxRows);
    }
    auto result = run(m_conn, m_uri, sql, params, table, "reading rows");
    if (!result)
        return result.error();
    std::vector<int> keyIndexes;
    for (const auto& name : key)
        keyIndexes.push_back((*schema)->columnIndex(name));
    const int columns = static_cast<int>(names.size());
    for (int r = 0; r < result->rows(); ++r) {
        TableRow row;
        row.reserve(names.size());
        for (int c = 0; c < columns; ++c)
            row.push_back(cellFrom(*result, r, c, chunk.bytes));
        chunk.rows.push_back(std::move(row));
    }
    if (!chunk.rows.empty()) {
        if (key.empty())
            chunk.lastKey = {static_cast<std::int64_t>(chunk.rows.size())};
        else
            for (const int index : keyIndexes)
                chunk.lastKey.push_back(chunk.rows.back()[static_cast<std::size_t>(index)]);
    }
    return chunk;
}

Result<void> PostgresTableConnector::applySchemaStatements(
    const std::vector<TableSchema>& tables,
    std::vector<std::string> (*statementsFor)(const TableSchema&, SqlDialect), const char* doing,
    const char* failureCode, const char* committing) {
    if (auto begun = exec("BEGIN", "", "starting a transaction"); !begun)
        return begun;
    for (const auto& table : tables)
        for (const auto& sql : statementsFor(table, SqlDialect::Postgres))
            if (auto done = exec(sql, table.name, doing); !done) {
                (void)exec("ROLLBACK", "", "rolling back");
                auto error = done.error();
                if (error.code == "pg.error")
                    error.code = failureCode;
                return error;
            }
    m_schemas.clear();
    return exec("COMMIT", "", committing);
}

Result<void> PostgresTableConnector::createTables(const std::vector<TableSchema>& tables) {
    return applySchemaStatements(tables, &createStatementsFor, "creating the table",
                                 "schema.create_failed", "committing the new tables");
}

Result<void> PostgresTableConnector::writeChunk(const std::string& table,
                                                const std::vector<TableRow>& rows) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    std::vector<std::string> names;
    for (const auto& column : (*schema)->columns)
        names.push_back(column.name);
    if (auto begun = exec("BEGIN", table, "starting a transaction"); !begun)
        return begun;
    auto fail = [&](Error error) -> Result<void> {
        (void)exec("ROLLBACK", table, "rolling back");
        return error;
    };
    PgResult started(PQexec(
        m_conn,
        ("COPY " + quoteIdentifier(table) + " (" + columnList(names) + ") FROM STDIN").c_str()));
    if (PQresultStatus(started.res) != PGRES_COPY_IN)
        return fail(Error{PQstatus(m_conn) == CONNECTION_BAD ? "net.connection_lost" : "pg.error",
                          "PostgreSQL refused COPY into table '" + table +
                              "': " + trimMessage(PQerrorMessage(m_conn)) + ".",
                          m_uri.toString() + "#" + table});
    std::string buffer;
    bool sent = true;
    for (const auto& row : rows) {
        if (row.size() != names.size()) {
            PQputCopyEnd(m_conn, "row does not fit the table");
            PgResult ended(PQgetResult(m_conn));
            while (PGresult* more = PQgetResult(m_conn))
                PQclear(more);
            return fail(Error{"table.column_mismatch",
                              "A row for '" + table + "' has " + std::to_string(row.size()) +
                                  " cells but the table has " + std::to_string(names.size()) +
                                  " columns; recreate the target table.",
                              m_uri.toString() + "#" + table});
        }
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0)
                buffer.push_back('\t');
            appendCopyField(buffer, row[i]);
        }
        buffer.push_back('\n');
        if (buffer.size() >= 1 << 20) {
            sent = PQputCopyData(m_conn, buffer.data(), static_cast<int>(buffer.size())) == 1;
            buffer.clear();
            if (!sent)
                break;
        }
    }
    if (sent && !buffer.empty())
        sent = PQputCopyData(m_conn, buffer.data(), static_cast<int>(buffer.size())) == 1;
    if (sent)
        sent = PQputCopyEnd(m_conn, nullptr) == 1;
    PgResult ended(PQgetResult(m_conn));
    while (PGresult* more = PQgetResult(m_conn))
        PQclear(more);
    if (!sent || PQresultStatus(ended.res) != PGRES_COMMAND_OK) {
        const char* state = ended.res ? PQresultErrorField(ended.res, PG_DIAG_SQLSTATE) : nullptr;
        const char* primary =
            ended.res ? PQresultErrorField(ended.res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
        return fail(Error{codeForState(state ? state : "", PQstatus(m_conn) == CONNECTION_BAD),
                          "PostgreSQL refused the rows copied into table '" + table +
                              "': " + trimMessage(primary ? primary : PQerrorMessage(m_conn)) + ".",
                          m_uri.toString() + "#" + table});
    }
    return exec("COMMIT", table, "committing the rows");
}

Result<void> PostgresTableConnector::deleteAfterKey(const std::string& table, const RowKey& key) {
    auto schema = cachedSchema(table);
    if (!schema)
        return schema.error();
    std::string sql = "DELETE FROM " + quoteIdentifier(table);
    std::vector<std::optional<std::string>> params;
    const auto columns = (*schema)->primaryKey();
    if (!key.empty() && !columns.empty()) {
        for (const auto& cell : key)
            params.push_back(std::holds_alternative<std::monostate>(cell)
                                 ? std::nullopt
                                 : std::optional<std::string>(cellText(cell)));
        sql += " WHERE (" + keyExpression(**schema) + ") > (" + placeholders(key.size()) + ")";
    } else if (!key.empty()) {
        return Error{"table.bad_key",
                     "The table '" + table +
                         "' has no primary key, so rows after a key cannot be found; copy it "
                         "again from the start.",
                     m_uri.toString() + "#" + table};
    }
    auto result = run(m_conn, m_uri, sql, params, table, "deleting rows after " + keyToString(key));
    if (!result)
        return result.error();
    return model::success();
}

Result<void> PostgresTableConnector::finishTables(const std::vector<TableSchema>& tables) {
    return applySchemaStatements(tables, &finishStatementsFor, "creating indexes and foreign keys",
                                 "schema.finish_failed", "committing indexes and foreign keys");
}

} // namespace ferry::engine
