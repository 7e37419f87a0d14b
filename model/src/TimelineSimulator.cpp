#include <ferry/model/Timeline.hpp>

#include <ferry/model/Routing.hpp>

#include "PreparedTimeline.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <queue>
#include <span>
#include <string_view>
#include <unordered_map>

namespace ferry::model {

std::string_view toString(TransferPhase phase) {
    switch (phase) {
    case TransferPhase::FullCopy:
        return "full_copy";
    case TransferPhase::IncrementalSync:
        return "incremental_sync";
    case TransferPhase::Cutover:
        return "cutover";
    }
    return "full_copy";
}

namespace {

/// GB moved in one hour at one megabit per second (1 GB = 8,000 megabits).
constexpr double kGbPerMbpsHour = 3600.0 / 8000.0;
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int kDayMinutes = 1440;
constexpr int kWeekMinutes = 7 * kDayMinutes;
constexpr double kWeekHours = 168.0;
/// Window lookups look this many minutes after the time asked, so that a time computed as a
/// window boundary (with rounding) falls on the side the boundary opens.
constexpr double kLookAheadMinutes = 1e-6;
/// Transfers smaller than this complete at once.
constexpr double kTinyGb = 1e-12;
/// Relative tolerance when deciding that a transfer has received all its bytes.
constexpr double kServiceTolerance = 1e-9;

/// A class of flows on one link that share the same cap: water-filling works class by class.
struct FlowClass {
    double capMbps = 0;    // Cap of each flow of the class.
    std::size_t count = 0; // Flows in the class.
    double shareMbps = 0;  // Out: rate of each flow of the class.
};

/// Max-min fair shares; classes must be sorted by cap, smallest first.
void waterFill(double capacityMbps, std::span<FlowClass> classes) {
    double left = std::max(0.0, capacityMbps);
    std::size_t flows = 0;
    for (const auto& c : classes)
        flows += c.count;
    bool saturated = false;
    double fair = 0;
    for (auto& c : classes) {
        if (c.count == 0) {
            c.shareMbps = 0;
            continue;
        }
        if (!saturated) {
            fair = left / static_cast<double>(flows);
            const double cap = std::max(0.0, c.capMbps);
            if (cap <= fair) {
                c.shareMbps = cap;
                left -= cap * static_cast<double>(c.count);
                flows -= c.count;
                continue;
            }
            saturated = true;
        }
        // Every later class has a larger cap than this fair share: all of them get it.
        c.shareMbps = fair;
    }
}

/// The weekly on/off pattern of a set of windows, on the plan's clock (hours from the start).
class WeeklySchedule {
public:
    /// Open all the time.
    WeeklySchedule() = default;

    /// Windows in a local time whose week minute is the plan's week minute + shiftMinutes.
    WeeklySchedule(const std::vector<TimeWindow>& windows, int shiftMinutes) {
        std::vector<std::pair<int, int>> spans;
        for (const auto& w : windows) {
            for (int day = 0; day < 7; ++day) {
                if (!(w.days & (1 << day)))
                    continue;
                const int length = w.endMinute - w.startMinute;
                int start = (day * kDayMinutes + w.startMinute - shiftMinutes) % kWeekMinutes;
                if (start < 0)
                    start += kWeekMinutes;
                const int end = start + length;
                if (end <= kWeekMinutes) {
                    spans.emplace_back(start, end);
                } else {
                    spans.emplace_back(start, kWeekMinutes);
                    spans.emplace_back(0, end - kWeekMinutes);
                }
            }
        }
        std::sort(spans.begin(), spans.end());
        std::vector<std::pair<int, int>> merged;
        for (const auto& s : spans) {
            if (!merged.empty() && s.first <= merged.back().second)
                merged.back().second = std::max(merged.back().second, s.second);
            else
                merged.push_back(s);
        }
        if (merged.empty()) {
            m_never = true;
            return;
        }
        if (merged.size() == 1 && merged[0].first == 0 && merged[0].second == kWeekMinutes)
            return; // Open all week.
        // A span running into the end of the week continues at its start: no change there.
        const bool wraps = merged.front().first == 0 && merged.back().second == kWeekMinutes;
        for (const auto& s : merged) {
            if (!(wraps && s.first == 0))
                m_changes.push_back({s.first, true});
            if (!(wraps && s.second == kWeekMinutes))
                m_changes.push_back({s.second, false});
        }
    }

    /// True when the schedule never opens.
    bool neverOpen() const { return m_never; }
    /// True when the schedule never closes.
    bool alwaysOpen() const { return !m_never && m_changes.empty(); }

    /// Open just after t.
    bool openAt(double t) const {
        if (m_never)
            return false;
        if (m_changes.empty())
            return true;
        const auto [week, minute] = locate(t);
        (void)week;
        auto it = std::upper_bound(m_changes.begin(), m_changes.end(), minute,
                                   [](double m, const Change& c) { return m < c.minute; });
        // Before the first change of the week the state is the one the last change left.
        return it == m_changes.begin() ? m_changes.back().opens : std::prev(it)->opens;
    }

    /// The first time after t at which the schedule opens or closes; infinity when it never does.
    double nextChange(double t) const {
        if (m_never || m_changes.empty())
            return kInfinity;
        auto [week, minute] = locate(t);
        auto it = std::upper_bound(m_changes.begin(), m_changes.end(), minute,
                                   [](double m, const Change& c) { return m < c.minute; });
        if (it == m_changes.end()) {
            it = m_changes.begin();
            week += 1;
        }
        return week * kWeekHours + it->minute / 60.0;
    }

    /// The first time at or after t at which the schedule is open; infinity when never.
    double nextOpen(double t) const {
        if (m_never)
            return kInfinity;
        return openAt(t) ? t : nextChange(t);
    }

private:
    struct Change {
        int minute = 0;     // Plan week minute of the change.
        bool opens = false; // Open after it.
    };

    /// Week number and minute in that week of the instant just after t.
    static std::pair<double, double> locate(double t) {
        double week = std::floor(t / kWeekHours);
        double minute = (t - week * kWeekHours) * 60.0 + kLookAheadMinutes;
        if (minute >= kWeekMinutes) {
            minute -= kWeekMinutes;
            week += 1;
        }
        return {week, std::max(0.0, minute)};
    }

    std::vector<Change> m_changes; // Sorted by minute.
    bool m_never = false;
};

/// Day of the week of an ISO date (0 = Monday), or nullopt when it is not a valid YYYY-MM-DD.
std::optional<int> isoWeekday(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const auto y = number(0, 4);
    const auto m = number(5, 2);
    const auto d = number(8, 2);
    if (!y || !m || !d)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*y},
                                           std::chrono::month{static_cast<unsigned>(*m)},
                                           std::chrono::day{static_cast<unsigned>(*d)}};
    if (!date.ok())
        return std::nullopt;
    return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{date}}.iso_encoding()) - 1;
}

std::string inQuotes(std::string_view id) {
    return "'" + std::string(id) + "'";
}

enum class EventKind : std::uint8_t {
    // At equal times events run in this order: transfers that end, link windows that open or
    // close, cutovers that end (unblocking dependents), waves that start, cutovers that start
    // (before a sync due at the same moment, which the cutover then makes unnecessary), syncs.
    TransferEnd,
    LinkWindow,
    CutoverEnd,
    WaveStart,
    CutoverStart,
    SyncDue,
};

struct Event { // Fields ordered so that it packs into 32 bytes: the queue moves it a lot.
    double time = 0;
    std::uint64_t sequence = 0; // Ties broken by the order events were scheduled: deterministic.
    std::uint64_t version = 0;  // For link events: stale when the link moved on.
    int index = 0;              // Link, workload or wave slot.
    EventKind kind = EventKind::TransferEnd;
};

