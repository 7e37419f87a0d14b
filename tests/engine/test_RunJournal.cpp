#include <ferry/engine/RunJournal.hpp>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace ferry::engine;
namespace fs = std::filesystem;

namespace {

fs::path freshDir(const std::string& name) {
    std::string pattern =
        (fs::temp_directory_path() / ("ferry-journal-" + name + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

} // namespace

TEST_CASE("a run journal keeps pairs, tasks and every state change across reopening", "[engine]") {
    const fs::path dir = freshDir("roundtrip");
    const fs::path path = dir / "runs" / "r.journal";
    const std::string runId = RunJournal::newRunId();
    CHECK(runId.rfind("run-", 0) == 0);
    std::int64_t pairId = 0;
    std::vector<std::int64_t> ids;
    {
        auto journal = RunJournal::create(path, runId, {{"parallel", 3}}, "/p/project.json");
        REQUIRE(journal.ok());
        auto& j = **journal;
        auto pair = j.addPair({0, "file:///src", "file:///dst", "share", 2, "pending", ""});
        REQUIRE(pair.ok());
        pairId = *pair;
        auto skipped = j.addPair({0, "sqlite:///a.db", "sqlite:///b.db", "db", 1, "skipped",
                                  "skipped: strategy retire moves no data"});
        REQUIRE(skipped.ok());
        auto added = j.addTasks(pairId, {{"a.txt", 10, 111, TaskState::Queued, "", ""},
                                         {"b.txt", 20, 222, TaskState::Skipped, "identical", ""},
                                         {"big.bin", 1000, 333, TaskState::Queued, "", ""}});
        REQUIRE(added.ok());
        ids = *added;
        REQUIRE(ids.size() == 3);
        REQUIRE(j.setRunState("running").ok());
        j.recordState(ids[0], TaskState::Copying, 0);
        j.recordSourceHash(ids[0], "abc");
        j.recordState(ids[0], TaskState::Written, 10);
        j.recordState(ids[0], TaskState::Verified, 10);
        j.recordState(ids[2], TaskState::Copying, 0);
        j.recordCheckpoint(ids[2], 400, "file:1:400:token");
        // No flush: the destructor commits what is queued.
    }
    auto reopened = RunJournal::open(path, true);
    REQUIRE(reopened.ok());
    auto& j = **reopened;
    auto run = j.run();
    REQUIRE(run.ok());
    CHECK(run->runId == runId);
    CHECK(run->state == "running");
    CHECK(run->options["parallel"] == 3);
    CHECK(run->project == "/p/project.json");

    auto pairs = j.pairs();
    REQUIRE(pairs.ok());
    REQUIRE(pairs->size() == 2);
    CHECK(pairs->at(0).wave == 1); // ordered by wave
    CHECK(pairs->at(0).state == "skipped");
    CHECK(pairs->at(0).note == "skipped: strategy retire moves no data");
    CHECK(pairs->at(1).state == "listed");

    auto tasks = j.tasks(pairId);
    REQUIRE(tasks.ok());
    REQUIRE(tasks->size() == 3);
    CHECK(tasks->at(0).state == TaskState::Verified);
    CHECK(tasks->at(0).attempts == 1);
    CHECK(tasks->at(0).sourceHash == "abc");
    CHECK(tasks->at(1).state == TaskState::Skipped);
    CHECK(tasks->at(1).error == "identical");
    CHECK(tasks->at(2).state == TaskState::Copying);
    CHECK(tasks->at(2).bytesDone == 400);
    CHECK(tasks->at(2).resumeToken == "file:1:400:token");
    CHECK(tasks->at(2).mtimeNs == 333);

    auto history = j.history(ids[0]);
    REQUIRE(history.ok());
    std::vector<std::string> states;
    for (const auto& change : *history)
        states.push_back(change.state);
    CHECK(states == std::vector<std::string>{"queued", "copying", "written", "verified"});
    for (std::size_t i = 1; i < history->size(); ++i)
        CHECK(history->at(i).timeNs >= history->at(i - 1).timeNs);
    auto big = j.history(ids[2]);
    REQUIRE(big.ok());
    REQUIRE(big->size() == 3);
    CHECK(big->back().state == "checkpoint");
    CHECK(big->back().bytes == 400);
    fs::remove_all(dir);
}

TEST_CASE("a run journal is never overwritten and other files are not taken for one", "[engine]") {
    const fs::path dir = freshDir("refuse");
    const fs::path path = dir / "r.journal";
    REQUIRE(RunJournal::create(path, "run-1", nlohmann::json::object()).ok());
    auto again = RunJournal::create(path, "run-2", nlohmann::json::object());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == "journal.exists");
    auto first = RunJournal::open(path);
    REQUIRE(first.ok());
    CHECK((*first)->run()->runId == "run-1");

    const fs::path text = dir / "notes.txt";
    std::ofstream(text) << "not a journal";
    auto wrong = RunJournal::open(text);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "journal.format");
    auto missing = RunJournal::open(dir / "absent.journal");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "journal.not_found");
    fs::remove_all(dir);
}

