#include <ferry/model/Forecast.hpp>

#include "PreparedTimeline.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numbers>
#include <random>
#include <thread>

namespace ferry::model {
namespace {

/// Spreads consecutive seeds over the whole 64-bit space (Steele, Lea and Flood's SplitMix64).
std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// Uniform in the open interval (0, 1) from the generator's raw bits; the same on every platform
/// (the standard distributions are not specified bit for bit).
double uniformOpen(std::mt19937_64& random) {
    return (static_cast<double>(random() >> 11) + 0.5) * 0x1.0p-53;
}

/// Standard normal by the Box-Muller transform.
double standardNormal(std::mt19937_64& random) {
    const double u1 = uniformOpen(random);
    const double u2 = uniformOpen(random);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// One draw of an uncertain factor.
double sample(const Uncertainty& u, std::mt19937_64& random) {
    switch (u.shape) {
    case Uncertainty::Shape::Fixed:
        return u.mode;
    case Uncertainty::Shape::Triangular: {
        const double low = u.low;
        const double high = u.high;
        if (!(high > low))
            return std::clamp(u.mode, std::min(low, high), std::max(low, high));
        const double mode = std::clamp(u.mode, low, high);
        // Inverse of the triangular distribution function.
        const double p = uniformOpen(random);
        const double split = (mode - low) / (high - low);
        return p < split ? low + std::sqrt(p * (high - low) * (mode - low))
                         : high - std::sqrt((1.0 - p) * (high - low) * (high - mode));
    }
    case Uncertainty::Shape::Lognormal:
        return u.mode * std::exp(u.sigma * standardNormal(random));
    }
    return u.mode;
}

/// Percentiles of sorted values, interpolating linearly between order statistics.
Percentiles percentilesOf(const std::vector<double>& sorted) {
    auto at = [&](double p) {
        if (sorted.empty())
            return 0.0;
        const double h = p * static_cast<double>(sorted.size() - 1);
        const auto below = static_cast<std::size_t>(std::floor(h));
        const std::size_t above = std::min(below + 1, sorted.size() - 1);
        return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
    };
    return Percentiles{at(0.10), at(0.50), at(0.90)};
}

Percentiles percentilesOfUnsorted(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return percentilesOf(values);
}

} // namespace

ForecastResult Forecast::run(const ProjectData& data, const PlanAssumptions& assumptions,
                             const WavePlan& plan, const PricingCatalog& catalog, int runs,
                             std::uint64_t seed, unsigned threads) {
    ForecastResult result;
    result.seed = seed;
    result.runs = std::max(0, runs);
    const auto count = static_cast<std::size_t>(result.runs);
    const std::size_t waves = plan.waves.size();
    std::vector<double> hours(count, 0.0);
    std::vector<double> cost(count, 0.0);
    std::vector<double> waveEnds(count * waves, 0.0);

    // Run i draws from its own generator seeded from (seed, i) and writes only slot i, so the
    // result is the same whatever the number of threads and however the runs are shared out.
    // The seed is mixed before the run index is added so that seeds 1 and 2 share no runs.
    const std::uint64_t base = splitmix64(seed);
    // Lookups, run-rates and price sources do not change from run to run: worked out once.
    const PlanCostModel costModel(data, assumptions, plan, catalog);
    // So are the schedules, routes and lookups of the simulation: prepared once, shared by the
    // workers, each run copying only its own state.
    const PreparedTimeline prepared(data, assumptions, plan);
    auto simulateRun = [&](std::size_t i) {
        std::mt19937_64 random(splitmix64(base + i));
        SimulationFactors factors;
        factors.linkEfficiency = sample(assumptions.linkEfficiencyFactor, random);
        factors.size = sample(assumptions.sizeFactor, random);
        factors.changeRate = sample(assumptions.changeRateFactor, random);
        const Timeline timeline = prepared.simulate(factors);
        const CostReport report = costModel.estimate(timeline);
        hours[i] = timeline.totalHours;
        cost[i] = report.oneTimeTotal;
        for (std::size_t w = 0; w < waves && w < timeline.waves.size(); ++w)
            waveEnds[i * waves + w] = timeline.waves[w].cutoverEndHours;
    };

    unsigned workers = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    workers =
        static_cast<unsigned>(std::min<std::size_t>(workers, std::max<std::size_t>(1, count)));
    // Chunks small enough to even out uneven runs, large enough to keep the counter cold.
    const std::size_t chunk = std::max<std::size_t>(1, count / (std::size_t{workers} * 8));
    std::atomic<std::size_t> next{0};
    std::mutex failureMutex;
    std::exception_ptr failure;
    auto work = [&] {
        try {
            for (;;) {
                const std::size_t begin = next.fetch_add(chunk);
                if (begin >= count)
                    return;
                const std::size_t end = std::min(count, begin + chunk);
                for (std::size_t i = begin; i < end; ++i)
                    simulateRun(i);
            }
        } catch (...) {
            const std::lock_guard lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            next.store(count);
        }
    };
    {
        std::vector<std::jthread> pool;
        pool.reserve(workers - 1);
        for (unsigned k = 1; k < workers; ++k)
            pool.emplace_back(work);
        work();
    } // The jthreads join here.
    if (failure)
        std::rethrow_exception(failure);

    std::sort(hours.begin(), hours.end());
    result.totalHours = percentilesOf(hours);
    result.oneTimeCost = percentilesOfUnsorted(std::move(cost));
    result.waveEndHours.reserve(waves);
    std::vector<double> ends(count);
    for (std::size_t w = 0; w < waves; ++w) {
        for (std::size_t i = 0; i < count; ++i)
            ends[i] = waveEnds[i * waves + w];
        result.waveEndHours.push_back(percentilesOfUnsorted(ends));
    }
    result.totalHoursSamples = std::move(hours);
    return result;
}

} // namespace ferry::model
