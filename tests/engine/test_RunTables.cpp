// Database pairs in a run: SQLite into PostgreSQL table by table, chunks recorded in the
// journal, verification on both sides, indexes and foreign keys after the data; kill -9 of
// ferry-cli in the middle of a table and resume; the demo project's databases into PostgreSQL.
#include "PostgresTestCluster.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/RunPlan.hpp>
#include <ferry/engine/TableConnector.hpp>
#include <ferry/engine/TargetVerifier.hpp>
#include <ferry/engine/VerificationReportDocument.hpp>
#include <ferry/model/ProjectJson.hpp>
#include <ferry/model/Report.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <fcntl.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::engine;
namespace fs = std::filesystem;
using ferry::engine::test::PostgresTestCluster;

namespace {

const fs::path kDemo = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo";

struct Scratch {
    fs::path root;
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "ferry-runtables-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

void demoData() {
    if (!fs::exists(kDemo / "data" / "source" / "orders.sqlite"))
        REQUIRE(
            std::system(("bash '" + (kDemo / "generate-sample-data.sh").string() + "' > /dev/null")
                            .c_str()) == 0);
}

std::int64_t sqliteCount(const fs::path& file, const std::string& table) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    const std::string sql = "SELECT count(*) FROM \"" + table + "\"";
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(s) == SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
}

void sqliteExec(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

/// A source database big enough that a kill lands in the middle of a table: customers and
/// orders (with a foreign key and an index), 60,000 rows in all.
fs::path bigSource(const fs::path& folder) {
    const fs::path file = folder / "shop.sqlite";
    std::string sql = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                      "score REAL);"
                      "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL "
                      "REFERENCES customers(id), note TEXT, cents INTEGER NOT NULL);"
                      "CREATE INDEX orders_by_customer ON orders(customer);"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                      "20000) INSERT INTO customers SELECT i, 'customer ' || i, i * 0.25 FROM n;"
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                      "40000) INSERT INTO orders SELECT i, 1 + (i * 7) % 20000, CASE WHEN i % 5 "
                      "= 0 THEN NULL ELSE 'note ' || hex(randomblob(8)) END, i * 13 FROM n;";
    sqliteExec(file, sql);
    return file;
}

struct Spawned {
    pid_t pid = -1;
    int wait() const {
        int status = 0;
        ::waitpid(pid, &status, 0);
        return status;
    }
};

Spawned spawnCli(const std::vector<std::string>& args, const fs::path& log) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::vector<char*> argv;
        std::string cli = FERRY_CLI_PATH;
        argv.push_back(cli.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
        }
        ::execv(cli.c_str(), argv.data());
        ::_exit(127);
    }
    return {pid};
}

