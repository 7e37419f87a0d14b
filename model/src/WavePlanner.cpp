#include <ferry/model/WavePlanner.hpp>

#include <ferry/model/Routing.hpp>

#include "DependencyAnalysis.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>

// How the planner decides (docs/project-format.md repeats this for users):
// - A dependency "from depends on to" always places `to` in the same wave as `from` or an
//   earlier one. It forces the same wave when its policy is same_wave, when it is auto and its
//   traffic is above chatty_traffic_gb_per_day, or when it lies on a dependency cycle. The
//   project's dependency_policy stands in for a dependency whose own policy is auto.
// - Workloads that must share a wave form a unit: the strongly connected components of the
//   dependency graph with every same-wave dependency also added in reverse. Units form a DAG.
// - Pinned units are placed first, in their pinned wave, whatever the limits. The others are
//   packed wave by wave: a unit is ready once everything it depends on is placed, and ready
//   units are taken by earliest deadline (the pinned wave of anything depending on them), then
//   by topological layer, then by id, while they fit the wave's limits. A unit too big for any
//   wave gets a wave of its own and an error finding.
// - An improvement pass then moves units between the waves their dependencies allow, where
//   they fit, to lower the split traffic (traffic times wave distance); it never adds a wave.
// Every tie is broken by workload id, so the plan does not depend on the order of the file.

namespace ferry::model {
namespace {

using detail::Grouped;

constexpr int kNone = -1;
constexpr int kMaxPinnedWave = 10000;
/// Units a wave may refuse before it is closed; bounds the work on estates of many small waves.
constexpr int kMaxRefusalsPerWave = 64;
constexpr int kImprovementPasses = 8;
constexpr int kNoDeadline = INT_MAX;

/// Why a dependency joins its two workloads in one wave, if it does.
enum class Tie : std::uint8_t { None, Chatty, SameWave };

struct Edge {
    int from = 0; // Node of the dependent.
    int to = 0;   // Node depended on.
    double traffic = 0.0;
    Tie tie = Tie::None;
};

/// A dependency seen from one of the units it joins.
struct Neighbour {
    int unit = 0;            // The unit at the other end.
    int edge = 0;            // Index into m_edges.
    bool dependency = false; // True when this unit depends on the other.
};

enum class Limit : std::uint8_t { None, Count, Gb, Hours };

struct Load {
    int units = 0;
    int count = 0;
    double gb = 0.0;
    double hours = 0.0;
};

/// Workloads that must move in one wave. Members, dependencies and neighbours live in Grouped
/// arrays of the builder, by unit index.
struct Unit {
    int count = 0;
    double gb = 0.0;
    double hours = 0.0;
    int pin = 0;           // 0 = not pinned.
    int pinMember = kNone; // Node that carries the pin.
    int layer = 0;
    int rank = 0; // Position by (layer, smallest id).
    int deadline = kNoDeadline;
    bool oversized = false;   // Reported: bigger than any wave allows.
    bool pinConflict = false; // Reported: pinned before something it must follow.
    bool improved = false;    // Moved by the improvement pass.
    Limit refusedBy = Limit::None;
};

std::string inQuotes(std::string_view id) {
    return "'" + std::string(id) + "'";
}

/// 40, 12.5, 0.25: at most two decimals, no trailing zeros.
std::string amount(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string text = buffer;
    while (text.find('.') != std::string::npos && (text.back() == '0' || text.back() == '.')) {
        const bool dot = text.back() == '.';
        text.pop_back();
        if (dot)
            break;
    }
    return text == "-0" ? "0" : text;
}

std::string listIds(const std::vector<std::string>& ids, std::size_t max = 8) {
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i == max) {
            text += ", ... (" + std::to_string(ids.size() - max) + " more)";
            break;
        }
        text += (i == 0 ? "" : ", ") + ids[i];
    }
    return text;
}

class PlanBuilder {
public:
    PlanBuilder(const ProjectData& data, const PlanAssumptions& assumptions)
        : m_data(data), m_assumptions(assumptions) {}

    WavePlan run() {
        selectWorkloads();
        measureTransfers();
        collectEdges();
        analyseGraph();
        buildUnits();
        checkPins();
        checkSizes();
        pack();
        improve();
        compact();
        checkResult();
        assemble();
        return std::move(m_plan);
    }

private:
    // ---- input ---------------------------------------------------------------------------------

    void selectWorkloads() {
        // One index of workload ids serves every look-up; a duplicated id stands for its first
        // occurrence, as in validation.
        const std::size_t total = m_data.workloads.size();
        std::vector<const std::string*> all;
        all.reserve(total);
        for (const Workload& w : m_data.workloads)
            all.push_back(&w.id);
        m_workloadIndex.emplace(all);
        std::vector<int> mappingOf(total, kNone);
        for (std::size_t i = 0; i < m_data.mappings.size(); ++i) {
            const int w = m_workloadIndex->find(m_data.mappings[i].workload);
            if (w != kNone && mappingOf[w] == kNone)
                mappingOf[w] = static_cast<int>(i);
        }
        m_nodeOfWorkload.assign(total, kNone);
        for (std::size_t i = 0; i < total; ++i) {
            const Workload& w = m_data.workloads[i];
            if (m_workloadIndex->find(w.id) != static_cast<int>(i))
                continue;
            const int m = mappingOf[i];
            if (m == kNone || m_data.mappings[m].strategy == Strategy::Retire ||
                m_data.mappings[m].strategy == Strategy::Retain) {
                m_plan.excluded.push_back(w.id);
                continue;
            }
            m_nodeOfWorkload[i] = nodeCount();
            m_workload.push_back(&w);
            m_mapping.push_back(&m_data.mappings[m]);
            m_ids.push_back(&w.id);
        }
        std::sort(m_plan.excluded.begin(), m_plan.excluded.end());
        m_idRank = detail::rankById(m_ids);
    }

