#pragma once

#include <ferry/model/CanvasPosition.hpp>
#include <ferry/model/Enums.hpp>

#include <string>
#include <vector>

namespace ferry::model {

/// Something to migrate: a VM, a database, a file share, a bucket, a model artifact or a service.
struct Workload {
    std::string id;                              ///< Stable id, unique among workloads.
    std::string name;                            ///< Display name.
    WorkloadKind kind = WorkloadKind::Vm;        ///< What it is.
    std::string site;                            ///< Id of the site it runs on now.
    double sizeGb = 0.0;                         ///< Data to move, in GB (10^9 bytes).
    double changeRateGbPerDay = 0.0;             ///< Data changed per day while it is being moved.
    int vcpu = 0;                                ///< Virtual CPUs.
    double memoryGb = 0.0;                       ///< Memory in GB.
    double monthlyCost = 0.0;                    ///< What it costs to run now, per month.
    Criticality criticality = Criticality::Medium; ///< How much the business depends on it.
    std::string owner;                           ///< Team or person responsible.
    std::vector<std::string> tags;               ///< Free labels for filtering.
    std::string endpoint;                        ///< Where its data lives, as a connector URI.
    CanvasPosition position;                     ///< Centre on the canvas.

    bool operator==(const Workload&) const = default;
};

} // namespace ferry::model
