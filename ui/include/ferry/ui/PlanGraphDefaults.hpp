#pragma once

#include <ferry/model/Enums.hpp>
#include <ferry/model/Mapping.hpp>
#include <ferry/model/Site.hpp>
#include <ferry/model/Workload.hpp>

#include <QCoreApplication>

#include <set>
#include <string>

namespace ferry::model {
class PricingCatalog;
class Project;
} // namespace ferry::model

namespace ferry::ui {

/// What a new object dropped on the canvas looks like, and the mapping a workload gets when it
/// is dragged onto a target site: a target service per kind and provider and a strategy per kind.
class PlanGraphDefaults {
    Q_DECLARE_TR_FUNCTIONS(PlanGraphDefaults)

public:
    /// An id not used by any site, workload or link of the project nor in taken:
    /// base, else base-2, base-3...
    static std::string uniqueId(const model::Project& project, const std::string& base,
                                const std::set<std::string>& taken = {});
    /// A new site of a provider, with a unique id, a name and a usual region.
    static model::Site newSite(const model::Project& project, model::Provider provider);
    /// A new workload of a kind on a site, with a unique id, a name and modest sizes.
    static model::Workload newWorkload(const model::Project& project, model::WorkloadKind kind,
                                       const std::string& site);
    /// The strategy a workload of a kind gets by default (rehost for VMs, replatform for
    /// databases and model artifacts...).
    static model::Strategy defaultStrategy(model::WorkloadKind kind);
    /// The target service a workload gets on a provider: the cheapest fitting instance type for
    /// VMs and services, the provider's managed PostgreSQL for databases, standard object
    /// storage for buckets and model artifacts, block storage for file shares. Empty when the
    /// catalog has nothing (on-premises targets).
    static std::string defaultService(const model::Workload& workload, model::Provider provider,
                                      const model::PricingCatalog* catalog);
    /// The mapping a drag onto a target site makes: keeps the pinned wave and, when still
    /// meaningful, the strategy of an existing mapping; the service fits the target provider.
    static model::Mapping mappingFor(const model::Project& project, const std::string& workloadId,
                                     const std::string& targetSite);
    /// The pricing catalog used for default services (loaded once), or nullptr when none.
    static const model::PricingCatalog* catalog();
};

} // namespace ferry::ui
