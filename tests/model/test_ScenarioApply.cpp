#include <catch2/catch.hpp>

#include <ferry/model/ScenarioApply.hpp>

#include <string>

using namespace ferry::model;
using nlohmann::json;

namespace {

ProjectData project() {
    ProjectData d;
    d.info.assumptions = {{"max_workloads_per_wave", 5}};
    d.sites = {Site{.id = "dc", .name = "DC"},
               Site{.id = "aws", .name = "AWS", .provider = Provider::Aws}};
    d.links = {Link{.id = "dc-aws", .from = "dc", .to = "aws", .bandwidthMbps = 1000}};
    d.workloads = {Workload{.id = "app", .name = "App", .site = "dc", .sizeGb = 10},
                   Workload{.id = "db.main",
                            .name = "DB",
                            .kind = WorkloadKind::Database,
                            .site = "dc",
                            .sizeGb = 200},
                   Workload{.id = "batch", .name = "Batch", .site = "dc", .sizeGb = 1}};
    d.dependencies = {Dependency{.from = "app", .to = "db.main", .trafficGbPerDay = 4}};
    d.mappings = {
        Mapping{.workload = "app", .targetSite = "aws"},
        Mapping{.workload = "db.main", .targetSite = "aws", .strategy = Strategy::Replatform}};
    return d;
}

Scenario scenario(json overrides) {
    return Scenario{.id = "what-if", .name = "What if", .overrides = std::move(overrides)};
}

Error refusal(const json& overrides) {
    const auto result = applyScenario(project(), scenario(overrides));
    INFO(overrides.dump());
    REQUIRE_FALSE(result.ok());
    return result.error();
}

} // namespace

TEST_CASE("ScenarioApply: no scenario leaves the project as it is", "[model]") {
    const ProjectData d = project();
    const auto same = applyScenario(d, std::string_view{});
    REQUIRE(same.ok());
    CHECK(*same == d);
    const auto empty = applyScenario(d, scenario(json::object()));
    REQUIRE(empty.ok());
    CHECK(*empty == d);
}

