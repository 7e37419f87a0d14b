#include <catch2/catch.hpp>

#include <ferry/model/Routing.hpp>
#include <ferry/model/WavePlanner.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace ferry::model;

namespace {

/// A small estate on two linked sites, built up by each test.
struct Estate {
    ProjectData data;
    PlanAssumptions assumptions;

    Estate() {
        data.sites = {Site{.id = "dc", .name = "DC"},
                      Site{.id = "aws", .name = "AWS", .provider = Provider::Aws}};
        data.links = {Link{.id = "dc-aws", .from = "dc", .to = "aws", .bandwidthMbps = 1000}};
        assumptions.maxWorkloadsPerWave = 0; // Unlimited unless a test says otherwise.
    }
    Estate& add(const std::string& id, double gb = 0, Strategy strategy = Strategy::Rehost,
                const std::string& target = "aws") {
        data.workloads.push_back(Workload{.id = id, .name = id, .site = "dc", .sizeGb = gb});
        data.mappings.push_back(
            Mapping{.workload = id, .targetSite = target, .strategy = strategy});
        return *this;
    }
    Estate& dep(const std::string& from, const std::string& to, double traffic = 0,
                DependencyPolicy policy = DependencyPolicy::Auto) {
        data.dependencies.push_back(
            Dependency{.from = from, .to = to, .trafficGbPerDay = traffic, .policy = policy});
        return *this;
    }
    Estate& pin(const std::string& id, int wave) {
        for (auto& m : data.mappings)
            if (m.workload == id)
                m.pinnedWave = wave;
        return *this;
    }
    WavePlan plan() const { return WavePlanner::plan(data, assumptions); }
};

std::map<std::string, int> wavesOf(const WavePlan& plan) {
    std::map<std::string, int> waves;
    for (const auto& p : plan.placements)
        waves[p.workload] = p.wave;
    return waves;
}

std::string reasonOf(const WavePlan& plan, const std::string& id) {
    for (const auto& p : plan.placements)
        if (p.workload == id)
            return p.reason;
    FAIL("no placement for " << id);
    return {};
}

std::vector<Finding> withCode(const WavePlan& plan, const std::string& code) {
    std::vector<Finding> out;
    for (const auto& f : plan.findings)
        if (f.code == code)
            out.push_back(f);
    return out;
}

std::string describe(const WavePlan& plan) {
    std::string text;
    for (const auto& p : plan.placements)
        text += "  " + p.workload + " -> " + std::to_string(p.wave) + ": " + p.reason + "\n";
    for (const auto& f : plan.findings)
        text += "  " + std::string(toString(f.severity)) + " " + f.code + " [" + f.objectId + "] " +
                f.message + "\n";
    return text;
}

using Waves = std::map<std::string, int>;
using Ids = std::vector<std::string>;

} // namespace

// ---- wave limits -------------------------------------------------------------------------------

TEST_CASE("WavePlanner: independent workloads fill waves in id order up to the workload limit",
          "[model]") {
    Estate e;
    e.add("c").add("a").add("b");
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}, {"c", 2}});
    REQUIRE(plan.waves.size() == 2);
    CHECK(plan.waves[0].number == 1);
    CHECK(plan.waves[0].workloads == Ids{"a", "b"});
    CHECK(plan.waves[1].workloads == Ids{"c"});
    CHECK(reasonOf(plan, "a") == "wave 1: no dependencies");
    CHECK(reasonOf(plan, "c") ==
          "wave 2: no dependencies; no room in wave 1 (max_workloads_per_wave 2)");
    CHECK(plan.feasible());
    CHECK(plan.findings.empty());
}

TEST_CASE("WavePlanner: without limits everything moves in one wave", "[model]") {
    Estate e;
    e.add("a").add("b").add("c").dep("a", "b", 1).dep("b", "c", 1);
    const WavePlan plan = e.plan();
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}, {"c", 1}});
    CHECK(reasonOf(plan, "a") == "wave 1: depends on b (wave 1)");
    CHECK(plan.splitTrafficGbPerDayWaves == 0);
}

TEST_CASE("WavePlanner: the GB limit packs waves and reports the limit", "[model]") {
    Estate e;
    e.add("a", 60).add("b", 50).add("c", 40);
    e.assumptions.maxGbPerWave = 100;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    // a (60) leaves 40: b (50) does not fit but c (40) does.
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 2}, {"c", 1}});
    CHECK(plan.waves[0].totalGb == 100);
    CHECK(reasonOf(plan, "b") ==
          "wave 2: no dependencies; no room in wave 1 (max_gb_per_wave 100)");
}

