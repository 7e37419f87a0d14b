#include "ProjectFormatFixtures.hpp"

#include <ferry/model/ProjectJson.hpp>
#include <ferry/model/ProjectStore.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <limits>
#include <set>

#include <sys/stat.h>

using namespace ferry::model;
using namespace ferry::model::testing;
namespace fs = std::filesystem;

namespace {

/// Runs SQL on a database file with foreign keys as given, for tests that edit a saved file.
void execSql(const fs::path& path, const std::string& sql, bool foreignKeys = true) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) == SQLITE_OK);
    char* message = nullptr;
    const std::string all =
        std::string("PRAGMA foreign_keys = ") + (foreignKeys ? "ON" : "OFF") + ";" + sql;
    const int rc = sqlite3_exec(db, all.c_str(), nullptr, nullptr, &message);
    const std::string text = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    INFO(text);
    REQUIRE(rc == SQLITE_OK);
}

/// The rows of a query as text, one string per row with columns joined by '|'.
std::vector<std::string> queryRows(const fs::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::vector<std::string> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(statement); ++c) {
            if (c)
                row += '|';
            const auto* text = sqlite3_column_text(statement, c);
            row += text ? reinterpret_cast<const char*>(text) : "NULL";
        }
        rows.push_back(row);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

ProjectData loadOk(const fs::path& path) {
    auto r = ProjectStore::load(path);
    if (!r)
        FAIL(r.error().code << " " << r.error().context << ": " << r.error().message);
    return std::move(r).value();
}

Error loadError(const fs::path& path) {
    auto r = ProjectStore::load(path);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().code << " " << r.error().context << ": " << r.error().message);
    CHECK_FALSE(r.error().message.empty());
    return r.error();
}

/// A project whose references dangle, whose ids repeat and whose numbers are absurd: the
/// store keeps it as it is, for validation to report.
ProjectData inconsistentProject() {
    ProjectData d = richProject();
    d.workloads.push_back(d.workloads[0]); // duplicate id
    d.workloads.back().site = "no-such-site";
    d.workloads.back().sizeGb = -12;
    d.workloads.back().vcpu = std::numeric_limits<int>::min();
    d.sites.push_back(d.sites[0]);
    d.sites.back().utcOffsetMinutes = 99999;
    d.dependencies.push_back({"ghost", "orders-db", -1, DependencyPolicy::Auto});
    d.mappings.push_back(Mapping{.workload = "ghost", .targetSite = "nowhere", .pinnedWave = -3});
    d.waves.push_back({"w1", "Duplicate wave id", 1, {"ghost", "ghost"}});
    Link broken;
    broken.id = "dc1-aws";
    broken.from = "nowhere";
    broken.bandwidthMbps = 0;
    broken.latencyMs = 1e300;
    broken.egressPricePerGb = -0.0;
    TimeWindow odd;
    odd.days = 0;
    odd.startMinute = 900;
    odd.endMinute = 5;
    broken.windows = {odd};
    d.links.push_back(broken);
    d.info.name = "";
    d.info.description = std::string("nul \0 inside", 12);
    return d;
}

} // namespace

TEST_CASE("store: a rich project saves and loads unchanged", "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "retail.ferry";
    const ProjectData original = richProject();
    REQUIRE(ProjectStore::save(original, path).ok());
    CHECK(loadOk(path) == original);
    CHECK(folder.entries() == std::vector<std::string>{"retail.ferry"});
}

