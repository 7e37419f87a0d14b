#include <ferry/engine/RunPlan.hpp>

#include <ferry/engine/Uri.hpp>
#include <ferry/model/Assumptions.hpp>
#include <ferry/model/WavePlanner.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace ferry::engine {
namespace {

using model::Error;
using model::Result;
using model::WorkloadKind;

std::string schemeOf(const std::string& uri) {
    const auto colon = uri.find(':');
    std::string scheme = colon == std::string::npos ? std::string() : uri.substr(0, colon);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme;
}

/// Why a workload's data cannot be copied as objects, or "" when it can.
std::string objectCopyRefusal(const model::Workload& w, const model::Mapping& m) {
    if (m.strategy == model::Strategy::Retire || m.strategy == model::Strategy::Retain)
        return "skipped: strategy " + std::string(model::toString(m.strategy)) + " moves no data";
    if (m.targetEndpoint.empty())
        return "skipped: the mapping has no target endpoint; set one to copy this workload";
    switch (w.kind) {
    case WorkloadKind::FileShare:
    case WorkloadKind::ObjectBucket:
    case WorkloadKind::ModelArtifact:
        break;
    case WorkloadKind::Database:
        break;
    case WorkloadKind::Vm:
    case WorkloadKind::Service:
        return "skipped: " + std::string(model::toString(w.kind)) +
               " workloads are not copied by the data engine";
    }
    // Tables go to tables (SQLite or PostgreSQL, copied table by table), objects to objects.
    const bool tableSource = isTableScheme(schemeOf(w.endpoint));
    const bool tableTarget = isTableScheme(schemeOf(m.targetEndpoint));
    if (tableSource != tableTarget)
        return tableSource ? "skipped: the source holds tables but the target endpoint is not a "
                             "database (use sqlite:// or postgresql://)"
                           : "skipped: the target endpoint is a database but the source holds "
                             "objects, not tables";
    return {};
}

const model::Link* widestLink(const model::ProjectData& data, const std::string& a,
                              const std::string& b) {
    const model::Link* best = nullptr;
    for (const auto& l : data.links) {
        const bool joins = (l.from == a && l.to == b) || (l.from == b && l.to == a);
        if (!joins || !(l.bandwidthMbps > 0) || !std::isfinite(l.bandwidthMbps))
            continue;
        if (!best || l.bandwidthMbps > best->bandwidthMbps ||
            (l.bandwidthMbps == best->bandwidthMbps && l.id < best->id))
            best = &l;
    }
    return best;
}

const model::Site* siteById(const model::ProjectData& data, const std::string& id) {
    for (const auto& s : data.sites)
        if (s.id == id)
            return &s;
    return nullptr;
}

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

} // namespace

bool isTableScheme(std::string_view scheme) {
    return scheme == "sqlite" || scheme == "postgresql" || scheme == "postgres";
}

bool isTableUri(std::string_view uri) {
    return isTableScheme(schemeOf(std::string(uri)));
}

