#pragma once

// A generated estate for benchmarks: on-premises data centres linked to cloud regions,
// applications of a few tiers each, dependencies that are mostly acyclic (later workloads depend
// on earlier ones, mostly inside their application, some on shared services elsewhere), a few
// small dependency cycles and some chatty dependencies inside applications. Deterministic for a
// given spec. Header-only so every benchmark can use it.

#include <ferry/model/ProjectData.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace ferry::bench {

/// What to generate.
struct EstateSpec {
    int workloads = 100000;    ///< Workloads in the estate.
    int dependencies = 300000; ///< Dependencies between them.
    int sourceSites = 40;      ///< On-premises data centres.
    int targetSites = 10;      ///< Cloud regions, fully meshed.
    int cycles = 200;          ///< Small dependency cycles (2 to 4 workloads), inside applications.
    double chattyShare = 0.03; ///< Share of dependencies inside an application above 10 GB/day.
    double sharedShare = 0.02; ///< Share of workloads that are shared services.
    double retireShare = 0.03; ///< Share of workloads retired.
    double retainShare = 0.02; ///< Share of workloads retained.
    std::uint32_t seed = 20270104; ///< Same seed, same estate.
};

/// A fixed-width id such as "w000042".
inline std::string estateId(const char* prefix, int number, int width = 6) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%0*d", prefix, width, number);
    return buffer;
}

