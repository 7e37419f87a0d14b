#include <ferry/model/PricingCatalog.hpp>

#include <ferry/model/DataDirs.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>
#include <tuple>

namespace ferry::model {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

/// Keys that hold a price; an object with one of them must say where the price comes from.
constexpr std::array<std::string_view, 8> kPriceKeys{
    "per_gb",           "per_gb_month",         "hourly", "per_1000", "per_vcpu_month",
    "per_gb_ram_month", "per_gb_storage_month", "tiers"};

/// The source written on a price a project overrides without naming its own source.
constexpr const char* kOverrideSource = "project price_overrides";
constexpr const char* kOverrideAsOf = "project";

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

bool isPriceKey(std::string_view key) {
    return std::find(kPriceKeys.begin(), kPriceKeys.end(), key) != kPriceKeys.end();
}

bool isPriceObject(const json& node) {
    if (!node.is_object())
        return false;
    for (const auto& item : node.items()) {
        if (isPriceKey(item.key()))
            return true;
    }
    return false;
}

/// pointer + "/" + key, with key escaped as JSON pointers require.
std::string childPointer(const std::string& pointer, const std::string& key) {
    return pointer + (json::json_pointer() / key).to_string();
}

/// YYYY-MM-DD with a plausible month and day.
bool isIsoDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    }
    const int month = std::stoi(text.substr(5, 2));
    const int day = std::stoi(text.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string describeNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

/// Validates one provider's catalog; every problem names the JSON pointer where it is.
class CatalogCheck {
public:
    /// where: the file name (or "price_overrides"); strict: a file from the catalog folder, whose
    /// prices need an ISO as-of date (an override may say "project").
    CatalogCheck(std::string where, bool strict) : m_where(std::move(where)), m_strict(strict) {}

    std::optional<Error> run(const json& doc, std::string_view provider) {
        if (!doc.is_object())
            return fail("", "The pricing catalog must be a JSON object; see docs/pricing.md.");
        if (auto e = requireString(doc, "", "provider"))
            return e;
        if (doc["provider"].get<std::string>() != provider) {
            return fail("/provider", "The file says provider '" +
                                         doc["provider"].get<std::string>() +
                                         "' but is named for '" + std::string(provider) +
                                         "'; name the file <provider>.json.");
        }
        if (auto e = requireString(doc, "", "currency"))
            return e;
        if (doc["currency"].get<std::string>().empty())
            return fail("/currency", "The currency is empty; write the ISO code, e.g. \"USD\".");
        if (auto e = walk(doc, json::json_pointer()))
            return e;
        return provider == "onprem" ? checkOnPremShape(doc) : checkCloudShape(doc);
    }

private:
    Error fail(const std::string& pointer, std::string message) const {
        return Error{"pricing.invalid", std::move(message), m_where + "#" + pointer};
    }

    std::optional<Error> requireString(const json& object, const std::string& at,
                                       const char* key) const {
        if (!object.contains(key) || !object[key].is_string())
            return fail(at + "/" + key, std::string("'") + key + "' is missing or not a string.");
        return std::nullopt;
    }

    /// Every number non-negative and finite; every price object has a source and an as-of date;
    /// every tier list ascending.
    /// inTiers: inside a tier list, whose entries share the source of the price holding them.
    std::optional<Error> walk(const json& node, const json::json_pointer& at,
                              bool inTiers = false) const {
        if (node.is_number()) {
            const double value = node.get<double>();
            if (!std::isfinite(value))
                return fail(at.to_string(), "The number is not finite; write a plain number.");
            if (value < 0) {
                return fail(at.to_string(), "The value " + describeNumber(value) +
                                                " is negative; prices and sizes cannot be.");
            }
            return std::nullopt;
        }
        if (node.is_array()) {
            for (std::size_t i = 0; i < node.size(); ++i) {
                if (auto e = walk(node[i], at / i, inTiers))
                    return e;
            }
            return std::nullopt;
        }
        if (!node.is_object())
            return std::nullopt;
        if (!inTiers && isPriceObject(node)) {
            if (auto e = checkPriceObject(node, at))
                return e;
        }
        for (const auto& item : node.items()) {
            if (auto e = walk(item.value(), at / item.key(), inTiers || item.key() == "tiers"))
                return e;
        }
        return std::nullopt;
    }

    std::optional<Error> checkPriceObject(const json& node, const json::json_pointer& at) const {
        const std::string here = at.to_string();
        for (const auto& item : node.items()) {
            if (!isPriceKey(item.key()))
                continue;
            if (item.key() == "tiers") {
                if (auto e = checkTiers(item.value(), at / "tiers"))
                    return e;
            } else if (!item.value().is_number()) {
                return fail(here + "/" + item.key(),
                            "The price '" + item.key() + "' must be a number.");
            }
        }
        if (!node.contains("source") || !node["source"].is_string() ||
            trim(node["source"].get<std::string>()).empty()) {
            return fail(here + "/source", "The price has no source; add \"source\" with the "
                                          "public page it was read from.");
        }
        if (!node.contains("as_of") || !node["as_of"].is_string()) {
            return fail(here + "/as_of", "The price has no as-of date; add \"as_of\" with the "
                                         "date it was read (YYYY-MM-DD).");
        }
        const std::string asOf = node["as_of"].get<std::string>();
        if (!isIsoDate(asOf) && (m_strict || asOf != kOverrideAsOf)) {
            return fail(here + "/as_of",
                        "The as-of date '" + asOf + "' is not a date; write it as YYYY-MM-DD.");
        }
        return std::nullopt;
    }

    std::optional<Error> checkTiers(const json& tiers, const json::json_pointer& at) const {
        if (!tiers.is_array() || tiers.empty()) {
            return fail(at.to_string(), "'tiers' must be a non-empty list of "
                                        "{\"up_to_gb\": ..., \"per_gb\": ...}.");
        }
        double previous = 0;
        for (std::size_t i = 0; i < tiers.size(); ++i) {
            const json& tier = tiers[i];
            const auto here = at / i;
            if (!tier.is_object() || !tier.contains("per_gb") || !tier["per_gb"].is_number()) {
                return fail(here.to_string(), "A tier needs a number 'per_gb'.");
            }
            if (!tier.contains("up_to_gb")) {
                return fail((here / "up_to_gb").to_string(),
                            "A tier needs 'up_to_gb' (a number, or null for the last tier).");
            }
            const json& bound = tier["up_to_gb"];
            const bool last = i + 1 == tiers.size();
            if (bound.is_null()) {
                if (!last) {
                    return fail((here / "up_to_gb").to_string(),
                                "Only the last tier may be unbounded (null).");
                }
                continue;
            }
            if (!bound.is_number()) {
                return fail((here / "up_to_gb").to_string(),
                            "'up_to_gb' must be a number or null.");
            }
            const double value = bound.get<double>();
            if (value <= previous) {
                return fail((here / "up_to_gb").to_string(),
                            "Tiers must be in ascending order: " + describeNumber(value) +
                                " GB does not exceed the previous bound of " +
                                describeNumber(previous) + " GB.");
            }
            if (last) {
                return fail((here / "up_to_gb").to_string(),
                            "The last tier must be unbounded (\"up_to_gb\": null) so every "
                            "volume has a price.");
            }
            previous = value;
        }
        return std::nullopt;
    }

    std::optional<Error> requireObject(const json& doc, const std::string& pointer) const {
        const json::json_pointer p(pointer);
        if (!doc.contains(p) || !doc[p].is_object())
            return fail(pointer, "The section is missing; see docs/pricing.md for the shape.");
        return std::nullopt;
    }

    std::optional<Error> requirePrice(const json& doc, const std::string& pointer,
                                      const char* key) const {
        if (auto e = requireObject(doc, pointer))
            return e;
        const json& node = doc[json::json_pointer(pointer)];
        if (!node.contains(key)) {
            return fail(pointer + "/" + key,
                        std::string("The price '") + key + "' is missing; see docs/pricing.md.");
        }
        return std::nullopt;
    }

    std::optional<Error> checkAliases(const json& node, const std::string& pointer) const {
        if (!node.contains("aliases"))
            return std::nullopt;
        const json& aliases = node["aliases"];
        const bool ok =
            aliases.is_array() && std::all_of(aliases.begin(), aliases.end(),
                                              [](const json& a) { return a.is_string(); });
        if (!ok)
            return fail(pointer + "/aliases", "'aliases' must be a list of service names.");
        return std::nullopt;
    }

    std::optional<Error> checkOffers(const json& offers, const std::string& pointer) const {
        if (!offers.is_object() || offers.empty())
            return fail(pointer, "The list is empty; name at least one type.");
        for (const auto& item : offers.items()) {
            const std::string here = childPointer(pointer, item.key());
            const json& offer = item.value();
            if (!offer.is_object() || !offer.contains("hourly"))
                return fail(here, "The type needs 'vcpu', 'memory_gb' and 'hourly'.");
            if (!offer.contains("vcpu") || !offer["vcpu"].is_number_integer() ||
                offer["vcpu"].get<long long>() < 1) {
                return fail(here + "/vcpu", "'vcpu' must be a whole number of at least 1.");
            }
            if (!offer.contains("memory_gb") || !offer["memory_gb"].is_number() ||
                offer["memory_gb"].get<double>() <= 0) {
                return fail(here + "/memory_gb", "'memory_gb' must be a number above 0.");
            }
        }
        return std::nullopt;
    }

    std::optional<Error> checkEgress(const json& doc) const {
        if (auto e = requirePrice(doc, "/egress/internet", "tiers"))
            return e;
        return requirePrice(doc, "/egress/inter_region", "per_gb");
    }

    std::optional<Error> checkCloudShape(const json& doc) const {
        if (auto e = checkEgress(doc))
            return e;
        for (const char* storageClass : {"standard", "infrequent", "archive"}) {
            const std::string pointer = std::string("/object_storage/") + storageClass;
            if (auto e = requirePrice(doc, pointer, "per_gb_month"))
                return e;
            if (auto e = checkAliases(doc[json::json_pointer(pointer)], pointer))
                return e;
        }
        if (auto e = requirePrice(doc, "/block_storage", "per_gb_month"))
            return e;
        if (auto e = checkAliases(doc["block_storage"], "/block_storage"))
            return e;
        if (auto e = requireObject(doc, "/instances"))
            return e;
        if (auto e = checkOffers(doc["instances"], "/instances"))
            return e;
        if (auto e = requireObject(doc, "/managed_databases"))
            return e;
        for (const auto& item : doc["managed_databases"].items()) {
            const std::string here = childPointer("/managed_databases", item.key());
            if (auto e = requirePrice(doc, here + "/storage", "per_gb_month"))
                return e;
            if (auto e = requireObject(doc, here + "/sizes"))
                return e;
            if (auto e = checkOffers(item.value()["sizes"], here + "/sizes"))
                return e;
        }
        for (const char* kind : {"put", "get", "list"}) {
            if (auto e = requirePrice(doc, std::string("/requests/") + kind, "per_1000"))
                return e;
        }
        return requirePrice(doc, "/transfer_service", "per_gb");
    }

    std::optional<Error> checkOnPremShape(const json& doc) const {
        if (auto e = checkEgress(doc))
            return e;
        for (const char* key : {"per_vcpu_month", "per_gb_ram_month", "per_gb_storage_month"}) {
            if (auto e = requirePrice(doc, "/internal", key))
                return e;
        }
        return std::nullopt;
    }

    std::string m_where;
    bool m_strict;
};

/// Merges patch into target, refusing keys target does not have and values of another type.
/// Marks every price the patch changes with the override's source unless the patch names one.
std::optional<Error> mergeOverride(json& target, const json& patch, const json::json_pointer& at) {
    const auto unknownPath = [&](const json::json_pointer& where) {
        return Error{"pricing.override_unknown_path",
                     "The price override names a price the catalog does not have; check the "
                     "spelling against docs/pricing.md (overrides change prices, they do not "
                     "add new ones).",
                     "price_overrides#" + where.to_string()};
    };
    if (!patch.is_object()) {
        const bool compatible =
            (patch.is_number() && target.is_number()) ||
            (patch.is_string() && target.is_string()) || (patch.is_array() && target.is_array()) ||
            (patch.is_boolean() && target.is_boolean()) || (patch.is_null() && target.is_null());
        if (!compatible) {
            return Error{"pricing.override_type",
                         std::string("The price override gives a ") + patch.type_name() +
                             " where the catalog has a " + target.type_name() +
                             "; use the same shape as the catalog file.",
                         "price_overrides#" + at.to_string()};
        }
        target = patch;
        return std::nullopt;
    }
    if (!target.is_object()) {
        return Error{"pricing.override_type",
                     std::string("The price override gives an object where the catalog has a ") +
                         target.type_name() + "; use the same shape as the catalog file.",
                     "price_overrides#" + at.to_string()};
    }
    bool changesPrice = false;
    for (const auto& item : patch.items()) {
        if (!target.contains(item.key()))
            return unknownPath(at / item.key());
        if (auto e = mergeOverride(target[item.key()], item.value(), at / item.key()))
            return e;
        if (isPriceKey(item.key()))
            changesPrice = true;
    }
    if (changesPrice) {
        if (!patch.contains("source"))
            target["source"] = kOverrideSource;
        if (!patch.contains("as_of"))
            target["as_of"] = kOverrideAsOf;
    }
    return std::nullopt;
}

const json* find(const json& node, std::string_view key) {
    if (!node.is_object())
        return nullptr;
    const auto it = node.find(std::string(key));
    return it == node.end() ? nullptr : &*it;
}

const json* find(const json* node, std::string_view key) {
    return node ? find(*node, key) : nullptr;
}

/// Key of an object entry matching name case-insensitively, or nullopt.
std::optional<std::string> findKey(const json* object, std::string_view name) {
    if (!object || !object->is_object())
        return std::nullopt;
    const std::string wanted = lower(name);
    for (const auto& item : object->items()) {
        if (lower(item.key()) == wanted)
            return item.key();
    }
    return std::nullopt;
}

double number(const json* node, std::string_view key, double fallback = 0) {
    const json* value = find(node, key);
    return value && value->is_number() ? value->get<double>() : fallback;
}

ComputeOffer offerOf(const std::string& type, const json& offer) {
    return ComputeOffer{type, offer.value("vcpu", 0), offer.value("memory_gb", 0.0),
                        offer.value("hourly", 0.0)};
}

/// The cheapest offer with at least vcpu and memoryGb; ties go to fewer vCPU, less memory, name.
std::optional<ComputeOffer> cheapestFitting(const json* offers, int vcpu, double memoryGb) {
    if (!offers || !offers->is_object())
        return std::nullopt;
    std::optional<ComputeOffer> best;
    for (const auto& item : offers->items()) {
        const ComputeOffer offer = offerOf(item.key(), item.value());
        if (offer.vcpu < vcpu || offer.memoryGb < memoryGb)
            continue;
        if (!best || std::tie(offer.hourly, offer.vcpu, offer.memoryGb, offer.type) <
                         std::tie(best->hourly, best->vcpu, best->memoryGb, best->type))
            best = offer;
    }
    return best;
}

void collectSources(const json& node, const json::json_pointer& at, const std::string& provider,
                    std::vector<PriceSource>& out) {
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collectSources(node[i], at / i, provider, out);
        return;
    }
    if (!node.is_object())
        return;
    if (isPriceObject(node)) {
        // A price object's children (tier entries) share its source.
        std::string item = at.to_string();
        if (!item.empty())
            item.erase(0, 1);
        std::replace(item.begin(), item.end(), '/', '.');
        out.push_back(PriceSource{provider, item, node.value("source", std::string()),
                                  node.value("as_of", std::string())});
        return;
    }
    for (const auto& item : node.items())
        collectSources(item.value(), at / item.key(), provider, out);
}

} // namespace

