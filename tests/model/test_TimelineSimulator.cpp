#include <catch2/catch.hpp>

#include <ferry/model/Timeline.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace ferry::model;

namespace {

constexpr double kGbPerMbpsHour = 3600.0 / 8000.0;

TimeWindow window(const char* text) {
    auto w = TimeWindow::parse(text);
    REQUIRE(w);
    return *w;
}

/// Two sites joined by one 1 Gbps link; workloads are added by the tests.
ProjectData twoSites(double mbps = 1000.0) {
    ProjectData d;
    d.sites.push_back(Site{.id = "dc", .name = "DC"});
    d.sites.push_back(Site{.id = "cloud", .name = "Cloud", .provider = Provider::Aws});
    d.links.push_back(Link{.id = "wan", .from = "dc", .to = "cloud", .bandwidthMbps = mbps});
    return d;
}

void addWorkload(ProjectData& d, const std::string& id, double gb, double changePerDay = 0.0,
                 const std::string& site = "dc", const std::string& target = "cloud") {
    d.workloads.push_back(
        Workload{.id = id, .site = site, .sizeGb = gb, .changeRateGbPerDay = changePerDay});
    d.mappings.push_back(Mapping{.workload = id, .targetSite = target});
}

/// The assumptions of the hand-computed cases: 1 Gbps at 0.8, 4 streams of 400 Mbps.
PlanAssumptions nominal() {
    PlanAssumptions a;
    a.linkEfficiency = 0.8;
    a.streamsPerWorkload = 4;
    a.streamMbps = 400.0;
    a.syncIntervalHours = 24.0;
    a.cutoverOverheadHours = 2.0;
    a.waitForPreviousWave = true;
    a.startDate = "2027-01-04";
    return a;
}

WavePlan planOf(const std::vector<std::vector<std::string>>& waves) {
    WavePlan plan;
    for (std::size_t i = 0; i < waves.size(); ++i)
        plan.waves.push_back(PlannedWave{.number = static_cast<int>(i) + 1, .workloads = waves[i]});
    return plan;
}

const WorkloadTiming& timingOf(const Timeline& t, const std::string& id) {
    auto it = std::find_if(t.workloads.begin(), t.workloads.end(),
                           [&](const WorkloadTiming& w) { return w.workload == id; });
    REQUIRE(it != t.workloads.end());
    return *it;
}

std::vector<GanttRow> rowsOf(const Timeline& t, const std::string& id, TransferPhase phase) {
    std::vector<GanttRow> out;
    for (const auto& r : t.rows)
        if (r.workload == id && r.phase == phase)
            out.push_back(r);
    return out;
}

bool hasFinding(const Timeline& t, const std::string& code) {
    return std::any_of(t.findings.begin(), t.findings.end(),
                       [&](const Finding& f) { return f.code == code; });
}

const std::vector<LinkUsage>& usageOf(const Timeline& t, const std::string& link) {
    auto it = std::find_if(t.linkUsage.begin(), t.linkUsage.end(),
                           [&](const auto& p) { return p.first == link; });
    REQUIRE(it != t.linkUsage.end());
    return it->second;
}

} // namespace

TEST_CASE("one 100 GB workload on a 1 Gbps link at 0.8 copies in 1000 seconds", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "db", 100.0);
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"db"}}));
    CHECK(t.findings.empty());
    const auto copy = rowsOf(t, "db", TransferPhase::FullCopy);
    REQUIRE(copy.size() == 1);
    CHECK(copy[0].startHours == 0.0);
    CHECK(copy[0].endHours == Approx(1000.0 / 3600.0).epsilon(1e-12)); // 100*8000/800 s
    CHECK(copy[0].gb == 100.0);
    const auto& w = timingOf(t, "db");
    CHECK(w.link == "wan");
    CHECK(w.syncs == 0);
    CHECK(w.gbMoved == Approx(100.0));
    // No change, no cutover window: the cutover follows at once and only costs the overhead.
    CHECK(w.cutoverStartHours == Approx(1000.0 / 3600.0));
    CHECK(w.downtimeHours == Approx(2.0));
    CHECK(t.totalHours == Approx(1000.0 / 3600.0 + 2.0));
    const auto& usage = usageOf(t, "wan");
    REQUIRE(usage.size() == 1);
    CHECK(usage[0].mbps == Approx(800.0));
    REQUIRE(t.egressGbPerDay.size() == 1);
    CHECK(t.egressGbPerDay[0] == Approx(100.0));
}

TEST_CASE("two workloads sharing a link get half of it each", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "a", 100.0);
    addWorkload(d, "b", 100.0);
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"a", "b"}}));
    for (const char* id : {"a", "b"}) {
        const auto copy = rowsOf(t, id, TransferPhase::FullCopy);
        REQUIRE(copy.size() == 1);
        CHECK(copy[0].endHours == Approx(2000.0 / 3600.0)); // 400 Mbps each
    }
    const auto& usage = usageOf(t, "wan");
    REQUIRE(usage.size() == 1);
    CHECK(usage[0].mbps == Approx(800.0));
    CHECK(usage[0].endHours == Approx(2000.0 / 3600.0));
}

