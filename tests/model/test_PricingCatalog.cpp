#include <catch2/catch.hpp>

#include <ferry/model/PricingCatalog.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <string>

using namespace ferry::model;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kBundled = fs::path(FERRY_SOURCE_DIR) / "resources" / "pricing";

/// A fresh folder under the system temp folder, removed at the end of the test.
class TempFolder {
public:
    TempFolder() {
        std::random_device random;
        m_path = fs::temp_directory_path() /
                 ("ferry-pricing-test-" + std::to_string(random()) + std::to_string(random()));
        fs::create_directories(m_path);
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    const fs::path& path() const { return m_path; }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(m_path / name, std::ios::binary) << text;
    }
    void write(const std::string& name, const json& doc) const { write(name, doc.dump(2)); }

private:
    fs::path m_path;
};

json bundledFile(const std::string& provider) {
    std::ifstream in(kBundled / (provider + ".json"));
    REQUIRE(in);
    return json::parse(in);
}

PricingCatalog bundled() {
    auto catalog = PricingCatalog::loadDirectory(kBundled);
    INFO((catalog.ok() ? std::string() : catalog.error().toString()));
    REQUIRE(catalog.ok());
    return std::move(catalog).value();
}

/// Loads a folder holding one modified aws.json and returns the refusal.
Error refusalOf(const json& aws) {
    TempFolder folder;
    folder.write("aws.json", aws);
    auto catalog = PricingCatalog::loadDirectory(folder.path());
    REQUIRE_FALSE(catalog.ok());
    return catalog.error();
}

/// Sets an environment variable for the scope of a test and restores it afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : m_name(name) {
        if (const char* old = std::getenv(name))
            m_old = old;
        if (value)
            setenv(name, value->c_str(), 1);
        else
            unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old)
            setenv(m_name, m_old->c_str(), 1);
        else
            unsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

} // namespace

TEST_CASE(
    "PricingCatalog: the bundled catalog has every provider and a source and date on every price",
    "[model]") {
    const PricingCatalog catalog = bundled();
    for (Provider p :
         {Provider::Aws, Provider::Azure, Provider::Gcp, Provider::Aliyun, Provider::OnPrem})
        CHECK(catalog.providerCatalog(p) != nullptr);
    CHECK(catalog.providerCatalog(Provider::Other) == nullptr);

    const std::regex isoDate(R"(\d{4}-\d{2}-\d{2})");
    std::set<std::string> providers;
    for (const PriceSource& source : catalog.sources()) {
        INFO(source.provider << " " << source.item);
        CHECK_FALSE(source.url.empty());
        CHECK(std::regex_match(source.asOf, isoDate));
        providers.insert(source.provider);
        if (source.provider != "onprem")
            CHECK(source.url.rfind("https://", 0) == 0);
    }
    CHECK(providers == std::set<std::string>{"aliyun", "aws", "azure", "gcp", "onprem"});

    // A shortlist of at least six instance types per cloud, with a shape to match workloads.
    for (Provider p : {Provider::Aws, Provider::Azure, Provider::Gcp, Provider::Aliyun})
        CHECK(catalog.providerCatalog(p)->at("instances").size() >= 6);
}