TEST_CASE("store: JSON to .ferry to JSON gives the identical document", "[model]") {
    ScratchFolder folder;
    const std::string json = ProjectJson::serialize(richProject());
    const ProjectData fromJson = ProjectJson::parse(json).value();
    REQUIRE(ProjectStore::save(fromJson, folder / "p.ferry").ok());
    CHECK(ProjectJson::serialize(loadOk(folder / "p.ferry")) == json);

    // The same through the extension-driven entry points.
    writeBytes(folder / "in.json", json);
    auto viaJson = loadProjectFile(folder / "in.json");
    REQUIRE(viaJson.ok());
    REQUIRE(saveProjectFile(*viaJson, folder / "mid.ferry").ok());
    auto viaStore = loadProjectFile(folder / "mid.ferry");
    REQUIRE(viaStore.ok());
    REQUIRE(saveProjectFile(*viaStore, folder / "out.json").ok());
    CHECK(readBytes(folder / "out.json") == json);
}

TEST_CASE("store: inconsistent data is kept faithfully for validation", "[model]") {
    ScratchFolder folder;
    const ProjectData original = inconsistentProject();
    REQUIRE(ProjectStore::save(original, folder / "p.ferry").ok());
    const ProjectData back = loadOk(folder / "p.ferry");
    CHECK(back == original);
    CHECK(back.info.description.size() == 12);
    CHECK(back.links.back().windows == original.links.back().windows);
}

TEST_CASE("store: an empty project round-trips", "[model]") {
    ScratchFolder folder;
    const ProjectData empty;
    REQUIRE(ProjectStore::save(empty, folder / "e.ferry").ok());
    CHECK(loadOk(folder / "e.ferry") == empty);
}

