#pragma once

#include <ferry/engine/TableConnector.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ferry::engine {

/// How much a translation issue costs the user.
enum class IssueSeverity {
    Info,    ///< Changed but nothing lost (e.g. DATETIME kept as text).
    Warning, ///< Something is lost at the target (a default, a check, an index).
    Error    ///< The data itself may not load (a type the target cannot hold).
};

/// One construct not translated as it was, so that nothing is dropped silently.
struct TranslationIssue {
    std::string table;                            ///< Table concerned.
    std::string column;                           ///< Column concerned ("" for the whole table).
    std::string what;                             ///< What is lost or changed, and why.
    IssueSeverity severity = IssueSeverity::Info; ///< How much it costs.
};

/// Target schemas, the DDL that creates them and the issues met on the way.
struct SchemaTranslation {
    SqlDialect target = SqlDialect::Postgres;  ///< Dialect of the statements.
    std::vector<TableSchema> tables;           ///< Target schemas, referenced tables first.
    std::vector<std::string> createStatements; ///< CREATE TABLE ..., run before the data.
    std::vector<std::string> finishStatements; ///< Indexes, FKs, sequences, after the data.
    std::vector<TranslationIssue> issues;      ///< Everything not carried over as it was.

    /// True when some issue is a Warning or an Error (something would be lost).
    bool losesSomething() const;
};

/// Translate source schemas from one dialect to another (also same-dialect copies).
SchemaTranslation translateSchemas(const std::vector<TableSchema>& source, SqlDialect from,
                                   SqlDialect to);
/// CREATE TABLE for one schema already in the target dialect (SQLite keeps its FKs inline,
/// because SQLite cannot add them later; they are not enforced while loading).
std::vector<std::string> createStatementsFor(const TableSchema& table, SqlDialect dialect);
/// Statements run after the data: indexes, FKs (PostgreSQL), identity sequences.
std::vector<std::string> finishStatementsFor(const TableSchema& table, SqlDialect dialect);
/// Tables ordered so that referenced tables come before the tables referencing them.
std::vector<TableSchema> dependencyOrder(std::vector<TableSchema> tables);
/// "info", "warning" or "error".
std::string_view toString(IssueSeverity severity);
/// "sqlite" or "postgresql".
std::string_view toString(SqlDialect dialect);

} // namespace ferry::engine
