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

/// A compute offer (instance type or managed database size) with its shape and hourly price.
struct ComputeOffer {
    std::string type;    ///< Instance type or database size, as in the catalog.
    int vcpu = 0;        ///< Virtual CPUs.
    double memoryGb = 0; ///< Memory in GB.
    double hourly = 0;   ///< On-demand price per hour.
};

/// Monthly internal rates of an on-premises site.
struct InternalRates {
    double perVcpuMonth = 0;      ///< Per vCPU per month.
    double perGbRamMonth = 0;     ///< Per GB of memory per month.
    double perGbStorageMonth = 0; ///< Per GB of storage per month.
};

/// What a target service name denotes in one provider's catalog.
struct ServiceMatch {
    /// The kind of priced service.
    enum class Kind { Instance, ManagedDatabase, ObjectStorage, BlockStorage };
    Kind kind = Kind::Instance; ///< What was found.
    std::string name;           ///< Instance type, database offering, or storage class.
    std::string size;           ///< Database size when named ("rds-postgresql:db.m6i.large").
};

/// Public list prices per provider, loaded from resources/pricing/<provider>.json.
class PricingCatalog {
public:
    /// Load every <provider>.json in a folder; refuses a file without sources or dates.
    static Result<PricingCatalog> loadDirectory(const std::filesystem::path& folder);
    /// Load $FERRY_PRICING_DIR, else the source tree's resources/pricing, else share/ferry/pricing.
    static Result<PricingCatalog> loadDefault();
    /// Apply a project's price overrides ({"aws": {"egress": {"inter_region": {"per_gb": 0.01}}}},
    /// same shape as the files); refused, changing nothing, when a path is not in the catalog.
    Result<void> applyOverrides(const nlohmann::json& overrides);

    /// The internet egress tiers of a provider, ascending; empty when it has no catalog.
    std::vector<PriceTier> internetEgressTiers(Provider provider) const;
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
    /// The cheapest instance type with at least vcpu and memoryGb, or nullopt when none fits.
    std::optional<ComputeOffer> smallestFittingInstance(Provider provider, int vcpu,
                                                        double memoryGb) const;
    /// The largest instance type (most vCPU, then memory), or nullopt when the list is empty.
    std::optional<ComputeOffer> largestInstance(Provider provider) const;
    /// A size of a managed database offering ("rds-postgresql"), or nullopt.
    std::optional<ComputeOffer> managedDatabaseSize(Provider provider, const std::string& offering,
                                                    const std::string& size) const;
    /// The cheapest size of an offering with at least vcpu and memoryGb, or nullopt.
    std::optional<ComputeOffer> smallestFittingDatabase(Provider provider,
                                                        const std::string& offering, int vcpu,
                                                        double memoryGb) const;
    /// Storage price per GB-month of a managed database offering, or nullopt.
    std::optional<double> managedDatabaseStoragePerGbMonth(Provider provider,
                                                           const std::string& offering) const;
    /// Internal monthly rates (on-premises), or nullopt when the provider has none.
    std::optional<InternalRates> internalRates(Provider provider) const;
    /// Resolve a target service name ("ec2:m6i.large", "rds-postgresql", "s3-standard", "ebs"),
    /// case-insensitively; nullopt when the provider's catalog does not know it.
    std::optional<ServiceMatch> findService(Provider provider, const std::string& service) const;
    /// Currency of a provider's prices ("USD"), or "" when the provider has no catalog.
    std::string currency(Provider provider) const;
    /// Every source with its as-of date, for reports.
    std::vector<PriceSource> sources() const;
    /// The raw catalog of one provider (for tests and reports).
    const nlohmann::json* providerCatalog(Provider provider) const;

private:
    std::map<std::string, nlohmann::json> m_providers;
};

} // namespace ferry::model