    int nodeCount() const { return static_cast<int>(m_workload.size()); }

    int nodeOf(const std::string& workloadId) const {
        const int w = m_workloadIndex->find(workloadId);
        return w == kNone ? kNone : m_nodeOfWorkload[w];
    }

    void measureTransfers() {
        const Routing routing(m_data);
        const double efficiency =
            std::isfinite(m_assumptions.linkEfficiency) && m_assumptions.linkEfficiency > 0
                ? std::min(m_assumptions.linkEfficiency, 1.0)
                : 1.0;
        // Routes are worked out once per pair of sites.
        std::vector<const std::string*> siteIds;
        for (const Site& site : m_data.sites)
            siteIds.push_back(&site.id);
        const detail::IdIndex sites(siteIds);
        std::unordered_map<std::uint64_t, std::optional<double>> speeds;
        auto siteExists = [&](const std::string& id) { return sites.find(id) != kNone; };
        m_gb.resize(nodeCount());
        m_hours.resize(nodeCount());
        for (int v = 0; v < nodeCount(); ++v) {
            const Workload& w = *m_workload[v];
            const Mapping& m = *m_mapping[v];
            m_gb[v] = std::isfinite(w.sizeGb) && w.sizeGb > 0 ? w.sizeGb : 0.0;
            const auto key =
                (static_cast<std::uint64_t>(static_cast<std::uint32_t>(sites.find(w.site))) << 32) |
                static_cast<std::uint32_t>(sites.find(m.targetSite));
            auto it = speeds.find(key);
            if (it == speeds.end()) {
                std::optional<double> mbps;
                if (auto route = routing.route(w.site, m.targetSite))
                    mbps = route->bottleneckMbps;
                it = speeds.emplace(key, mbps).first;
            }
            if (it->second) {
                const double mbps = *it->second;
                m_hours[v] =
                    std::isinf(mbps) ? 0.0 : m_gb[v] * 8000.0 / (mbps * efficiency) / 3600.0;
                continue;
            }
            std::string message;
            if (!siteExists(m.targetSite))
                message = "The workload " + inQuotes(w.id) + " is mapped to site " +
                          inQuotes(m.targetSite) +
                          ", which does not exist; create the site or choose another target.";
            else if (!siteExists(w.site))
                message = "The workload " + inQuotes(w.id) + " runs on site " + inQuotes(w.site) +
                          ", which does not exist, so no link can carry it to " +
                          inQuotes(m.targetSite) + "; correct its site.";
            else
                message = "The workload " + inQuotes(w.id) + " is mapped to site " +
                          inQuotes(m.targetSite) + ", but no chain of links joins it to " +
                          inQuotes(w.site) +
                          " where the workload runs now; add a link or choose another target.";
            addFinding(Severity::Error, "plan.unreachable", std::move(message), w.id);
            m_hours[v] = 0.0;
        }
    }

