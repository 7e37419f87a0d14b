#pragma once

#include <ferry/model/Assumptions.hpp>
#include <ferry/model/MovePlan.hpp>
#include <ferry/model/PricingCatalog.hpp>
#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Timeline.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::model {

/// One-time cost categories, as used in reports and charts.
inline constexpr const char* kCostEgress = "egress";
inline constexpr const char* kCostRequests = "requests";
inline constexpr const char* kCostTransferService = "transfer_service";
inline constexpr const char* kCostDualRunning = "dual_running";
inline constexpr const char* kCostCrossSiteTraffic = "cross_site_traffic";

/// Hours in a billing month (365 * 24 / 12), used for hourly prices and for the TCO months.
inline constexpr double kHoursPerMonth = 730.0;
/// Assumed average object size (4 MiB) for estimating requests of buckets, shares and artifacts.
inline constexpr double kAverageObjectBytes = 4.0 * 1024 * 1024;

/// Money for one workload.
struct WorkloadCost {
    std::string workload;                  ///< Workload id.
    int wave = 0;                          ///< 0 when excluded from the plan.
    std::map<std::string, double> oneTime; ///< By category.
    double oneTimeTotal = 0;               ///< Sum of oneTime.
    double monthlyBefore = 0;              ///< Current run-rate.
    double monthlyAfter = 0;               ///< Run-rate on the target.
    std::string targetPricing;             ///< How monthlyAfter was priced, for reports.
};

/// Money for one wave.
struct WaveCost {
    int number = 0;                        ///< Wave number.
    std::map<std::string, double> oneTime; ///< By category.
    double oneTimeTotal = 0;               ///< Sum.
};

/// The cost of a plan: one-time, run-rates, TCO over the horizon and break-even.
struct CostReport {
    std::string currency = "USD";                    ///< Of every amount.
    std::vector<WorkloadCost> workloads;             ///< Project order.
    std::vector<WaveCost> waves;                     ///< Wave order.
    std::map<std::string, double> oneTimeByCategory; ///< Totals by category.
    double oneTimeTotal = 0;                         ///< Sum of everything one-time.
    double monthlyBefore = 0;                        ///< Estate run-rate today.
    double monthlyAfter = 0;                         ///< Estate run-rate after migration.
    int horizonMonths = 36;                          ///< TCO horizon.
    std::vector<double> cumulativeStay;              ///< Month m (1-based index m-1): stay put.
    std::vector<double> cumulativeMigrate;           ///< Month m: migrate (one-time in month 1).
    std::optional<int> breakEvenMonth;               ///< First month migrating is cheaper overall.
    std::vector<PriceSource> sources;                ///< Prices used.
    std::vector<Finding> findings;                   ///< e.g. an unknown service priced by rule.
};

/// Prices a plan with the catalog.
class CostModel {
public:
    /// Cost of the plan; the timeline gives the hybrid period (dual running, split traffic).
    static CostReport estimate(const ProjectData& data, const PlanAssumptions& assumptions,
                               const WavePlan& plan, const Timeline& timeline,
                               const PricingCatalog& catalog);
};

/// A plan's cost model prepared once: what does not depend on the timeline (lookups, run-rates,
/// price sources) is worked out in the constructor, so pricing many timelines of the same plan,
/// as a forecast does, costs only the timeline's share. Gives what CostModel::estimate gives.
class PlanCostModel {
public:
    /// Prepare; the arguments must outlive the object.
    PlanCostModel(const ProjectData& data, const PlanAssumptions& assumptions, const WavePlan& plan,
                  const PricingCatalog& catalog);
    /// Frees the prepared state.
    ~PlanCostModel();
    /// Cost of the plan with this timeline; safe to call from several threads at once.
    CostReport estimate(const Timeline& timeline) const;

private:
    class Prepared;
    std::unique_ptr<Prepared> m_prepared;
};

} // namespace ferry::model