TEST_CASE("WavePlanner: transfer hours use link bandwidth times efficiency", "[model]") {
    Estate e;
    e.data.links[0].bandwidthMbps = 100;
    e.assumptions.linkEfficiency = 0.5;
    e.assumptions.maxTransferHoursPerWave = 10;
    // 90 GB at 50 Mbps: 90 * 8000 / 50 / 3600 = 4 hours each.
    e.add("w1", 90).add("w2", 90).add("w3", 90);
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"w1", 1}, {"w2", 1}, {"w3", 2}});
    REQUIRE(plan.waves.size() == 2);
    CHECK(plan.waves[0].transferHours == Approx(8.0));
    CHECK(plan.waves[1].transferHours == Approx(4.0));
    CHECK(reasonOf(plan, "w3") ==
          "wave 2: no dependencies; no room in wave 1 (max_transfer_hours_per_wave 10)");
}

TEST_CASE("WavePlanner: a workload bigger than a wave gets a wave of its own and an error",
          "[model]") {
    Estate e;
    e.add("big", 150).add("small", 50).add("small2", 50);
    e.assumptions.maxGbPerWave = 100;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"big", 1}, {"small", 2}, {"small2", 2}});
    const auto f = withCode(plan, "plan.workload_too_large");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].objectId == "big");
    CHECK(f[0].message.find("150 GB") != std::string::npos);
    CHECK(f[0].message.find("max_gb_per_wave (100 GB)") != std::string::npos);
    CHECK_FALSE(plan.feasible());
    CHECK(withCode(plan, "plan.wave_over_limit").empty()); // Explained by the finding above.
}

// ---- dependencies ------------------------------------------------------------------------------

TEST_CASE("WavePlanner: a dependency moves no later than its dependent", "[model]") {
    Estate e;
    e.add("app").add("db").dep("app", "db", 1);
    e.assumptions.maxWorkloadsPerWave = 1;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"app", 2}, {"db", 1}});
    CHECK(reasonOf(plan, "db") == "wave 1: no dependencies");
    CHECK(reasonOf(plan, "app") ==
          "wave 2: depends on db (wave 1); no room in wave 1 (max_workloads_per_wave 1)");
    CHECK(plan.splitTrafficGbPerDayWaves == 1.0);
}

TEST_CASE("WavePlanner: the reason names the dependency in the latest wave", "[model]") {
    Estate e;
    e.add("orders-db").add("cache").add("web").add("api");
    e.dep("api", "orders-db").dep("api", "cache").dep("web", "api");
    e.assumptions.maxWorkloadsPerWave = 1;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"cache", 1}, {"orders-db", 2}, {"api", 3}, {"web", 4}});
    CHECK(reasonOf(plan, "api") ==
          "wave 3: depends on orders-db (wave 2); no room in wave 2 (max_workloads_per_wave 1)");
}

TEST_CASE("WavePlanner: chatty dependencies move in the same wave", "[model]") {
    Estate e;
    e.add("aaa").add("cart").add("checkout-svc").dep("checkout-svc", "cart", 40);
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"aaa", 1}, {"cart", 2}, {"checkout-svc", 2}});
    CHECK(reasonOf(plan, "cart") ==
          "wave 2: no dependencies; no room in wave 1 (max_workloads_per_wave 2)");
    CHECK(reasonOf(plan, "checkout-svc") == "moved with cart: 40 GB/day traffic");
    CHECK(plan.moveGroups.empty()); // Chatty is not a cycle.
}

TEST_CASE("WavePlanner: traffic exactly at the chatty threshold is not chatty", "[model]") {
    Estate e;
    e.add("a").add("b").dep("a", "b", 10);
    e.assumptions.maxWorkloadsPerWave = 1;
    e.assumptions.chattyTrafficGbPerDay = 10;
    CHECK(wavesOf(e.plan()) == Waves{{"a", 2}, {"b", 1}});
    e.data.dependencies[0].trafficGbPerDay = 10.5;
    e.assumptions.maxWorkloadsPerWave = 2;
    CHECK(wavesOf(e.plan()) == Waves{{"a", 1}, {"b", 1}});
    CHECK(reasonOf(e.plan(), "a") == "wave 1: no dependencies");
    CHECK(reasonOf(e.plan(), "b") == "moved with a: 10.5 GB/day traffic");
}

