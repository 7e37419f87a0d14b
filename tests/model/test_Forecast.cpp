#include <catch2/catch.hpp>

#include <ferry/model/Forecast.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <string>
#include <vector>

using namespace ferry::model;

namespace {

const PricingCatalog& catalog() {
    static const PricingCatalog loaded = [] {
        auto result = PricingCatalog::loadDirectory(std::filesystem::path(FERRY_SOURCE_DIR) /
                                                    "resources" / "pricing");
        REQUIRE(result.ok());
        return std::move(result).value();
    }();
    return loaded;
}

/// An AWS region moving to Azure over one 1 Gbps link: egress is paid per GB moved.
struct Estate {
    ProjectData data;
    PlanAssumptions assumptions;
    WavePlan plan;

    Estate() {
        data.sites = {Site{.id = "use1", .provider = Provider::Aws, .region = "us-east-1"},
                      Site{.id = "az", .provider = Provider::Azure, .region = "eastus"}};
        data.links = {Link{.id = "wan", .from = "use1", .to = "az", .bandwidthMbps = 1000}};
        assumptions.linkEfficiency = 0.8;
        assumptions.streamsPerWorkload = 4;
        assumptions.streamMbps = 400;
        assumptions.syncIntervalHours = 24;
        assumptions.cutoverOverheadHours = 2;
    }

    void add(const std::string& id, double gb, double changePerDay, int wave) {
        data.workloads.push_back(Workload{.id = id,
                                          .kind = WorkloadKind::Vm,
                                          .site = "use1",
                                          .sizeGb = gb,
                                          .changeRateGbPerDay = changePerDay,
                                          .vcpu = 2,
                                          .memoryGb = 8,
                                          .monthlyCost = 200});
        data.mappings.push_back(
            Mapping{.workload = id, .targetSite = "az", .targetService = "vm:D2s_v5"});
        while (static_cast<int>(plan.waves.size()) < wave)
            plan.waves.push_back(PlannedWave{.number = static_cast<int>(plan.waves.size()) + 1});
        plan.waves[static_cast<std::size_t>(wave - 1)].workloads.push_back(id);
        plan.placements.push_back(Placement{.workload = id, .wave = wave});
    }

    /// A few waves of workloads with a Saturday cutover window.
    static Estate sample() {
        Estate e;
        e.add("db", 800, 40, 1);
        e.add("app", 200, 10, 1);
        e.add("files", 2500, 5, 2);
        e.add("web", 50, 1, 3);
        e.add("batch", 600, 30, 3);
        e.assumptions.cutoverWindows = {*TimeWindow::parse("Sat 00:00-06:00"),
                                        *TimeWindow::parse("Wed 01:00-03:00")};
        return e;
    }

    ForecastResult forecast(int runs, std::uint64_t seed, unsigned threads) const {
        return Forecast::run(data, assumptions, plan, catalog(), runs, seed, threads);
    }
};

void requireIdentical(const ForecastResult& a, const ForecastResult& b) {
    REQUIRE(a.runs == b.runs);
    REQUIRE(a.seed == b.seed);
    REQUIRE(a.totalHoursSamples == b.totalHoursSamples);
    auto same = [](const Percentiles& x, const Percentiles& y) {
        return x.p10 == y.p10 && x.p50 == y.p50 && x.p90 == y.p90;
    };
    REQUIRE(same(a.totalHours, b.totalHours));
    REQUIRE(same(a.oneTimeCost, b.oneTimeCost));
    REQUIRE(a.waveEndHours.size() == b.waveEndHours.size());
    for (std::size_t i = 0; i < a.waveEndHours.size(); ++i)
        REQUIRE(same(a.waveEndHours[i], b.waveEndHours[i]));
}

void requireOrdered(const Percentiles& p) {
    REQUIRE(p.p10 <= p.p50);
    REQUIRE(p.p50 <= p.p90);
}

} // namespace

TEST_CASE("forecast: the same seed gives the same result with 1, 2 or 7 threads", "[model]") {
    const Estate e = Estate::sample();
    const ForecastResult one = e.forecast(60, 7, 1);
    requireIdentical(one, e.forecast(60, 7, 2));
    requireIdentical(one, e.forecast(60, 7, 7));
    requireIdentical(one, e.forecast(60, 7, 0));
    CHECK(one.runs == 60);
    CHECK(one.seed == 7);
    CHECK(one.totalHoursSamples.size() == 60);
    CHECK(std::is_sorted(one.totalHoursSamples.begin(), one.totalHoursSamples.end()));
}

