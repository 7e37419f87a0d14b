#include <ferry/model/Validator.hpp>

#include "ValueChecks.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ferry::model {
namespace {

constexpr int kNone = -1;
constexpr int kMaxPinnedWave = 10000;
/// A cycle message names at most this many workloads; the finding's path holds all of them.
constexpr std::size_t kMaxIdsInMessage = 12;

/// Ids to the index of their first item: open addressing over one array of slots that keep each
/// id's length and first 8 bytes, so most lookups read one slot. The ids viewed must outlive the
/// index.
class IdIndex {
public:
    /// Room for count ids without growing.
    void reserve(std::size_t count) {
        if (count * 2 > m_slots.size())
            rehash(count * 2);
    }
    /// Adds id with its value; false, changing nothing, when the id is already there.
    bool insert(std::string_view id, int value) {
        if ((m_size + 1) * 2 > m_slots.size())
            rehash(std::max<std::size_t>(16, m_slots.size() * 2));
        Slot key = keyOf(id);
        for (std::size_t at = key.hash & m_mask;; at = (at + 1) & m_mask) {
            Slot& slot = m_slots[at];
            if (slot.value == kNone) {
                key.value = value;
                slot = key;
                ++m_size;
                return true;
            }
            if (matches(slot, key))
                return false;
        }
    }
    /// The value of id, or kNone.
    int find(std::string_view id) const {
        if (m_slots.empty())
            return kNone;
        const Slot key = keyOf(id);
        for (std::size_t at = key.hash & m_mask;; at = (at + 1) & m_mask) {
            const Slot& slot = m_slots[at];
            if (slot.value == kNone)
                return kNone;
            if (matches(slot, key))
                return slot.value;
        }
    }

private:
    struct Slot {
        std::uint64_t prefix = 0; // the id's first 8 bytes, zero-padded
        const char* data = nullptr;
        std::uint32_t length = 0;
        int value = kNone; // kNone for an empty slot
        std::size_t hash = 0;
    };
    static Slot keyOf(std::string_view id) {
        Slot key;
        std::memcpy(&key.prefix, id.data(), std::min<std::size_t>(id.size(), sizeof key.prefix));
        key.data = id.data();
        key.length = static_cast<std::uint32_t>(id.size());
        key.hash = std::hash<std::string_view>{}(id);
        return key;
    }
    static bool matches(const Slot& slot, const Slot& key) {
        if (slot.prefix != key.prefix || slot.length != key.length)
            return false;
        return key.length <= sizeof key.prefix ||
               std::memcmp(slot.data + sizeof key.prefix, key.data + sizeof key.prefix,
                           key.length - sizeof key.prefix) == 0;
    }
    void rehash(std::size_t atLeast) {
        std::size_t capacity = 16;
        while (capacity < atLeast)
            capacity *= 2;
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        for (const Slot& slot : old) {
            if (slot.value == kNone)
                continue;
            std::size_t at = slot.hash & m_mask;
            while (m_slots[at].value != kNone)
                at = (at + 1) & m_mask;
            m_slots[at] = slot;
        }
    }
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

/// A set of dependency keys (from << 32 | to) by open addressing; kEmptyKey is never a key.
class EdgeKeySet {
public:
    explicit EdgeKeySet(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 2)
            capacity *= 2;
        m_slots.assign(capacity, kEmptyKey);
        m_mask = capacity - 1;
    }
    /// Adds key; false when it was already there.
    bool insert(std::uint64_t key) {
        assert(key != kEmptyKey);
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        for (std::size_t at = mix(key) & m_mask;; at = (at + 1) & m_mask) {
            if (m_slots[at] == kEmptyKey) {
                m_slots[at] = key;
                ++m_size;
                return true;
            }
            if (m_slots[at] == key)
                return false;
        }
    }

private:
    static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};
    static std::size_t mix(std::uint64_t key) {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdULL;
        key ^= key >> 33;
        return static_cast<std::size_t>(key);
    }
    void grow() {
        std::vector<std::uint64_t> old = std::move(m_slots);
        m_slots.assign(old.size() * 2, kEmptyKey);
        m_mask = m_slots.size() - 1;
        for (std::uint64_t key : old) {
            if (key == kEmptyKey)
                continue;
            std::size_t at = mix(key) & m_mask;
            while (m_slots[at] != kEmptyKey)
                at = (at + 1) & m_mask;
            m_slots[at] = key;
        }
    }
    std::vector<std::uint64_t> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

std::string inQuotes(std::string_view id) {
    return "'" + std::string(id) + "'";
}

class FindingList {
public:
    void add(Severity severity, std::string code, std::string message, std::string objectId,
             std::vector<std::string> path = {}) {
        m_findings.push_back(Finding{severity, std::move(code), std::move(message),
                                     std::move(objectId), std::move(path)});
    }
    std::vector<Finding> take() { return std::move(m_findings); }

private:
    std::vector<Finding> m_findings;
};

/// Index of each id's first occurrence; reports malformed ids and ids used more than once. When
/// first is given, first[i] tells whether item i is the first with its id.
template <typename T>
IdIndex indexIds(const std::vector<T>& items, std::string_view kind, std::string_view plural,
                 FindingList& out, std::vector<char>* first = nullptr) {
    IdIndex index;
    index.reserve(items.size());
    if (first)
        first->assign(items.size(), 0);
    // Occurrences of the ids seen more than once only: most ids are unique.
    std::unordered_map<std::string_view, int> counts;
    std::vector<std::string_view> duplicated;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string& id = items[i].id;
        if (auto p = detail::checkId(id)) {
            out.add(Severity::Error, std::string(kind) + ".bad_id",
                    "The " + std::string(kind) + " id " + inQuotes(id) + " " + p->reason +
                        "; give the " + std::string(kind) + " a short id of printable characters.",
                    id);
        }
        if (index.insert(id, static_cast<int>(i))) {
            if (first)
                (*first)[i] = 1;
        } else if (int& count = counts[id]; ++count == 1) {
            count = 2;
            duplicated.push_back(id);
        }
    }
    for (std::string_view id : duplicated) {
        out.add(Severity::Error, std::string(kind) + ".duplicate_id",
                std::to_string(counts[id]) + " " + std::string(plural) + " share the id " +
                    inQuotes(id) + "; ids must be unique, rename all but one of them.",
                std::string(id));
    }
    return index;
}

