#include <catch2/catch.hpp>

#include <ferry/model/Project.hpp>

using namespace ferry::model;

TEST_CASE("a workload needs an existing site", "[model]") {
    Project p;
    auto r = p.requestAddWorkload(Workload{.id = "w1", .site = "nowhere"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "edit.unknown_site");
    CHECK(p.workloads().empty());
}
