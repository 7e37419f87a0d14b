#include "DependencyAnalysis.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <numeric>
#include <unordered_map>

namespace ferry::model::detail {
namespace {

constexpr int kNone = -1;
/// A cycle written out names at most this many workloads.
constexpr std::size_t kMaxIdsInCycle = 12;

} // namespace

IdIndex::IdIndex(const std::vector<const std::string*>& ids) {
    std::size_t bytes = 0;
    for (const std::string* id : ids)
        bytes += id->size();
    m_text.reserve(bytes);
    m_start.reserve(ids.size() + 1);
    for (const std::string* id : ids) {
        m_start.push_back(static_cast<std::uint32_t>(m_text.size()));
        m_text += *id;
    }
    m_start.push_back(static_cast<std::uint32_t>(m_text.size()));
    std::size_t size = 16;
    while (size < ids.size() * 2)
        size *= 2;
    m_slots.resize(size);
    m_mask = size - 1;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::size_t hash = std::hash<std::string_view>{}(*ids[i]);
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        for (std::size_t at = hash & m_mask;; at = (at + 1) & m_mask) {
            Slot& slot = m_slots[at];
            if (slot.position < 0) {
                slot = Slot{tag, static_cast<int>(i)};
                break;
            }
            if (slot.tag == tag && idAt(slot.position) == *ids[i])
                break; // A repeated id keeps its first position.
        }
    }
}

int IdIndex::find(std::string_view id) const {
    const std::size_t hash = std::hash<std::string_view>{}(id);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    for (std::size_t at = hash & m_mask;; at = (at + 1) & m_mask) {
        const Slot& slot = m_slots[at];
        if (slot.position < 0)
            return -1;
        if (slot.tag == tag && idAt(slot.position) == id)
            return slot.position;
    }
}

IndexGraph makeIndexGraph(int nodeCount, const std::vector<std::pair<int, int>>& edges) {
    IndexGraph g;
    g.offsets.assign(static_cast<std::size_t>(nodeCount) + 1, 0);
    for (const auto& [from, to] : edges)
        ++g.offsets[from + 1];
    std::partial_sum(g.offsets.begin(), g.offsets.end(), g.offsets.begin());
    g.targets.resize(edges.size());
    std::vector<int> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (const auto& [from, to] : edges)
        g.targets[fill[from]++] = to;
    return g;
}

Components strongComponents(const IndexGraph& g) {
    const int n = g.nodeCount();
    std::vector<int> order(n, kNone);
    std::vector<int> low(n, 0);
    Components result;
    result.of.assign(n, kNone);
    std::vector<char> onStack(n, 0);
    std::vector<int> stack;
    // Each frame is a node and the position of the next edge to follow from it.
    std::vector<std::pair<int, int>> frames;
    int counter = 0;

    for (int start = 0; start < n; ++start) {
        if (order[start] != kNone)
            continue;
        frames.emplace_back(start, g.offsets[start]);
        order[start] = low[start] = counter++;
        stack.push_back(start);
        onStack[start] = 1;
        while (!frames.empty()) {
            auto& [v, next] = frames.back();
            if (next < g.offsets[v + 1]) {
                const int w = g.targets[next++];
                if (order[w] == kNone) {
                    order[w] = low[w] = counter++;
                    stack.push_back(w);
                    onStack[w] = 1;
                    frames.emplace_back(w, g.offsets[w]);
                } else if (onStack[w]) {
                    low[v] = std::min(low[v], order[w]);
                }
                continue;
            }
            const int done = v;
            frames.pop_back();
            if (!frames.empty()) {
                const int parent = frames.back().first;
                low[parent] = std::min(low[parent], low[done]);
            }
            if (low[done] == order[done]) {
                int w = kNone;
                do {
                    w = stack.back();
                    stack.pop_back();
                    onStack[w] = 0;
                    result.of[w] = result.count;
                } while (w != done);
                ++result.count;
            }
        }
    }
    return result;
}

Grouped groupPairs(int keyCount, const std::vector<std::pair<int, int>>& pairs) {
    Grouped g;
    g.start.assign(static_cast<std::size_t>(keyCount) + 1, 0);
    for (const auto& [key, item] : pairs)
        ++g.start[key + 1];
    std::partial_sum(g.start.begin(), g.start.end(), g.start.begin());
    g.items.resize(pairs.size());
    std::vector<int> fill(g.start.begin(), g.start.end() - 1);
    for (const auto& [key, item] : pairs)
        g.items[fill[key]++] = item;
    return g;
}

Grouped componentMembers(const Components& components) {
    Grouped g;
    g.start.assign(static_cast<std::size_t>(components.count) + 1, 0);
    for (int c : components.of)
        ++g.start[c + 1];
    std::partial_sum(g.start.begin(), g.start.end(), g.start.begin());
    g.items.resize(components.of.size());
    std::vector<int> fill(g.start.begin(), g.start.end() - 1);
    for (int v = 0; v < static_cast<int>(components.of.size()); ++v)
        g.items[fill[components.of[v]]++] = v;
    return g;
}

