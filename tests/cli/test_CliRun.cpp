// Runs `ferry-cli copy`, `run`, `resume`, `verify` and `status` as subprocesses on real folders:
// exit statuses, JSON output, the progress bar, SIGINT, and kill -9 at random moments.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    REQUIRE(out.good());
}

struct CliRun {
    int status = -1;
    std::string out;
    std::string err;
};

/// A running ferry-cli; stdout and stderr go to files in io/.
class Child {
public:
    Child(const fs::path& io, const std::vector<std::string>& args, bool terminal = false)
        : m_io(io) {
        std::vector<std::string> words{FERRY_CLI_PATH};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& w : words)
            argv.push_back(w.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        const std::string out = (io / "stdout").string();
        const std::string err = (io / "stderr").string();
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        int side = -1;
        if (terminal) {
            m_terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
            REQUIRE(m_terminal >= 0);
            REQUIRE(::grantpt(m_terminal) == 0);
            REQUIRE(::unlockpt(m_terminal) == 0);
            side = ::open(::ptsname(m_terminal), O_RDWR | O_NOCTTY);
            REQUIRE(side >= 0);
            posix_spawn_file_actions_adddup2(&actions, side, 2);
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                             0644);
        }
        REQUIRE(::posix_spawn(&m_pid, FERRY_CLI_PATH, &actions, nullptr, argv.data(), environ) ==
                0);
        posix_spawn_file_actions_destroy(&actions);
        if (side >= 0)
            ::close(side);
    }
    void signal(int sig) const { ::kill(m_pid, sig); }
    CliRun wait() {
        std::string terminalText;
        if (m_terminal >= 0) {
            char buffer[4096];
            for (;;) {
                const ssize_t got = ::read(m_terminal, buffer, sizeof buffer);
                if (got > 0)
                    terminalText.append(buffer, static_cast<std::size_t>(got));
                else if (got < 0 && errno == EINTR)
                    continue;
                else
                    break;
            }
            ::close(m_terminal);
        }
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0)
            REQUIRE(errno == EINTR);
        CliRun r;
        r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = readFile(m_io / "stdout");
        r.err = m_terminal >= 0 ? terminalText : readFile(m_io / "stderr");
        return r;
    }

private:
    fs::path m_io;
    pid_t m_pid = -1;
    int m_terminal = -1;
};

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ferry-clirun-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_root = pattern;
        fs::create_directories(m_root / "io");
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
    fs::path path(const std::string& name) const { return m_root / name; }
    CliRun run(const std::vector<std::string>& args, bool terminal = false) const {
        return Child(m_root / "io", args, terminal).wait();
    }
    Child start(const std::vector<std::string>& args) const { return Child(m_root / "io", args); }

private:
    fs::path m_root;
};

std::string randomBytes(std::size_t size, std::mt19937_64& rng) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; i += 8) {
        const auto v = rng();
        for (std::size_t b = 0; b < 8 && i + b < size; ++b)
            out[i + b] = static_cast<char>(v >> (8 * b));
    }
    return out;
}

/// Files under root by relative path, without Ferry's hidden partial files.
std::map<std::string, std::string> tree(const fs::path& root, bool withPartials = false) {
    std::map<std::string, std::string> files;
    if (!fs::exists(root))
        return files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file())
            continue;
        const std::string name = e.path().filename().string();
        if (!withPartials && name.find(".ferry-partial-") != std::string::npos)
            continue;
        files[fs::relative(e.path(), root).generic_string()] = readFile(e.path());
    }
    return files;
}

/// What `zstd -dc` makes of a file.
std::string zstdDecompressed(const fs::path& file) {
    std::FILE* pipe = popen(("zstd -q -dc '" + file.string() + "'").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[65536];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        out.append(buffer, n);
    REQUIRE(pclose(pipe) == 0);
    return out;
}

json parseOut(const CliRun& r) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    json document;
    REQUIRE_NOTHROW(document = json::parse(r.out));
    return document;
}