TEST_CASE("WavePlanner: dependency_first never merges chatty dependencies", "[model]") {
    Estate e;
    e.add("cart").add("checkout").dep("checkout", "cart", 40, DependencyPolicy::DependencyFirst);
    e.assumptions.maxWorkloadsPerWave = 1;
    WavePlan plan = e.plan();
    CHECK(wavesOf(plan) == Waves{{"cart", 1}, {"checkout", 2}});
    CHECK(withCode(plan, "plan.group_too_large").empty());

    // The project default stands in for a dependency whose policy is auto.
    e.data.dependencies[0].policy = DependencyPolicy::Auto;
    e.assumptions.defaultPolicy = DependencyPolicy::DependencyFirst;
    plan = e.plan();
    CHECK(wavesOf(plan) == Waves{{"cart", 1}, {"checkout", 2}});
    CHECK(plan.splitTrafficGbPerDayWaves == 40);
}

TEST_CASE("WavePlanner: same_wave keeps two workloads together whatever their traffic", "[model]") {
    Estate e;
    e.add("a").add("b").add("c").dep("b", "a", 0, DependencyPolicy::SameWave);
    e.assumptions.maxWorkloadsPerWave = 2;
    WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}, {"c", 2}});
    CHECK(reasonOf(plan, "a") == "wave 1: no dependencies");
    CHECK(reasonOf(plan, "b") == "moved with a: same-wave dependency");

    // Through the project default as well.
    e.data.dependencies[0].policy = DependencyPolicy::Auto;
    e.assumptions.defaultPolicy = DependencyPolicy::SameWave;
    plan = e.plan();
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}, {"c", 2}});
}

TEST_CASE("WavePlanner: a workload between two same-wave workloads joins their wave", "[model]") {
    // front depends on mid, mid on back, and front must share a wave with back: so must mid.
    Estate e;
    e.add("back").add("front").add("mid");
    e.dep("front", "mid").dep("mid", "back").dep("front", "back", 0, DependencyPolicy::SameWave);
    e.assumptions.maxWorkloadsPerWave = 3;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"back", 1}, {"front", 1}, {"mid", 1}});
    CHECK(reasonOf(plan, "back") == "wave 1: no dependencies");
    CHECK(reasonOf(plan, "front") == "moved with back: same-wave dependency");
    CHECK(reasonOf(plan, "mid") ==
          "moved with back: on a dependency path between workloads that share a wave");
}

TEST_CASE("WavePlanner: a dependency cycle becomes a move group in one wave", "[model]") {
    Estate e;
    e.add("a").add("b").add("c").dep("a", "b").dep("b", "a").dep("c", "a");
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    REQUIRE(plan.moveGroups.size() == 1);
    CHECK(plan.moveGroups[0].id == "group-1");
    CHECK(plan.moveGroups[0].workloads == Ids{"a", "b"});
    CHECK(plan.moveGroups[0].cycle == Ids{"a", "b", "a"});
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}, {"c", 1}});
    CHECK(reasonOf(plan, "a") == "move group group-1 (cycle a -> b -> a); wave 1: no dependencies");
    CHECK(reasonOf(plan, "b") == "move group group-1 (cycle a -> b -> a)");
    CHECK(reasonOf(plan, "c") == "wave 1: depends on a (wave 1)");
    CHECK(plan.layers == std::vector<Ids>{{"a", "b"}, {"c"}});
}

TEST_CASE("WavePlanner: a move group larger than a wave is an error with the numbers", "[model]") {
    Estate e;
    e.add("a").add("b").add("c").add("d").dep("a", "b").dep("b", "c").dep("c", "a");
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 2}});
    const auto f = withCode(plan, "plan.group_too_large");
    REQUIRE(f.size() == 1);
    CHECK(f[0].objectId == "group-1");
    CHECK(f[0].path == Ids{"a", "b", "c"});
    CHECK(f[0].message ==
          "Move group group-1 must move in one wave (a dependency cycle), but together they are "
          "3 workloads, more than max_workloads_per_wave (2); they get a wave of their own that "
          "breaks the limit. Raise the limit or break the cycle.");
    CHECK_FALSE(plan.feasible());
}

TEST_CASE("WavePlanner: a same-wave cluster larger than a wave is an error", "[model]") {
    Estate e;
    e.add("a", 300).add("b", 300).dep("a", "b", 50);
    e.assumptions.maxGbPerWave = 500;
    const WavePlan plan = e.plan();
    const auto f = withCode(plan, "plan.group_too_large");
    REQUIRE(f.size() == 1);
    CHECK(f[0].objectId == "a");
    CHECK(f[0].message.find("The workloads a, b must move in one wave") == 0);
    CHECK(f[0].message.find("600 GB, more than max_gb_per_wave (500 GB)") != std::string::npos);
}

