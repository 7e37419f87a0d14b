#pragma once

// Shared by the project file format tests: a project with every field set, a scratch folder,
// byte-level file helpers and a simulated full disk.

#include <ferry/model/ProjectData.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace ferry::model::testing {

/// A fresh folder under the system temp folder, removed with everything in it at scope exit.
class ScratchFolder {
public:
    ScratchFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ferry-format-XXXXXX");
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~ScratchFolder() {
        std::error_code ec;
        // Undo any chmod a test made so the folder can be removed.
        for (auto it = std::filesystem::recursive_directory_iterator(m_path, ec);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                         std::filesystem::perm_options::add, ec);
        }
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

    /// Names of the entries in the folder, to check no temporary file was left behind.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(m_path))
            names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    std::filesystem::path m_path;
};

inline std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    REQUIRE(out.good());
    out << bytes;
    REQUIRE(out.good());
}

/// True when a chmod 0555 folder still accepts new files (running as root or with
/// CAP_DAC_OVERRIDE), so a read-only folder cannot be simulated with permissions.
inline bool permissionsAreIgnored(const std::filesystem::path& readOnlyFolder) {
    const auto probe = readOnlyFolder / ".probe";
    std::ofstream out(probe);
    const bool created = out.good();
    out.close();
    std::error_code ec;
    std::filesystem::remove(probe, ec);
    return created;
}

/// While alive, writing past maxBytes into any regular file fails with EFBIG, like a full disk.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t maxBytes) {
        REQUIRE(::getrlimit(RLIMIT_FSIZE, &m_saved) == 0);
        m_savedHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_saved;
        limited.rlim_cur = maxBytes;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_savedHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_saved{};
    void (*m_savedHandler)(int) = nullptr;
};

/// A project with every field set to a non-default value, unicode text, optional fields both
/// present and absent, tags, windows, waves and scenarios.
inline ProjectData richProject() {
    ProjectData d;
    d.info.name = "Retail — 上海 migration";
    d.info.description = "Line one\nline \"two\"\ttabbed \\ backslash";
    d.info.currency = "CNY";
    d.info.assumptions = nlohmann::json{{"max_waves", 6},
                                        {"dependency_policy", "same_wave"},
                                        {"horizon_days", 180.5},
                                        {"nested", {{"list", {1, 2.25, "three", nullptr, true}}}}};
    d.info.priceOverrides = nlohmann::json{{"aws.egress_per_gb", 0.085}, {"gcp.vm.n2", 0.1}};

    Site dc;
    dc.id = "dc1";
    dc.name = "Shanghai DC 上海";
    dc.provider = Provider::OnPrem;
    dc.region = "cn-east";
    dc.utcOffsetMinutes = 480;
    dc.position = {12.5, -40.25, true};
    Site aws;
    aws.id = "aws-sg";
    aws.name = "AWS Singapore";
    aws.provider = Provider::Aws;
    aws.region = "ap-southeast-1";
    aws.utcOffsetMinutes = -330;
    aws.position = {800, 0, false};
    Site ali;
    ali.id = "ali-hz";
    ali.name = "Aliyun 杭州";
    ali.provider = Provider::Aliyun;
    d.sites = {dc, aws, ali};

    Link a;
    a.id = "dc1-aws";
    a.from = "dc1";
    a.to = "aws-sg";
    a.bandwidthMbps = 1000;
    a.latencyMs = 40.5;
    a.egressPricePerGb = 0.02;
    a.windows = {*TimeWindow::parse("Sat,Sun 00:00-06:00"),
                 *TimeWindow::parse("Mon-Fri 22:00-24:00")};
    Link b;
    b.id = "dc1-ali";
    b.from = "dc1";
    b.to = "ali-hz";
    b.bandwidthMbps = 2500.75;
    b.latencyMs = 3;
    d.links = {a, b};

    Workload db;
    db.id = "orders-db";
    db.name = "Orders DB 订单";
    db.kind = WorkloadKind::Database;
    db.site = "dc1";
    db.sizeGb = 120.5;
    db.changeRateGbPerDay = 4;
    db.vcpu = 8;
    db.memoryGb = 32;
    db.monthlyCost = 900.99;
    db.criticality = Criticality::Critical;
    db.owner = "payments";
    db.tags = {"pci", "tier-1", "標籤"};
    db.endpoint = "sqlite://${project_dir}/data/orders.sqlite";
    db.position = {10, 20, false};
    Workload svc;
    svc.id = "checkout-svc";
    svc.name = "Checkout";
    svc.kind = WorkloadKind::Service;
    svc.site = "dc1";
    svc.sizeGb = 0.001;
    svc.criticality = Criticality::High;
    svc.position = {-5.5, 1e6, true};
    Workload bucket;
    bucket.id = "media";
    bucket.name = "Media bucket";
    bucket.kind = WorkloadKind::ObjectBucket;
    bucket.site = "aws-sg";
    bucket.sizeGb = 1.5e7;
    bucket.criticality = Criticality::Low;
    bucket.tags = {"public"};
    Workload model;
    model.id = "ranker";
    model.name = "Ranker model";
    model.kind = WorkloadKind::ModelArtifact;
    model.site = "dc1";
    model.endpoint = "file://${project_dir}/models/ranker";
    d.workloads = {db, svc, bucket, model};

    d.dependencies = {{"checkout-svc", "orders-db", 40, DependencyPolicy::SameWave},
                      {"ranker", "media", 0.5, DependencyPolicy::DependencyFirst},
                      {"checkout-svc", "ranker", 0, DependencyPolicy::Auto}};

    Mapping m1;
    m1.workload = "orders-db";
    m1.targetSite = "aws-sg";
    m1.targetService = "rds-postgresql";
    m1.strategy = Strategy::Replatform;
    m1.targetEndpoint = "file://${project_dir}/target/orders";
    m1.pinnedWave = 2;
    m1.transforms = nlohmann::json::parse(
        R"([{"type": "csv_clean", "match": "*.csv", "dedupe": {"keys": ["sku"]}},
            {"type": "zstd", "level": 9}])");
    Mapping m2;
    m2.workload = "checkout-svc";
    m2.targetSite = "ali-hz";
    m2.strategy = Strategy::Refactor;
    d.mappings = {m1, m2};

    d.waves = {{"w1", "Wave 1: data", 1, {"orders-db", "media"}},
               {"w2", "Wave 2", 2, {"checkout-svc"}},
               {"w3", "Empty wave", 3, {}}};

    Scenario fast;
    fast.id = "fast-link";
    fast.name = "10 Gbps link";
    fast.description = "What if the link were faster";
    fast.overrides = nlohmann::json{{"links.dc1-aws.bandwidth_mbps", 10000}};
    Scenario plain;
    plain.id = "baseline";
    plain.name = "Baseline";
    d.scenarios = {fast, plain};
    return d;
}

} // namespace ferry::model::testing
