#include <ferry/model/InventoryImport.hpp>

#include "CsvReader.hpp"
#include "ValueChecks.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

namespace ferry::model {
namespace {

using detail::CsvReader;
using detail::CsvRecord;

// What a column feeds; several fields (one per unit) can feed the same target.
enum class Target {
    Id,
    Name,
    Kind,
    Site,
    Size,
    ChangeRate,
    Vcpu,
    Memory,
    MonthlyCost,
    Criticality,
    Owner,
    Endpoint,
    Region,
    Provider,
    Os,
    Cluster,
    Host,
    PowerState,
    Tags,
    Application,
    Ignore
};
constexpr std::size_t kTargetCount = static_cast<std::size_t>(Target::Ignore) + 1;

// The unit a size or memory column counts in.
enum class Unit { None, Gb, Mb, Kib, Mib, Gib };

struct FieldInfo {
    InventoryField field;
    std::string_view name;
    Target target;
    Unit unit;
};

constexpr std::array kFieldInfo{
    FieldInfo{InventoryField::Id, "id", Target::Id, Unit::None},
    FieldInfo{InventoryField::Name, "name", Target::Name, Unit::None},
    FieldInfo{InventoryField::Kind, "kind", Target::Kind, Unit::None},
    FieldInfo{InventoryField::Site, "site", Target::Site, Unit::None},
    FieldInfo{InventoryField::SizeGb, "size_gb", Target::Size, Unit::Gb},
    FieldInfo{InventoryField::SizeMb, "size_mb", Target::Size, Unit::Mb},
    FieldInfo{InventoryField::SizeKib, "size_kib", Target::Size, Unit::Kib},
    FieldInfo{InventoryField::SizeMib, "size_mib", Target::Size, Unit::Mib},
    FieldInfo{InventoryField::SizeGib, "size_gib", Target::Size, Unit::Gib},
    FieldInfo{InventoryField::ChangeRateGbPerDay, "change_rate_gb_per_day", Target::ChangeRate,
              Unit::Gb},
    FieldInfo{InventoryField::Vcpu, "vcpu", Target::Vcpu, Unit::None},
    FieldInfo{InventoryField::MemoryGb, "memory_gb", Target::Memory, Unit::Gb},
    FieldInfo{InventoryField::MemoryMb, "memory_mb", Target::Memory, Unit::Mb},
    FieldInfo{InventoryField::MemoryKib, "memory_kib", Target::Memory, Unit::Kib},
    FieldInfo{InventoryField::MemoryMib, "memory_mib", Target::Memory, Unit::Mib},
    FieldInfo{InventoryField::MonthlyCost, "monthly_cost", Target::MonthlyCost, Unit::None},
    FieldInfo{InventoryField::Criticality, "criticality", Target::Criticality, Unit::None},
    FieldInfo{InventoryField::Owner, "owner", Target::Owner, Unit::None},
    FieldInfo{InventoryField::Tags, "tags", Target::Tags, Unit::None},
    FieldInfo{InventoryField::Endpoint, "endpoint", Target::Endpoint, Unit::None},
    FieldInfo{InventoryField::Region, "site_region", Target::Region, Unit::None},
    FieldInfo{InventoryField::Provider, "site_provider", Target::Provider, Unit::None},
    FieldInfo{InventoryField::Os, "os", Target::Os, Unit::None},
    FieldInfo{InventoryField::Cluster, "cluster", Target::Cluster, Unit::None},
    FieldInfo{InventoryField::Host, "host", Target::Host, Unit::None},
    FieldInfo{InventoryField::PowerState, "power_state", Target::PowerState, Unit::None},
    FieldInfo{InventoryField::Application, "application", Target::Application, Unit::None},
    FieldInfo{InventoryField::Ignore, "ignore", Target::Ignore, Unit::None},
};

const FieldInfo& infoOf(InventoryField field) {
    for (const auto& info : kFieldInfo) {
        if (info.field == field) {
            return info;
        }
    }
    return kFieldInfo.back();
}

// Exact conversion to GB (10^9 bytes): one rounding at most, as the binary factors are powers of 2.
double toGb(double value, Unit unit) {
    switch (unit) {
    case Unit::Mb:
        return value / 1e3;
    case Unit::Kib:
        return value * 1024.0 / 1e9;
    case Unit::Mib:
        return value * 1048576.0 / 1e9;
    case Unit::Gib:
        return value * 1073741824.0 / 1e9;
    case Unit::Gb:
    case Unit::None:
        return value;
    }
    return value;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowerTrimmed(std::string_view s) {
    s = trim(s);
    std::string out(s);
    for (char& c : out) {
        c = lowerAscii(c);
    }
    return out;
}

// Lower case, with spaces and dashes turned into underscores: "File Share" -> "file_share".
void normalizeToken(std::string_view text, std::string& out) {
    text = trim(text);
    out.assign(text);
    for (char& c : out) {
        c = (c == ' ' || c == '-') ? '_' : lowerAscii(c);
    }
}

// A readable id from a name: ASCII letters and digits lower-cased, other ASCII runs become one
// dash, non-ASCII bytes (UTF-8 letters) are kept; at most 64 bytes, cut on a character boundary.
std::string slugify(std::string_view name) {
    std::string out;
    out.reserve(std::min<std::size_t>(name.size(), 64));
    bool dash = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        const bool keep =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (!keep) {
            dash = !out.empty();
            continue;
        }
        if (dash) {
            if (out.size() + 1 >= 64) {
                break;
            }
            out.push_back('-');
            dash = false;
        }
        if (out.size() >= 64 && (c & 0xC0) != 0x80) {
            break;
        }
        out.push_back(lowerAscii(static_cast<char>(c)));
    }
    // Never end inside a UTF-8 sequence.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) {
        std::size_t start = out.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(out[start]) & 0xC0) == 0x80) {
            --start;
        }
        const auto lead = static_cast<unsigned char>(out[start]);
        const std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (out.size() - start >= need) {
            break;
        }
        out.resize(start);
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

// The value as shown in an error: at most 200 bytes, invalid UTF-8 bytes written as \xNN.
std::string displayValue(std::string_view value) {
    std::string out;
    std::size_t i = 0;
    while (i < value.size() && i < 200) {
        const std::string_view rest = value.substr(i, 4);
        const auto bad = detail::firstInvalidUtf8(rest);
        const auto c = static_cast<unsigned char>(value[i]);
        std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (bad && *bad == 0 && !(c < 0x80)) {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
            ++i;
            continue;
        }
        if (i + len > 200) {
            break;
        }
        out.append(value.substr(i, len));
        i += len;
    }
    return out;
}

// Parses a plain non-negative decimal number; returns what is wrong, or an empty string.
std::string parseNumber(std::string_view text, double& out) {
    std::string_view t = trim(text);
    if (!t.empty() && t.front() == '+') {
        t.remove_prefix(1);
    }
    if (t.empty()) {
        return "is not a number";
    }
    const char* end = t.data() + t.size();
    const auto [ptr, ec] = std::from_chars(t.data(), end, out, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
        return "is out of the range of numbers Ferry can hold";
    }
    if (ec != std::errc() || ptr != end) {
        return "is not a number (write digits with a dot for decimals, no units or separators)";
    }
    if (!std::isfinite(out)) {
        return "is not a finite number";
    }
    if (out < 0) {
        return "is negative";
    }
    if (out == 0) {
        out = 0.0; // no negative zero
    }
    return {};
}

std::optional<WorkloadKind> parseKind(std::string_view text, std::string& scratch) {
    normalizeToken(text, scratch);
    if (auto k = workloadKindFromString(scratch)) {
        return k;
    }
    static const std::unordered_map<std::string, WorkloadKind> kAliases{
        {"virtual_machine", WorkloadKind::Vm},
        {"virtualmachine", WorkloadKind::Vm},
        {"server", WorkloadKind::Vm},
        {"instance", WorkloadKind::Vm},
        {"db", WorkloadKind::Database},
        {"rdbms", WorkloadKind::Database},
        {"fileshare", WorkloadKind::FileShare},
        {"share", WorkloadKind::FileShare},
        {"nfs", WorkloadKind::FileShare},
        {"smb", WorkloadKind::FileShare},
        {"cifs", WorkloadKind::FileShare},
        {"nas", WorkloadKind::FileShare},
        {"bucket", WorkloadKind::ObjectBucket},
        {"objectbucket", WorkloadKind::ObjectBucket},
        {"object", WorkloadKind::ObjectBucket},
        {"object_storage", WorkloadKind::ObjectBucket},
        {"s3", WorkloadKind::ObjectBucket},
        {"blob", WorkloadKind::ObjectBucket},
        {"model", WorkloadKind::ModelArtifact},
        {"artifact", WorkloadKind::ModelArtifact},
        {"ml_model", WorkloadKind::ModelArtifact},
        {"modelartifact", WorkloadKind::ModelArtifact},
        {"svc", WorkloadKind::Service},
        {"app", WorkloadKind::Service},
        {"application", WorkloadKind::Service},
        {"microservice", WorkloadKind::Service},
    };
    if (auto it = kAliases.find(scratch); it != kAliases.end()) {
        return it->second;
    }
    return std::nullopt;
}

std::optional<Criticality> parseCriticality(std::string_view text, std::string& scratch) {
    normalizeToken(text, scratch);
    if (auto c = criticalityFromString(scratch)) {
        return c;
    }
    static const std::unordered_map<std::string, Criticality> kAliases{
        {"lo", Criticality::Low},
        {"minor", Criticality::Low},
        {"med", Criticality::Medium},
        {"normal", Criticality::Medium},
        {"moderate", Criticality::Medium},
        {"hi", Criticality::High},
        {"major", Criticality::High},
        {"crit", Criticality::Critical},
        {"mission_critical", Criticality::Critical},
    };
    if (auto it = kAliases.find(scratch); it != kAliases.end()) {
        return it->second;
    }
    return std::nullopt;
}

std::optional<Provider> parseProvider(std::string_view text, std::string& scratch) {
    normalizeToken(text, scratch);
    if (auto p = providerFromString(scratch)) {
        return p;
    }
    static const std::unordered_map<std::string, Provider> kAliases{
        {"on_prem", Provider::OnPrem},     {"on_premise", Provider::OnPrem},
        {"on_premises", Provider::OnPrem}, {"onpremise", Provider::OnPrem},
        {"onpremises", Provider::OnPrem},  {"datacenter", Provider::OnPrem},
        {"amazon", Provider::Aws},         {"microsoft", Provider::Azure},
        {"google", Provider::Gcp},         {"alibaba", Provider::Aliyun},
        {"alicloud", Provider::Aliyun},    {"alibaba_cloud", Provider::Aliyun},
    };
    if (auto it = kAliases.find(scratch); it != kAliases.end()) {
        return it->second;
    }
    return std::nullopt;
}

void addTag(std::vector<std::string>& tags, std::string tag) {
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
        tags.push_back(std::move(tag));
    }
}

