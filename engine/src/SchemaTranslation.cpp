#include <ferry/engine/SchemaTranslation.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace ferry::engine {
namespace {

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

// "(x)" -> "x" while the outer parentheses enclose everything.
std::string stripOuterParens(std::string text) {
    text = trim(text);
    while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
        int depth = 0;
        bool enclosing = true;
        bool inString = false;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\'')
                inString = !inString;
            if (inString)
                continue;
            if (c == '(')
                ++depth;
            else if (c == ')' && --depth == 0 && i + 1 != text.size()) {
                enclosing = false;
                break;
            }
        }
        if (!enclosing)
            break;
        text = trim(text.substr(1, text.size() - 2));
    }
    return text;
}

// The one column an expression mentions (as a whole word), or "" when it mentions several.
std::string columnMentioned(const std::string& expr, const TableSchema& table) {
    std::string found;
    const std::string up = upper(expr);
    for (const auto& column : table.columns) {
        const std::string name = upper(column.name);
        for (auto at = up.find(name); at != std::string::npos; at = up.find(name, at + 1)) {
            const auto isWord = [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            };
            const bool startOk = at == 0 || !isWord(up[at - 1]);
            const bool endOk = at + name.size() >= up.size() || !isWord(up[at + name.size()]);
            if (startOk && endOk) {
                if (!found.empty() && found != column.name)
                    return {};
                found = column.name;
                break;
            }
        }
    }
    return found;
}

struct Translator {
    SqlDialect from;
    SqlDialect to;
    std::vector<TranslationIssue>* issues;

    void report(const std::string& table, const std::string& column, std::string what,
                IssueSeverity severity) {
        issues->push_back({table, column, std::move(what), severity});
    }

    // The target type of a column; identity columns are handled by the caller.
    std::string translateType(const std::string& table, const ColumnDef& column) {
        const std::string declared = trim(column.type);
        const std::string up = upper(declared);
        if (from == to)
            return declared;
        static const std::regex kLength(R"(\(\s*(\d+)\s*\)\s*$)");
        static const std::regex kPrecision(R"(\(\s*\d+\s*(,\s*\d+\s*)?\)\s*$)");
        std::smatch match;
        if (from == SqlDialect::Sqlite) {
            if (up.empty()) {
                report(table, column.name,
                       "has no declared type (SQLite accepts any value there); created as bytea, "
                       "so text and numbers are stored as their bytes",
                       IssueSeverity::Warning);
                return "bytea";
            }
            if (contains(up, "BOOL"))
                return "boolean";
            if (contains(up, "INT"))
                return "bigint";
            if (contains(up, "CHAR") || contains(up, "CLOB") || contains(up, "TEXT")) {
                const bool varying = contains(up, "VAR") || contains(up, "VARYING");
                if (std::regex_search(up, match, kLength)) {
                    if (varying)
                        return "varchar(" + match[1].str() + ")";
                    report(table, column.name,
                           "'" + declared +
                               "' becomes text: PostgreSQL's char(n) would pad values with "
                               "spaces, and SQLite never enforced the length",
                           IssueSeverity::Info);
                }
                return "text";
            }
            if (contains(up, "BLOB"))
                return "bytea";
            if (contains(up, "REAL") || contains(up, "FLOA") || contains(up, "DOUB"))
                return "double precision";
            if (contains(up, "DATE") || contains(up, "TIME")) {
                report(table, column.name,
                       "'" + declared +
                           "' is kept as text (the ISO-8601 text SQLite stores), not converted "
                           "to a PostgreSQL date/timestamp",
                       IssueSeverity::Info);
                return "text";
            }
            if (std::regex_search(up, match, kPrecision))
                return "numeric" + lower(match[0].str());
            return "numeric";
        }
        // PostgreSQL -> SQLite, from format_type() spellings.
        const std::string lo = lower(declared);
        if (lo == "smallint" || lo == "integer" || lo == "bigint")
            return "INTEGER";
        if (lo == "boolean")
            return "BOOLEAN";
        if (lo == "real" || lo == "double precision")
            return "REAL";
        if (lo.starts_with("numeric"))
            return upper(lo);
        if (lo == "text" || lo == "character varying")
            return "TEXT";
        if (lo.starts_with("character varying("))
            return "VARCHAR" + lo.substr(std::string("character varying").size());
        if (lo.starts_with("character(") || lo == "character") {
            report(table, column.name,
                   "'" + declared + "' becomes TEXT: SQLite neither pads nor enforces the length",
                   IssueSeverity::Info);
            return "TEXT";
        }
        if (lo == "bytea")
            return "BLOB";
        if (lo.ends_with("[]")) {
            report(table, column.name,
                   "the array type '" + declared +
                       "' has no SQLite equivalent; values are stored as their PostgreSQL text "
                       "form ('{1,2}')",
                   IssueSeverity::Warning);
            return "TEXT";
        }
        if (lo.starts_with("timestamp") || lo == "date" || lo.starts_with("time") ||
            lo.starts_with("interval")) {
            report(table, column.name, "'" + declared + "' is stored as ISO-8601 text in SQLite",
                   IssueSeverity::Info);
            return "TEXT";
        }
        if (lo == "uuid" || lo == "json" || lo == "jsonb" || lo == "xml" || lo == "inet" ||
            lo == "cidr" || lo == "macaddr" || lo == "money") {
            report(table, column.name, "'" + declared + "' is stored as text in SQLite",
                   IssueSeverity::Info);
            return "TEXT";
        }
        report(table, column.name,
               "the type '" + declared +
                   "' has no SQLite equivalent; values are stored as their text form and its "
                   "checks are lost",
               IssueSeverity::Warning);
        return "TEXT";
    }

