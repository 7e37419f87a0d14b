#include <catch2/catch.hpp>

#include <ferry/model/Project.hpp>
#include <ferry/model/TimeWindow.hpp>

#include <cmath>
#include <limits>

using namespace ferry::model;

namespace {

struct Recorder : ProjectListener {
    std::vector<ProjectChange> changes;
    void projectChanged(const ProjectChange& c) override { changes.push_back(c); }
};

ProjectData twoSites() {
    ProjectData d;
    d.sites.push_back(Site{.id = "dc", .name = "DC"});
    d.sites.push_back(Site{.id = "aws", .name = "AWS", .provider = Provider::Aws});
    return d;
}

} // namespace

TEST_CASE("a refused edit changes nothing and notifies nobody", "[model]") {
    Project p(twoSites());
    Recorder rec;
    p.addListener(&rec);
    const ProjectData before = p.data();

    auto r = p.requestAddWorkload(Workload{.id = "w1", .site = "nowhere"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "edit.unknown_site");
    CHECK(r.error().context == "workload 'w1'");

    CHECK_FALSE(p.requestAddWorkload(Workload{.id = "w2", .site = "dc", .sizeGb = -1}).ok());
    CHECK_FALSE(p.requestAddWorkload(
                     Workload{.id = "w3", .site = "dc", .sizeGb = std::numeric_limits<double>::quiet_NaN()})
                     .ok());
    CHECK_FALSE(p.requestAddWorkload(Workload{.id = "", .site = "dc"}).ok());
    CHECK_FALSE(p.requestAddLink(Link{.id = "l", .from = "dc", .to = "dc"}).ok());
    CHECK_FALSE(p.requestAddLink(Link{.id = "l", .from = "dc", .to = "aws", .bandwidthMbps = 0}).ok());
    CHECK_FALSE(p.requestSetMapping(Mapping{.workload = "ghost", .targetSite = "aws"}).ok());

    CHECK(p.data() == before);
    CHECK(rec.changes.empty());
    p.removeListener(&rec);
}

TEST_CASE("applied edits notify listeners with the object id", "[model]") {
    Project p(twoSites());
    Recorder rec;
    p.addListener(&rec);

    REQUIRE(p.requestAddWorkload(Workload{.id = "db", .name = "DB", .site = "dc"}).ok());
    REQUIRE(p.requestAddWorkload(Workload{.id = "app", .name = "App", .site = "dc"}).ok());
    REQUIRE(p.requestAddDependency(Dependency{.from = "app", .to = "db", .trafficGbPerDay = 5}).ok());
    REQUIRE(p.requestSetMapping(Mapping{.workload = "db", .targetSite = "aws"}).ok());
    REQUIRE(p.requestSetMapping(
                 Mapping{.workload = "db", .targetSite = "aws", .strategy = Strategy::Replatform})
                .ok());
    REQUIRE(p.requestMoveWorkload("db", CanvasPosition{10, 20, true}).ok());

    using K = ProjectChange::Kind;
    REQUIRE(rec.changes.size() == 6);
    CHECK(rec.changes[0].kind == K::WorkloadAdded);
    CHECK(rec.changes[0].id == "db");
    CHECK(rec.changes[2].kind == K::DependencyAdded);
    CHECK(rec.changes[2].id == "app->db");
    CHECK(rec.changes[3].kind == K::MappingAdded);
    CHECK(rec.changes[4].kind == K::MappingChanged);
    CHECK(rec.changes[5].kind == K::WorkloadChanged);
    CHECK(p.findWorkload("db")->position == CanvasPosition{10, 20, true});
    CHECK(p.findMapping("db")->strategy == Strategy::Replatform);
    p.removeListener(&rec);
}

TEST_CASE("removing a workload removes its dependencies, mapping and wave membership", "[model]") {
    Project p(twoSites());
    REQUIRE(p.requestAddWorkload(Workload{.id = "db", .site = "dc"}).ok());
    REQUIRE(p.requestAddWorkload(Workload{.id = "app", .site = "dc"}).ok());
    REQUIRE(p.requestAddDependency(Dependency{.from = "app", .to = "db"}).ok());
    REQUIRE(p.requestSetMapping(Mapping{.workload = "db", .targetSite = "aws"}).ok());
    REQUIRE(p.requestSetWaves({Wave{.id = "w1", .name = "Wave 1", .number = 1,
                                    .workloads = {"db", "app"}}})
                .ok());

    REQUIRE(p.requestRemoveWorkload("db").ok());
    CHECK(p.findWorkload("db") == nullptr);
    CHECK(p.dependencies().empty());
    CHECK(p.mappings().empty());
    CHECK(p.waves()[0].workloads == std::vector<std::string>{"app"});
    CHECK(p.findWorkload("app") != nullptr);
}

TEST_CASE("a site in use cannot be removed", "[model]") {
    Project p(twoSites());
    REQUIRE(p.requestAddWorkload(Workload{.id = "db", .site = "dc"}).ok());
    auto r = p.requestRemoveSite("dc");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "edit.in_use");
    CHECK(r.error().message.find("db") != std::string::npos);
    REQUIRE(p.requestRemoveWorkload("db").ok());
    CHECK(p.requestRemoveSite("dc").ok());
    CHECK(p.findSite("dc") == nullptr);
    CHECK(p.findSite("aws") != nullptr);
}

TEST_CASE("wave plans refuse unknown and repeated workloads", "[model]") {
    Project p(twoSites());
    REQUIRE(p.requestAddWorkload(Workload{.id = "db", .site = "dc"}).ok());
    CHECK_FALSE(p.requestSetWaves({Wave{.id = "w1", .number = 1, .workloads = {"nope"}}}).ok());
    CHECK_FALSE(p.requestSetWaves({Wave{.id = "w1", .number = 1, .workloads = {"db"}},
                                   Wave{.id = "w2", .number = 2, .workloads = {"db"}}})
                    .ok());
    CHECK_FALSE(p.requestSetWaves({Wave{.id = "w1", .number = 1}, Wave{.id = "w2", .number = 1}}).ok());
    CHECK(p.waves().empty());
}

TEST_CASE("time windows parse and print canonically", "[model]") {
    auto w = TimeWindow::parse("Sat 00:00-06:00");
    REQUIRE(w);
    CHECK(w->days == (1 << 5));
    CHECK(w->startMinute == 0);
    CHECK(w->endMinute == 360);
    CHECK(w->toString() == "Sat 00:00-06:00");

    auto weekdays = TimeWindow::parse("Mon-Fri 22:00-24:00");
    REQUIRE(weekdays);
    CHECK(weekdays->days == 0x1f);
    CHECK(weekdays->toString() == "Mon-Fri 22:00-24:00");
    CHECK(TimeWindow::parse("Sat,Sun 01:00-05:30")->toString() == "Sat,Sun 01:00-05:30");
    CHECK(TimeWindow::parse("daily 01:00-02:00")->days == 0x7f);

    CHECK_FALSE(TimeWindow::parse("Sat 06:00-01:00"));
    CHECK_FALSE(TimeWindow::parse("Funday 00:00-01:00"));
    CHECK_FALSE(TimeWindow::parse("Sat 25:00-26:00"));
    CHECK_FALSE(TimeWindow::parse("Sat"));
    CHECK_FALSE(TimeWindow::parse(""));
}