// ---- pins --------------------------------------------------------------------------------------

TEST_CASE("WavePlanner: a pinned workload stays in its wave and holds back its dependents",
          "[model]") {
    Estate e;
    e.add("a").add("x").add("y").pin("x", 2).dep("y", "x");
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"x", 2}, {"y", 2}});
    CHECK(reasonOf(plan, "x") == "pinned to wave 2");
    CHECK(reasonOf(plan, "y") == "wave 2: depends on x (wave 2)");
    CHECK(plan.feasible());
}

TEST_CASE("WavePlanner: a pin beyond the other waves leaves empty waves, noted", "[model]") {
    Estate e;
    e.add("a").add("x").pin("x", 3);
    const WavePlan plan = e.plan();
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"x", 3}});
    REQUIRE(plan.waves.size() == 3);
    CHECK(plan.waves[1].workloads.empty());
    const auto f = withCode(plan, "plan.empty_wave");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Info);
    CHECK(plan.feasible());
}

TEST_CASE("WavePlanner: what a pinned workload depends on is placed in time", "[model]") {
    // z sorts last, but a (pinned to wave 2) needs it by wave 2.
    Estate e;
    e.add("a").add("b").add("c").add("d").add("e").add("z").pin("a", 2).dep("a", "z");
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(plan.feasible());
    CHECK(wavesOf(plan).at("z") <= 2);
    CHECK(wavesOf(plan).at("a") == 2);
}

TEST_CASE("WavePlanner: a pin before a pinned dependency is a conflict naming both", "[model]") {
    Estate e;
    e.add("a").add("b").pin("a", 1).pin("b", 2).dep("a", "b");
    WavePlan plan = e.plan();
    INFO(describe(plan));
    auto f = withCode(plan, "plan.pin_conflict");
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].objectId == "a");
    CHECK(f[0].path == Ids{"a", "b"});
    CHECK(f[0].message.find("'a' is pinned to wave 1 but depends on 'b', which is pinned to "
                            "wave 2") != std::string::npos);
    CHECK_FALSE(plan.feasible());
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 2}}); // Pins are kept as the user set them.

    // Through a workload in between.
    e.add("m").data.dependencies = {Dependency{.from = "a", .to = "m"},
                                    Dependency{.from = "m", .to = "b"}};
    plan = e.plan();
    f = withCode(plan, "plan.pin_conflict");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("depends on 'b' through other workloads") != std::string::npos);
}

TEST_CASE("WavePlanner: a pin that leaves no room for its dependency is a conflict", "[model]") {
    Estate e;
    e.add("a").add("b").pin("a", 1).dep("a", "b");
    e.assumptions.maxWorkloadsPerWave = 1;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 2}});
    const auto f = withCode(plan, "plan.pin_conflict");
    REQUIRE(f.size() == 1);
    CHECK(f[0].path == Ids{"a", "b"});
    CHECK(f[0].message ==
          "The workload 'a' is pinned to wave 1 but depends on 'b', which cannot move before "
          "wave 2 within the wave limits; pin 'a' to wave 2 or later, or raise the limits.");
}

TEST_CASE("WavePlanner: different pins inside one move group are a conflict", "[model]") {
    Estate e;
    e.add("a").add("b").dep("a", "b").dep("b", "a").pin("a", 1).pin("b", 2);
    const WavePlan plan = e.plan();
    const auto f = withCode(plan, "plan.pin_conflict");
    REQUIRE(f.size() == 1);
    CHECK(f[0].path == Ids{"a", "b"});
    CHECK(f[0].message.find("move group group-1 must move in one wave") != std::string::npos);
    CHECK(wavesOf(plan) == Waves{{"a", 1}, {"b", 1}});
}

TEST_CASE("WavePlanner: too many workloads pinned to one wave is an error", "[model]") {
    Estate e;
    e.add("a").add("b").add("c").pin("a", 1).pin("b", 1).pin("c", 1);
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    const auto f = withCode(plan, "plan.wave_over_limit");
    REQUIRE(f.size() == 1);
    CHECK(f[0].message.find("Wave 1 holds 3 workloads, more than max_workloads_per_wave 2") == 0);
}

TEST_CASE("WavePlanner: a pin outside 1 to 10000 is refused and ignored", "[model]") {
    Estate e;
    e.add("a").pin("a", 0);
    const WavePlan plan = e.plan();
    CHECK(withCode(plan, "plan.bad_pin").size() == 1);
    CHECK(wavesOf(plan) == Waves{{"a", 1}});
}