TEST_CASE("when one transfer ends the other gets the whole link", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "big", 100.0);
    addWorkload(d, "small", 50.0);
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"big", "small"}}));
    // 50 GB each at 400 Mbps (1000 s), then the last 50 GB of "big" at 800 Mbps (500 s).
    CHECK(rowsOf(t, "small", TransferPhase::FullCopy)[0].endHours == Approx(1000.0 / 3600.0));
    CHECK(rowsOf(t, "big", TransferPhase::FullCopy)[0].endHours == Approx(1500.0 / 3600.0));
    const auto& usage = usageOf(t, "wan");
    REQUIRE(usage.size() == 1); // 800 Mbps throughout: one piece
    CHECK(usage[0].endHours == Approx(1500.0 / 3600.0));
}

TEST_CASE("a stream cap below the fair share leaves the rest to the others", "[model]") {
    SECTION("water-filling") {
        CHECK(maxMinFairShare(1000.0, {200.0, 1000.0}) == std::vector<double>{200.0, 800.0});
        CHECK(maxMinFairShare(1000.0, {1000.0, 300.0, 200.0}) ==
              std::vector<double>{500.0, 300.0, 200.0});
        CHECK(maxMinFairShare(900.0, {1000.0, 1000.0, 1000.0}) ==
              std::vector<double>{300.0, 300.0, 300.0});
        CHECK(maxMinFairShare(1000.0, {100.0, 100.0}) == std::vector<double>{100.0, 100.0});
        CHECK(maxMinFairShare(1000.0, {}).empty());
    }
    SECTION("simulation: capped workloads leave the link partly idle") {
        ProjectData d = twoSites();
        PlanAssumptions a = nominal();
        a.linkEfficiency = 1.0;
        a.streamsPerWorkload = 1;
        a.streamMbps = 300.0;
        addWorkload(d, "a", 30.0);
        addWorkload(d, "b", 30.0);
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"a", "b"}}));
        const auto& usage = usageOf(t, "wan");
        REQUIRE(usage.size() == 1);
        CHECK(usage[0].mbps == Approx(600.0)); // 2 x 300, not 1000
        CHECK(rowsOf(t, "a", TransferPhase::FullCopy)[0].endHours ==
              Approx(30.0 * 8000.0 / 300.0 / 3600.0));
    }
    SECTION("simulation: more workloads than the link holds at their cap share it evenly") {
        ProjectData d = twoSites();
        PlanAssumptions a = nominal();
        a.linkEfficiency = 1.0;
        a.streamsPerWorkload = 1;
        a.streamMbps = 300.0;
        for (const char* id : {"a", "b", "c", "e"})
            addWorkload(d, id, 25.0);
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"a", "b", "c", "e"}}));
        CHECK(usageOf(t, "wan")[0].mbps == Approx(1000.0));
        CHECK(rowsOf(t, "e", TransferPhase::FullCopy)[0].endHours ==
              Approx(25.0 * 8000.0 / 250.0 / 3600.0));
    }
}

TEST_CASE("a Saturday cutover window delays the cutover to hour 120", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "db", 100.0);
    PlanAssumptions a = nominal();
    a.cutoverWindows = {window("Sat 00:00-06:00")};
    SECTION("source site on UTC") {
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"db"}}));
        const auto& w = timingOf(t, "db");
        CHECK(w.cutoverStartHours == Approx(120.0));
        CHECK(w.cutoverEndHours == Approx(122.0));
    }
    SECTION("source site one hour ahead of UTC: Saturday starts at 23:00 UTC on Friday") {
        d.sites[0].utcOffsetMinutes = 60;
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"db"}}));
        CHECK(timingOf(t, "db").cutoverStartHours == Approx(119.0));
    }
    SECTION("the target site's time zone does not matter") {
        d.sites[1].utcOffsetMinutes = -300;
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"db"}}));
        CHECK(timingOf(t, "db").cutoverStartHours == Approx(120.0));
    }
    SECTION("a start date that is not a Monday is reported and its weekday used") {
        a.startDate = "2027-01-05"; // a Tuesday: Saturday is 4 days later
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"db"}}));
        CHECK(hasFinding(t, "timeline.start_date"));
        CHECK(timingOf(t, "db").cutoverStartHours == Approx(96.0));
    }
    SECTION("a start date that is not a date is reported") {
        a.startDate = "next monday";
        const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"db"}}));
        CHECK(hasFinding(t, "timeline.start_date"));
        CHECK(timingOf(t, "db").cutoverStartHours == Approx(120.0));
    }
}