template <typename T>
void checkNames(const std::vector<T>& items, std::string_view kind, FindingList& out) {
    for (const auto& item : items) {
        const bool blank = std::all_of(item.name.begin(), item.name.end(),
                                       [](unsigned char c) { return c == ' ' || c == '\t'; });
        if (blank) {
            out.add(Severity::Warning, std::string(kind) + ".empty_name",
                    "The " + std::string(kind) + " " + inQuotes(item.id) +
                        " has no name; give it one so it can be told apart on the canvas.",
                    item.id);
        }
    }
}

void badValue(FindingList& out, std::string_view kind, const std::string& objectId,
              const detail::ValueProblem& p) {
    out.add(Severity::Error, std::string(kind) + ".bad_value",
            "The " + std::string(kind) + " " + inQuotes(objectId) + ": " + p.field + " " +
                p.reason + "; enter a value in range.",
            objectId);
}

int lookup(const IdIndex& index, std::string_view id) {
    return index.find(id);
}

bool isDataBearing(WorkloadKind kind) {
    return kind == WorkloadKind::Database || kind == WorkloadKind::FileShare ||
           kind == WorkloadKind::ObjectBucket || kind == WorkloadKind::ModelArtifact;
}

/// Union-find over sites: two sites are in one set when a chain of links joins them.
class SiteGroups {
public:
    explicit SiteGroups(std::size_t count) : m_parent(count) {
        std::iota(m_parent.begin(), m_parent.end(), 0);
    }
    int root(int i) {
        while (m_parent[i] != i) {
            m_parent[i] = m_parent[m_parent[i]];
            i = m_parent[i];
        }
        return i;
    }
    void join(int a, int b) { m_parent[root(a)] = root(b); }

private:
    std::vector<int> m_parent;
};