// Adds the items of a list value as tags: "a; b" (semicolons), or a JSON array of strings or of
// {"key":..,"value":..} objects as some exports write them.
void addListItems(std::string_view value, std::string_view prefix, std::vector<std::string>& tags) {
    value = trim(value);
    if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
        const auto json = nlohmann::json::parse(value.begin(), value.end(), nullptr, false);
        if (json.is_array()) {
            for (const auto& item : json) {
                std::string text;
                if (item.is_string()) {
                    text = item.get<std::string>();
                } else if (item.is_object() && item.contains("key") && item["key"].is_string()) {
                    text = item["key"].get<std::string>();
                    if (item.contains("value") && item["value"].is_string()) {
                        text += ":" + item["value"].get<std::string>();
                    }
                } else if (item.is_object() && item.contains("name") && item["name"].is_string()) {
                    text = item["name"].get<std::string>();
                }
                const std::string_view t = trim(text);
                if (!t.empty()) {
                    addTag(tags, std::string(prefix) + std::string(t));
                }
            }
            return;
        }
    }
    while (!value.empty()) {
        const auto semi = value.find(';');
        const std::string_view item = trim(value.substr(0, semi));
        if (!item.empty()) {
            addTag(tags, std::string(prefix) + std::string(item));
        }
        if (semi == std::string_view::npos) {
            break;
        }
        value.remove_prefix(semi + 1);
    }
}

