// Validation, dependency analysis and wave planning of a generated estate of 100,000 workloads
// and 300,000 dependencies on 50 sites. Run: build/tests/bench/bench_planner
#include "EstateGenerator.hpp"

#include <ferry/model/Validator.hpp>
#include <ferry/model/WavePlanner.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>

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

void report(benchmark::State& state, const WavePlan& plan) {
    state.counters["waves"] = static_cast<double>(plan.waves.size());
    state.counters["move_groups"] = static_cast<double>(plan.moveGroups.size());
    state.counters["placed"] = static_cast<double>(plan.placements.size());
    state.counters["error_findings"] = static_cast<double>(
        std::count_if(plan.findings.begin(), plan.findings.end(),
                      [](const Finding& f) { return f.severity == Severity::Error; }));
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

} // namespace

BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DependencyGraph)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ValidateAndPlan)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