TEST_CASE("downtime is the final delta over the bandwidth plus the overhead", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "db", 100.0, 24.0); // 1 GB per hour of change
    PlanAssumptions a = nominal();
    a.cutoverWindows = {window("Sat 00:00-06:00")};
    const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"db"}}));
    const auto& w = timingOf(t, "db");
    // Syncs at hours 24, 48, 72 and 96 each carry 24 GB; the cutover at 120 carries the last 24.
    CHECK(w.syncs == 4);
    const auto syncs = rowsOf(t, "db", TransferPhase::IncrementalSync);
    REQUIRE(syncs.size() == 4);
    for (std::size_t i = 0; i < syncs.size(); ++i) {
        CHECK(syncs[i].startHours == Approx(24.0 * static_cast<double>(i + 1)));
        CHECK(syncs[i].gb == Approx(24.0));
        CHECK(syncs[i].endHours - syncs[i].startHours == Approx(24.0 * 8000.0 / 800.0 / 3600.0));
    }
    CHECK(w.cutoverStartHours == Approx(120.0));
    const double finalDelta = 24.0;
    CHECK(w.downtimeHours == Approx(finalDelta * 8000.0 / 800.0 / 3600.0 + 2.0));
    CHECK(w.gbMoved == Approx(100.0 + 4 * 24.0 + finalDelta));
    const auto cutover = rowsOf(t, "db", TransferPhase::Cutover);
    REQUIRE(cutover.size() == 1);
    CHECK(cutover[0].gb == Approx(finalDelta));
    CHECK(cutover[0].endHours == Approx(w.cutoverEndHours));
}

TEST_CASE("the final delta shares the link like any transfer", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "a", 100.0, 48.0);
    addWorkload(d, "b", 100.0, 48.0);
    PlanAssumptions a = nominal();
    a.syncIntervalHours = 1000.0; // no sync before the cutover
    const Timeline t = TimelineSimulator::simulate(d, a, planOf({{"a", "b"}}));
    const double copyEnd = 2000.0 / 3600.0;
    const double delta = 2.0 * copyEnd; // 2 GB per hour since the copy started
    for (const char* id : {"a", "b"}) {
        const auto& w = timingOf(t, id);
        CHECK(w.syncs == 0);
        CHECK(w.cutoverStartHours == Approx(copyEnd));
        CHECK(w.downtimeHours == Approx(delta * 8000.0 / 400.0 / 3600.0 + 2.0));
    }
}

TEST_CASE("link windows pause transfers outside them", "[model]") {
    ProjectData d = twoSites();
    d.links[0].windows = {window("daily 00:00-02:00")};
    addWorkload(d, "files", 1000.0); // 10,000 s at 800 Mbps: 2 h on day one, the rest on day two
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"files"}}));
    const auto copy = rowsOf(t, "files", TransferPhase::FullCopy);
    REQUIRE(copy.size() == 1);
    CHECK(copy[0].endHours == Approx(24.0 + 10000.0 / 3600.0 - 2.0));
    const auto& usage = usageOf(t, "wan");
    REQUIRE(usage.size() == 2);
    CHECK(usage[0].startHours == 0.0);
    CHECK(usage[0].endHours == Approx(2.0));
    CHECK(usage[1].startHours == Approx(24.0));
    REQUIRE(t.egressGbPerDay.size() >= 2);
    CHECK(t.egressGbPerDay[0] == Approx(2.0 * 800.0 * kGbPerMbpsHour));
    CHECK(t.egressGbPerDay[1] == Approx(1000.0 - 2.0 * 800.0 * kGbPerMbpsHour));

    SECTION("link windows are in the local time of the link's from site") {
        d.sites[0].utcOffsetMinutes = -120; // 00:00 local is 02:00 UTC
        const Timeline shifted = TimelineSimulator::simulate(d, nominal(), planOf({{"files"}}));
        const auto& u = usageOf(shifted, "wan");
        REQUIRE(!u.empty());
        CHECK(u[0].startHours == Approx(2.0));
        CHECK(u[0].endHours == Approx(4.0));
    }
}

TEST_CASE("a workload cuts over only after what it depends on", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "app", 10.0);
    addWorkload(d, "db", 50.0);
    d.dependencies.push_back(
        Dependency{.from = "app", .to = "db", .policy = DependencyPolicy::DependencyFirst});
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"app", "db"}}));
    const auto& app = timingOf(t, "app");
    const auto& db = timingOf(t, "db");
    CHECK(app.cutoverStartHours == Approx(db.cutoverEndHours));

    SECTION("a same-wave dependency does not order the cutovers") {
        d.dependencies[0].policy = DependencyPolicy::SameWave;
        const Timeline s = TimelineSimulator::simulate(d, nominal(), planOf({{"app", "db"}}));
        CHECK(timingOf(s, "app").cutoverStartHours == Approx(timingOf(s, "db").cutoverStartHours));
    }
    SECTION("a dependency planned in a later wave is reported, not waited for") {
        const Timeline s = TimelineSimulator::simulate(d, nominal(), planOf({{"app"}, {"db"}}));
        CHECK(hasFinding(s, "timeline.dependency_order"));
        CHECK(timingOf(s, "db").startHours == Approx(timingOf(s, "app").cutoverEndHours));
    }
    SECTION("a cycle of dependencies is reported and does not stall the plan") {
        d.dependencies.push_back(
            Dependency{.from = "db", .to = "app", .policy = DependencyPolicy::DependencyFirst});
        const Timeline s = TimelineSimulator::simulate(d, nominal(), planOf({{"app", "db"}}));
        CHECK(hasFinding(s, "timeline.dependency_cycle"));
        CHECK_FALSE(hasFinding(s, "timeline.stalled"));
        CHECK(s.workloads.size() == 2);
    }
}

