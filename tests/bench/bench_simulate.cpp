// Timeline simulation of a generated estate of 100,000 workloads, and a Monte Carlo forecast of
// 1,000 runs on a 1,000-workload estate (simulated and priced in every run). The wave plans come
// from WavePlanner. Run: build/tests/bench/bench_simulate
#include "EstateGenerator.hpp"

#include <ferry/model/Forecast.hpp>
#include <ferry/model/WavePlanner.hpp>

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>

namespace {

using namespace ferry::model;

/// Largest resident set of the process so far, in MB (Linux reports ru_maxrss in KB).
double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// CPU seconds the process has used so far, over all its threads.
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Default transfer assumptions, a weekly cutover window and wave limits that give a few hundred
/// waves on the big estate.
PlanAssumptions assumptions(int workloadsPerWave) {
    PlanAssumptions a;
    a.maxWorkloadsPerWave = workloadsPerWave;
    a.maxGbPerWave = 100000;
    a.maxTransferHoursPerWave = 720;
    a.cutoverWindows = {*TimeWindow::parse("Sat 00:00-06:00")};
    return a;
}

struct Scenario {
    ProjectData data;
    PlanAssumptions assumptions;
    WavePlan plan;
};

const Scenario& bigEstate() {
    static const Scenario s = [] {
        Scenario out;
        out.data = ferry::bench::generateEstate();
        out.assumptions = assumptions(500);
        out.plan = WavePlanner::plan(out.data, out.assumptions);
        return out;
    }();
    return s;
}

/// The big estate with migration traffic allowed only at night: long copies pause every day.
const Scenario& bigEstateWithLinkWindows() {
    static const Scenario s = [] {
        Scenario out = bigEstate();
        for (Link& link : out.data.links)
            link.windows = {*TimeWindow::parse("daily 00:00-06:00")};
        return out;
    }();
    return s;
}

const Scenario& smallEstate() {
    static const Scenario s = [] {
        Scenario out;
        ferry::bench::EstateSpec spec;
        spec.workloads = 1000;
        spec.dependencies = 3000;
        spec.sourceSites = 4;
        spec.targetSites = 2;
        spec.cycles = 4;
        out.data = ferry::bench::generateEstate(spec);
        out.assumptions = assumptions(50);
        out.plan = WavePlanner::plan(out.data, out.assumptions);
        return out;
    }();
    return s;
}

const PricingCatalog& catalog() {
    static const PricingCatalog loaded = [] {
        auto result = PricingCatalog::loadDefault();
        if (!result) {
            std::fprintf(stderr, "%s\n", result.error().toString().c_str());
            std::exit(1);
        }
        return std::move(result).value();
    }();
    return loaded;
}

void simulate(benchmark::State& state, const Scenario& s) {
    Timeline timeline;
    for (auto _ : state) {
        timeline = TimelineSimulator::simulate(s.data, s.assumptions, s.plan);
        benchmark::DoNotOptimize(timeline);
    }
    state.counters["workloads"] = static_cast<double>(timeline.workloads.size());
    state.counters["waves"] = static_cast<double>(timeline.waves.size());
    state.counters["gantt_rows"] = static_cast<double>(timeline.rows.size());
    state.counters["plan_days"] = timeline.totalHours / 24.0;
    state.counters["findings"] = static_cast<double>(timeline.findings.size());
    state.counters["peak_rss_mb"] = peakRssMb();
}

void BM_Simulate100k(benchmark::State& state) {
    simulate(state, bigEstate());
}

void BM_Simulate100kLinkWindows(benchmark::State& state) {
    simulate(state, bigEstateWithLinkWindows());
}

void BM_Simulate1k(benchmark::State& state) {
    simulate(state, smallEstate());
}

/// One pricing of the 1k estate: the other half of every forecast run.
void BM_CostEstimate1k(benchmark::State& state) {
    const Scenario& s = smallEstate();
    const Timeline timeline = TimelineSimulator::simulate(s.data, s.assumptions, s.plan);
    for (auto _ : state) {
        CostReport report = CostModel::estimate(s.data, s.assumptions, s.plan, timeline, catalog());
        benchmark::DoNotOptimize(report);
    }
}

void BM_Forecast1k(benchmark::State& state) {
    const Scenario& s = smallEstate();
    const int runs = static_cast<int>(state.range(0));
    catalog();
    ForecastResult result;
    const double cpuBefore = processCpuSeconds();
    for (auto _ : state) {
        result = Forecast::run(s.data, s.assumptions, s.plan, catalog(), runs, 42, 0);
        benchmark::DoNotOptimize(result);
    }
    // Main-thread CPU time misses the workers; this counts every thread of the process.
    state.counters["cpu_s_all_threads"] =
        (processCpuSeconds() - cpuBefore) / static_cast<double>(state.iterations());
    state.counters["runs"] = result.runs;
    state.counters["waves"] = static_cast<double>(result.waveEndHours.size());
    state.counters["p50_days"] = result.totalHours.p50 / 24.0;
    state.counters["p90_days"] = result.totalHours.p90 / 24.0;
    state.counters["peak_rss_mb"] = peakRssMb();
}

} // namespace

BENCHMARK(BM_Simulate100k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Simulate100kLinkWindows)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Simulate1k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CostEstimate1k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Forecast1k)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