struct Source {
    std::size_t column = 0;
    Unit unit = Unit::None;
    int priority = 0;
};

// Which columns feed each target, best first.
struct ColumnPlan {
    std::array<std::vector<Source>, kTargetCount> sources;
    const std::vector<Source>& of(Target t) const { return sources[static_cast<std::size_t>(t)]; }
};

ColumnPlan planColumns(const std::vector<std::string>& headers, const InventoryPreset& preset,
                       const std::map<std::string, InventoryField>& overrides,
                       std::vector<std::string>& unmapped) {
    std::unordered_map<std::string, InventoryField> overrideByHeader;
    for (const auto& [header, field] : overrides) {
        overrideByHeader.emplace(lowerTrimmed(header), field);
    }
    std::unordered_map<std::string, std::pair<InventoryField, int>> presetByHeader;
    for (std::size_t i = 0; i < preset.columns.size(); ++i) {
        presetByHeader.emplace(lowerTrimmed(preset.columns[i].first),
                               std::pair{preset.columns[i].second, static_cast<int>(i)});
    }
    ColumnPlan plan;
    for (std::size_t col = 0; col < headers.size(); ++col) {
        const std::string key = lowerTrimmed(headers[col]);
        std::optional<InventoryField> field;
        int priority = 0;
        if (auto it = overrideByHeader.find(key); it != overrideByHeader.end()) {
            field = it->second;
            priority = -1; // an override beats every preset column
        } else if (auto pit = presetByHeader.find(key); pit != presetByHeader.end()) {
            field = pit->second.first;
            priority = pit->second.second;
        }
        if (!field) {
            if (!key.empty()) {
                unmapped.push_back(headers[col]);
            }
            continue;
        }
        const FieldInfo& info = infoOf(*field);
        plan.sources[static_cast<std::size_t>(info.target)].push_back(
            Source{col, info.unit, priority});
    }
    for (auto& list : plan.sources) {
        std::stable_sort(list.begin(), list.end(),
                         [](const Source& a, const Source& b) { return a.priority < b.priority; });
    }
    return plan;
}

