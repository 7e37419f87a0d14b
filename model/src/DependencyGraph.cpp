#include <ferry/model/WavePlanner.hpp>

#include "DependencyAnalysis.hpp"

namespace ferry::model {

DependencyGraph::DependencyGraph(const ProjectData& data) {
    // A duplicated workload id stands for its first occurrence, as in validation.
    std::vector<const std::string*> all;
    all.reserve(data.workloads.size());
    for (const Workload& w : data.workloads)
        all.push_back(&w.id);
    const detail::IdIndex index(all);
    std::vector<int> nodeOf(all.size(), -1);
    std::vector<const std::string*> ids;
    ids.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (index.find(*all[i]) == static_cast<int>(i)) {
            nodeOf[i] = static_cast<int>(ids.size());
            ids.push_back(all[i]);
        }
    }
    std::vector<std::pair<int, int>> edges;
    edges.reserve(data.dependencies.size());
    for (const Dependency& d : data.dependencies) {
        const int from = index.find(d.from);
        const int to = index.find(d.to);
        if (from < 0 || to < 0 || from == to)
            continue;
        edges.emplace_back(nodeOf[from], nodeOf[to]);
    }
    const detail::IndexGraph graph = detail::makeIndexGraph(static_cast<int>(ids.size()), edges);
    detail::DependencyAnalysis analysis =
        detail::analyseDependencies(ids, detail::rankById(ids), graph);
    m_groups = std::move(analysis.groups);
    m_layers = std::move(analysis.layers);
}

} // namespace ferry::model