    std::optional<std::string> translateDefault(const std::string& table, const ColumnDef& column,
                                                const std::string& targetType) {
        if (!column.defaultSql)
            return std::nullopt;
        if (from == to)
            return column.defaultSql;
        std::string expr = stripOuterParens(*column.defaultSql);
        const std::string up = upper(expr);
        const bool targetBool = lower(targetType) == "boolean";
        const bool targetText = to == SqlDialect::Postgres &&
                                (targetType == "text" || targetType.starts_with("varchar"));
        static const std::regex kNumber(R"(^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$)");
        static const std::regex kString(R"(^('([^']|'')*')(::[a-z ]+(\(\d+(,\d+)?\))?)?$)");
        std::smatch match;
        if (up == "NULL" || up.starts_with("NULL::"))
            return std::nullopt;
        if (std::regex_match(expr, kNumber)) {
            if (targetBool && (expr == "0" || expr == "1"))
                return std::string(expr == "1" ? "true" : "false");
            return expr;
        }
        if (std::regex_match(expr, match, kString))
            return match[1].str();
        if (up == "TRUE" || up == "FALSE")
            return to == SqlDialect::Postgres ? lower(up) : std::string(up == "TRUE" ? "1" : "0");
        const bool now = up == "CURRENT_TIMESTAMP" || up == "NOW()" || up == "LOCALTIMESTAMP" ||
                         up == "DATETIME('NOW')" || up.starts_with("CURRENT_TIMESTAMP(");
        const bool today = up == "CURRENT_DATE" || up == "DATE('NOW')";
        const bool clock = up == "CURRENT_TIME" || up == "TIME('NOW')";
        if (now || today || clock) {
            if (to == SqlDialect::Sqlite)
                return std::string(now     ? "CURRENT_TIMESTAMP"
                                   : today ? "CURRENT_DATE"
                                           : "CURRENT_TIME");
            if (targetText) {
                // SQLite's text form, in UTC, so old and new rows look alike.
                const char* format = now     ? "YYYY-MM-DD HH24:MI:SS"
                                     : today ? "YYYY-MM-DD"
                                             : "HH24:MI:SS";
                return "to_char(now() AT TIME ZONE 'UTC', '" + std::string(format) + "')";
            }
            return std::string(now ? "CURRENT_TIMESTAMP" : today ? "CURRENT_DATE" : "CURRENT_TIME");
        }
        if (column.identity && contains(up, "NEXTVAL("))
            return std::nullopt; // the identity column generates the values instead
        report(table, column.name,
               "the default '" + *column.defaultSql +
                   "' cannot be translated; the column has no default at the target",
               IssueSeverity::Warning);
        return std::nullopt;
    }