Result<PricingCatalog> PricingCatalog::loadDirectory(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return Error{"pricing.not_found",
                     "The pricing folder does not exist; point FERRY_PRICING_DIR at a folder "
                     "of <provider>.json files.",
                     folder.string()};
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    if (ec) {
        return Error{"pricing.read", "The pricing folder cannot be listed; check its permissions.",
                     folder.string()};
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        return Error{"pricing.empty",
                     "The pricing folder holds no <provider>.json file; add aws.json, ... or "
                     "point FERRY_PRICING_DIR at the catalog.",
                     folder.string()};
    }

    PricingCatalog catalog;
    for (const fs::path& file : files) {
        const std::string name = file.stem().string();
        const auto provider = providerFromString(name);
        if (!provider || *provider == Provider::Other) {
            return Error{"pricing.unknown_provider",
                         "The file is not named after a provider; name it aws.json, azure.json, "
                         "gcp.json, aliyun.json or onprem.json.",
                         file.string()};
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            return Error{"pricing.read",
                         "The pricing file cannot be opened; check its permissions.",
                         file.string()};
        }
        json doc;
        try {
            doc = json::parse(in);
        } catch (const json::parse_error& e) {
            return Error{"pricing.parse",
                         "The pricing file is not valid JSON (" + std::string(e.what()) +
                             "); fix the syntax at byte " + std::to_string(e.byte) + ".",
                         file.string()};
        }
        CatalogCheck check(file.string(), true);
        if (auto e = check.run(doc, name))
            return *e;
        catalog.m_providers.emplace(name, std::move(doc));
    }
    return catalog;
}