const char* const kSkipHint = "--skip-bad-rows";

// The ids this import has taken: an open-addressing table of positions in the new workloads, so
// a lookup costs one probe and no string is copied.
class TakenIds {
public:
    explicit TakenIds(const std::vector<Workload>& workloads)
        : m_workloads(workloads), m_slots(1024) {}

    // Position of the new workload with this id, or npos.
    std::size_t find(std::string_view id) const {
        const std::uint64_t h = hash(id);
        for (std::size_t i = h & (m_slots.size() - 1);; i = (i + 1) & (m_slots.size() - 1)) {
            const Slot& slot = m_slots[i];
            if (slot.position == 0) {
                return std::string_view::npos;
            }
            if (slot.hash == h && m_workloads[slot.position - 1].id == id) {
                return slot.position - 1;
            }
        }
    }

    // Records the id of the new workload at position.
    void insert(std::size_t position) {
        if (2 * (m_count + 1) > m_slots.size()) {
            grow();
        }
        place(Slot{hash(m_workloads[position].id), position + 1});
        ++m_count;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::size_t position = 0; // 1-based; 0 marks an empty slot
    };

    static std::uint64_t hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

    void place(const Slot& slot) {
        std::size_t i = slot.hash & (m_slots.size() - 1);
        while (m_slots[i].position != 0) {
            i = (i + 1) & (m_slots.size() - 1);
        }
        m_slots[i] = slot;
    }

    void grow() {
        std::vector<Slot> old(m_slots.size() * 2);
        old.swap(m_slots);
        for (const Slot& slot : old) {
            if (slot.position != 0) {
                place(slot);
            }
        }
    }

    const std::vector<Workload>& m_workloads;
    std::vector<Slot> m_slots;
    std::size_t m_count = 0;
};

// Where sites named by rows are found, and the ones this import creates.
class SiteResolver {
public:
    explicit SiteResolver(const std::vector<Site>& sites) {
        for (const auto& s : sites) {
            remember(s.id, s.name);
        }
    }

    // The id of the site value names; a new site in pending if none matches.
    std::string resolve(std::string_view value, std::optional<Site>& pending) {
        const std::string key(value);
        if (m_ids.count(key) != 0) {
            return key;
        }
        if (auto it = m_byName.find(lowerTrimmed(value)); it != m_byName.end()) {
            return it->second;
        }
        std::string slug = slugify(value);
        if (slug.empty()) {
            slug = "site";
        }
        if (m_ids.count(slug) != 0) {
            return slug;
        }
        Site site;
        site.id = slug;
        site.name = std::string(value);
        site.provider = Provider::OnPrem;
        pending = std::move(site);
        return slug;
    }

    void remember(const std::string& id, const std::string& name) {
        m_ids.insert(id);
        m_byName.emplace(lowerTrimmed(name), id);
    }

private:
    std::unordered_set<std::string> m_ids;
    std::unordered_map<std::string, std::string> m_byName;
};

} // namespace

std::string_view toString(InventoryField field) {
    return infoOf(field).name;
}

std::optional<InventoryField> inventoryFieldFromString(std::string_view text) {
    const std::string key = lowerTrimmed(text);
    for (const auto& info : kFieldInfo) {
        if (info.name == key) {
            return info.field;
        }
    }
    return std::nullopt;
}