    // A check is carried over when it uses only operators and functions both dialects share.
    bool portableCheck(const std::string& expr, const TableSchema& target) {
        if (from == to)
            return true;
        static const std::set<std::string> kWords = {
            "AND",  "OR",    "NOT",    "IN",    "IS",    "NULL", "BETWEEN",  "LIKE",
            "TRUE", "FALSE", "LENGTH", "LOWER", "UPPER", "ABS",  "COALESCE", "TRIM"};
        std::set<std::string> columns;
        for (const auto& column : target.columns) {
            if (lower(column.type) == "boolean")
                continue; // a boolean compared with 0/1 does not type-check in PostgreSQL
            columns.insert(upper(column.name));
        }
        for (std::size_t i = 0; i < expr.size();) {
            const char c = expr[i];
            if (c == '\'') {
                const auto end = expr.find('\'', i + 1);
                if (end == std::string::npos)
                    return false;
                i = end + 1;
                continue;
            }
            if (c == '"') {
                const auto end = expr.find('"', i + 1);
                if (end == std::string::npos ||
                    !columns.contains(upper(expr.substr(i + 1, end - i - 1))))
                    return false;
                i = end + 1;
                continue;
            }
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                std::size_t end = i;
                while (end < expr.size() &&
                       (std::isalnum(static_cast<unsigned char>(expr[end])) || expr[end] == '_'))
                    ++end;
                const std::string word = upper(expr.substr(i, end - i));
                if (!kWords.contains(word) && !columns.contains(word))
                    return false;
                i = end;
                continue;
            }
            if (c == ':' || c == '[' || c == ']' || c == '~' || c == '`' || c == '?' || c == '@' ||
                c == '$')
                return false;
            ++i;
        }
        return true;
    }

    TableSchema translateTable(const TableSchema& source,
                               const std::map<std::string, const TableSchema*>& byName) {
        TableSchema target;
        target.name = source.name;
        const std::size_t keyColumns = source.primaryKey().size();
        for (const auto& column : source.columns) {
            ColumnDef out = column;
            out.type = translateType(source.name, column);
            const bool integerKey = keyColumns == 1 && column.primaryKeyPosition == 1 &&
                                    (out.type == "bigint" || out.type == "INTEGER" ||
                                     lower(out.type) == "integer" || lower(out.type) == "smallint");
            if (column.identity && !integerKey) {
                out.identity = false;
                report(source.name, column.name,
                       "generated values (identity/serial) are only kept for a single-column "
                       "integer primary key; the column is copied as plain values",
                       IssueSeverity::Warning);
            }
            if (out.identity && to == SqlDialect::Sqlite)
                out.type = "INTEGER"; // exactly INTEGER, so that it aliases the rowid
            if (out.identity && to == SqlDialect::Postgres && from == SqlDialect::Sqlite)
                out.type = "bigint";
            out.defaultSql = translateDefault(source.name, column, out.type);
            target.columns.push_back(std::move(out));
        }
        for (const auto& check : source.checks) {
            if (portableCheck(check, target))
                target.checks.push_back(check);
            else
                report(source.name, columnMentioned(check, source),
                       "the CHECK " + check +
                           " uses constructs the target does not share; it is not created",
                       IssueSeverity::Warning);
        }
        std::set<std::string> indexNames;
        for (const auto& index : source.indexes) {
            IndexDef out = index;
            if (out.name.empty() || out.name.starts_with("sqlite_autoindex_")) {
                out.name = source.name;
                for (const auto& column : index.columns)
                    out.name += "_" + column;
                out.name += index.unique ? "_key" : "_idx";
            }
            if (!indexNames.insert(out.name).second)
                continue;
            target.indexes.push_back(std::move(out));
        }
        for (const auto& fk : source.foreignKeys) {
            ForeignKeyDef out = fk;
            const auto referenced = byName.find(fk.referencedTable);
            if (referenced == byName.end()) {
                report(source.name, fk.columns.empty() ? "" : fk.columns.front(),
                       "the foreign key to '" + fk.referencedTable +
                           "' is not created: that table is not part of this copy",
                       IssueSeverity::Warning);
                continue;
            }
            if (out.referencedColumns.empty())
                out.referencedColumns = referenced->second->primaryKey();
            target.foreignKeys.push_back(std::move(out));
        }
        for (const auto& what : source.unsupported)
            report(source.name, "", what + " is not translated", IssueSeverity::Warning);
        return target;
    }
};

std::string columnList(const std::vector<std::string>& columns) {
    std::string out;
    for (const auto& column : columns)
        out += (out.empty() ? "" : ", ") + quoteIdentifier(column);
    return out;
}

std::string foreignKeyClause(const ForeignKeyDef& fk) {
    std::string out = "FOREIGN KEY (" + columnList(fk.columns) + ") REFERENCES " +
                      quoteIdentifier(fk.referencedTable) + " (" +
                      columnList(fk.referencedColumns) + ")";
    if (!fk.onDelete.empty() && upper(fk.onDelete) != "NO ACTION")
        out += " ON DELETE " + upper(fk.onDelete);
    if (!fk.onUpdate.empty() && upper(fk.onUpdate) != "NO ACTION")
        out += " ON UPDATE " + upper(fk.onUpdate);
    return out;
}

} // namespace

bool SchemaTranslation::losesSomething() const {
    return std::any_of(issues.begin(), issues.end(), [](const TranslationIssue& issue) {
        return issue.severity != IssueSeverity::Info;
    });
}

std::string_view toString(IssueSeverity severity) {
    switch (severity) {
    case IssueSeverity::Info:
        return "info";
    case IssueSeverity::Warning:
        return "warning";
    case IssueSeverity::Error:
        return "error";
    }
    return "info";
}

std::string_view toString(SqlDialect dialect) {
    return dialect == SqlDialect::Sqlite ? "sqlite" : "postgresql";
}

