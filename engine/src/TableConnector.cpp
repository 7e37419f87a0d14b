#include <ferry/engine/PostgresTableConnector.hpp>
#include <ferry/engine/SqliteTableConnector.hpp>
#include <ferry/engine/TableConnector.hpp>

#include <algorithm>
#include <charconv>
#include <utility>

namespace ferry::engine {

std::vector<std::string> TableSchema::primaryKey() const {
    std::vector<std::pair<int, std::string>> key;
    for (const auto& column : columns)
        if (column.primaryKeyPosition > 0)
            key.emplace_back(column.primaryKeyPosition, column.name);
    std::sort(key.begin(), key.end());
    std::vector<std::string> out;
    for (auto& [position, name] : key)
        out.push_back(std::move(name));
    return out;
}

int TableSchema::columnIndex(std::string_view column) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == column)
            return static_cast<int>(i);
    return -1;
}

std::string quoteIdentifier(std::string_view name) {
    std::string out = "\"";
    for (const char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<std::string> tableFilter(const Uri& uri) {
    std::vector<std::string> out;
    const std::string text = uri.param("tables");
    std::string_view list = text;
    while (!list.empty()) {
        const auto comma = list.find(',');
        std::string_view name = list.substr(0, comma);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (!name.empty())
            out.emplace_back(name);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return out;
}

std::string keyToString(const RowKey& key) {
    std::string out = "(";
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i > 0)
            out += ", ";
        const auto& cell = key[i];
        if (std::holds_alternative<std::monostate>(cell)) {
            out += "NULL";
        } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
            out += std::to_string(*n);
        } else if (const auto* d = std::get_if<double>(&cell)) {
            char buffer[32];
            const auto end = std::to_chars(buffer, buffer + sizeof buffer, *d).ptr;
            out.append(buffer, end);
        } else if (const auto* s = std::get_if<std::string>(&cell)) {
            out += "'" + *s + "'";
        } else {
            out += "<" + std::to_string(std::get<Blob>(cell).bytes.size()) + " bytes>";
        }
    }
    return out + ")";
}

model::Result<std::unique_ptr<TableConnector>> openTableConnector(const Uri& uri, bool asTarget) {
    if (uri.scheme == "sqlite") {
        auto opened = SqliteTableConnector::open(uri, asTarget);
        if (!opened)
            return opened.error();
        return std::unique_ptr<TableConnector>(std::move(opened).value());
    }
    if (uri.scheme == "postgresql" || uri.scheme == "postgres") {
        auto opened = PostgresTableConnector::open(uri, asTarget);
        if (!opened)
            return opened.error();
        return std::unique_ptr<TableConnector>(std::move(opened).value());
    }
    return model::Error{"uri.scheme",
                        "The address '" + uri.toString() +
                            "' is not a database; use sqlite:///abs/path.sqlite or "
                            "postgresql://user@host:port/db.",
                        uri.toString()};
}

model::Result<std::unique_ptr<TableConnector>>
openTableConnector(std::string_view text, bool asTarget, std::string_view projectDir) {
    auto uri = Uri::parse(text, projectDir);
    if (!uri)
        return uri.error();
    return openTableConnector(*uri, asTarget);
}

} // namespace ferry::engine