TEST_CASE("store: the file layout is the documented one", "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "p.ferry";
    REQUIRE(ProjectStore::save(richProject(), path).ok());

    CHECK(readBytes(path).substr(0, 16) == std::string("SQLite format 3\0", 16));
    CHECK(queryRows(path, "SELECT version FROM schema_version") ==
          std::vector<std::string>{std::to_string(kProjectStoreSchemaVersion)});
    CHECK(queryRows(path, "PRAGMA application_id") ==
          std::vector<std::string>{std::to_string(0x46455259)});
    const auto tables = queryRows(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "ORDER BY name");
    CHECK(tables == std::vector<std::string>{"dependencies", "link_windows", "links", "mappings",
                                             "project_info", "scenarios", "schema_version", "sites",
                                             "wave_members", "waves", "workload_tags",
                                             "workloads"});
    // Child rows belong to their parent row through a foreign key.
    CHECK(
        queryRows(path, "SELECT \"table\", \"to\" FROM pragma_foreign_key_list('workload_tags')") ==
        std::vector<std::string>{"workloads|seq"});
    CHECK(
        queryRows(path, "SELECT \"table\", \"to\" FROM pragma_foreign_key_list('link_windows')") ==
        std::vector<std::string>{"links|seq"});
    CHECK(
        queryRows(path, "SELECT \"table\", \"to\" FROM pragma_foreign_key_list('wave_members')") ==
        std::vector<std::string>{"waves|seq"});
    // Lists keep their order (not sorted by id), JSON fields are JSON text.
    CHECK(queryRows(path, "SELECT id FROM workloads ORDER BY seq") ==
          std::vector<std::string>{"orders-db", "checkout-svc", "media", "ranker"});
    CHECK(queryRows(path, "SELECT tag FROM workload_tags WHERE workload_seq = 0 ORDER BY seq") ==
          std::vector<std::string>{"pci", "tier-1", "標籤"});
    CHECK(nlohmann::json::parse(queryRows(path, "SELECT assumptions FROM project_info")[0]) ==
          richProject().info.assumptions);
    CHECK(queryRows(path, "SELECT egress_price_per_gb FROM links ORDER BY seq") ==
          std::vector<std::string>{"0.02", "NULL"});
    CHECK(queryRows(path, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(queryRows(path, "PRAGMA foreign_key_check").empty());
}

TEST_CASE("store: loading never writes the file", "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "p.ferry";
    REQUIRE(ProjectStore::save(richProject(), path).ok());
    const std::string before = readBytes(path);
    const auto modified = fs::last_write_time(path);
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read);
    CHECK(loadOk(path) == richProject());
    CHECK(readBytes(path) == before);
    CHECK(fs::last_write_time(path) == modified);
    CHECK(folder.entries() == std::vector<std::string>{"p.ferry"});
}

TEST_CASE("store: a version 1 file (mappings without transforms) is upgraded on load",
          "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "v1.ferry";
    ProjectData data = richProject();
    REQUIRE(ProjectStore::save(data, path).ok());
    // Make it the version 1 layout: no transforms column.
    execSql(path, "ALTER TABLE mappings DROP COLUMN transforms; "
                  "UPDATE schema_version SET version = 1;");
    const ProjectData loaded = loadOk(path);
    for (Mapping& m : data.mappings)
        m.transforms = nlohmann::json::array();
    CHECK(loaded == data);
}

TEST_CASE("store: a file from a newer Ferry is refused and left alone", "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "future.ferry";
    REQUIRE(ProjectStore::save(richProject(), path).ok());
    execSql(path, "UPDATE schema_version SET version = " +
                      std::to_string(kProjectStoreSchemaVersion + 1) +
                      "; CREATE TABLE new_things (x INTEGER);");
    const std::string before = readBytes(path);
    const Error e = loadError(path);
    CHECK(e.code == "store.version");
    CHECK(e.message.find("newer Ferry") != std::string::npos);
    CHECK(e.message.find("upgrade Ferry") != std::string::npos);
    CHECK(e.context == path.string());
    CHECK(readBytes(path) == before);
}

TEST_CASE("store: impossible schema versions are refused", "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "p.ferry";
    REQUIRE(ProjectStore::save(richProject(), path).ok());
    SECTION("version 0") {
        execSql(path, "UPDATE schema_version SET version = 0");
        CHECK(loadError(path).code == "store.version");
    }
    SECTION("two version rows") {
        execSql(path, "INSERT INTO schema_version VALUES (1)");
        CHECK(loadError(path).code == "store.corrupt");
    }
    SECTION("no schema_version table") {
        execSql(path, "DROP TABLE schema_version");
        CHECK(loadError(path).code == "store.corrupt");
    }
}

TEST_CASE("store: files that are not Ferry projects are recognised", "[model]") {
    ScratchFolder folder;
    SECTION("a text file named .ferry") {
        writeBytes(folder / "notes.ferry", "hello, this is not a database\n");
        const Error e = loadError(folder / "notes.ferry");
        CHECK(e.code == "store.not_ferry");
        CHECK(e.message.find("not a Ferry project") != std::string::npos);
    }
    SECTION("a JSON project named .ferry") {
        writeBytes(folder / "p.ferry", ProjectJson::serialize(richProject()));
        const Error e = loadError(folder / "p.ferry");
        CHECK(e.code == "store.not_ferry");
        CHECK(e.message.find(".json") != std::string::npos);
    }
    SECTION("an empty file") {
        writeBytes(folder / "empty.ferry", "");
        CHECK(loadError(folder / "empty.ferry").code == "store.not_ferry");
    }
    SECTION("another program's SQLite database") {
        execSql(folder / "other.ferry", "CREATE TABLE schema_version (version INTEGER); "
                                        "INSERT INTO schema_version VALUES (1);");
        const Error e = loadError(folder / "other.ferry");
        CHECK(e.code == "store.not_ferry");
        CHECK(e.message.find("not a Ferry project") != std::string::npos);
    }
    SECTION("a damaged database") {
        REQUIRE(ProjectStore::save(richProject(), folder / "p.ferry").ok());
        std::string bytes = readBytes(folder / "p.ferry");
        for (std::size_t i = 4096; i < bytes.size(); ++i)
            bytes[i] = '\x5a';
        writeBytes(folder / "p.ferry", bytes);
        const Error e = loadError(folder / "p.ferry");
        CHECK(e.code == "store.corrupt");
    }
}

TEST_CASE("store: damaged rows are reported with table, row and column", "[model]") {
    ScratchFolder folder;
    const fs::path path = folder / "p.ferry";
    REQUIRE(ProjectStore::save(richProject(), path).ok());
    SECTION("an unknown enum spelling") {
        execSql(path, "UPDATE sites SET provider = 'ibm' WHERE seq = 1");
        const Error e = loadError(path);
        CHECK(e.code == "store.corrupt");
        CHECK(e.message.find("provider") != std::string::npos);
        CHECK(e.message.find("sites") != std::string::npos);
        CHECK(e.message.find("ibm") != std::string::npos);
    }
    SECTION("a tag whose workload row is gone") {
        execSql(path, "INSERT INTO workload_tags VALUES (77, 0, 'orphan')", false);
        const Error e = loadError(path);
        CHECK(e.code == "store.corrupt");
        CHECK(e.message.find("workload_tags") != std::string::npos);
    }
    SECTION("JSON text that is not an object") {
        execSql(path, "UPDATE project_info SET assumptions = '[1,'");
        CHECK(loadError(path).code == "store.corrupt");
    }
}

TEST_CASE("store: missing paths and folders give io.read", "[model]") {
    ScratchFolder folder;
    const Error missing = loadError(folder / "nope.ferry");
    CHECK(missing.code == "io.read");
    CHECK(missing.message.find("does not exist") != std::string::npos);
    CHECK_FALSE(fs::exists(folder / "nope.ferry"));
    CHECK(loadError(folder.path()).code == "io.read");
}

TEST_CASE("store: a failed save leaves the existing file byte-for-byte unchanged", "[model]") {
    ScratchFolder folder;
    const fs::path target = folder / "p.ferry";
    REQUIRE(ProjectStore::save(richProject(), target).ok());
    const std::string before = readBytes(target);
    ProjectData big = richProject();
    for (int i = 0; i < 20000; ++i) {
        Workload w = big.workloads[0];
        w.id = "w" + std::to_string(i);
        big.workloads.push_back(w);
    }

    SECTION("a full disk") {
        Result<void> r = success();
        {
            FileSizeLimit limit(256 * 1024);
            r = ProjectStore::save(big, target);
        }
        REQUIRE_FALSE(r.ok());
        INFO(r.error().message);
        CHECK(r.error().code == "io.write");
        // A size limit surfaces as ENOSPC-like "full" or as SQLite's generic disk I/O error,
        // depending on when SQLite writes its pages.
        CHECK((r.error().message.find("full") != std::string::npos ||
               r.error().message.find("disk I/O error") != std::string::npos));
        CHECK(r.error().message.find("unchanged") != std::string::npos);
    }
    SECTION("a number SQLite would turn into NULL") {
        ProjectData bad = richProject();
        bad.links[0].latencyMs = std::numeric_limits<double>::quiet_NaN();
        auto r = ProjectStore::save(bad, target);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "store.value");
        CHECK(r.error().message.find("/links/0/latency_ms") != std::string::npos);
    }
    SECTION("a read-only folder") {
        fs::permissions(folder.path(), fs::perms::owner_read | fs::perms::owner_exec);
        if (permissionsAreIgnored(folder.path())) {
            fs::permissions(folder.path(), fs::perms::owner_all);
            WARN("running with permission checks disabled (root): a read-only folder cannot be "
                 "simulated; the full-disk and missing-folder cases cover the failure path");
        } else {
            auto r = ProjectStore::save(big, target);
            fs::permissions(folder.path(), fs::perms::owner_all);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == "io.write");
            CHECK(r.error().message.find("permission") != std::string::npos);
        }
    }
    CHECK(readBytes(target) == before);
    CHECK(folder.entries() == std::vector<std::string>{"p.ferry"});
    CHECK(loadOk(target) == richProject());
}