// ---- scope and routing -------------------------------------------------------------------------

TEST_CASE("WavePlanner: retired, retained and unmapped workloads are excluded", "[model]") {
    Estate e;
    e.add("app").add("old", 0, Strategy::Retire).add("mainframe", 0, Strategy::Retain, "dc");
    e.data.workloads.push_back(Workload{.id = "lost", .name = "lost", .site = "dc"});
    e.dep("app", "old", 100).dep("app", "mainframe", 100).dep("app", "lost", 100);
    const WavePlan plan = e.plan();
    CHECK(plan.excluded == Ids{"lost", "mainframe", "old"});
    CHECK(wavesOf(plan) == Waves{{"app", 1}});
    CHECK(reasonOf(plan, "app") == "wave 1: no dependencies");
    CHECK(plan.splitTrafficGbPerDayWaves == 0);
}

TEST_CASE("WavePlanner: a target no link reaches is an error", "[model]") {
    Estate e;
    e.data.sites.push_back(Site{.id = "gcp", .provider = Provider::Gcp});
    e.add("a", 10, Strategy::Rehost, "gcp").add("b", 10, Strategy::Rehost, "nowhere").add("c", 10);
    const WavePlan plan = e.plan();
    const auto f = withCode(plan, "plan.unreachable");
    REQUIRE(f.size() == 2);
    CHECK(f[0].objectId == "a");
    CHECK(f[0].message.find("no chain of links joins it to 'dc'") != std::string::npos);
    CHECK(f[1].objectId == "b");
    CHECK(f[1].message.find("'nowhere', which does not exist") != std::string::npos);
    CHECK_FALSE(plan.feasible());
    CHECK(wavesOf(plan).size() == 3);
}

TEST_CASE("WavePlanner: a target reached through another site uses the narrowest link", "[model]") {
    Estate e;
    e.data.sites.push_back(Site{.id = "hub"});
    e.data.links = {Link{.id = "dc-hub", .from = "dc", .to = "hub", .bandwidthMbps = 1000},
                    Link{.id = "aws-hub", .from = "aws", .to = "hub", .bandwidthMbps = 100}};
    e.assumptions.linkEfficiency = 1.0;
    e.add("a", 45); // 45 GB at 100 Mbps = 1 hour.
    const WavePlan plan = e.plan();
    CHECK(plan.findings.empty());
    REQUIRE(plan.waves.size() == 1);
    CHECK(plan.waves[0].transferHours == Approx(1.0));
}

TEST_CASE("Routing: direct links in either direction, widest first", "[model]") {
    ProjectData d;
    d.sites = {Site{.id = "a"}, Site{.id = "b"}, Site{.id = "c"}};
    d.links = {Link{.id = "ab-slow", .from = "a", .to = "b", .bandwidthMbps = 100},
               Link{.id = "ba-fast", .from = "b", .to = "a", .bandwidthMbps = 1000},
               Link{.id = "ab-same", .from = "a", .to = "b", .bandwidthMbps = 1000},
               Link{.id = "broken", .from = "a", .to = "c", .bandwidthMbps = 0}};
    REQUIRE(linkBetween(d, "a", "b") != nullptr);
    CHECK(linkBetween(d, "a", "b")->id == "ab-same"); // Equal bandwidth: smaller id.
    CHECK(linkBetween(d, "b", "a")->id == "ab-same");
    CHECK(linkBetween(d, "a", "c") == nullptr); // No usable bandwidth.
    CHECK(linkBetween(d, "a", "zz") == nullptr);

    const Routing routing(d);
    CHECK_FALSE(routing.route("a", "c").has_value());
    CHECK_FALSE(routing.route("a", "zz").has_value());
    const auto same = routing.route("b", "b");
    REQUIRE(same.has_value());
    CHECK(same->links.empty());
    CHECK(std::isinf(same->bottleneckMbps));
}

TEST_CASE("Routing: the widest path wins over the shortest", "[model]") {
    ProjectData d;
    d.sites = {Site{.id = "dc"}, Site{.id = "hub"}, Site{.id = "aws"}};
    d.links = {Link{.id = "direct", .from = "dc", .to = "aws", .bandwidthMbps = 100},
               Link{.id = "dc-hub", .from = "dc", .to = "hub", .bandwidthMbps = 10000},
               Link{.id = "hub-aws", .from = "aws", .to = "hub", .bandwidthMbps = 1000}};
    const auto route = Routing(d).route("dc", "aws");
    REQUIRE(route.has_value());
    CHECK(route->links == std::vector<std::size_t>{1, 2});
    CHECK(route->bottleneckMbps == 1000);
    CHECK(route->bottleneckLink == 2);
    // Equal bottlenecks: fewer hops.
    d.links[0].bandwidthMbps = 1000;
    const auto direct = Routing(d).route("dc", "aws");
    CHECK(direct->links == std::vector<std::size_t>{0});
}

