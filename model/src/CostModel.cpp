#include <ferry/model/CostModel.hpp>

#include <ferry/model/Routing.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace ferry::model {
namespace {

constexpr std::array kCategories{kCostEgress, kCostRequests, kCostTransferService, kCostDualRunning,
                                 kCostCrossSiteTraffic};
constexpr double kBytesPerGb = 1.0e9;
constexpr double kHoursPerDay = 24.0;

std::map<std::string, double> zeroCategories() {
    std::map<std::string, double> out;
    for (const char* category : kCategories)
        out[category] = 0.0;
    return out;
}

/// A number as a default std::ostream writes it (%g, six significant digits), without the
/// stream's cost.
std::string num(double value) {
    // std::to_chars with a precision writes exactly what printf's %g does, only faster.
    char buffer[32];
    const auto written =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 6);
    return std::string(buffer, written.ptr);
}

std::string quoted(const std::string& id) {
    return "'" + id + "'";
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

bool isStorageKind(WorkloadKind kind) {
    return kind == WorkloadKind::FileShare || kind == WorkloadKind::ObjectBucket ||
           kind == WorkloadKind::ModelArtifact;
}

bool isCloud(Provider provider) {
    return provider == Provider::Aws || provider == Provider::Azure || provider == Provider::Gcp ||
           provider == Provider::Aliyun;
}

/// 0-based plan month holding an hour (months of kHoursPerMonth from the plan start).
int monthOf(double hours) {
    return hours <= 0 ? 0 : static_cast<int>(std::floor(hours / kHoursPerMonth));
}

/// Amounts by plan month in month order, like a std::map<int, double> without a node per month:
/// months mostly come in order, so adding is an append or an add to the last entry.
class MonthAmounts {
public:
    double& operator[](int month) {
        if (m_entries.empty() || m_entries.back().first < month)
            return m_entries.emplace_back(month, 0.0).second;
        if (m_entries.back().first == month)
            return m_entries.back().second;
        const auto at = std::lower_bound(
            m_entries.begin(), m_entries.end(), month,
            [](const std::pair<int, double>& entry, int wanted) { return entry.first < wanted; });
        if (at != m_entries.end() && at->first == month)
            return at->second;
        return m_entries.insert(at, {month, 0.0})->second;
    }
    void clear() { m_entries.clear(); }
    auto begin() const { return m_entries.begin(); }
    auto end() const { return m_entries.end(); }

private:
    std::vector<std::pair<int, double>> m_entries;
};

/// Spreads gb evenly over [start, end) into plan months; all of it in start's month when the
/// interval is empty.
void spreadOverMonths(double gb, double start, double end, MonthAmounts& months) {
    if (gb <= 0)
        return;
    if (end <= start) {
        months[monthOf(start)] += gb;
        return;
    }
    const double rate = gb / (end - start);
    double at = std::max(0.0, start);
    if (start < 0)
        months[0] += rate * (0 - start);
    while (at < end) {
        const int month = monthOf(at);
        const double monthEnd = (month + 1) * kHoursPerMonth;
        const double until = std::min(end, monthEnd);
        months[month] += rate * (until - at);
        at = until;
    }
}

/// How traffic between two sites is priced.
struct TransferPrice {
    enum class Kind { Free, Flat, Tiered, Unpriced };
    Kind kind = Kind::Free;
    double perGb = 0;    ///< For Flat.
    Provider provider{}; ///< For Tiered: whose internet tiers.
};

/// The catalog prices a timeline needs, read once per provider (the catalog answers each
/// question by walking its JSON).
struct ProviderPrices {
    bool hasCatalog = false;
    double interRegionPerGb = 0;
    double putPer1000 = 0;
    double getPer1000 = 0;
    double listPer1000 = 0;
    double transferServicePerGb = 0;
    std::vector<PriceTier> tiers; // Internet egress.

    /// Same as PricingCatalog::internetEgressCost(provider, gb) for a month's first GB.
    double internetEgressCost(double gb) const {
        if (gb <= 0)
            return 0;
        double lowerBound = 0;
        double cost = 0;
        for (const PriceTier& tier : tiers) {
            const double overlap = std::min(gb, tier.upToGb) - std::max(0.0, lowerBound);
            if (overlap > 0)
                cost += overlap * tier.pricePerGb;
            lowerBound = tier.upToGb;
            if (lowerBound >= gb)
                break;
        }
        return cost;
    }
};

constexpr std::array kProviders{Provider::OnPrem, Provider::Aws,    Provider::Azure,
                                Provider::Gcp,    Provider::Aliyun, Provider::Other};

/// Traffic in one plan month that shares a source site's internet egress tiers.
struct TierShare {
    std::size_t workload = 0;
    std::size_t category = 0; // Index in kCategories.
    double gb = 0;
};

/// Indexes in kCategories, for the one-time amounts kept by workload while pricing.
enum CategoryIndex : std::size_t {
    kEgressAt,
    kRequestsAt,
    kTransferServiceAt,
    kDualRunningAt,
    kCrossSiteTrafficAt
};

/// One-time amounts of one workload or wave, by CategoryIndex.
using CategoryAmounts = std::array<double, kCategories.size()>;

/// Writes amounts into a map made by zeroCategories(), whose keys are the categories in name
/// order.
void writeCategories(const CategoryAmounts& amounts, std::map<std::string, double>& out) {
    static const std::array<std::size_t, kCategories.size()> byName = [] {
        std::array<std::size_t, kCategories.size()> order{};
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [](std::size_t a, std::size_t b) {
            return std::string_view(kCategories[a]) < std::string_view(kCategories[b]);
        });
        return order;
    }();
    assert(out.size() == kCategories.size());
    auto it = out.begin();
    for (std::size_t i : byName) {
        it->second = amounts[i];
        ++it;
    }
}