TEST_CASE("store: saving where no file can be created gives a clear error", "[model]") {
    ScratchFolder folder;
    SECTION("a missing folder") {
        auto r = ProjectStore::save(richProject(), folder / "missing" / "p.ferry");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.write");
        CHECK(r.error().message.find("does not exist") != std::string::npos);
    }
    SECTION("a parent that is a regular file") {
        writeBytes(folder / "file", "x");
        auto r = ProjectStore::save(richProject(), folder / "file" / "p.ferry");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.write");
        CHECK(readBytes(folder / "file") == "x");
    }
    SECTION("a target that is a folder") {
        fs::create_directory(folder / "d.ferry");
        auto r = ProjectStore::save(richProject(), folder / "d.ferry");
        REQUIRE_FALSE(r.ok());
        CHECK(fs::is_directory(folder / "d.ferry"));
        CHECK(folder.entries() == std::vector<std::string>{"d.ferry"});
    }
}

TEST_CASE("store: saving replaces an existing file and keeps its permissions", "[model]") {
    ScratchFolder folder;
    const fs::path target = folder / "p.ferry";
    writeBytes(target, "an older file of any kind");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    REQUIRE(ProjectStore::save(richProject(), target).ok());
    CHECK(loadOk(target) == richProject());
    CHECK(fs::status(target).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(folder.entries() == std::vector<std::string>{"p.ferry"});
}

TEST_CASE("project files: the format follows the extension, else the content", "[model]") {
    ScratchFolder folder;
    const ProjectData data = richProject();
    REQUIRE(saveProjectFile(data, folder / "a.json").ok());
    REQUIRE(saveProjectFile(data, folder / "b.ferry").ok());
    REQUIRE(saveProjectFile(data, folder / "c.FERRY").ok());
    CHECK(readBytes(folder / "a.json") == ProjectJson::serialize(data));
    CHECK(readBytes(folder / "b.ferry").substr(0, 15) == "SQLite format 3");
    CHECK(readBytes(folder / "c.FERRY").substr(0, 15) == "SQLite format 3");

    fs::copy_file(folder / "a.json", folder / "a.backup");
    fs::copy_file(folder / "b.ferry", folder / "b.backup");
    fs::copy_file(folder / "a.json", folder / "noextension");
    for (const char* name :
         {"a.json", "b.ferry", "c.FERRY", "a.backup", "b.backup", "noextension"}) {
        INFO(name);
        auto r = loadProjectFile(folder / name);
        REQUIRE(r.ok());
        CHECK(*r == data);
    }

    writeBytes(folder / "notes.txt", "plain text");
    auto unknown = loadProjectFile(folder / "notes.txt");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "io.format");
    CHECK(loadProjectFile(folder / "missing.txt").error().code == "io.read");

    auto badSave = saveProjectFile(data, folder / "p.txt");
    REQUIRE_FALSE(badSave.ok());
    CHECK(badSave.error().code == "io.format");
    CHECK_FALSE(fs::exists(folder / "p.txt"));
}

TEST_CASE("store: 100k workloads round-trip through a .ferry file", "[model][slow]") {
    ScratchFolder folder;
    ProjectData big;
    big.sites.push_back(Site{.id = "dc1", .name = "DC"});
    big.workloads.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        const std::string id = "workload-" + std::to_string(i);
        Workload w;
        w.id = id;
        w.name = "Workload " + std::to_string(i);
        w.site = "dc1";
        w.sizeGb = i * 0.5;
        w.tags = {"t" + std::to_string(i % 7), "all"};
        w.endpoint = "file://${project_dir}/data/" + std::to_string(i);
        big.workloads.push_back(std::move(w));
        if (i > 0)
            big.dependencies.push_back({id, "workload-0", 1, DependencyPolicy::Auto});
    }
    const fs::path path = folder / "big.ferry";
    // Speed is measured by benchmarks, not here; this checks that size costs no fidelity.
    REQUIRE(ProjectStore::save(big, path).ok());
    const ProjectData back = loadOk(path);
    CHECK(back == big);
}