Result<PricingCatalog> PricingCatalog::loadDefault() {
    if (const char* env = std::getenv("FERRY_PRICING_DIR"); env && *env)
        return loadDirectory(env);
    std::vector<fs::path> candidates;
    for (const fs::path& dir : dataDirs())
        candidates.push_back(dir / "pricing");
    std::string searched;
    for (const fs::path& candidate : candidates) {
        std::error_code ec;
        if (fs::is_directory(candidate, ec))
            return loadDirectory(candidate);
        searched += (searched.empty() ? "" : ", ") + candidate.string();
    }
    return Error{"pricing.not_found",
                 "No pricing catalog was found; reinstall Ferry or set FERRY_PRICING_DIR to the "
                 "folder holding aws.json, ....",
                 searched};
}

Result<void> PricingCatalog::applyOverrides(const nlohmann::json& overrides) {
    if (overrides.is_null())
        return success();
    if (!overrides.is_object()) {
        return Error{"pricing.override_type",
                     "Price overrides must be an object keyed by provider, e.g. "
                     "{\"aws\": {\"egress\": {\"inter_region\": {\"per_gb\": 0.01}}}}.",
                     "price_overrides"};
    }
    std::map<std::string, json> merged = m_providers;
    for (const auto& item : overrides.items()) {
        const auto it = merged.find(item.key());
        if (it == merged.end()) {
            return Error{"pricing.override_unknown_path",
                         "The price override names a provider the catalog does not have; use "
                         "aws, azure, gcp, aliyun or onprem.",
                         "price_overrides#" + (json::json_pointer() / item.key()).to_string()};
        }
        const auto at = json::json_pointer() / item.key();
        if (auto e = mergeOverride(it->second, item.value(), at))
            return *e;
        CatalogCheck check("price_overrides", false);
        if (auto e = check.run(it->second, item.key())) {
            Error error = *e;
            error.code = "pricing.override_invalid";
            // Report the pointer inside the overrides, which start with the provider.
            const auto hash = error.context.find('#');
            error.context = "price_overrides#" + at.to_string() + error.context.substr(hash + 1);
            return error;
        }
    }
    m_providers = std::move(merged);
    return success();
}