TEST_CASE("forecast: different seeds give different samples", "[model]") {
    const Estate e = Estate::sample();
    const ForecastResult a = e.forecast(40, 1, 2);
    const ForecastResult b = e.forecast(40, 2, 2);
    CHECK(a.totalHoursSamples != b.totalHoursSamples);
    CHECK(a.oneTimeCost.p50 != b.oneTimeCost.p50);
    // Neighbouring seeds are independent streams, not the same runs shifted by one.
    std::vector<double> shared;
    std::set_intersection(a.totalHoursSamples.begin(), a.totalHoursSamples.end(),
                          b.totalHoursSamples.begin(), b.totalHoursSamples.end(),
                          std::back_inserter(shared));
    CHECK(shared.size() < 5);
}

TEST_CASE("forecast: percentiles are ordered and spread under uncertainty", "[model]") {
    const Estate e = Estate::sample();
    const ForecastResult r = e.forecast(200, 42, 2);
    requireOrdered(r.totalHours);
    requireOrdered(r.oneTimeCost);
    REQUIRE(r.waveEndHours.size() == 3);
    for (const auto& w : r.waveEndHours)
        requireOrdered(w);
    // The default uncertainties move sizes and link speed, so durations and egress spread.
    CHECK(r.totalHours.p90 > r.totalHours.p10);
    CHECK(r.oneTimeCost.p90 > r.oneTimeCost.p10);
    CHECK(r.totalHours.p10 >= r.totalHoursSamples.front());
    CHECK(r.totalHours.p90 <= r.totalHoursSamples.back());
    // Waves wait for each other: a later wave ends later in every percentile.
    CHECK(r.waveEndHours[1].p50 > r.waveEndHours[0].p50);
    CHECK(r.waveEndHours[2].p50 > r.waveEndHours[1].p50);
    CHECK(r.totalHours.p50 == Approx(r.waveEndHours[2].p50));
}

TEST_CASE("forecast: fixed uncertainties give no spread and the nominal simulation", "[model]") {
    Estate e = Estate::sample();
    SECTION("all nominal") {
        e.assumptions.linkEfficiencyFactor = Uncertainty{};
        e.assumptions.sizeFactor = Uncertainty{};
        e.assumptions.changeRateFactor = Uncertainty{};
        const ForecastResult r = e.forecast(25, 3, 2);
        const Timeline nominal = TimelineSimulator::simulate(e.data, e.assumptions, e.plan);
        const CostReport cost =
            CostModel::estimate(e.data, e.assumptions, e.plan, nominal, catalog());
        CHECK(r.totalHours.p10 == nominal.totalHours);
        CHECK(r.totalHours.p50 == nominal.totalHours);
        CHECK(r.totalHours.p90 == nominal.totalHours);
        CHECK(r.oneTimeCost.p10 == cost.oneTimeTotal);
        CHECK(r.oneTimeCost.p90 == cost.oneTimeTotal);
        REQUIRE(r.waveEndHours.size() == nominal.waves.size());
        for (std::size_t i = 0; i < nominal.waves.size(); ++i) {
            CHECK(r.waveEndHours[i].p10 == nominal.waves[i].cutoverEndHours);
            CHECK(r.waveEndHours[i].p90 == nominal.waves[i].cutoverEndHours);
        }
    }
    SECTION("a fixed factor other than 1 is applied in every run") {
        e.assumptions.linkEfficiencyFactor = Uncertainty{};
        e.assumptions.sizeFactor = Uncertainty{.shape = Uncertainty::Shape::Fixed, .mode = 1.2};
        e.assumptions.changeRateFactor = Uncertainty{};
        const ForecastResult r = e.forecast(10, 3, 2);
        const Timeline expected = TimelineSimulator::simulate(e.data, e.assumptions, e.plan,
                                                              SimulationFactors{1, 1.2, 1});
        CHECK(r.totalHours.p10 == expected.totalHours);
        CHECK(r.totalHours.p90 == expected.totalHours);
    }
    SECTION("every factor fixed away from 1, with a window on the link") {
        e.data.links[0].windows = {*TimeWindow::parse("Mon-Fri 20:00-23:00"),
                                   *TimeWindow::parse("Sat-Sun 00:00-24:00")};
        e.assumptions.linkEfficiencyFactor =
            Uncertainty{.shape = Uncertainty::Shape::Fixed, .mode = 0.7};
        e.assumptions.sizeFactor = Uncertainty{.shape = Uncertainty::Shape::Fixed, .mode = 1.3};
        e.assumptions.changeRateFactor =
            Uncertainty{.shape = Uncertainty::Shape::Fixed, .mode = 0.6};
        const ForecastResult r = e.forecast(6, 3, 2);
        const Timeline expected = TimelineSimulator::simulate(e.data, e.assumptions, e.plan,
                                                              SimulationFactors{0.7, 1.3, 0.6});
        const CostReport cost =
            CostModel::estimate(e.data, e.assumptions, e.plan, expected, catalog());
        CHECK(r.totalHours.p10 == expected.totalHours);
        CHECK(r.totalHours.p90 == expected.totalHours);
        CHECK(r.oneTimeCost.p50 == cost.oneTimeTotal);
        REQUIRE(r.waveEndHours.size() == expected.waves.size());
        for (std::size_t i = 0; i < expected.waves.size(); ++i)
            CHECK(r.waveEndHours[i].p50 == expected.waves[i].cutoverEndHours);
    }
    SECTION("a link efficiency factor of 0 leaves the link unusable, as in the simulation") {
        e.assumptions.linkEfficiencyFactor =
            Uncertainty{.shape = Uncertainty::Shape::Fixed, .mode = 0};
        e.assumptions.sizeFactor = Uncertainty{};
        e.assumptions.changeRateFactor = Uncertainty{};
        const ForecastResult r = e.forecast(4, 3, 2);
        const Timeline expected =
            TimelineSimulator::simulate(e.data, e.assumptions, e.plan, SimulationFactors{0, 1, 1});
        const CostReport cost =
            CostModel::estimate(e.data, e.assumptions, e.plan, expected, catalog());
        CHECK(r.totalHours.p50 == expected.totalHours);
        CHECK(r.oneTimeCost.p50 == cost.oneTimeTotal);
    }
}

