// EngineBridge: a real run between local folders on the engine's threads, seen by the UI thread
// as queued snapshots (at most one per 100 ms timer tick), with pause, resume and cancel.
#include <ferry/ui/EngineBridge.hpp>

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QSignalSpy>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace ferry;
namespace fs = std::filesystem;

namespace {

struct Folders {
    fs::path root;
    explicit Folders(int files, std::size_t bytes) {
        std::string pattern = (fs::temp_directory_path() / "ferry-bridge-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
        fs::create_directories(root / "src" / "sub");
        for (int i = 0; i < files; ++i) {
            std::ofstream out(root / "src" / (i % 2 ? "sub" : ".") / ("f" + std::to_string(i)),
                              std::ios::binary);
            std::string data(bytes, static_cast<char>('a' + i % 26));
            out << data << i;
        }
    }
    ~Folders() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    std::string uri(const char* name) const { return "file://" + (root / name).string(); }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("the engine bridge runs a copy off the UI thread and reports it in snapshots",
          "[ui][run]") {
    Folders folders(300, 2000);
    ui::EngineBridge bridge;
    std::set<std::int64_t> tasks;
    std::uint64_t lastBytes = 0;
    std::size_t samples = 0;
    QStringList log;
    QObject::connect(&bridge, &ui::EngineBridge::updated, [&](const ui::RunSnapshot& s) {
        for (const auto& row : s.changedTasks)
            tasks.insert(row.taskId);
        lastBytes = s.bytesDone;
        samples += s.samples.size();
        for (const auto& line : s.logLines)
            log << line;
    });
    QSignalSpy finished(&bridge, &ui::EngineBridge::finished);
    engine::RunOptions options;
    options.parallel = 4;
    engine::RunContext context;
    context.journalPath = folders.root / "run.journal";
    QElapsedTimer clock;
    clock.start();
    REQUIRE(bridge.start({{folders.uri("src"), folders.uri("dst"), "", 1, ""}}, options, context));
    CHECK(bridge.isRunning());
    REQUIRE(finished.wait(120000));
    const double seconds = clock.elapsed() / 1000.0;
    CHECK(finished.at(0).at(0).toString() == "finished");
    CHECK(finished.at(0).at(1).toString().isEmpty());
    REQUIRE(bridge.summary());
    CHECK(bridge.summary()->objectsVerified == 300);
    CHECK(tasks.size() == 300);
    CHECK(lastBytes == bridge.summary()->bytesTotal);
    CHECK(samples >= 1);
    CHECK(log.join('\n').contains("finished"));
    // By construction one snapshot per 100 ms tick at most (plus the closing one).
    CHECK(bridge.updatesPublished() <= static_cast<int>(seconds * 10) + 2);
    for (int i = 0; i < 300; ++i) {
        const fs::path rel = fs::path(i % 2 ? "sub" : ".") / ("f" + std::to_string(i));
        REQUIRE(slurp(folders.root / "dst" / rel) == slurp(folders.root / "src" / rel));
    }
}

TEST_CASE("a bridged run pauses, resumes and cancels, and resumes from its journal", "[ui][run]") {
    Folders folders(40, 64 * 1024);
    ui::EngineBridge bridge;
    QString lastState;
    QObject::connect(&bridge, &ui::EngineBridge::updated,
                     [&](const ui::RunSnapshot& s) { lastState = s.state; });
    QSignalSpy updates(&bridge, &ui::EngineBridge::updated);
    QSignalSpy finished(&bridge, &ui::EngineBridge::finished);
    engine::RunOptions options;
    options.parallel = 2;
    options.bandwidthLimit = 256 * 1024; // 2.5 MiB at 256 KiB/s: about ten seconds
    engine::RunContext context;
    context.journalPath = folders.root / "run.journal";
    REQUIRE(bridge.start({{folders.uri("src"), folders.uri("dst"), "", 1, ""}}, options, context));
    REQUIRE(updates.wait(10000));
    bridge.pause();
    for (int i = 0; i < 40 && lastState != "paused"; ++i)
        updates.wait(250);
    CHECK(lastState == "paused");
    bridge.resume();
    for (int i = 0; i < 40 && lastState != "running" && lastState != "resumed"; ++i)
        updates.wait(250);
    CHECK((lastState == "running" || lastState == "resumed"));
    bridge.cancel();
    REQUIRE(finished.wait(20000));
    CHECK(finished.at(0).at(0).toString() == "cancelled");
    REQUIRE(bridge.summary());
    CHECK(bridge.summary()->objectsPending > 0);

    // The journal finishes the job, at full speed.
    engine::RunOptions fast = options;
    fast.bandwidthLimit = 0;
    REQUIRE(bridge.resumeJournal(QString::fromStdString((folders.root / "run.journal").string()),
                                 fast));
    REQUIRE(finished.wait(60000));
    CHECK(finished.at(1).at(0).toString() == "finished");
    for (int i = 0; i < 40; ++i) {
        const fs::path rel = fs::path(i % 2 ? "sub" : ".") / ("f" + std::to_string(i));
        REQUIRE(slurp(folders.root / "dst" / rel) == slurp(folders.root / "src" / rel));
    }
}