std::vector<PriceTier> PricingCatalog::internetEgressTiers(Provider provider) const {
    std::vector<PriceTier> out;
    const json* tiers = find(find(find(providerCatalog(provider), "egress"), "internet"), "tiers");
    if (!tiers || !tiers->is_array())
        return out;
    for (const json& tier : *tiers) {
        const json* bound = find(tier, "up_to_gb");
        out.push_back(PriceTier{bound && bound->is_number()
                                    ? bound->get<double>()
                                    : std::numeric_limits<double>::infinity(),
                                number(&tier, "per_gb")});
    }
    return out;
}

double PricingCatalog::internetEgressCost(Provider provider, double gb,
                                          double alreadyThisMonthGb) const {
    if (gb <= 0)
        return 0;
    const double from = std::max(0.0, alreadyThisMonthGb);
    const double to = from + gb;
    double lowerBound = 0;
    double cost = 0;
    for (const PriceTier& tier : internetEgressTiers(provider)) {
        const double overlap = std::min(to, tier.upToGb) - std::max(from, lowerBound);
        if (overlap > 0)
            cost += overlap * tier.pricePerGb;
        lowerBound = tier.upToGb;
        if (lowerBound >= to)
            break;
    }
    return cost;
}

double PricingCatalog::interRegionPerGb(Provider provider) const {
    return number(find(find(providerCatalog(provider), "egress"), "inter_region"), "per_gb");
}