struct EventLater {
    bool operator()(const Event& a, const Event& b) const {
        if (a.time != b.time)
            return a.time > b.time;
        if (a.kind != b.kind)
            return a.kind > b.kind;
        return a.sequence > b.sequence;
    }
};

/// One queued transfer on a link: finished when the link's service reaches `finish`.
struct QueuedTransfer {
    double finish = 0;
    int workload = 0;
    std::uint32_t generation = 0;
    bool operator>(const QueuedTransfer& o) const {
        if (finish != o.finish)
            return finish > o.finish;
        return workload > o.workload;
    }
};

struct LinkSim {
    double capacityMbps = 0;
    int schedule = -1; // Index into the schedules; -1 = always open.
    bool open = true;
    bool windowEventPending = false;
    bool dirty = false;
    bool inBatch = false;    // Part of the set being settled at this instant.
    int active = 0;          // Transfers crossing the link, over all its paths.
    double residualMbps = 0; // Water-filling scratch: capacity not handed out yet.
    int unfrozen = 0;        // Water-filling scratch: transfers whose rate may still grow.
    std::uint64_t windowVersion = 0;
    std::vector<int> paths; // Paths crossing the link.
    double pieceStart = 0;
    double pieceMbps = 0;
    std::vector<LinkUsage> usage;
};

/// The transfers from one site to another, over the links of the planner's route. Every transfer
/// of a path crosses the same links with the same stream cap, so max-min fairness gives them all
/// the same rate: one service counter per path tells when each has received its bytes.
struct PathSim {
    std::vector<int> links; // Indexes of the route's links, from the source side.
    int active = 0;
    double rateMbps = 0;   // Of each active transfer.
    double service = 0;    // GB delivered to each transfer active since the start, cumulative.
    double updatedAt = 0;  // When service was last brought up to date.
    double settledAt = -1; // Last instant whose finished transfers were completed.
    bool inBatch = false;
    bool frozen = false; // Water-filling scratch: rate fixed.
    // The path's next completion, kept out of the event queue: rates change often and a queued
    // event per change would leave the superseded ones behind. Ordered like a TransferEnd event.
    bool endPending = false;
    double endTime = 0;
    std::uint64_t endSequence = 0;
    std::vector<QueuedTransfer> heap; // Min-heap on finish.
    double pieceStart = 0;
    double pieceMbps = 0;
    std::vector<LinkUsage> usage; // Aggregate rate of the path, for egress per day.
};

enum class Stage : std::uint8_t { Waiting, Copying, Idle, Syncing, CuttingOver, Done };

struct WorkloadSim {
    int workload = 0; // Index in the project.
    int waveSlot = 0; // Index in the plan's waves.
    int path = -1;    // -1 = same site, moves instantly.
    int cutoverSchedule = -1;
    double sizeGb = 0;
    double changeGbPerHour = 0;
    Stage stage = Stage::Waiting;
    bool cutoverScheduled = false;
    int pendingDependencies = 0;
    std::uint32_t generation = 0; // Of the transfer queued on the link.
    double finish = 0;            // Link service at which the current transfer is complete.
    double amount = 0;            // GB of the current transfer.
    double copyStart = 0;
    double lastSyncPoint = 0; // Changes after this moment are not on the target yet.
    double syncStart = 0;
    double cutoverStart = 0;
    double cutoverEnd = 0;
    double finalDeltaGb = 0;
    double gbMoved = 0;
    int syncs = 0;
};

struct WaveSim {
    int number = 0;
    std::vector<int> members; // Simulated workloads.
    int copiesLeft = 0;
    int cutoversLeft = 0;
    bool started = false;
    bool ready = false;
    double start = 0;
    double end = 0;
};

struct RowRecord {
    int workload = 0; // Simulated workload.
    TransferPhase phase = TransferPhase::FullCopy;
    double start = 0;
    double end = 0;
    double gb = 0;
};

class Simulation {
public:
    Simulation(const ProjectData& data, const PlanAssumptions& assumptions, const WavePlan& plan,
               const SimulationFactors& factors)
        : m_data(data), m_assumptions(assumptions), m_plan(plan), m_factors(factors) {}

    Timeline run() {
        prepare();
        return execute();
    }

    /// Builds everything that does not depend on the factors' values (but sizes, change rates and
    /// link capacities, which applyFactors can redo).
    void prepare() {
        prepareClock();
        prepareLinks();
        prepareWorkloads();
        prepareDependencies();
        // Only preparation looks things up by id or routes: copies need not carry them.
        m_routing.reset();
        m_pathOf.clear();
        m_workloadIndex.clear();
        m_siteIndex.clear();
    }

    /// Sets the factor-dependent values of a prepared simulation; false when the factors would
    /// change what preparation found (a link that gains or loses all capacity).
    bool applyFactors(const SimulationFactors& factors) {
        m_factors = factors;
        const double efficiency =
            std::min(1.0, std::max(0.0, m_assumptions.linkEfficiency * m_factors.linkEfficiency));
        for (std::size_t i = 0; i < m_links.size(); ++i) {
            double capacity = m_data.links[i].bandwidthMbps * efficiency;
            if (!std::isfinite(capacity))
                capacity = 0;
            if ((capacity > 0) != (m_links[i].capacityMbps > 0))
                return false;
            m_links[i].capacityMbps = capacity;
        }
        const double sizeFactor = std::max(0.0, m_factors.size);
        const double changeFactor = std::max(0.0, m_factors.changeRate);
        for (WorkloadSim& sim : m_sims) {
            if (sim.path < 0)
                continue;
            const Workload& workload = m_data.workloads[static_cast<std::size_t>(sim.workload)];
            sim.sizeGb = workload.sizeGb * sizeFactor;
            sim.changeGbPerHour = workload.changeRateGbPerDay * changeFactor / 24.0;
        }
        return true;
    }

    /// Runs the events of a prepared simulation.
    Timeline execute() {
        if (m_waves.empty())
            return assemble();
        if (m_assumptions.waitForPreviousWave) {
            schedule(0.0, EventKind::WaveStart, 0);
        } else {
            for (std::size_t i = 0; i < m_waves.size(); ++i)
                schedule(0.0, EventKind::WaveStart, static_cast<int>(i));
        }
        for (;;) {
            // The next event: the earliest queued one or the earliest path completion. At equal
            // times completions (TransferEnd, the first kind) come first, by scheduling order.
            const int end = nextEnd();
            if (end >= 0 && (m_events.empty() || m_paths[static_cast<std::size_t>(end)].endTime <=
                                                     m_events.top().time)) {
                PathSim& path = m_paths[static_cast<std::size_t>(end)];
                m_now = path.endTime;
                dropPendingEnd(end);
                onTransferEnd(end);
            } else if (!m_events.empty()) {
                const Event e = m_events.top();
                m_events.pop();
                m_now = e.time;
                handle(e);
            } else {
                break;
            }
            if (nextTime() > m_now)
                settleDirtyLinks();
        }
        return assemble();
    }

private:
    // ---- Preparation ------------------------------------------------------------------------

    void addFinding(Severity severity, std::string code, std::string message, std::string object,
                    std::vector<std::string> path = {}) {
        m_timeline.findings.push_back(Finding{severity, std::move(code), std::move(message),
                                              std::move(object), std::move(path)});
    }

