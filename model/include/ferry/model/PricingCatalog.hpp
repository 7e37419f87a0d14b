#pragma once

#include <ferry/model/Enums.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::model {

/// Where a price comes from.
struct PriceSource {
    std::string provider; ///< "aws", ...
    std::string item;     ///< e.g. "egress.internet".
    std::string url;      ///< Public price page.
    std::string asOf;     ///< ISO date the price was read.
};

/// One tier of a tiered price: up to upToGb (exclusive of earlier tiers) at pricePerGb.
struct PriceTier {
    double upToGb = 0;     ///< Cumulative upper bound of the tier; infinity for the last.
    double pricePerGb = 0; ///< Price per GB within the tier.
};

/// Public list prices per provider, loaded from resources/pricing/<provider>.json.
class PricingCatalog {
public:
    /// Load every <provider>.json in a folder; refuses a file without sources or dates.
    static Result<PricingCatalog> loadDirectory(const std::filesystem::path& folder);
    /// Find the bundled catalog (build tree, then installed data folder) and load it.
    static Result<PricingCatalog> loadDefault();
    /// Apply a project's price overrides ({"aws": {"egress": {"internet": [...]}}}, same shape
    /// as the files); refused when a path does not exist in the catalog.
    Result<void> applyOverrides(const nlohmann::json& overrides);

    /// Cost of sending gb out to the internet from a provider in one month, tiered.
    double internetEgressCost(Provider provider, double gb, double alreadyThisMonthGb = 0) const;
    /// Price per GB between two regions of the same provider.
    double interRegionPerGb(Provider provider) const;
    /// Object storage price per GB-month for a storage class ("standard" when empty/unknown).
    double objectStoragePerGbMonth(Provider provider, const std::string& storageClass = {}) const;
    /// Block storage price per GB-month.
    double blockStoragePerGbMonth(Provider provider) const;
    /// Hourly price of an instance type, or nullopt when not in the shortlist.
    std::optional<double> instanceHourly(Provider provider, const std::string& type) const;
    /// Hourly price of a managed database type, or nullopt.
    std::optional<double> managedDatabaseHourly(Provider provider, const std::string& type) const;
    /// Price per 1,000 requests of a kind ("put", "get", "list").
    double requestsPer1000(Provider provider, const std::string& kind) const;
    /// Transfer-service fee per GB (e.g. DataSync), 0 when none.
    double transferServicePerGb(Provider provider) const;
    /// Every source with its as-of date, for reports.
    std::vector<PriceSource> sources() const;
    /// The raw catalog of one provider (for tests and reports).
    const nlohmann::json* providerCatalog(Provider provider) const;

private:
    std::map<std::string, nlohmann::json> m_providers;
};

} // namespace ferry::model