/// Index of the first workload with each id: open addressing over one array of slots that keep
/// each id's length and first 8 bytes, so most lookups read one slot and not the workload.
class WorkloadIdIndex {
public:
    /// Indexes the workloads; firstAt[i] becomes the index of the first workload with i's id.
    void build(const std::vector<Workload>& workloads, std::vector<std::size_t>& firstAt) {
        assert(workloads.size() < std::numeric_limits<std::uint32_t>::max());
        m_workloads = &workloads;
        std::size_t capacity = 16;
        while (capacity < workloads.size() * 2)
            capacity *= 2;
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        firstAt.resize(workloads.size());
        for (std::size_t i = 0; i < workloads.size(); ++i) {
            const std::string& id = workloads[i].id;
            const Slot key = keyOf(id);
            for (std::size_t at = std::hash<std::string_view>{}(id)&m_mask;;
                 at = (at + 1) & m_mask) {
                Slot& slot = m_slots[at];
                if (slot.indexPlusOne == 0) {
                    slot = key;
                    slot.indexPlusOne = static_cast<std::uint32_t>(i + 1);
                    firstAt[i] = i;
                    break;
                }
                if (matches(slot, key, id)) {
                    firstAt[i] = slot.indexPlusOne - 1;
                    break;
                }
            }
        }
    }

    /// Index of the first workload with an id.
    std::optional<std::size_t> find(std::string_view id) const {
        if (m_slots.empty())
            return std::nullopt;
        const Slot key = keyOf(id);
        for (std::size_t at = std::hash<std::string_view>{}(id)&m_mask;; at = (at + 1) & m_mask) {
            const Slot& slot = m_slots[at];
            if (slot.indexPlusOne == 0)
                return std::nullopt;
            if (matches(slot, key, id))
                return slot.indexPlusOne - 1;
        }
    }

private:
    struct Slot {
        std::uint64_t prefix = 0;       // the id's first 8 bytes, zero-padded
        std::uint32_t length = 0;       // the id's length
        std::uint32_t indexPlusOne = 0; // 0 for an empty slot
    };

    static Slot keyOf(std::string_view id) {
        Slot key;
        std::memcpy(&key.prefix, id.data(), std::min<std::size_t>(id.size(), sizeof key.prefix));
        key.length = static_cast<std::uint32_t>(id.size());
        return key;
    }

    bool matches(const Slot& slot, const Slot& key, std::string_view id) const {
        if (slot.prefix != key.prefix || slot.length != key.length)
            return false;
        return id.size() <= sizeof slot.prefix ||
               std::string_view((*m_workloads)[slot.indexPlusOne - 1].id) == id;
    }

    const std::vector<Workload>* m_workloads = nullptr;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
};

/// The catalog's answers a run-rate needs, worked out once per estimate: the catalog walks its
/// JSON with case-insensitive keys, so each distinct question is asked of it only once.
class CatalogAnswers {
public:
    explicit CatalogAnswers(const PricingCatalog& catalog) : m_catalog(catalog) {
        for (Provider provider : kProviders) {
            ProviderAnswers& p = m_providers[static_cast<std::size_t>(provider)];
            p.hasCatalog = m_catalog.providerCatalog(provider) != nullptr;
            if (!p.hasCatalog)
                continue;
            p.internalRates = m_catalog.internalRates(provider);
            p.blockPerGbMonth = m_catalog.blockStoragePerGbMonth(provider);
            p.standardObjectPerGbMonth = m_catalog.objectStoragePerGbMonth(provider, "standard");
            p.largestInstance = m_catalog.largestInstance(provider);
        }
    }

    /// A (vCPU, memory) shape; the memory's bits, so distinct values stay distinct.
    using ShapeKey = std::pair<int, std::uint64_t>;

    /// A target service of one provider and the prices that hang on it.
    struct Service {
        std::optional<ServiceMatch> match;
        std::optional<double> instanceHourly;          // Kind::Instance
        std::optional<ComputeOffer> namedDatabaseSize; // Kind::ManagedDatabase with a size
        std::optional<ComputeOffer> smallestDatabase;  // Kind::ManagedDatabase, no size
        double databaseStoragePerGbMonth = 0;          // Kind::ManagedDatabase
        double objectPerGbMonth = 0;                   // Kind::ObjectStorage
        std::map<ShapeKey, std::optional<ComputeOffer>> fittingDatabase;
    };

    bool hasCatalog(Provider provider) const { return at(provider).hasCatalog; }
    const std::optional<InternalRates>& internalRates(Provider provider) const {
        return at(provider).internalRates;
    }
    double blockPerGbMonth(Provider provider) const { return at(provider).blockPerGbMonth; }
    double standardObjectPerGbMonth(Provider provider) const {
        return at(provider).standardObjectPerGbMonth;
    }
    const std::optional<ComputeOffer>& largestInstance(Provider provider) const {
        return at(provider).largestInstance;
    }

    Service& service(Provider provider, const std::string& name) {
        ProviderAnswers& p = m_providers[static_cast<std::size_t>(provider)];
        const auto found = p.services.find(name);
        if (found != p.services.end())
            return found->second;
        Service s;
        s.match = m_catalog.findService(provider, name);
        if (s.match) {
            switch (s.match->kind) {
            case ServiceMatch::Kind::Instance:
                s.instanceHourly = m_catalog.instanceHourly(provider, s.match->name);
                break;
            case ServiceMatch::Kind::ManagedDatabase:
                if (!s.match->size.empty()) {
                    s.namedDatabaseSize =
                        m_catalog.managedDatabaseSize(provider, s.match->name, s.match->size);
                } else {
                    s.smallestDatabase =
                        m_catalog.smallestFittingDatabase(provider, s.match->name, 0, 0);
                }
                s.databaseStoragePerGbMonth =
                    m_catalog.managedDatabaseStoragePerGbMonth(provider, s.match->name).value_or(0);
                break;
            case ServiceMatch::Kind::ObjectStorage:
                s.objectPerGbMonth = m_catalog.objectStoragePerGbMonth(provider, s.match->name);
                break;
            case ServiceMatch::Kind::BlockStorage:
                break;
            }
        }
        return p.services.emplace(name, std::move(s)).first->second;
    }

    /// PricingCatalog::smallestFittingInstance, asked once per provider and shape.
    const std::optional<ComputeOffer>& fittingInstance(Provider provider, int vcpu,
                                                       double memoryGb) {
        ProviderAnswers& p = m_providers[static_cast<std::size_t>(provider)];
        auto [it, inserted] = p.fittingInstance.try_emplace(shapeKey(vcpu, memoryGb));
        if (inserted)
            it->second = m_catalog.smallestFittingInstance(provider, vcpu, memoryGb);
        return it->second;
    }

