#include <catch2/catch.hpp>

#include <ferry/model/Planner.hpp>
#include <ferry/model/ProjectJson.hpp>

#include <filesystem>
#include <set>
#include <string>

using namespace ferry::model;

namespace {

const ProjectData& demo() {
    static const ProjectData loaded = [] {
        auto result = ProjectJson::readFile(std::filesystem::path(FERRY_SOURCE_DIR) / "resources" /
                                            "demo" / "retail-demo.json");
        REQUIRE(result.ok());
        ProjectData data = std::move(result).value();
        // The demo's eleven chatty, cyclic services must share one wave: allow it, so the plan
        // is feasible (with the default limit of ten it is not).
        data.info.assumptions["max_workloads_per_wave"] = 20;
        return data;
    }();
    return loaded;
}

const PricingCatalog& catalog() {
    static const PricingCatalog loaded = [] {
        auto result = PricingCatalog::loadDirectory(std::filesystem::path(FERRY_SOURCE_DIR) /
                                                    "resources" / "pricing");
        REQUIRE(result.ok());
        return std::move(result).value();
    }();
    return loaded;
}

} // namespace

TEST_CASE("The demo project plans feasibly with every moved workload placed", "[model]") {
    auto outcome = runPlanner(demo(), "", catalog());
    REQUIRE(outcome.ok());
    CHECK(outcome->plan.feasible());
    CHECK_FALSE(outcome->plan.waves.empty());

    std::set<std::string> placed;
    for (const auto& placement : outcome->plan.placements) {
        CHECK(placement.wave >= 1);
        CHECK_FALSE(placement.reason.empty());
        placed.insert(placement.workload);
    }
    for (const auto& mapping : demo().mappings) {
        if (mapping.strategy == Strategy::Retire || mapping.strategy == Strategy::Retain)
            continue;
        INFO(mapping.workload);
        CHECK(placed.count(mapping.workload) == 1);
    }
    CHECK(outcome->timeline.totalHours > 0);
    CHECK(outcome->timeline.workloads.size() == outcome->plan.placements.size());
    CHECK(outcome->cost.oneTimeTotal > 0);
    CHECK(outcome->cost.waves.size() == outcome->plan.waves.size());
}

TEST_CASE("The 10 Gbps link scenario finishes sooner than the baseline", "[model]") {
    auto baseline = runPlanner(demo(), "", catalog());
    auto fast = runPlanner(demo(), "fast-link", catalog());
    REQUIRE(baseline.ok());
    REQUIRE(fast.ok());
    CHECK(fast->scenario == "fast-link");
    CHECK(fast->timeline.totalHours < baseline->timeline.totalHours);
}

TEST_CASE("Comparing the demo's scenarios gives the baseline and one column per scenario",
          "[model]") {
    auto all = compareScenarios(demo(), {}, catalog());
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);
    CHECK((*all)[0].scenario.empty());
    CHECK((*all)[0].name == "Baseline");
    CHECK((*all)[1].scenario == "fast-link");
    CHECK((*all)[1].name == "10 Gbps link");
    CHECK((*all)[2].scenario == "azure");
    CHECK((*all)[1].totalHours < (*all)[0].totalHours);
    for (const auto& summary : *all) {
        CHECK(summary.waves > 0);
        CHECK(summary.oneTimeCost > 0);
    }

    auto one = compareScenarios(demo(), {"azure"}, catalog());
    REQUIRE(one.ok());
    CHECK(one->size() == 2);
}

TEST_CASE("The demo is infeasible when a wave may hold only ten workloads", "[model]") {
    ProjectData data = demo();
    data.info.assumptions["max_workloads_per_wave"] = 10;
    auto outcome = runPlanner(data, "", catalog());
    REQUIRE(outcome.ok());
    CHECK_FALSE(outcome->plan.feasible());
    bool tooLarge = false;
    for (const auto& f : outcome->plan.findings)
        tooLarge |= f.code == "plan.group_too_large";
    CHECK(tooLarge);
}

TEST_CASE("An unknown scenario is refused naming it", "[model]") {
    auto outcome = runPlanner(demo(), "no-such-scenario", catalog());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code == "scenario.unknown");
    CHECK(outcome.error().toString().find("no-such-scenario") != std::string::npos);

    auto compared = compareScenarios(demo(), {"fast-link", "no-such-scenario"}, catalog());
    REQUIRE_FALSE(compared.ok());
    CHECK(compared.error().toString().find("no-such-scenario") != std::string::npos);
}

TEST_CASE("A bad assumption is refused naming the assumption and the scenario", "[model]") {
    ProjectData data = demo();
    data.scenarios.push_back(
        Scenario{"broken", "Broken", "", {{"assumptions.link_efficiency", 5.0}}});
    auto outcome = runPlanner(data, "broken", catalog());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().context.find("broken") != std::string::npos);
    CHECK(outcome.error().toString().find("link_efficiency") != std::string::npos);
}

TEST_CASE("A prepared plan cost model prices any timeline as CostModel::estimate does", "[model]") {
    auto outcome = runPlanner(demo(), "", catalog());
    REQUIRE(outcome.ok());
    const PlanCostModel prepared(outcome->data, outcome->assumptions, outcome->plan, catalog());
    // The nominal timeline and slower, larger ones, as a forecast draws them.
    for (const SimulationFactors factors : {SimulationFactors{}, SimulationFactors{0.5, 1.3, 2.0},
                                            SimulationFactors{1.2, 0.7, 0.1}}) {
        const Timeline timeline = TimelineSimulator::simulate(outcome->data, outcome->assumptions,
                                                              outcome->plan, factors);
        const CostReport once = CostModel::estimate(outcome->data, outcome->assumptions,
                                                    outcome->plan, timeline, catalog());
        // Twice from the same preparation: a run leaves nothing behind for the next one.
        for (int round = 0; round < 2; ++round) {
            const CostReport cost = prepared.estimate(timeline);
            CHECK(cost.oneTimeTotal == once.oneTimeTotal);
            CHECK(cost.oneTimeByCategory == once.oneTimeByCategory);
            CHECK(cost.monthlyBefore == once.monthlyBefore);
            CHECK(cost.monthlyAfter == once.monthlyAfter);
            CHECK(cost.cumulativeMigrate == once.cumulativeMigrate);
            CHECK(cost.breakEvenMonth == once.breakEvenMonth);
            CHECK(cost.findings == once.findings);
            REQUIRE(cost.workloads.size() == once.workloads.size());
            for (std::size_t i = 0; i < cost.workloads.size(); ++i) {
                CHECK(cost.workloads[i].oneTime == once.workloads[i].oneTime);
                CHECK(cost.workloads[i].targetPricing == once.workloads[i].targetPricing);
            }
            REQUIRE(cost.waves.size() == once.waves.size());
            for (std::size_t i = 0; i < cost.waves.size(); ++i)
                CHECK(cost.waves[i].oneTime == once.waves[i].oneTime);
            CHECK(cost.sources.size() == once.sources.size());
        }
    }
}
