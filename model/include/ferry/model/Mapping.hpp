#pragma once

#include <ferry/model/Enums.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace ferry::model {

/// Where a workload goes and how: target site, service and strategy.
struct Mapping {
    std::string workload;                ///< Workload id; at most one mapping per workload.
    std::string targetSite;              ///< Site id of the target.
    std::string targetService;           ///< e.g. "ec2:m6i.large", "rds-postgresql", "s3-standard".
    Strategy strategy = Strategy::Rehost; ///< The 6 R's.
    std::string targetEndpoint;          ///< Where the data goes, as a connector URI.
    std::optional<int> pinnedWave;       ///< Wave number the user fixed for it (1-based).
    /// Changes applied to the data on the way (docs/transforms.md): an array of objects, each
    /// with a "type" ("csv_clean", "zstd", "safetensors") and that transform's options.
    nlohmann::json transforms = nlohmann::json::array();

    bool operator==(const Mapping&) const = default;
};

} // namespace ferry::model
