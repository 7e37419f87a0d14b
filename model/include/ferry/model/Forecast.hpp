#pragma once

#include <ferry/model/CostModel.hpp>

#include <cstdint>
#include <vector>

namespace ferry::model {

/// P10/P50/P90 of one quantity.
struct Percentiles {
    double p10 = 0; ///< 10th percentile.
    double p50 = 0; ///< Median.
    double p90 = 0; ///< 90th percentile.
};

/// Monte Carlo forecast of a plan.
struct ForecastResult {
    int runs = 0;                            ///< Number of samples.
    std::uint64_t seed = 0;                  ///< Seed used.
    Percentiles totalHours;                  ///< Plan duration.
    Percentiles oneTimeCost;                 ///< One-time cost.
    std::vector<Percentiles> waveEndHours;   ///< Per wave, in wave order.
    std::vector<double> totalHoursSamples;   ///< Every run's duration, sorted (for histograms).
};

/// Samples the uncertain inputs (link efficiency, sizes, change rates) over N runs. Uses several
/// threads; the result depends only on the seed, never on the thread count.
class Forecast {
public:
    /// Run the forecast; threads = 0 uses the hardware concurrency.
    static ForecastResult run(const ProjectData& data, const PlanAssumptions& assumptions,
                              const WavePlan& plan, const PricingCatalog& catalog, int runs,
                              std::uint64_t seed, unsigned threads = 0);
};

} // namespace ferry::model