TEST_CASE("PricingCatalog: AWS internet egress is priced on its monthly tiers", "[model]") {
    const PricingCatalog catalog = bundled();
    // aws.json tiers: first 100 GB free, to 10,240 GB at 0.09, to 51,200 GB at 0.085,
    // to 153,600 GB at 0.07, then 0.05.
    const auto tiers = catalog.internetEgressTiers(Provider::Aws);
    REQUIRE(tiers.size() == 5);
    CHECK(tiers[1].upToGb == 10240.0);
    CHECK(tiers[1].pricePerGb == Approx(0.09));
    CHECK(std::isinf(tiers[4].upToGb));
    // 10,000 GB: 100 x 0 + 9,900 x 0.09 = 891.00
    CHECK(catalog.internetEgressCost(Provider::Aws, 10000) == Approx(891.0));
    // 60,000 GB: 10,140 x 0.09 = 912.60; 40,960 x 0.085 = 3,481.60; 8,800 x 0.07 = 616.00;
    // total 5,010.20
    CHECK(catalog.internetEgressCost(Provider::Aws, 60000) == Approx(5010.2));
    // 100 GB after 10,240 GB already sent this month: 100 x 0.085 = 8.50
    CHECK(catalog.internetEgressCost(Provider::Aws, 100, 10240) == Approx(8.5));
    // The free allowance: 80 GB costs nothing.
    CHECK(catalog.internetEgressCost(Provider::Aws, 80) == 0.0);
    // GCP tiers: 1,024 GB at 0.12, to 10,240 GB at 0.11; 2,000 GB = 122.88 + 976 x 0.11
    // = 122.88 + 107.36 = 230.24
    CHECK(catalog.internetEgressCost(Provider::Gcp, 2000) == Approx(230.24));
    // On-premises ISP egress is flat-rate: 0 per GB.
    CHECK(catalog.internetEgressCost(Provider::OnPrem, 50000) == 0.0);
    // No catalog for "other".
    CHECK(catalog.internetEgressCost(Provider::Other, 50000) == 0.0);
}

TEST_CASE("PricingCatalog: look-ups return the listed prices", "[model]") {
    const PricingCatalog catalog = bundled();
    CHECK(catalog.interRegionPerGb(Provider::Aws) == Approx(0.02));
    CHECK(catalog.objectStoragePerGbMonth(Provider::Aws) == Approx(0.023));
    CHECK(catalog.objectStoragePerGbMonth(Provider::Aws, "infrequent") == Approx(0.0125));
    CHECK(catalog.objectStoragePerGbMonth(Provider::Aws, "archive") == Approx(0.00099));
    CHECK(catalog.objectStoragePerGbMonth(Provider::Aws, "s3-ia") == Approx(0.0125));
    CHECK(catalog.objectStoragePerGbMonth(Provider::Aws, "no-such-class") == Approx(0.023));
    CHECK(catalog.blockStoragePerGbMonth(Provider::Aws) == Approx(0.08));
    CHECK(catalog.instanceHourly(Provider::Aws, "m6i.large") == Approx(0.096));
    CHECK(catalog.instanceHourly(Provider::Azure, "standard_d2s_v5") == Approx(0.096));
    CHECK_FALSE(catalog.instanceHourly(Provider::Aws, "x9.huge").has_value());
    CHECK(catalog.managedDatabaseHourly(Provider::Aws, "rds-postgresql:db.m6i.large") ==
          Approx(0.178));
    CHECK_FALSE(catalog.managedDatabaseHourly(Provider::Aws, "rds-postgresql:db.x9").has_value());
    CHECK(catalog.managedDatabaseStoragePerGbMonth(Provider::Aws, "rds-mysql") == Approx(0.115));
    CHECK(catalog.requestsPer1000(Provider::Aws, "put") == Approx(0.005));
    CHECK(catalog.requestsPer1000(Provider::Aws, "get") == Approx(0.0004));
    CHECK(catalog.requestsPer1000(Provider::OnPrem, "put") == 0.0);
    CHECK(catalog.transferServicePerGb(Provider::Aws) == Approx(0.0125));
    CHECK(catalog.transferServicePerGb(Provider::Azure) == 0.0);
    CHECK(catalog.currency(Provider::Aws) == "USD");

    const auto rates = catalog.internalRates(Provider::OnPrem);
    REQUIRE(rates);
    CHECK(rates->perVcpuMonth == Approx(12.0));
    CHECK(rates->perGbRamMonth == Approx(1.5));
    CHECK(rates->perGbStorageMonth == Approx(0.05));
    CHECK_FALSE(catalog.internalRates(Provider::Aws).has_value());
    // On-premises storage is priced at the internal storage rate.
    CHECK(catalog.objectStoragePerGbMonth(Provider::OnPrem) == Approx(0.05));
}