TEST_CASE("waves wait for the previous cutover unless told otherwise", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "a", 100.0);
    addWorkload(d, "b", 100.0);
    PlanAssumptions a = nominal();
    const Timeline waiting = TimelineSimulator::simulate(d, a, planOf({{"a"}, {"b"}}));
    REQUIRE(waiting.waves.size() == 2);
    CHECK(waiting.waves[0].number == 1);
    CHECK(waiting.waves[1].startHours == Approx(waiting.waves[0].cutoverEndHours));
    CHECK(waiting.totalHours == Approx(2.0 * (1000.0 / 3600.0 + 2.0)));

    a.waitForPreviousWave = false;
    const Timeline together = TimelineSimulator::simulate(d, a, planOf({{"a"}, {"b"}}));
    CHECK(together.waves[1].startHours == 0.0);
    CHECK(timingOf(together, "b").cutoverStartHours == Approx(2000.0 / 3600.0));
    CHECK(together.totalHours == Approx(2000.0 / 3600.0 + 2.0));
}

TEST_CASE("workloads that stay on their site move instantly, unreachable ones are skipped",
          "[model]") {
    ProjectData d = twoSites();
    d.sites.push_back(Site{.id = "island", .name = "Island"});
    addWorkload(d, "local", 500.0, 10.0, "dc", "dc");
    addWorkload(d, "far", 10.0, 0.0, "dc", "island");
    addWorkload(d, "ok", 10.0);
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"local", "far", "ok"}}));
    const auto& local = timingOf(t, "local");
    CHECK(local.link.empty());
    CHECK(local.gbMoved == 0.0);
    CHECK(local.downtimeHours == 0.0);
    CHECK(rowsOf(t, "local", TransferPhase::FullCopy).empty());
    CHECK(hasFinding(t, "timeline.no_link"));
    CHECK(std::none_of(t.workloads.begin(), t.workloads.end(),
                       [](const WorkloadTiming& w) { return w.workload == "far"; }));
    CHECK(t.workloads.size() == 2);
}

TEST_CASE("a transfer over two hops shares each of them max-min fairly", "[model]") {
    // dc -- hub -- cloud, no direct link: "far" crosses both links, "near" only the first and
    // "onward" only the second. At 0.8 efficiency dc-hub carries 800 Mbps and hub-cloud 480.
    ProjectData d;
    d.sites.push_back(Site{.id = "dc", .name = "DC"});
    d.sites.push_back(Site{.id = "hub", .name = "Hub"});
    d.sites.push_back(Site{.id = "cloud", .name = "Cloud", .provider = Provider::Aws});
    d.links.push_back(Link{.id = "dc-hub", .from = "dc", .to = "hub", .bandwidthMbps = 1000});
    d.links.push_back(Link{.id = "hub-cloud", .from = "hub", .to = "cloud", .bandwidthMbps = 600});
    addWorkload(d, "far", 100.0, 0.0, "dc", "cloud");
    addWorkload(d, "near", 1000.0, 0.0, "dc", "hub");
    addWorkload(d, "onward", 1000.0, 0.0, "hub", "cloud");
    const Timeline t =
        TimelineSimulator::simulate(d, nominal(), planOf({{"far", "near", "onward"}}));
    REQUIRE_FALSE(hasFinding(t, "timeline.no_link"));
    REQUIRE(t.workloads.size() == 3);

    const auto& far = timingOf(t, "far");
    CHECK(far.route == std::vector<std::string>{"dc-hub", "hub-cloud"});
    CHECK(far.link == "hub-cloud"); // the narrowest hop
    CHECK(timingOf(t, "near").route == std::vector<std::string>{"dc-hub"});

    // hub-cloud is the bottleneck: far and onward get 240 Mbps each; near takes what far leaves
    // on dc-hub, 560 Mbps. Both links are full.
    const auto& first = usageOf(t, "dc-hub").front();
    CHECK(first.startHours == 0.0);
    CHECK(first.mbps == Approx(800.0));
    CHECK(usageOf(t, "hub-cloud").front().mbps == Approx(480.0));
    const double farEnd = 100.0 / (240.0 * kGbPerMbpsHour);
    CHECK(rowsOf(t, "far", TransferPhase::FullCopy)[0].endHours == Approx(farEnd));
    // Then each single-hop transfer has its link to itself: the links stay full until near and
    // onward are done. near moved 560 Mbps x farEnd before, the rest at 800 Mbps.
    const double nearEnd =
        farEnd + (1000.0 - 560.0 * kGbPerMbpsHour * farEnd) / (800.0 * kGbPerMbpsHour);
    const double onwardEnd =
        farEnd + (1000.0 - 240.0 * kGbPerMbpsHour * farEnd) / (480.0 * kGbPerMbpsHour);
    REQUIRE(usageOf(t, "dc-hub").size() == 1);
    CHECK(first.endHours == Approx(nearEnd));
    CHECK(rowsOf(t, "near", TransferPhase::FullCopy)[0].endHours == Approx(nearEnd));
    REQUIRE(usageOf(t, "hub-cloud").size() == 1);
    CHECK(usageOf(t, "hub-cloud")[0].endHours == Approx(onwardEnd));

    // Bytes are conserved on each hop, no hop is ever above its capacity, and egress counts each
    // byte once.
    auto integral = [&](const std::string& link, double capacity) {
        double gb = 0;
        for (const auto& p : usageOf(t, link)) {
            CHECK(p.mbps <= capacity + 1e-9);
            gb += p.mbps * kGbPerMbpsHour * (p.endHours - p.startHours);
        }
        return gb;
    };
    CHECK(integral("dc-hub", 800.0) == Approx(100.0 + 1000.0));
    CHECK(integral("hub-cloud", 480.0) == Approx(100.0 + 1000.0));
    double egress = 0;
    for (double gb : t.egressGbPerDay)
        egress += gb;
    CHECK(egress == Approx(2100.0));
}