    void prepareClock() {
        for (std::size_t i = 0; i < m_data.sites.size(); ++i)
            m_siteIndex.emplace(m_data.sites[i].id, static_cast<int>(i));
        const auto weekday = isoWeekday(m_assumptions.startDate);
        if (!weekday) {
            addFinding(Severity::Warning, "timeline.start_date",
                       "The start date " + inQuotes(m_assumptions.startDate) +
                           " is not a YYYY-MM-DD date; windows are placed as if the plan started "
                           "on a Monday. Set start_date to a Monday.",
                       "");
            return;
        }
        if (*weekday != 0) {
            addFinding(Severity::Warning, "timeline.start_date",
                       "The start date " + m_assumptions.startDate +
                           " is not a Monday; windows are placed from its real weekday. Set "
                           "start_date to a Monday.",
                       "");
        }
        m_startWeekdayMinutes = *weekday * kDayMinutes;
    }

    int siteOffset(std::string_view siteId) const {
        auto it = m_siteIndex.find(siteId);
        return it == m_siteIndex.end()
                   ? 0
                   : m_data.sites[static_cast<std::size_t>(it->second)].utcOffsetMinutes;
    }

    /// Keeps the well-formed windows, reporting the others.
    std::vector<TimeWindow> checkedWindows(const std::vector<TimeWindow>& windows,
                                           const std::string& owner) {
        std::vector<TimeWindow> good;
        for (const auto& w : windows) {
            if (w.startMinute >= 0 && w.startMinute < w.endMinute && w.endMinute <= kDayMinutes &&
                (w.days & 0x7f) != 0) {
                good.push_back(w);
            } else {
                addFinding(Severity::Warning, "timeline.bad_window",
                           "A window of " + owner +
                               " has no day or does not run forward within one day; it is "
                               "ignored. Correct it, e.g. \"Sat 00:00-06:00\".",
                           owner);
            }
        }
        return good;
    }

    void prepareLinks() {
        const double efficiency =
            std::min(1.0, std::max(0.0, m_assumptions.linkEfficiency * m_factors.linkEfficiency));
        m_streamCapMbps = m_assumptions.streamsPerWorkload * m_assumptions.streamMbps;
        if (!(m_streamCapMbps > 0) || !std::isfinite(m_streamCapMbps)) {
            addFinding(Severity::Error, "timeline.no_stream_capacity",
                       "streams_per_workload x stream_mbps is not a positive number, so no data "
                       "can move; set both to positive values.",
                       "");
        }
        m_links.resize(m_data.links.size());
        for (std::size_t i = 0; i < m_data.links.size(); ++i) {
            const Link& link = m_data.links[i];
            LinkSim& sim = m_links[i];
            sim.capacityMbps = link.bandwidthMbps * efficiency;
            if (!std::isfinite(sim.capacityMbps))
                sim.capacityMbps = 0;
            if (!link.windows.empty()) {
                const auto windows = checkedWindows(link.windows, "link " + inQuotes(link.id));
                WeeklySchedule schedule(windows, m_startWeekdayMinutes + siteOffset(link.from));
                if (!windows.empty()) {
                    sim.schedule = static_cast<int>(m_schedules.size());
                    m_schedules.push_back(std::move(schedule));
                }
            }
        }
        // Cutover windows are in each source site's local time: one schedule per site.
        m_cutoverSchedules.assign(m_data.sites.size() + 1, -1);
        m_cutoverWindows = checkedWindows(m_assumptions.cutoverWindows, "cutover_windows");
    }

    /// The path of the planner's widest route between two sites, made on first use; -1 when no
    /// chain of links joins them.
    int pathBetween(int from, int to) {
        const std::uint64_t key =
            (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) |
            static_cast<std::uint32_t>(to);
        const auto known = m_pathOf.find(key);
        if (known != m_pathOf.end())
            return known->second;
        if (!m_routing)
            m_routing.emplace(m_data);
        const auto route = m_routing->route(m_data.sites[static_cast<std::size_t>(from)].id,
                                            m_data.sites[static_cast<std::size_t>(to)].id);
        int path = -1;
        if (route && !route->links.empty()) {
            path = static_cast<int>(m_paths.size());
            PathSim sim;
            for (std::size_t link : route->links) {
                sim.links.push_back(static_cast<int>(link));
                m_links[link].paths.push_back(path);
            }
            m_paths.push_back(std::move(sim));
        }
        m_pathOf.emplace(key, path);
        return path;
    }

    /// True when the windows of every link of the path are open together at some minute of the
    /// week (windows are whole minutes, so testing each minute is exact).
    bool jointlyOpen(const PathSim& path) const {
        std::vector<const WeeklySchedule*> schedules;
        for (int link : path.links) {
            const LinkSim& ls = m_links[static_cast<std::size_t>(link)];
            if (ls.schedule >= 0)
                schedules.push_back(&m_schedules[static_cast<std::size_t>(ls.schedule)]);
        }
        if (schedules.size() < 2)
            return true; // one window alone is checked by itself
        for (int minute = 0; minute < kWeekMinutes; ++minute) {
            const double t = minute / 60.0;
            if (std::all_of(schedules.begin(), schedules.end(),
                            [&](const WeeklySchedule* s) { return s->openAt(t); }))
                return true;
        }
        return false;
    }

    int cutoverScheduleFor(int site) {
        if (m_cutoverWindows.empty())
            return -1;
        // Slot sites.size() is for sites the project does not know (UTC).
        const std::size_t slot = site < 0 ? m_data.sites.size() : static_cast<std::size_t>(site);
        if (m_cutoverSchedules[slot] < 0) {
            const int offset =
                site < 0 ? 0 : m_data.sites[static_cast<std::size_t>(site)].utcOffsetMinutes;
            m_cutoverSchedules[slot] = static_cast<int>(m_schedules.size());
            m_schedules.emplace_back(m_cutoverWindows, m_startWeekdayMinutes + offset);
        }
        return m_cutoverSchedules[slot];
    }

    void skip(const std::string& workloadId, std::string code, std::string message) {
        addFinding(Severity::Error, std::move(code), std::move(message), workloadId);
    }

