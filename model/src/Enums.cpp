#include <ferry/model/Enums.hpp>

namespace ferry::model {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(std::string_view text, const std::array<E, N>& all) {
    for (E value : all) {
        if (toString(value) == text) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view toString(Provider value) {
    switch (value) {
    case Provider::OnPrem: return "onprem";
    case Provider::Aws: return "aws";
    case Provider::Azure: return "azure";
    case Provider::Gcp: return "gcp";
    case Provider::Aliyun: return "aliyun";
    case Provider::Other: return "other";
    }
    return "other";
}

std::string_view toString(WorkloadKind value) {
    switch (value) {
    case WorkloadKind::Vm: return "vm";
    case WorkloadKind::Database: return "database";
    case WorkloadKind::FileShare: return "file_share";
    case WorkloadKind::ObjectBucket: return "object_bucket";
    case WorkloadKind::ModelArtifact: return "model_artifact";
    case WorkloadKind::Service: return "service";
    }
    return "vm";
}

std::string_view toString(Strategy value) {
    switch (value) {
    case Strategy::Rehost: return "rehost";
    case Strategy::Replatform: return "replatform";
    case Strategy::Refactor: return "refactor";
    case Strategy::Repurchase: return "repurchase";
    case Strategy::Retire: return "retire";
    case Strategy::Retain: return "retain";
    }
    return "rehost";
}

std::string_view toString(Criticality value) {
    switch (value) {
    case Criticality::Low: return "low";
    case Criticality::Medium: return "medium";
    case Criticality::High: return "high";
    case Criticality::Critical: return "critical";
    }
    return "medium";
}

std::string_view toString(DependencyPolicy value) {
    switch (value) {
    case DependencyPolicy::Auto: return "auto";
    case DependencyPolicy::SameWave: return "same_wave";
    case DependencyPolicy::DependencyFirst: return "dependency_first";
    }
    return "auto";
}

std::optional<Provider> providerFromString(std::string_view t) { return lookup(t, kAllProviders); }
std::optional<WorkloadKind> workloadKindFromString(std::string_view t) {
    return lookup(t, kAllWorkloadKinds);
}
std::optional<Strategy> strategyFromString(std::string_view t) { return lookup(t, kAllStrategies); }
std::optional<Criticality> criticalityFromString(std::string_view t) {
    return lookup(t, kAllCriticalities);
}
std::optional<DependencyPolicy> dependencyPolicyFromString(std::string_view t) {
    return lookup(t, kAllDependencyPolicies);
}

} // namespace ferry::model