TEST_CASE("a closed window on either hop pauses a routed transfer", "[model]") {
    ProjectData d;
    d.sites.push_back(Site{.id = "dc", .name = "DC"});
    d.sites.push_back(Site{.id = "hub", .name = "Hub"});
    d.sites.push_back(Site{.id = "cloud", .name = "Cloud", .provider = Provider::Aws});
    d.links.push_back(Link{.id = "dc-hub", .from = "dc", .to = "hub", .bandwidthMbps = 1000});
    d.links.push_back(Link{.id = "hub-cloud",
                           .from = "hub",
                           .to = "cloud",
                           .bandwidthMbps = 1000,
                           .windows = {window("daily 00:00-01:00")}});
    // 1 hour a day at 800 Mbps moves 360 GB: 500 GB needs two nights.
    addWorkload(d, "big", 500.0, 0.0, "dc", "cloud");
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"big"}}));
    const auto copy = rowsOf(t, "big", TransferPhase::FullCopy);
    REQUIRE(copy.size() == 1);
    CHECK(copy[0].endHours == Approx(24.0 + 140.0 / 360.0));
    for (const char* link : {"dc-hub", "hub-cloud"}) {
        for (const auto& p : usageOf(t, link)) {
            INFO(link << " " << p.startHours << "-" << p.endHours);
            CHECK(std::fmod(p.startHours, 24.0) == Approx(0.0).margin(1e-9));
            CHECK(p.endHours - p.startHours <= 1.0 + 1e-9);
        }
    }
}

TEST_CASE("a route whose links are never open together is reported, not simulated", "[model]") {
    ProjectData d;
    d.sites.push_back(Site{.id = "dc", .name = "DC"});
    d.sites.push_back(Site{.id = "hub", .name = "Hub"});
    d.sites.push_back(Site{.id = "cloud", .name = "Cloud", .provider = Provider::Aws});
    d.links.push_back(Link{.id = "dc-hub",
                           .from = "dc",
                           .to = "hub",
                           .bandwidthMbps = 1000,
                           .windows = {window("Mon 00:00-06:00")}});
    d.links.push_back(Link{.id = "hub-cloud",
                           .from = "hub",
                           .to = "cloud",
                           .bandwidthMbps = 1000,
                           .windows = {window("Tue 00:00-06:00")}});
    addWorkload(d, "stuck", 10.0, 0.0, "dc", "cloud");
    addWorkload(d, "fine", 10.0, 0.0, "dc", "hub");
    const Timeline t = TimelineSimulator::simulate(d, nominal(), planOf({{"stuck", "fine"}}));
    CHECK(hasFinding(t, "timeline.route_never_open"));
    REQUIRE(t.workloads.size() == 1);
    CHECK(t.workloads[0].workload == "fine");
    CHECK_FALSE(hasFinding(t, "timeline.stalled"));
}

TEST_CASE("simulation factors scale sizes, change rates and link efficiency", "[model]") {
    ProjectData d = twoSites();
    addWorkload(d, "db", 100.0);
    const Timeline slow =
        TimelineSimulator::simulate(d, nominal(), planOf({{"db"}}), SimulationFactors{0.5, 2.0});
    // 200 GB at 400 Mbps.
    CHECK(rowsOf(slow, "db", TransferPhase::FullCopy)[0].endHours == Approx(4000.0 / 3600.0));
    // Efficiency is capped at 1: 0.8 * 2 gives the whole 1000 Mbps.
    const Timeline fast =
        TimelineSimulator::simulate(d, nominal(), planOf({{"db"}}), SimulationFactors{2.0});
    CHECK(usageOf(fast, "wan")[0].mbps == Approx(1000.0));
}

