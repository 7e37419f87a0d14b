#include <ferry/engine/TableHasher.hpp>

#include <charconv>
#include <cmath>

namespace ferry::engine {
namespace {

using model::Error;
using model::Result;

void appendLength(std::string& out, std::uint64_t length) {
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
}

RowKey keyOf(const TableSchema& schema, const TableRow& row) {
    RowKey key;
    for (const auto& name : schema.primaryKey())
        key.push_back(row[static_cast<std::size_t>(schema.columnIndex(name))]);
    return key;
}

} // namespace

TableHasher::TableHasher() : m_hasher(HashKind::Sha256) {}

std::string TableHasher::canonical(const CellValue& cell) {
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
    if (const auto* b = std::get_if<Blob>(&cell))
        return b->bytes;
    return {};
}

void TableHasher::addRow(const TableRow& row) {
    std::string encoded = "R";
    appendLength(encoded, row.size());
    for (const auto& cell : row) {
        if (std::holds_alternative<std::monostate>(cell)) {
            encoded.push_back('N');
            continue;
        }
        const std::string bytes = canonical(cell);
        encoded.push_back('V');
        appendLength(encoded, bytes.size());
        encoded += bytes;
    }
    m_hasher.update(std::as_bytes(std::span(encoded.data(), encoded.size())));
    ++m_rows;
}

std::string TableHasher::finishHex() {
    m_rows = 0;
    return m_hasher.finishHex();
}

std::string TableVerification::describe() const {
    std::string out = table + ": " + std::to_string(sourceRows) + " rows at the source, " +
                      std::to_string(targetRows) + " at the target, ";
    if (match)
        return out + "same content (sha256 " + sourceHash + ")";
    out += "content differs";
    if (firstDifference)
        out += " first in the rows " + keyToString(firstDifference->first) + " to " +
               keyToString(firstDifference->last) + " (rows " +
               std::to_string(firstDifference->firstRow + 1) + " to " +
               std::to_string(firstDifference->lastRow + 1) + " in key order)";
    return out;
}

Result<std::pair<std::string, std::uint64_t>>
hashTable(TableConnector& connector, const std::string& table, std::size_t chunkRows) {
    TableHasher hasher;
    RowKey after;
    while (true) {
        auto chunk = connector.readChunk(table, after, chunkRows);
        if (!chunk)
            return chunk.error();
        if (chunk->rows.empty())
            break;
        for (const auto& row : chunk->rows)
            hasher.addRow(row);
        after = chunk->lastKey;
    }
    const auto rows = hasher.rows();
    return std::pair{hasher.finishHex(), rows};
}

Result<TableVerification> verifyTable(TableConnector& source, TableConnector& target,
                                      const std::string& table, std::size_t chunkRows) {
    auto sourceSchema = source.schema(table);
    if (!sourceSchema)
        return sourceSchema.error();
    auto targetSchema = target.schema(table);
    if (!targetSchema)
        return targetSchema.error();
    TableVerification result;
    result.table = table;
    TableHasher sourceAll;
    TableHasher targetAll;
    RowKey sourceAfter;
    RowKey targetAfter;
    bool sourceDone = false;
    bool targetDone = false;
    std::uint64_t ordinal = 0;
    while (!sourceDone || !targetDone) {
        TableChunk sourceChunk;
        TableChunk targetChunk;
        if (!sourceDone) {
            auto read = source.readChunk(table, sourceAfter, chunkRows);
            if (!read)
                return read.error();
            sourceChunk = std::move(read).value();
            sourceDone = sourceChunk.rows.empty();
            sourceAfter = sourceChunk.lastKey;
        }
        if (!targetDone) {
            auto read = target.readChunk(table, targetAfter, chunkRows);
            if (!read)
                return read.error();
            targetChunk = std::move(read).value();
            targetDone = targetChunk.rows.empty();
            targetAfter = targetChunk.lastKey;
        }
        TableHasher sourcePart;
        TableHasher targetPart;
        for (const auto& row : sourceChunk.rows) {
            sourceAll.addRow(row);
            sourcePart.addRow(row);
        }
        for (const auto& row : targetChunk.rows) {
            targetAll.addRow(row);
            targetPart.addRow(row);
        }
        const std::size_t count = std::max(sourceChunk.rows.size(), targetChunk.rows.size());
        if (!result.firstDifference && count > 0 &&
            (sourcePart.rows() != targetPart.rows() ||
             sourcePart.finishHex() != targetPart.finishHex())) {
            const bool fromSource = !sourceChunk.rows.empty();
            const auto& rows = fromSource ? sourceChunk.rows : targetChunk.rows;
            const auto& schema = fromSource ? *sourceSchema : *targetSchema;
            KeyRange range;
            range.first = keyOf(schema, rows.front());
            range.last = keyOf(schema, rows.back());
            range.firstRow = ordinal;
            range.lastRow = ordinal + rows.size() - 1;
            result.firstDifference = std::move(range);
        }
        ordinal += count;
    }
    result.sourceRows = sourceAll.rows();
    result.targetRows = targetAll.rows();
    result.sourceHash = sourceAll.finishHex();
    result.targetHash = targetAll.finishHex();
    result.match = result.sourceRows == result.targetRows && result.sourceHash == result.targetHash;
    return result;
}

} // namespace ferry::engine
