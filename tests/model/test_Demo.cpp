#include <catch2/catch.hpp>

#include <ferry/model/ProjectJson.hpp>
#include <ferry/model/Validator.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

using namespace ferry::model;
namespace fs = std::filesystem;

namespace {

const fs::path kDemoDir = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo";
const fs::path kDemo = kDemoDir / "retail-demo.json";

ProjectData loadDemo() {
    auto loaded = ProjectJson::readFile(kDemo);
    INFO((loaded.ok() ? std::string() : loaded.error().toString()));
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
}

bool isDataStore(WorkloadKind kind) {
    return kind == WorkloadKind::Database || kind == WorkloadKind::FileShare ||
           kind == WorkloadKind::ObjectBucket || kind == WorkloadKind::ModelArtifact;
}

/// The local path behind a file:// or sqlite:// endpoint of the demo.
fs::path localPath(const std::string& endpoint) {
    const std::string marker = "://${project_dir}/";
    const auto at = endpoint.find(marker);
    REQUIRE(at != std::string::npos);
    return kDemoDir / endpoint.substr(at + marker.size());
}

} // namespace

TEST_CASE("the demo project loads and validates without errors", "[model]") {
    const ProjectData demo = loadDemo();
    const auto findings = Validator::validate(demo);
    std::string listed;
    for (const auto& f : findings)
        listed += std::string(toString(f.severity)) + " " + f.code + " " + f.objectId + ": " +
                  f.message + "\n";
    INFO(listed);
    CHECK(Validator::passes(findings));

    // The one deliberate finding: order and inventory services call each other.
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].code == "dependency.cycle");
    CHECK(findings[0].severity == Severity::Warning);
    const std::set<std::string> pair(findings[0].path.begin(), findings[0].path.end());
    CHECK(pair == std::set<std::string>{"inventory-svc", "order-svc"});
}

TEST_CASE("the demo has the retail estate's data stores and services, all mapped", "[model]") {
    const ProjectData demo = loadDemo();
    const Project project(demo);

    std::map<WorkloadKind, int> kinds;
    for (const auto& w : demo.workloads)
        ++kinds[w.kind];
    CHECK(kinds[WorkloadKind::Database] == 2);
    CHECK(kinds[WorkloadKind::ObjectBucket] == 2);
    CHECK(kinds[WorkloadKind::FileShare] == 1);
    CHECK(kinds[WorkloadKind::ModelArtifact] == 1);
    CHECK(kinds[WorkloadKind::Service] >= 8);

    std::set<Strategy> strategies;
    std::set<Provider> providers;
    for (const auto& s : demo.sites)
        providers.insert(s.provider);
    CHECK(providers.count(Provider::OnPrem) == 1);
    CHECK(providers.size() >= 3);

    for (const auto& w : demo.workloads) {
        INFO("workload " << w.id);
        const Mapping* m = project.findMapping(w.id);
        REQUIRE(m != nullptr);
        strategies.insert(m->strategy);
        CHECK(w.sizeGb > 0);
        if (isDataStore(w.kind)) {
            // Data stores read from the sample data and write under data/target.
            CHECK(w.endpoint.find("${project_dir}/data/source/") != std::string::npos);
            CHECK(m->targetEndpoint.find("${project_dir}/data/target/") != std::string::npos);
        }
        // Workloads are drawn inside their site's column.
        const Site* site = project.findSite(w.site);
        REQUIRE(site != nullptr);
        CHECK(w.position.x > site->position.x);
        CHECK(w.position.x < site->position.x + 320);
        CHECK(w.position.y > site->position.y);
    }
    CHECK(demo.mappings.size() == demo.workloads.size());
    CHECK(strategies.count(Strategy::Rehost) == 1);
    CHECK(strategies.count(Strategy::Replatform) == 1);
    CHECK(strategies.count(Strategy::Refactor) == 1);
    CHECK(strategies.count(Strategy::Retain) + strategies.count(Strategy::Retire) >= 1);

    // Two what-if scenarios whose overrides name objects of the project.
    REQUIRE(demo.scenarios.size() == 2);
    for (const auto& s : demo.scenarios) {
        INFO("scenario " << s.id);
        REQUIRE(s.overrides.is_object());
        CHECK_FALSE(s.overrides.empty());
        for (const auto& [path, value] : s.overrides.items()) {
            const auto first = path.find('.');
            const auto second = path.find('.', first + 1);
            REQUIRE(second != std::string::npos);
            const std::string collection = path.substr(0, first);
            const std::string id = path.substr(first + 1, second - first - 1);
            if (collection == "links")
                CHECK(project.findLink(id) != nullptr);
            else if (collection == "sites")
                CHECK(project.findSite(id) != nullptr);
            else
                FAIL("unexpected override path " << path);
        }
    }
}

TEST_CASE("the demo survives a JSON round trip unchanged", "[model]") {
    const ProjectData demo = loadDemo();
    auto again = ProjectJson::parse(ProjectJson::serialize(demo), "round trip");
    REQUIRE(again.ok());
    CHECK(again.value() == demo);
}

TEST_CASE("the sample data generator provides every data store's source", "[model]") {
    // Up to date after `make test` has run it, so this is usually a check of the stamp.
    const std::string command = "\"" + (kDemoDir / "generate-sample-data.sh").string() + "\"";
    REQUIRE(std::system(command.c_str()) == 0);

    const ProjectData demo = loadDemo();
    for (const auto& w : demo.workloads) {
        if (!isDataStore(w.kind))
            continue;
        INFO("workload " << w.id << " at " << w.endpoint);
        const fs::path path = localPath(w.endpoint);
        REQUIRE(fs::exists(path));
        if (w.endpoint.rfind("sqlite://", 0) == 0) {
            sqlite3* db = nullptr;
            REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
            sqlite3_stmt* stmt = nullptr;
            REQUIRE(sqlite3_prepare_v2(db,
                                       "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                                       -1, &stmt, nullptr) == SQLITE_OK);
            REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
            CHECK(sqlite3_column_int(stmt, 0) >= 3);
            sqlite3_finalize(stmt);
            sqlite3_close(db);
        } else {
            REQUIRE(fs::is_directory(path));
            CHECK(std::distance(fs::recursive_directory_iterator(path),
                                fs::recursive_directory_iterator()) >= 2);
        }
    }
}