const std::vector<InventoryPreset>& inventoryPresets() {
    using F = InventoryField;
    static const std::vector<InventoryPreset> kPresets{
        InventoryPreset{
            "generic",
            "Ferry's own template: id, name, kind, site, size_gb, ... one workload per row",
            {{"id", F::Id},
             {"name", F::Name},
             {"kind", F::Kind},
             {"site", F::Site},
             {"size_gb", F::SizeGb},
             {"change_rate_gb_per_day", F::ChangeRateGbPerDay},
             {"vcpu", F::Vcpu},
             {"memory_gb", F::MemoryGb},
             {"monthly_cost", F::MonthlyCost},
             {"criticality", F::Criticality},
             {"owner", F::Owner},
             {"tags", F::Tags},
             {"endpoint", F::Endpoint},
             {"size_mb", F::SizeMb},
             {"size_mib", F::SizeMib},
             {"memory_mb", F::MemoryMb},
             {"memory_mib", F::MemoryMib},
             {"site_region", F::Region},
             {"site_provider", F::Provider}},
            "vm"},
        InventoryPreset{"rvtools",
                        "RVTools vInfo sheet saved as CSV: one VMware virtual machine per row",
                        {{"VM UUID", F::Id},
                         {"VM ID", F::Id},
                         {"VM", F::Name},
                         {"Powerstate", F::PowerState},
                         {"CPUs", F::Vcpu},
                         {"Memory", F::MemoryMib},
                         {"In Use MiB", F::SizeMib},
                         {"In Use MB", F::SizeMib},
                         {"Provisioned MiB", F::SizeMib},
                         {"Provisioned MB", F::SizeMib},
                         {"Total disk capacity MiB", F::SizeMib},
                         {"Datacenter", F::Site},
                         {"Cluster", F::Cluster},
                         {"Host", F::Host},
                         {"OS according to the configuration file", F::Os},
                         {"OS according to the VMware Tools", F::Os}},
                        "vm"},
        InventoryPreset{"aws-ads",
                        "AWS Application Discovery Service server export: one server per row",
                        {{"serverId", F::Id},
                         {"server.configurationId", F::Id},
                         {"configurationId", F::Id},
                         {"hostName", F::Name},
                         {"server.hostName", F::Name},
                         {"osName", F::Os},
                         {"server.osName", F::Os},
                         {"numCores", F::Vcpu},
                         {"server.performance.numCores", F::Vcpu},
                         {"numCpus", F::Vcpu},
                         {"server.performance.numCpus", F::Vcpu},
                         {"totalRamInMB", F::MemoryMib},
                         {"server.performance.totalRAMInKB", F::MemoryKib},
                         {"totalRAMInKB", F::MemoryKib},
                         {"totalDiskSizeInGB", F::SizeGib},
                         {"server.performance.totalDiskSizeInKB", F::SizeKib},
                         {"totalDiskSizeInKB", F::SizeKib},
                         {"applications", F::Application},
                         {"server.applications", F::Application},
                         {"tags", F::Tags},
                         {"server.tags", F::Tags},
                         {"cpuType", F::Ignore},
                         {"server.cpuType", F::Ignore}},
                        "vm"},
    };
    return kPresets;
}

const InventoryPreset* findInventoryPreset(std::string_view name) {
    const std::string key = lowerTrimmed(name);
    for (const auto& preset : inventoryPresets()) {
        if (preset.name == key) {
            return &preset;
        }
    }
    return nullptr;
}