/// (task id, state) of every task change the journal recorded, oldest first.
std::vector<std::pair<long long, std::string>> journalHistory(const fs::path& journal) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(journal.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT task, state FROM history WHERE task != 0 ORDER BY id",
                               -1, &q, nullptr) == SQLITE_OK);
    std::vector<std::pair<long long, std::string>> out;
    while (sqlite3_step(q) == SQLITE_ROW)
        out.emplace_back(sqlite3_column_int64(q, 0),
                         reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

void makeSmallCorpus(const fs::path& root) {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 30; ++i)
        writeFile(root / ("dir" + std::to_string(i % 3)) / ("f" + std::to_string(i) + ".bin"),
                  randomBytes(100 + static_cast<std::size_t>(i) * 97, rng));
    writeFile(root / "empty.txt", "");
}

} // namespace

TEST_CASE("ferry-cli copy copies and verifies a folder, then skips what is identical", "[cli]") {
    TempDir t;
    makeSmallCorpus(t.path("src"));
    const auto first = t.run({"copy", t.path("src").string(), t.path("dst").string(), "--journal",
                              t.path("one.journal").string(), "--json"});
    INFO(first.err);
    REQUIRE(first.status == 0);
    const json one = parseOut(first);
    CHECK(one["command"] == "copy");
    CHECK(one["state"] == "finished");
    CHECK(one["objects"]["verified"] == 31);
    CHECK(tree(t.path("dst")) == tree(t.path("src")));
    CHECK(fs::exists(t.path("one.journal")));

    const auto second = t.run({"copy", t.path("src").string(), t.path("dst").string(), "--journal",
                               t.path("two.journal").string(), "--json"});
    REQUIRE(second.status == 0);
    const json two = parseOut(second);
    CHECK(two["objects"]["skipped"] == 31);
    CHECK(two["objects"]["verified"] == 0);
    CHECK(two["bytes"]["copied"] == 0);

    const auto status = t.run({"status", t.path("one.journal").string(), "--json"});
    REQUIRE(status.status == 0);
    const json s = parseOut(status);
    CHECK(s["state"] == "finished");
    CHECK(s["objects"]["verified"] == 31);
    const auto human = t.run({"status", t.path("one.journal").string()});
    CHECK(human.status == 0);
    CHECK(human.out.find("finished") != std::string::npos);
}

