#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace ferry::model {

/// Who runs a site.
enum class Provider { OnPrem, Aws, Azure, Gcp, Aliyun, Other };
/// What a workload is; decides how it is moved.
enum class WorkloadKind { Vm, Database, FileShare, ObjectBucket, ModelArtifact, Service };
/// The 6 R's of migration: what happens to a workload at its target.
enum class Strategy { Rehost, Replatform, Refactor, Repurchase, Retire, Retain };
/// How much a workload matters to the business.
enum class Criticality { Low, Medium, High, Critical };
/// How the planner treats a dependency: by the project's policy, always together, or target first.
enum class DependencyPolicy { Auto, SameWave, DependencyFirst };

/// Stable spelling of each enum value, as used in files and on the command line.
std::string_view toString(Provider value);
std::string_view toString(WorkloadKind value);
std::string_view toString(Strategy value);
std::string_view toString(Criticality value);
std::string_view toString(DependencyPolicy value);

/// Parse the stable spelling; nullopt when unknown.
std::optional<Provider> providerFromString(std::string_view text);
std::optional<WorkloadKind> workloadKindFromString(std::string_view text);
std::optional<Strategy> strategyFromString(std::string_view text);
std::optional<Criticality> criticalityFromString(std::string_view text);
std::optional<DependencyPolicy> dependencyPolicyFromString(std::string_view text);

/// Every value of each enum, in declaration order.
inline constexpr std::array kAllProviders{Provider::OnPrem, Provider::Aws,    Provider::Azure,
                                          Provider::Gcp,    Provider::Aliyun, Provider::Other};
inline constexpr std::array kAllWorkloadKinds{WorkloadKind::Vm,           WorkloadKind::Database,
                                              WorkloadKind::FileShare,    WorkloadKind::ObjectBucket,
                                              WorkloadKind::ModelArtifact, WorkloadKind::Service};
inline constexpr std::array kAllStrategies{Strategy::Rehost,     Strategy::Replatform,
                                           Strategy::Refactor,   Strategy::Repurchase,
                                           Strategy::Retire,     Strategy::Retain};
inline constexpr std::array kAllCriticalities{Criticality::Low, Criticality::Medium,
                                              Criticality::High, Criticality::Critical};
inline constexpr std::array kAllDependencyPolicies{
    DependencyPolicy::Auto, DependencyPolicy::SameWave, DependencyPolicy::DependencyFirst};

} // namespace ferry::model