TEST_CASE("PricingCatalog: a workload shape is matched to the cheapest instance that fits",
          "[model]") {
    const PricingCatalog catalog = bundled();
    // 3 vCPU, 10 GB: c6i.xlarge has 8 GB (too little); m6i.xlarge (4/16, 0.192) beats
    // r6i.xlarge (4/32, 0.252).
    auto offer = catalog.smallestFittingInstance(Provider::Aws, 3, 10);
    REQUIRE(offer);
    CHECK(offer->type == "m6i.xlarge");
    CHECK(offer->hourly == Approx(0.192));
    // 2 vCPU, 12 GB: r6i.large (2/16, 0.126) is cheaper than m6i.xlarge.
    offer = catalog.smallestFittingInstance(Provider::Aws, 2, 12);
    REQUIRE(offer);
    CHECK(offer->type == "r6i.large");
    // Nothing in the shortlist has 64 vCPU.
    CHECK_FALSE(catalog.smallestFittingInstance(Provider::Aws, 64, 8).has_value());
    const auto largest = catalog.largestInstance(Provider::Aws);
    REQUIRE(largest);
    CHECK(largest->type == "m6i.4xlarge");
    // Managed database sizes: 2 vCPU 8 GB skips db.t3.medium (4 GB) for db.m6i.large.
    const auto db = catalog.smallestFittingDatabase(Provider::Aws, "rds-postgresql", 2, 8);
    REQUIRE(db);
    CHECK(db->type == "db.m6i.large");
}

TEST_CASE("PricingCatalog: target service names resolve to catalog entries", "[model]") {
    const PricingCatalog catalog = bundled();
    using Kind = ServiceMatch::Kind;
    auto match = catalog.findService(Provider::Aws, "ec2:m6i.large");
    REQUIRE(match);
    CHECK(match->kind == Kind::Instance);
    CHECK(match->name == "m6i.large");
    match = catalog.findService(Provider::Aws, " M6I.XLARGE ");
    REQUIRE(match);
    CHECK(match->name == "m6i.xlarge");
    match = catalog.findService(Provider::Aws, "rds-postgresql");
    REQUIRE(match);
    CHECK(match->kind == Kind::ManagedDatabase);
    CHECK(match->size.empty());
    match = catalog.findService(Provider::Aws, "rds-postgresql:db.r6i.large");
    REQUIRE(match);
    CHECK(match->kind == Kind::ManagedDatabase);
    CHECK(match->size == "db.r6i.large");
    match = catalog.findService(Provider::Aws, "s3-standard");
    REQUIRE(match);
    CHECK(match->kind == Kind::ObjectStorage);
    CHECK(match->name == "standard");
    match = catalog.findService(Provider::Aws, "s3-glacier");
    REQUIRE(match);
    CHECK(match->name == "archive");
    match = catalog.findService(Provider::Aws, "ebs");
    REQUIRE(match);
    CHECK(match->kind == Kind::BlockStorage);
    CHECK_FALSE(catalog.findService(Provider::Aws, "lambda").has_value());
    CHECK_FALSE(catalog.findService(Provider::Aws, "rds-postgresql:db.x99").has_value());
    CHECK_FALSE(catalog.findService(Provider::Aws, "").has_value());
    CHECK_FALSE(catalog.findService(Provider::Other, "m6i.large").has_value());
}