/// The dependency graph over workload indexes, in compressed adjacency form.
struct Graph {
    std::vector<int> offsets; ///< Edges of node v are targets[offsets[v] .. offsets[v + 1]).
    std::vector<int> targets;

    std::size_t nodeCount() const { return offsets.size() - 1; }
};

Graph buildGraph(std::size_t nodeCount, const std::vector<std::pair<int, int>>& edges) {
    Graph g;
    g.offsets.assign(nodeCount + 1, 0);
    for (const auto& [from, to] : edges)
        ++g.offsets[from + 1];
    std::partial_sum(g.offsets.begin(), g.offsets.end(), g.offsets.begin());
    g.targets.resize(edges.size());
    std::vector<int> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (const auto& [from, to] : edges)
        g.targets[fill[from]++] = to;
    return g;
}

/// Tarjan's strongly connected components without recursion; returns the component of each
/// node and the number of components.
std::pair<std::vector<int>, int> stronglyConnectedComponents(const Graph& g) {
    const int n = static_cast<int>(g.nodeCount());
    std::vector<int> order(n, kNone);
    std::vector<int> low(n, 0);
    std::vector<int> component(n, kNone);
    std::vector<char> onStack(n, 0);
    std::vector<int> stack;
    // Each frame is a node and the position of the next edge to follow from it.
    std::vector<std::pair<int, int>> frames;
    int counter = 0;
    int components = 0;

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
                    component[w] = components;
                } while (w != done);
                ++components;
            }
        }
    }
    return {std::move(component), components};
}

/// Shortest cycle through start that stays inside start's component, by breadth-first search;
/// returns the nodes in order, start first and again last.
std::vector<int> cycleThrough(const Graph& g, const std::vector<int>& component, int start,
                              std::vector<int>& parent) {
    const int c = component[start];
    std::vector<int> visited{start};
    std::vector<int> queue{start};
    parent[start] = start;
    int closing = kNone;
    for (std::size_t head = 0; head < queue.size() && closing == kNone; ++head) {
        const int v = queue[head];
        for (int e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
            const int w = g.targets[e];
            if (component[w] != c)
                continue;
            if (w == start) {
                closing = v;
                break;
            }
            if (parent[w] == kNone) {
                parent[w] = v;
                visited.push_back(w);
                queue.push_back(w);
            }
        }
    }
    std::vector<int> cycle;
    if (closing != kNone) {
        for (int v = closing; v != start; v = parent[v])
            cycle.push_back(v);
        cycle.push_back(start);
        std::reverse(cycle.begin(), cycle.end());
        cycle.push_back(start);
    }
    for (int v : visited)
        parent[v] = kNone;
    return cycle;
}

void checkCycles(const ProjectData& data, const std::vector<char>& firstWorkload,
                 const std::vector<std::pair<int, int>>& edges, FindingList& out) {
    const Graph g = buildGraph(data.workloads.size(), edges);
    const auto [component, count] = stronglyConnectedComponents(g);

    // The member with the smallest id names each component, so the result does not depend on
    // the order of the file.
    std::vector<int> size(count, 0);
    std::vector<int> first(count, kNone);
    for (int v = 0; v < static_cast<int>(component.size()); ++v) {
        const int c = component[v];
        ++size[c];
        if (!firstWorkload[v])
            continue; // a duplicate id; its first occurrence stands for it
        if (first[c] == kNone || data.workloads[v].id < data.workloads[first[c]].id)
            first[c] = v;
    }

    std::vector<int> parent(g.nodeCount(), kNone);
    for (int c = 0; c < count; ++c) {
        if (size[c] < 2 || first[c] == kNone)
            continue;
        const std::vector<int> cycle = cycleThrough(g, component, first[c], parent);
        assert(!cycle.empty() && "a component with two members has a cycle through each");
        if (cycle.empty())
            continue;
        std::vector<std::string> path;
        path.reserve(cycle.size());
        for (int v : cycle)
            path.push_back(data.workloads[v].id);
        std::string listed;
        for (std::size_t i = 0; i < path.size(); ++i) {
            if (i == kMaxIdsInMessage && path.size() > kMaxIdsInMessage + 1) {
                listed += " -> ... -> " + path.back();
                break;
            }
            listed += (i == 0 ? "" : " -> ") + path[i];
        }
        std::string group = size[c] == static_cast<int>(cycle.size()) - 1
                                ? "these " + std::to_string(size[c]) + " workloads"
                                : "the " + std::to_string(size[c]) +
                                      " workloads of this group (the cycle shown is one of "
                                      "several)";
        std::string start = path.front();
        out.add(Severity::Warning, "dependency.cycle",
                "Dependency cycle " + listed + ": the planner will move " + group +
                    " together in one wave. Remove or reverse a dependency if they must "
                    "move separately.",
                std::move(start), std::move(path));
    }
}

} // namespace