// ---- Properties on random small projects ----------------------------------------------------

namespace {

struct RandomCase {
    ProjectData data;
    PlanAssumptions assumptions;
    WavePlan plan;
    SimulationFactors factors;
};

RandomCase randomCase(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto uniform = [&](double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng);
    };
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    RandomCase c;
    const char* windowTexts[] = {"daily 00:00-06:00", "Mon-Fri 20:00-24:00", "Sat,Sun 00:00-24:00",
                                 "Wed 10:30-11:15",   "daily 22:00-24:00",   "Tue,Thu 03:00-09:00"};
    const int sites = pick(2, 4);
    for (int s = 0; s < sites; ++s)
        c.data.sites.push_back(
            Site{.id = "s" + std::to_string(s), .utcOffsetMinutes = 30 * pick(-20, 20)});
    for (int a = 0; a < sites; ++a) {
        for (int b = a + 1; b < sites; ++b) {
            if (pick(0, 4) == 0)
                continue; // some pairs have no link
            Link l{.id = "l" + std::to_string(a) + std::to_string(b),
                   .from = pick(0, 1) ? "s" + std::to_string(a) : "s" + std::to_string(b),
                   .bandwidthMbps = uniform(50.0, 2000.0)};
            l.to = l.from == "s" + std::to_string(a) ? "s" + std::to_string(b)
                                                     : "s" + std::to_string(a);
            if (pick(0, 2) == 0) {
                for (int k = pick(1, 2); k > 0; --k)
                    l.windows.push_back(*TimeWindow::parse(windowTexts[pick(0, 5)]));
            }
            c.data.links.push_back(l);
        }
    }
    const int workloads = pick(1, 12);
    for (int w = 0; w < workloads; ++w) {
        const std::string id = "w" + std::to_string(w);
        const int site = pick(0, sites - 1);
        const int target = pick(0, 5) == 0 ? site : pick(0, sites - 1);
        c.data.workloads.push_back(
            Workload{.id = id,
                     .site = "s" + std::to_string(site),
                     .sizeGb = pick(0, 6) == 0 ? 0.0 : uniform(0.5, 400.0),
                     .changeRateGbPerDay = pick(0, 3) == 0 ? 0.0 : uniform(0.1, 60.0)});
        c.data.mappings.push_back(
            Mapping{.workload = id, .targetSite = "s" + std::to_string(target)});
        // Dependencies point to earlier workloads only: no cycles.
        for (int k = 0; k < w; ++k) {
            if (pick(0, 5) != 0)
                continue;
            const DependencyPolicy policies[] = {DependencyPolicy::Auto, DependencyPolicy::SameWave,
                                                 DependencyPolicy::DependencyFirst};
            c.data.dependencies.push_back(Dependency{.from = id,
                                                     .to = "w" + std::to_string(k),
                                                     .trafficGbPerDay = uniform(0.0, 20.0),
                                                     .policy = policies[pick(0, 2)]});
        }
    }
    // Waves: a shuffled split of the workloads.
    std::vector<std::string> ids;
    for (const auto& w : c.data.workloads)
        ids.push_back(w.id);
    std::shuffle(ids.begin(), ids.end(), rng);
    const int waves = pick(1, std::min(4, workloads));
    c.plan.waves.resize(static_cast<std::size_t>(waves));
    for (int i = 0; i < waves; ++i)
        c.plan.waves[static_cast<std::size_t>(i)].number = i + 1;
    for (std::size_t i = 0; i < ids.size(); ++i)
        c.plan
            .waves[i < static_cast<std::size_t>(waves)
                       ? i
                       : static_cast<std::size_t>(pick(0, waves - 1))]
            .workloads.push_back(ids[i]);

    PlanAssumptions& a = c.assumptions;
    a.linkEfficiency = uniform(0.4, 1.0);
    a.streamsPerWorkload = pick(1, 8);
    a.streamMbps = uniform(20.0, 600.0);
    a.syncIntervalHours = uniform(2.0, 48.0);
    a.cutoverOverheadHours = uniform(0.0, 4.0);
    a.waitForPreviousWave = pick(0, 1) == 1;
    a.chattyTrafficGbPerDay = 10.0;
    if (pick(0, 1))
        a.cutoverWindows.push_back(*TimeWindow::parse(windowTexts[pick(0, 5)]));
    if (pick(0, 3) == 0)
        a.cutoverWindows.push_back(*TimeWindow::parse("Sun 01:00-03:00"));
    c.factors = SimulationFactors{uniform(0.6, 1.5), uniform(0.8, 1.4), uniform(0.5, 2.0)};
    return c;
}

/// Open minutes of a plan week for windows in a site's local time (independent of the code
/// under test: tests every minute of the week against every window).
std::array<bool, 10080> openMinutes(const std::vector<TimeWindow>& windows, int utcOffsetMinutes) {
    std::array<bool, 10080> open{};
    for (int m = 0; m < 10080; ++m) {
        const int local = ((m + utcOffsetMinutes) % 10080 + 10080) % 10080;
        const int day = local / 1440;
        const int minute = local % 1440;
        for (const auto& w : windows)
            if ((w.days >> day) & 1 && minute >= w.startMinute && minute < w.endMinute)
                open[static_cast<std::size_t>(m)] = true;
    }
    return open;
}