std::vector<TableSchema> dependencyOrder(std::vector<TableSchema> tables) {
    std::sort(tables.begin(), tables.end(),
              [](const TableSchema& a, const TableSchema& b) { return a.name < b.name; });
    std::vector<TableSchema> ordered;
    std::set<std::string> placed;
    std::set<std::string> names;
    for (const auto& table : tables)
        names.insert(table.name);
    while (ordered.size() < tables.size()) {
        bool progress = false;
        for (const auto& table : tables) {
            if (placed.contains(table.name))
                continue;
            const bool ready = std::all_of(table.foreignKeys.begin(), table.foreignKeys.end(),
                                           [&](const ForeignKeyDef& fk) {
                                               return fk.referencedTable == table.name ||
                                                      !names.contains(fk.referencedTable) ||
                                                      placed.contains(fk.referencedTable);
                                           });
            if (ready) {
                ordered.push_back(table);
                placed.insert(table.name);
                progress = true;
            }
        }
        if (!progress) {
            // A cycle: take the first remaining table by name; FKs come after the data anyway.
            for (const auto& table : tables)
                if (!placed.contains(table.name)) {
                    ordered.push_back(table);
                    placed.insert(table.name);
                    break;
                }
        }
    }
    return ordered;
}

std::vector<std::string> createStatementsFor(const TableSchema& table, SqlDialect dialect) {
    std::vector<std::string> parts;
    const auto key = table.primaryKey();
    for (const auto& column : table.columns) {
        std::string part = quoteIdentifier(column.name);
        if (!column.type.empty())
            part += " " + column.type;
        if (column.identity && dialect == SqlDialect::Postgres)
            part += " GENERATED BY DEFAULT AS IDENTITY";
        if (column.notNull)
            part += " NOT NULL";
        if (column.defaultSql)
            part += " DEFAULT " + *column.defaultSql;
        parts.push_back(std::move(part));
    }
    if (!key.empty())
        parts.push_back("PRIMARY KEY (" + columnList(key) + ")");
    for (const auto& check : table.checks)
        parts.push_back("CHECK (" + stripOuterParens(check) + ")");
    if (dialect == SqlDialect::Sqlite)
        for (const auto& fk : table.foreignKeys)
            parts.push_back(foreignKeyClause(fk));
    std::string sql = "CREATE TABLE " + quoteIdentifier(table.name) + " (\n";
    for (std::size_t i = 0; i < parts.size(); ++i)
        sql += "    " + parts[i] + (i + 1 < parts.size() ? ",\n" : "\n");
    sql += ")";
    return {sql};
}

std::vector<std::string> finishStatementsFor(const TableSchema& table, SqlDialect dialect) {
    std::vector<std::string> out;
    for (const auto& index : table.indexes)
        out.push_back(std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                      quoteIdentifier(index.name) + " ON " + quoteIdentifier(table.name) + " (" +
                      columnList(index.columns) + ")");
    if (dialect == SqlDialect::Postgres) {
        for (const auto& fk : table.foreignKeys)
            out.push_back("ALTER TABLE " + quoteIdentifier(table.name) + " ADD " +
                          foreignKeyClause(fk));
        for (const auto& column : table.columns) {
            if (!column.identity)
                continue;
            // Next generated value = max + 1 (1 for an empty table).
            std::string literal = quoteIdentifier(table.name);
            std::string quoted;
            for (const char c : literal)
                quoted += c == '\'' ? std::string("''") : std::string(1, c);
            std::string columnLiteral;
            for (const char c : column.name)
                columnLiteral += c == '\'' ? std::string("''") : std::string(1, c);
            out.push_back("SELECT setval(pg_get_serial_sequence('" + quoted + "', '" +
                          columnLiteral + "'), COALESCE(MAX(" + quoteIdentifier(column.name) +
                          "), 0) + 1, false) FROM " + quoteIdentifier(table.name));
        }
    }
    return out;
}

SchemaTranslation translateSchemas(const std::vector<TableSchema>& source, SqlDialect from,
                                   SqlDialect to) {
    SchemaTranslation result;
    result.target = to;
    Translator translator{from, to, &result.issues};
    std::map<std::string, const TableSchema*> byName;
    for (const auto& table : source)
        byName[table.name] = &table;
    std::vector<TableSchema> translated;
    for (const auto& table : source)
        translated.push_back(translator.translateTable(table, byName));
    result.tables = dependencyOrder(std::move(translated));
    for (const auto& table : result.tables)
        for (auto& sql : createStatementsFor(table, to))
            result.createStatements.push_back(std::move(sql));
    for (const auto& table : result.tables)
        for (auto& sql : finishStatementsFor(table, to))
            result.finishStatements.push_back(std::move(sql));
    return result;
}

} // namespace ferry::engine
