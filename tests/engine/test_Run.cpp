#include "ConnectorConformance.hpp"

#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/FileConnector.hpp>
#include <ferry/engine/MemoryConnector.hpp>
#include <ferry/engine/Run.hpp>

#include <catch2/catch.hpp>

#include <sys/mount.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <thread>

using namespace ferry::engine;
using ferry::engine::test::getObject;
using ferry::engine::test::listKeys;
using ferry::engine::test::putObject;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

fs::path freshDir(const std::string& name) {
    std::string pattern = (fs::temp_directory_path() / ("ferry-run-" + name + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

std::unique_ptr<Connector> openUri(const std::string& uri) {
    auto c = ConnectorRegistry::withBuiltins().open(uri);
    INFO(uri << ": " << (c ? std::string() : c.error().toString()));
    REQUIRE(c.ok());
    return std::move(*c);
}

std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::string out(size, '\0');
    for (auto& c : out)
        c = static_cast<char>(rng());
    return out;
}

/// A store and a journal for one test, cleaned up afterwards.
struct Fixture {
    explicit Fixture(const std::string& name)
        : dir(freshDir(name)), source("run-" + name + "-src"), target("run-" + name + "-dst") {
        MemoryConnector::resetStore(source);
        MemoryConnector::resetStore(target);
    }
    ~Fixture() {
        MemoryConnector::resetStore(source);
        MemoryConnector::resetStore(target);
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string sourceUri() const { return "memory://" + source; }
    std::string targetUri() const { return "memory://" + target; }
    RunContext context(const std::string& journal = "r.journal") const {
        RunContext c;
        c.registry = &registry;
        c.journalPath = dir / journal;
        return c;
    }
    std::unique_ptr<Run> makeRun(RunOptions options = {},
                                 const std::string& journal = "r.journal") {
        auto run = Run::create({{sourceUri(), targetUri(), "", 1, ""}}, options, context(journal));
        INFO((run ? std::string() : run.error().toString()));
        REQUIRE(run.ok());
        return std::move(*run);
    }

    fs::path dir;
    std::string source;
    std::string target;
    ConnectorRegistry registry = ConnectorRegistry::withBuiltins();
};

RunSummary execute(Run& run) {
    auto summary = run.execute();
    INFO((summary ? std::string() : summary.error().toString()));
    REQUIRE(summary.ok());
    return std::move(*summary);
}

std::vector<JournalTask> journalTasks(const fs::path& path) {
    auto journal = RunJournal::open(path, true);
    REQUIRE(journal.ok());
    auto tasks = (*journal)->tasks();
    REQUIRE(tasks.ok());
    return *tasks;
}

std::vector<JournalChange> journalHistory(const fs::path& path, std::int64_t task = 0) {
    auto journal = RunJournal::open(path, true);
    REQUIRE(journal.ok());
    auto history = (*journal)->history(task);
    REQUIRE(history.ok());
    return *history;
}

/// Wraps a connector: lists extra keys that do not exist, and can flip a byte of every write.
class TamperingConnector final : public Connector {
public:
    TamperingConnector(std::unique_ptr<Connector> inner, std::vector<std::string> extraKeys,
                       bool corruptWrites)
        : m_inner(std::move(inner)), m_extra(std::move(extraKeys)), m_corrupt(corruptWrites) {}
    const Uri& uri() const override { return m_inner->uri(); }
    Capabilities capabilities() const override { return m_inner->capabilities(); }
    Result<void> list(std::string_view prefix,
                      const std::function<bool(const ObjectInfo&)>& visit) override {
        for (const auto& key : m_extra) {
            ObjectInfo info;
            info.key = key;
            info.size = 3;
            info.mtimeNs = 1;
            if (!visit(info))
                return ferry::model::success();
        }
        return m_inner->list(prefix, visit);
    }
    Result<ObjectInfo> stat(std::string_view key) override { return m_inner->stat(key); }
    Result<std::unique_ptr<ObjectReader>> openRead(std::string_view key, std::uint64_t offset,
                                                   std::optional<std::uint64_t> length) override {
        return m_inner->openRead(key, offset, length);
    }
    Result<std::unique_ptr<ObjectWriter>> openWrite(std::string_view key,
                                                    const WriteOptions& options) override {
        auto writer = m_inner->openWrite(key, options);
        if (!writer || !m_corrupt)
            return writer;
        return std::unique_ptr<ObjectWriter>(new CorruptingWriter(std::move(*writer)));
    }
    Result<void> remove(std::string_view key) override { return m_inner->remove(key); }

private:
    class CorruptingWriter final : public ObjectWriter {
    public:
        explicit CorruptingWriter(std::unique_ptr<ObjectWriter> inner)
            : m_inner(std::move(inner)) {}
        std::uint64_t resumeOffset() const override { return m_inner->resumeOffset(); }
        Result<void> write(std::span<const std::byte> data) override {
            std::vector<std::byte> copy(data.begin(), data.end());
            if (!copy.empty())
                copy[0] ^= std::byte{0x01};
            return m_inner->write(copy);
        }
        Result<void> checkpoint() override { return m_inner->checkpoint(); }
        std::string resumeToken() const override { return m_inner->resumeToken(); }
        Result<ObjectInfo> commit() override { return m_inner->commit(); }
        void abort() override { m_inner->abort(); }

    private:
        std::unique_ptr<ObjectWriter> m_inner;
    };

    std::unique_ptr<Connector> m_inner;
    std::vector<std::string> m_extra;
    bool m_corrupt;
};

} // namespace

TEST_CASE("a run copies every object, verifies it and records it in the journal", "[engine]") {
    Fixture f("basic");
    auto src = openUri(f.sourceUri());
    putObject(*src, "a.txt", "alpha");
    putObject(*src, "dir/b.bin", randomBytes(3 * kMiB + 17, 1));
    putObject(*src, "empty", "");
    auto run = f.makeRun();
    auto queue = run->events().openQueue();
    const RunSummary summary = execute(*run);
    CHECK(summary.state == "finished");
    CHECK(summary.objectsTotal == 3);
    CHECK(summary.objectsVerified == 3);
    CHECK(summary.objectsFailed == 0);
    CHECK(summary.bytesCopied == 5 + 3 * kMiB + 17);

    auto dst = openUri(f.targetUri());
    CHECK(listKeys(*dst) == listKeys(*src));
    for (const auto& key : listKeys(*src))
        CHECK(getObject(*dst, key) == getObject(*src, key));
    for (const auto& t : journalTasks(f.dir / "r.journal")) {
        CHECK(t.state == TaskState::Verified);
        CHECK(t.sourceHash == ContentHasher::hex(HashKind::Sha256, getObject(*src, t.key)));
    }

    std::map<std::string, int> seen;
    for (const auto& e : queue->poll())
        if (e.type == RunEventType::TaskState)
            ++seen[e.state];
    CHECK(seen["copying"] == 3);
    CHECK(seen["written"] == 3);
    CHECK(seen["verified"] == 3);
}

TEST_CASE("a second run skips objects that are already identical", "[engine]") {
    Fixture f("skip");
    auto src = openUri(f.sourceUri());
    for (int i = 0; i < 20; ++i)
        putObject(*src, "obj-" + std::to_string(i),
                  randomBytes(1000 + i, static_cast<unsigned>(i)));
    CHECK(execute(*f.makeRun({}, "first.journal")).objectsVerified == 20);
    const auto writes = MemoryConnector::writeCalls(f.target);

    putObject(*src, "obj-3", randomBytes(5000, 99)); // changed: different size
    const RunSummary second = execute(*f.makeRun({}, "second.journal"));
    CHECK(second.objectsSkipped == 19);
    CHECK(second.objectsVerified == 1);
    CHECK(MemoryConnector::writeCalls(f.target) == writes + 1);
    CHECK(getObject(*openUri(f.targetUri()), "obj-3") == getObject(*src, "obj-3"));
}

TEST_CASE("checksum mode catches same size and mtime with different content", "[engine]") {
    Fixture f("checksum");
    auto src = openUri(f.sourceUri());
    auto dst = openUri(f.targetUri());
    WriteOptions sameTime;
    sameTime.mtimeNs = 1'700'000'000'000'000'000;
    putObject(*src, "report.csv", "id,total\n1,100\n", sameTime);
    putObject(*dst, "report.csv", "id,total\n1,999\n", sameTime);

    const RunSummary quick = execute(*f.makeRun({}, "quick.journal"));
    CHECK(quick.objectsSkipped == 1);
    CHECK(getObject(*dst, "report.csv") == "id,total\n1,999\n");

    RunOptions options;
    options.checksum = true;
    const RunSummary checked = execute(*f.makeRun(options, "checked.journal"));
    CHECK(checked.objectsSkipped == 0);
    CHECK(checked.objectsVerified == 1);
    CHECK(getObject(*dst, "report.csv") == "id,total\n1,100\n");

    const RunSummary again = execute(*f.makeRun(options, "again.journal"));
    CHECK(again.objectsSkipped == 1);
}

TEST_CASE("verification catches a target that corrupts data and removes the bad copy", "[engine]") {
    Fixture f("corrupt");
    auto src = openUri(f.sourceUri());
    putObject(*src, "good.bin", randomBytes(1000, 5));

    SECTION("a target whose reads come back corrupted (read-back verification)") {
        MemoryFaults faults;
        faults.corruptReads = true;
        MemoryConnector::setFaults(f.target, faults);
        RunOptions options;
        options.verify = VerifyMode::ReadBack;
        options.maxAttempts = 2;
        options.retryDelay = std::chrono::milliseconds(1);
        const RunSummary summary = execute(*f.makeRun(options));
        CHECK(summary.state == "failed");
        CHECK(summary.objectsFailed == 1);
        REQUIRE(summary.failures.size() == 1);
        CHECK(summary.failures[0].code == "verify.mismatch");
        CHECK(summary.failures[0].message.find("good.bin") != std::string::npos);
        MemoryConnector::setFaults(f.target, {});
        CHECK(listKeys(*openUri(f.targetUri())).empty());
    }
    SECTION("a target that stores corrupted bytes (its own hash gives it away)") {
        ConnectorRegistry registry = ConnectorRegistry::withBuiltins();
        registry.add("tamper", [&](const Uri&) -> Result<std::unique_ptr<Connector>> {
            return std::unique_ptr<Connector>(
                new TamperingConnector(openUri(f.targetUri()), {}, true));
        });
        RunContext context = f.context();
        context.registry = &registry;
        RunOptions options;
        options.maxAttempts = 1;
        auto run = Run::create({{f.sourceUri(), "tamper://x", "", 1, ""}}, options, context);
        REQUIRE(run.ok());
        const RunSummary summary = execute(**run);
        CHECK(summary.objectsFailed == 1);
        REQUIRE(summary.failures.size() == 1);
        CHECK(summary.failures[0].code == "verify.mismatch");
        CHECK(listKeys(*openUri(f.targetUri())).empty());
    }
}

TEST_CASE("retryable errors are retried; a permanent error fails only its object", "[engine]") {
    Fixture f("retry");
    auto src = openUri(f.sourceUri());
    putObject(*src, "one", "1111");
    RunOptions options;
    options.parallel = 1;
    options.retryDelay = std::chrono::milliseconds(1);

    SECTION("a passing I/O hiccup") {
        MemoryFaults faults;
        faults.failWriteCall = 1;
        MemoryConnector::setFaults(f.target, faults);
        const RunSummary summary = execute(*f.makeRun(options));
        CHECK(summary.objectsVerified == 1);
        const auto tasks = journalTasks(f.dir / "r.journal");
        REQUIRE(tasks.size() == 1);
        CHECK(tasks[0].attempts == 2);
    }
    SECTION("a permanent refusal, after other objects were verified") {
        const RunSummary first = execute(*f.makeRun(options, "first.journal"));
        CHECK(first.objectsVerified == 1);
        putObject(*src, "two", "2222");
        MemoryFaults faults;
        faults.failAllWrites = true;
        faults.errorCode = "io.permission";
        MemoryConnector::setFaults(f.target, faults);
        const RunSummary summary = execute(*f.makeRun(options, "second.journal"));
        CHECK(summary.state == "failed");
        CHECK(summary.objectsFailed == 1);
        CHECK(summary.objectsSkipped == 1);
        REQUIRE(summary.failures.size() == 1);
        CHECK(summary.failures[0].key == "two");
        CHECK(summary.failures[0].code == "io.permission");
        CHECK(journalTasks(f.dir / "second.journal").at(1).attempts == 1);
        MemoryConnector::setFaults(f.target, {});
        CHECK(getObject(*openUri(f.targetUri()), "one") == "1111");
    }
}

TEST_CASE("a bandwidth limit is respected and throughput is sampled several times a second",
          "[engine]") {
    Fixture f("bwlimit");
    auto src = openUri(f.sourceUri());
    putObject(*src, "a", randomBytes(2 * kMiB, 1));
    putObject(*src, "b", randomBytes(2 * kMiB, 2));
    RunOptions options;
    options.bandwidthLimit = 2 * kMiB;
    auto run = f.makeRun(options);
    auto queue = run->events().openQueue();
    const auto start = Clock::now();
    const RunSummary summary = execute(*run);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    CHECK(summary.objectsVerified == 2);
    CHECK(seconds >= 1.5);
    int samples = 0;
    for (const auto& e : queue->poll())
        if (e.type == RunEventType::Throughput)
            ++samples;
    CHECK(samples >= static_cast<int>(seconds * 4) - 1);
}

TEST_CASE("buffer memory stays bounded by the pool whatever the object size", "[engine]") {
    Fixture f("buffers");
    auto src = openUri(f.sourceUri());
    for (int i = 0; i < 3; ++i)
        putObject(*src, "big-" + std::to_string(i),
                  randomBytes(24 * kMiB, static_cast<unsigned>(i)));
    RunOptions options;
    options.parallel = 2;
    options.bufferSize = 256 * 1024;
    auto run = f.makeRun(options);
    const RunSummary summary = execute(*run);
    CHECK(summary.objectsVerified == 3);
    CHECK(summary.bufferSize == 256 * 1024);
    CHECK(summary.peakBuffers >= 1);
    CHECK(summary.peakBuffers <= 2);
    CHECK(run->buffers().allocated() <= 2);
    CHECK(run->buffers().inUse() == 0);
}

TEST_CASE("an unsafe key from a source is refused by name and nothing leaves the target",
          "[engine]") {
    Fixture f("unsafe");
    auto src = openUri(f.sourceUri());
    putObject(*src, "fine.txt", "fine");
    ConnectorRegistry registry = ConnectorRegistry::withBuiltins();
    registry.add("evil", [&](const Uri&) -> Result<std::unique_ptr<Connector>> {
        return std::unique_ptr<Connector>(
            new TamperingConnector(openUri(f.sourceUri()), {"../x"}, false));
    });
    const fs::path targetDir = f.dir / "target";
    RunContext context = f.context();
    context.registry = &registry;
    auto run =
        Run::create({{"evil://src", "file://" + targetDir.string(), "", 1, ""}}, {}, context);
    REQUIRE(run.ok());
    auto queue = (*run)->events().openQueue();
    const RunSummary summary = execute(**run);
    CHECK(summary.objectsVerified == 1);
    CHECK(summary.objectsFailed == 1);
    REQUIRE(summary.failures.size() == 1);
    CHECK(summary.failures[0].key == "../x");
    CHECK(summary.failures[0].message.find("'../x'") != std::string::npos);
    CHECK_FALSE(fs::exists(f.dir / "x"));
    CHECK(fs::exists(targetDir / "fine.txt"));
    bool errorEvent = false;
    for (const auto& e : queue->poll())
        errorEvent |= e.type == RunEventType::Error && e.key == "../x";
    CHECK(errorEvent);
}

TEST_CASE("parallelism changes while a run is going: more objects stream at once, then fewer",
          "[engine]") {
    Fixture f("parallel");
    auto src = openUri(f.sourceUri());
    std::map<std::string, std::string> objects;
    for (int i = 0; i < 12; ++i) {
        const std::string key = "part-" + std::to_string(i) + ".bin";
        objects[key] = randomBytes(2 * kMiB, static_cast<unsigned>(40 + i));
        putObject(*src, key, objects[key]);
    }
    RunOptions options;
    options.parallel = 1;
    options.bandwidthLimit = 6 * kMiB;
    options.bufferSize = 64 * 1024;
    auto run = f.makeRun(options);
    auto result = std::async(std::launch::async, [&] { return run->execute(); });
    auto waitFor = [&](auto condition, double seconds) {
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (!condition() && Clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return condition();
    };
    REQUIRE(waitFor([&] { return run->buffers().inUse() == 1; }, 10));
    std::size_t mostAtOne = 0;
    for (int i = 0; i < 40; ++i) {
        mostAtOne = std::max(mostAtOne, run->buffers().inUse());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(mostAtOne == 1);

    run->setParallel(4);
    CHECK(run->parallel() == 4);
    CHECK(waitFor([&] { return run->buffers().inUse() >= 3; }, 10));

    run->setParallel(1);
    CHECK(waitFor([&] { return run->buffers().inUse() <= 1; }, 10));
    std::size_t mostAfter = 0;
    for (int i = 0; i < 40; ++i) {
        mostAfter = std::max(mostAfter, run->buffers().inUse());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(mostAfter <= 1);

    run->setBandwidthLimit(0);
    REQUIRE(result.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    auto summary = result.get();
    REQUIRE(summary.ok());
    CHECK(summary->state == "finished");
    CHECK(summary->objectsVerified == objects.size());
    CHECK(summary->peakBuffers >= 3);
    CHECK(run->buffers().allocated() <= 1);
    auto target = openUri(f.targetUri());
    for (const auto& [key, bytes] : objects)
        CHECK(getObject(*target, key) == bytes);
}

TEST_CASE("pause, resume and cancel take effect within a second, even mid-object", "[engine]") {
    Fixture f("controls");
    auto src = openUri(f.sourceUri());
    const std::string big = randomBytes(64 * kMiB, 3);
    putObject(*src, "big.bin", big);
    RunOptions options;
    options.bandwidthLimit = 8 * kMiB;
    options.checkpointBytes = 4 * kMiB;
    auto run = f.makeRun(options);
    auto queue = run->events().openQueue();
    std::atomic<std::uint64_t> bytes{0};
    const int sub = run->events().subscribe([&](const RunEvent& e) {
        if (e.type == RunEventType::Throughput)
            bytes = e.bytes;
    });
    auto result = std::async(std::launch::async, [&] { return run->execute(); });

    auto waitFor = [&](auto condition, double seconds) {
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (!condition() && Clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return condition();
    };
    REQUIRE(waitFor([&] { return bytes.load() > kMiB; }, 10));

    run->pause();
    std::this_thread::sleep_for(std::chrono::seconds(1)); // in-flight slices drain
    const auto paused = bytes.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    CHECK(bytes.load() == paused);
    CHECK(run->paused());

    run->resume();
    CHECK(waitFor([&] { return bytes.load() > paused; }, 2));

    const auto cancelAt = Clock::now();
    run->cancel();
    REQUIRE(result.wait_for(std::chrono::seconds(2)) == std::future_status::ready);
    CHECK(Clock::now() - cancelAt < std::chrono::seconds(1));
    auto summary = result.get();
    REQUIRE(summary.ok());
    CHECK(summary->state == "cancelled");
    CHECK(summary->objectsPending == 1);
    run->events().unsubscribe(sub);
    // Nothing was published under the final key.
    CHECK(listKeys(*openUri(f.targetUri())).empty());

    // Resuming from the journal continues from the last checkpoint, not from zero.
    const fs::path journal = run->journalPath();
    const auto before = journalTasks(journal).at(0);
    CHECK(before.state == TaskState::Copying);
    CHECK(before.bytesDone > 0);
    CHECK_FALSE(before.resumeToken.empty());
    RunOptions faster;
    faster.bandwidthLimit = 0;
    auto resumed = Run::fromJournal(journal, f.context(), faster);
    REQUIRE(resumed.ok());
    const RunSummary finished = execute(**resumed);
    CHECK(finished.state == "finished");
    CHECK(finished.objectsVerified == 1);
    CHECK(finished.bytesCopied == big.size() - before.bytesDone);
    CHECK(getObject(*openUri(f.targetUri()), "big.bin") == big);
    bool resumedFromOffset = false;
    for (const auto& change : journalHistory(journal, before.id))
        resumedFromOffset |= change.state == "copying" && change.bytes == before.bytesDone;
    CHECK(resumedFromOffset);
}

TEST_CASE("a partly written file resumes from its checkpoint across runs", "[engine]") {
    Fixture f("fileresume");
    const fs::path srcDir = f.dir / "src";
    const fs::path dstDir = f.dir / "dst";
    fs::create_directories(srcDir);
    const std::string big = randomBytes(40 * kMiB, 11);
    std::ofstream(srcDir / "large.bin", std::ios::binary) << big;
    std::ofstream(srcDir / "small.txt", std::ios::binary) << "small";
    RunOptions options;
    options.bandwidthLimit = 16 * kMiB;
    options.checkpointBytes = 2 * kMiB;
    options.parallel = 1;
    auto run = Run::create({{"file://" + srcDir.string(), "file://" + dstDir.string(), "", 1, ""}},
                           options, f.context());
    REQUIRE(run.ok());
    auto result = std::async(std::launch::async, [&] { return (*run)->execute(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    (*run)->cancel();
    REQUIRE(result.get().ok());
    const fs::path journal = f.dir / "r.journal";
    JournalTask partial;
    for (const auto& t : journalTasks(journal))
        if (t.key == "large.bin")
            partial = t;
    REQUIRE(partial.state == TaskState::Copying);
    REQUIRE(partial.bytesDone >= 2 * kMiB);
    CHECK_FALSE(fs::exists(dstDir / "large.bin")); // only a hidden partial file

    auto resumed = Run::fromJournal(journal, f.context(), RunOptions{});
    REQUIRE(resumed.ok());
    const RunSummary summary = execute(**resumed);
    CHECK(summary.state == "finished");
    CHECK(summary.bytesCopied <= big.size() - partial.bytesDone + 5);
    std::ifstream in(dstDir / "large.bin", std::ios::binary);
    const std::string copied((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    CHECK(copied == big);
    bool resumedFromOffset = false;
    for (const auto& change : journalHistory(journal, partial.id))
        resumedFromOffset |= change.state == "copying" && change.bytes == partial.bytesDone &&
                             change.note.find("resumed from byte") != std::string::npos;
    CHECK(resumedFromOffset);
    for (const auto& entry : fs::recursive_directory_iterator(dstDir))
        CHECK_FALSE(FileConnector::isPartialName(entry.path().filename().string()));
}

namespace {

/// Partial files (Ferry's hidden temporary names) anywhere under root.
std::vector<fs::path> partialFiles(const fs::path& root) {
    std::vector<fs::path> out;
    if (!fs::exists(root))
        return out;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (FileConnector::isPartialName(entry.path().filename().string()))
            out.push_back(entry.path());
    return out;
}

/// What a run killed before its first checkpoint leaves: a writer dropped mid-object.
void abandonWrite(Connector& target, const std::string& key, const std::string& bytes) {
    auto writer = target.openWrite(key, {});
    REQUIRE(writer.ok());
    REQUIRE((*writer)->write(std::as_bytes(std::span(bytes.data(), bytes.size()))).ok());
    // Dropped without commit or abort, like a process killed here.
}

} // namespace

TEST_CASE("runs and resumes remove partial writes a run killed before its first checkpoint left",
          "[engine]") {
    Fixture f("cleanup");
    const fs::path srcDir = f.dir / "src";
    const fs::path dstDir = f.dir / "dst";
    fs::create_directories(srcDir / "sub");
    std::ofstream(srcDir / "a.txt", std::ios::binary) << "alpha";
    std::ofstream(srcDir / "sub" / "c.bin", std::ios::binary) << randomBytes(70000, 3);
    const std::vector<RunPair> pairs{
        {"file://" + srcDir.string(), "file://" + dstDir.string(), "", 1, ""},
        {f.sourceUri(), f.targetUri(), "", 1, ""}};
    putObject(*openUri(f.sourceUri()), "m.txt", "memory object");

    auto plant = [&] {
        FileConnector files(dstDir);
        abandonWrite(files, "a.txt", "alp");
        abandonWrite(files, "sub/c.bin", randomBytes(1000, 4));
        abandonWrite(files, "gone/never-listed.bin", "x");
        REQUIRE(partialFiles(dstDir).size() == 3);
        auto memory = openUri(f.targetUri());
        abandonWrite(*memory, "m.txt", "mem");
    };
    auto check = [&](Run& run) {
        auto queue = run.events().openQueue();
        const RunSummary summary = execute(run);
        std::vector<std::string> cleaned;
        for (const auto& e : queue->poll())
            if (e.type == RunEventType::PairState && e.state == "cleaned")
                cleaned.push_back(e.message);
        CHECK(summary.state == "finished");
        CHECK(partialFiles(dstDir).empty());
        // Nothing abandoned is left at either target.
        CHECK(openUri("file://" + dstDir.string())->cleanupAbandoned(0).value() == 0);
        CHECK(openUri(f.targetUri())->cleanupAbandoned(0).value() == 0);
        CHECK(getObject(*openUri(f.targetUri()), "m.txt") == "memory object");
        std::ifstream in(dstDir / "a.txt", std::ios::binary);
        CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "alpha");
        return cleaned;
    };

    SECTION("a new run") {
        plant();
        auto run = Run::create(pairs, RunOptions{}, f.context());
        REQUIRE(run.ok());
        const auto cleaned = check(**run);
        REQUIRE(cleaned.size() == 2);
        CHECK(cleaned[0].find("removed 3 abandoned") != std::string::npos);
        CHECK(cleaned[1].find("removed 1 abandoned") != std::string::npos);
    }
    SECTION("a resume of a run killed before it wrote anything to its journal") {
        {
            auto killed = Run::create(pairs, RunOptions{}, f.context());
            REQUIRE(killed.ok());
        }
        plant();
        auto resumed = Run::fromJournal(f.dir / "r.journal", f.context());
        REQUIRE(resumed.ok());
        CHECK(check(**resumed).size() == 2);
    }
}

TEST_CASE("a full disk fails only the object that does not fit; what was verified stays and a "
          "resume with room finishes without copying it again",
          "[engine]") {
    Fixture f("fulldisk");
    const fs::path srcDir = f.dir / "src";
    const fs::path tiny = f.dir / "tiny";
    fs::create_directories(srcDir);
    fs::create_directories(tiny);
    if (::mount("tmpfs", tiny.c_str(), "tmpfs", 0, "size=1m") != 0) {
        WARN("cannot mount a 1 MiB tmpfs here (" << std::strerror(errno)
                                                 << "); the full-disk run test is skipped");
        return;
    }
    struct Unmount {
        fs::path path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{tiny};

    const std::string big = randomBytes(3 * kMiB, 21);
    std::ofstream(srcDir / "big.bin", std::ios::binary) << big;
    std::map<std::string, std::string> small;
    for (int i = 0; i < 8; ++i) {
        const std::string name = "small-" + std::to_string(i) + ".bin";
        small[name] = randomBytes(20000, 30 + static_cast<unsigned>(i));
        std::ofstream(srcDir / name, std::ios::binary) << small[name];
    }
    const fs::path dstDir = tiny / "dst";
    RunOptions options;
    options.parallel = 1;
    options.retryDelay = std::chrono::milliseconds(1);
    auto run = Run::create({{"file://" + srcDir.string(), "file://" + dstDir.string(), "", 1, ""}},
                           options, f.context());
    REQUIRE(run.ok());
    const RunSummary summary = execute(**run);
    CHECK(summary.state == "failed");
    CHECK(summary.objectsVerified == small.size());
    REQUIRE(summary.failures.size() == 1);
    CHECK(summary.failures[0].key == "big.bin");
    CHECK(summary.failures[0].code == "disk.full");
    CHECK(summary.failures[0].message.find("'big.bin'") != std::string::npos);
    CHECK_FALSE(fs::exists(dstDir / "big.bin"));
    CHECK(partialFiles(dstDir).empty());
    auto readAll = [](const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    for (const auto& [name, bytes] : small)
        CHECK(readAll(dstDir / name) == bytes);

    // With room, the resume copies only the object that failed.
    REQUIRE(::mount("tmpfs", tiny.c_str(), "tmpfs", MS_REMOUNT, "size=8m") == 0);
    auto resumed = Run::fromJournal(f.dir / "r.journal", f.context());
    REQUIRE(resumed.ok());
    const RunSummary done = execute(**resumed);
    CHECK(done.state == "finished");
    CHECK(done.bytesCopied == big.size());
    CHECK(readAll(dstDir / "big.bin") == big);
    for (const auto& [name, bytes] : small)
        CHECK(readAll(dstDir / name) == bytes);
}

TEST_CASE("an unreachable S3 endpoint fails its pair with a clear message; the other pairs finish",
          "[engine]") {
    Fixture f("unreachable");
    struct Env {
        std::string name;
        std::optional<std::string> old;
        Env(std::string n, const char* value) : name(std::move(n)) {
            if (const char* v = std::getenv(name.c_str()))
                old = v;
            ::setenv(name.c_str(), value, 1);
        }
        ~Env() {
            if (old)
                ::setenv(name.c_str(), old->c_str(), 1);
            else
                ::unsetenv(name.c_str());
        }
    };
    const Env id("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    const Env secret("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-for-this-test");
    putObject(*openUri(f.sourceUri()), "a.txt", "alpha");
    // Port 1 on the loopback address: nothing listens there, the connection is refused.
    const std::string unreachable =
        "s3://bucket/data?endpoint=http://127.0.0.1:1&max_attempts=2&retry_base_ms=1";
    auto run = Run::create(
        {{f.sourceUri(), unreachable, "w1", 1, ""}, {f.sourceUri(), f.targetUri(), "w2", 1, ""}},
        RunOptions{}, f.context());
    REQUIRE(run.ok());
    const RunSummary summary = execute(**run);
    CHECK(summary.state == "failed");
    REQUIRE(summary.failures.size() == 1);
    CHECK(summary.failures[0].workload == "w1");
    CHECK(summary.failures[0].code == "s3.network");
    CHECK(summary.failures[0].message.find("after 2 tries") != std::string::npos);
    CHECK(summary.failures[0].message.find("not-a-real-secret") == std::string::npos);
    REQUIRE(summary.pairs.size() == 2);
    CHECK(summary.pairs[0].state == "failed");
    CHECK(summary.pairs[1].state == "done");
    CHECK(summary.objectsVerified == 1);
    CHECK(getObject(*openUri(f.targetUri()), "a.txt") == "alpha");
}

TEST_CASE("a dry run lists what would move and writes nothing", "[engine]") {
    Fixture f("dryrun");
    auto src = openUri(f.sourceUri());
    putObject(*src, "a", "aaaa");
    putObject(*src, "b", "bb");
    RunOptions options;
    options.dryRun = true;
    RunContext context = f.context();
    auto run = Run::create({{f.sourceUri(), f.targetUri(), "", 1, ""}}, options, context);
    REQUIRE(run.ok());
    const RunSummary summary = execute(**run);
    CHECK(summary.state == "dry-run");
    CHECK(summary.objectsPending == 2);
    CHECK(summary.bytesTotal == 6);
    REQUIRE(summary.planned.size() == 2);
    CHECK(summary.planned[0].reason == "missing at the target");
    CHECK(listKeys(*openUri(f.targetUri())).empty());
    CHECK_FALSE(fs::exists(f.dir / "r.journal"));
}

TEST_CASE("isRetryable tells passing trouble from permanent refusals", "[engine]") {
    CHECK(isRetryable({"io.error", "", ""}));
    CHECK(isRetryable({"verify.mismatch", "", ""}));
    CHECK(isRetryable({"net.timeout", "", ""}));
    CHECK_FALSE(isRetryable({"io.permission", "", ""}));
    CHECK_FALSE(isRetryable({"key.unsafe", "", ""}));
    CHECK_FALSE(isRetryable({"disk.full", "", ""}));
    CHECK_FALSE(isRetryable({"object.not_found", "", ""}));
}

TEST_CASE("event consumers never hold up publishers; progress is coalesced", "[engine]") {
    RunEventStream stream;
    auto queue = stream.openQueue(64);
    std::atomic<int> delivered{0};
    const int sub = stream.subscribe([&](const RunEvent&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5)); // a slow consumer
        ++delivered;
    });
    const auto start = Clock::now();
    for (int i = 0; i < 100000; ++i) {
        RunEvent e;
        e.type = RunEventType::Progress;
        e.taskId = 1 + i % 3;
        e.bytes = static_cast<std::uint64_t>(i);
        stream.publish(e);
    }
    for (int i = 0; i < 100; ++i) {
        RunEvent e;
        e.type = RunEventType::TaskState;
        e.taskId = 10 + i;
        e.state = "verified";
        stream.publish(e);
    }
    CHECK(Clock::now() - start < std::chrono::seconds(5));
    const auto events = queue->poll();
    int progress = 0;
    int states = 0;
    for (const auto& e : events) {
        progress += e.type == RunEventType::Progress;
        states += e.type == RunEventType::TaskState;
    }
    CHECK(progress == 3); // one per object, the latest
    CHECK(states == 64);  // the bound; the rest counted as dropped
    CHECK(queue->dropped() == 36);
    for (const auto& e : events)
        if (e.type == RunEventType::Progress)
            CHECK(e.bytes >= 99997);
    stream.unsubscribe(sub);
    CHECK(delivered.load() >= 1);
}
