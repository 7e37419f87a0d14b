// Validation, dependency analysis, wave planning and pricing of a generated estate of 100,000
// workloads and 300,000 dependencies on 50 sites. Run: build/tests/bench/bench_planner
#include "EstateGenerator.hpp"

#include <ferry/model/CostModel.hpp>
#include <ferry/model/Validator.hpp>
#include <ferry/model/WavePlanner.hpp>

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace ferry::model;

const ProjectData& estate() {
    static const ProjectData data = ferry::bench::generateEstate();
    return data;
}

/// Limits that give a few hundred waves on the generated estate.
PlanAssumptions assumptions() {
    PlanAssumptions a;
    a.maxWorkloadsPerWave = 500;
    a.maxGbPerWave = 100000;
    a.maxTransferHoursPerWave = 720;
    return a;
}

/// Largest resident set of the process so far, in MB (Linux reports ru_maxrss in KB).
double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
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

/// The plan of the estate and its simulated timeline: the cost model's inputs.
struct Planned {
    WavePlan plan;
    Timeline timeline;
};

const Planned& planned() {
    static const Planned p = [] {
        Planned out;
        out.plan = WavePlanner::plan(estate(), assumptions());
        out.timeline = TimelineSimulator::simulate(estate(), assumptions(), out.plan);
        return out;
    }();
    return p;
}

void reportCost(benchmark::State& state, const CostReport& cost) {
    state.counters["workloads_priced"] = static_cast<double>(cost.workloads.size());
    state.counters["one_time_musd"] = cost.oneTimeTotal / 1e6;
    state.counters["peak_rss_mb"] = peakRssMb();
}

void report(benchmark::State& state, const WavePlan& plan) {
    state.counters["waves"] = static_cast<double>(plan.waves.size());
    state.counters["move_groups"] = static_cast<double>(plan.moveGroups.size());
    state.counters["placed"] = static_cast<double>(plan.placements.size());
    state.counters["error_findings"] = static_cast<double>(
        std::count_if(plan.findings.begin(), plan.findings.end(),
                      [](const Finding& f) { return f.severity == Severity::Error; }));
    state.counters["peak_rss_mb"] = peakRssMb();
}

void BM_Validate(benchmark::State& state) {
    const ProjectData& data = estate();
    for (auto _ : state) {
        auto findings = Validator::validate(data);
        benchmark::DoNotOptimize(findings);
    }
}

void BM_DependencyGraph(benchmark::State& state) {
    const ProjectData& data = estate();
    for (auto _ : state) {
        DependencyGraph graph(data);
        benchmark::DoNotOptimize(graph);
    }
}

void BM_Plan(benchmark::State& state) {
    const ProjectData& data = estate();
    const PlanAssumptions a = assumptions();
    WavePlan plan;
    for (auto _ : state) {
        plan = WavePlanner::plan(data, a);
        benchmark::DoNotOptimize(plan);
    }
    report(state, plan);
}

void BM_ValidateAndPlan(benchmark::State& state) {
    const ProjectData& data = estate();
    const PlanAssumptions a = assumptions();
    WavePlan plan;
    for (auto _ : state) {
        auto findings = Validator::validate(data);
        benchmark::DoNotOptimize(findings);
        plan = WavePlanner::plan(data, a);
        benchmark::DoNotOptimize(plan);
    }
    report(state, plan);
}

/// Pricing of the planned estate, given its simulated timeline.
void BM_Cost(benchmark::State& state) {
    const ProjectData& data = estate();
    const PlanAssumptions a = assumptions();
    const Planned& p = planned();
    catalog();
    CostReport cost;
    for (auto _ : state) {
        cost = CostModel::estimate(data, a, p.plan, p.timeline, catalog());
        benchmark::DoNotOptimize(cost);
    }
    reportCost(state, cost);
}

/// The goal's figure: validate, plan and price (the timeline the cost model reads is simulated
/// beforehand; BM_Pipeline includes the simulation too).
void BM_ValidatePlanCost(benchmark::State& state) {
    const ProjectData& data = estate();
    const PlanAssumptions a = assumptions();
    const Planned& p = planned();
    catalog();
    CostReport cost;
    for (auto _ : state) {
        auto findings = Validator::validate(data);
        benchmark::DoNotOptimize(findings);
        WavePlan plan = WavePlanner::plan(data, a);
        benchmark::DoNotOptimize(plan);
        cost = CostModel::estimate(data, a, plan, p.timeline, catalog());
        benchmark::DoNotOptimize(cost);
    }
    reportCost(state, cost);
}

/// What `ferry-cli cost` computes after loading: validate, plan, simulate, price.
void BM_Pipeline(benchmark::State& state) {
    const ProjectData& data = estate();
    const PlanAssumptions a = assumptions();
    catalog();
    CostReport cost;
    for (auto _ : state) {
        auto findings = Validator::validate(data);
        benchmark::DoNotOptimize(findings);
        WavePlan plan = WavePlanner::plan(data, a);
        Timeline timeline = TimelineSimulator::simulate(data, a, plan);
        cost = CostModel::estimate(data, a, plan, timeline, catalog());
        benchmark::DoNotOptimize(cost);
    }
    reportCost(state, cost);
}

} // namespace

BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DependencyGraph)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ValidateAndPlan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cost)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ValidatePlanCost)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