    void collectEdges() {
        struct Candidate {
            int from;
            int to;
            int index; // In the project's dependency list.
        };
        std::vector<Candidate> candidates;
        candidates.reserve(m_data.dependencies.size());
        for (std::size_t i = 0; i < m_data.dependencies.size(); ++i) {
            const Dependency& d = m_data.dependencies[i];
            const int from = nodeOf(d.from);
            const int to = nodeOf(d.to);
            if (from == kNone || to == kNone || from == to)
                continue; // Dependencies on workloads that do not move impose no order.
            candidates.push_back(Candidate{from, to, static_cast<int>(i)});
        }
        // A dependency listed twice (validation reports it) counts once, as first listed.
        std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
            return a.from != b.from ? a.from < b.from
                   : a.to != b.to   ? a.to < b.to
                                    : a.index < b.index;
        });
        const double chatty = m_assumptions.chattyTrafficGbPerDay;
        m_edges.reserve(candidates.size());
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const Candidate& c = candidates[i];
            if (i > 0 && candidates[i - 1].from == c.from && candidates[i - 1].to == c.to)
                continue;
            const Dependency& d = m_data.dependencies[c.index];
            Edge e;
            e.from = c.from;
            e.to = c.to;
            e.traffic =
                std::isfinite(d.trafficGbPerDay) && d.trafficGbPerDay > 0 ? d.trafficGbPerDay : 0;
            const DependencyPolicy policy =
                d.policy == DependencyPolicy::Auto ? m_assumptions.defaultPolicy : d.policy;
            if (policy == DependencyPolicy::SameWave)
                e.tie = Tie::SameWave;
            else if (policy == DependencyPolicy::Auto && e.traffic > chatty)
                e.tie = Tie::Chatty;
            m_edges.push_back(e);
        }
    }

    void analyseGraph() {
        std::vector<std::pair<int, int>> pairs;
        pairs.reserve(m_edges.size());
        for (const Edge& e : m_edges)
            pairs.emplace_back(e.from, e.to);
        const detail::IndexGraph graph = detail::makeIndexGraph(nodeCount(), pairs);
        detail::DependencyAnalysis analysis = detail::analyseDependencies(m_ids, m_idRank, graph);
        m_groupOf.assign(nodeCount(), kNone);
        for (int v = 0; v < nodeCount(); ++v)
            m_groupOf[v] = analysis.groupOfComponent[analysis.components.of[v]];
        m_plan.moveGroups = std::move(analysis.groups);
        m_plan.layers = std::move(analysis.layers);
    }

    // ---- units ---------------------------------------------------------------------------------

    int unitCount() const { return static_cast<int>(m_units.size()); }

    void buildUnits() {
        // Same-wave dependencies count in both directions, so their two ends share a component.
        std::vector<std::pair<int, int>> pairs;
        pairs.reserve(m_edges.size() + m_edges.size() / 4);
        for (const Edge& e : m_edges) {
            pairs.emplace_back(e.from, e.to);
            if (e.tie != Tie::None)
                pairs.emplace_back(e.to, e.from);
        }
        const detail::IndexGraph graph = detail::makeIndexGraph(nodeCount(), pairs);
        const detail::Components components = detail::strongComponents(graph);
        const std::vector<int> layers = detail::componentLayers(graph, components);
        m_unitOf = components.of;
        m_units.resize(components.count);

        // Members in id order: walk the nodes by id and group them by unit.
        std::vector<int> byId(nodeCount());
        for (int v = 0; v < nodeCount(); ++v)
            byId[m_idRank[v]] = v;
        pairs.clear();
        for (int v : byId) {
            pairs.emplace_back(m_unitOf[v], v);
            Unit& u = m_units[m_unitOf[v]];
            ++u.count;
            u.gb += m_gb[v];
            u.hours += m_hours[v];
        }
        m_members = detail::groupPairs(unitCount(), pairs);
        for (int c = 0; c < unitCount(); ++c)
            m_units[c].layer = layers[c];

        m_byRank.resize(unitCount());
        for (int c = 0; c < unitCount(); ++c)
            m_byRank[c] = c;
        std::sort(m_byRank.begin(), m_byRank.end(), [&](int a, int b) {
            if (m_units[a].layer != m_units[b].layer)
                return m_units[a].layer < m_units[b].layer;
            return m_idRank[firstMember(a)] < m_idRank[firstMember(b)];
        });
        for (int i = 0; i < unitCount(); ++i)
            m_units[m_byRank[i]].rank = i;

        // Dependencies between units, without repeats, and every dependency seen from each end.
        std::vector<std::pair<int, int>> deps;
        std::vector<std::pair<int, Neighbour>> around;
        deps.reserve(m_edges.size());
        around.reserve(m_edges.size() * 2);
        for (std::size_t i = 0; i < m_edges.size(); ++i) {
            const int uf = m_unitOf[m_edges[i].from];
            const int ut = m_unitOf[m_edges[i].to];
            if (uf == ut)
                continue;
            deps.emplace_back(uf, ut);
            around.emplace_back(uf, Neighbour{ut, static_cast<int>(i), true});
            around.emplace_back(ut, Neighbour{uf, static_cast<int>(i), false});
        }
        std::sort(deps.begin(), deps.end());
        deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
        m_deps = detail::groupPairs(unitCount(), deps);
        for (auto& [from, to] : deps)
            std::swap(from, to);
        m_dependents = detail::groupPairs(unitCount(), deps);

        m_neighbourStart.assign(unitCount() + 1, 0);
        for (const auto& [unit, n] : around)
            ++m_neighbourStart[unit + 1];
        for (int c = 0; c < unitCount(); ++c)
            m_neighbourStart[c + 1] += m_neighbourStart[c];
        m_neighbours.resize(around.size());
        std::vector<int> fill(m_neighbourStart.begin(), m_neighbourStart.end() - 1);
        for (const auto& [unit, n] : around)
            m_neighbours[fill[unit]++] = n;
    }

    int firstMember(int c) const { return m_members.items[m_members.start[c]]; }

    std::span<const Neighbour> neighbours(int c) const {
        return {m_neighbours.data() + m_neighbourStart[c],
                m_neighbours.data() + m_neighbourStart[c + 1]};
    }

    /// "move group group-1" when the unit is exactly a move group, else a list of its members.
    std::string unitName(int c) const {
        const int g = m_groupOf[firstMember(c)];
        if (g != kNone &&
            m_plan.moveGroups[g].workloads.size() == static_cast<std::size_t>(m_units[c].count))
            return "move group " + m_plan.moveGroups[g].id;
        return "the workloads " + listIds(memberIds(c));
    }

    std::vector<std::string> memberIds(int c) const {
        std::vector<std::string> ids;
        ids.reserve(m_units[c].count);
        for (int v : m_members.of(c))
            ids.push_back(*m_ids[v]);
        return ids;
    }

    // ---- pins ----------------------------------------------------------------------------------

    void checkPins() {
        for (int c = 0; c < unitCount(); ++c) {
            Unit& u = m_units[c];
            for (int v : m_members.of(c)) {
                const std::optional<int>& pin = m_mapping[v]->pinnedWave;
                if (!pin)
                    continue;
                if (*pin < 1 || *pin > kMaxPinnedWave) {
                    addFinding(Severity::Error, "plan.bad_pin",
                               "The workload " + inQuotes(*m_ids[v]) + " is pinned to wave " +
                                   std::to_string(*pin) + "; pin it to a wave from 1 to " +
                                   std::to_string(kMaxPinnedWave) + ". The pin is ignored.",
                               *m_ids[v]);
                    continue;
                }
                if (u.pin == 0) {
                    u.pin = *pin;
                    u.pinMember = v;
                } else if (*pin != u.pin) {
                    const int first = *pin < u.pin ? v : u.pinMember;
                    const int second = first == v ? u.pinMember : v;
                    addFinding(Severity::Error, "plan.pin_conflict",
                               "The workload " + inQuotes(*m_ids[first]) + " is pinned to wave " +
                                   std::to_string(*m_mapping[first]->pinnedWave) + " and " +
                                   inQuotes(*m_ids[second]) + " to wave " +
                                   std::to_string(*m_mapping[second]->pinnedWave) + ", but " +
                                   unitName(c) +
                                   " must move in one wave (a dependency cycle or same-wave "
                                   "dependencies); pin them to the same wave or remove a pin.",
                               *m_ids[first], {*m_ids[first], *m_ids[second]});
                    u.pinConflict = true;
                    if (*pin < u.pin) {
                        u.pin = *pin;
                        u.pinMember = v;
                    }
                }
            }
        }

        // Units are numbered dependencies first. The floor of a unit is the highest pin among
        // everything it depends on, directly or not, and the pinned workload that sets it.
        std::vector<int> floor(unitCount(), 0);
        std::vector<int> floorMember(unitCount(), kNone);
        for (int c = 0; c < unitCount(); ++c) {
            Unit& u = m_units[c];
            int depFloor = 0;
            int depMember = kNone;
            int via = kNone;
            for (int d : m_deps.of(c)) {
                if (floor[d] > depFloor || (floor[d] == depFloor && depFloor > 0 &&
                                            m_idRank[floorMember[d]] < m_idRank[depMember])) {
                    depFloor = floor[d];
                    depMember = floorMember[d];
                    via = d;
                }
            }
            if (u.pin != 0 && depFloor > u.pin && !u.pinConflict) {
                const std::string& pinned = *m_ids[u.pinMember];
                const std::string& other = *m_ids[depMember];
                const bool direct = m_unitOf[depMember] == via;
                addFinding(Severity::Error, "plan.pin_conflict",
                           "The workload " + inQuotes(pinned) + " is pinned to wave " +
                               std::to_string(u.pin) + " but depends on " + inQuotes(other) +
                               (direct ? "" : " through other workloads") +
                               ", which is pinned to wave " + std::to_string(depFloor) +
                               "; a workload cannot move before what it depends on. Pin " +
                               inQuotes(pinned) + " to wave " + std::to_string(depFloor) +
                               " or later, or change the pin of " + inQuotes(other) + ".",
                           pinned, {pinned, other});
                u.pinConflict = true;
            }
            floor[c] = u.pin != 0 ? u.pin : depFloor;
            floorMember[c] = u.pin != 0 ? u.pinMember : depMember;
        }
        // Deadlines run the other way: the earliest pin among everything that depends on a unit.
        for (int c = unitCount() - 1; c >= 0; --c) {
            Unit& u = m_units[c];
            if (u.pin != 0)
                u.deadline = u.pin;
            for (int x : m_dependents.of(c))
                u.deadline = std::min(u.deadline, m_units[x].deadline);
        }
    }

    // ---- limits --------------------------------------------------------------------------------

    static bool within(double value, double limit) {
        return limit <= 0 || value <= limit * (1 + 1e-9);
    }

    /// The first limit a unit would break in a wave with this load, or Limit::None.
    Limit wouldBreak(const Load& load, const Unit& u) const {
        const int maxCount = m_assumptions.maxWorkloadsPerWave;
        if (maxCount > 0 && load.count + u.count > maxCount)
            return Limit::Count;
        if (!within(load.gb + u.gb, m_assumptions.maxGbPerWave))
            return Limit::Gb;
        if (!within(load.hours + u.hours, m_assumptions.maxTransferHoursPerWave))
            return Limit::Hours;
        return Limit::None;
    }

    std::string limitText(Limit limit) const {
        switch (limit) {
        case Limit::Count:
            return "max_workloads_per_wave " + std::to_string(m_assumptions.maxWorkloadsPerWave);
        case Limit::Gb:
            return "max_gb_per_wave " + amount(m_assumptions.maxGbPerWave);
        case Limit::Hours:
            return "max_transfer_hours_per_wave " + amount(m_assumptions.maxTransferHoursPerWave);
        case Limit::None:
            break;
        }
        return {};
    }

    void checkSizes() {
        const Load empty;
        for (int c = 0; c < unitCount(); ++c) {
            Unit& u = m_units[c];
            const Limit limit = wouldBreak(empty, u);
            if (limit == Limit::None)
                continue;
            u.oversized = true;
            if (u.count == 1) {
                const std::string& id = *m_ids[firstMember(c)];
                const std::string what =
                    limit == Limit::Gb
                        ? "holds " + amount(u.gb) + " GB, more than max_gb_per_wave (" +
                              amount(m_assumptions.maxGbPerWave) + " GB)"
                        : "needs " + amount(u.hours) +
                              " hours to copy at nominal link speed, more than "
                              "max_transfer_hours_per_wave (" +
                              amount(m_assumptions.maxTransferHoursPerWave) + " hours)";
                addFinding(Severity::Error, "plan.workload_too_large",
                           "The workload " + inQuotes(id) + " " + what +
                               "; it gets a wave of its own that breaks the limit. Raise the "
                               "limit or split the workload.",
                           id);
                continue;
            }
            std::string what;
            switch (limit) {
            case Limit::Count:
                what = "together they are " + std::to_string(u.count) +
                       " workloads, more than max_workloads_per_wave (" +
                       std::to_string(m_assumptions.maxWorkloadsPerWave) + ")";
                break;
            case Limit::Gb:
                what = "together they hold " + amount(u.gb) + " GB, more than max_gb_per_wave (" +
                       amount(m_assumptions.maxGbPerWave) + " GB)";
                break;
            default:
                what = "together they need " + amount(u.hours) +
                       " hours to copy at nominal link speed, more than "
                       "max_transfer_hours_per_wave (" +
                       amount(m_assumptions.maxTransferHoursPerWave) + " hours)";
                break;
            }
            const int g = m_groupOf[firstMember(c)];
            const bool isGroup = g != kNone && m_plan.moveGroups[g].workloads.size() ==
                                                   static_cast<std::size_t>(u.count);
            std::string name = unitName(c);
            name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
            const std::string objectId = isGroup ? m_plan.moveGroups[g].id : *m_ids[firstMember(c)];
            addFinding(Severity::Error, "plan.group_too_large",
                       name + " must move in one wave (" +
                           (isGroup ? "a dependency cycle"
                                    : "dependency cycles or same-wave dependencies") +
                           "), but " + what +
                           "; they get a wave of their own that breaks the limit. Raise the "
                           "limit or " +
                           (isGroup ? "break the cycle." : "relax those dependencies."),
                       objectId, memberIds(c));
        }
    }

    // ---- packing -------------------------------------------------------------------------------

    Load& loadOf(int wave) {
        if (static_cast<int>(m_loads.size()) <= wave)
            m_loads.resize(wave + 1);
        return m_loads[wave];
    }

    void addLoad(int wave, const Unit& u, int sign) {
        Load& load = loadOf(wave);
        load.units += sign;
        load.count += sign * u.count;
        load.gb += sign * u.gb;
        load.hours += sign * u.hours;
    }

    void pack() {
        const int n = unitCount();
        m_wave.assign(n, 0);
        std::vector<int> waiting(n, 0); // Dependencies not placed yet.
        std::vector<int> readyAt(n, 1); // Earliest wave the placed dependencies allow.
        int unplaced = 0;
        for (int c = 0; c < n; ++c) {
            const Unit& u = m_units[c];
            if (u.pin != 0) {
                m_wave[c] = u.pin;
                addLoad(u.pin, u, +1);
                m_lastWave = std::max(m_lastWave, u.pin);
                m_maxPin = std::max(m_maxPin, u.pin);
            } else {
                ++unplaced;
            }
        }
        for (int c = 0; c < n; ++c) {
            for (int d : m_deps.of(c)) {
                if (m_units[d].pin != 0)
                    readyAt[c] = std::max(readyAt[c], m_units[d].pin);
                else
                    ++waiting[c];
            }
        }

        // Ready units by (deadline, rank); units whose dependencies allow only a later wave wait
        // in `later` by that wave.
        using Key = std::pair<std::int64_t, int>;
        std::priority_queue<Key, std::vector<Key>, std::greater<>> ready;
        std::map<int, std::vector<int>> later;
        auto keyOf = [&](int c) {
            return Key{static_cast<std::int64_t>(m_units[c].deadline) * (n + 1) + m_units[c].rank,
                       c};
        };
        auto release = [&](int c, int wave) {
            if (readyAt[c] <= wave)
                ready.push(keyOf(c));
            else
                later[readyAt[c]].push_back(c);
        };
        for (int c = 0; c < n; ++c)
            if (m_units[c].pin == 0 && waiting[c] == 0)
                release(c, 1);

        // The smallest unit to place: once not even that fits, a wave is closed at once.
        Unit smallest;
        smallest.count = INT_MAX;
        smallest.gb = HUGE_VAL;
        smallest.hours = HUGE_VAL;
        for (const Unit& u : m_units) {
            if (u.pin != 0)
                continue;
            smallest.count = std::min(smallest.count, u.count);
            smallest.gb = std::min(smallest.gb, u.gb);
            smallest.hours = std::min(smallest.hours, u.hours);
        }
        std::vector<int> refused;
        for (int wave = 1; unplaced > 0; ++wave) {
            if (ready.empty() && !later.empty())
                wave = std::max(wave, later.begin()->first);
            while (!later.empty() && later.begin()->first <= wave) {
                for (int c : later.begin()->second)
                    ready.push(keyOf(c));
                later.erase(later.begin());
            }
            if (ready.empty()) {
                assert(false && "the unit graph is acyclic, so something is always ready");
                break;
            }
            refused.clear();
            while (!ready.empty()) {
                const Load& load = loadOf(wave);
                if (load.units > 0 && wouldBreak(load, smallest) != Limit::None)
                    break;
                const int c = ready.top().second;
                ready.pop();
                Unit& u = m_units[c];
                const Limit limit = wouldBreak(load, u);
                if (limit != Limit::None && load.units > 0) {
                    u.refusedBy = limit;
                    refused.push_back(c);
                    if (static_cast<int>(refused.size()) >= kMaxRefusalsPerWave)
                        break;
                    continue;
                }
                m_wave[c] = wave;
                addLoad(wave, u, +1);
                m_lastWave = std::max(m_lastWave, wave);
                --unplaced;
                for (int x : m_dependents.of(c)) {
                    if (m_units[x].pin != 0)
                        continue;
                    readyAt[x] = std::max(readyAt[x], wave);
                    if (--waiting[x] == 0)
                        release(x, wave);
                }
            }
            for (int c : refused)
                ready.push(keyOf(c));
        }
    }

    // ---- improvement ---------------------------------------------------------------------------

    void improve() {
        std::vector<std::pair<int, double>> around; // (wave, traffic) of neighbours
        std::vector<int> candidates;
        std::vector<double> weightBelow;
        std::vector<double> momentBelow;
        // Only units next to one that moved can gain from another look.
        std::vector<char> dirty(unitCount(), 1);
        for (int pass = 0; pass < kImprovementPasses; ++pass) {
            bool changed = false;
            for (int c : m_byRank) {
                if (!dirty[c])
                    continue;
                dirty[c] = 0;
                Unit& u = m_units[c];
                if (u.pin != 0)
                    continue;
                int low = 1;
                int high = m_lastWave;
                around.clear();
                for (const Neighbour& n : neighbours(c)) {
                    const int other = m_wave[n.unit];
                    if (n.dependency)
                        low = std::max(low, other);
                    else
                        high = std::min(high, other);
                    const double traffic = m_edges[n.edge].traffic;
                    if (traffic > 0)
                        around.emplace_back(other, traffic);
                }
                if (low >= high || around.empty())
                    continue;
                std::sort(around.begin(), around.end());
                // cost(x) = sum of traffic * |x - wave|, from prefix sums over the sorted waves.
                weightBelow.assign(1, 0.0);
                momentBelow.assign(1, 0.0);
                for (const auto& [w, t] : around) {
                    weightBelow.push_back(weightBelow.back() + t);
                    momentBelow.push_back(momentBelow.back() + t * w);
                }
                auto cost = [&](int wave) {
                    const std::size_t k =
                        static_cast<std::size_t>(std::upper_bound(around.begin(), around.end(),
                                                                  std::make_pair(wave, HUGE_VAL)) -
                                                 around.begin());
                    const double wl = weightBelow[k];
                    const double ml = momentBelow[k];
                    const double wr = weightBelow.back() - wl;
                    const double mr = momentBelow.back() - ml;
                    return (wave * wl - ml) + (mr - wave * wr);
                };
                candidates.clear();
                candidates.push_back(low);
                candidates.push_back(high);
                for (const auto& [w, t] : around)
                    if (w > low && w < high)
                        candidates.push_back(w);
                std::sort(candidates.begin(), candidates.end());
                candidates.erase(std::unique(candidates.begin(), candidates.end()),
                                 candidates.end());
                const int current = m_wave[c];
                const double currentCost = cost(current);
                double bestCost = currentCost;
                int best = current;
                for (int wave : candidates) {
                    if (wave == current)
                        continue;
                    const double waveCost = cost(wave);
                    if (waveCost < bestCost - 1e-9 * std::max(1.0, currentCost) &&
                        wouldBreak(loadOf(wave), u) == Limit::None) {
                        bestCost = waveCost;
                        best = wave;
                    }
                }
                if (best == current)
                    continue;
                addLoad(current, u, -1);
                addLoad(best, u, +1);
                m_wave[c] = best;
                u.improved = true;
                changed = true;
                for (const Neighbour& n : neighbours(c))
                    dirty[n.unit] = 1;
            }
            if (!changed)
                break;
        }
    }

    /// Drops waves the improvement pass emptied, unless a later wave is pinned.
    void compact() {
        std::vector<int> renumber(m_lastWave + 1, 0);
        int next = 0;
        for (int wave = 1; wave <= m_lastWave; ++wave) {
            if (loadOf(wave).units == 0 && wave > m_maxPin)
                continue;
            renumber[wave] = ++next;
        }
        if (next == m_lastWave)
            return;
        for (int& wave : m_wave)
            wave = renumber[wave];
        std::vector<Load> loads(next + 1);
        for (int wave = 1; wave <= m_lastWave; ++wave)
            if (renumber[wave] != 0)
                loads[renumber[wave]] = loadOf(wave);
        m_loads = std::move(loads);
        m_lastWave = next;
    }

    // ---- checks --------------------------------------------------------------------------------

    void checkResult() {
        // A pinned unit placed before something it depends on: its dependencies did not fit in
        // time (pins between pinned units were reported already).
        std::vector<int> firstViolation(unitCount(), kNone);
        for (std::size_t i = 0; i < m_edges.size(); ++i) {
            const Edge& e = m_edges[i];
            const int uf = m_unitOf[e.from];
            const int ut = m_unitOf[e.to];
            if (uf == ut || m_wave[ut] <= m_wave[uf])
                continue;
            int& first = firstViolation[uf];
            if (first == kNone || m_idRank[e.to] < m_idRank[m_edges[first].to] ||
                (e.to == m_edges[first].to && m_idRank[e.from] < m_idRank[m_edges[first].from]))
                first = static_cast<int>(i);
        }
        for (int c : m_byRank) {
            Unit& u = m_units[c];
            if (firstViolation[c] == kNone || u.pinConflict)
                continue;
            assert(u.pin != 0 && "only pinned units are placed before their dependencies");
            const Edge& e = m_edges[firstViolation[c]];
            const std::string& pinned = *m_ids[u.pinMember];
            const std::string& other = *m_ids[e.to];
            const int otherWave = m_wave[m_unitOf[e.to]];
            addFinding(
                Severity::Error, "plan.pin_conflict",
                "The workload " + inQuotes(pinned) + " is pinned to wave " + std::to_string(u.pin) +
                    (e.from == u.pinMember
                         ? " but depends on "
                         : " but moves with " + inQuotes(*m_ids[e.from]) + ", which depends on ") +
                    inQuotes(other) + ", which cannot move before wave " +
                    std::to_string(otherWave) + " within the wave limits; pin " + inQuotes(pinned) +
                    " to wave " + std::to_string(otherWave) + " or later, or raise the limits.",
                pinned, {pinned, other});
            u.pinConflict = true;
        }

        // Waves over their limits that no oversized unit explains: too many pins in one wave.
        std::vector<char> explained(m_lastWave + 1, 0);
        std::vector<int> firstPinned(m_lastWave + 1, kNone);
        for (int c = 0; c < unitCount(); ++c) {
            const Unit& u = m_units[c];
            const int wave = m_wave[c];
            if (u.oversized)
                explained[wave] = 1;
            if (u.pin != 0 &&
                (firstPinned[wave] == kNone || m_idRank[u.pinMember] < m_idRank[firstPinned[wave]]))
                firstPinned[wave] = u.pinMember;
        }
        for (int wave = 1; wave <= m_lastWave; ++wave) {
            const Load& load = loadOf(wave);
            if (explained[wave])
                continue;
            std::string what;
            if (m_assumptions.maxWorkloadsPerWave > 0 &&
                load.count > m_assumptions.maxWorkloadsPerWave)
                what =
                    std::to_string(load.count) + " workloads, more than " + limitText(Limit::Count);
            else if (!within(load.gb, m_assumptions.maxGbPerWave))
                what = amount(load.gb) + " GB, more than " + limitText(Limit::Gb);
            else if (!within(load.hours, m_assumptions.maxTransferHoursPerWave))
                what = amount(load.hours) + " transfer hours, more than " + limitText(Limit::Hours);
            if (what.empty())
                continue;
            addFinding(Severity::Error, "plan.wave_over_limit",
                       "Wave " + std::to_string(wave) + " holds " + what +
                           ", because of the workloads pinned to it; pin fewer workloads to "
                           "wave " +
                           std::to_string(wave) + " or raise the limit.",
                       firstPinned[wave] == kNone ? std::string() : *m_ids[firstPinned[wave]]);
        }
        for (int wave = 1; wave <= m_lastWave; ++wave) {
            if (loadOf(wave).units != 0)
                continue;
            addFinding(Severity::Info, "plan.empty_wave",
                       "Wave " + std::to_string(wave) +
                           " is empty: workloads are pinned to later waves and nothing else "
                           "has to wait for them. Remove or lower those pins to close the gap.",
                       "");
        }
    }

    // ---- output --------------------------------------------------------------------------------

    /// The cycle text of a node's move group, or "" when it is on no cycle.
    std::string groupText(int v) const {
        const int g = m_groupOf[v];
        if (g == kNone)
            return {};
        const MoveGroup& group = m_plan.moveGroups[g];
        return "move group " + group.id + " (cycle " + detail::describeCycle(group.cycle) + ")";
    }

    /// Why the unit sits in its wave, and the member that reason is about.
    std::pair<std::string, int> unitReason(int c) const {
        const Unit& u = m_units[c];
        const int wave = m_wave[c];
        const std::string waveText = "wave " + std::to_string(wave);
        if (u.pin != 0)
            return {"pinned to wave " + std::to_string(u.pin), u.pinMember};

        // The dependency in the latest wave explains the earliest wave the unit could take.
        const Edge* binding = nullptr;
        int bindingWave = 0;
        for (const Neighbour& n : neighbours(c)) {
            if (!n.dependency)
                continue;
            const Edge& e = m_edges[n.edge];
            const int depWave = m_wave[n.unit];
            if (!binding || depWave > bindingWave ||
                (depWave == bindingWave &&
                 (m_idRank[e.to] < m_idRank[binding->to] ||
                  (e.to == binding->to && m_idRank[e.from] < m_idRank[binding->from])))) {
                binding = &e;
                bindingWave = depWave;
            }
        }
        std::string reason;
        int root = firstMember(c);
        if (binding) {
            root = binding->from;
            reason = waveText + ": depends on " + *m_ids[binding->to] + " (wave " +
                     std::to_string(bindingWave) + ")";
        } else {
            reason = waveText + ": no dependencies";
        }
        const int floorWave = std::max(bindingWave, 1);
        if (wave <= floorWave)
            return {reason, root};
        if (u.improved) {
            // The heaviest neighbour now in the same wave says what the move gained.
            double partnerTraffic = 0;
            int partner = kNone;
            for (const Neighbour& n : neighbours(c)) {
                const Edge& e = m_edges[n.edge];
                const int other = n.dependency ? e.to : e.from;
                if (m_wave[n.unit] != wave || e.traffic <= 0)
                    continue;
                if (partner == kNone || e.traffic > partnerTraffic ||
                    (e.traffic == partnerTraffic && m_idRank[other] < m_idRank[partner])) {
                    partner = other;
                    partnerTraffic = e.traffic;
                }
            }
            if (partner != kNone)
                return {reason + "; moved to wave " + std::to_string(wave) + " to be with " +
                            *m_ids[partner] + " (" + amount(partnerTraffic) + " GB/day)",
                        root};
            return {reason + "; moved to wave " + std::to_string(wave) + " to cut split traffic",
                    root};
        }
        const int lastFull = wave - 1;
        std::string room = floorWave == lastFull
                               ? "; no room in wave " + std::to_string(floorWave)
                               : "; no room in waves " + std::to_string(floorWave) + "-" +
                                     std::to_string(lastFull);
        Limit limit = u.refusedBy;
        if (limit == Limit::None)
            limit = wouldBreak(m_loads[lastFull], u);
        if (limit != Limit::None)
            room += " (" + limitText(limit) + ")";
        return {reason + room, root};
    }

    /// Reasons for every member of a unit: the root carries the unit's reason, the others say
    /// what ties them to the member they were reached from.
    void explainUnit(int c, const Grouped& inside, std::vector<std::string>& reasons) const {
        auto [reason, root] = unitReason(c);
        if (m_units[c].count == 1) {
            reasons[root] = std::move(reason);
            return;
        }
        const std::string rootGroup = groupText(root);
        reasons[root] = rootGroup.empty() ? std::move(reason) : rootGroup + "; " + reason;
        std::vector<int> queue{root};
        std::unordered_map<int, bool> reached{{root, true}};
        std::vector<std::pair<int, int>> next; // (node, edge)
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const int v = queue[head];
            next.clear();
            for (int i : inside.of(v)) {
                const Edge& e = m_edges[i];
                next.emplace_back(e.from == v ? e.to : e.from, i);
            }
            // By neighbour id, then the dependency's direction, so file order never matters.
            std::sort(next.begin(), next.end(), [&](const auto& a, const auto& b) {
                if (m_idRank[a.first] != m_idRank[b.first])
                    return m_idRank[a.first] < m_idRank[b.first];
                return m_idRank[m_edges[a.second].from] < m_idRank[m_edges[b.second].from];
            });
            for (const auto& [w, i] : next) {
                if (!reached.emplace(w, true).second)
                    continue;
                queue.push_back(w);
                const Edge& e = m_edges[i];
                if (m_groupOf[w] != kNone && m_groupOf[w] == m_groupOf[v])
                    reasons[w] = groupText(w);
                else if (e.tie == Tie::Chatty)
                    reasons[w] =
                        "moved with " + *m_ids[v] + ": " + amount(e.traffic) + " GB/day traffic";
                else if (e.tie == Tie::SameWave)
                    reasons[w] = "moved with " + *m_ids[v] + ": same-wave dependency";
                else
                    reasons[w] = "moved with " + *m_ids[v] +
                                 ": on a dependency path between workloads that share a wave";
            }
        }
        assert(reached.size() == static_cast<std::size_t>(m_units[c].count));
    }

    void assemble() {
        // Dependencies inside units, by node, for the reasons.
        std::vector<std::pair<int, int>> insidePairs;
        for (std::size_t i = 0; i < m_edges.size(); ++i) {
            const Edge& e = m_edges[i];
            if (m_unitOf[e.from] != m_unitOf[e.to])
                continue;
            insidePairs.emplace_back(e.from, static_cast<int>(i));
            insidePairs.emplace_back(e.to, static_cast<int>(i));
        }
        const Grouped inside = detail::groupPairs(nodeCount(), insidePairs);
        std::vector<std::string> reasons(nodeCount());
        for (int c = 0; c < unitCount(); ++c)
            explainUnit(c, inside, reasons);

        // Nodes by wave, then id: bucket the nodes, taken in id order, by wave.
        std::vector<std::pair<int, int>> byWave;
        byWave.reserve(nodeCount());
        std::vector<int> byId(nodeCount());
        for (int v = 0; v < nodeCount(); ++v)
            byId[m_idRank[v]] = v;
        for (int v : byId)
            byWave.emplace_back(m_wave[m_unitOf[v]], v);
        const Grouped nodesByWave = detail::groupPairs(m_lastWave + 1, byWave);

        m_plan.waves.resize(m_lastWave);
        m_plan.placements.reserve(nodeCount());
        for (int wave = 1; wave <= m_lastWave; ++wave) {
            PlannedWave& planned = m_plan.waves[wave - 1];
            planned.number = wave;
            planned.workloads.reserve(nodesByWave.of(wave).size());
            for (int v : nodesByWave.of(wave)) {
                planned.workloads.push_back(*m_ids[v]);
                planned.totalGb += m_gb[v];
                planned.transferHours += m_hours[v];
                m_plan.placements.push_back(Placement{*m_ids[v], wave, std::move(reasons[v])});
            }
        }
        double split = 0.0;
        for (const Edge& e : m_edges)
            split += e.traffic * std::abs(m_wave[m_unitOf[e.from]] - m_wave[m_unitOf[e.to]]);
        m_plan.splitTrafficGbPerDayWaves = split;

        std::stable_sort(m_plan.findings.begin(), m_plan.findings.end(),
                         [](const Finding& a, const Finding& b) {
                             if (a.severity != b.severity)
                                 return a.severity > b.severity;
                             if (a.code != b.code)
                                 return a.code < b.code;
                             if (a.objectId != b.objectId)
                                 return a.objectId < b.objectId;
                             if (a.message != b.message)
                                 return a.message < b.message;
                             return a.path < b.path;
                         });
    }

    void addFinding(Severity severity, std::string code, std::string message, std::string objectId,
                    std::vector<std::string> path = {}) {
        m_plan.findings.push_back(Finding{severity, std::move(code), std::move(message),
                                          std::move(objectId), std::move(path)});
    }

    const ProjectData& m_data;
    const PlanAssumptions& m_assumptions;
    WavePlan m_plan;

    // Planned workloads ("nodes"), in project order.
    std::optional<detail::IdIndex> m_workloadIndex; // Id -> index in the project.
    std::vector<int> m_nodeOfWorkload;              // Project index -> node or kNone.
    std::vector<const Workload*> m_workload;
    std::vector<const Mapping*> m_mapping;
    std::vector<const std::string*> m_ids;
    std::vector<int> m_idRank;
    std::vector<double> m_gb;
    std::vector<double> m_hours;
    std::vector<int> m_groupOf; // Move group index of each node, or kNone.
    std::vector<Edge> m_edges;

    // Units, numbered dependencies first.
    std::vector<int> m_unitOf;
    std::vector<Unit> m_units;
    std::vector<int> m_wave; // Wave of each unit.
    Grouped m_members;       // Nodes of each unit, in id order.
    Grouped m_deps;          // Units each unit depends on.
    Grouped m_dependents;    // Units that depend on each unit.
    std::vector<int> m_neighbourStart;
    std::vector<Neighbour> m_neighbours; // Every dependency between units, from both ends.
    std::vector<int> m_byRank;

    std::vector<Load> m_loads; // By wave number; index 0 unused.
    int m_lastWave = 0;
    int m_maxPin = 0;
};

} // namespace

WavePlan WavePlanner::plan(const ProjectData& data, const PlanAssumptions& assumptions) {
    return PlanBuilder(data, assumptions).run();
}

} // namespace ferry::model