Result<ProjectRunPlan> planProjectRun(const model::ProjectData& data,
                                      const ProjectRunSelection& selection) {
    ProjectRunPlan plan;
    std::map<std::string, const model::Mapping*> mappingOf;
    for (const auto& m : data.mappings)
        mappingOf.emplace(m.workload, &m);

    if (!selection.workload.empty() &&
        std::none_of(data.workloads.begin(), data.workloads.end(),
                     [&](const model::Workload& w) { return w.id == selection.workload; }))
        return Error{"run.unknown_workload",
                     "The project has no workload '" + selection.workload +
                         "'; give the id of one of its workloads.",
                     selection.workload};

    // Wave of every workload: the saved plan when there is one, else the wave planner's.
    std::map<std::string, int> waveOf;
    int lastWave = 1;
    if (!data.waves.empty()) {
        plan.waveSource = "saved waves";
        for (const auto& wave : data.waves) {
            for (const auto& id : wave.workloads)
                waveOf.emplace(id, wave.number);
            lastWave = std::max(lastWave, wave.number);
        }
    } else {
        auto assumptions = model::PlanAssumptions::fromJson(data.info.assumptions);
        if (!assumptions) {
            plan.waveSource = "single wave";
            plan.notes.push_back("The project's assumptions could not be read (" +
                                 assumptions.error().message +
                                 "), so every workload runs in one wave.");
        } else {
            const model::WavePlan waves = model::WavePlanner::plan(data, *assumptions);
            plan.waveSource = "wave planner";
            for (const auto& p : waves.placements) {
                waveOf.emplace(p.workload, p.wave);
                lastWave = std::max(lastWave, p.wave);
            }
            for (const auto& f : waves.findings)
                plan.notes.push_back("Wave planner: " + f.message);
        }
    }

    std::set<int> wavesPresent;
    for (const auto& w : data.workloads) {
        if (!selection.workload.empty() && w.id != selection.workload)
            continue;
        if (w.endpoint.empty())
            continue; // no data of its own to move (a service, or not described yet)
        const auto mapping = mappingOf.find(w.id);
        RunPair pair;
        pair.source = w.endpoint;
        pair.workload = w.id;
        if (mapping == mappingOf.end()) {
            pair.skipReason = "skipped: the workload is not mapped to a target";
            pair.wave = lastWave;
        } else {
            pair.target = mapping->second->targetEndpoint;
            pair.transforms = mapping->second->transforms;
            pair.skipReason = objectCopyRefusal(w, *mapping->second);
            const auto wave = waveOf.find(w.id);
            if (wave != waveOf.end()) {
                pair.wave = wave->second;
            } else if (plan.waveSource == "saved waves" && pair.skipReason.empty()) {
                pair.wave = lastWave + 1;
                plan.notes.push_back("Workload '" + w.id +
                                     "' is in no saved wave; it runs after the last one.");
            } else {
                pair.wave = plan.waveSource == "single wave" ? 1 : lastWave;
            }
        }
        if (selection.wave && pair.wave != *selection.wave)
            continue;
        wavesPresent.insert(pair.wave);
        plan.pairs.push_back(std::move(pair));
    }
    if (selection.wave && wavesPresent.empty())
        return Error{"run.unknown_wave",
                     "Wave " + std::to_string(*selection.wave) +
                         " of this project holds no workload with data to copy; choose a wave "
                         "from 1 to " +
                         std::to_string(lastWave) + ".",
                     "wave " + std::to_string(*selection.wave)};
    std::stable_sort(plan.pairs.begin(), plan.pairs.end(),
                     [](const RunPair& a, const RunPair& b) { return a.wave < b.wave; });
    return plan;
}

TransferEstimate estimateTransfer(const model::ProjectData* data, const RunPair& pair,
                                  std::uint64_t bytes, const model::PricingCatalog* catalog) {
    TransferEstimate estimate;
    if (data == nullptr || pair.workload.empty())
        return estimate;
    const model::Workload* workload = nullptr;
    for (const auto& w : data->workloads)
        if (w.id == pair.workload)
            workload = &w;
    const model::Mapping* mapping = nullptr;
    for (const auto& m : data->mappings)
        if (m.workload == pair.workload)
            mapping = &m;
    if (!workload || !mapping)
        return estimate;
    const model::Site* from = siteById(*data, workload->site);
    const model::Site* to = siteById(*data, mapping->targetSite);
    if (!from || !to)
        return estimate;
    const double gb = static_cast<double>(bytes) / 1e9;
    const auto assumptions = model::PlanAssumptions::fromJson(data->info.assumptions);
    const double efficiency = assumptions ? assumptions->linkEfficiency : 0.8;
    const model::Link* link = from->id == to->id ? nullptr : widestLink(*data, from->id, to->id);
    if (from->id == to->id) {
        estimate.seconds = 0;
        estimate.basis = "same site";
    } else if (link) {
        const double bitsPerSecond = link->bandwidthMbps * 1e6 * efficiency;
        estimate.seconds = static_cast<double>(bytes) * 8.0 / bitsPerSecond;
        estimate.link = link->id;
        estimate.basis = "link " + link->id + " at " + format("%.0f", link->bandwidthMbps) +
                         " Mbps x " + format("%.0f", efficiency * 100) + "% efficiency";
    } else {
        estimate.basis = "no direct link between " + from->id + " and " + to->id;
    }

    estimate.currency = data->info.currency;
    if (link && link->egressPricePerGb) {
        estimate.egressCost = gb * *link->egressPricePerGb;
        estimate.basis +=
            "; egress at the link's " + format("%.4g", *link->egressPricePerGb) + " per GB";
    } else if (from->id == to->id) {
        estimate.egressCost = 0;
    } else if (catalog && catalog->providerCatalog(from->provider)) {
        if (from->provider == to->provider) {
            estimate.egressCost = (!from->region.empty() && from->region == to->region)
                                      ? 0.0
                                      : gb * catalog->interRegionPerGb(from->provider);
            estimate.basis += "; inter-region egress from the pricing catalog";
        } else {
            estimate.egressCost = catalog->internetEgressCost(from->provider, gb);
            estimate.basis += "; internet egress tiers from the pricing catalog";
        }
        estimate.currency = catalog->currency(from->provider);
    } else {
        estimate.basis += "; egress not priced (no catalog for " +
                          std::string(model::toString(from->provider)) + ")";
    }
    return estimate;
}

} // namespace ferry::engine