    void prepareWorkloads() {
        std::unordered_map<std::string_view, int>& workloadIndex = m_workloadIndex;
        workloadIndex.reserve(m_data.workloads.size());
        for (std::size_t i = 0; i < m_data.workloads.size(); ++i)
            workloadIndex.emplace(m_data.workloads[i].id, static_cast<int>(i));
        std::unordered_map<std::string_view, int> mappingIndex;
        mappingIndex.reserve(m_data.mappings.size());
        for (std::size_t i = 0; i < m_data.mappings.size(); ++i)
            mappingIndex.emplace(m_data.mappings[i].workload, static_cast<int>(i));
        std::vector<char> linkReported(m_data.links.size(), 0);

        m_simOf.assign(m_data.workloads.size(), -1);
        const double sizeFactor = std::max(0.0, m_factors.size);
        const double changeFactor = std::max(0.0, m_factors.changeRate);
        const double syncInterval = m_assumptions.syncIntervalHours;
        m_syncs = syncInterval > 0 && std::isfinite(syncInterval);

        for (std::size_t slot = 0; slot < m_plan.waves.size(); ++slot) {
            const PlannedWave& planned = m_plan.waves[slot];
            WaveSim wave;
            wave.number = planned.number;
            for (const std::string& id : planned.workloads) {
                auto wi = workloadIndex.find(id);
                if (wi == workloadIndex.end()) {
                    skip(id, "timeline.unknown_workload",
                         "Wave " + std::to_string(planned.number) + " names workload " +
                             inQuotes(id) + ", which is not in the project; plan the waves again.");
                    continue;
                }
                const Workload& workload = m_data.workloads[static_cast<std::size_t>(wi->second)];
                if (m_simOf[static_cast<std::size_t>(wi->second)] >= 0) {
                    skip(id, "timeline.duplicate_workload",
                         "Workload " + inQuotes(id) +
                             " is in the plan more than once; it is simulated in its first wave "
                             "only. Plan the waves again.");
                    continue;
                }
                auto mi = mappingIndex.find(id);
                if (mi == mappingIndex.end()) {
                    skip(id, "timeline.no_mapping",
                         "Workload " + inQuotes(id) +
                             " has no target; map it to a site or take it out of the plan.");
                    continue;
                }
                const Mapping& mapping = m_data.mappings[static_cast<std::size_t>(mi->second)];
                const auto source = m_siteIndex.find(workload.site);
                if (source == m_siteIndex.end() || !m_siteIndex.contains(mapping.targetSite)) {
                    skip(id, "timeline.unknown_site",
                         "Workload " + inQuotes(id) + " moves from site " +
                             inQuotes(workload.site) + " to site " + inQuotes(mapping.targetSite) +
                             ", and one of them is not in the project; correct the site.");
                    continue;
                }
                if (!(workload.sizeGb >= 0) || !std::isfinite(workload.sizeGb) ||
                    !(workload.changeRateGbPerDay >= 0) ||
                    !std::isfinite(workload.changeRateGbPerDay)) {
                    skip(id, "timeline.bad_value",
                         "Workload " + inQuotes(id) +
                             " has a negative or non-numeric size or change rate; correct it.");
                    continue;
                }
                WorkloadSim sim;
                sim.workload = wi->second;
                sim.waveSlot = static_cast<int>(slot);
                if (workload.site != mapping.targetSite) {
                    const int path =
                        pathBetween(source->second, m_siteIndex.find(mapping.targetSite)->second);
                    if (path < 0) {
                        skip(id, "timeline.no_link",
                             "No usable link or chain of links joins site " +
                                 inQuotes(workload.site) + " and site " +
                                 inQuotes(mapping.targetSite) + ", so workload " + inQuotes(id) +
                                 " cannot move; add a link with bandwidth between them.");
                        continue;
                    }
                    // The route is unusable when any of its links is.
                    int unusable = -1;
                    for (int link : m_paths[static_cast<std::size_t>(path)].links) {
                        const LinkSim& ls = m_links[static_cast<std::size_t>(link)];
                        if (!(ls.capacityMbps > 0) || !(m_streamCapMbps > 0) ||
                            (ls.schedule >= 0 &&
                             m_schedules[static_cast<std::size_t>(ls.schedule)].neverOpen())) {
                            unusable = link;
                            break;
                        }
                    }
                    if (unusable >= 0) {
                        const std::string& linkId =
                            m_data.links[static_cast<std::size_t>(unusable)].id;
                        if (!linkReported[static_cast<std::size_t>(unusable)]) {
                            linkReported[static_cast<std::size_t>(unusable)] = 1;
                            addFinding(Severity::Error, "timeline.link_unusable",
                                       "Link " + inQuotes(linkId) +
                                           " can carry no migration traffic (no bandwidth, no "
                                           "streams or no open window); workloads on it are "
                                           "not simulated. Give it bandwidth and a window.",
                                       linkId);
                        }
                        continue;
                    }
                    if (!jointlyOpen(m_paths[static_cast<std::size_t>(path)])) {
                        std::string links;
                        for (int link : m_paths[static_cast<std::size_t>(path)].links)
                            links += (links.empty() ? "" : ", ") +
                                     inQuotes(m_data.links[static_cast<std::size_t>(link)].id);
                        skip(id, "timeline.route_never_open",
                             "The links " + links + " that carry workload " + inQuotes(id) +
                                 " from site " + inQuotes(workload.site) + " to site " +
                                 inQuotes(mapping.targetSite) +
                                 " are never open at the same time, so it cannot move; widen "
                                 "their windows so that they overlap.");
                        continue;
                    }
                    sim.path = path;
                    sim.sizeGb = workload.sizeGb * sizeFactor;
                    sim.changeGbPerHour = workload.changeRateGbPerDay * changeFactor / 24.0;
                }
                sim.cutoverSchedule = cutoverScheduleFor(source->second);
                m_simOf[static_cast<std::size_t>(wi->second)] = static_cast<int>(m_sims.size());
                wave.members.push_back(static_cast<int>(m_sims.size()));
                m_sims.push_back(sim);
            }
            m_waves.push_back(std::move(wave));
        }
    }

    DependencyPolicy effectivePolicy(const Dependency& d) const {
        if (d.policy != DependencyPolicy::Auto)
            return d.policy;
        if (m_assumptions.defaultPolicy != DependencyPolicy::Auto)
            return m_assumptions.defaultPolicy;
        return d.trafficGbPerDay > m_assumptions.chattyTrafficGbPerDay
                   ? DependencyPolicy::SameWave
                   : DependencyPolicy::DependencyFirst;
    }

    const std::string& idOf(int sim) const {
        return m_data
            .workloads[static_cast<std::size_t>(m_sims[static_cast<std::size_t>(sim)].workload)]
            .id;
    }

    /// Dependency-first edges between simulated workloads; the ones that could never be honoured
    /// (the dependency moves in a later wave, or a cycle) are reported and dropped.
    void prepareDependencies() {
        const std::unordered_map<std::string_view, int>& workloadIndex = m_workloadIndex;
        auto simOf = [&](const std::string& id) {
            auto it = workloadIndex.find(id);
            return it == workloadIndex.end() ? -1 : m_simOf[static_cast<std::size_t>(it->second)];
        };
        std::vector<std::pair<int, int>> edges; // (dependent, dependency)
        for (const Dependency& d : m_data.dependencies) {
            if (effectivePolicy(d) != DependencyPolicy::DependencyFirst)
                continue;
            const int from = simOf(d.from);
            const int to = simOf(d.to);
            if (from < 0 || to < 0 || from == to)
                continue;
            const auto& a = m_sims[static_cast<std::size_t>(from)];
            const auto& b = m_sims[static_cast<std::size_t>(to)];
            if (m_assumptions.waitForPreviousWave && b.waveSlot > a.waveSlot) {
                addFinding(Severity::Warning, "timeline.dependency_order",
                           "Workload " + inQuotes(d.from) + " depends on " + inQuotes(d.to) +
                               ", which moves in a later wave; " + inQuotes(d.from) +
                               " cuts over without waiting for it. Plan the waves again.",
                           d.id());
                continue;
            }
            edges.emplace_back(from, to);
        }
        const std::size_t n = m_sims.size();
        // Adjacency (dependent -> dependencies) in CSR form.
        std::vector<int> offsets(n + 1, 0);
        for (const auto& e : edges)
            ++offsets[static_cast<std::size_t>(e.first) + 1];
        std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
        std::vector<int> targets(edges.size());
        {
            std::vector<int> fill(offsets.begin(), offsets.end() - 1);
            for (const auto& e : edges)
                targets[static_cast<std::size_t>(fill[static_cast<std::size_t>(e.first)]++)] =
                    e.second;
        }
        const std::vector<int> component = stronglyConnectedComponents(offsets, targets);
        std::vector<int> componentSize(n, 0);
        for (int c : component)
            ++componentSize[static_cast<std::size_t>(c)];
        std::vector<char> reported(n, 0);
        std::vector<std::pair<int, int>> kept;
        kept.reserve(edges.size());
        for (const auto& e : edges) {
            const int c = component[static_cast<std::size_t>(e.first)];
            if (c == component[static_cast<std::size_t>(e.second)] &&
                componentSize[static_cast<std::size_t>(c)] > 1) {
                if (!reported[static_cast<std::size_t>(c)]) {
                    reported[static_cast<std::size_t>(c)] = 1;
                    std::vector<std::string> members;
                    for (std::size_t i = 0; i < n; ++i)
                        if (component[i] == c)
                            members.push_back(idOf(static_cast<int>(i)));
                    std::sort(members.begin(), members.end());
                    addFinding(Severity::Warning, "timeline.dependency_cycle",
                               "Workloads " + inQuotes(members.front()) + " and " +
                                   std::to_string(members.size() - 1) +
                                   " other(s) depend on each other; they cut over without "
                                   "waiting for one another. Move them as one group.",
                               members.front(), members);
                }
                continue;
            }
            kept.push_back(e);
        }
        m_dependentOffsets.assign(n + 1, 0);
        for (const auto& e : kept) {
            ++m_dependentOffsets[static_cast<std::size_t>(e.second) + 1];
            ++m_sims[static_cast<std::size_t>(e.first)].pendingDependencies;
        }
        std::partial_sum(m_dependentOffsets.begin(), m_dependentOffsets.end(),
                         m_dependentOffsets.begin());
        m_dependents.resize(kept.size());
        std::vector<int> fill(m_dependentOffsets.begin(), m_dependentOffsets.end() - 1);
        for (const auto& e : kept)
            m_dependents[static_cast<std::size_t>(fill[static_cast<std::size_t>(e.second)]++)] =
                e.first;
    }

