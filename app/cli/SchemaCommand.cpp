#include "CommandRegistry.hpp"

#include <ferry/engine/TableCopy.hpp>

#include <filesystem>
#include <memory>

namespace ferry::cli {
namespace {

// "Finished with findings": the translation would lose something at the target.
constexpr auto kLosesSomething = static_cast<ExitStatus>(3);

struct SchemaOptions {
    std::string source;
    std::string target;
};

// A plain path is a SQLite file; anything with "://" is an address.
std::string asAddress(const std::string& text) {
    if (text.find("://") != std::string::npos)
        return text;
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(text, ec);
    return "sqlite://" + (ec ? text : absolute.lexically_normal().string());
}

model::Result<engine::SqlDialect> targetDialect(const std::string& text) {
    auto uri = engine::Uri::parse(asAddress(text));
    if (!uri)
        return uri.error();
    if (uri->scheme == "sqlite")
        return engine::SqlDialect::Sqlite;
    if (uri->scheme == "postgresql" || uri->scheme == "postgres")
        return engine::SqlDialect::Postgres;
    return model::Error{"uri.scheme",
                        "The target '" + uri->toString() +
                            "' is not a database; use sqlite:///abs/path.sqlite or "
                            "postgresql://user@host:port/db.",
                        "DST"};
}

ExitStatus runSchema(CliContext& context, const SchemaOptions& options) {
    auto& output = context.output;
    auto dialect = targetDialect(options.target);
    if (!dialect)
        return output.fail(ExitStatus::Usage, dialect.error());
    auto source = engine::openTableConnector(asAddress(options.source), false);
    if (!source) {
        const auto& code = source.error().code;
        const bool usage = code.starts_with("uri.") || code.starts_with("sqlite.no_such");
        return output.fail(usage ? ExitStatus::Usage : ExitStatus::Failed, source.error());
    }
    auto translation = engine::translateDatabase(*source.value(), *dialect);
    if (!translation)
        return output.fail(ExitStatus::Failed, translation.error());
    const bool loses = translation->losesSomething();
    const std::string sourceText = source.value()->uri().toString();

    if (output.json()) {
        nlohmann::json issues = nlohmann::json::array();
        for (const auto& issue : translation->issues)
            issues.push_back({{"table", issue.table},
                              {"column", issue.column},
                              {"severity", std::string(engine::toString(issue.severity))},
                              {"what", issue.what}});
        nlohmann::json tables = nlohmann::json::array();
        for (const auto& table : translation->tables)
            tables.push_back(table.name);
        output.printJson({{"command", "schema"},
                          {"source", sourceText},
                          {"target_dialect", std::string(engine::toString(*dialect))},
                          {"tables", std::move(tables)},
                          {"create", translation->createStatements},
                          {"after_data", translation->finishStatements},
                          {"issues", std::move(issues)},
                          {"loses_something", loses}});
    } else {
        auto& out = output.out();
        out << "-- " << sourceText << " translated for " << engine::toString(*dialect) << "\n";
        out << "-- Tables, created before the data:\n";
        for (const auto& sql : translation->createStatements)
            out << sql << ";\n";
        if (!translation->finishStatements.empty()) {
            out << "-- After the data (indexes, foreign keys, identity sequences):\n";
            for (const auto& sql : translation->finishStatements)
                out << sql << ";\n";
        }
        out << "\n";
        if (!translation->issues.empty()) {
            TextTable table({"SEVERITY", "TABLE", "COLUMN", "WHAT"});
            for (const auto& issue : translation->issues)
                table.addRow({std::string(engine::toString(issue.severity)), issue.table,
                              issue.column.empty() ? "-" : issue.column, singleLine(issue.what)});
            table.print(out);
            out << "\n";
        }
        out << translation->tables.size()
            << (translation->tables.size() == 1 ? " table, " : " tables, ")
            << translation->issues.size()
            << (translation->issues.size() == 1 ? " issue" : " issues")
            << (loses ? "; something would be lost at the target (see the warnings above)"
                      : "; nothing is lost")
            << "\n";
    }
    return loses ? kLosesSomething : ExitStatus::Ok;
}

} // namespace

void addSchemaCommand(CLI::App& app, CliContext& context) {
    auto options = std::make_shared<SchemaOptions>();
    CLI::App& command = addCommand(
        app, context, "schema",
        "Print the DDL a database's tables get at a target and what would be lost, moving no "
        "data; exits 3 when something would be lost",
        [&context, options] { return runSchema(context, *options); });
    command
        .add_option("SRC", options->source,
                    "Source database: sqlite:///abs/file.sqlite, a .sqlite path or "
                    "postgresql://user@host:port/db[?schema=s&tables=a,b]")
        ->required();
    command
        .add_option("DST", options->target,
                    "Target address (only its kind matters; nothing is written there)")
        ->required();
}

} // namespace ferry::cli
