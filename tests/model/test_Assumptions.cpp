#include <catch2/catch.hpp>

#include <ferry/model/Assumptions.hpp>

#include <cmath>
#include <limits>
#include <string>

using namespace ferry::model;
using nlohmann::json;

namespace {

/// The error of reading one assumption; fails the test when it is accepted.
Error refusal(const json& object) {
    const auto result = PlanAssumptions::fromJson(object);
    INFO(object.dump());
    REQUIRE_FALSE(result.ok());
    return result.error();
}

} // namespace

TEST_CASE("Assumptions: an empty object gives the defaults", "[model]") {
    const auto a = PlanAssumptions::fromJson(json::object());
    REQUIRE(a.ok());
    CHECK(*a == PlanAssumptions{});
    CHECK(a->maxWorkloadsPerWave == 10);
    CHECK(a->defaultPolicy == DependencyPolicy::Auto);
}

TEST_CASE("Assumptions: the defaults survive toJson and fromJson", "[model]") {
    const PlanAssumptions defaults;
    const json j = defaults.toJson();
    CHECK(j.at("max_workloads_per_wave") == 10);
    CHECK(j.at("dependency_policy") == "auto");
    CHECK(j.at("size_factor") ==
          json{{"shape", "triangular"}, {"low", 0.9}, {"mode", 1.0}, {"high", 1.3}});
    CHECK(j.at("change_rate_factor") ==
          json{{"shape", "lognormal"}, {"median", 1.0}, {"sigma", 0.35}});
    const auto back = PlanAssumptions::fromJson(j);
    REQUIRE(back.ok());
    CHECK(*back == defaults);
}

TEST_CASE("Assumptions: every key is read", "[model]") {
    const json j = json::parse(R"({
        "max_workloads_per_wave": 25,
        "max_gb_per_wave": 5000,
        "max_transfer_hours_per_wave": 48.5,
        "cutover_windows": ["Sat 00:00-06:00", "Mon-Fri 22:00-24:00"],
        "chatty_traffic_gb_per_day": 3,
        "dependency_policy": "dependency_first",
        "link_efficiency": 0.65,
        "streams_per_workload": 8,
        "stream_mbps": 250,
        "sync_interval_hours": 12,
        "cutover_overhead_hours": 0.5,
        "wait_for_previous_wave": false,
        "start_date": "2028-02-29",
        "horizon_months": 60,
        "dual_running_share": 0.5,
        "link_efficiency_factor": {"shape": "fixed", "value": 0.9},
        "size_factor": {"shape": "triangular", "low": 0.8, "mode": 1.1, "high": 1.5},
        "change_rate_factor": {"shape": "lognormal", "median": 1.2, "sigma": 0.5},
        "forecast_runs": 250,
        "forecast_seed": 18446744073709551615
    })");
    const auto a = PlanAssumptions::fromJson(j);
    REQUIRE(a.ok());
    CHECK(a->maxWorkloadsPerWave == 25);
    CHECK(a->maxGbPerWave == 5000);
    CHECK(a->maxTransferHoursPerWave == 48.5);
    REQUIRE(a->cutoverWindows.size() == 2);
    CHECK(a->cutoverWindows[0] == *TimeWindow::parse("Sat 00:00-06:00"));
    CHECK(a->cutoverWindows[1] == *TimeWindow::parse("Mon-Fri 22:00-24:00"));
    CHECK(a->chattyTrafficGbPerDay == 3);
    CHECK(a->defaultPolicy == DependencyPolicy::DependencyFirst);
    CHECK(a->linkEfficiency == 0.65);
    CHECK(a->streamsPerWorkload == 8);
    CHECK(a->streamMbps == 250);
    CHECK(a->syncIntervalHours == 12);
    CHECK(a->cutoverOverheadHours == 0.5);
    CHECK_FALSE(a->waitForPreviousWave);
    CHECK(a->startDate == "2028-02-29");
    CHECK(a->horizonMonths == 60);
    CHECK(a->dualRunningShare == 0.5);
    CHECK(a->linkEfficiencyFactor.shape == Uncertainty::Shape::Fixed);
    CHECK(a->linkEfficiencyFactor.mode == 0.9);
    CHECK(a->sizeFactor == Uncertainty{Uncertainty::Shape::Triangular, 0.8, 1.1, 1.5, 0.0});
    CHECK(a->changeRateFactor.shape == Uncertainty::Shape::Lognormal);
    CHECK(a->changeRateFactor.mode == 1.2);
    CHECK(a->changeRateFactor.sigma == 0.5);
    CHECK(a->forecastRuns == 250);
    CHECK(a->forecastSeed == std::numeric_limits<std::uint64_t>::max());

    // And back: toJson writes what fromJson read.
    const auto again = PlanAssumptions::fromJson(a->toJson());
    REQUIRE(again.ok());
    CHECK(*again == *a);
    CHECK(a->toJson().at("cutover_windows") == json{"Sat 00:00-06:00", "Mon-Fri 22:00-24:00"});
}

TEST_CASE("Assumptions: an unknown key is refused with its name", "[model]") {
    const Error e = refusal({{"max_wave_size", 10}});
    CHECK(e.code == "assumptions.unknown_key");
    CHECK(e.context == "assumptions.max_wave_size");
    CHECK(e.message.find("max_workloads_per_wave") != std::string::npos);
}

