#include "RunConsole.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

namespace ferry::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
    g_interrupted.store(true);
    // A second Ctrl-C stops at once.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

std::string humanBytes(double bytes) {
    static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
    return text;
}

std::string humanDuration(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds))
        return "--:--";
    const auto total = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60,
                      total % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    return text;
}

std::string progressLine(const engine::RunEvent& e) {
    const double fraction =
        e.total > 0
            ? std::min(1.0, static_cast<double>(e.bytes) / static_cast<double>(e.total))
            : (e.objectsTotal > 0
                   ? static_cast<double>(e.objectsDone) / static_cast<double>(e.objectsTotal)
                   : 0.0);
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                      std::string(static_cast<std::size_t>(kWidth - filled), '.') + "]";
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3.0f%%", fraction * 100);
    std::string line = bar + " " + percent + "  " + humanBytes(static_cast<double>(e.bytes)) +
                       " / " + humanBytes(static_cast<double>(e.total)) + "  " +
                       humanBytes(e.bytesPerSecond) + "/s  ETA " + humanDuration(e.etaSeconds) +
                       "  " + std::to_string(e.objectsDone) + "/" + std::to_string(e.objectsTotal) +
                       " objects";
    if (e.state == "paused")
        line += "  (paused)";
    return line;
}

void printSummary(CliOutput& output, const engine::RunSummary& s) {
    std::ostream& out = output.out();
    if (s.dryRun) {
        out << "Dry run: " << s.objectsPending << " objects ("
            << humanBytes(static_cast<double>(s.bytesTotal)) << ", " << s.bytesTotal
            << " bytes) would be copied; " << s.objectsSkipped
            << " already identical; nothing was written.\n";
        TextTable table(
            {"WAVE", "WORKLOAD", "SOURCE", "TARGET", "TO COPY", "BYTES", "TIME", "EGRESS", "NOTE"});
        for (const auto& p : s.pairs) {
            char egress[64] = "";
            if (p.estimate.egressCost >= 0)
                std::snprintf(egress, sizeof egress, "%.2f %s", p.estimate.egressCost,
                              p.estimate.currency.c_str());
            table.addRow({std::to_string(p.pair.wave), p.pair.workload, p.pair.source,
                          p.pair.target, std::to_string(p.toCopy),
                          humanBytes(static_cast<double>(p.bytesToCopy)),
                          p.estimate.seconds >= 0 ? humanDuration(p.estimate.seconds) : "?",
                          egress[0] ? egress : "?", p.note.empty() ? p.estimate.basis : p.note});
        }
        table.print(out);
        if (s.estimate.seconds >= 0) {
            char cost[64];
            std::snprintf(cost, sizeof cost, "%.2f %s", s.estimate.egressCost,
                          s.estimate.currency.c_str());
            out << "Estimated transfer time " << humanDuration(s.estimate.seconds)
                << ", egress cost " << cost << ".\n";
        } else {
            out << "Estimated transfer time and egress cost: unknown (" << s.estimate.basis
                << ").\n";
        }
        for (const auto& p : s.planned)
            out << "  would copy " << (p.workload.empty() ? "" : p.workload + ": ") << p.key << " ("
                << p.size << " bytes, " << p.reason << ")\n";
        return;
    }
    out << "Run " << s.runId << " " << s.state << ": " << s.objectsVerified << " verified, "
        << s.objectsSkipped << " skipped (identical), " << s.objectsFailed << " failed, "
        << s.objectsPending << " pending; " << humanBytes(static_cast<double>(s.bytesCopied))
        << " copied in " << humanDuration(s.seconds) << ".\n";
    for (const auto& p : s.pairs)
        if (p.state == "skipped" || p.state == "failed")
            out << "  " << (p.pair.workload.empty() ? p.pair.source : p.pair.workload) << ": "
                << singleLine(p.note) << "\n";
    for (const auto& f : s.failures)
        if (!f.key.empty())
            out << "  failed " << (f.workload.empty() ? "" : f.workload + ": ") << f.key << ": "
                << singleLine(f.message) << "\n";
    out << "Journal: " << s.journal.string() << "\n";
    if (s.state == "cancelled" || s.objectsPending > 0 || s.objectsFailed > 0)
        out << "Continue with: ferry-cli resume " << s.journal.string() << "\n";
}

} // namespace

void addRunOptions(CLI::App& command, RunCommandOptions& options, bool withPlanOptions) {
    command.add_option("--parallel", options.parallel, "Objects copied at once (default 4)")
        ->check(CLI::Range(1, 256));
    command.add_option("--bwlimit", options.bwlimit,
                       "Bandwidth limit in bytes/s, e.g. 10M or 512k (powers of 1024)");
    command.add_flag("--json-events", options.jsonEvents,
                     "Write every run event as one JSON object per line on stdout");
    if (!withPlanOptions)
        return;
    command.add_flag("--checksum", options.checksum,
                     "Compare content hashes to find identical objects (default: size and time)");
    command.add_flag("--dry-run", options.dryRun,
                     "List what would be copied with estimated time and egress; write nothing");
    command.add_option("--journal", options.journal, "Run journal to create");
    command
        .add_option("--table-chunk-rows", options.tableChunkRows,
                    "Rows per chunk when copying database tables (default 50000); each chunk "
                    "is committed at the target and recorded in the journal")
        ->check(CLI::Range(1, 100'000'000));
}