double PricingCatalog::objectStoragePerGbMonth(Provider provider,
                                               const std::string& storageClass) const {
    if (const auto rates = internalRates(provider))
        return rates->perGbStorageMonth;
    const json* classes = find(providerCatalog(provider), "object_storage");
    if (!classes)
        return 0;
    std::optional<std::string> key = findKey(classes, storageClass);
    if (!key) {
        const std::string wanted = lower(storageClass);
        for (const auto& item : classes->items()) {
            for (const json& alias : item.value().value("aliases", json::array())) {
                if (alias.is_string() && lower(alias.get<std::string>()) == wanted)
                    key = item.key();
            }
        }
    }
    return number(find(classes, key.value_or("standard")), "per_gb_month");
}

double PricingCatalog::blockStoragePerGbMonth(Provider provider) const {
    if (const auto rates = internalRates(provider))
        return rates->perGbStorageMonth;
    return number(find(providerCatalog(provider), "block_storage"), "per_gb_month");
}

std::optional<double> PricingCatalog::instanceHourly(Provider provider,
                                                     const std::string& type) const {
    const json* instances = find(providerCatalog(provider), "instances");
    const auto key = findKey(instances, type);
    if (!key)
        return std::nullopt;
    return number(find(instances, *key), "hourly");
}

std::optional<double> PricingCatalog::managedDatabaseHourly(Provider provider,
                                                            const std::string& type) const {
    const auto colon = type.find(':');
    if (colon == std::string::npos)
        return std::nullopt;
    const auto offer = managedDatabaseSize(provider, type.substr(0, colon), type.substr(colon + 1));
    if (!offer)
        return std::nullopt;
    return offer->hourly;
}