TEST_CASE("ScenarioApply: a scenario is found by id", "[model]") {
    ProjectData d = project();
    d.scenarios = {Scenario{.id = "fast", .overrides = {{"links.dc-aws.bandwidth_mbps", 10000}}}};
    const auto applied = applyScenario(d, std::string_view("fast"));
    REQUIRE(applied.ok());
    CHECK(applied->links[0].bandwidthMbps == 10000);
    const auto missing = applyScenario(d, std::string_view("slow"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "scenario.unknown");
    CHECK(missing.error().context == "slow");
}

TEST_CASE("ScenarioApply: assumptions are set by key and checked", "[model]") {
    const auto applied =
        applyScenario(project(), scenario({{"assumptions.max_gb_per_wave", 800},
                                           {"assumptions.cutover_windows", {"Sat 00:00-06:00"}}}));
    REQUIRE(applied.ok());
    CHECK(applied->info.assumptions == json{{"max_workloads_per_wave", 5},
                                            {"max_gb_per_wave", 800},
                                            {"cutover_windows", {"Sat 00:00-06:00"}}});

    Error e = refusal({{"assumptions.max_wave_size", 3}});
    CHECK(e.code == "assumptions.unknown_key");
    CHECK(e.context == "assumptions.max_wave_size");
    e = refusal({{"assumptions.link_efficiency", 2}});
    CHECK(e.code == "assumptions.bad_value");
    CHECK(e.context == "assumptions.link_efficiency");
    e = refusal({{"assumptions.wait_for_previous_wave", "yes"}});
    CHECK(e.context == "assumptions.wait_for_previous_wave");
    CHECK(refusal({{"assumptions", 3}}).code == "scenario.bad_path");
    CHECK(refusal({{"assumptions.size_factor.low", 3}}).code == "scenario.bad_path");
}

TEST_CASE("ScenarioApply: prices are set as nested price overrides", "[model]") {
    ProjectData d = project();
    d.info.priceOverrides = {{"aws", {{"egress", {{"internet", 0.09}}}}}};
    const auto applied = applyScenario(
        d, scenario({{"prices.aws.egress.inter_region", 0.01}, {"prices.gcp.transfer", 0}}));
    REQUIRE(applied.ok());
    CHECK(applied->info.priceOverrides ==
          json{{"aws", {{"egress", {{"internet", 0.09}, {"inter_region", 0.01}}}}},
               {"gcp", {{"transfer", 0}}}});
    const Error e = refusal({{"prices.amazon.egress", 1}});
    CHECK(e.code == "scenario.bad_path");
    CHECK(e.context == "prices.amazon.egress");
    CHECK(refusal({{"prices.aws", 1}}).code == "scenario.bad_path");
}

TEST_CASE("ScenarioApply: sites, links and workloads are changed by id and field", "[model]") {
    const auto applied =
        applyScenario(project(), scenario({{"links.dc-aws.bandwidth_mbps", 10000},
                                           {"links.dc-aws.egress_price_per_gb", 0.02},
                                           {"sites.aws.region", "eu-west-1"},
                                           {"workloads.db.main.size_gb", 500},
                                           {"workloads.app.kind", "service"}}));
    REQUIRE(applied.ok());
    CHECK(applied->links[0].bandwidthMbps == 10000);
    CHECK(applied->links[0].egressPricePerGb == 0.02);
    CHECK(applied->sites[1].region == "eu-west-1");
    CHECK(applied->workloads[1].sizeGb == 500); // An id holding a dot.
    CHECK(applied->workloads[0].kind == WorkloadKind::Service);
    // Everything else is untouched.
    ProjectData expected = project();
    expected.links[0].bandwidthMbps = 10000;
    expected.links[0].egressPricePerGb = 0.02;
    expected.sites[1].region = "eu-west-1";
    expected.workloads[1].sizeGb = 500;
    expected.workloads[0].kind = WorkloadKind::Service;
    CHECK(*applied == expected);
}

TEST_CASE("ScenarioApply: mappings take a workload id or the wildcard", "[model]") {
    const auto applied = applyScenario(project(), scenario({{"mappings.*.strategy", "refactor"},
                                                            {"mappings.app.strategy", "retain"},
                                                            {"mappings.app.pinned_wave", 2}}));
    REQUIRE(applied.ok());
    REQUIRE(applied->mappings.size() == 2);
    CHECK(applied->mappings[0].strategy == Strategy::Retain); // The specific path wins.
    CHECK(applied->mappings[0].pinnedWave == 2);
    CHECK(applied->mappings[1].strategy == Strategy::Refactor);
}

TEST_CASE("ScenarioApply: a target site maps an unmapped workload", "[model]") {
    const auto applied = applyScenario(
        project(),
        scenario({{"mappings.batch.target_site", "aws"}, {"mappings.batch.strategy", "rehost"}}));
    REQUIRE(applied.ok());
    REQUIRE(applied->mappings.size() == 3);
    CHECK(applied->mappings[2].workload == "batch");
    CHECK(applied->mappings[2].targetSite == "aws");
    // A wildcard reaches the new mapping too.
    const auto all = applyScenario(project(), scenario({{"mappings.batch.target_site", "aws"},
                                                        {"mappings.*.strategy", "refactor"}}));
    REQUIRE(all.ok());
    REQUIRE(all->mappings.size() == 3);
    CHECK(all->mappings[2].strategy == Strategy::Refactor);
    // Without a target site there is nothing to change.
    const Error e = refusal({{"mappings.batch.strategy", "rehost"}});
    CHECK(e.code == "scenario.unknown_id");
    CHECK(e.context == "mappings.batch.strategy");
    CHECK(e.message.find("has no mapping") != std::string::npos);
}

TEST_CASE("ScenarioApply: dependencies are named from->to", "[model]") {
    const auto applied =
        applyScenario(project(), scenario({{"dependencies.app->db.main.policy", "same_wave"},
                                           {"dependencies.app->db.main.traffic_gb_per_day", 40}}));
    REQUIRE(applied.ok());
    CHECK(applied->dependencies[0].policy == DependencyPolicy::SameWave);
    CHECK(applied->dependencies[0].trafficGbPerDay == 40);
}

TEST_CASE("ScenarioApply: unknown ids are refused with the path", "[model]") {
    for (const char* path :
         {"workloads.ghost.size_gb", "sites.mars.region", "links.dc-mars.bandwidth_mbps",
          "mappings.ghost.strategy", "dependencies.app->batch.traffic_gb_per_day"}) {
        const Error e = refusal({{path, 1}});
        INFO(path);
        CHECK(e.code == "scenario.unknown_id");
        CHECK(e.context == path);
    }
}

TEST_CASE("ScenarioApply: unknown fields and wrong types are refused with the path", "[model]") {
    Error e = refusal({{"links.dc-aws.bandwidthMbps", 10000}});
    CHECK(e.context == "links.dc-aws.bandwidthMbps");
    CHECK(e.message.find("bandwidth_mbps") != std::string::npos); // The reader suggests it.
    e = refusal({{"workloads.app.size_gb", "big"}});
    CHECK(e.context == "workloads.app.size_gb");
    e = refusal({{"mappings.*.strategy", "lift-and-shift"}});
    CHECK(e.context == "mappings.*.strategy");
    e = refusal({{"mappings.app.pinned_wave", 1.5}});
    CHECK(e.context == "mappings.app.pinned_wave");
}

TEST_CASE("ScenarioApply: identities, wildcards outside mappings and unknown roots are refused",
          "[model]") {
    CHECK(refusal({{"workloads.app.id", "app2"}}).code == "scenario.bad_path");
    CHECK(refusal({{"mappings.app.workload", "db.main"}}).code == "scenario.bad_path");
    CHECK(refusal({{"dependencies.app->db.main.to", "batch"}}).code == "scenario.bad_path");
    CHECK(refusal({{"workloads.*.size_gb", 1}}).code == "scenario.bad_path");
    const Error e = refusal({{"planets.earth.size", 1}});
    CHECK(e.code == "scenario.bad_path");
    CHECK(e.context == "planets.earth.size");
    CHECK(refusal({{"workloads.app", 1}}).code == "scenario.bad_path");
    CHECK(refusal({{"workloads..size_gb", 1}}).code == "scenario.bad_path");
}

TEST_CASE("ScenarioApply: overrides that are not an object are refused", "[model]") {
    const auto result = applyScenario(project(), scenario(json::array()));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "scenario.bad_value");
}