    /// Tarjan's algorithm without recursion; returns the component of each node.
    static std::vector<int> stronglyConnectedComponents(const std::vector<int>& offsets,
                                                        const std::vector<int>& targets) {
        const std::size_t n = offsets.size() - 1;
        std::vector<int> index(n, -1), low(n, 0), component(n, -1);
        std::vector<char> onStack(n, 0);
        std::vector<int> stack;
        std::vector<std::pair<int, int>> call; // (node, next edge)
        int counter = 0;
        int components = 0;
        for (std::size_t root = 0; root < n; ++root) {
            if (index[root] >= 0)
                continue;
            call.emplace_back(static_cast<int>(root), offsets[root]);
            index[root] = low[root] = counter++;
            stack.push_back(static_cast<int>(root));
            onStack[root] = 1;
            while (!call.empty()) {
                auto& [v, edge] = call.back();
                const auto vi = static_cast<std::size_t>(v);
                if (edge < offsets[vi + 1]) {
                    const auto w =
                        static_cast<std::size_t>(targets[static_cast<std::size_t>(edge)]);
                    ++edge;
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack.push_back(static_cast<int>(w));
                        onStack[w] = 1;
                        call.emplace_back(static_cast<int>(w), offsets[w]);
                    } else if (onStack[w]) {
                        low[vi] = std::min(low[vi], index[w]);
                    }
                    continue;
                }
                if (low[vi] == index[vi]) {
                    int w = -1;
                    do {
                        w = stack.back();
                        stack.pop_back();
                        onStack[static_cast<std::size_t>(w)] = 0;
                        component[static_cast<std::size_t>(w)] = components;
                    } while (w != v);
                    ++components;
                }
                const int done = v;
                call.pop_back();
                if (!call.empty()) {
                    const auto parent = static_cast<std::size_t>(call.back().first);
                    low[parent] = std::min(low[parent], low[static_cast<std::size_t>(done)]);
                }
            }
        }
        return component;
    }

    // ---- Events -----------------------------------------------------------------------------

    void schedule(double time, EventKind kind, int index, std::uint64_t version = 0) {
        m_events.push(Event{time, m_sequence++, version, index, kind});
    }

    /// The path whose completion comes first (earliest time, then scheduling order), or -1.
    int nextEnd() {
        if (m_nextEnd != kUnknownEnd)
            return m_nextEnd;
        int best = -1;
        double bestTime = 0;
        std::uint64_t bestSequence = 0;
        for (int p : m_pendingEnds) {
            const PathSim& path = m_paths[static_cast<std::size_t>(p)];
            if (best < 0 || path.endTime < bestTime ||
                (path.endTime == bestTime && path.endSequence < bestSequence)) {
                best = p;
                bestTime = path.endTime;
                bestSequence = path.endSequence;
            }
        }
        m_nextEnd = best;
        return best;
    }

    bool endsBefore(int a, int b) const {
        const PathSim& pa = m_paths[static_cast<std::size_t>(a)];
        const PathSim& pb = m_paths[static_cast<std::size_t>(b)];
        return pa.endTime < pb.endTime ||
               (pa.endTime == pb.endTime && pa.endSequence < pb.endSequence);
    }

    /// When the next event or completion happens; infinity when there is none.
    double nextTime() {
        double t = m_events.empty() ? kInfinity : m_events.top().time;
        const int end = nextEnd();
        if (end >= 0)
            t = std::min(t, m_paths[static_cast<std::size_t>(end)].endTime);
        return t;
    }

    void dropPendingEnd(int index) {
        PathSim& path = m_paths[static_cast<std::size_t>(index)];
        if (!path.endPending)
            return;
        path.endPending = false;
        if (m_nextEnd == index)
            m_nextEnd = kUnknownEnd;
        const auto it = std::find(m_pendingEnds.begin(), m_pendingEnds.end(), index);
        *it = m_pendingEnds.back();
        m_pendingEnds.pop_back();
    }

    void setPendingEnd(int index, double time) {
        PathSim& path = m_paths[static_cast<std::size_t>(index)];
        if (!path.endPending) {
            path.endPending = true;
            m_pendingEnds.push_back(index);
        }
        path.endTime = time;
        path.endSequence = m_sequence++;
        if (m_nextEnd == index)
            m_nextEnd = kUnknownEnd; // It may have moved later.
        else if (m_nextEnd == -1 || (m_nextEnd >= 0 && endsBefore(index, m_nextEnd)))
            m_nextEnd = index;
    }

    void handle(const Event& e) {
        switch (e.kind) {
        case EventKind::TransferEnd:
            assert(false && "path completions are not queued as events");
            break;
        case EventKind::LinkWindow:
            onLinkWindow(e);
            break;
        case EventKind::CutoverEnd:
            onCutoverEnd(e.index);
            break;
        case EventKind::WaveStart:
            onWaveStart(e.index);
            break;
        case EventKind::CutoverStart:
            onCutoverStart(e.index);
            break;
        case EventKind::SyncDue:
            onSyncDue(e.index);
            break;
        }
    }

    // ---- Links and paths --------------------------------------------------------------------

    void advance(PathSim& path) {
        path.service += path.rateMbps * kGbPerMbpsHour * (m_now - path.updatedAt);
        path.updatedAt = m_now;
    }

    void markDirty(int index) {
        LinkSim& link = m_links[static_cast<std::size_t>(index)];
        if (!link.dirty) {
            link.dirty = true;
            m_dirty.push_back(index);
        }
    }

    void markPathDirty(const PathSim& path) {
        for (int link : path.links)
            markDirty(link);
    }

    bool stale(const QueuedTransfer& q) const {
        const WorkloadSim& w = m_sims[static_cast<std::size_t>(q.workload)];
        return w.generation != q.generation;
    }

    void dropStaleTop(PathSim& path) {
        while (!path.heap.empty() && stale(path.heap.front())) {
            std::pop_heap(path.heap.begin(), path.heap.end(), std::greater<>{});
            path.heap.pop_back();
        }
    }

    void changeActive(PathSim& path, int delta) {
        path.active += delta;
        for (int link : path.links)
            m_links[static_cast<std::size_t>(link)].active += delta;
        markPathDirty(path);
    }

    /// Removes the transfer at the top of the path's queue and moves its workload on.
    void completeTop(int index) {
        PathSim& path = m_paths[static_cast<std::size_t>(index)];
        const int w = path.heap.front().workload;
        std::pop_heap(path.heap.begin(), path.heap.end(), std::greater<>{});
        path.heap.pop_back();
        changeActive(path, -1);
        ++m_sims[static_cast<std::size_t>(w)].generation;
        onTransferDone(w);
    }

    void startTransfer(int w, double gb) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        sim.amount = gb;
        if (sim.path < 0 || gb <= kTinyGb) {
            onTransferDone(w);
            return;
        }
        PathSim& path = m_paths[static_cast<std::size_t>(sim.path)];
        advance(path);
        sim.finish = path.service + gb;
        ++sim.generation;
        path.heap.push_back(QueuedTransfer{sim.finish, w, sim.generation});
        std::push_heap(path.heap.begin(), path.heap.end(), std::greater<>{});
        changeActive(path, +1);
    }

    /// Stops the workload's transfer; returns the GB it had not delivered yet.
    double cancelTransfer(int w) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        PathSim& path = m_paths[static_cast<std::size_t>(sim.path)];
        advance(path);
        const double remaining = std::clamp(sim.finish - path.service, 0.0, sim.amount);
        ++sim.generation; // Its queue entry is now stale.
        changeActive(path, -1);
        return remaining;
    }

    void onTransferEnd(int index) {
        PathSim& path = m_paths[static_cast<std::size_t>(index)];
        advance(path);
        dropStaleTop(path);
        if (!path.heap.empty())
            completeTop(index);
        markPathDirty(m_paths[static_cast<std::size_t>(index)]);
    }

    void onLinkWindow(const Event& e) {
        LinkSim& link = m_links[static_cast<std::size_t>(e.index)];
        if (e.version != link.windowVersion)
            return;
        link.windowEventPending = false;
        markDirty(e.index);
    }

    /// Completes the transfers of a path that have received all their bytes by now.
    void completeFinished(int index) {
        for (;;) {
            PathSim& path = m_paths[static_cast<std::size_t>(index)];
            advance(path);
            dropStaleTop(path);
            if (path.heap.empty() ||
                path.heap.front().finish >
                    path.service + kServiceTolerance * std::max(1.0, std::abs(path.service)))
                break;
            completeTop(index);
        }
        m_paths[static_cast<std::size_t>(index)].settledAt = m_now;
    }

    /// Brings every link and path touched at this instant up to date: finished transfers
    /// complete, window states, max-min fair rates over every path that shares a link with a
    /// changed one (transitively), usage pieces and the next completion events.
    void settleDirtyLinks() {
        // 1. Finished transfers on the paths of touched links; completing one may touch more.
        // The scratch lists are members so that their memory is reused from one instant to the
        // next.
        std::vector<int>& batchLinks = m_batchLinks;
        batchLinks.clear();
        while (!m_dirty.empty()) {
            std::vector<int>& dirty = m_dirtyScratch;
            dirty.clear();
            dirty.swap(m_dirty);
            for (int index : dirty) {
                LinkSim& link = m_links[static_cast<std::size_t>(index)];
                link.dirty = false;
                if (!link.inBatch) {
                    link.inBatch = true;
                    batchLinks.push_back(index);
                }
                for (int p : m_links[static_cast<std::size_t>(index)].paths) {
                    if (m_paths[static_cast<std::size_t>(p)].settledAt != m_now)
                        completeFinished(p);
                }
            }
        }
        // 2. The rates of the paths that share a link with a touched one can change, and through
        // them those of the paths sharing their links: gather that component.
        std::vector<int>& batchPaths = m_batchPaths;
        batchPaths.clear();
        for (std::size_t k = 0; k < batchLinks.size(); ++k) {
            const int index = batchLinks[k];
            for (int p : m_links[static_cast<std::size_t>(index)].paths) {
                PathSim& path = m_paths[static_cast<std::size_t>(p)];
                if (path.inBatch || (path.active == 0 && path.rateMbps == 0))
                    continue;
                path.inBatch = true;
                batchPaths.push_back(p);
                for (int other : path.links) {
                    LinkSim& link = m_links[static_cast<std::size_t>(other)];
                    if (!link.inBatch) {
                        link.inBatch = true;
                        batchLinks.push_back(other);
                    }
                }
            }
        }
        // 3. Window states of links that carry traffic.
        for (int index : batchLinks) {
            LinkSim& link = m_links[static_cast<std::size_t>(index)];
            if (link.schedule >= 0) {
                const WeeklySchedule& s = m_schedules[static_cast<std::size_t>(link.schedule)];
                if (link.active > 0 && !link.windowEventPending) {
                    link.open = s.openAt(m_now);
                    const double next = s.nextChange(m_now);
                    if (next < kInfinity) {
                        link.windowEventPending = true;
                        schedule(next, EventKind::LinkWindow, index, ++link.windowVersion);
                    }
                }
            }
            link.residualMbps = link.open ? link.capacityMbps : 0.0;
            link.unfrozen = 0;
        }
        // 4. Max-min fair rates by progressive filling: every transfer's rate grows alike until
        // it reaches the stream cap or one of its links is full.
        for (int p : batchPaths) {
            PathSim& path = m_paths[static_cast<std::size_t>(p)];
            advance(path); // Service up to now at the old rate.
            path.rateMbps = 0;
            path.frozen = path.active == 0;
            if (!path.frozen) {
                for (int link : path.links)
                    m_links[static_cast<std::size_t>(link)].unfrozen += path.active;
            }
        }
        fillRates(batchLinks, batchPaths);
        // 5. Usage pieces and the next completion of each path.
        for (int p : batchPaths) {
            PathSim& path = m_paths[static_cast<std::size_t>(p)];
            path.inBatch = false;
            recordPiece(path.usage, path.pieceStart, path.pieceMbps, path.rateMbps * path.active);
            dropStaleTop(path);
            if (path.rateMbps > 0 && !path.heap.empty()) {
                const double left = std::max(0.0, path.heap.front().finish - path.service);
                setPendingEnd(p, m_now + left / (path.rateMbps * kGbPerMbpsHour));
            } else {
                dropPendingEnd(p);
            }
        }
        for (int index : batchLinks) {
            LinkSim& link = m_links[static_cast<std::size_t>(index)];
            link.inBatch = false;
            double aggregate = 0;
            for (int p : link.paths) {
                const PathSim& path = m_paths[static_cast<std::size_t>(p)];
                aggregate += path.rateMbps * path.active;
            }
            recordPiece(link.usage, link.pieceStart, link.pieceMbps, aggregate);
        }
    }

    /// Progressive filling over the gathered links and paths; every path of the batch starts
    /// unfrozen at rate 0 unless it has no transfer.
    void fillRates(const std::vector<int>& links, const std::vector<int>& paths) {
        double level = 0;
        std::size_t left = 0;
        for (int p : paths)
            left += m_paths[static_cast<std::size_t>(p)].frozen ? 0 : 1;
        while (left > 0) {
            // The smallest raise that fills a link, or the one that reaches the stream cap.
            double raise = std::max(0.0, m_streamCapMbps - level);
            int fullest = -1;
            for (int index : links) {
                const LinkSim& link = m_links[static_cast<std::size_t>(index)];
                if (link.unfrozen == 0)
                    continue;
                const double room = std::max(0.0, link.residualMbps) / link.unfrozen;
                if (room < raise) {
                    raise = room;
                    fullest = index;
                }
            }
            level += raise;
            for (int index : links) {
                LinkSim& link = m_links[static_cast<std::size_t>(index)];
                if (link.unfrozen > 0)
                    link.residualMbps -= raise * link.unfrozen;
            }
            if (fullest < 0) {
                // The stream cap binds every transfer still growing.
                for (int p : paths) {
                    PathSim& path = m_paths[static_cast<std::size_t>(p)];
                    if (!path.frozen) {
                        path.frozen = true;
                        path.rateMbps = level;
                    }
                }
                return;
            }
            m_links[static_cast<std::size_t>(fullest)].residualMbps = 0;
            // Freeze the paths of every link that is now full.
            for (int index : links) {
                LinkSim& link = m_links[static_cast<std::size_t>(index)];
                if (link.unfrozen == 0 ||
                    link.residualMbps > kServiceTolerance * std::max(1.0, link.capacityMbps))
                    continue;
                for (int p : link.paths) {
                    PathSim& path = m_paths[static_cast<std::size_t>(p)];
                    if (path.frozen || !path.inBatch)
                        continue;
                    path.frozen = true;
                    path.rateMbps = level;
                    --left;
                    for (int other : path.links)
                        m_links[static_cast<std::size_t>(other)].unfrozen -= path.active;
                }
            }
        }
    }

    /// Closes the running piece of a usage series when the rate changes.
    void recordPiece(std::vector<LinkUsage>& usage, double& pieceStart, double& pieceMbps,
                     double aggregate) {
        if (aggregate == pieceMbps)
            return;
        if (pieceMbps > 0 && m_now > pieceStart) {
            if (!usage.empty() && usage.back().endHours == pieceStart &&
                usage.back().mbps == pieceMbps)
                usage.back().endHours = m_now;
            else
                usage.push_back(LinkUsage{pieceStart, m_now, pieceMbps});
        }
        pieceStart = m_now;
        pieceMbps = aggregate;
    }

    // ---- Workloads and waves ----------------------------------------------------------------

    void addRow(int w, TransferPhase phase, double start, double end, double gb) {
        m_rows.push_back(RowRecord{w, phase, start, end, gb});
    }

    void onWaveStart(int slot) {
        WaveSim& wave = m_waves[static_cast<std::size_t>(slot)];
        wave.started = true;
        wave.start = m_now;
        wave.copiesLeft = static_cast<int>(wave.members.size());
        wave.cutoversLeft = wave.copiesLeft;
        if (wave.members.empty()) {
            onWaveReady(slot);
            onWaveDone(slot);
            return;
        }
        for (int w : wave.members) {
            WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
            sim.stage = Stage::Copying;
            sim.copyStart = m_now;
            sim.lastSyncPoint = m_now;
            startTransfer(w, sim.sizeGb);
        }
    }

    void onTransferDone(int w) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        switch (sim.stage) {
        case Stage::Copying: {
            sim.gbMoved += sim.amount;
            if (sim.path >= 0)
                addRow(w, TransferPhase::FullCopy, sim.copyStart, m_now, sim.amount);
            sim.stage = Stage::Idle;
            scheduleSync(w);
            WaveSim& wave = m_waves[static_cast<std::size_t>(sim.waveSlot)];
            if (--wave.copiesLeft == 0)
                onWaveReady(sim.waveSlot);
            break;
        }
        case Stage::Syncing:
            sim.gbMoved += sim.amount;
            ++sim.syncs;
            addRow(w, TransferPhase::IncrementalSync, sim.syncStart, m_now, sim.amount);
            sim.stage = Stage::Idle;
            scheduleSync(w);
            break;
        case Stage::CuttingOver: {
            sim.gbMoved += sim.amount;
            const double overhead =
                sim.path < 0 ? 0.0 : std::max(0.0, m_assumptions.cutoverOverheadHours);
            sim.cutoverEnd = m_now + overhead;
            addRow(w, TransferPhase::Cutover, sim.cutoverStart, sim.cutoverEnd, sim.amount);
            schedule(sim.cutoverEnd, EventKind::CutoverEnd, w);
            break;
        }
        case Stage::Waiting:
        case Stage::Idle:
        case Stage::Done:
            assert(false && "a transfer ended for a workload that was not transferring");
            break;
        }
    }

    void scheduleSync(int w) {
        const WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        if (!m_syncs || sim.path < 0 || !(sim.changeGbPerHour > 0))
            return;
        schedule(std::max(m_now, sim.lastSyncPoint + m_assumptions.syncIntervalHours),
                 EventKind::SyncDue, w);
    }

    void onSyncDue(int w) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        if (sim.stage != Stage::Idle)
            return; // The cutover came first.
        const double delta = sim.changeGbPerHour * (m_now - sim.lastSyncPoint);
        sim.stage = Stage::Syncing;
        sim.syncStart = m_now;
        sim.lastSyncPoint = m_now;
        startTransfer(w, delta);
    }

    void onWaveReady(int slot) {
        WaveSim& wave = m_waves[static_cast<std::size_t>(slot)];
        wave.ready = true;
        for (int w : wave.members)
            tryScheduleCutover(w);
    }

    void tryScheduleCutover(int w) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        if (sim.cutoverScheduled || sim.pendingDependencies > 0 ||
            !m_waves[static_cast<std::size_t>(sim.waveSlot)].ready)
            return;
        sim.cutoverScheduled = true;
        const double at =
            sim.cutoverSchedule < 0
                ? m_now
                : m_schedules[static_cast<std::size_t>(sim.cutoverSchedule)].nextOpen(m_now);
        schedule(at, EventKind::CutoverStart, w);
    }

    void onCutoverStart(int w) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        double carried = 0;
        if (sim.stage == Stage::Syncing) {
            // The running sync is cut short; what it had not sent goes with the final delta.
            carried = cancelTransfer(w);
            const double sent = sim.amount - carried;
            sim.gbMoved += sent;
            ++sim.syncs;
            addRow(w, TransferPhase::IncrementalSync, sim.syncStart, m_now, sent);
        }
        assert(sim.stage == Stage::Idle || sim.stage == Stage::Syncing);
        const double delta =
            sim.path < 0 ? 0.0 : carried + sim.changeGbPerHour * (m_now - sim.lastSyncPoint);
        sim.lastSyncPoint = m_now;
        sim.stage = Stage::CuttingOver;
        sim.cutoverStart = m_now;
        sim.finalDeltaGb = delta;
        startTransfer(w, delta);
    }

    void onCutoverEnd(int w) {
        WorkloadSim& sim = m_sims[static_cast<std::size_t>(w)];
        sim.stage = Stage::Done;
        for (int i = m_dependentOffsets[static_cast<std::size_t>(w)];
             i < m_dependentOffsets[static_cast<std::size_t>(w) + 1]; ++i) {
            const int dependent = m_dependents[static_cast<std::size_t>(i)];
            if (--m_sims[static_cast<std::size_t>(dependent)].pendingDependencies == 0)
                tryScheduleCutover(dependent);
        }
        WaveSim& wave = m_waves[static_cast<std::size_t>(sim.waveSlot)];
        if (--wave.cutoversLeft == 0)
            onWaveDone(sim.waveSlot);
    }

    void onWaveDone(int slot) {
        m_waves[static_cast<std::size_t>(slot)].end = m_now;
        if (m_assumptions.waitForPreviousWave &&
            static_cast<std::size_t>(slot) + 1 < m_waves.size())
            schedule(m_now, EventKind::WaveStart, slot + 1);
    }

    // ---- Output -----------------------------------------------------------------------------

    Timeline assemble() {
        Timeline& t = m_timeline;
        for (std::size_t i = 0; i < m_sims.size(); ++i) {
            if (m_sims[i].stage != Stage::Done) {
                addFinding(Severity::Error, "timeline.stalled",
                           "Workload " + inQuotes(idOf(static_cast<int>(i))) +
                               " never cut over in the simulation; check its link windows, the "
                               "cutover windows and its dependencies.",
                           idOf(static_cast<int>(i)));
            }
        }
        // Rows were recorded in time order; group them by workload (plan order), keeping it.
        std::vector<std::size_t> firstRow(m_sims.size() + 1, 0);
        for (const auto& r : m_rows)
            ++firstRow[static_cast<std::size_t>(r.workload) + 1];
        std::partial_sum(firstRow.begin(), firstRow.end(), firstRow.begin());
        std::vector<std::size_t> order(m_rows.size());
        {
            std::vector<std::size_t> fill(firstRow.begin(), firstRow.end() - 1);
            for (std::size_t i = 0; i < m_rows.size(); ++i)
                order[fill[static_cast<std::size_t>(m_rows[i].workload)]++] = i;
        }
        t.rows.reserve(m_rows.size());
        for (std::size_t i : order) {
            const RowRecord& r = m_rows[i];
            const WorkloadSim& sim = m_sims[static_cast<std::size_t>(r.workload)];
            t.rows.push_back(GanttRow{idOf(r.workload),
                                      m_waves[static_cast<std::size_t>(sim.waveSlot)].number,
                                      r.phase, r.start, r.end, r.gb});
        }
        t.workloads.reserve(m_sims.size());
        for (std::size_t i = 0; i < m_sims.size(); ++i) {
            const WorkloadSim& sim = m_sims[i];
            WorkloadTiming timing;
            timing.workload = idOf(static_cast<int>(i));
            timing.wave = m_waves[static_cast<std::size_t>(sim.waveSlot)].number;
            if (sim.path >= 0) {
                const PathSim& path = m_paths[static_cast<std::size_t>(sim.path)];
                // The link that sets the pace: the narrowest of the route, as the planner says.
                int narrowest = path.links.front();
                for (int link : path.links) {
                    const Link& l = m_data.links[static_cast<std::size_t>(link)];
                    const Link& best = m_data.links[static_cast<std::size_t>(narrowest)];
                    if (l.bandwidthMbps < best.bandwidthMbps ||
                        (l.bandwidthMbps == best.bandwidthMbps && l.id < best.id))
                        narrowest = link;
                    timing.route.push_back(l.id);
                }
                timing.link = m_data.links[static_cast<std::size_t>(narrowest)].id;
            }
            timing.startHours = sim.copyStart;
            timing.cutoverStartHours = sim.cutoverStart;
            timing.cutoverEndHours = sim.cutoverEnd;
            timing.downtimeHours = sim.cutoverEnd - sim.cutoverStart;
            timing.gbMoved = sim.gbMoved;
            timing.syncs = sim.syncs;
            t.workloads.push_back(std::move(timing));
        }
        for (const WaveSim& wave : m_waves) {
            t.waves.push_back(WaveTiming{wave.number, wave.start, wave.end});
            t.totalHours = std::max(t.totalHours, wave.end);
        }
        t.linkUsage.reserve(m_links.size());
        for (std::size_t i = 0; i < m_links.size(); ++i)
            t.linkUsage.emplace_back(m_data.links[i].id, std::move(m_links[i].usage));
        // Every migration byte leaves a source site once, whatever the hops it then takes:
        // egress per day is the traffic of the paths per day.
        double lastTraffic = 0;
        for (const PathSim& path : m_paths)
            if (!path.usage.empty())
                lastTraffic = std::max(lastTraffic, path.usage.back().endHours);
        const double span = std::max(t.totalHours, lastTraffic);
        t.egressGbPerDay.assign(static_cast<std::size_t>(std::ceil(span / 24.0)), 0.0);
        for (const PathSim& path : m_paths) {
            for (const LinkUsage& p : path.usage) {
                double from = p.startHours;
                while (from < p.endHours) {
                    const double day = std::floor(from / 24.0);
                    const double to = std::min(p.endHours, (day + 1) * 24.0);
                    const auto d = static_cast<std::size_t>(day);
                    if (d >= t.egressGbPerDay.size())
                        t.egressGbPerDay.resize(d + 1, 0.0);
                    t.egressGbPerDay[d] += p.mbps * kGbPerMbpsHour * (to - from);
                    from = to;
                }
            }
        }
        return std::move(m_timeline);
    }

    const ProjectData& m_data;
    const PlanAssumptions& m_assumptions;
    const WavePlan& m_plan;
    SimulationFactors m_factors;

    Timeline m_timeline;
    int m_startWeekdayMinutes = 0;
    std::unordered_map<std::string_view, int> m_siteIndex;
    std::unordered_map<std::string_view, int> m_workloadIndex; // Built by prepareWorkloads.
    double m_streamCapMbps = 0;
    bool m_syncs = true;
    std::vector<WeeklySchedule> m_schedules;
    std::vector<TimeWindow> m_cutoverWindows;
    std::vector<int> m_cutoverSchedules; // Per site: index into m_schedules, -1 = not built.
    std::vector<LinkSim> m_links;
    std::vector<PathSim> m_paths;
    std::unordered_map<std::uint64_t, int> m_pathOf; // (source site, target site) -> path or -1.
    std::optional<Routing> m_routing;                // Made when a workload first moves.
    std::vector<WorkloadSim> m_sims;
    std::vector<int> m_simOf; // Per project workload: simulated index or -1.
    std::vector<WaveSim> m_waves;
    std::vector<int> m_dependentOffsets; // CSR: who waits for each simulated workload.
    std::vector<int> m_dependents;
    std::priority_queue<Event, std::vector<Event>, EventLater> m_events;
    std::vector<int> m_pendingEnds; // Paths with a completion ahead (PathSim::endPending).
    static constexpr int kUnknownEnd = -2;
    int m_nextEnd = -1; // Path of the earliest completion, -1 = none, kUnknownEnd = to find.
    std::vector<int> m_batchLinks;   // settleDirtyLinks scratch: links settled at this instant.
    std::vector<int> m_batchPaths;   // settleDirtyLinks scratch: paths settled at this instant.
    std::vector<int> m_dirtyScratch; // settleDirtyLinks scratch: links taken from m_dirty.
    std::uint64_t m_sequence = 0;
    double m_now = 0;
    std::vector<int> m_dirty;
    std::vector<RowRecord> m_rows;
};

} // namespace

