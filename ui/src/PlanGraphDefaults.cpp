#include <ferry/ui/PlanGraphDefaults.hpp>

#include <ferry/model/PricingCatalog.hpp>
#include <ferry/model/Project.hpp>

#include <nlohmann/json.hpp>

#include <optional>

namespace ferry::ui {
namespace {

using model::Provider;
using model::Strategy;
using model::WorkloadKind;

bool taken(const model::Project& project, const std::string& id,
           const std::set<std::string>& reserved) {
    return reserved.count(id) || project.findSite(id) || project.findWorkload(id) ||
           project.findLink(id);
}

/// The first key of a catalog section whose name contains needle, or the first alias of an
/// entry of the section.
std::string catalogKeyContaining(const nlohmann::json* doc, const char* section,
                                 const char* needle) {
    if (!doc || !doc->contains(section) || !(*doc)[section].is_object())
        return {};
    for (const auto& item : (*doc)[section].items())
        if (item.key().find(needle) != std::string::npos)
            return item.key();
    return {};
}

std::string alias(const nlohmann::json* doc, const char* section, const char* entry, bool longest) {
    if (!doc || !doc->contains(section))
        return {};
    const nlohmann::json& s = (*doc)[section];
    const nlohmann::json* aliases = nullptr;
    if (entry && s.contains(entry) && s[entry].contains("aliases"))
        aliases = &s[entry]["aliases"];
    else if (!entry && s.contains("aliases"))
        aliases = &s["aliases"];
    if (!aliases || !aliases->is_array())
        return {};
    // The longest is the most specific ("s3-standard" over "s3").
    std::string best;
    for (const auto& a : *aliases) {
        if (!a.is_string())
            continue;
        if (!longest)
            return a.get<std::string>();
        if (a.get<std::string>().size() > best.size())
            best = a.get<std::string>();
    }
    return best;
}

} // namespace

std::string PlanGraphDefaults::uniqueId(const model::Project& project, const std::string& base,
                                        const std::set<std::string>& reserved) {
    const std::string stem = base.empty() ? std::string("object") : base;
    if (!taken(project, stem, reserved))
        return stem;
    for (int n = 2;; ++n) {
        std::string candidate = stem + "-" + std::to_string(n);
        if (!taken(project, candidate, reserved))
            return candidate;
    }
}

model::Site PlanGraphDefaults::newSite(const model::Project& project, Provider provider) {
    model::Site site;
    site.provider = provider;
    switch (provider) {
    case Provider::Aws:
        site.id = "aws";
        site.name = tr("AWS region").toStdString();
        site.region = "us-east-1";
        break;
    case Provider::Azure:
        site.id = "azure";
        site.name = tr("Azure region").toStdString();
        site.region = "westeurope";
        break;
    case Provider::Gcp:
        site.id = "gcp";
        site.name = tr("Google Cloud region").toStdString();
        site.region = "europe-west1";
        break;
    case Provider::Aliyun:
        site.id = "aliyun";
        site.name = tr("Alibaba Cloud region").toStdString();
        site.region = "cn-hangzhou";
        break;
    case Provider::OnPrem:
        site.id = "dc";
        site.name = tr("Data centre").toStdString();
        break;
    case Provider::Other:
        site.id = "site";
        site.name = tr("Site").toStdString();
        break;
    }
    site.id = uniqueId(project, site.id + "-1");
    return site;
}

model::Workload PlanGraphDefaults::newWorkload(const model::Project& project, WorkloadKind kind,
                                               const std::string& siteId) {
    model::Workload w;
    w.kind = kind;
    w.site = siteId;
    std::string stem;
    switch (kind) {
    case WorkloadKind::Vm:
        stem = "vm";
        w.name = tr("New VM").toStdString();
        w.vcpu = 2;
        w.memoryGb = 8;
        w.sizeGb = 100;
        break;
    case WorkloadKind::Database:
        stem = "db";
        w.name = tr("New database").toStdString();
        w.vcpu = 2;
        w.memoryGb = 8;
        w.sizeGb = 50;
        break;
    case WorkloadKind::FileShare:
        stem = "share";
        w.name = tr("New file share").toStdString();
        w.sizeGb = 200;
        break;
    case WorkloadKind::ObjectBucket:
        stem = "bucket";
        w.name = tr("New bucket").toStdString();
        w.sizeGb = 500;
        break;
    case WorkloadKind::ModelArtifact:
        stem = "model";
        w.name = tr("New model").toStdString();
        w.sizeGb = 10;
        break;
    case WorkloadKind::Service:
        stem = "svc";
        w.name = tr("New service").toStdString();
        w.vcpu = 2;
        w.memoryGb = 4;
        w.sizeGb = 20;
        break;
    }
    w.id = uniqueId(project, stem + "-1");
    return w;
}

Strategy PlanGraphDefaults::defaultStrategy(WorkloadKind kind) {
    switch (kind) {
    case WorkloadKind::Vm:
    case WorkloadKind::Service:
    case WorkloadKind::FileShare:
    case WorkloadKind::ObjectBucket:
        return Strategy::Rehost;
    case WorkloadKind::Database:
    case WorkloadKind::ModelArtifact:
        return Strategy::Replatform;
    }
    return Strategy::Rehost;
}

std::string PlanGraphDefaults::defaultService(const model::Workload& w, Provider provider,
                                              const model::PricingCatalog* catalog) {
    if (provider == Provider::OnPrem || provider == Provider::Other)
        return {};
    const nlohmann::json* doc = catalog ? catalog->providerCatalog(provider) : nullptr;
    switch (w.kind) {
    case WorkloadKind::Vm:
    case WorkloadKind::Service: {
        if (!catalog)
            return {};
        auto offer = catalog->smallestFittingInstance(provider, w.vcpu, w.memoryGb);
        if (!offer)
            offer = catalog->largestInstance(provider);
        if (!offer)
            return {};
        return provider == Provider::Aws ? "ec2:" + offer->type : offer->type;
    }
    case WorkloadKind::Database: {
        std::string offering = catalogKeyContaining(doc, "managed_databases", "postgresql");
        return offering;
    }
    case WorkloadKind::ObjectBucket:
    case WorkloadKind::ModelArtifact:
        return alias(doc, "object_storage", "standard", true);
    case WorkloadKind::FileShare:
        return alias(doc, "block_storage", nullptr, false);
    }
    return {};
}

model::Mapping PlanGraphDefaults::mappingFor(const model::Project& project,
                                             const std::string& workloadId,
                                             const std::string& targetSite) {
    model::Mapping m;
    m.workload = workloadId;
    m.targetSite = targetSite;
    const model::Workload* w = project.findWorkload(workloadId);
    const model::Site* target = project.findSite(targetSite);
    if (!w || !target)
        return m;
    m.strategy = defaultStrategy(w->kind);
    m.targetService = defaultService(*w, target->provider, catalog());
    if (const model::Mapping* existing = project.findMapping(workloadId)) {
        m.pinnedWave = existing->pinnedWave;
        // Retain and retire mean "it does not move"; a drag onto another site says it does.
        if (existing->strategy != Strategy::Retain && existing->strategy != Strategy::Retire)
            m.strategy = existing->strategy;
        if (existing->targetSite == targetSite) {
            m.targetService = existing->targetService;
            m.targetEndpoint = existing->targetEndpoint;
        }
    }
    return m;
}

const model::PricingCatalog* PlanGraphDefaults::catalog() {
    static const std::optional<model::PricingCatalog> loaded = []() {
        auto result = model::PricingCatalog::loadDefault();
        return result ? std::optional<model::PricingCatalog>(std::move(result).value())
                      : std::nullopt;
    }();
    return loaded ? &*loaded : nullptr;
}

} // namespace ferry::ui
