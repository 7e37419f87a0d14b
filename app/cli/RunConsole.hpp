#pragma once

#include "CliContext.hpp"

#include <ferry/engine/Run.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace ferry::cli {

/// Options the run commands (copy, run, resume) share.
struct RunCommandOptions {
    int parallel = 4;                    ///< --parallel N
    bool checksum = false;               ///< --checksum
    std::string bwlimit;                 ///< --bwlimit RATE, as typed
    bool dryRun = false;                 ///< --dry-run
    std::string journal;                 ///< --journal FILE
    bool jsonEvents = false;             ///< --json-events
    std::size_t tableChunkRows = 50'000; ///< --table-chunk-rows N (database pairs)
};

/// Add --parallel, --checksum, --bwlimit, --dry-run, --journal and --json-events to a command
/// (resume takes only parallel, bwlimit and json-events: withPlanOptions = false).
void addRunOptions(CLI::App& command, RunCommandOptions& options, bool withPlanOptions = true);

/// Parse a bandwidth like "2M", "512k", "10MiB/s", "1.5G" or "1000000" into bytes per second
/// (k, M, G, T are powers of 1024, as rclone reads them); "0" or "off" is unlimited.
model::Result<std::uint64_t> parseBandwidth(const std::string& text);

/// A connector URI from a command-line word: a URI as is, a plain path as an absolute file://.
std::string uriFromArgument(const std::string& word);

/// Engine options from the command line (validated): parallel 1..256 and a bandwidth.
model::Result<engine::RunOptions> engineOptions(const RunCommandOptions& options);

/// The folder for ad-hoc copies' journals: $XDG_STATE_HOME/ferry/runs or ~/.local/state/ferry/runs.
std::filesystem::path defaultCopyJournalFolder();
/// The journal folder next to a project: "<folder>/<project name without extension>.runs".
std::filesystem::path projectJournalFolder(const std::filesystem::path& project);

/// Run to the end with a progress bar on a terminal (or JSON lines with --json-events), SIGINT
/// cancelling cleanly; prints the summary (human or --json) and returns the exit status:
/// 0 everything verified or skipped, 1 failed objects or cancelled, 2 bad input.
ExitStatus executeRun(CliContext& context, engine::Run& run, const RunCommandOptions& options,
                      const std::string& command);

} // namespace ferry::cli