// ---- objective ---------------------------------------------------------------------------------

TEST_CASE("WavePlanner: the improvement pass cuts split traffic without adding waves", "[model]") {
    // Packing puts a and b in wave 1, c and e in wave 2 and d (which depends on a) in wave 3.
    // Moving a next to d removes the split without a fourth wave.
    Estate e;
    e.add("a").add("b").add("c").add("d").add("e").dep("d", "a", 5);
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    INFO(describe(plan));
    CHECK(plan.waves.size() == 3);
    CHECK(wavesOf(plan) == Waves{{"a", 3}, {"b", 1}, {"c", 2}, {"d", 3}, {"e", 2}});
    CHECK(plan.splitTrafficGbPerDayWaves == 0);
    CHECK(reasonOf(plan, "a") ==
          "wave 3: no dependencies; moved to wave 3 to be with d (5 GB/day)");
    CHECK(reasonOf(plan, "d") == "wave 3: depends on a (wave 3)");
}

TEST_CASE("WavePlanner: split traffic sums traffic times wave distance", "[model]") {
    Estate e;
    e.add("a").add("b").add("c").pin("a", 1).pin("b", 2).pin("c", 4);
    e.dep("b", "a", 3).dep("c", "a", 2).dep("c", "b", 0.5);
    const WavePlan plan = e.plan();
    CHECK(plan.splitTrafficGbPerDayWaves == Approx(3 * 1 + 2 * 3 + 0.5 * 2));
}

TEST_CASE("WavePlanner: waves and placements come in wave then id order", "[model]") {
    Estate e;
    e.add("z", 5).add("y", 7).add("x", 11).dep("x", "y", 1);
    e.assumptions.maxWorkloadsPerWave = 2;
    const WavePlan plan = e.plan();
    std::vector<std::pair<int, std::string>> order;
    for (const auto& p : plan.placements)
        order.emplace_back(p.wave, p.workload);
    CHECK(std::is_sorted(order.begin(), order.end()));
    double total = 0;
    for (const auto& w : plan.waves)
        total += w.totalGb;
    CHECK(total == 23);
    CHECK(plan.waveOf("x") == wavesOf(plan).at("x"));
    CHECK(plan.waveOf("ghost") == 0);
    CHECK(plan.waveByWorkload().at("z") == plan.waveOf("z"));
}

// ---- properties on random projects -------------------------------------------------------------

namespace {

struct RandomCase {
    Estate estate;
    std::set<std::string> planned;
    std::set<std::string> excluded;
    std::map<std::string, int> pins;
};

RandomCase randomCase(std::mt19937& random, bool withPins) {
    RandomCase rc;
    Estate& e = rc.estate;
    auto uniform = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    auto chance = [&](double p) { return std::bernoulli_distribution(p)(random); };
    const int n = uniform(1, 30);
    for (int i = 0; i < n; ++i) {
        const std::string id = "w" + std::to_string(100 + i);
        const int roll = uniform(0, 19);
        const double gb = uniform(0, 100);
        if (roll == 0) {
            e.add(id, gb, Strategy::Retire);
            rc.excluded.insert(id);
        } else if (roll == 1) {
            e.add(id, gb, Strategy::Retain, "dc");
            rc.excluded.insert(id);
        } else if (roll == 2) {
            e.data.workloads.push_back(Workload{.id = id, .site = "dc", .sizeGb = gb});
            rc.excluded.insert(id);
        } else {
            e.add(id, gb, chance(0.5) ? Strategy::Rehost : Strategy::Replatform);
            rc.planned.insert(id);
            if (withPins && chance(0.15)) {
                const int wave = uniform(1, 4);
                e.pin(id, wave);
                rc.pins[id] = wave;
            }
        }
    }
    const double density = std::uniform_real_distribution<double>(0.0, 0.15)(random);
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
            if (a == b || !chance(density))
                continue;
            const int p = uniform(0, 9);
            const DependencyPolicy policy = p < 6   ? DependencyPolicy::Auto
                                            : p < 8 ? DependencyPolicy::DependencyFirst
                                                    : DependencyPolicy::SameWave;
            e.dep("w" + std::to_string(100 + a), "w" + std::to_string(100 + b), uniform(0, 25),
                  policy);
        }
    e.assumptions.maxWorkloadsPerWave = chance(0.2) ? 0 : uniform(1, 8);
    e.assumptions.maxGbPerWave = chance(0.5) ? 0 : uniform(100, 400);
    e.assumptions.maxTransferHoursPerWave = chance(0.7) ? 0 : uniform(1, 2);
    e.assumptions.chattyTrafficGbPerDay = 10;
    const int policy = uniform(0, 5);
    e.assumptions.defaultPolicy = policy == 0   ? DependencyPolicy::SameWave
                                  : policy == 1 ? DependencyPolicy::DependencyFirst
                                                : DependencyPolicy::Auto;
    return rc;
}