std::vector<int> componentLayers(const IndexGraph& g, const Components& components) {
    // Components come in reverse topological order, so every component an edge leads to has a
    // smaller number and its layer is known when we reach it.
    std::vector<int> layer(components.count, 0);
    const Grouped members = componentMembers(components);
    for (int c = 0; c < components.count; ++c) {
        for (int v : members.of(c)) {
            for (int e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
                const int d = components.of[g.targets[e]];
                if (d != c) {
                    assert(d < c);
                    layer[c] = std::max(layer[c], layer[d] + 1);
                }
            }
        }
    }
    return layer;
}

std::vector<int> shortestCycleThrough(const IndexGraph& g, const Components& components,
                                      const std::vector<int>& rank, int start) {
    // Breadth-first search inside the component; the parent map only grows as far as the search
    // reaches, so many small groups cost no more than their size.
    const int c = components.of[start];
    std::unordered_map<int, int> parent{{start, start}};
    std::vector<int> queue{start};
    std::vector<int> next;
    int closing = kNone;
    for (std::size_t head = 0; head < queue.size() && closing == kNone; ++head) {
        const int v = queue[head];
        next.clear();
        for (int e = g.offsets[v]; e < g.offsets[v + 1]; ++e)
            if (components.of[g.targets[e]] == c)
                next.push_back(g.targets[e]);
        std::sort(next.begin(), next.end(), [&](int a, int b) { return rank[a] < rank[b]; });
        for (int w : next) {
            if (w == start) {
                closing = v;
                break;
            }
            if (parent.emplace(w, v).second)
                queue.push_back(w);
        }
    }
    std::vector<int> cycle;
    if (closing == kNone)
        return cycle;
    for (int v = closing; v != start; v = parent.at(v))
        cycle.push_back(v);
    cycle.push_back(start);
    std::reverse(cycle.begin(), cycle.end());
    cycle.push_back(start);
    return cycle;
}

std::vector<int> rankById(const std::vector<const std::string*>& ids) {
    std::vector<int> byId(ids.size());
    std::iota(byId.begin(), byId.end(), 0);
    std::sort(byId.begin(), byId.end(), [&](int a, int b) {
        const int c = ids[a]->compare(*ids[b]);
        return c != 0 ? c < 0 : a < b;
    });
    std::vector<int> rank(ids.size());
    for (int i = 0; i < static_cast<int>(byId.size()); ++i)
        rank[byId[i]] = i;
    return rank;
}

DependencyAnalysis analyseDependencies(const std::vector<const std::string*>& ids,
                                       const std::vector<int>& rank, const IndexGraph& graph) {
    DependencyAnalysis out;
    out.components = strongComponents(graph);
    const Components& comps = out.components;
    const Grouped members = componentMembers(comps);

    // Move groups, named in the order of their smallest member id.
    std::vector<int> groupComponents;
    for (int c = 0; c < comps.count; ++c)
        if (members.of(c).size() > 1)
            groupComponents.push_back(c);
    auto firstMember = [&](int c) {
        const auto list = members.of(c);
        return *std::min_element(list.begin(), list.end(),
                                 [&](int a, int b) { return rank[a] < rank[b]; });
    };
    std::vector<std::pair<int, int>> byFirst; // (rank of smallest member, component)
    for (int c : groupComponents)
        byFirst.emplace_back(rank[firstMember(c)], c);
    std::sort(byFirst.begin(), byFirst.end());
    out.groupOfComponent.assign(comps.count, kNone);
    for (const auto& [firstRank, c] : byFirst) {
        MoveGroup group;
        group.id = "group-" + std::to_string(out.groups.size() + 1);
        std::vector<int> sorted(members.of(c).begin(), members.of(c).end());
        std::sort(sorted.begin(), sorted.end(), [&](int a, int b) { return rank[a] < rank[b]; });
        for (int v : sorted)
            group.workloads.push_back(*ids[v]);
        for (int v : shortestCycleThrough(graph, comps, rank, sorted.front()))
            group.cycle.push_back(*ids[v]);
        out.groupOfComponent[c] = static_cast<int>(out.groups.size());
        out.groups.push_back(std::move(group));
    }

    // Layers of the condensed graph, each sorted by id.
    const std::vector<int> layer = componentLayers(graph, comps);
    const int layerCount = comps.count == 0 ? 0 : *std::max_element(layer.begin(), layer.end()) + 1;
    // Nodes in id order, then bucketed by layer: each layer comes out sorted.
    std::vector<int> byId(graph.nodeCount());
    for (int v = 0; v < graph.nodeCount(); ++v)
        byId[rank[v]] = v;
    std::vector<std::pair<int, int>> layerOfNode;
    layerOfNode.reserve(byId.size());
    for (int v : byId)
        layerOfNode.emplace_back(layer[comps.of[v]], v);
    const Grouped nodesByLayer = groupPairs(layerCount, layerOfNode);
    out.layers.resize(layerCount);
    for (int l = 0; l < layerCount; ++l) {
        out.layers[l].reserve(nodesByLayer.of(l).size());
        for (int v : nodesByLayer.of(l))
            out.layers[l].push_back(*ids[v]);
    }
    return out;
}

std::string describeCycle(const std::vector<std::string>& cycle) {
    std::string text;
    for (std::size_t i = 0; i < cycle.size(); ++i) {
        if (i == kMaxIdsInCycle && cycle.size() > kMaxIdsInCycle + 1) {
            text += " -> ... -> " + cycle.back();
            break;
        }
        text += (i == 0 ? "" : " -> ") + cycle[i];
    }
    return text;
}

} // namespace ferry::model::detail
