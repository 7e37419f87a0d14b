#include "ConnectorConformance.hpp"

#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/CsvCleaner.hpp>
#include <ferry/engine/MemoryConnector.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/SafetensorsNarrowing.hpp>
#include <ferry/engine/ZstdTransform.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <sstream>
#include <thread>

using namespace ferry::engine;
using ferry::engine::test::getObject;
using ferry::engine::test::listKeys;
using ferry::engine::test::putObject;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

fs::path freshDir(const std::string& name) {
    std::string pattern = (fs::temp_directory_path() / ("ferry-xrun-" + name + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

std::unique_ptr<Connector> openUri(const std::string& uri) {
    auto c = ConnectorRegistry::withBuiltins().open(uri);
    INFO(uri << ": " << (c ? std::string() : c.error().toString()));
    REQUIRE(c.ok());
    return std::move(*c);
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

fs::path demoSource() {
    const fs::path demo = fs::path(FERRY_SOURCE_DIR) / "resources/demo";
    if (!fs::exists(demo / "data/source/catalogue/imports/supplier-feed-messy.csv") ||
        !fs::exists(demo / "data/source/recommendation-model/recommender-v3.safetensors"))
        REQUIRE(std::system(("\"" + (demo / "generate-sample-data.sh").string() + "\"").c_str()) ==
                0);
    return demo / "data/source";
}

std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::string out(size, '\0');
    for (auto& c : out)
        c = static_cast<char>(rng());
    return out;
}

std::string logText(int lines, int seed) {
    std::string out;
    for (int i = 0; i < lines; ++i)
        out += "2026-11-28T02:" + std::to_string(i % 60) +
               " user=" + std::to_string((i * 7919 + seed) % 1000) + " event=view sku=P" +
               std::to_string(i % 97) + "\n";
    return out;
}

/// A journal, memory stores and a registry for one test, cleaned up afterwards.
struct Fixture {
    explicit Fixture(const std::string& name)
        : dir(freshDir(name)), source("xrun-" + name + "-src"), target("xrun-" + name + "-dst") {
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
    std::unique_ptr<Run> makeRun(RunPair pair, RunOptions options = {},
                                 const std::string& journal = "r.journal") {
        auto run = Run::create({std::move(pair)}, options, context(journal));
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

std::string zstdLogicalSha256(const std::string& compressed) {
    ZstdLogicalHasher hasher(HashKind::Sha256);
    REQUIRE(hasher.update(std::as_bytes(std::span(compressed.data(), compressed.size()))).ok());
    auto hex = hasher.finishHex();
    REQUIRE(hex.ok());
    return *hex;
}

const json kDemoCsvClean = json::parse(R"({
    "type": "csv_clean", "match": "imports/*.csv",
    "dedupe": {"keys": ["supplier_sku"]},
    "fill": [{"column": "currency", "with": "default", "value": "USD"},
             {"column": "quantity", "with": "constant", "value": "0"}],
    "standardise": [{"column": "supplier_sku", "trim": true, "case": "upper"},
                    {"column": "currency", "trim": true, "case": "upper"},
                    {"column": "notes", "trim": true, "case": "lower"},
                    {"column": "received_date", "date": "iso8601"}]})");

} // namespace

TEST_CASE("a run cleans the demo's messy CSV on the way and records the report", "[engine]") {
    Fixture f("csv");
    const fs::path catalogue = demoSource() / "catalogue";
    const fs::path out = f.dir / "target";
    RunPair pair{"file://" + catalogue.string(), "file://" + out.string(), "catalogue-share", 1, "",
                 json::array({kDemoCsvClean})};
    auto run = f.makeRun(pair);
    auto queue = run->events().openQueue();
    const RunSummary summary = execute(*run);
    CHECK(summary.state == "finished");
    CHECK(summary.objectsFailed == 0);

    // The cleaned file is what the cleaner makes of the source; everything else is a copy.
    const std::string messy = readFile(catalogue / "imports/supplier-feed-messy.csv");
    auto options = CsvCleanOptions::fromJson(kDemoCsvClean);
    REQUIRE(options.ok());
    CsvCleaner cleaner(*options);
    std::string expected;
    const ByteSink sink = [&](std::span<const std::byte> d) -> ferry::model::Result<void> {
        expected.append(reinterpret_cast<const char*>(d.data()), d.size());
        return ferry::model::success();
    };
    REQUIRE(cleaner.write(std::as_bytes(std::span(messy.data(), messy.size())), sink).ok());
    REQUIRE(cleaner.finish(sink).ok());
    CHECK(readFile(out / "imports/supplier-feed-messy.csv") == expected);
    CHECK(expected != messy);
    for (const auto& entry : fs::recursive_directory_iterator(catalogue / "products"))
        if (entry.is_regular_file())
            CHECK(readFile(out / fs::relative(entry.path(), catalogue)) == readFile(entry.path()));

    bool found = false;
    for (const auto& t : journalTasks(f.dir / "r.journal")) {
        CHECK(t.state == TaskState::Verified);
        if (t.key != "imports/supplier-feed-messy.csv") {
            CHECK(t.transformReport.empty());
            continue;
        }
        found = true;
        CHECK(t.sourceHash == ContentHasher::hex(HashKind::Sha256, messy));
        const json report = json::parse(t.transformReport);
        REQUIRE(report["transforms"].size() == 1);
        CHECK(report["transforms"][0]["type"] == "csv_clean");
        const json& clean = report["transforms"][0]["report"];
        CHECK(clean == cleaner.report());
        // As generated on 2026-11-28 (see test_CsvCleaner.cpp): 3 duplicates, 6 rows passed on.
        CHECK(clean["dedupe"]["dropped"] == 3);
        CHECK(clean["uncleanable"]["count"] == 6);
        CHECK(report["bytes_in"] == messy.size());
        CHECK(report["bytes_out"] == expected.size());
    }
    CHECK(found);

    std::string line;
    for (const auto& e : queue->poll())
        if (e.type == RunEventType::TaskState && e.state == "verified" &&
            e.key == "imports/supplier-feed-messy.csv")
            line = e.message;
    CHECK_THAT(line, Catch::StartsWith("imports/supplier-feed-messy.csv: csv_clean dropped 3 "
                                       "duplicate rows"));
    CHECK_THAT(line, Catch::Contains("6 rows could not be cleaned"));
    CHECK_THAT(line, Catch::Contains(" kB -> "));
}

TEST_CASE("a run compresses with zstd: the target is key.zst and decompresses to the source",
          "[engine]") {
    Fixture f("zstd");
    auto src = openUri(f.sourceUri());
    const std::string log = logText(20000, 1);
    putObject(*src, "2026/11/app.log", log);
    putObject(*src, "empty.log", "");
    const RunPair pair{
        f.sourceUri(), f.targetUri(), "", 1, "", json::parse(R"([{"type": "zstd", "level": 3}])")};

    SECTION("the zstd tool reads what the run wrote") {
        const fs::path out = f.dir / "target";
        RunPair toFiles = pair;
        toFiles.target = "file://" + out.string();
        RunOptions options;
        options.verify = VerifyMode::ReadBack;
        const RunSummary summary = execute(*f.makeRun(toFiles, options));
        CHECK(summary.state == "finished");
        CHECK(summary.objectsVerified == 2);
        REQUIRE(fs::exists(out / "2026/11/app.log.zst"));
        CHECK_FALSE(fs::exists(out / "2026/11/app.log"));
        CHECK(fs::file_size(out / "2026/11/app.log.zst") < log.size() / 4);
        const fs::path decoded = f.dir / "decoded.log";
        const std::string command = "zstd -q -d -o \"" + decoded.string() + "\" \"" +
                                    (out / "2026/11/app.log.zst").string() + "\"";
        REQUIRE(std::system(command.c_str()) == 0);
        CHECK(readFile(decoded) == log);
        REQUIRE(fs::exists(out / "empty.log.zst"));
        // Bytes copied count what was written: the compressed sizes.
        CHECK(summary.bytesCopied ==
              fs::file_size(out / "2026/11/app.log.zst") + fs::file_size(out / "empty.log.zst"));
        for (const auto& t : journalTasks(f.dir / "r.journal")) {
            CHECK(t.sourceHash == ContentHasher::hex(HashKind::Sha256, getObject(*src, t.key)));
            CHECK(json::parse(t.transformReport)["transforms"][0]["type"] == "zstd");
        }

        // Up to date by modification time: the second run skips both.
        const RunSummary again = execute(*f.makeRun(toFiles, options, "again.journal"));
        CHECK(again.objectsSkipped == 2);
        CHECK(again.objectsVerified == 0);

        // Checksum mode cannot compare a transformed copy without transforming again: it
        // writes them again (and a dry run says why).
        RunOptions dry = options;
        dry.checksum = true;
        dry.dryRun = true;
        const RunSummary plan = execute(*f.makeRun(toFiles, dry, "dry.journal"));
        REQUIRE(plan.planned.size() == 2);
        CHECK(plan.planned[0].reason == "transformed (checksum mode writes it again)");
        RunOptions checksum = options;
        checksum.checksum = true;
        const RunSummary third = execute(*f.makeRun(toFiles, checksum, "third.journal"));
        CHECK(third.objectsVerified == 2);
        CHECK(zstdLogicalSha256(readFile(out / "2026/11/app.log.zst")) ==
              ContentHasher::hex(HashKind::Sha256, log));
    }
    SECTION("a target whose bytes come back corrupted fails verification and keeps no copy") {
        MemoryFaults faults;
        faults.corruptReads = true;
        MemoryConnector::setFaults(f.target, faults);
        RunOptions options;
        options.verify = VerifyMode::ReadBack;
        options.maxAttempts = 2;
        options.retryDelay = std::chrono::milliseconds(1);
        const RunSummary summary = execute(*f.makeRun(pair, options));
        CHECK(summary.state == "failed");
        CHECK(summary.objectsFailed >= 1);
        REQUIRE_FALSE(summary.failures.empty());
        CHECK(summary.failures[0].code == "verify.mismatch");
        MemoryConnector::setFaults(f.target, {});
        for (const auto& key : listKeys(*openUri(f.targetUri())))
            CHECK(key != "2026/11/app.log.zst");
    }
}

TEST_CASE("a run narrows the demo model to float16 and a second run skips it", "[engine]") {
    Fixture f("safetensors");
    const fs::path model = demoSource() / "recommendation-model";
    const fs::path out = f.dir / "target";
    const RunPair pair{"file://" + model.string(),
                       "file://" + out.string(),
                       "recommendation-model",
                       1,
                       "",
                       json::parse(R"([{"type": "safetensors", "dtype": "float16"}])")};
    const RunSummary first = execute(*f.makeRun(pair));
    CHECK(first.state == "finished");
    CHECK(first.objectsVerified == 2);
    const auto before = fs::file_size(model / "recommender-v3.safetensors");
    const auto after = fs::file_size(out / "recommender-v3.safetensors");
    CHECK(after < before * 6 / 10);
    CHECK(after > before * 4 / 10);
    const std::string narrowed = readFile(out / "recommender-v3.safetensors");
    REQUIRE(narrowed.size() > 8);
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | static_cast<unsigned char>(narrowed[i]);
    const json header = json::parse(narrowed.substr(8, headerLength));
    int f16 = 0;
    for (const auto& [name, tensor] : header.items()) {
        if (name == "__metadata__")
            continue;
        CHECK(tensor["dtype"] != "F32");
        f16 += tensor["dtype"] == "F16";
    }
    CHECK(f16 > 0);
    CHECK(readFile(out / "config.json") == readFile(model / "config.json"));

    const RunSummary second = execute(*f.makeRun(pair, {}, "second.journal"));
    CHECK(second.objectsSkipped == 2);
    CHECK(second.objectsVerified == 0);
    CHECK(fs::file_size(out / "recommender-v3.safetensors") == after);
}

TEST_CASE("a transform that fails on an object fails only that object, for good", "[engine]") {
    Fixture f("badfile");
    auto src = openUri(f.sourceUri());
    putObject(*src, "broken.safetensors", "this is not a safetensors file");
    putObject(*src, "notes.txt", "kept as it is");
    RunOptions options;
    options.retryDelay = std::chrono::milliseconds(1);
    const RunSummary summary =
        execute(*f.makeRun({f.sourceUri(), f.targetUri(), "", 1, "",
                            json::parse(R"([{"type": "safetensors", "dtype": "bfloat16"}])")},
                           options));
    CHECK(summary.state == "failed");
    CHECK(summary.objectsVerified == 1);
    CHECK(summary.objectsFailed == 1);
    REQUIRE(summary.failures.size() == 1);
    CHECK(summary.failures[0].key == "broken.safetensors");
    CHECK(summary.failures[0].code.starts_with("transform.safetensors"));
    CHECK(summary.failures[0].message.find("(after") == std::string::npos); // not retried
    CHECK(listKeys(*openUri(f.targetUri())) == std::vector<std::string>{"notes.txt"});
}

TEST_CASE("a cancelled run with transforms resumes to the same output as an uninterrupted one",
          "[engine]") {
    Fixture f("resume");
    auto src = openUri(f.sourceUri());
    const std::string big = randomBytes(12 * kMiB, 7); // incompressible: the limit bites
    const std::string log = logText(5000, 2);
    putObject(*src, "big.bin", big);
    putObject(*src, "small.log", log);
    const json transforms = json::parse(R"([{"type": "zstd", "level": 1}])");

    // Uninterrupted, to another store.
    const std::string reference = "xrun-resume-reference";
    MemoryConnector::resetStore(reference);
    execute(*f.makeRun({f.sourceUri(), "memory://" + reference, "", 1, "", transforms}, {},
                       "reference.journal"));

    RunOptions options;
    options.parallel = 1;
    options.bandwidthLimit = 4 * kMiB;
    options.checkpointBytes = kMiB;
    auto run = f.makeRun({f.sourceUri(), f.targetUri(), "", 1, "", transforms}, options);
    std::atomic<std::uint64_t> bytes{0};
    const int sub = run->events().subscribe([&](const RunEvent& e) {
        if (e.type == RunEventType::Throughput)
            bytes = e.bytes;
    });
    auto result = std::async(std::launch::async, [&] { return run->execute(); });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (bytes.load() < kMiB && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    run->cancel();
    auto cancelled = result.get();
    run->events().unsubscribe(sub);
    REQUIRE(cancelled.ok());
    REQUIRE(cancelled->state == "cancelled");
    const fs::path journal = run->journalPath();
    std::int64_t bigId = 0;
    for (const auto& t : journalTasks(journal))
        if (t.key == "big.bin") {
            bigId = t.id;
            CHECK(t.state != TaskState::Verified);
            CHECK(t.resumeToken.empty()); // a transformed write keeps no place to resume from
        }
    REQUIRE(bigId != 0);

    auto resumed = Run::fromJournal(journal, f.context(), RunOptions{});
    REQUIRE(resumed.ok());
    const RunSummary finished = execute(**resumed);
    CHECK(finished.state == "finished");
    CHECK(finished.objectsVerified == 2);

    auto dst = openUri(f.targetUri());
    auto ref = openUri("memory://" + reference);
    CHECK(listKeys(*dst) == std::vector<std::string>{"big.bin.zst", "small.log.zst"});
    CHECK(listKeys(*dst) == listKeys(*ref));
    for (const auto& key : listKeys(*ref))
        CHECK(getObject(*dst, key) == getObject(*ref, key));
    // The resumed session started the object again from byte 0, and said so.
    auto opened = RunJournal::open(journal, true);
    REQUIRE(opened.ok());
    auto history = (*opened)->history(bigId);
    REQUIRE(history.ok());
    bool restarted = false;
    for (const auto& change : *history)
        restarted |= change.state == "copying" && change.bytes == 0 &&
                     change.note.find("from byte 0") != std::string::npos;
    CHECK(restarted);
    CHECK(zstdLogicalSha256(getObject(*dst, "big.bin.zst")) ==
          ContentHasher::hex(HashKind::Sha256, big));
    CHECK(zstdLogicalSha256(getObject(*dst, "small.log.zst")) ==
          ContentHasher::hex(HashKind::Sha256, log));
    MemoryConnector::resetStore(reference);
}

TEST_CASE("a bad transform option is refused when the run is made, naming the mapping",
          "[engine]") {
    Fixture f("badoption");
    const RunPair pair{f.sourceUri(),
                       f.targetUri(),
                       "behaviour-logs",
                       1,
                       "",
                       json::parse(R"([{"type": "zstd", "level": 42}])")};
    auto run = Run::create({pair}, {}, f.context());
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().code == "transform.zstd_options");
    CHECK_THAT(run.error().message, Catch::Contains("workload 'behaviour-logs'"));
    CHECK_THAT(run.error().context, Catch::Contains("behaviour-logs"));
    CHECK_THAT(run.error().context, Catch::Contains("transforms[0]"));
    CHECK_FALSE(fs::exists(f.dir / "r.journal")); // nothing was started
}

TEST_CASE("transforms on a database pair are refused: they apply to objects only", "[engine]") {
    Fixture f("tables");
    const RunPair pair{"sqlite://" + (f.dir / "a.sqlite").string(),
                       "sqlite://" + (f.dir / "b.sqlite").string(),
                       "orders-db",
                       1,
                       "",
                       json::parse(R"([{"type": "zstd"}])")};
    auto run = Run::create({pair}, {}, f.context());
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().code == "transform.tables");
    CHECK_THAT(run.error().message, Catch::Contains("workload 'orders-db'"));
}