/// Everything of a plan that must not depend on chance or on the order of the file.
std::string fingerprint(const WavePlan& plan) {
    std::string text;
    for (const auto& w : plan.waves) {
        text += "wave " + std::to_string(w.number) + ":";
        for (const auto& id : w.workloads)
            text += " " + id;
        text += "\n";
    }
    for (const auto& p : plan.placements)
        text += p.workload + "=" + std::to_string(p.wave) + " " + p.reason + "\n";
    for (const auto& g : plan.moveGroups) {
        text += g.id + ":";
        for (const auto& id : g.cycle)
            text += " " + id;
        text += "\n";
    }
    for (const auto& layer : plan.layers) {
        for (const auto& id : layer)
            text += id + " ";
        text += "|";
    }
    for (const auto& id : plan.excluded)
        text += " -" + id;
    text += "\nsplit " + std::to_string(plan.splitTrafficGbPerDayWaves) + "\n";
    return text;
}

bool overLimit(const PlannedWave& w, const PlanAssumptions& a) {
    return (a.maxWorkloadsPerWave > 0 &&
            static_cast<int>(w.workloads.size()) > a.maxWorkloadsPerWave) ||
           (a.maxGbPerWave > 0 && w.totalGb > a.maxGbPerWave * (1 + 1e-9)) ||
           (a.maxTransferHoursPerWave > 0 &&
            w.transferHours > a.maxTransferHoursPerWave * (1 + 1e-9));
}