TEST_CASE("ferry-cli copy --transform applies transforms and prints what each did", "[cli]") {
    TempDir t;
    std::string log;
    for (int i = 0; i < 2000; ++i)
        log += "line " + std::to_string(i % 50) + " of a log that compresses well\n";
    writeFile(t.path("src/app.log"), log);
    writeFile(t.path("src/sub/other.log"), log + "tail\n");
    const auto copied =
        t.run({"copy", t.path("src").string(), t.path("dst").string(), "--journal",
               t.path("z.journal").string(), "--transform", R"({"type":"zstd","level":3})"});
    INFO(copied.out << copied.err);
    REQUIRE(copied.status == 0);
    CHECK(copied.out.find("app.log -> app.log.zst: zstd level 3 compressed") != std::string::npos);
    const auto files = tree(t.path("dst"));
    CHECK(files.size() == 2);
    CHECK(zstdDecompressed(t.path("dst/app.log.zst")) == log);
    CHECK(zstdDecompressed(t.path("dst/sub/other.log.zst")) == log + "tail\n");
    const auto verify = t.run({"verify", t.path("z.journal").string(), "--json"});
    INFO(verify.out << verify.err);
    CHECK(verify.status == 0);
    CHECK(parseOut(verify)["ok"] == 2);

    const auto bad =
        t.run({"copy", t.path("src").string(), t.path("dst2").string(), "--journal",
               t.path("bad.journal").string(), "--transform", R"({"type":"zstd","level":99})"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("transforms[0]") != std::string::npos);
    CHECK_FALSE(fs::exists(t.path("dst2")));
}

TEST_CASE("ferry-cli copy --json-events writes one JSON event per line", "[cli]") {
    TempDir t;
    makeSmallCorpus(t.path("src"));
    const auto r = t.run({"copy", t.path("src").string(), t.path("dst").string(), "--journal",
                          t.path("r.journal").string(), "--json-events"});
    REQUIRE(r.status == 0);
    std::istringstream lines(r.out);
    std::string line;
    std::map<std::string, int> kinds;
    json last;
    while (std::getline(lines, line)) {
        INFO(line);
        REQUIRE_NOTHROW(last = json::parse(line));
        kinds[last["event"].get<std::string>()] += 1;
    }
    CHECK(kinds["task"] >= 31 * 3);
    CHECK(kinds["run"] >= 2);
    CHECK(last["event"] == "summary");
    CHECK(last["state"] == "finished");
}

TEST_CASE("ferry-cli copy refuses bad input with status 2 and one line", "[cli]") {
    TempDir t;
    makeSmallCorpus(t.path("src"));
    const auto bad =
        t.run({"copy", t.path("src").string(), t.path("dst").string(), "--bwlimit", "fast"});
    CHECK(bad.status == 2);
    CHECK(bad.err.rfind("ferry-cli: ", 0) == 0);
    CHECK(bad.err.find("fast") != std::string::npos);
    const auto missing = t.run({"resume", t.path("absent.journal").string()});
    CHECK(missing.status == 2);
    CHECK(missing.err.find("absent.journal") != std::string::npos);
    const auto noSource = t.run({"copy", t.path("nothing").string(), t.path("dst").string(),
                                 "--journal", t.path("r.journal").string()});
    CHECK(noSource.status == 1);
    CHECK(noSource.out.find("nothing") != std::string::npos);
}

TEST_CASE("ferry-cli shows a progress bar with rate and ETA on a terminal", "[cli]") {
    TempDir t;
    std::mt19937_64 rng(3);
    writeFile(t.path("src/big.bin"), randomBytes(3 << 20, rng));
    const auto r = t.run({"copy", t.path("src").string(), t.path("dst").string(), "--journal",
                          t.path("r.journal").string(), "--bwlimit", "4M"},
                         true);
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.err.find("ETA") != std::string::npos);
    CHECK(r.err.find("/s") != std::string::npos);
    CHECK(r.err.find("objects") != std::string::npos);
}

TEST_CASE("SIGINT cancels a copy cleanly and resume finishes it", "[cli]") {
    TempDir t;
    std::mt19937_64 rng(5);
    for (int i = 0; i < 4; ++i)
        writeFile(t.path("src/part" + std::to_string(i)), randomBytes(2 << 20, rng));
    const std::string journal = t.path("r.journal").string();
    Child child = t.start({"copy", t.path("src").string(), t.path("dst").string(), "--journal",
                           journal, "--bwlimit", "2M"});
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    const auto sent = Clock::now();
    child.signal(SIGINT);
    const CliRun cancelled = child.wait();
    CHECK(Clock::now() - sent < std::chrono::seconds(2));
    CHECK(cancelled.status == 1);
    CHECK(cancelled.err.find("resume") != std::string::npos);
    const json status = parseOut(t.run({"status", journal, "--json"}));
    CHECK(status["state"] == "cancelled");

    const auto resumed = t.run({"resume", journal, "--bwlimit", "0", "--json"});
    INFO(resumed.err);
    REQUIRE(resumed.status == 0);
    CHECK(parseOut(resumed)["state"] == "finished");
    CHECK(tree(t.path("dst")) == tree(t.path("src")));
}