model::Result<std::uint64_t> parseBandwidth(const std::string& text) {
    std::string t = text;
    if (t == "off" || t == "0" || t.empty())
        return std::uint64_t{0};
    if (t.ends_with("/s"))
        t.resize(t.size() - 2);
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(t, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    std::string unit = t.substr(used);
    if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b'))
        unit.pop_back();
    if (!unit.empty() && unit.back() == 'i')
        unit.pop_back();
    double factor = 0;
    if (unit.empty())
        factor = 1;
    else if (unit == "k" || unit == "K")
        factor = 1024.0;
    else if (unit == "m" || unit == "M")
        factor = 1024.0 * 1024;
    else if (unit == "g" || unit == "G")
        factor = 1024.0 * 1024 * 1024;
    else if (unit == "t" || unit == "T")
        factor = 1024.0 * 1024 * 1024 * 1024;
    if (used == 0 || factor == 0 || !(value >= 0) || !std::isfinite(value * factor))
        return model::Error{"usage.bwlimit",
                            "the bandwidth limit is not a rate; write bytes per second like 10M, "
                            "512k or 1048576",
                            text};
    return static_cast<std::uint64_t>(value * factor);
}

std::string uriFromArgument(const std::string& word) {
    if (word.find("://") != std::string::npos)
        return word;
    std::error_code ec;
    std::filesystem::path path = std::filesystem::absolute(word, ec);
    if (ec)
        path = word;
    std::string text = path.lexically_normal().string();
    while (text.size() > 1 && text.ends_with('/'))
        text.pop_back();
    return "file://" + text;
}

model::Result<engine::RunOptions> engineOptions(const RunCommandOptions& options) {
    engine::RunOptions o;
    o.parallel = options.parallel;
    o.checksum = options.checksum;
    o.dryRun = options.dryRun;
    o.tableChunkRows = options.tableChunkRows;
    auto rate = parseBandwidth(options.bwlimit);
    if (!rate)
        return rate.error();
    o.bandwidthLimit = *rate;
    return o;
}

std::filesystem::path defaultCopyJournalFolder() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::filesystem::path(state) / "ferry" / "runs";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "state" / "ferry" / "runs";
    return std::filesystem::temp_directory_path() / "ferry-runs";
}

std::filesystem::path projectJournalFolder(const std::filesystem::path& project) {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(project, ec);
    if (ec)
        absolute = project;
    return absolute.parent_path() / (absolute.stem().string() + ".runs");
}

ExitStatus executeRun(CliContext& context, engine::Run& run, const RunCommandOptions& options,
                      const std::string& command) {
    CliOutput& output = context.output;
    std::mutex outMutex;
    int subscription = 0;
    if (options.jsonEvents) {
        subscription = run.events().subscribe([&](const engine::RunEvent& e) {
            const std::string line =
                e.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            std::lock_guard lock(outMutex);
            output.out() << line << '\n';
            output.out().flush();
        });
    } else if (!output.json()) {
        auto lastDraw = std::make_shared<std::chrono::steady_clock::time_point>();
        subscription =
            run.events().subscribe([&output, &outMutex, lastDraw](const engine::RunEvent& e) {
                // One line per transformed object: what its transforms did.
                if (e.type == engine::RunEventType::TaskState && e.state == "verified" &&
                    !e.message.empty()) {
                    std::lock_guard lock(outMutex);
                    output.clearProgress();
                    output.out() << e.message << '\n';
                    output.out().flush();
                    return;
                }
                if (e.type != engine::RunEventType::Throughput || !output.canShowProgress())
                    return;
                const auto now = std::chrono::steady_clock::now();
                if (now - *lastDraw < std::chrono::milliseconds(100))
                    return; // at most 10 redraws a second
                *lastDraw = now;
                output.showProgress(progressLine(e));
            });
    }

    g_interrupted = false;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    struct sigaction oldInt {
    }, oldTerm{};
    sigaction(SIGINT, &action, &oldInt);
    sigaction(SIGTERM, &action, &oldTerm);
    std::jthread watcher([&run](std::stop_token stop) {
        while (!stop.stop_requested()) {
            if (g_interrupted.load()) {
                run.cancel();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });

    auto summary = run.execute();

    watcher.request_stop();
    watcher.join();
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    if (subscription != 0)
        run.events().unsubscribe(subscription);
    output.clearProgress();

    if (!summary)
        return output.fail(ExitStatus::Failed, summary.error());
    const ExitStatus status = (summary->state == "finished" || summary->state == "dry-run")
                                  ? ExitStatus::Ok
                                  : ExitStatus::Failed;
    nlohmann::json document = summary->toJson();
    document["command"] = command;
    if (options.jsonEvents) {
        document["event"] = "summary";
        output.out() << document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                     << '\n';
        output.out().flush();
    } else if (output.json()) {
        output.printJson(document);
    } else {
        printSummary(output, *summary);
    }
    if (summary->state == "cancelled")
        std::cerr << "ferry-cli: " << summary->journal.string()
                  << ": the run was cancelled; continue it with 'ferry-cli resume "
                  << summary->journal.string() << "'\n";
    else if (status != ExitStatus::Ok)
        std::cerr << "ferry-cli: " << summary->journal.string() << ": "
                  << (summary->objectsFailed > 0
                          ? std::to_string(summary->objectsFailed) + " objects failed"
                          : std::string("the run did not finish"))
                  << "; fix the cause shown above and run 'ferry-cli resume "
                  << summary->journal.string() << "'\n";
    return status;
}

} // namespace ferry::cli