void checkProperties(const RandomCase& rc, const WavePlan& plan) {
    const Estate& e = rc.estate;
    INFO(describe(plan));
    const auto waves = wavesOf(plan);

    // Every planned workload exactly once; the others listed as excluded.
    CHECK(plan.placements.size() == rc.planned.size());
    std::set<std::string> placed;
    for (const auto& p : plan.placements) {
        CHECK(placed.insert(p.workload).second);
        CHECK_FALSE(p.reason.empty());
        CHECK(p.wave >= 1);
        CHECK(p.wave <= static_cast<int>(plan.waves.size()));
    }
    CHECK(placed == rc.planned);
    CHECK(std::set<std::string>(plan.excluded.begin(), plan.excluded.end()) == rc.excluded);
    CHECK(std::is_sorted(plan.excluded.begin(), plan.excluded.end()));

    // Waves are numbered 1..n, hold what the placements say, with correct totals.
    std::size_t members = 0;
    for (std::size_t i = 0; i < plan.waves.size(); ++i) {
        const PlannedWave& w = plan.waves[i];
        CHECK(w.number == static_cast<int>(i) + 1);
        CHECK(std::is_sorted(w.workloads.begin(), w.workloads.end()));
        double gb = 0;
        for (const auto& id : w.workloads) {
            CHECK(waves.at(id) == w.number);
            for (const auto& wl : e.data.workloads)
                if (wl.id == id)
                    gb += wl.sizeGb;
        }
        CHECK(w.totalGb == Approx(gb));
        members += w.workloads.size();
        if (rc.pins.empty())
            CHECK_FALSE(w.workloads.empty());
    }
    CHECK(members == rc.planned.size());

    const bool pinConflict = !withCode(plan, "plan.pin_conflict").empty();
    if (rc.pins.empty())
        CHECK_FALSE(pinConflict);
    for (const auto& [id, wave] : rc.pins)
        if (withCode(plan, "plan.pin_conflict").empty())
            CHECK(waves.at(id) == wave);

    // Dependency rules, unless pins made them impossible (which is reported).
    double split = 0;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& d : e.data.dependencies) {
        if (!rc.planned.count(d.from) || !rc.planned.count(d.to) ||
            !seen.insert({d.from, d.to}).second)
            continue;
        const int from = waves.at(d.from);
        const int to = waves.at(d.to);
        split += d.trafficGbPerDay * std::abs(from - to);
        if (pinConflict)
            continue;
        INFO(d.from << " -> " << d.to);
        CHECK(to <= from);
        const DependencyPolicy policy =
            d.policy == DependencyPolicy::Auto ? e.assumptions.defaultPolicy : d.policy;
        if (policy == DependencyPolicy::SameWave ||
            (policy == DependencyPolicy::Auto &&
             d.trafficGbPerDay > e.assumptions.chattyTrafficGbPerDay))
            CHECK(to == from);
    }
    CHECK(plan.splitTrafficGbPerDayWaves == Approx(split));

    // Move groups: the strongly connected sets of planned workloads, by a reachability reference.
    std::vector<std::string> ids(rc.planned.begin(), rc.planned.end());
    const int n = static_cast<int>(ids.size());
    std::map<std::string, int> index;
    for (int i = 0; i < n; ++i)
        index[ids[i]] = i;
    std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
    for (const auto& d : e.data.dependencies)
        if (index.count(d.from) && index.count(d.to))
            reach[index[d.from]][index[d.to]] = 1;
    for (int k = 0; k < n; ++k)
        for (int a = 0; a < n; ++a)
            if (reach[a][k])
                for (int b = 0; b < n; ++b)
                    if (reach[k][b])
                        reach[a][b] = 1;
    std::set<std::vector<std::string>> expected;
    for (int a = 0; a < n; ++a) {
        std::vector<std::string> group{ids[a]};
        for (int b = 0; b < n; ++b)
            if (b != a && reach[a][b] && reach[b][a])
                group.push_back(ids[b]);
        std::sort(group.begin(), group.end());
        if (group.size() > 1)
            expected.insert(group);
    }
    std::set<std::vector<std::string>> groups;
    for (const auto& g : plan.moveGroups) {
        groups.insert(g.workloads);
        for (const auto& id : g.workloads)
            CHECK(waves.at(id) == waves.at(g.workloads.front()));
    }
    CHECK(groups == expected);

    // Limits hold, or an error finding says why not.
    const bool sizeErrors = !withCode(plan, "plan.group_too_large").empty() ||
                            !withCode(plan, "plan.workload_too_large").empty() ||
                            !withCode(plan, "plan.wave_over_limit").empty();
    for (const auto& w : plan.waves)
        if (overLimit(w, e.assumptions))
            CHECK(sizeErrors);
    if (rc.pins.empty() && !sizeErrors)
        CHECK(plan.feasible());
}

} // namespace

TEST_CASE("WavePlanner: random projects keep every rule", "[model]") {
    std::mt19937 random(42);
    for (int round = 0; round < 300; ++round) {
        const RandomCase rc = randomCase(random, round % 2 == 1);
        INFO("round " << round);
        const WavePlan plan = rc.estate.plan();
        checkProperties(rc, plan);
    }
}

TEST_CASE("WavePlanner: the same project gives the same plan, whatever the file order", "[model]") {
    std::mt19937 random(7);
    for (int round = 0; round < 200; ++round) {
        const RandomCase rc = randomCase(random, round % 2 == 1);
        INFO("round " << round);
        const WavePlan first = rc.estate.plan();
        const WavePlan second = rc.estate.plan();
        CHECK(fingerprint(first) == fingerprint(second));

        Estate shuffled = rc.estate;
        std::shuffle(shuffled.data.workloads.begin(), shuffled.data.workloads.end(), random);
        std::shuffle(shuffled.data.dependencies.begin(), shuffled.data.dependencies.end(), random);
        std::shuffle(shuffled.data.mappings.begin(), shuffled.data.mappings.end(), random);
        CHECK(fingerprint(shuffled.plan()) == fingerprint(first));
    }
}

TEST_CASE("WavePlanner: without dependencies the wave count is the packing bound", "[model]") {
    std::mt19937 random(3);
    for (int round = 0; round < 100; ++round) {
        Estate e;
        const int n = std::uniform_int_distribution<int>(1, 60)(random);
        for (int i = 0; i < n; ++i)
            e.add("w" + std::to_string(100 + i));
        e.assumptions.maxWorkloadsPerWave = std::uniform_int_distribution<int>(1, 9)(random);
        const WavePlan plan = e.plan();
        const int limit = e.assumptions.maxWorkloadsPerWave;
        CHECK(static_cast<int>(plan.waves.size()) == (n + limit - 1) / limit);
    }
}
