#pragma once

#include <ferry/model/PricingCatalog.hpp>
#include <ferry/model/ProjectData.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry::engine {

/// One source/target pair a run copies: a workload's endpoint to its mapping's target endpoint,
/// or an ad-hoc copy.
struct RunPair {
    std::string source;     ///< Source URI as written (may hold ${project_dir}).
    std::string target;     ///< Target URI as written.
    std::string workload;   ///< Workload id, "" for an ad-hoc copy.
    int wave = 1;           ///< Wave number, 1-based; waves run in order.
    std::string skipReason; ///< Non-empty: not copied, e.g. "strategy retire moves no data".
    /// The mapping's transforms (docs/transforms.md), applied to the objects they match.
    nlohmann::json transforms = nlohmann::json::array();
};

/// Which part of a project to run.
struct ProjectRunSelection {
    std::optional<int> wave; ///< Only this wave.
    std::string workload;    ///< Only this workload.
};

/// The pairs of a project run and where its wave order came from.
struct ProjectRunPlan {
    std::vector<RunPair> pairs;     ///< In wave order; skipped ones carry their reason.
    std::string waveSource;         ///< "saved waves", "wave planner" or "single wave".
    std::vector<std::string> notes; ///< Things a user should know (e.g. planner findings).
};

/// True for URI schemes that address tables rather than objects (sqlite, postgresql).
bool isTableScheme(std::string_view scheme);
/// True for an address whose scheme is a table scheme ("sqlite:///x.sqlite", "postgresql://...").
bool isTableUri(std::string_view uri);

/// The pairs of a project: every mapped workload with a source endpoint and a target endpoint,
/// in the order of the project's saved waves, else of model::WavePlanner. Table endpoints and
/// kinds the engine cannot copy are listed as skipped with the reason. Refuses a selection that
/// names no wave or workload of the project.
model::Result<ProjectRunPlan> planProjectRun(const model::ProjectData& data,
                                             const ProjectRunSelection& selection = {});

/// What moving some bytes of one pair is expected to take and cost.
struct TransferEstimate {
    double seconds = -1;    ///< Transfer time on the link, -1 when no link is known.
    double egressCost = -1; ///< Egress charge, -1 when it cannot be priced.
    std::string currency;   ///< Of egressCost.
    std::string basis;      ///< How it was worked out, e.g. "link dc-aws 1000 Mbps at 80%".
    std::string link;       ///< Id of the link the bytes take, "" when none is known.
};

/// Estimate time from the link between the workload's site and its target site (bandwidth times
/// the project's link efficiency) and egress from the link's price or the pricing catalog, as
/// the cost model prices it. Without a project or workload, both stay unknown.
TransferEstimate estimateTransfer(const model::ProjectData* data, const RunPair& pair,
                                  std::uint64_t bytes, const model::PricingCatalog* catalog);

} // namespace ferry::engine
