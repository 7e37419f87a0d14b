#include <ferry/model/Routing.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <tuple>

namespace ferry::model {
namespace {

bool usable(const Link& link) {
    return std::isfinite(link.bandwidthMbps) && link.bandwidthMbps > 0 && link.from != link.to;
}

} // namespace

const Link* linkBetween(const ProjectData& data, std::string_view siteA, std::string_view siteB) {
    const Link* best = nullptr;
    for (const Link& link : data.links) {
        const bool joins =
            (link.from == siteA && link.to == siteB) || (link.from == siteB && link.to == siteA);
        if (!joins || !usable(link))
            continue;
        if (!best || link.bandwidthMbps > best->bandwidthMbps ||
            (link.bandwidthMbps == best->bandwidthMbps && link.id < best->id))
            best = &link;
    }
    return best;
}

Routing::Routing(const ProjectData& data) {
    m_siteIndex.reserve(data.sites.size());
    for (const Site& site : data.sites)
        m_siteIndex.emplace(site.id, static_cast<int>(m_siteIndex.size()));
    m_arcs.resize(m_siteIndex.size());
    m_linkIds.reserve(data.links.size());
    m_linkMbps.reserve(data.links.size());
    for (std::size_t i = 0; i < data.links.size(); ++i) {
        const Link& link = data.links[i];
        m_linkIds.push_back(link.id);
        m_linkMbps.push_back(link.bandwidthMbps);
        const auto from = m_siteIndex.find(link.from);
        const auto to = m_siteIndex.find(link.to);
        if (from == m_siteIndex.end() || to == m_siteIndex.end() || !usable(link))
            continue;
        m_arcs[from->second].push_back(Arc{to->second, i, link.bandwidthMbps});
        m_arcs[to->second].push_back(Arc{from->second, i, link.bandwidthMbps});
    }
}

std::optional<Route> Routing::route(std::string_view from, std::string_view to) const {
    const auto source = m_siteIndex.find(std::string(from));
    const auto target = m_siteIndex.find(std::string(to));
    if (source == m_siteIndex.end() || target == m_siteIndex.end())
        return std::nullopt;
    if (source->second == target->second)
        return Route{{}, std::numeric_limits<double>::infinity(), 0};

    // Dijkstra on (bottleneck descending, hops ascending, last link id ascending).
    constexpr std::size_t kNoLink = static_cast<std::size_t>(-1);
    struct Label {
        double mbps = -1.0;
        int hops = 0;
        std::size_t via = kNoLink; // Link used to arrive.
        int previous = -1;         // Site we came from.
    };
    const std::size_t n = m_arcs.size();
    std::vector<Label> best(n);
    std::vector<char> done(n, 0);
    auto better = [&](const Label& a, const Label& b) {
        if (a.mbps != b.mbps)
            return a.mbps > b.mbps;
        if (a.hops != b.hops)
            return a.hops < b.hops;
        if (b.via == kNoLink)
            return a.via != kNoLink;
        return a.via != kNoLink && m_linkIds[a.via] < m_linkIds[b.via];
    };
    using Entry = std::tuple<double, int, int>; // -mbps, hops, site: smallest first
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    best[source->second] = Label{std::numeric_limits<double>::infinity(), 0, kNoLink, -1};
    queue.emplace(-best[source->second].mbps, 0, source->second);
    while (!queue.empty()) {
        const int site = std::get<2>(queue.top());
        queue.pop();
        if (done[site])
            continue;
        done[site] = 1;
        if (site == target->second)
            break;
        for (const Arc& arc : m_arcs[site]) {
            if (done[arc.site])
                continue;
            const Label candidate{std::min(best[site].mbps, arc.mbps), best[site].hops + 1,
                                  arc.link, site};
            if (better(candidate, best[arc.site])) {
                best[arc.site] = candidate;
                queue.emplace(-candidate.mbps, candidate.hops, arc.site);
            }
        }
    }
    if (!done[target->second])
        return std::nullopt;

    Route route;
    route.bottleneckMbps = std::numeric_limits<double>::infinity();
    for (int site = target->second; site != source->second; site = best[site].previous) {
        const Label& label = best[site];
        route.links.push_back(label.via);
        const double mbps = m_linkMbps[label.via];
        if (mbps < route.bottleneckMbps ||
            (mbps == route.bottleneckMbps &&
             m_linkIds[label.via] < m_linkIds[route.bottleneckLink])) {
            route.bottleneckMbps = mbps;
            route.bottleneckLink = label.via;
        }
    }
    std::reverse(route.links.begin(), route.links.end());
    return route;
}

} // namespace ferry::model
