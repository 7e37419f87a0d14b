#pragma once

#include <ferry/model/Enums.hpp>
#include <ferry/model/Result.hpp>
#include <ferry/model/TimeWindow.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ferry::model {

/// An uncertain factor for the forecast: multiplies a nominal value.
struct Uncertainty {
    /// Shape of the distribution.
    enum class Shape { Fixed, Triangular, Lognormal };
    Shape shape = Shape::Fixed; ///< Fixed = always `mode`.
    double low = 1.0;           ///< Triangular minimum.
    double mode = 1.0;          ///< Triangular mode; Fixed value; Lognormal median.
    double high = 1.0;          ///< Triangular maximum.
    double sigma = 0.0;         ///< Lognormal sigma of the underlying normal.

    bool operator==(const Uncertainty&) const = default;
};

/// Every planner assumption, with defaults; read from ProjectInfo::assumptions (snake_case keys).
struct PlanAssumptions {
    // Wave limits (0 = unlimited).
    int maxWorkloadsPerWave = 10;          ///< max_workloads_per_wave
    double maxGbPerWave = 0.0;             ///< max_gb_per_wave
    double maxTransferHoursPerWave = 0.0;  ///< max_transfer_hours_per_wave, at nominal link speed
    /// cutover_windows, e.g. ["Sat 00:00-06:00"], in each source site's local time; empty = any time.
    std::vector<TimeWindow> cutoverWindows;
    // Dependencies.
    double chattyTrafficGbPerDay = 10.0;   ///< chatty_traffic_gb_per_day: above it, same wave
    DependencyPolicy defaultPolicy = DependencyPolicy::Auto; ///< dependency_policy
    // Transfer.
    double linkEfficiency = 0.8;           ///< link_efficiency: usable share of link bandwidth
    int streamsPerWorkload = 4;            ///< streams_per_workload
    double streamMbps = 400.0;             ///< stream_mbps: cap of one stream
    double syncIntervalHours = 24.0;       ///< sync_interval_hours between incremental syncs
    double cutoverOverheadHours = 2.0;     ///< cutover_overhead_hours: fixed part of downtime
    bool waitForPreviousWave = true;       ///< wait_for_previous_wave: wave N+1 after N's cutover
    std::string startDate = "2027-01-04";  ///< start_date (ISO, a Monday 00:00 UTC)
    // Money.
    int horizonMonths = 36;                ///< horizon_months for TCO
    double dualRunningShare = 1.0;         ///< dual_running_share of source cost paid while hybrid
    // Forecast.
    Uncertainty linkEfficiencyFactor{Uncertainty::Shape::Triangular, 0.7, 1.0, 1.1, 0.0};
    Uncertainty sizeFactor{Uncertainty::Shape::Triangular, 0.9, 1.0, 1.3, 0.0};
    Uncertainty changeRateFactor{Uncertainty::Shape::Lognormal, 1.0, 1.0, 1.0, 0.35};
    int forecastRuns = 1000;               ///< forecast_runs
    std::uint64_t forecastSeed = 42;       ///< forecast_seed

    bool operator==(const PlanAssumptions&) const = default;

    /// Read from a JSON object; unknown keys and out-of-range values are refused with the key.
    static Result<PlanAssumptions> fromJson(const nlohmann::json& object);
    /// Every field as JSON, same keys as fromJson reads.
    nlohmann::json toJson() const;
};

} // namespace ferry::model