Result<void> InventoryImport::importStream(std::istream& in, const std::string& sourceName,
                                           ProjectData& data, const InventoryImportOptions& options,
                                           InventoryImportReport& report) {
    report = InventoryImportReport{};
    const InventoryPreset* preset =
        options.preset ? options.preset : findInventoryPreset("generic");
    assert(preset);

    CsvReader reader(in, options.maxRowBytes);
    if (options.progress) {
        reader.setProgress(options.progress);
    }
    auto cancelled = [&] {
        return Error{"import.cancelled",
                     "The inventory import was cancelled; nothing was imported.", sourceName};
    };
    auto readFailed = [&] {
        return Error{"import.read",
                     "Reading the inventory failed part way; nothing was imported. Check that the "
                     "file is readable and try again.",
                     sourceName};
    };

    // The header.
    CsvRecord record;
    if (!reader.next(record)) {
        if (reader.cancelled()) {
            return cancelled();
        }
        if (reader.readFailed()) {
            return readFailed();
        }
        return Error{"import.no_header",
                     "The inventory is empty; it needs a header line naming its columns.",
                     sourceName};
    }
    if (reader.looksLikeUtf16()) {
        return Error{"import.encoding",
                     "The inventory is UTF-16 text; save it as UTF-8 CSV and import it again.",
                     sourceName};
    }
    const std::string headerContext = sourceName + ":" + std::to_string(record.line);
    if (record.tooLong) {
        return Error{"import.header",
                     "The header line is longer than " + std::to_string(options.maxRowBytes) +
                         " bytes; check that the file is a CSV inventory.",
                     headerContext};
    }
    if (record.unterminated) {
        return Error{"import.header",
                     "A quoted column name in the header is never closed; add the missing quote.",
                     headerContext};
    }
    std::vector<std::string> headers;
    headers.reserve(record.fieldCount());
    for (std::size_t i = 0; i < record.fieldCount(); ++i) {
        const std::string_view h = record.field(i);
        if (detail::firstInvalidUtf8(h)) {
            return Error{"import.encoding",
                         "Column " + std::to_string(i + 1) +
                             " of the header is not valid UTF-8; save the file as UTF-8 CSV.",
                         headerContext};
        }
        headers.emplace_back(trim(h));
    }
    const ColumnPlan plan =
        planColumns(headers, *preset, options.columnOverrides, report.unmappedColumns);
    if (plan.of(Target::Id).empty() && plan.of(Target::Name).empty()) {
        return Error{"import.no_name_column",
                     "No column gives the workloads an id or a name for the \"" + preset->name +
                         "\" preset; choose the preset that matches the file or map a column to "
                         "id or name.",
                     headerContext};
    }

    WorkloadKind defaultKind = WorkloadKind::Vm;
    {
        std::string scratch;
        if (auto k = parseKind(preset->defaultKind, scratch)) {
            defaultKind = *k;
        }
    }

    // Ids in use: the project's, and those this import has taken (with the line that took them).
    std::unordered_set<std::string_view> projectIds;
    projectIds.reserve(data.workloads.size());
    for (const auto& w : data.workloads) {
        projectIds.insert(w.id);
    }
    std::vector<Workload> newWorkloads;
    std::vector<std::size_t> newLines; // line of each new workload, for duplicate id reports
    TakenIds fileIds(newWorkloads);
    std::unordered_map<std::string, int> nextSuffix;
    auto idTaken = [&](const std::string& id) {
        return projectIds.count(id) != 0 || fileIds.find(id) != std::string_view::npos;
    };

    SiteResolver sites(data.sites);
    std::vector<Site> newSites;
    std::vector<ImportRowError> rowErrors;
    std::string scratch;
    const std::size_t columnCount = headers.size();

    while (reader.next(record)) {
        rowErrors.clear();
        auto fail = [&](std::size_t column, std::string_view value, std::string reason) {
            rowErrors.push_back(ImportRowError{record.line,
                                               column < columnCount ? headers[column] : "",
                                               displayValue(value), std::move(reason)});
        };
        constexpr std::size_t kRecord = static_cast<std::size_t>(-1);

        if (record.tooLong) {
            ++report.rowsRead;
            fail(kRecord, "",
                 "the record is longer than " + std::to_string(options.maxRowBytes) +
                     " bytes (the row size limit)" +
                     (record.unterminated ? " and a quoted field in it is never closed" : "") +
                     "; split the value or raise the limit");
        } else if (record.unterminated) {
            ++report.rowsRead;
            fail(kRecord, "",
                 "a quoted field opened in this record is never closed before the end of the "
                 "file; add the missing quote");
        } else {
            bool allEmpty = true;
            for (std::size_t i = 0; i < record.fieldCount() && allEmpty; ++i) {
                allEmpty = trim(record.field(i)).empty();
            }
            if (allEmpty) {
                continue; // a blank row such as ",,,,"
            }
            ++report.rowsRead;
            if (record.fieldCount() != columnCount) {
                fail(kRecord, "",
                     "the row has " + std::to_string(record.fieldCount()) +
                         " fields but the header has " + std::to_string(columnCount) +
                         "; check for an unquoted comma or a missing value");
            }
        }
        if (!rowErrors.empty()) {
            ++report.rowsRejected;
            for (auto& e : rowErrors) {
                if (report.errors.size() < options.maxErrors) {
                    report.errors.push_back(std::move(e));
                }
            }
            continue;
        }

        if (record.strayAfterQuote) {
            const std::size_t col = *record.strayAfterQuote;
            fail(col, record.field(col),
                 "has text after its closing quote; quote the whole value and double any quote "
                 "inside it");
        }
        for (std::size_t i = 0; i < columnCount; ++i) {
            const std::string_view v = record.field(i);
            if (auto bad = detail::firstInvalidUtf8(v)) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(v[*bad]));
                fail(i, v,
                     std::string("is not valid UTF-8 (byte ") + hex + " at byte " +
                         std::to_string(*bad + 1) + " of the value); save the file as UTF-8");
            }
        }

        // The first non-empty column feeding a target.
        auto pick = [&](Target t) -> const Source* {
            for (const Source& s : plan.of(t)) {
                if (!trim(record.field(s.column)).empty()) {
                    return &s;
                }
            }
            return nullptr;
        };
        auto value = [&](const Source* s) { return trim(record.field(s->column)); };
        auto number = [&](Target t, double& out) -> const Source* {
            const Source* s = pick(t);
            if (!s) {
                return nullptr;
            }
            double v = 0;
            std::string problem = parseNumber(value(s), v);
            if (!problem.empty()) {
                fail(s->column, value(s), std::move(problem));
                return s;
            }
            out = toGb(v, s->unit);
            return s;
        };

        Workload w;
        w.kind = defaultKind;
        const Source* idSource = pick(Target::Id);
        const Source* nameSource = pick(Target::Name);
        if (idSource) {
            w.id = value(idSource);
        }
        if (nameSource) {
            w.name = value(nameSource);
        }
        if (!idSource && !nameSource) {
            fail(kRecord, "", "the row has neither an id nor a name");
        }
        if (const Source* s = pick(Target::Kind)) {
            if (auto k = parseKind(value(s), scratch)) {
                w.kind = *k;
            } else {
                fail(s->column, value(s),
                     "is not a workload kind; use vm, database, file_share, object_bucket, "
                     "model_artifact or service");
            }
        }
        std::array<const Source*, kTargetCount> used{};
        auto mark = [&](Target t, const Source* s) { used[static_cast<std::size_t>(t)] = s; };
        mark(Target::Size, number(Target::Size, w.sizeGb));
        mark(Target::ChangeRate, number(Target::ChangeRate, w.changeRateGbPerDay));
        mark(Target::Memory, number(Target::Memory, w.memoryGb));
        mark(Target::MonthlyCost, number(Target::MonthlyCost, w.monthlyCost));
        if (const Source* s = pick(Target::Vcpu)) {
            mark(Target::Vcpu, s);
            double v = 0;
            std::string problem = parseNumber(value(s), v);
            if (problem.empty() && v != std::floor(v)) {
                problem = "is not a whole number of virtual CPUs";
            }
            if (problem.empty() && v > detail::kMaxVcpu) {
                problem = "is implausibly large (the limit is " + std::to_string(detail::kMaxVcpu) +
                          " virtual CPUs)";
            }
            if (problem.empty()) {
                w.vcpu = static_cast<int>(v);
            } else {
                fail(s->column, value(s), std::move(problem));
            }
        }
        if (const Source* s = pick(Target::Criticality)) {
            if (auto c = parseCriticality(value(s), scratch)) {
                w.criticality = *c;
            } else {
                fail(s->column, value(s),
                     "is not a criticality; use low, medium, high or critical");
            }
        }
        if (const Source* s = pick(Target::Owner)) {
            w.owner = value(s);
        }
        if (const Source* s = pick(Target::Endpoint)) {
            w.endpoint = value(s);
        }
        for (const Source& s : plan.of(Target::Tags)) {
            addListItems(record.field(s.column), "", w.tags);
        }
        const std::pair<Target, std::string_view> kLabelTags[] = {{Target::Os, "os:"},
                                                                  {Target::Cluster, "cluster:"},
                                                                  {Target::Host, "host:"},
                                                                  {Target::PowerState, "power:"}};
        for (const auto& [target, prefix] : kLabelTags) {
            if (const Source* s = pick(target)) {
                addTag(w.tags, std::string(prefix) + std::string(value(s)));
            }
        }
        for (const Source& s : plan.of(Target::Application)) {
            addListItems(record.field(s.column), "app:", w.tags);
        }

        // The site: an existing one by id or name, or a new one.
        std::optional<Site> pendingSite;
        const Source* siteSource = pick(Target::Site);
        const std::string_view siteValue =
            siteSource ? value(siteSource) : std::string_view(options.defaultSite);
        if (siteValue.empty()) {
            fail(kRecord, "", "the row names no site and the import has no default site");
        } else if (!siteSource || !detail::firstInvalidUtf8(siteValue)) {
            w.site = sites.resolve(siteValue, pendingSite);
        }
        if (pendingSite) {
            if (const Source* s = pick(Target::Provider)) {
                if (auto p = parseProvider(value(s), scratch)) {
                    pendingSite->provider = *p;
                } else {
                    fail(s->column, value(s),
                         "is not a provider; use onprem, aws, azure, gcp, aliyun or other");
                }
            }
            if (const Source* s = pick(Target::Region)) {
                pendingSite->region = value(s);
            }
            if (auto p = detail::checkId(pendingSite->id)) {
                fail(siteSource ? siteSource->column : kRecord, siteValue,
                     "gives the site id \"" + displayValue(pendingSite->id) + "\" which " +
                         p->reason);
            }
        }

        // Values beyond the shared plausibility limits.
        if (auto p = detail::checkWorkloadValues(w)) {
            Target t = Target::Size;
            if (p->field == "change_rate_gb_per_day") {
                t = Target::ChangeRate;
            } else if (p->field == "vcpu") {
                t = Target::Vcpu;
            } else if (p->field == "memory_gb") {
                t = Target::Memory;
            } else if (p->field == "monthly_cost") {
                t = Target::MonthlyCost;
            }
            const Source* s = used[static_cast<std::size_t>(t)];
            fail(s ? s->column : kRecord, s ? value(s) : std::string_view(),
                 p->field + " " + p->reason);
        }

        // The id: given, or derived from the name.
        if (idSource) {
            if (auto p = detail::checkId(w.id)) {
                fail(idSource->column, w.id, "is not a usable id: it " + p->reason);
            } else if (projectIds.count(w.id) != 0) {
                fail(idSource->column, w.id,
                     "duplicate id: the project already has a workload with this id");
            } else if (auto at = fileIds.find(w.id); at != std::string_view::npos) {
                fail(idSource->column, w.id,
                     "duplicate id: line " + std::to_string(newLines[at]) + " already uses it");
            }
        }

        if (!rowErrors.empty()) {
            ++report.rowsRejected;
            for (auto& e : rowErrors) {
                if (report.errors.size() < options.maxErrors) {
                    report.errors.push_back(std::move(e));
                }
            }
            continue;
        }

        if (!idSource) {
            std::string base = slugify(w.name);
            if (base.empty()) {
                base = "workload";
            }
            std::string id = base;
            if (idTaken(id)) {
                int& n = nextSuffix.try_emplace(base, 2).first->second;
                do {
                    id = base + "-" + std::to_string(n++);
                } while (idTaken(id));
            }
            w.id = std::move(id);
        }
        if (w.name.empty()) {
            w.name = w.id;
        }
        if (pendingSite) {
            sites.remember(pendingSite->id, pendingSite->name);
            report.sitesCreated.push_back(pendingSite->id);
            newSites.push_back(std::move(*pendingSite));
        }
        newWorkloads.push_back(std::move(w));
        newLines.push_back(record.line);
        fileIds.insert(newWorkloads.size() - 1);
    }

    if (reader.cancelled()) {
        report.sitesCreated.clear();
        return cancelled();
    }
    if (reader.readFailed()) {
        report.sitesCreated.clear();
        return readFailed();
    }
    if (report.rowsRejected > 0 && !options.skipBadRows) {
        report.sitesCreated.clear();
        std::string message = std::to_string(report.rowsRejected) + " of " +
                              std::to_string(report.rowsRead) +
                              " rows have problems, so nothing was imported";
        if (!report.errors.empty()) {
            const auto& first = report.errors.front();
            message += " (first: line " + std::to_string(first.line) +
                       (first.column.empty() ? "" : ", column \"" + first.column + "\"") + ": " +
                       first.reason + ")";
        }
        message += std::string("; fix them, or import the other rows with ") + kSkipHint + ".";
        return Error{"import.rejected", std::move(message), sourceName};
    }

    data.sites.insert(data.sites.end(), std::make_move_iterator(newSites.begin()),
                      std::make_move_iterator(newSites.end()));
    data.workloads.reserve(data.workloads.size() + newWorkloads.size());
    data.workloads.insert(data.workloads.end(), std::make_move_iterator(newWorkloads.begin()),
                          std::make_move_iterator(newWorkloads.end()));
    report.rowsImported = newWorkloads.size();
    return success();
}