TEST_CASE("listing a pair again replaces the listing an interrupted run left", "[engine]") {
    const fs::path dir = freshDir("relist");
    auto journal = RunJournal::create(dir / "r.journal", "run-1", nlohmann::json::object());
    REQUIRE(journal.ok());
    auto& j = **journal;
    auto pair = j.addPair({0, "memory://a", "memory://b", "", 1, "pending", ""});
    REQUIRE(pair.ok());
    REQUIRE(j.addTasks(*pair, {{"x", 1, 1, TaskState::Queued, "", ""}}).ok());
    REQUIRE(j.addTasks(*pair, {{"y", 2, 2, TaskState::Queued, "", ""},
                               {"z", 3, 3, TaskState::Queued, "", ""}})
                .ok());
    auto tasks = j.tasks();
    REQUIRE(tasks.ok());
    REQUIRE(tasks->size() == 2);
    CHECK(tasks->at(0).key == "y");
    CHECK(tasks->at(1).key == "z");
    fs::remove_all(dir);
}

TEST_CASE("a journal keeps each pair's transforms and each object's transform report; journals "
          "from before transforms still open",
          "[engine]") {
    const fs::path dir = freshDir("transforms");
    const fs::path path = dir / "r.journal";
    const nlohmann::json transforms = nlohmann::json::parse(R"([{"type":"zstd","level":3}])");
    std::int64_t taskId = 0;
    {
        JournalPair pair{0, "file:///src", "file:///dst", "logs", 1, "pending", "", transforms};
        auto journal = RunJournal::create(path, "run-x", nlohmann::json::object(), "", {pair});
        REQUIRE(journal.ok());
        auto pairs = (*journal)->pairs();
        REQUIRE(pairs.ok());
        REQUIRE(pairs->size() == 1);
        CHECK(pairs->at(0).transforms == transforms);
        auto ids =
            (*journal)->addTasks(pairs->at(0).id, {{"a.log", 10, 1, TaskState::Queued, "", ""}});
        REQUIRE(ids.ok());
        taskId = ids->at(0);
        (*journal)->recordTransformReport(taskId, {{"transforms", nlohmann::json::array()}});
    }
    {
        auto journal = RunJournal::open(path, true);
        REQUIRE(journal.ok());
        auto tasks = (*journal)->tasks();
        REQUIRE(tasks.ok());
        CHECK(nlohmann::json::parse(tasks->at(0).transformReport) ==
              nlohmann::json{{"transforms", nlohmann::json::array()}});
    }

    // The same journal as a Ferry without transforms wrote it (schema version 1).
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    for (const char* sql :
         {"ALTER TABLE pairs DROP COLUMN transforms",
          "ALTER TABLE tasks DROP COLUMN transform_report", "PRAGMA user_version=1"})
        REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    {
        auto readOnly = RunJournal::open(path, true);
        REQUIRE(readOnly.ok());
        auto pairs = (*readOnly)->pairs();
        REQUIRE(pairs.ok());
        CHECK(pairs->at(0).transforms == nlohmann::json::array());
        auto tasks = (*readOnly)->tasks();
        REQUIRE(tasks.ok());
        CHECK(tasks->at(0).key == "a.log");
        CHECK(tasks->at(0).transformReport.empty());
    }
    {
        auto writable = RunJournal::open(path);
        REQUIRE(writable.ok());
        (*writable)->recordTransformReport(taskId, {{"transforms", nlohmann::json::array()}});
        auto tasks = (*writable)->tasks();
        REQUIRE(tasks.ok());
        CHECK_FALSE(tasks->at(0).transformReport.empty());
        auto pairs = (*writable)->pairs();
        REQUIRE(pairs.ok());
        CHECK(pairs->at(0).transforms == nlohmann::json::array());
    }
    fs::remove_all(dir);
}