std::string_view toString(Severity severity) {
    switch (severity) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "error";
}

bool Validator::passes(const std::vector<Finding>& findings) {
    return std::none_of(findings.begin(), findings.end(),
                        [](const Finding& f) { return f.severity == Severity::Error; });
}

std::vector<Finding> Validator::validate(const ProjectData& data) {
    FindingList out;

    // ---- ids and names -------------------------------------------------------------------------
    const IdIndex sites = indexIds(data.sites, "site", "sites", out);
    indexIds(data.links, "link", "links", out);
    std::vector<char> firstWorkload;
    const IdIndex workloads =
        indexIds(data.workloads, "workload", "workloads", out, &firstWorkload);
    indexIds(data.waves, "wave", "waves", out);
    indexIds(data.scenarios, "scenario", "scenarios", out);
    checkNames(data.sites, "site", out);
    checkNames(data.workloads, "workload", out);
    checkNames(data.waves, "wave", out);
    checkNames(data.scenarios, "scenario", out);

    // ---- sites and links -----------------------------------------------------------------------
    for (const auto& s : data.sites) {
        if (auto p = detail::checkSiteValues(s))
            badValue(out, "site", s.id, *p);
    }
    SiteGroups groups(data.sites.size());
    for (const auto& l : data.links) {
        if (auto p = detail::checkLinkValues(l))
            badValue(out, "link", l.id, *p);
        const int from = lookup(sites, l.from);
        const int to = lookup(sites, l.to);
        for (const auto* end : {&l.from, &l.to}) {
            if (lookup(sites, *end) == kNone && (end == &l.from || l.to != l.from)) {
                out.add(Severity::Error, "link.unknown_site",
                        "The link " + inQuotes(l.id) + " ends at site " + inQuotes(*end) +
                            ", which does not exist; create the site or correct the link.",
                        l.id);
            }
        }
        if (l.from == l.to) {
            out.add(Severity::Error, "link.self",
                    "The link " + inQuotes(l.id) + " goes from site " + inQuotes(l.from) +
                        " to itself; connect two different sites.",
                    l.id);
        }
        if (from != kNone && to != kNone)
            groups.join(from, to);
    }

    // ---- workloads -----------------------------------------------------------------------------
    for (const auto& w : data.workloads) {
        if (auto p = detail::checkWorkloadValues(w))
            badValue(out, "workload", w.id, *p);
        if (lookup(sites, w.site) == kNone) {
            out.add(Severity::Error, "workload.unknown_site",
                    "The workload " + inQuotes(w.id) + " runs on site " + inQuotes(w.site) +
                        ", which does not exist; create the site or move the workload.",
                    w.id);
        }
        if (isDataBearing(w.kind) && w.endpoint.empty()) {
            out.add(Severity::Info, "workload.no_endpoint",
                    "The " + std::string(toString(w.kind)) + " " + inQuotes(w.id) +
                        " has no endpoint, so it can be planned but its data cannot be moved; "
                        "set its endpoint to run the migration.",
                    w.id);
        }
    }

    // ---- dependencies --------------------------------------------------------------------------
    std::vector<std::pair<int, int>> edges;
    edges.reserve(data.dependencies.size());
    {
        EdgeKeySet seen(data.dependencies.size());
        std::unordered_set<std::string> reportedDuplicates;
        for (const auto& d : data.dependencies) {
            const int from = lookup(workloads, d.from);
            const int to = lookup(workloads, d.to);
            const bool problem = detail::checkTraffic(d.trafficGbPerDay).has_value() ||
                                 from == kNone || to == kNone || d.from == d.to;
            if (!problem && from != kNone && to != kNone) {
                // The common case: no finding, so no id string to build.
                const auto key =
                    (static_cast<std::uint64_t>(from) << 32) | static_cast<unsigned>(to);
                if (seen.insert(key)) {
                    edges.emplace_back(from, to);
                    continue;
                }
            }
            const std::string id = d.id();
            if (auto p = detail::checkTraffic(d.trafficGbPerDay))
                badValue(out, "dependency", id, *p);
            for (const auto* end : {&d.from, &d.to}) {
                if ((end == &d.from ? from : to) == kNone && (end == &d.from || d.to != d.from)) {
                    out.add(Severity::Error, "dependency.unknown_workload",
                            "The dependency " + inQuotes(id) + " names workload " + inQuotes(*end) +
                                ", which does not exist; create the workload or remove the "
                                "dependency.",
                            id);
                }
            }
            if (d.from == d.to) {
                out.add(Severity::Error, "dependency.self",
                        "The workload " + inQuotes(d.from) +
                            " depends on itself; remove this dependency.",
                        id);
                continue;
            }
            if (from == kNone || to == kNone)
                continue;
            const auto key = (static_cast<std::uint64_t>(from) << 32) | static_cast<unsigned>(to);
            if (problem ? !seen.insert(key) : true) {
                if (reportedDuplicates.insert(id).second) {
                    out.add(Severity::Error, "dependency.duplicate",
                            "The dependency " + inQuotes(id) +
                                " is listed more than once; keep one and remove the others.",
                            id);
                }
                continue;
            }
            edges.emplace_back(from, to);
        }
    }
    checkCycles(data, firstWorkload, edges, out);

    // ---- mappings ------------------------------------------------------------------------------
    {
        std::vector<char> mapped(data.workloads.size(), 0);
        std::unordered_set<std::string_view> reportedDuplicates;
        for (const auto& m : data.mappings) {
            const int w = lookup(workloads, m.workload);
            const int target = lookup(sites, m.targetSite);
            if (w == kNone) {
                out.add(Severity::Error, "mapping.unknown_workload",
                        "A mapping names workload " + inQuotes(m.workload) +
                            ", which does not exist; remove the mapping or create the workload.",
                        m.workload);
            } else if (mapped[w]) {
                if (reportedDuplicates.insert(m.workload).second) {
                    out.add(Severity::Error, "mapping.duplicate",
                            "The workload " + inQuotes(m.workload) +
                                " has more than one mapping; keep one and remove the others.",
                            m.workload);
                }
                continue;
            } else {
                mapped[w] = 1;
            }
            if (target == kNone) {
                out.add(Severity::Error, "mapping.unknown_site",
                        "The mapping of " + inQuotes(m.workload) + " targets site " +
                            inQuotes(m.targetSite) +
                            ", which does not exist; create the site or choose another target.",
                        m.workload);
            }
            if (m.pinnedWave && (*m.pinnedWave < 1 || *m.pinnedWave > kMaxPinnedWave)) {
                out.add(Severity::Error, "mapping.bad_value",
                        "The mapping of " + inQuotes(m.workload) + " is pinned to wave " +
                            std::to_string(*m.pinnedWave) + "; pin it to a wave from 1 to " +
                            std::to_string(kMaxPinnedWave) + ".",
                        m.workload);
            }
            if (w == kNone || target == kNone)
                continue;
            const Workload& workload = data.workloads[w];
            const int source = lookup(sites, workload.site);
            if (source == kNone)
                continue; // reported with the workload
            if (source == target) {
                if (m.strategy == Strategy::Rehost) {
                    out.add(Severity::Info, "mapping.same_site",
                            "The workload " + inQuotes(m.workload) + " is rehosted onto site " +
                                inQuotes(m.targetSite) +
                                ", where it already runs, so nothing moves; choose another target "
                                "or the strategy retain.",
                            m.workload);
                }
                continue;
            }
            if (m.strategy == Strategy::Retain) {
                out.add(Severity::Warning, "mapping.retain_elsewhere",
                        "The workload " + inQuotes(m.workload) +
                            " is to be retained, which keeps it on " + inQuotes(workload.site) +
                            ", but its mapping targets " + inQuotes(m.targetSite) +
                            "; target its current site or choose a strategy that moves it.",
                        m.workload);
                continue;
            }
            if (m.strategy == Strategy::Retire)
                continue; // nothing travels
            if (groups.root(source) != groups.root(target)) {
                out.add(Severity::Error, "mapping.unreachable",
                        "The workload " + inQuotes(m.workload) + " is mapped to site " +
                            inQuotes(m.targetSite) + ", but no chain of links joins it to " +
                            inQuotes(workload.site) +
                            " where the workload runs now; add a link or choose another target.",
                        m.workload);
            }
        }
        for (std::size_t i = 0; i < data.workloads.size(); ++i) {
            const std::string& id = data.workloads[i].id;
            if (!mapped[i] && firstWorkload[i]) {
                out.add(Severity::Warning, "mapping.missing",
                        "The workload " + inQuotes(id) +
                            " has no target; map it to a site (or choose retain or retire) so "
                            "the planner includes it.",
                        id);
            }
        }
    }

    // ---- waves ---------------------------------------------------------------------------------
    {
        std::unordered_map<int, std::string_view> numbers;
        std::unordered_map<std::string_view, std::string_view> waveOf;
        for (const auto& wave : data.waves) {
            if (wave.number < 1) {
                out.add(Severity::Error, "wave.bad_value",
                        "The wave " + inQuotes(wave.id) + " has number " +
                            std::to_string(wave.number) + "; wave numbers start at 1.",
                        wave.id);
            } else if (auto [it, added] = numbers.emplace(wave.number, wave.id); !added) {
                out.add(Severity::Error, "wave.duplicate_number",
                        "The waves " + inQuotes(it->second) + " and " + inQuotes(wave.id) +
                            " both have number " + std::to_string(wave.number) +
                            "; give each wave its own number.",
                        wave.id);
            }
            for (const auto& member : wave.workloads) {
                if (lookup(workloads, member) == kNone) {
                    out.add(Severity::Error, "wave.unknown_workload",
                            "The wave " + inQuotes(wave.id) + " lists workload " +
                                inQuotes(member) +
                                ", which does not exist; remove it from the wave.",
                            wave.id);
                    continue;
                }
                if (auto [it, added] = waveOf.emplace(member, wave.id); !added) {
                    out.add(Severity::Error, "wave.duplicate_member",
                            "The workload " + inQuotes(member) + " is in wave " +
                                inQuotes(it->second) + " and again in wave " + inQuotes(wave.id) +
                                "; a workload moves in one wave only.",
                            wave.id);
                }
            }
        }
    }

    // ---- scenarios -----------------------------------------------------------------------------
    for (const auto& s : data.scenarios) {
        if (!s.overrides.is_object()) {
            out.add(Severity::Error, "scenario.bad_value",
                    "The overrides of scenario " + inQuotes(s.id) +
                        " are not a JSON object; write them as {\"path\": value}.",
                    s.id);
        }
    }

    std::vector<Finding> findings = out.take();
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        if (a.severity != b.severity)
            return a.severity > b.severity; // Error > Warning > Info
        if (a.code != b.code)
            return a.code < b.code;
        return a.objectId < b.objectId;
    });
    return findings;
}

} // namespace ferry::model
