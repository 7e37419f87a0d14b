#pragma once

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/RunPlan.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

namespace ferry::engine {

/// The check of one source object against its copy at the target.
struct ObjectCheck {
    std::string workload;   ///< Workload id ("" for an ad-hoc pair).
    std::string key;        ///< Object key ("" for a problem with the whole pair).
    std::string status;     ///< "ok", "missing", "size_differs", "content_differs", "error".
    std::string detail;     ///< What differs or went wrong.
    std::uint64_t size = 0; ///< Source size (rows for a table).
    bool table = false;     ///< A database table, checked by rows and canonical content hash.
};

/// Every check of a verification, in pair then key order.
struct VerificationReport {
    std::vector<ObjectCheck> objects; ///< One per source object (plus pair-level problems).
    std::vector<std::string> skipped; ///< Pairs not checked, with the reason.
    std::uint64_t ok = 0;             ///< Objects whose target copy matches.
    std::uint64_t problems = 0;       ///< Objects missing, different or unreadable.

    /// The report as JSON.
    nlohmann::json toJson() const;
};

/// What a verification of a past run checks: its pairs and the folder ${project_dir} means.
struct VerificationInput {
    std::vector<RunPair> pairs; ///< The run's pairs; skipped ones carry their reason.
    std::string projectDir;     ///< Expands ${project_dir}.
};

/// The pairs a run journal records, to verify that run's targets.
model::Result<VerificationInput> verificationInputOfJournal(const std::filesystem::path& journal);

/// Re-check targets against sources: every source object must exist at the target with the same
/// size and SHA-256 (a hash the connector declares, else read and hashed), using `parallel`
/// threads. Stops early (returning what was checked) when stop is requested.
VerificationReport verifyTargets(const std::vector<RunPair>& pairs,
                                 const ConnectorRegistry& registry, const std::string& projectDir,
                                 int parallel, std::stop_token stop = {});

} // namespace ferry::engine