/// Generate the estate described by spec.
inline model::ProjectData generateEstate(const EstateSpec& spec = {}) {
    using namespace ferry::model;
    std::mt19937_64 random(spec.seed);
    auto uniform = [&](int low, int high) {
        return std::uniform_int_distribution<int>(low, high)(random);
    };
    auto chance = [&](double p) {
        return std::uniform_real_distribution<double>(0, 1)(random) < p;
    };

    ProjectData data;
    data.info.name = "Generated estate";

    // Sites: data centres dc-01.., cloud regions cloud-01..; every data centre has links to two
    // regions, the regions are fully meshed.
    for (int i = 1; i <= spec.sourceSites; ++i)
        data.sites.push_back(
            Site{.id = estateId("dc-", i, 2), .name = estateId("Data centre ", i, 2)});
    for (int i = 1; i <= spec.targetSites; ++i)
        data.sites.push_back(Site{.id = estateId("cloud-", i, 2),
                                  .name = estateId("Cloud region ", i, 2),
                                  .provider = Provider::Aws});
    std::vector<std::vector<int>> regionsOf(spec.sourceSites);
    for (int i = 1; i <= spec.sourceSites; ++i) {
        const int first = uniform(1, spec.targetSites);
        int second = uniform(1, spec.targetSites);
        if (second == first && spec.targetSites > 1)
            second = first % spec.targetSites + 1;
        for (int region : {first, second}) {
            if (std::find(regionsOf[i - 1].begin(), regionsOf[i - 1].end(), region) !=
                regionsOf[i - 1].end())
                continue;
            regionsOf[i - 1].push_back(region);
            data.links.push_back(Link{.id = estateId("dc-", i, 2) + estateId("-cloud-", region, 2),
                                      .from = estateId("dc-", i, 2),
                                      .to = estateId("cloud-", region, 2),
                                      .bandwidthMbps = 1000.0 * uniform(1, 10),
                                      .latencyMs = 5.0 + uniform(0, 40)});
        }
    }
    for (int a = 1; a <= spec.targetSites; ++a)
        for (int b = a + 1; b <= spec.targetSites; ++b)
            data.links.push_back(Link{.id = estateId("cloud-", a, 2) + estateId("-cloud-", b, 2),
                                      .from = estateId("cloud-", a, 2),
                                      .to = estateId("cloud-", b, 2),
                                      .bandwidthMbps = 10000,
                                      .latencyMs = 20});

    // Workloads by application: each application runs in one data centre and moves to one
    // region, usually a directly linked one.
    std::vector<int> appOf;
    std::vector<int> appStart;
    std::vector<int> sharedServices;
    std::lognormal_distribution<double> sizeGb(std::log(50.0), 1.2);
    std::lognormal_distribution<double> cost(std::log(300.0), 0.8);
    static constexpr WorkloadKind kKinds[] = {WorkloadKind::Vm,        WorkloadKind::Vm,
                                              WorkloadKind::Service,   WorkloadKind::Database,
                                              WorkloadKind::FileShare, WorkloadKind::ObjectBucket};
    data.workloads.reserve(spec.workloads);
    data.mappings.reserve(spec.workloads);
    for (int app = 0; static_cast<int>(appOf.size()) < spec.workloads; ++app) {
        const int size = std::min(uniform(5, 20), spec.workloads - static_cast<int>(appOf.size()));
        const int dc = uniform(1, spec.sourceSites);
        const auto& linked = regionsOf[dc - 1];
        const int region = chance(0.9) ? linked[uniform(0, static_cast<int>(linked.size()) - 1)]
                                       : uniform(1, spec.targetSites);
        appStart.push_back(static_cast<int>(appOf.size()));
        for (int k = 0; k < size; ++k) {
            const int n = static_cast<int>(appOf.size());
            appOf.push_back(app);
            Workload w;
            w.id = estateId("w", n);
            w.name = "Workload " + std::to_string(n);
            w.kind = kKinds[uniform(0, 5)];
            w.site = estateId("dc-", dc, 2);
            w.sizeGb = std::min(sizeGb(random), 20000.0);
            w.changeRateGbPerDay = w.sizeGb * 0.01 * uniform(0, 5);
            w.vcpu = 1 << uniform(0, 5);
            w.memoryGb = 2.0 * w.vcpu;
            w.monthlyCost = cost(random);
            w.owner = estateId("team-", app % 97, 2);
            data.workloads.push_back(std::move(w));
            Mapping m;
            m.workload = data.workloads.back().id;
            m.targetSite = estateId("cloud-", region, 2);
            m.targetService = "ec2:m6i.large";
            const double roll = std::uniform_real_distribution<double>(0, 1)(random);
            m.strategy = roll < spec.retireShare                      ? Strategy::Retire
                         : roll < spec.retireShare + spec.retainShare ? Strategy::Retain
                         : roll < 0.5                                 ? Strategy::Replatform
                                                                      : Strategy::Rehost;
            if (m.strategy == Strategy::Retain)
                m.targetSite = data.workloads.back().site;
            data.mappings.push_back(std::move(m));
            if (chance(spec.sharedShare))
                sharedServices.push_back(n);
        }
    }
    appStart.push_back(spec.workloads);

    // Dependencies: from a later workload to an earlier one, so the graph is acyclic apart from
    // the cycles added on purpose.
    std::unordered_set<std::uint64_t> seen;
    seen.reserve(static_cast<std::size_t>(spec.dependencies) * 2);
    data.dependencies.reserve(spec.dependencies);
    std::lognormal_distribution<double> quiet(std::log(0.5), 1.0);
    auto add = [&](int from, int to, double traffic) {
        if (from == to)
            return false;
        const std::uint64_t key = (static_cast<std::uint64_t>(from) << 32) | unsigned(to);
        if (!seen.insert(key).second)
            return false;
        data.dependencies.push_back(Dependency{.from = data.workloads[from].id,
                                               .to = data.workloads[to].id,
                                               .trafficGbPerDay = traffic});
        return true;
    };
    auto intraTraffic = [&] {
        return chance(spec.chattyShare) ? 10.0 + uniform(1, 50) : std::min(quiet(random), 9.0);
    };
    // Cycles first, so the total stays exact: in an application, w[i] -> w[i+1] -> ... -> w[i].
    for (int c = 0; c < spec.cycles; ++c) {
        const int app = uniform(0, static_cast<int>(appStart.size()) - 2);
        const int begin = appStart[app];
        const int end = appStart[app + 1];
        const int length = std::min(uniform(2, 4), end - begin);
        if (length < 2 || static_cast<int>(data.dependencies.size()) + length > spec.dependencies)
            continue;
        const int first = uniform(begin, end - length);
        for (int k = 0; k < length; ++k) {
            const int from = first + k;
            const int to = k + 1 < length ? first + k + 1 : first;
            add(from, to, std::min(quiet(random), 9.0));
        }
    }
    const int shared = static_cast<int>(sharedServices.size());
    while (static_cast<int>(data.dependencies.size()) < spec.dependencies) {
        const int from = uniform(1, spec.workloads - 1);
        const int begin = appStart[appOf[from]];
        if (from > begin && chance(0.7)) {
            add(from, uniform(begin, from - 1), intraTraffic());
        } else if (shared > 0 && chance(0.5)) {
            const int to = sharedServices[uniform(0, shared - 1)];
            if (to < begin)
                add(from, to, std::min(quiet(random), 5.0));
        } else if (begin > 0) {
            add(from, uniform(0, begin - 1), std::min(quiet(random), 2.0));
        }
    }
    return data;
}

} // namespace ferry::bench