bool openAtMinute(const std::array<bool, 10080>& open, long long minute) {
    return open[static_cast<std::size_t>(((minute % 10080) + 10080) % 10080)];
}

int offsetOf(const ProjectData& d, const std::string& site) {
    for (const auto& s : d.sites)
        if (s.id == site)
            return s.utcOffsetMinutes;
    return 0;
}

DependencyPolicy effective(const Dependency& dep, const PlanAssumptions& a) {
    if (dep.policy != DependencyPolicy::Auto)
        return dep.policy;
    return dep.trafficGbPerDay > a.chattyTrafficGbPerDay ? DependencyPolicy::SameWave
                                                         : DependencyPolicy::DependencyFirst;
}

void requireSame(const Timeline& x, const Timeline& y) {
    REQUIRE(x.rows.size() == y.rows.size());
    for (std::size_t i = 0; i < x.rows.size(); ++i) {
        const auto &a = x.rows[i], &b = y.rows[i];
        REQUIRE((a.workload == b.workload && a.wave == b.wave && a.phase == b.phase &&
                 a.startHours == b.startHours && a.endHours == b.endHours && a.gb == b.gb));
    }
    REQUIRE(x.workloads.size() == y.workloads.size());
    for (std::size_t i = 0; i < x.workloads.size(); ++i) {
        const auto &a = x.workloads[i], &b = y.workloads[i];
        REQUIRE((a.workload == b.workload && a.cutoverStartHours == b.cutoverStartHours &&
                 a.cutoverEndHours == b.cutoverEndHours && a.gbMoved == b.gbMoved &&
                 a.syncs == b.syncs && a.startHours == b.startHours));
    }
    REQUIRE(x.linkUsage.size() == y.linkUsage.size());
    for (std::size_t i = 0; i < x.linkUsage.size(); ++i) {
        REQUIRE(x.linkUsage[i].second.size() == y.linkUsage[i].second.size());
        for (std::size_t k = 0; k < x.linkUsage[i].second.size(); ++k) {
            const auto &a = x.linkUsage[i].second[k], &b = y.linkUsage[i].second[k];
            REQUIRE((a.startHours == b.startHours && a.endHours == b.endHours && a.mbps == b.mbps));
        }
    }
    REQUIRE(x.egressGbPerDay == y.egressGbPerDay);
    REQUIRE(x.findings == y.findings);
    REQUIRE(x.totalHours == y.totalHours);
}

} // namespace