TEST_CASE(
    "PricingCatalog: files with a missing source or a negative price or bad tiers are refused",
    "[model]") {
    const json good = bundledFile("aws");

    SECTION("missing source") {
        json aws = good;
        aws["egress"]["internet"].erase("source");
        const Error e = refusalOf(aws);
        CHECK(e.code == "pricing.invalid");
        CHECK(e.context.find("aws.json#/egress/internet/source") != std::string::npos);
    }
    SECTION("missing as-of date") {
        json aws = good;
        aws["instances"]["c6i.large"].erase("as_of");
        const Error e = refusalOf(aws);
        CHECK(e.context.find("aws.json#/instances/c6i.large/as_of") != std::string::npos);
    }
    SECTION("as-of that is not a date") {
        json aws = good;
        aws["block_storage"]["as_of"] = "last spring";
        const Error e = refusalOf(aws);
        CHECK(e.context.find("#/block_storage/as_of") != std::string::npos);
    }
    SECTION("negative price") {
        json aws = good;
        aws["instances"]["m6i.large"]["hourly"] = -0.096;
        const Error e = refusalOf(aws);
        CHECK(e.code == "pricing.invalid");
        CHECK(e.context.find("aws.json#/instances/m6i.large/hourly") != std::string::npos);
        CHECK(e.message.find("negative") != std::string::npos);
    }
    SECTION("descending tiers") {
        json aws = good;
        aws["egress"]["internet"]["tiers"][2]["up_to_gb"] = 5000;
        const Error e = refusalOf(aws);
        CHECK(e.context.find("aws.json#/egress/internet/tiers/2/up_to_gb") != std::string::npos);
        CHECK(e.message.find("ascending") != std::string::npos);
    }
    SECTION("bounded last tier") {
        json aws = good;
        aws["egress"]["internet"]["tiers"][4]["up_to_gb"] = 500000;
        const Error e = refusalOf(aws);
        CHECK(e.context.find("#/egress/internet/tiers/4/up_to_gb") != std::string::npos);
    }
    SECTION("missing section") {
        json aws = good;
        aws.erase("requests");
        const Error e = refusalOf(aws);
        CHECK(e.context.find("#/requests/put") != std::string::npos);
    }
    SECTION("file named for another provider") {
        json aws = good;
        aws["provider"] = "gcp";
        const Error e = refusalOf(aws);
        CHECK(e.context.find("#/provider") != std::string::npos);
    }
    SECTION("not JSON") {
        TempFolder folder;
        folder.write("aws.json", std::string("{ \"provider\": \"aws\", "));
        auto catalog = PricingCatalog::loadDirectory(folder.path());
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "pricing.parse");
    }
    SECTION("file not named after a provider") {
        TempFolder folder;
        folder.write("ibm.json", good);
        auto catalog = PricingCatalog::loadDirectory(folder.path());
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "pricing.unknown_provider");
    }
    SECTION("missing or empty folder") {
        TempFolder folder;
        auto empty = PricingCatalog::loadDirectory(folder.path());
        REQUIRE_FALSE(empty.ok());
        CHECK(empty.error().code == "pricing.empty");
        auto missing = PricingCatalog::loadDirectory(folder.path() / "nope");
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == "pricing.not_found");
    }
}

TEST_CASE("PricingCatalog: project price overrides change prices and mark their source",
          "[model]") {
    PricingCatalog catalog = bundled();
    const json overrides = {
        {"aws",
         {{"egress",
           {{"inter_region", {{"per_gb", 0.01}}},
            {"internet", {{"tiers", json::array({{{"up_to_gb", nullptr}, {"per_gb", 0.05}}})}}}}},
          {"instances", {{"m6i.large", {{"hourly", 0.07}}}}}}},
        {"onprem", {{"internal", {{"per_vcpu_month", 20.0}, {"source", "FY27 rate card"}}}}}};
    const auto applied = catalog.applyOverrides(overrides);
    INFO((applied.ok() ? std::string() : applied.error().toString()));
    REQUIRE(applied.ok());

    CHECK(catalog.interRegionPerGb(Provider::Aws) == Approx(0.01));
    // One flat tier at 0.05: 10,000 GB x 0.05 = 500.00
    CHECK(catalog.internetEgressCost(Provider::Aws, 10000) == Approx(500.0));
    CHECK(catalog.instanceHourly(Provider::Aws, "m6i.large") == Approx(0.07));
    CHECK(catalog.internalRates(Provider::OnPrem)->perVcpuMonth == Approx(20.0));
    // Untouched prices keep their values and public sources.
    CHECK(catalog.instanceHourly(Provider::Aws, "m6i.xlarge") == Approx(0.192));

    std::map<std::string, PriceSource> byItem;
    for (const PriceSource& s : catalog.sources())
        byItem[s.provider + ":" + s.item] = s;
    CHECK(byItem.at("aws:egress.inter_region").url == "project price_overrides");
    CHECK(byItem.at("aws:egress.inter_region").asOf == "project");
    CHECK(byItem.at("aws:egress.internet").url == "project price_overrides");
    CHECK(byItem.at("onprem:internal").url == "FY27 rate card");
    CHECK(byItem.at("aws:instances.m6i.xlarge").url.rfind("https://aws.amazon.com", 0) == 0);
}