TEST_CASE("ferry-cli verify reports every object and catches a changed target", "[cli]") {
    TempDir t;
    makeSmallCorpus(t.path("src"));
    const std::string journal = t.path("r.journal").string();
    REQUIRE(t.run({"copy", t.path("src").string(), t.path("dst").string(), "--journal", journal})
                .status == 0);
    const auto clean = t.run({"verify", journal, "--json"});
    REQUIRE(clean.status == 0);
    const json good = parseOut(clean);
    CHECK(good["ok"] == 31);
    CHECK(good["objects"].size() == 31);

    // Same size, different bytes: only a content check can tell.
    const fs::path victim = t.path("dst/dir1/f1.bin");
    std::string bytes = readFile(victim);
    bytes[0] = static_cast<char>(bytes[0] ^ 0x20);
    writeFile(victim, bytes);
    fs::remove(t.path("dst/dir2/f2.bin"));
    const auto dirty = t.run({"verify", journal});
    CHECK(dirty.status == 1);
    CHECK(dirty.out.find("dir1/f1.bin") != std::string::npos);
    CHECK(dirty.out.find("content_differs") != std::string::npos);
    CHECK(dirty.out.find("missing") != std::string::npos);
    CHECK(dirty.err.find("2 objects") != std::string::npos);
}

TEST_CASE("ferry-cli run migrates the demo project's file workloads with no server", "[cli]") {
    // The demo's project and data generator, copied out so the source tree stays clean; the
    // generator writes the sample data next to itself.
    const fs::path demo = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo";
    TempDir t;
    const fs::path project = t.path("demo/retail-demo.json");
    fs::create_directories(project.parent_path());
    fs::copy_file(demo / "retail-demo.json", project);
    fs::copy_file(demo / "generate-sample-data.sh", t.path("demo/generate-sample-data.sh"));
    const std::string generate =
        "bash '" + t.path("demo/generate-sample-data.sh").string() + "' > /dev/null";
    REQUIRE(std::system(generate.c_str()) == 0);
    REQUIRE(fs::exists(t.path("demo/data/source/catalogue")));

    const auto dry = t.run({"run", project.string(), "--dry-run", "--json"});
    INFO(dry.err);
    REQUIRE(dry.status == 0);
    const json plan = parseOut(dry);
    CHECK(plan["dry_run"] == true);
    CHECK(plan["objects"]["pending"].get<int>() > 0);
    CHECK_FALSE(plan["estimate"]["egress_cost"].is_null());
    CHECK_FALSE(fs::exists(t.path("demo/data/target")));

    const auto r = t.run({"run", project.string(), "--json"});
    INFO(r.err);
    REQUIRE(r.status == 0);
    const json summary = parseOut(r);
    CHECK(summary["state"] == "finished");
    // Every data workload is copied, the databases table by table.
    for (const auto& p : summary["pairs"])
        CHECK(p["state"] == "done");
    CHECK(fs::exists(t.path("demo/data/target/aws/orders.sqlite")));
    CHECK(fs::exists(t.path("demo/data/target/aws/inventory.sqlite")));
    const fs::path data = t.path("demo/data");
    CHECK(tree(data / "target/aws/product-images") == tree(data / "source/product-images"));
    // The demo's mappings transform some objects on the way (docs/transforms.md): the messy
    // supplier feed is cleaned, the logs are compressed to .zst, the model is narrowed.
    auto catalogueSource = tree(data / "source/catalogue");
    auto catalogueTarget = tree(data / "target/aws/catalogue");
    const std::string feed = "imports/supplier-feed-messy.csv";
    REQUIRE(catalogueTarget.count(feed) == 1);
    CHECK(catalogueTarget[feed].size() < catalogueSource[feed].size());
    catalogueSource.erase(feed);
    catalogueTarget.erase(feed);
    CHECK(catalogueTarget == catalogueSource);
    std::map<std::string, std::string> logs;
    for (const auto& [name, bytes] : tree(data / "target/aliyun/behaviour-logs")) {
        REQUIRE(name.ends_with(".zst"));
        logs[name.substr(0, name.size() - 4)] =
            zstdDecompressed(data / "target/aliyun/behaviour-logs" / name);
    }
    CHECK(logs == tree(data / "source/behaviour-logs"));
    const auto model = tree(data / "source/recommendation-model");
    const auto narrowed = tree(data / "target/aliyun/recommendation-model");
    REQUIRE(narrowed.size() == model.size());
    CHECK(narrowed.at("config.json") == model.at("config.json"));
    CHECK(narrowed.at("recommender-v3.safetensors").size() <
          model.at("recommender-v3.safetensors").size() * 6 / 10);
    const fs::path journal = summary["journal"].get<std::string>();
    CHECK(journal.parent_path() == t.path("demo/retail-demo.runs"));

    // status reports what the transforms did, with the rows the cleaning could not clean.
    const auto status = t.run({"status", journal.string()});
    INFO(status.out << status.err);
    CHECK(status.status == 0);
    CHECK(status.out.find("Transforms:") != std::string::npos);
    CHECK(status.out.find("imports/supplier-feed-messy.csv: csv_clean dropped 3 duplicate rows") !=
          std::string::npos);
    CHECK(status.out.find("not cleaned: row ") != std::string::npos);
    CHECK(status.out.find("recommender-v3.safetensors: safetensors narrowed") != std::string::npos);
    const auto statusJson = t.run({"status", journal.string(), "--json"});
    REQUIRE(statusJson.status == 0);
    const json statusDoc = parseOut(statusJson);
    CHECK(statusDoc["transforms"].size() == 1 + 14 + 1); // the feed, 14 log parts, the model

    const auto verify = t.run({"verify", project.string()});
    INFO(verify.out << verify.err);
    CHECK(verify.status == 0);
    const auto again = t.run({"run", project.string(), "--json"});
    REQUIRE(again.status == 0);
    CHECK(parseOut(again)["objects"]["verified"] == 0);
}