    /// PricingCatalog::smallestFittingDatabase of a service's offering, once per shape.
    const std::optional<ComputeOffer>& fittingDatabase(Provider provider, Service& service,
                                                       int vcpu, double memoryGb) {
        auto [it, inserted] = service.fittingDatabase.try_emplace(shapeKey(vcpu, memoryGb));
        if (inserted) {
            it->second =
                m_catalog.smallestFittingDatabase(provider, service.match->name, vcpu, memoryGb);
        }
        return it->second;
    }

private:
    struct ProviderAnswers {
        bool hasCatalog = false;
        std::optional<InternalRates> internalRates;
        double blockPerGbMonth = 0;
        double standardObjectPerGbMonth = 0;
        std::optional<ComputeOffer> largestInstance;
        std::unordered_map<std::string, Service> services;
        std::map<ShapeKey, std::optional<ComputeOffer>> fittingInstance;
    };

    static ShapeKey shapeKey(int vcpu, double memoryGb) {
        std::uint64_t bits = 0;
        static_assert(sizeof bits == sizeof memoryGb);
        std::memcpy(&bits, &memoryGb, sizeof bits);
        return {vcpu, bits};
    }

    const ProviderAnswers& at(Provider provider) const {
        return m_providers[static_cast<std::size_t>(provider)];
    }

    const PricingCatalog& m_catalog;
    std::array<ProviderAnswers, kProviders.size()> m_providers;
};

/// Prices a plan in two steps: prepare() works out what does not depend on the timeline (indexes,
/// run-rates and their findings, price sources), price() adds what does. A prepared estimator is
/// copied for each timeline, so one preparation serves every run of a forecast.
class Estimator {
public:
    Estimator(const ProjectData& data, const PlanAssumptions& assumptions, const WavePlan& plan,
              const PricingCatalog& catalog)
        : m_data(data), m_assumptions(assumptions), m_plan(plan), m_catalog(catalog),
          m_answers(catalog) {}

    void prepare() {
        for (Provider provider : kProviders) {
            ProviderPrices& p = m_prices[static_cast<std::size_t>(provider)];
            p.hasCatalog = m_catalog.providerCatalog(provider) != nullptr;
            p.interRegionPerGb = m_catalog.interRegionPerGb(provider);
            p.putPer1000 = m_catalog.requestsPer1000(provider, "put");
            p.getPer1000 = m_catalog.requestsPer1000(provider, "get");
            p.listPer1000 = m_catalog.requestsPer1000(provider, "list");
            p.transferServicePerGb = m_catalog.transferServicePerGb(provider);
            p.tiers = m_catalog.internetEgressTiers(provider);
        }
        index();
        m_report.currency = m_data.info.currency;
        m_report.horizonMonths = std::max(0, m_assumptions.horizonMonths);
        m_report.oneTimeByCategory = zeroCategories();
        checkCurrency();

        m_report.workloads.reserve(m_data.workloads.size());
        for (std::size_t i = 0; i < m_data.workloads.size(); ++i) {
            const Workload& w = m_data.workloads[i];
            WorkloadCost cost;
            cost.workload = w.id;
            cost.wave = m_waveAt[i];
            cost.oneTime = zeroCategories();
            cost.monthlyBefore = w.monthlyCost;
            m_report.workloads.push_back(std::move(cost));
        }
        // Run-rate findings are replayed in price(), in the order the workloads come, so the
        // findings read as if every workload were priced whole, one after the other.
        m_prefaceFindings = m_report.findings.size();
        m_runRateFindingsEnd.reserve(m_data.workloads.size());
        for (std::size_t i = 0; i < m_data.workloads.size(); ++i) {
            priceRunRate(i, m_report.workloads[i], m_data.workloads[i]);
            m_runRateFindingsEnd.push_back(m_report.findings.size());
        }
        m_runRateFindings.assign(m_report.findings.begin() +
                                     static_cast<std::ptrdiff_t>(m_prefaceFindings),
                                 m_report.findings.end());
        m_report.findings.resize(m_prefaceFindings);
        m_findingKeys.clear();
        for (const Finding& f : m_report.findings)
            m_findingKeys.insert(findingKey(f.code, f.objectId));
        m_oneTime.assign(m_data.workloads.size(), CategoryAmounts{});
        collectSources();
    }

