#pragma once

#include <ferry/model/MovePlan.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::model::detail {

/// Index of ids to their positions: open addressing over hashes with the ids copied into one
/// block, far fewer cache misses than std::unordered_map on estates of 100,000 workloads.
class IdIndex {
public:
    /// Index ids; a repeated id maps to its first position.
    explicit IdIndex(const std::vector<const std::string*>& ids);
    /// Position of id, or -1.
    int find(std::string_view id) const;

private:
    struct Slot {
        std::uint32_t tag = 0; // High bits of the hash.
        int position = -1;     // -1 = empty.
    };
    std::string_view idAt(int position) const {
        return std::string_view(m_text).substr(m_start[position],
                                               m_start[position + 1] - m_start[position]);
    }
    std::string m_text;                 // Every id, one after the other.
    std::vector<std::uint32_t> m_start; // Where each id starts in m_text; one extra at the end.
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
};

/// A directed graph over nodes 0..n-1 in compressed adjacency form.
struct IndexGraph {
    std::vector<int> offsets; ///< Edges of node v are targets[offsets[v] .. offsets[v + 1]).
    std::vector<int> targets; ///< Edge heads.

    /// Number of nodes.
    int nodeCount() const { return static_cast<int>(offsets.size()) - 1; }
};

/// Build the graph; edges are (from, to) pairs of node indexes.
IndexGraph makeIndexGraph(int nodeCount, const std::vector<std::pair<int, int>>& edges);

/// Strongly connected components.
struct Components {
    /// Component of each node. Components are numbered in reverse topological order: an edge
    /// u -> v between components always has component[v] < component[u].
    std::vector<int> of;
    int count = 0; ///< Number of components.
};

/// Tarjan's algorithm, iterative (no recursion, safe on graphs of millions of nodes).
Components strongComponents(const IndexGraph& graph);

/// Layer of each component in the condensed graph: 0 when it has no edge to another component,
/// otherwise one more than the highest layer it has an edge to (the layers Kahn's algorithm
/// peels off from the sinks).
std::vector<int> componentLayers(const IndexGraph& graph, const Components& components);

/// Lists of ints by key in one array: the items of key k are items[start[k] .. start[k + 1]).
struct Grouped {
    std::vector<int> start; ///< Size keys + 1.
    std::vector<int> items; ///< All items, grouped by key.

    /// The items of one key.
    std::span<const int> of(int key) const {
        return {items.data() + start[key], items.data() + start[key + 1]};
    }
};

/// Group (key, item) pairs by key, keeping their order within a key.
Grouped groupPairs(int keyCount, const std::vector<std::pair<int, int>>& pairs);

/// The nodes of each component, in node order.
Grouped componentMembers(const Components& components);

/// A shortest cycle through start that stays inside start's component, following edges in the
/// order given by rank (smaller rank first, e.g. the rank of each node's id); start first and
/// again last, or empty when start is on no cycle.
std::vector<int> shortestCycleThrough(const IndexGraph& graph, const Components& components,
                                      const std::vector<int>& rank, int start);

/// Position of each node when nodes are sorted by their id.
std::vector<int> rankById(const std::vector<const std::string*>& ids);

/// Move groups and layers of a dependency graph whose node v is named *ids[v].
struct DependencyAnalysis {
    Components components;                        ///< Strongly connected components.
    std::vector<MoveGroup> groups;                ///< Components of two or more, by smallest id.
    std::vector<int> groupOfComponent;            ///< Index into groups, or -1.
    std::vector<std::vector<std::string>> layers; ///< Workload ids by layer, sorted.
};

/// Analyse a dependency graph ("from depends on to" edges); rank is rankById(ids).
DependencyAnalysis analyseDependencies(const std::vector<const std::string*>& ids,
                                       const std::vector<int>& rank, const IndexGraph& graph);

/// "a -> b -> c -> a", eliding the middle of very long cycles.
std::string describeCycle(const std::vector<std::string>& cycle);

} // namespace ferry::model::detail