std::vector<double> maxMinFairShare(double capacityMbps, const std::vector<double>& capsMbps) {
    std::vector<std::size_t> order(capsMbps.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return capsMbps[a] < capsMbps[b]; });
    std::vector<FlowClass> classes;
    classes.reserve(order.size());
    for (std::size_t i : order)
        classes.push_back(FlowClass{capsMbps[i], 1, 0});
    waterFill(capacityMbps, classes);
    std::vector<double> shares(capsMbps.size(), 0.0);
    for (std::size_t k = 0; k < order.size(); ++k)
        shares[order[k]] = classes[k].shareMbps;
    return shares;
}

Timeline TimelineSimulator::simulate(const ProjectData& data, const PlanAssumptions& assumptions,
                                     const WavePlan& plan, const SimulationFactors& factors) {
    return Simulation(data, assumptions, plan, factors).run();
}

struct PreparedTimeline::State {
    Simulation prepared;
};

PreparedTimeline::PreparedTimeline(const ProjectData& data, const PlanAssumptions& assumptions,
                                   const WavePlan& plan)
    : m_data(data), m_assumptions(assumptions), m_plan(plan),
      m_state(std::make_unique<State>(State{Simulation(data, assumptions, plan, {})})) {
    m_state->prepared.prepare();
}

PreparedTimeline::~PreparedTimeline() = default;

Timeline PreparedTimeline::simulate(const SimulationFactors& factors) const {
    Simulation simulation = m_state->prepared;
    if (!simulation.applyFactors(factors))
        return TimelineSimulator::simulate(m_data, m_assumptions, m_plan, factors);
    return simulation.execute();
}

} // namespace ferry::model