int runCli(const std::vector<std::string>& args, const fs::path& log) {
    const int status = spawnCli(args, log).wait();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("a database pair copies SQLite into PostgreSQL table by table, chunk by chunk, and "
          "verifies every table",
          "[engine][postgres]") {
    demoData();
    auto& pg = PostgresTestCluster::shared();
    Scratch scratch;
    const fs::path source = scratch.root / "orders.sqlite";
    fs::copy_file(kDemo / "data" / "source" / "orders.sqlite", source);
    const std::string db = pg.createDatabase("runorders");
    const auto registry = ConnectorRegistry::withBuiltins();
    RunOptions options;
    options.tableChunkRows = 500;
    RunContext context;
    context.registry = &registry;
    context.journalPath = scratch.root / "run.journal";
    std::vector<RunPair> pairs{{"sqlite://" + source.string(), pg.uri(db), "orders-db", 1, ""}};
    auto run = Run::create(pairs, options, context);
    REQUIRE(run.ok());
    auto summary = (*run)->execute();
    REQUIRE(summary.ok());
    INFO(summary->toJson().dump(2));
    CHECK(summary->state == "finished");
    CHECK(summary->objectsVerified == 3);
    for (const std::string table : {"customers", "orders", "order_items"})
        CHECK(std::stoll(pg.query(db, "SELECT count(*) FROM " + table)) ==
              sqliteCount(source, table));
    // Foreign keys and the unique index came after the data; the identity continues.
    CHECK(std::stoi(pg.query(db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")) >= 2);
    CHECK(pg.query(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_by_customer'") ==
          "1");
    const auto maxId = std::stoll(pg.query(db, "SELECT max(customer_id) FROM customers"));
    CHECK(std::stoll(pg.query(db, "INSERT INTO customers (email, full_name, city, created_at) "
                                  "VALUES ('new@example.org', 'New', 'Suzhou', '2026-01-01') "
                                  "RETURNING customer_id")) == maxId + 1);
    // Each chunk was a journal entry: the 2,000 orders in chunks of 500 left 4 checkpoints.
    auto journal = RunJournal::open(context.journalPath, true);
    REQUIRE(journal.ok());
    auto tasks = (*journal)->tasks();
    REQUIRE(tasks.ok());
    for (const auto& t : *tasks) {
        if (t.key != "orders")
            continue;
        auto history = (*journal)->history(t.id);
        REQUIRE(history.ok());
        int checkpoints = 0;
        for (const auto& change : *history)
            checkpoints += change.state == "checkpoint";
        CHECK(checkpoints == 4);
        CHECK(t.state == TaskState::Verified);
        CHECK(t.sourceHash.size() == 64);
    }
}

TEST_CASE("kill -9 in the middle of a table copy: resume continues at the next chunk with no "
          "duplicate and no missing row",
          "[engine][postgres][slow]") {
    auto& pg = PostgresTestCluster::shared();
    Scratch scratch;
    const fs::path source = bigSource(scratch.root);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> delayMs(300, 1500);
    int resumedMidTable = 0;
    for (int trial = 0; trial < 4; ++trial) {
        INFO("trial " << trial);
        const std::string db = pg.createDatabase("killed");
        const fs::path journal = scratch.root / ("j" + std::to_string(trial) + ".journal");
        const fs::path log = scratch.root / ("log" + std::to_string(trial));
        // About 1 MiB/s over ~2.6 MB of rows: a few seconds, so the kill lands inside a table.
        const std::vector<std::string> args{"copy",
                                            "sqlite://" + source.string(),
                                            pg.uri(db),
                                            "--journal",
                                            journal.string(),
                                            "--table-chunk-rows",
                                            "1000",
                                            "--bwlimit",
                                            "1M"};
        Spawned child = spawnCli(args, log);
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(rng)));
        ::kill(child.pid, SIGKILL);
        child.wait();
        if (!fs::exists(journal))
            continue;
        {
            auto j = RunJournal::open(journal, true);
            REQUIRE(j.ok());
            auto tasks = (*j)->tasks();
            REQUIRE(tasks.ok());
            for (const auto& t : *tasks)
                resumedMidTable += t.state == TaskState::Copying && t.bytesDone > 0;
        }
        const fs::path resumeLog = scratch.root / ("resume" + std::to_string(trial));
        const int status = runCli({"resume", journal.string(), "--bwlimit", "0"}, resumeLog);
        INFO(slurp(resumeLog));
        REQUIRE(status == 0);
        for (const std::string table : {"customers", "orders"}) {
            CHECK(std::stoll(pg.query(db, "SELECT count(*) FROM " + table)) ==
                  sqliteCount(source, table));
            CHECK(std::stoll(pg.query(db, "SELECT count(DISTINCT id) FROM " + table)) ==
                  sqliteCount(source, table));
        }
        CHECK(std::stoll(pg.query(db, "SELECT sum(cents) FROM orders")) ==
              std::int64_t{13} * 40000 * 40001 / 2);
    }
    // At least one kill left a table half copied, resumed from its last recorded chunk.
    CHECK(resumedMidTable > 0);
}

TEST_CASE("the demo project's databases migrate into PostgreSQL with verification",
          "[engine][postgres]") {
    demoData();
    auto& pg = PostgresTestCluster::shared();
    Scratch scratch;
    fs::create_directories(scratch.root / "data");
    fs::copy(kDemo / "data" / "source", scratch.root / "data" / "source",
             fs::copy_options::recursive);
    auto project = model::ProjectJson::readFile(kDemo / "retail-demo.json");
    REQUIRE(project.ok());
    model::ProjectData data = *project;
    const std::string db = pg.createDatabase("demo");
    for (auto& m : data.mappings) {
        if (m.workload == "orders-db")
            m.targetEndpoint = pg.uri(db, "schema=orders");
        if (m.workload == "inventory-db")
            m.targetEndpoint = pg.uri(db, "schema=inventory");
    }
    ProjectRunSelection onlyDatabases;
    std::vector<RunPair> pairs;
    for (const std::string workload : {"orders-db", "inventory-db"}) {
        onlyDatabases.workload = workload;
        auto plan = planProjectRun(data, onlyDatabases);
        REQUIRE(plan.ok());
        REQUIRE(plan->pairs.size() == 1);
        CHECK(plan->pairs[0].skipReason.empty());
        pairs.push_back(plan->pairs[0]);
    }
    const auto registry = ConnectorRegistry::withBuiltins();
    RunOptions options;
    options.projectDir = scratch.root.string();
    RunContext context;
    context.registry = &registry;
    context.journalPath = scratch.root / ".ferry-runs" / "db.journal";
    auto run = Run::create(pairs, options, context);
    REQUIRE(run.ok());
    auto summary = (*run)->execute();
    REQUIRE(summary.ok());
    INFO(summary->toJson().dump(2));
    CHECK(summary->state == "finished");
    CHECK(summary->objectsVerified == 3 + 4); // orders: 3 tables, inventory: 4
    CHECK(summary->objectsFailed == 0);
    CHECK(std::stoll(pg.query(db, "SELECT count(*) FROM orders.orders")) ==
          sqliteCount(scratch.root / "data/source/orders.sqlite", "orders"));
    CHECK(std::stoll(pg.query(db, "SELECT count(*) FROM inventory.stock_levels")) ==
          sqliteCount(scratch.root / "data/source/inventory.sqlite", "stock_levels"));
    CHECK(std::stoi(pg.query(db, "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON "
                                 "n.oid = c.connamespace WHERE contype = 'f' AND nspname = "
                                 "'inventory'")) == 4);

    // verify (and the verification report) checks every table by rows and content hash.
    const VerificationReport checked = verifyTargets(pairs, registry, scratch.root.string(), 2);
    CHECK(checked.ok == 7);
    CHECK(checked.problems == 0);
    for (const ObjectCheck& o : checked.objects) {
        CHECK(o.table);
        CHECK(o.detail.rfind("sha256 ", 0) == 0);
    }
    const auto document = buildVerificationReport(checked, "demo", "2026-11-28");
    const std::string html = model::reportToHtml(document);
    CHECK(html.find("5023 rows") != std::string::npos); // order_items
    CHECK(html.find("Database tables checked") != std::string::npos);

    // A second run finds every table already identical at the target and copies nothing.
    auto again = Run::create(pairs, options, [&] {
        RunContext c = context;
        c.journalPath = scratch.root / ".ferry-runs" / "again.journal";
        return c;
    }());
    REQUIRE(again.ok());
    auto second = (*again)->execute();
    REQUIRE(second.ok());
    INFO(second->toJson().dump(2));
    CHECK(second->state == "finished");
    CHECK(second->objectsSkipped == 7);
    CHECK(second->objectsVerified == 0);

    // A target table that differs is not overwritten: that table fails, naming what to do.
    pg.query(db, "DELETE FROM orders.order_items WHERE order_id = 7");
    auto third = Run::create(pairs, options, [&] {
        RunContext c = context;
        c.journalPath = scratch.root / ".ferry-runs" / "third.journal";
        return c;
    }());
    REQUIRE(third.ok());
    auto differs = (*third)->execute();
    REQUIRE(differs.ok());
    CHECK(differs->state == "failed");
    REQUIRE(differs->failures.size() == 1);
    CHECK(differs->failures[0].key == "order_items");
    CHECK(differs->failures[0].message.find("already exists at the target") != std::string::npos);
}
