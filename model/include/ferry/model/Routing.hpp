#pragma once

#include <ferry/model/ProjectData.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ferry::model {

/// The links a transfer from one site to another travels over, and the speed they allow.
struct Route {
    /// Indexes into ProjectData::links, from the source side; empty when both ends are one site.
    std::vector<std::size_t> links;
    /// Bandwidth of the narrowest link in Mbps; infinity when links is empty.
    double bottleneckMbps = 0.0;
    /// Index into ProjectData::links of that narrowest link; only meaningful when links is set.
    std::size_t bottleneckLink = 0;
};

/// The direct link between two sites in either direction: the widest when there are several,
/// then the one with the smallest id; nullptr when none. Links without a positive, finite
/// bandwidth are never chosen.
const Link* linkBetween(const ProjectData& data, std::string_view siteA, std::string_view siteB);

/// Routes between sites over the project's links, which carry traffic both ways. A route is the
/// widest path (the largest bottleneck bandwidth; fewer hops, then smaller link ids on ties), so
/// two sites joined only through a third are reachable. Relaying is modelled as a pipe at the
/// bottleneck speed: no store-and-forward delay. Holds indexes, not references, into the data.
class Routing {
public:
    /// Index the sites and the usable links of data.
    explicit Routing(const ProjectData& data);
    /// Widest route from one site to another; nullopt when a site is unknown or no chain of
    /// links joins them. Costs one small Dijkstra run over the sites; cache it for many calls.
    std::optional<Route> route(std::string_view from, std::string_view to) const;

private:
    struct Arc {
        int site;         // The other end.
        std::size_t link; // Index into ProjectData::links.
        double mbps;      // Its bandwidth.
    };
    std::unordered_map<std::string, int> m_siteIndex;
    std::vector<std::vector<Arc>> m_arcs; // By site index.
    std::vector<std::string> m_linkIds;   // By link index, for tie-breaking.
    std::vector<double> m_linkMbps;       // By link index.
};

} // namespace ferry::model