TEST_CASE("kill -9 at random moments: resume finishes, nothing verified is copied twice",
          "[cli][slow]") {
    TempDir t;
    std::mt19937_64 rng(20270104);
    const fs::path src = t.path("src");
    for (int i = 0; i < 300; ++i) {
        const std::size_t size =
            i % 40 == 0 ? (2u << 20) + rng() % (4u << 20) : 1 + rng() % (64 * 1024);
        writeFile(src / ("d" + std::to_string(i % 7)) / ("obj-" + std::to_string(i)),
                  randomBytes(size, rng));
    }
    const auto expected = tree(src);
    std::uniform_int_distribution<int> delayMs(20, 1500);
    for (int trial = 0; trial < 20; ++trial) {
        INFO("trial " << trial);
        const fs::path dst = t.path("dst" + std::to_string(trial));
        const std::string journal = t.path("j" + std::to_string(trial) + ".journal").string();
        std::vector<std::string> args{"copy", src.string(), dst.string(), "--journal", journal};
        if (trial % 2 == 1) {
            args.push_back("--bwlimit");
            args.push_back("24M"); // slow enough for kills to land inside large files
        }
        Child child = t.start(args);
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(rng)));
        child.signal(SIGKILL);
        const CliRun killed = child.wait();
        // Every final name the kill left is a complete, correct copy.
        for (const auto& [name, bytes] : tree(dst))
            CHECK(bytes == expected.at(name));

        if (!fs::exists(journal))
            continue; // killed before the journal existed: nothing to resume
        const CliRun resumed = t.run({"resume", journal, "--bwlimit", "0", "--json"});
        INFO(resumed.out << resumed.err << " (killed run exit " << killed.status << ")");
        REQUIRE(resumed.status == 0);
        // Also no partial file: those of writes killed before their first checkpoint are
        // removed once the resumed run has finished.
        CHECK(tree(dst, true) == expected);
        std::set<long long> verified;
        for (const auto& [task, state] : journalHistory(journal)) {
            if (state == "verified")
                verified.insert(task);
            else if (state == "copying")
                CHECK(verified.count(task) == 0);
        }
        const json done = parseOut(resumed);
        CHECK(done["objects"]["verified"].get<int>() + done["objects"]["skipped"].get<int>() ==
              static_cast<int>(expected.size()));
    }
}