double PricingCatalog::requestsPer1000(Provider provider, const std::string& kind) const {
    return number(find(find(providerCatalog(provider), "requests"), lower(kind)), "per_1000");
}

double PricingCatalog::transferServicePerGb(Provider provider) const {
    return number(find(providerCatalog(provider), "transfer_service"), "per_gb");
}

std::optional<ComputeOffer> PricingCatalog::smallestFittingInstance(Provider provider, int vcpu,
                                                                    double memoryGb) const {
    return cheapestFitting(find(providerCatalog(provider), "instances"), vcpu, memoryGb);
}

std::optional<ComputeOffer> PricingCatalog::largestInstance(Provider provider) const {
    const json* instances = find(providerCatalog(provider), "instances");
    if (!instances || !instances->is_object())
        return std::nullopt;
    std::optional<ComputeOffer> best;
    for (const auto& item : instances->items()) {
        const ComputeOffer offer = offerOf(item.key(), item.value());
        if (!best || std::tie(offer.vcpu, offer.memoryGb) > std::tie(best->vcpu, best->memoryGb) ||
            (std::tie(offer.vcpu, offer.memoryGb) == std::tie(best->vcpu, best->memoryGb) &&
             offer.hourly < best->hourly))
            best = offer;
    }
    return best;
}

std::optional<ComputeOffer> PricingCatalog::managedDatabaseSize(Provider provider,
                                                                const std::string& offering,
                                                                const std::string& size) const {
    const json* offerings = find(providerCatalog(provider), "managed_databases");
    const auto offeringKey = findKey(offerings, offering);
    if (!offeringKey)
        return std::nullopt;
    const json* sizes = find(find(offerings, *offeringKey), "sizes");
    const auto sizeKey = findKey(sizes, size);
    if (!sizeKey)
        return std::nullopt;
    return offerOf(*sizeKey, *find(sizes, *sizeKey));
}

std::optional<ComputeOffer> PricingCatalog::smallestFittingDatabase(Provider provider,
                                                                    const std::string& offering,
                                                                    int vcpu,
                                                                    double memoryGb) const {
    const json* offerings = find(providerCatalog(provider), "managed_databases");
    const auto key = findKey(offerings, offering);
    if (!key)
        return std::nullopt;
    return cheapestFitting(find(find(offerings, *key), "sizes"), vcpu, memoryGb);
}