TEST_CASE("Assumptions: values of the wrong type are refused", "[model]") {
    CHECK(refusal({{"max_gb_per_wave", "500"}}).code == "assumptions.bad_type");
    CHECK(refusal({{"max_gb_per_wave", "500"}}).context == "assumptions.max_gb_per_wave");
    CHECK(refusal({{"wait_for_previous_wave", 1}}).context == "assumptions.wait_for_previous_wave");
    CHECK(refusal({{"cutover_windows", "Sat 00:00-06:00"}}).context ==
          "assumptions.cutover_windows");
    CHECK(refusal({{"dependency_policy", 2}}).code == "assumptions.bad_type");
    CHECK(refusal({{"size_factor", 1.0}}).context == "assumptions.size_factor");
    CHECK(refusal(json::array()).context == "assumptions");
}

TEST_CASE("Assumptions: out-of-range values are refused with the key", "[model]") {
    const std::pair<const char*, json> cases[] = {
        {"max_workloads_per_wave", -1},
        {"max_workloads_per_wave", 2.5},
        {"max_workloads_per_wave", 1e12},
        {"max_gb_per_wave", -0.1},
        {"max_transfer_hours_per_wave", -1},
        {"chatty_traffic_gb_per_day", -5},
        {"link_efficiency", 0},
        {"link_efficiency", 1.01},
        {"streams_per_workload", 0},
        {"stream_mbps", 0},
        {"sync_interval_hours", 0},
        {"cutover_overhead_hours", -1},
        {"horizon_months", 0},
        {"dual_running_share", 1.5},
        {"forecast_runs", 0},
        {"forecast_seed", -1},
        {"forecast_seed", 1.5},
        {"start_date", "2027-02-29"},
        {"start_date", "2027-1-4"},
        {"start_date", "1969-12-31"},
        {"dependency_policy", "together"},
    };
    for (const auto& [key, value] : cases) {
        const Error e = refusal({{key, value}});
        INFO(key << " = " << value.dump());
        CHECK(e.code == "assumptions.bad_value");
        CHECK(e.context == std::string("assumptions.") + key);
    }
}

TEST_CASE("Assumptions: limits of zero mean unlimited and are accepted", "[model]") {
    const auto a = PlanAssumptions::fromJson({{"max_workloads_per_wave", 0},
                                              {"max_gb_per_wave", 0},
                                              {"max_transfer_hours_per_wave", 0}});
    REQUIRE(a.ok());
    CHECK(a->maxWorkloadsPerWave == 0);
    CHECK(a->maxGbPerWave == 0);
}

TEST_CASE("Assumptions: a whole number written with a decimal point is accepted", "[model]") {
    const auto a = PlanAssumptions::fromJson({{"max_workloads_per_wave", 12.0}});
    REQUIRE(a.ok());
    CHECK(a->maxWorkloadsPerWave == 12);
}

TEST_CASE("Assumptions: a cutover window that does not parse is refused", "[model]") {
    const Error e = refusal({{"cutover_windows", {"Sat 00:00-06:00", "Caturday 1-2"}}});
    CHECK(e.code == "assumptions.bad_value");
    CHECK(e.context == "assumptions.cutover_windows");
    CHECK(e.message.find("Entry 2") != std::string::npos);
    CHECK(e.message.find("Caturday") != std::string::npos);
}

TEST_CASE("Assumptions: uncertainty shapes are checked", "[model]") {
    auto refused = [](const json& u) { return refusal({{"size_factor", u}}); };
    CHECK(refused({{"shape", "uniform"}, {"low", 1}}).code == "assumptions.bad_value");
    CHECK(refused({{"low", 1}}).code == "assumptions.bad_value");
    // low <= mode <= high with low < high.
    CHECK(refused({{"shape", "triangular"}, {"low", 1.2}, {"mode", 1.0}, {"high", 1.3}}).code ==
          "assumptions.bad_value");
    CHECK(refused({{"shape", "triangular"}, {"low", 1}, {"mode", 1}, {"high", 1}}).code ==
          "assumptions.bad_value");
    // A field the shape does not use, or one it needs and lacks.
    CHECK(refused({{"shape", "fixed"}, {"value", 1}, {"sigma", 0.1}}).code ==
          "assumptions.unknown_key");
    CHECK(refused({{"shape", "lognormal"}, {"median", 1}}).code == "assumptions.bad_value");
    CHECK(refused({{"shape", "lognormal"}, {"median", 0}, {"sigma", 0.2}}).code ==
          "assumptions.bad_value");
    CHECK(refused({{"shape", "lognormal"}, {"median", 1}, {"sigma", -0.2}}).code ==
          "assumptions.bad_value");
    CHECK(refused({{"shape", "fixed"}, {"value", "1"}}).code == "assumptions.bad_type");
    for (const char* key : {"link_efficiency_factor", "size_factor", "change_rate_factor"}) {
        const Error e = refusal({{key, {{"shape", "fixed"}, {"value", -1}}}});
        CHECK(e.context == std::string("assumptions.") + key);
    }

    const auto fixed =
        PlanAssumptions::fromJson({{"size_factor", {{"shape", "fixed"}, {"value", 1.25}}}});
    REQUIRE(fixed.ok());
    CHECK(fixed->sizeFactor == Uncertainty{Uncertainty::Shape::Fixed, 1.0, 1.25, 1.0, 0.0});
    CHECK(fixed->toJson().at("size_factor") == json{{"shape", "fixed"}, {"value", 1.25}});
}

TEST_CASE("Assumptions: a number that is not finite is refused", "[model]") {
    // JSON text cannot hold NaN, but a document built in code can.
    const Error e = refusal({{"max_gb_per_wave", std::nan("")}});
    CHECK(e.context == "assumptions.max_gb_per_wave");
    CHECK(refusal({{"stream_mbps", std::numeric_limits<double>::infinity()}}).context ==
          "assumptions.stream_mbps");
}
