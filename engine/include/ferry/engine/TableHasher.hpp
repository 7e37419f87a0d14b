#pragma once

#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/TableConnector.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ferry::engine {

/// SHA-256 of rows in primary-key order with a canonical encoding, so that the same logical data
/// gives the same digest on SQLite and on PostgreSQL: integers as decimal, doubles in shortest
/// round-trip form (5.0 -> "5"), text as UTF-8, blobs as bytes, booleans as 0/1; every row and
/// every field is length-prefixed and null is distinct from an empty value.
class TableHasher {
public:
    /// Start an empty digest.
    TableHasher();
    /// Add one row.
    void addRow(const TableRow& row);
    /// Rows added since the start (or the last finishHex()).
    std::uint64_t rows() const { return m_rows; }
    /// The lower-case hex SHA-256 of the rows added; the hasher starts over afterwards.
    std::string finishHex();
    /// The canonical bytes of one cell (without its length prefix); empty for null.
    static std::string canonical(const CellValue& cell);

private:
    ContentHasher m_hasher;
    std::uint64_t m_rows = 0;
};

/// Keys bounding a range of rows of the source (both inclusive), and their ordinals.
struct KeyRange {
    RowKey first;               ///< Key of the first row of the range (source side).
    RowKey last;                ///< Key of the last row of the range (source side).
    std::uint64_t firstRow = 0; ///< 0-based ordinal of the first row in key order.
    std::uint64_t lastRow = 0;  ///< 0-based ordinal of the last row in key order.
};

/// Result of comparing one table at source and target.
struct TableVerification {
    std::string table;                       ///< Table compared.
    std::uint64_t sourceRows = 0;            ///< Rows read at the source.
    std::uint64_t targetRows = 0;            ///< Rows read at the target.
    std::string sourceHash;                  ///< Canonical SHA-256 at the source.
    std::string targetHash;                  ///< Canonical SHA-256 at the target.
    bool match = false;                      ///< Same rows, same hash.
    std::optional<KeyRange> firstDifference; ///< First chunk whose hashes differ.
    std::string describe() const;            ///< One line for logs and reports.
};

/// The canonical SHA-256 and row count of a whole table.
model::Result<std::pair<std::string, std::uint64_t>>
hashTable(TableConnector& connector, const std::string& table, std::size_t chunkRows = 10'000);
/// Read a table at both ends in chunks of chunkRows, compare the per-chunk hashes and name the
/// first chunk that differs by its key range at the source.
model::Result<TableVerification> verifyTable(TableConnector& source, TableConnector& target,
                                             const std::string& table,
                                             std::size_t chunkRows = 10'000);

} // namespace ferry::engine