std::optional<double>
PricingCatalog::managedDatabaseStoragePerGbMonth(Provider provider,
                                                 const std::string& offering) const {
    const json* offerings = find(providerCatalog(provider), "managed_databases");
    const auto key = findKey(offerings, offering);
    if (!key)
        return std::nullopt;
    return number(find(find(offerings, *key), "storage"), "per_gb_month");
}

std::optional<InternalRates> PricingCatalog::internalRates(Provider provider) const {
    const json* internal = find(providerCatalog(provider), "internal");
    if (!internal)
        return std::nullopt;
    return InternalRates{number(internal, "per_vcpu_month"), number(internal, "per_gb_ram_month"),
                         number(internal, "per_gb_storage_month")};
}

std::optional<ServiceMatch> PricingCatalog::findService(Provider provider,
                                                        const std::string& service) const {
    const json* doc = providerCatalog(provider);
    const std::string name = trim(service);
    if (!doc || name.empty())
        return std::nullopt;
    const json* instances = find(doc, "instances");
    const json* offerings = find(doc, "managed_databases");
    const json* classes = find(doc, "object_storage");

    const auto storageClass = [&](std::string_view text) -> std::optional<std::string> {
        if (auto key = findKey(classes, text))
            return key;
        const std::string wanted = lower(text);
        if (classes && classes->is_object()) {
            for (const auto& item : classes->items()) {
                for (const json& alias : item.value().value("aliases", json::array())) {
                    if (alias.is_string() && lower(alias.get<std::string>()) == wanted)
                        return item.key();
                }
            }
        }
        return std::nullopt;
    };
    const auto blockAlias = [&](std::string_view text) {
        const std::string wanted = lower(text);
        const json* block = find(doc, "block_storage");
        for (const json& alias : block ? block->value("aliases", json::array()) : json::array()) {
            if (alias.is_string() && lower(alias.get<std::string>()) == wanted)
                return true;
        }
        return false;
    };

    if (auto key = findKey(instances, name))
        return ServiceMatch{ServiceMatch::Kind::Instance, *key, {}};
    if (auto key = findKey(offerings, name))
        return ServiceMatch{ServiceMatch::Kind::ManagedDatabase, *key, {}};
    if (auto key = storageClass(name))
        return ServiceMatch{ServiceMatch::Kind::ObjectStorage, *key, {}};
    if (blockAlias(name))
        return ServiceMatch{ServiceMatch::Kind::BlockStorage, "block_storage", {}};

    // "prefix:rest": "rds-postgresql:db.m6i.large", "ec2:m6i.large", "s3:standard".
    const auto colon = name.find(':');
    if (colon == std::string::npos)
        return std::nullopt;
    const std::string prefix = trim(name.substr(0, colon));
    const std::string rest = trim(name.substr(colon + 1));
    if (auto key = findKey(offerings, prefix)) {
        if (auto size = findKey(find(find(offerings, *key), "sizes"), rest))
            return ServiceMatch{ServiceMatch::Kind::ManagedDatabase, *key, *size};
        return std::nullopt;
    }
    if (auto key = findKey(instances, rest))
        return ServiceMatch{ServiceMatch::Kind::Instance, *key, {}};
    if (auto key = storageClass(rest))
        return ServiceMatch{ServiceMatch::Kind::ObjectStorage, *key, {}};
    return std::nullopt;
}

std::string PricingCatalog::currency(Provider provider) const {
    const json* doc = providerCatalog(provider);
    return doc ? doc->value("currency", std::string()) : std::string();
}

std::vector<PriceSource> PricingCatalog::sources() const {
    std::vector<PriceSource> out;
    for (const auto& [provider, doc] : m_providers)
        collectSources(doc, json::json_pointer(), provider, out);
    return out;
}

const nlohmann::json* PricingCatalog::providerCatalog(Provider provider) const {
    const auto it = m_providers.find(std::string(toString(provider)));
    return it == m_providers.end() ? nullptr : &it->second;
}

} // namespace ferry::model