    /// The report for one timeline of the prepared plan.
    CostReport price(const Timeline& timeline) {
        indexTimeline(timeline);
        m_findingKeys.reserve(m_findingKeys.size() + m_runRateFindings.size() +
                              m_data.dependencies.size());
        std::size_t replayed = 0;
        for (std::size_t i = 0; i < m_data.workloads.size(); ++i) {
            for (; replayed < m_runRateFindingsEnd[i] - m_prefaceFindings; ++replayed) {
                const Finding& f = m_runRateFindings[replayed];
                addFinding(f.severity, f.code, f.message, f.objectId);
            }
            if (m_report.workloads[i].wave > 0)
                priceOneTime(i, m_data.workloads[i]);
        }
        for (std::size_t d = 0; d < m_data.dependencies.size(); ++d)
            priceSplitTraffic(m_data.dependencies[d], d);
        settleTieredEgress();
        for (std::size_t i = 0; i < m_report.workloads.size(); ++i)
            writeCategories(m_oneTime[i], m_report.workloads[i].oneTime);
        totalUp();
        projectTco();
        return std::move(m_report);
    }

private:
    void index() {
        for (std::size_t i = 0; i < m_data.sites.size(); ++i)
            m_siteIndex.emplace(m_data.sites[i].id, i);
        // A repeated workload id stands for its first workload: everything found by id is kept
        // at that first index and read through m_firstAt.
        const std::size_t n = m_data.workloads.size();
        m_workloadIndex.build(m_data.workloads, m_firstAt);
        std::vector<const Mapping*> mappingOf(n, nullptr);
        for (const Mapping& mapping : m_data.mappings) {
            if (const auto at = workloadAt(mapping.workload); at && !mappingOf[*at])
                mappingOf[*at] = &mapping;
        }
        std::vector<int> waveOf(n, 0);
        std::vector<char> waveSet(n, 0);
        for (const PlannedWave& wave : m_plan.waves) {
            for (const std::string& id : wave.workloads) {
                if (const auto at = workloadAt(id); at && !waveSet[*at]) {
                    waveOf[*at] = wave.number;
                    waveSet[*at] = 1;
                }
            }
        }
        for (const Placement& placement : m_plan.placements) {
            if (const auto at = workloadAt(placement.workload))
                waveOf[*at] = placement.wave;
        }
        m_tiered.assign(m_data.sites.size(), {});
        for (const auto& [id, index] :
             std::map<std::string, std::size_t>(m_siteIndex.begin(), m_siteIndex.end()))
            m_sitesById.push_back(index);
        // Direct links between every two sites, and links by id.
        const std::size_t sites = m_data.sites.size();
        m_directLink.assign(sites * sites, nullptr);
        // As ferry::model::linkBetween: usable links only, the widest, then the smallest id.
        for (const Link& link : m_data.links) {
            if (!std::isfinite(link.bandwidthMbps) || !(link.bandwidthMbps > 0) ||
                link.from == link.to)
                continue;
            const auto from = m_siteIndex.find(link.from);
            const auto to = m_siteIndex.find(link.to);
            if (from == m_siteIndex.end() || to == m_siteIndex.end())
                continue;
            for (const std::size_t slot :
                 {from->second * sites + to->second, to->second * sites + from->second}) {
                const Link*& best = m_directLink[slot];
                if (!best || link.bandwidthMbps > best->bandwidthMbps ||
                    (link.bandwidthMbps == best->bandwidthMbps && link.id < best->id))
                    best = &link;
            }
        }
        for (std::size_t i = 0; i < m_data.links.size(); ++i)
            m_linksById[m_data.links[i].id].push_back(i);
        // The same by workload index, for the loops over workloads and dependencies.
        m_waveAt.resize(n);
        m_mappingAt.resize(n);
        m_sourceAt.resize(n);
        m_targetAt.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const Workload& w = m_data.workloads[i];
            m_waveAt[i] = waveOf[m_firstAt[i]];
            m_mappingAt[i] = mappingOf[m_firstAt[i]];
            m_sourceAt[i] = site(w.site);
            m_targetAt[i] = m_mappingAt[i] ? site(m_mappingAt[i]->targetSite) : nullptr;
        }
        m_dependencyEnds.reserve(m_data.dependencies.size());
        for (const Dependency& dependency : m_data.dependencies) {
            const auto from = m_workloadIndex.find(dependency.from);
            const auto to = m_workloadIndex.find(dependency.to);
            m_dependencyEnds.emplace_back(from ? static_cast<long>(*from) : -1,
                                          to ? static_cast<long>(*to) : -1);
        }
    }

    void indexTimeline(const Timeline& timeline) {
        const std::size_t n = m_data.workloads.size();
        std::vector<const WorkloadTiming*> timingOf(n, nullptr);
        for (const WorkloadTiming& timing : timeline.workloads) {
            if (const auto at = workloadAt(timing.workload); at && !timingOf[*at])
                timingOf[*at] = &timing;
        }
        m_timingAt.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            m_timingAt[i] = timingOf[m_firstAt[i]];
        {
            // Rows come grouped by workload: look each id up once.
            m_rowsAt.assign(m_data.workloads.size(), {});
            const std::string* lastId = nullptr;
            std::size_t last = 0;
            bool known = false;
            for (const GanttRow& row : timeline.rows) {
                if (!lastId || row.workload != *lastId) {
                    const auto at = m_workloadIndex.find(row.workload);
                    known = at.has_value();
                    last = known ? *at : 0;
                    lastId = &row.workload;
                }
                if (known)
                    m_rowsAt[last].push_back(&row);
            }
        }
        m_endHours = timeline.totalHours;
        for (const WorkloadTiming& timing : timeline.workloads)
            m_endHours = std::max(m_endHours, timing.cutoverEndHours);
        // Like cutoverEnd(): the first timing of a workload, 0 when it has none.
        m_cutoverEndAt.assign(m_data.workloads.size(), 0.0);
        for (std::size_t i = 0; i < m_data.workloads.size(); ++i) {
            if (const WorkloadTiming* t = m_timingAt[i])
                m_cutoverEndAt[i] = t->cutoverEndHours;
        }
    }

    static std::string findingKey(const std::string& code, const std::string& objectId) {
        std::string key;
        key.reserve(code.size() + objectId.size() + 1);
        key.append(code).push_back('\0');
        key.append(objectId);
        return key;
    }

    const ProviderPrices& prices(Provider provider) const {
        return m_prices[static_cast<std::size_t>(provider)];
    }

    const Site* site(const std::string& id) const {
        const auto it = m_siteIndex.find(id);
        return it == m_siteIndex.end() ? nullptr : &m_data.sites[it->second];
    }
    /// Index of the first workload with an id.
    std::optional<std::size_t> workloadAt(const std::string& id) const {
        return m_workloadIndex.find(id);
    }

    void addFinding(Severity severity, std::string code, std::string message,
                    std::string objectId) {
        if (!m_findingKeys.insert(findingKey(code, objectId)).second)
            return;
        m_report.findings.push_back(
            Finding{severity, std::move(code), std::move(message), std::move(objectId), {}});
    }

    void checkCurrency() {
        std::set<std::string> mismatched;
        for (const Site& s : m_data.sites) {
            const std::string currency = m_catalog.currency(s.provider);
            if (!currency.empty() && upper(currency) != upper(m_data.info.currency))
                mismatched.insert(currency);
        }
        for (const std::string& currency : mismatched) {
            addFinding(Severity::Warning, "cost.currency_mismatch",
                       "The project's currency is " + m_data.info.currency +
                           " but catalog prices are in " + currency +
                           "; they were not converted, so the totals mix currencies. Set "
                           "price_overrides in " +
                           m_data.info.currency + " or change the project currency to " + currency +
                           ".",
                       "");
        }
    }

    /// Same choice as the wave planner: the widest direct link, then the smallest id; the
    /// preferred link first when it joins the two sites. Sites are the project's own.
    const Link* linkBetween(const Site& a, const Site& b, const std::string& preferred = {}) const {
        if (!preferred.empty()) {
            const auto named = m_linksById.find(preferred);
            if (named != m_linksById.end()) {
                for (std::size_t i : named->second) {
                    const Link& l = m_data.links[i];
                    if ((l.from == a.id && l.to == b.id) || (l.from == b.id && l.to == a.id))
                        return &l;
                }
            }
        }
        const auto n = m_data.sites.size();
        const auto ia = static_cast<std::size_t>(&a - m_data.sites.data());
        const auto ib = static_cast<std::size_t>(&b - m_data.sites.data());
        return m_directLink[ia * n + ib];
    }

    /// Price of sending data from one site to another: the link's own egress price, else free
    /// within a site or region, inter-region within a provider, or the sender's internet tiers.
    TransferPrice transferPrice(const Site& from, const Site& to, const Link* link) {
        if (link && link->egressPricePerGb)
            return {TransferPrice::Kind::Flat, *link->egressPricePerGb, from.provider};
        if (from.id == to.id)
            return {TransferPrice::Kind::Free, 0, from.provider};
        if (!prices(from.provider).hasCatalog) {
            addFinding(Severity::Warning, "cost.no_catalog",
                       "Site " + quoted(from.id) + " is run by '" +
                           std::string(toString(from.provider)) +
                           "', which has no pricing catalog; traffic leaving it is counted as 0. "
                           "Set egress_price_per_gb on its links to price it.",
                       from.id);
            return {TransferPrice::Kind::Unpriced, 0, from.provider};
        }
        if (from.provider == to.provider) {
            if (!from.region.empty() && from.region == to.region)
                return {TransferPrice::Kind::Free, 0, from.provider};
            return {TransferPrice::Kind::Flat, prices(from.provider).interRegionPerGb,
                    from.provider};
        }
        return {TransferPrice::Kind::Tiered, 0, from.provider};
    }

    /// Books gb spread over months as leaving a site: flat prices now, tiered ones later.
    void bookTraffic(std::size_t workload, std::size_t category, const Site& from,
                     const TransferPrice& price, const MonthAmounts& months) {
        double gb = 0;
        for (const auto& [month, amount] : months)
            gb += amount;
        if (price.kind == TransferPrice::Kind::Flat) {
            m_oneTime[workload][category] += gb * price.perGb;
        } else if (price.kind == TransferPrice::Kind::Tiered) {
            for (const auto& [month, amount] : months)
                m_tiered[static_cast<std::size_t>(&from - m_data.sites.data())][month].push_back(
                    TierShare{workload, category, amount});
        }
    }

    /// GB the timeline moves for a workload, by plan month.
    const MonthAmounts& movedByMonth(std::size_t index, const Workload& workload,
                                     const WorkloadTiming* t) {
        MonthAmounts& months = m_months;
        months.clear();
        const double total = t ? t->gbMoved : workload.sizeGb;
        double rowsGb = 0;
        const std::vector<const GanttRow*>& rows = m_rowsAt[index];
        for (const GanttRow* row : rows)
            rowsGb += std::max(0.0, row->gb);
        if (rowsGb > 0) {
            // The bars give the shape; the workload's gbMoved gives the amount.
            const double scale = total > 0 ? total / rowsGb : 1.0;
            for (const GanttRow* row : rows)
                spreadOverMonths(std::max(0.0, row->gb) * scale, row->startHours, row->endHours,
                                 months);
        } else if (t) {
            spreadOverMonths(total, t->startHours, t->cutoverEndHours, months);
        } else {
            spreadOverMonths(total, 0, 0, months);
        }
        return months;
    }

    void priceOneTime(std::size_t index, const Workload& w) {
        CategoryAmounts& cost = m_oneTime[index];
        const Site* source = m_sourceAt[index];
        const Site* target = m_targetAt[index];
        if (!source || !target)
            return; // the validator reports unknown sites and missing mappings
        const WorkloadTiming* t = m_timingAt[index];
        if (!t) {
            addFinding(Severity::Warning, "cost.no_timing",
                       "Workload " + quoted(w.id) +
                           " is in the plan but not in the simulated timeline; its data is "
                           "priced as moved in month 1 with no dual running. Fix the timeline "
                           "findings for it.",
                       w.id);
        }
        const double gbMoved = t ? t->gbMoved : w.sizeGb;

        // Egress: everything the timeline moves, priced at the source.
        const Link* link = linkBetween(*source, *target, t ? t->link : std::string());
        const TransferPrice price = transferPrice(*source, *target, link);
        bookTraffic(index, kEgressAt, *source, price, movedByMonth(index, w, t));

        if (isStorageKind(w.kind)) {
            // Requests: PUT each object moved on the target; GET it and LIST the bucket on the
            // source, one listing per pass (full copy, each sync, final delta).
            const double objectsMoved = gbMoved * kBytesPerGb / kAverageObjectBytes;
            const double objectsStored = w.sizeGb * kBytesPerGb / kAverageObjectBytes;
            const double passes = t ? t->syncs + 2.0 : 1.0;
            const double requests =
                objectsMoved / 1000.0 * prices(target->provider).putPer1000 +
                objectsMoved / 1000.0 * prices(source->provider).getPer1000 +
                passes * objectsStored / 1000.0 / 1000.0 * prices(source->provider).listPer1000;
            cost[kRequestsAt] += requests;

            // Transfer service of the target cloud, or of the source cloud when leaving it.
            const Provider service =
                isCloud(target->provider) ? target->provider : source->provider;
            cost[kTransferServiceAt] += gbMoved * prices(service).transferServicePerGb;
        }

        if (t) {
            const double hybridHours = std::max(0.0, t->cutoverEndHours - t->startHours);
            cost[kDualRunningAt] +=
                w.monthlyCost * m_assumptions.dualRunningShare * hybridHours / kHoursPerMonth;
        }
    }

    void priceRunRate(std::size_t index, WorkloadCost& cost, const Workload& w) {
        const Mapping* m = m_mappingAt[index];
        const Site* here = m_sourceAt[index];
        const std::string hereName = here ? here->id : w.site;
        if (!m) {
            cost.monthlyAfter = w.monthlyCost;
            cost.targetPricing =
                "not mapped: stays on " + quoted(hereName) + " at its current cost";
            return;
        }
        if (m->strategy == Strategy::Retire) {
            cost.monthlyAfter = 0;
            cost.targetPricing = "retired: no run-rate after the migration";
            return;
        }
        if (m->strategy == Strategy::Retain) {
            cost.monthlyAfter = w.monthlyCost;
            cost.targetPricing = "retained: stays on " + quoted(hereName) + " at its current cost";
            return;
        }
        if (cost.wave == 0) {
            cost.monthlyAfter = w.monthlyCost;
            cost.targetPricing =
                "not in the plan: stays on " + quoted(hereName) + " at its current cost";
            return;
        }
        const Site* target = m_targetAt[index];
        if (!target) {
            cost.monthlyAfter = w.monthlyCost;
            cost.targetPricing = "unknown target site: priced at its current cost";
            return;
        }
        if (!m_answers.hasCatalog(target->provider)) {
            cost.monthlyAfter = w.monthlyCost;
            cost.targetPricing = "no pricing catalog for '" +
                                 std::string(toString(target->provider)) +
                                 "': priced at its current cost";
            addFinding(Severity::Warning, "cost.no_catalog",
                       "Site " + quoted(target->id) + " is run by '" +
                           std::string(toString(target->provider)) +
                           "', which has no pricing catalog; workloads moving there keep their "
                           "current monthly cost.",
                       target->id);
            return;
        }
        if (const auto& rates = m_answers.internalRates(target->provider)) {
            priceOnInternalRates(cost, w, *target, *rates);
            return;
        }
        priceOnCloud(cost, w, *m, *target);
        if (isStorageKind(w.kind)) {
            cost.targetPricing += "; requests estimated at one object per " +
                                  num(kAverageObjectBytes / (1024 * 1024)) + " MiB";
        }
    }

    void priceOnInternalRates(WorkloadCost& cost, const Workload& w, const Site& target,
                              const InternalRates& rates) {
        cost.monthlyAfter = w.vcpu * rates.perVcpuMonth + w.memoryGb * rates.perGbRamMonth +
                            w.sizeGb * rates.perGbStorageMonth;
        cost.targetPricing = std::string(toString(target.provider)) +
                             " internal rates: " + num(w.vcpu) + " vCPU x " +
                             num(rates.perVcpuMonth) + " + " + num(w.memoryGb) + " GB RAM x " +
                             num(rates.perGbRamMonth) + " + " + num(w.sizeGb) + " GB storage x " +
                             num(rates.perGbStorageMonth) + " per month";
    }

    /// Instance price per month plus block storage for the workload's data.
    void priceInstance(WorkloadCost& cost, const Workload& w, Provider provider,
                       const ComputeOffer& offer, double count, const std::string& why) {
        const double block = m_answers.blockPerGbMonth(provider);
        cost.monthlyAfter = count * offer.hourly * kHoursPerMonth + w.sizeGb * block;
        cost.targetPricing = std::string(toString(provider)) + " " +
                             (count > 1 ? num(count) + " x " : std::string()) + offer.type + why +
                             ": " + num(offer.hourly) + "/h x " + num(kHoursPerMonth) + " h + " +
                             num(w.sizeGb) + " GB block storage x " + num(block) + "/GB-month";
    }

    /// The cheapest instance that fits the workload, or enough of the largest one.
    void priceFittingInstance(WorkloadCost& cost, const Workload& w, Provider provider,
                              const std::string& why) {
        if (const auto& offer = m_answers.fittingInstance(provider, w.vcpu, w.memoryGb)) {
            priceInstance(cost, w, provider, *offer, 1,
                          " (" + why + "; cheapest type with at least " + num(w.vcpu) +
                              " vCPU and " + num(w.memoryGb) + " GB)");
            return;
        }
        const auto& largest = m_answers.largestInstance(provider);
        if (!largest) {
            cost.monthlyAfter = w.monthlyCost;
            cost.targetPricing = "no instance types in the catalog: priced at its current cost";
            return;
        }
        const double count =
            std::ceil(std::max(static_cast<double>(w.vcpu) / std::max(1, largest->vcpu),
                               w.memoryGb / std::max(1e-9, largest->memoryGb)));
        priceInstance(cost, w, provider, *largest, count,
                      " (" + why + "; no single type is big enough)");
        addFinding(Severity::Warning, "cost.no_fitting_instance",
                   "No " + std::string(toString(provider)) + " instance type in the catalog has " +
                       num(w.vcpu) + " vCPU and " + num(w.memoryGb) + " GB for workload " +
                       quoted(w.id) + "; it is priced as " + num(count) + " x " + largest->type +
                       ". Name a target service to price it exactly.",
                   w.id);
    }

    void priceOnCloud(WorkloadCost& cost, const Workload& w, const Mapping& m, const Site& target) {
        const Provider provider = target.provider;
        const std::string providerName(toString(provider));
        CatalogAnswers::Service& service = m_answers.service(provider, m.targetService);
        const auto& match = service.match;
        if (!match) {
            const bool unnamed = m.targetService.find_first_not_of(" \t") == std::string::npos;
            const std::string why =
                unnamed ? "no target service named"
                        : "target service '" + m.targetService + "' not in the catalog";
            if (isStorageKind(w.kind)) {
                const double price = m_answers.standardObjectPerGbMonth(provider);
                cost.monthlyAfter = w.sizeGb * price;
                cost.targetPricing = providerName + " object storage standard (" + why +
                                     "): " + num(w.sizeGb) + " GB x " + num(price) + "/GB-month";
            } else {
                priceFittingInstance(cost, w, provider, why);
            }
            addFinding(Severity::Info,
                       unnamed ? "cost.no_target_service" : "cost.unknown_target_service",
                       "Workload " + quoted(w.id) + " has " + why + " for " + providerName +
                           "; its run-rate is estimated as " + cost.targetPricing +
                           ". Name a catalog service (docs/pricing.md) to price it exactly.",
                       w.id);
            return;
        }
        switch (match->kind) {
        case ServiceMatch::Kind::Instance: {
            const auto& hourly = service.instanceHourly;
            ComputeOffer offer{match->name, 0, 0, hourly.value_or(0)};
            priceInstance(cost, w, provider, offer, 1, "");
            return;
        }
        case ServiceMatch::Kind::ManagedDatabase: {
            std::optional<ComputeOffer> size;
            std::string why;
            if (!match->size.empty()) {
                size = service.namedDatabaseSize;
            } else {
                size = m_answers.fittingDatabase(provider, service, w.vcpu, w.memoryGb);
                why = " (cheapest size with at least " + num(w.vcpu) + " vCPU and " +
                      num(w.memoryGb) + " GB)";
                if (!size) {
                    size = service.smallestDatabase;
                    why = " (no size is big enough; smallest size used)";
                    addFinding(Severity::Warning, "cost.no_fitting_size",
                               "No size of " + match->name + " has " + num(w.vcpu) + " vCPU and " +
                                   num(w.memoryGb) + " GB for workload " + quoted(w.id) +
                                   "; it is priced at the smallest size. Name a size, e.g. " +
                                   match->name + ":<size>, to price it exactly.",
                               w.id);
                }
            }
            const double storage = service.databaseStoragePerGbMonth;
            const double hourly = size ? size->hourly : 0;
            cost.monthlyAfter = hourly * kHoursPerMonth + w.sizeGb * storage;
            cost.targetPricing = providerName + " " + match->name + " " +
                                 (size ? size->type : std::string("?")) + why + ": " + num(hourly) +
                                 "/h x " + num(kHoursPerMonth) + " h + " + num(w.sizeGb) +
                                 " GB storage x " + num(storage) + "/GB-month";
            return;
        }
        case ServiceMatch::Kind::ObjectStorage: {
            const double price = service.objectPerGbMonth;
            cost.monthlyAfter = w.sizeGb * price;
            cost.targetPricing = providerName + " object storage " + match->name + ": " +
                                 num(w.sizeGb) + " GB x " + num(price) + "/GB-month";
            return;
        }
        case ServiceMatch::Kind::BlockStorage: {
            const double price = m_answers.blockPerGbMonth(provider);
            cost.monthlyAfter = w.sizeGb * price;
            cost.targetPricing = providerName + " block storage: " + num(w.sizeGb) + " GB x " +
                                 num(price) + "/GB-month";
            return;
        }
        }
    }

    /// Where a workload (by index) runs at an hour of the plan: its target once its cutover
    /// ended.
    const Site* siteAt(std::size_t w, double hours) const {
        if (m_waveAt[w] > 0 && hours >= m_cutoverEndAt[w]) {
            if (const Site* target = m_targetAt[w])
                return target;
        }
        return m_sourceAt[w];
    }

    /// Traffic of a dependency while its ends are on different sites because one has moved.
    void priceSplitTraffic(const Dependency& dependency, std::size_t index) {
        if (dependency.trafficGbPerDay <= 0)
            return;
        const auto ends = m_dependencyEnds[index];
        if (ends.first < 0 || ends.second < 0)
            return;
        const auto from = static_cast<std::size_t>(ends.first);
        const auto to = static_cast<std::size_t>(ends.second);
        const bool fromPlanned = m_waveAt[from] > 0;
        const bool toPlanned = m_waveAt[to] > 0;
        if (!fromPlanned && !toPlanned)
            return;
        // The dependent pays for it when it is in the plan, else the workload it depends on.
        const std::size_t payer = fromPlanned ? from : to;

        std::array<double, 4> cutSlots{0.0, m_endHours};
        std::size_t cutCount = 2;
        if (fromPlanned)
            cutSlots[cutCount++] = m_cutoverEndAt[from];
        if (toPlanned)
            cutSlots[cutCount++] = m_cutoverEndAt[to];
        std::sort(cutSlots.begin(), cutSlots.begin() + static_cast<std::ptrdiff_t>(cutCount));
        const std::span<const double> cuts(
            cutSlots.data(),
            static_cast<std::size_t>(
                std::unique(cutSlots.begin(),
                            cutSlots.begin() + static_cast<std::ptrdiff_t>(cutCount)) -
                cutSlots.begin()));
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
            const double start = std::max(0.0, cuts[i]);
            const double end = std::min(m_endHours, cuts[i + 1]);
            if (end <= start)
                continue;
            const double mid = (start + end) / 2;
            const bool moved = (fromPlanned && mid >= m_cutoverEndAt[from]) ||
                               (toPlanned && mid >= m_cutoverEndAt[to]);
            const Site* fromSite = siteAt(from, mid);
            const Site* toSite = siteAt(to, mid);
            if (!moved || !fromSite || !toSite || fromSite->id == toSite->id)
                continue;
            // Responses flow from the workload depended on to its dependent.
            const TransferPrice price =
                transferPrice(*toSite, *fromSite, linkBetween(*toSite, *fromSite));
            MonthAmounts& months = m_months;
            months.clear();
            spreadOverMonths(dependency.trafficGbPerDay * (end - start) / kHoursPerDay, start, end,
                             months);
            bookTraffic(payer, kCrossSiteTrafficAt, *toSite, price, months);
        }
        warnIfSplitForGood(dependency, from, to);
    }

    void warnIfSplitForGood(const Dependency& dependency, std::size_t from, std::size_t to) {
        const double after = m_endHours + 1;
        const Site* fromSite = siteAt(from, after);
        const Site* toSite = siteAt(to, after);
        if (!fromSite || !toSite || fromSite->id == toSite->id)
            return;
        const TransferPrice price =
            transferPrice(*toSite, *fromSite, linkBetween(*toSite, *fromSite));
        const double gbPerMonth = dependency.trafficGbPerDay * kHoursPerMonth / kHoursPerDay;
        double monthly = 0;
        if (price.kind == TransferPrice::Kind::Flat)
            monthly = gbPerMonth * price.perGb;
        else if (price.kind == TransferPrice::Kind::Tiered)
            monthly = prices(price.provider).internetEgressCost(gbPerMonth);
        if (monthly <= 0)
            return;
        // One dependency, one finding: the message is built in one buffer, as there can be
        // hundreds of thousands.
        std::string id = dependency.id();
        const std::string gb = num(gbPerMonth);
        const std::string money = num(monthly);
        std::string message;
        message.reserve(180 + 2 * id.size() + toSite->id.size() + fromSite->id.size());
        message.append("Dependency '")
            .append(id)
            .append("' stays split between '")
            .append(toSite->id)
            .append("' and '")
            .append(fromSite->id)
            .append("' after the migration: about ")
            .append(gb)
            .append(" GB a month costing ")
            .append(money)
            .append(" ")
            .append(m_data.info.currency)
            .append(" a month, not included in the run-rate. Move both ends or plan for it.");
        addFinding(Severity::Warning, "cost.split_after_migration", std::move(message),
                   std::move(id));
    }

    /// Prices each source site's internet egress per month on its tiers and shares the cost out
    /// in proportion to the GB each workload and category sent.
    void settleTieredEgress() {
        // Sites in id order, as the totals have always been added up.
        for (std::size_t siteIndex : m_sitesById) {
            const Site* s = &m_data.sites[siteIndex];
            for (const auto& [month, shares] : m_tiered[siteIndex]) {
                double total = 0;
                for (const TierShare& share : shares)
                    total += share.gb;
                if (total <= 0)
                    continue;
                const double cost = prices(s->provider).internetEgressCost(total);
                for (const TierShare& share : shares)
                    m_oneTime[share.workload][share.category] += cost * share.gb / total;
            }
        }
    }

    void totalUp() {
        std::map<int, std::size_t> waveIndex;
        for (const PlannedWave& wave : m_plan.waves) {
            waveIndex.emplace(wave.number, m_report.waves.size());
            m_report.waves.push_back(WaveCost{wave.number, zeroCategories(), 0});
        }
        CategoryAmounts byCategory{};
        std::vector<CategoryAmounts> byWave(m_report.waves.size(), CategoryAmounts{});
        std::size_t lastWaveNumber = 0;
        auto lastWave = waveIndex.end();
        for (std::size_t i = 0; i < m_report.workloads.size(); ++i) {
            WorkloadCost& cost = m_report.workloads[i];
            cost.oneTimeTotal = 0;
            for (const auto& [category, amount] : cost.oneTime)
                cost.oneTimeTotal += amount;
            if (lastWave == waveIndex.end() || static_cast<int>(lastWaveNumber) != cost.wave) {
                lastWave = waveIndex.find(cost.wave);
                lastWaveNumber = static_cast<std::size_t>(cost.wave);
            }
            const auto wave = lastWave;
            for (std::size_t c = 0; c < kCategories.size(); ++c) {
                byCategory[c] += m_oneTime[i][c];
                if (wave != waveIndex.end())
                    byWave[wave->second][c] += m_oneTime[i][c];
            }
            if (wave != waveIndex.end())
                m_report.waves[wave->second].oneTimeTotal += cost.oneTimeTotal;
            m_report.oneTimeTotal += cost.oneTimeTotal;
            m_report.monthlyBefore += cost.monthlyBefore;
            m_report.monthlyAfter += cost.monthlyAfter;
        }
        writeCategories(byCategory, m_report.oneTimeByCategory);
        for (std::size_t w = 0; w < byWave.size(); ++w)
            writeCategories(byWave[w], m_report.waves[w].oneTime);
    }

    /// Cumulative cost of staying and of migrating, month by month, and the break-even month.
    void projectTco() {
        const int horizon = m_report.horizonMonths;
        // 1-based month from which each workload runs at its after rate.
        std::vector<int> switchMonth(m_data.workloads.size(), horizon + 1);
        for (std::size_t i = 0; i < m_data.workloads.size(); ++i) {
            const Mapping* m = m_mappingAt[i];
            if (m_waveAt[i] > 0)
                switchMonth[i] = monthOf(m_timingAt[i] ? m_timingAt[i]->cutoverEndHours : 0.0) + 1;
            else if (m && m->strategy == Strategy::Retire)
                switchMonth[i] = monthOf(m_endHours) + 1; // decommissioned with the estate
        }
        double stay = 0;
        double migrate = m_report.oneTimeTotal;
        for (int month = 1; month <= horizon; ++month) {
            stay += m_report.monthlyBefore;
            for (std::size_t i = 0; i < m_report.workloads.size(); ++i) {
                const WorkloadCost& cost = m_report.workloads[i];
                migrate += month >= switchMonth[i] ? cost.monthlyAfter : cost.monthlyBefore;
            }
            m_report.cumulativeStay.push_back(stay);
            m_report.cumulativeMigrate.push_back(migrate);
            const double tolerance = 1e-9 * std::max(1.0, std::abs(stay));
            if (!m_report.breakEvenMonth && migrate <= stay + tolerance)
                m_report.breakEvenMonth = month;
        }
    }

    void collectSources() {
        std::set<std::string> providers;
        for (const Site& s : m_data.sites)
            providers.insert(std::string(toString(s.provider)));
        for (PriceSource& source : m_catalog.sources()) {
            if (providers.count(source.provider))
                m_report.sources.push_back(std::move(source));
        }
    }

    const ProjectData& m_data;
    const PlanAssumptions& m_assumptions;
    const WavePlan& m_plan;
    const PricingCatalog& m_catalog;

    std::array<ProviderPrices, kProviders.size()> m_prices; // By Provider value.
    std::vector<const Link*> m_directLink;                  // By site index pair (a * sites + b).
    std::unordered_map<std::string, std::vector<std::size_t>> m_linksById;
    std::vector<int> m_waveAt;                           // By workload index.
    std::vector<const Site*> m_sourceAt;                 // By workload index.
    std::vector<const Site*> m_targetAt;                 // By workload index.
    std::vector<double> m_cutoverEndAt;                  // By workload index, per timeline.
    std::vector<std::pair<long, long>> m_dependencyEnds; // Workload indexes or -1.
    std::unordered_set<std::string> m_findingKeys;       // code and object of every finding
    std::size_t m_prefaceFindings = 0;                   // findings before the run-rates
    std::vector<Finding> m_runRateFindings;              // in workload order
    std::vector<std::size_t> m_runRateFindingsEnd;       // per workload: end in m_report.findings
    std::unordered_map<std::string, std::size_t> m_siteIndex;
    WorkloadIdIndex m_workloadIndex;
    std::vector<std::size_t> m_firstAt;                 // By workload index: first with its id.
    std::vector<const Mapping*> m_mappingAt;            // By workload index.
    std::vector<const WorkloadTiming*> m_timingAt;      // By workload index, per timeline.
    std::vector<CategoryAmounts> m_oneTime;             // By workload index.
    MonthAmounts m_months;                              // Scratch for traffic by month.
    std::vector<std::vector<const GanttRow*>> m_rowsAt; // By workload index.
    /// Internet egress by source site and 0-based plan month, to be priced on the tiers.
    std::vector<std::map<int, std::vector<TierShare>>> m_tiered; // By site index.
    std::vector<std::size_t> m_sitesById; // Indexes of the sites, first of each id, by id.
    double m_endHours = 0;
    CatalogAnswers m_answers;
    CostReport m_report;
};

} // namespace

CostReport CostModel::estimate(const ProjectData& data, const PlanAssumptions& assumptions,
                               const WavePlan& plan, const Timeline& timeline,
                               const PricingCatalog& catalog) {
    Estimator estimator(data, assumptions, plan, catalog);
    estimator.prepare();
    return estimator.price(timeline);
}

class PlanCostModel::Prepared : public Estimator {
    using Estimator::Estimator;
};

PlanCostModel::PlanCostModel(const ProjectData& data, const PlanAssumptions& assumptions,
                             const WavePlan& plan, const PricingCatalog& catalog)
    : m_prepared(std::make_unique<Prepared>(data, assumptions, plan, catalog)) {
    m_prepared->prepare();
}

PlanCostModel::~PlanCostModel() = default;

CostReport PlanCostModel::estimate(const Timeline& timeline) const {
    Estimator copy(*m_prepared);
    return copy.price(timeline);
}

} // namespace ferry::model