TEST_CASE("timeline invariants hold on random projects", "[model]") {
    const std::uint64_t seed = GENERATE(range(std::uint64_t{1}, std::uint64_t{301}));
    CAPTURE(seed);
    const RandomCase c = randomCase(seed);
    const ProjectData& d = c.data;
    const PlanAssumptions& a = c.assumptions;
    const Timeline t = TimelineSimulator::simulate(d, a, c.plan, c.factors);

    // Determinism.
    requireSame(t, TimelineSimulator::simulate(d, a, c.plan, c.factors));
    REQUIRE_FALSE(hasFinding(t, "timeline.stalled"));

    std::map<std::string, const Workload*> workloadById;
    for (const auto& w : d.workloads)
        workloadById[w.id] = &w;
    std::map<std::string, const WorkloadTiming*> timing;
    for (const auto& w : t.workloads)
        timing[w.workload] = &w;
    std::map<std::string, int> waveSlot;
    for (std::size_t i = 0; i < c.plan.waves.size(); ++i)
        for (const auto& id : c.plan.waves[i].workloads)
            waveSlot[id] = static_cast<int>(i);

    // Every planned workload is simulated unless a finding says why not.
    for (const auto& w : d.workloads) {
        if (!timing.count(w.id)) {
            REQUIRE(std::any_of(t.findings.begin(), t.findings.end(),
                                [&](const Finding& f) { return f.objectId == w.id; }));
        }
    }

    // Bytes are conserved per workload: rows add up to what moved, which is the size plus every
    // change since the full copy began.
    std::map<std::string, double> rowGb, copyEnd;
    for (const auto& r : t.rows) {
        REQUIRE(r.endHours >= r.startHours);
        rowGb[r.workload] += r.gb;
        if (r.phase == TransferPhase::FullCopy)
            copyEnd[r.workload] = r.endHours;
    }
    std::map<std::string, double> linkGb;
    double totalGb = 0;
    for (const auto& w : t.workloads) {
        const Workload& src = *workloadById.at(w.workload);
        CHECK(rowGb[w.workload] == Approx(w.gbMoved).epsilon(1e-9).margin(1e-9));
        if (w.link.empty()) {
            CHECK(w.gbMoved == 0.0);
        } else {
            const double expected =
                src.sizeGb * c.factors.size + src.changeRateGbPerDay * c.factors.changeRate / 24.0 *
                                                  (w.cutoverStartHours - w.startHours);
            CHECK(w.gbMoved == Approx(expected).epsilon(1e-9).margin(1e-6));
            // Every byte crosses every link of the route: bytes are conserved hop by hop.
            REQUIRE_FALSE(w.route.empty());
            CHECK(std::find(w.route.begin(), w.route.end(), w.link) != w.route.end());
            for (const std::string& hop : w.route)
                linkGb[hop] += w.gbMoved;
        }
        totalGb += w.gbMoved;
        CHECK(w.downtimeHours == Approx(w.cutoverEndHours - w.cutoverStartHours));
        CHECK(w.downtimeHours >= (w.link.empty() ? 0.0 : a.cutoverOverheadHours) - 1e-9);
        CHECK(w.cutoverEndHours <= t.totalHours + 1e-9);
    }

    // Links: the integral of the rate is what the workloads moved, never above capacity, never
    // outside the windows.
    const double efficiency = std::min(1.0, a.linkEfficiency * c.factors.linkEfficiency);
    for (std::size_t i = 0; i < d.links.size(); ++i) {
        const Link& link = d.links[i];
        REQUIRE(t.linkUsage[i].first == link.id);
        const auto& pieces = t.linkUsage[i].second;
        const auto open = openMinutes(link.windows, offsetOf(d, link.from));
        double integral = 0;
        double previousEnd = 0;
        for (const auto& p : pieces) {
            REQUIRE(p.startHours < p.endHours);
            REQUIRE(p.startHours >= previousEnd - 1e-12);
            previousEnd = p.endHours;
            CHECK(p.mbps > 0);
            CHECK(p.mbps <= link.bandwidthMbps * efficiency + 1e-9);
            CHECK(p.mbps <= a.streamsPerWorkload * a.streamMbps *
                                    static_cast<double>(std::count_if(
                                        t.workloads.begin(), t.workloads.end(),
                                        [&](const WorkloadTiming& w) {
                                            return std::find(w.route.begin(), w.route.end(),
                                                             link.id) != w.route.end();
                                        })) +
                                1e-9);
            integral += p.mbps * kGbPerMbpsHour * (p.endHours - p.startHours);
            if (!link.windows.empty()) {
                const auto first = static_cast<long long>(std::floor(p.startHours * 60.0 + 1e-6));
                const auto last = static_cast<long long>(std::ceil(p.endHours * 60.0 - 1e-6));
                for (long long m = first; m < last; ++m) {
                    INFO("link " << link.id << " carries traffic in closed minute " << m);
                    REQUIRE(openAtMinute(open, m));
                }
            }
        }
        CHECK(integral == Approx(linkGb[link.id]).epsilon(1e-7).margin(1e-6));
    }
    double egress = 0;
    for (double gb : t.egressGbPerDay)
        egress += gb;
    CHECK(egress == Approx(totalGb).epsilon(1e-7).margin(1e-6));

    // Cutovers start inside the cutover windows (source site's local time), after the wave's
    // full copies and after what they depend on.
    std::map<int, double> waveCopiesDone;
    for (const auto& w : t.workloads)
        waveCopiesDone[waveSlot[w.workload]] =
            std::max(waveCopiesDone[waveSlot[w.workload]],
                     copyEnd.count(w.workload) ? copyEnd[w.workload] : w.startHours);
    for (const auto& w : t.workloads) {
        CHECK(w.cutoverStartHours >= waveCopiesDone[waveSlot[w.workload]] - 1e-9);
        if (!a.cutoverWindows.empty()) {
            const auto open =
                openMinutes(a.cutoverWindows, offsetOf(d, workloadById.at(w.workload)->site));
            INFO(w.workload << " cuts over at hour " << w.cutoverStartHours);
            CHECK(openAtMinute(
                open, static_cast<long long>(std::floor(w.cutoverStartHours * 60 + 1e-6))));
        }
    }
    for (const auto& dep : d.dependencies) {
        if (effective(dep, a) != DependencyPolicy::DependencyFirst || !timing.count(dep.from) ||
            !timing.count(dep.to))
            continue;
        if (a.waitForPreviousWave && waveSlot[dep.to] > waveSlot[dep.from]) {
            CHECK(hasFinding(t, "timeline.dependency_order"));
            continue;
        }
        INFO(dep.id());
        CHECK(timing[dep.from]->cutoverStartHours >= timing[dep.to]->cutoverEndHours - 1e-9);
    }

    // Waves.
    REQUIRE(t.waves.size() == c.plan.waves.size());
    for (std::size_t i = 0; i < t.waves.size(); ++i) {
        if (a.waitForPreviousWave && i > 0)
            CHECK(t.waves[i].startHours == t.waves[i - 1].cutoverEndHours);
        if (!a.waitForPreviousWave)
            CHECK(t.waves[i].startHours == 0.0);
        CHECK(t.waves[i].cutoverEndHours >= t.waves[i].startHours);
    }
}