TEST_CASE("forecast: factors are drawn from the configured distributions", "[model][slow]") {
    // One workload, no windows, no syncs: the duration is linear in the sampled factor, so the
    // factor of every run can be read back from its duration.
    Estate e;
    e.add("db", 100, 24, 1);
    e.assumptions.syncIntervalHours = 1e6;
    e.assumptions.linkEfficiencyFactor = Uncertainty{};
    e.assumptions.changeRateFactor = Uncertainty{};
    const double copyHours = 100.0 * 8000.0 / 800.0 / 3600.0;
    const int runs = 4000;

    SECTION("triangular size factor") {
        e.assumptions.sizeFactor = Uncertainty{
            .shape = Uncertainty::Shape::Triangular, .low = 0.5, .mode = 1.0, .high = 1.5};
        e.data.workloads[0].changeRateGbPerDay = 0;
        const ForecastResult r = e.forecast(runs, 11, 2);
        auto factor = [&](double hours) { return (hours - 2.0) / copyHours; };
        CHECK(factor(r.totalHoursSamples.front()) >= 0.5);
        CHECK(factor(r.totalHoursSamples.back()) <= 1.5);
        CHECK(factor(r.totalHours.p50) == Approx(1.0).margin(0.03));
        // F(x) = (x - 0.5)^2 / 0.5 for x below the mode: P10 at 0.5 + sqrt(0.05).
        CHECK(factor(r.totalHours.p10) == Approx(0.5 + std::sqrt(0.05)).margin(0.03));
        CHECK(factor(r.totalHours.p90) == Approx(1.5 - std::sqrt(0.05)).margin(0.03));
    }
    SECTION("lognormal change-rate factor") {
        e.assumptions.sizeFactor = Uncertainty{};
        e.assumptions.changeRateFactor =
            Uncertainty{.shape = Uncertainty::Shape::Lognormal, .mode = 1.0, .sigma = 0.35};
        const ForecastResult r = e.forecast(runs, 12, 2);
        // Final delta: 1 GB/h * factor over the copy, sent at 800 Mbps after the copy.
        auto factor = [&](double hours) {
            return (hours - copyHours - 2.0) / (copyHours * 8000.0 / 800.0 / 3600.0);
        };
        CHECK(factor(r.totalHours.p50) == Approx(1.0).margin(0.04));
        CHECK(factor(r.totalHours.p90) == Approx(std::exp(1.2815516 * 0.35)).margin(0.06));
        CHECK(factor(r.totalHours.p10) == Approx(std::exp(-1.2815516 * 0.35)).margin(0.04));
    }
}

TEST_CASE("forecast: no runs gives an empty result", "[model]") {
    const Estate e = Estate::sample();
    const ForecastResult r = e.forecast(0, 5, 2);
    CHECK(r.runs == 0);
    CHECK(r.totalHoursSamples.empty());
    CHECK(r.waveEndHours.size() == 3);
}