TEST_CASE("PricingCatalog: price overrides naming unknown prices or holding bad values are refused",
          "[model]") {
    PricingCatalog catalog = bundled();
    const auto refused = [&](const json& overrides) {
        const auto result = catalog.applyOverrides(overrides);
        REQUIRE_FALSE(result.ok());
        // Nothing was applied.
        CHECK(catalog.interRegionPerGb(Provider::Aws) == Approx(0.02));
        CHECK(catalog.instanceHourly(Provider::Aws, "m6i.large") == Approx(0.096));
        return result.error();
    };

    SECTION("unknown path") {
        const Error e = refused(
            {{"aws", {{"egress", {{"inter_region", {{"per_gb", 0.01}}}, {"satellite", 1.0}}}}}});
        CHECK(e.code == "pricing.override_unknown_path");
        CHECK(e.context == "price_overrides#/aws/egress/satellite");
    }
    SECTION("new instance type") {
        const Error e = refused({{"aws", {{"instances", {{"m99.huge", {{"hourly", 1.0}}}}}}}});
        CHECK(e.code == "pricing.override_unknown_path");
        CHECK(e.context == "price_overrides#/aws/instances/m99.huge");
    }
    SECTION("unknown provider") {
        const Error e = refused({{"ibm", {{"egress", {}}}}});
        CHECK(e.code == "pricing.override_unknown_path");
        CHECK(e.context == "price_overrides#/ibm");
    }
    SECTION("other shape") {
        const Error e = refused({{"aws", {{"egress", {{"inter_region", 0.01}}}}}});
        CHECK(e.code == "pricing.override_type");
        CHECK(e.context == "price_overrides#/aws/egress/inter_region");
    }
    SECTION("negative price, after a valid one") {
        const Error e = refused({{"aws",
                                  {{"egress", {{"inter_region", {{"per_gb", 0.01}}}}},
                                   {"instances", {{"m6i.large", {{"hourly", -1.0}}}}}}}});
        CHECK(e.code == "pricing.override_invalid");
        CHECK(e.context == "price_overrides#/aws/instances/m6i.large/hourly");
    }
    SECTION("descending tiers") {
        const json tiers = json::array({{{"up_to_gb", 1000}, {"per_gb", 0.09}},
                                        {{"up_to_gb", 500}, {"per_gb", 0.08}},
                                        {{"up_to_gb", nullptr}, {"per_gb", 0.07}}});
        const Error e = refused({{"aws", {{"egress", {{"internet", {{"tiers", tiers}}}}}}}});
        CHECK(e.code == "pricing.override_invalid");
        CHECK(e.context == "price_overrides#/aws/egress/internet/tiers/1/up_to_gb");
    }
}

TEST_CASE("PricingCatalog: the default catalog is found in the source tree or FERRY_PRICING_DIR",
          "[model]") {
    SECTION("source tree") {
        ScopedEnv env("FERRY_PRICING_DIR", std::nullopt);
        auto catalog = PricingCatalog::loadDefault();
        INFO((catalog.ok() ? std::string() : catalog.error().toString()));
        REQUIRE(catalog.ok());
        CHECK(catalog->providerCatalog(Provider::Aliyun) != nullptr);
    }
    SECTION("FERRY_PRICING_DIR comes first") {
        TempFolder folder;
        folder.write("onprem.json", bundledFile("onprem"));
        ScopedEnv env("FERRY_PRICING_DIR", folder.path().string());
        auto catalog = PricingCatalog::loadDefault();
        REQUIRE(catalog.ok());
        CHECK(catalog->providerCatalog(Provider::OnPrem) != nullptr);
        CHECK(catalog->providerCatalog(Provider::Aws) == nullptr);
    }
    SECTION("FERRY_PRICING_DIR naming a missing folder is an error, not a fallback") {
        ScopedEnv env("FERRY_PRICING_DIR", (kBundled / "missing").string());
        auto catalog = PricingCatalog::loadDefault();
        REQUIRE_FALSE(catalog.ok());
        CHECK(catalog.error().code == "pricing.not_found");
    }
}
