// Copies every table of one database into another with copyDatabase, then compares each table at
// both ends with verifyTable, and prints the figures as one JSON object: the program behind
// tests/bench/run-table-copy-bench.sh.
// Usage: table_copy_driver SRC_URI DST_URI [--chunk-rows N] [--verify-chunk-rows N]
//        [--no-verify | --verify-only]
// --verify-only compares a target some other tool loaded, table by table, without copying.
// Exit status: 0 when every table matches (or verification is off), 1 on an error or a
// mismatch, 2 on bad arguments.
#include <ferry/engine/TableCopy.hpp>
#include <ferry/engine/TableHasher.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

int usage() {
    std::fprintf(stderr, "usage: table_copy_driver SRC_URI DST_URI [--chunk-rows N] "
                         "[--verify-chunk-rows N] [--no-verify | --verify-only]\n");
    return 2;
}

bool parseCount(const char* text, std::size_t& out) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (end == text || *end != '\0' || value == 0)
        return false;
    out = static_cast<std::size_t>(value);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    using namespace ferry::engine;
    if (argc < 3)
        return usage();
    const std::string sourceUri = argv[1];
    const std::string targetUri = argv[2];
    DatabaseCopyOptions copyOptions;
    std::size_t verifyChunkRows = 10'000;
    bool verify = true;
    bool copy = true;
    for (int i = 3; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--no-verify") {
            verify = false;
        } else if (arg == "--verify-only") {
            copy = false;
        } else if (arg == "--chunk-rows" && i + 1 < argc) {
            if (!parseCount(argv[++i], copyOptions.chunkRows))
                return usage();
        } else if (arg == "--verify-chunk-rows" && i + 1 < argc) {
            if (!parseCount(argv[++i], verifyChunkRows))
                return usage();
        } else {
            return usage();
        }
    }

    if (!copy && !verify)
        return usage();
    auto source = openTableConnector(sourceUri, false);
    if (!source) {
        std::fprintf(stderr, "table_copy_driver: source: %s\n", source.error().toString().c_str());
        return 1;
    }
    auto target = openTableConnector(targetUri, true);
    if (!target) {
        std::fprintf(stderr, "table_copy_driver: target: %s\n", target.error().toString().c_str());
        return 1;
    }

    const auto copyStart = Clock::now();
    nlohmann::json out;
    std::vector<std::string> tables;
    if (copy) {
        auto copied = copyDatabase(**source, **target, copyOptions);
        const double copySeconds = secondsSince(copyStart);
        if (!copied) {
            std::fprintf(stderr, "table_copy_driver: copy: %s\n",
                         copied.error().toString().c_str());
            return 1;
        }
        out["chunk_rows"] = copyOptions.chunkRows;
        out["copy_seconds"] = copySeconds;
        std::uint64_t totalRows = 0;
        for (const auto& [table, rows] : copied->rows) {
            out["tables"][table]["rows"] = rows;
            totalRows += rows;
        }
        out["rows"] = totalRows;
        out["copy_rows_per_s"] = copySeconds > 0 ? double(totalRows) / copySeconds : 0.0;
        for (const auto& issue : copied->translation.issues)
            out["issues"].push_back(std::string(toString(issue.severity)) + ": " + issue.table +
                                    "." + issue.column + ": " + issue.what);
        for (const auto& table : copied->translation.tables)
            tables.push_back(table.name);
    } else {
        auto listed = (*source)->listTables();
        if (!listed) {
            std::fprintf(stderr, "table_copy_driver: %s\n", listed.error().toString().c_str());
            return 1;
        }
        tables = std::move(listed).value();
    }

    bool allMatch = true;
    if (verify) {
        const auto verifyStart = Clock::now();
        for (const auto& name : tables) {
            auto checked = verifyTable(**source, **target, name, verifyChunkRows);
            if (!checked) {
                std::fprintf(stderr, "table_copy_driver: verify %s: %s\n", name.c_str(),
                             checked.error().toString().c_str());
                return 1;
            }
            auto& entry = out["tables"][name];
            entry["source_rows"] = checked->sourceRows;
            entry["target_rows"] = checked->targetRows;
            entry["hash"] = checked->targetHash;
            entry["match"] = checked->match;
            if (!checked->match) {
                allMatch = false;
                std::fprintf(stderr, "table_copy_driver: %s\n", checked->describe().c_str());
            }
        }
        out["verify_seconds"] = secondsSince(verifyStart);
    }
    out["verified"] = verify;
    out["match"] = verify ? nlohmann::json(allMatch) : nlohmann::json(nullptr);
    out["total_seconds"] = secondsSince(copyStart);
    std::printf("%s\n", out.dump().c_str());
    return allMatch ? 0 : 1;
}