Result<void> InventoryImport::importFile(const std::filesystem::path& path, ProjectData& data,
                                         const InventoryImportOptions& options,
                                         InventoryImportReport& report) {
    report = InventoryImportReport{};
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return Error{"import.open", "This is a folder, not an inventory file; choose a CSV file.",
                     path.string()};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{"import.open",
                     std::string("Cannot open the inventory file (") + std::strerror(errno) +
                         "); check the path and its permissions.",
                     path.string()};
    }
    return importStream(in, path.string(), data, options, report);
}

Result<std::vector<std::vector<std::string>>>
InventoryImport::preview(const std::filesystem::path& path, std::size_t maxRows) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return Error{"import.open", "This is a folder, not an inventory file; choose a CSV file.",
                     path.string()};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{"import.open",
                     std::string("Cannot open the inventory file (") + std::strerror(errno) +
                         "); check the path and its permissions.",
                     path.string()};
    }
    CsvReader reader(in, InventoryImportOptions{}.maxRowBytes);
    CsvRecord record;
    std::vector<std::vector<std::string>> rows;
    while (rows.size() < maxRows + 1 && reader.next(record)) {
        if (record.tooLong) {
            break; // the import reports it; the preview shows what comes before
        }
        std::vector<std::string> row;
        row.reserve(record.fieldCount());
        for (std::size_t i = 0; i < record.fieldCount(); ++i) {
            row.emplace_back(record.field(i));
        }
        rows.push_back(std::move(row));
    }
    if (reader.readFailed()) {
        return Error{"import.read", "Reading the inventory file failed; check that it is readable.",
                     path.string()};
    }
    if (rows.empty()) {
        return Error{"import.no_header",
                     "The inventory is empty; it needs a header line naming its columns.",
                     path.string()};
    }
    if (reader.looksLikeUtf16()) {
        return Error{"import.encoding",
                     "The inventory is UTF-16 text; save it as UTF-8 CSV and import it again.",
                     path.string()};
    }
    return rows;
}

} // namespace ferry::model
