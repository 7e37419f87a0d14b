#pragma once

#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::model {

/// A Workload field a CSV column can fill. Size and memory fields name the column's unit and are
/// converted exactly to GB (10^9 bytes); Region and Provider describe sites the import creates;
/// Os, Cluster, Host, PowerState and Application become tags such as "os:<value>".
enum class InventoryField {
    Id,
    Name,
    Kind,
    Site,
    SizeGb,
    SizeMb,
    SizeMib,
    ChangeRateGbPerDay,
    Vcpu,
    MemoryGb,
    MemoryMb,
    MonthlyCost,
    Criticality,
    Owner,
    Tags,
    Endpoint,
    Region,
    Provider,
    Ignore,
    SizeKib,
    SizeGib,
    MemoryMib,
    MemoryKib,
    Os,
    Cluster,
    Host,
    PowerState,
    Application
};

/// Stable spelling of a field ("size_gb", "memory_mib", "ignore"...), for --map and the dialog.
std::string_view toString(InventoryField field);
/// Parse the stable spelling; nullopt when unknown.
std::optional<InventoryField> inventoryFieldFromString(std::string_view text);

/// How the columns of one kind of CSV export become workloads.
struct InventoryPreset {
    std::string name;        ///< "generic", "rvtools", "aws-ads".
    std::string description; ///< One line for --help and the import dialog.
    /// Header text (compared case-insensitively, trimmed) -> field.
    std::vector<std::pair<std::string, InventoryField>> columns;
    std::string defaultKind = "vm"; ///< Kind for rows without a kind column.
};

/// The built-in presets, in display order.
const std::vector<InventoryPreset>& inventoryPresets();
/// A preset by name, or nullptr.
const InventoryPreset* findInventoryPreset(std::string_view name);

/// One problem with one row.
struct ImportRowError {
    std::size_t line = 0; ///< 1-based physical line where the record starts.
    std::string column;   ///< Header of the offending column ("" for record-level problems).
    std::string value;    ///< The offending value, cut to 200 bytes.
    std::string reason;   ///< What is wrong.
};

/// Options for one import.
struct InventoryImportOptions {
    const InventoryPreset* preset = nullptr;               ///< Defaults to "generic".
    std::map<std::string, InventoryField> columnOverrides; ///< header -> field, beats the preset.
    std::string defaultSite = "source";                    ///< Site for rows with no site column.
    bool skipBadRows = false;          ///< Import the good rows and report the bad ones.
    std::size_t maxErrors = 1000;      ///< Stop listing errors after this many (counting goes on).
    std::size_t maxRowBytes = 1 << 20; ///< A record longer than this is an error, not a crash.
    /// Called every ~64 KiB read with bytes read so far; return false to cancel.
    std::function<bool(std::uint64_t bytesRead)> progress;
};

/// What an import did.
struct InventoryImportReport {
    std::size_t rowsRead = 0;                 ///< Data records seen.
    std::size_t rowsImported = 0;             ///< Workloads added.
    std::size_t rowsRejected = 0;             ///< Records with at least one error.
    std::vector<ImportRowError> errors;       ///< First maxErrors problems.
    std::vector<std::string> unmappedColumns; ///< Headers that no field took.
    std::vector<std::string> sitesCreated;    ///< Site ids added because rows named them.
};

/// Streaming CSV inventory import (RFC 4180, UTF-8 with or without BOM, CRLF or LF). The input is
/// read once in chunks; memory holds one record at a time plus the workloads made so far.
class InventoryImport {
public:
    /// Import into data; all-or-nothing unless options.skipBadRows. On refusal data is unchanged
    /// and the Error's message summarises the report, which is returned through report.
    static Result<void> importStream(std::istream& in, const std::string& sourceName,
                                     ProjectData& data, const InventoryImportOptions& options,
                                     InventoryImportReport& report);
    /// Same, from a file.
    static Result<void> importFile(const std::filesystem::path& path, ProjectData& data,
                                   const InventoryImportOptions& options,
                                   InventoryImportReport& report);
    /// The header and first rows of a file, for a preview; rows are cut to maxRows.
    static Result<std::vector<std::vector<std::string>>> preview(const std::filesystem::path& path,
                                                                 std::size_t maxRows);
};

} // namespace ferry::model
