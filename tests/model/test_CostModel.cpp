#include <catch2/catch.hpp>

#include <ferry/model/CostModel.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace ferry::model;

// Every expected figure below is worked out by hand from resources/pricing/*.json:
//   aws: internet tiers 100 GB free, to 10,240 GB at 0.09, to 51,200 GB at 0.085, ...;
//        inter-region 0.02/GB; m6i.large 0.096/h; m6i.xlarge 0.192/h; EBS 0.08/GB-month;
//        S3 standard 0.023/GB-month; PUT 0.005 and GET 0.0004 per 1,000; LIST 0.005 per 1,000;
//        DataSync 0.0125/GB; rds-postgresql db.m6i.large 0.178/h, storage 0.115/GB-month.
//   gcp: PUT 0.005 per 1,000; Storage Transfer Service 0.0125/GB.
//   onprem: ISP egress 0/GB; internal 12 per vCPU, 1.5 per GB RAM, 0.05 per GB storage a month.
// A month is 730 hours; objects are assumed to average 4 MiB (4,194,304 bytes).

namespace {

const PricingCatalog& catalog() {
    static const PricingCatalog loaded = [] {
        auto result = PricingCatalog::loadDirectory(std::filesystem::path(FERRY_SOURCE_DIR) /
                                                    "resources" / "pricing");
        REQUIRE(result.ok());
        return std::move(result).value();
    }();
    return loaded;
}

/// A hand-built project, wave plan and timeline, independent of the planner and simulator.
struct Estate {
    ProjectData data;
    PlanAssumptions assumptions;
    WavePlan plan;
    Timeline timeline;

    Estate() {
        data.sites = {
            Site{.id = "dc", .name = "DC", .provider = Provider::OnPrem, .region = "shanghai"},
            Site{.id = "use1",
                 .name = "AWS us-east-1",
                 .provider = Provider::Aws,
                 .region = "us-east-1"},
            Site{.id = "euw1",
                 .name = "AWS eu-west-1",
                 .provider = Provider::Aws,
                 .region = "eu-west-1"},
            Site{.id = "az",
                 .name = "Azure East US",
                 .provider = Provider::Azure,
                 .region = "eastus"},
            Site{.id = "gcp",
                 .name = "GCP Iowa",
                 .provider = Provider::Gcp,
                 .region = "us-central1"},
            Site{.id = "colo", .name = "Colo", .provider = Provider::Other, .region = "x"}};
        assumptions.dualRunningShare = 1.0;
        assumptions.horizonMonths = 36;
    }

    Workload& add(const std::string& id, WorkloadKind kind, const std::string& site, double sizeGb,
                  double monthlyCost = 0) {
        data.workloads.push_back(Workload{.id = id,
                                          .name = id,
                                          .kind = kind,
                                          .site = site,
                                          .sizeGb = sizeGb,
                                          .monthlyCost = monthlyCost});
        return data.workloads.back();
    }

    void map(const std::string& workload, const std::string& target, const std::string& service,
             Strategy strategy = Strategy::Rehost) {
        data.mappings.push_back(Mapping{.workload = workload,
                                        .targetSite = target,
                                        .targetService = service,
                                        .strategy = strategy});
    }

    /// Puts a workload in a wave with its timing: full copy from start, live at cutoverEnd.
    void move(const std::string& workload, int wave, double startHours, double cutoverEndHours,
              double gbMoved, int syncs = 0, const std::string& link = {}) {
        auto it = std::find_if(plan.waves.begin(), plan.waves.end(),
                               [&](const PlannedWave& w) { return w.number == wave; });
        if (it == plan.waves.end()) {
            plan.waves.push_back(PlannedWave{.number = wave});
            it = plan.waves.end() - 1;
        }
        it->workloads.push_back(workload);
        plan.placements.push_back(Placement{.workload = workload, .wave = wave});
        timeline.workloads.push_back(WorkloadTiming{.workload = workload,
                                                    .wave = wave,
                                                    .link = link,
                                                    .startHours = startHours,
                                                    .cutoverStartHours = cutoverEndHours,
                                                    .cutoverEndHours = cutoverEndHours,
                                                    .gbMoved = gbMoved,
                                                    .syncs = syncs});
        timeline.totalHours = std::max(timeline.totalHours, cutoverEndHours);
    }

    CostReport estimate() const {
        return CostModel::estimate(data, assumptions, plan, timeline, catalog());
    }
};

const WorkloadCost& costOf(const CostReport& report, const std::string& id) {
    const auto it = std::find_if(report.workloads.begin(), report.workloads.end(),
                                 [&](const WorkloadCost& c) { return c.workload == id; });
    REQUIRE(it != report.workloads.end());
    return *it;
}

std::vector<Finding> withCode(const CostReport& report, const std::string& code) {
    std::vector<Finding> out;
    for (const Finding& f : report.findings) {
        if (f.code == code)
            out.push_back(f);
    }
    return out;
}

} // namespace

TEST_CASE("CostModel: data leaving AWS for another cloud pays AWS internet egress on its tiers",
          "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "use1", 10000);
    e.map("vm", "az", "Standard_D2s_v5");
    e.move("vm", 1, 0, 102, 10000);
    const CostReport report = e.estimate();
    // 10,000 GB in month 1: 100 x 0 + 9,900 x 0.09 = 891.00
    const WorkloadCost& vm = costOf(report, "vm");
    CHECK(vm.wave == 1);
    CHECK(vm.oneTime.at(kCostEgress) == Approx(891.0));
    CHECK(vm.oneTimeTotal == Approx(891.0));
    REQUIRE(report.waves.size() == 1);
    CHECK(report.waves[0].oneTime.at(kCostEgress) == Approx(891.0));
    CHECK(report.oneTimeByCategory.at(kCostEgress) == Approx(891.0));
    CHECK(report.oneTimeTotal == Approx(891.0));
}

TEST_CASE("CostModel: workloads leaving one site in the same month share the egress tiers",
          "[model]") {
    Estate e;
    e.add("a", WorkloadKind::Vm, "use1", 30000);
    e.add("b", WorkloadKind::Vm, "use1", 30000);
    e.map("a", "az", "Standard_D2s_v5");
    e.map("b", "gcp", "n2-standard-2");
    e.move("a", 1, 0, 200, 30000);
    e.move("b", 1, 0, 200, 30000);
    const CostReport report = e.estimate();
    // 60,000 GB from use1 in month 1: 10,140 x 0.09 = 912.60; 40,960 x 0.085 = 3,481.60;
    // 8,800 x 0.07 = 616.00; total 5,010.20, shared half and half = 2,505.10 each.
    CHECK(costOf(report, "a").oneTime.at(kCostEgress) == Approx(2505.1));
    CHECK(costOf(report, "b").oneTime.at(kCostEgress) == Approx(2505.1));
    CHECK(report.oneTimeByCategory.at(kCostEgress) == Approx(5010.2));
}

TEST_CASE("CostModel: egress tiers restart every month of the timeline", "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "use1", 20000);
    e.map("vm", "az", "Standard_D2s_v5");
    e.move("vm", 1, 0, 1460, 20000);
    // One full-copy bar over two months: 10,000 GB in each.
    e.timeline.rows.push_back(GanttRow{.workload = "vm",
                                       .wave = 1,
                                       .phase = TransferPhase::FullCopy,
                                       .startHours = 0,
                                       .endHours = 1460,
                                       .gb = 20000});
    const CostReport report = e.estimate();
    // Each month: 100 x 0 + 9,900 x 0.09 = 891.00; two months = 1,782.00
    // (all 20,000 GB in one month would have cost 912.60 + 9,760 x 0.085 = 1,742.20).
    CHECK(costOf(report, "vm").oneTime.at(kCostEgress) == Approx(1782.0));
}

TEST_CASE("CostModel: moving between regions of one provider pays its inter-region price",
          "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "use1", 1000);
    e.map("vm", "euw1", "m6i.large");
    e.move("vm", 1, 0, 10, 1250); // full copy 1,000 + syncs and delta 250
    const CostReport report = e.estimate();
    // 1,250 GB x 0.02 = 25.00
    CHECK(costOf(report, "vm").oneTime.at(kCostEgress) == Approx(25.0));
}

TEST_CASE("CostModel: a link's own egress price beats the provider's prices", "[model]") {
    Estate e;
    e.data.links = {Link{.id = "dx", .from = "use1", .to = "az", .egressPricePerGb = 0.03},
                    Link{.id = "peer", .from = "euw1", .to = "use1", .egressPricePerGb = 0.005}};
    e.add("out", WorkloadKind::Vm, "use1", 10000);
    e.add("across", WorkloadKind::Vm, "use1", 1000);
    e.map("out", "az", "Standard_D2s_v5");
    e.map("across", "euw1", "m6i.large");
    e.move("out", 1, 0, 100, 10000, 0, "dx");
    e.move("across", 1, 0, 100, 1000); // the link is found by its ends, either direction
    const CostReport report = e.estimate();
    // 10,000 GB x 0.03 = 300.00 (instead of 891.00 on the internet tiers)
    CHECK(costOf(report, "out").oneTime.at(kCostEgress) == Approx(300.0));
    // 1,000 GB x 0.005 = 5.00 (instead of 20.00 inter-region)
    CHECK(costOf(report, "across").oneTime.at(kCostEgress) == Approx(5.0));
}

TEST_CASE("CostModel: leaving on-premises over a flat-rate ISP costs no egress", "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "dc", 50000);
    e.map("vm", "use1", "m6i.large");
    e.move("vm", 1, 0, 100, 50000);
    const CostReport report = e.estimate();
    CHECK(costOf(report, "vm").oneTime.at(kCostEgress) == 0.0);
}

TEST_CASE("CostModel: a site with no pricing catalog is flagged and its egress counted as 0",
          "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "colo", 1000);
    e.map("vm", "use1", "m6i.large");
    e.move("vm", 1, 0, 100, 1000);
    const CostReport report = e.estimate();
    CHECK(costOf(report, "vm").oneTime.at(kCostEgress) == 0.0);
    const auto findings = withCode(report, "cost.no_catalog");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].objectId == "colo");
    CHECK(findings[0].severity == Severity::Warning);
}

TEST_CASE("CostModel: buckets pay PUTs on the target and GETs and LISTs on the source plus the "
          "transfer service",
          "[model]") {
    Estate e;
    // 4,194.304 GB = 4,194,304,000,000 bytes = 1,000,000 objects of 4 MiB.
    e.add("photos", WorkloadKind::ObjectBucket, "use1", 4194.304);
    e.map("photos", "gcp", "gcs-standard");
    // Moved: 1.5 x the size (full copy, one sync, final delta) = 6,291.456 GB = 1,500,000 objects.
    e.move("photos", 1, 0, 100, 6291.456, 1);
    e.add("share", WorkloadKind::FileShare, "dc", 4194.304);
    e.map("share", "use1", "s3-standard");
    e.move("share", 1, 0, 100, 4194.304);
    const CostReport report = e.estimate();

    const WorkloadCost& photos = costOf(report, "photos");
    // PUT on GCP: 1,500 x 0.005 = 7.50; GET on AWS: 1,500 x 0.0004 = 0.60;
    // LIST on AWS: 3 passes x 1,000 LIST calls (1,000 keys each) = 3 x 0.005 = 0.015;
    // requests = 8.115
    CHECK(photos.oneTime.at(kCostRequests) == Approx(8.115));
    // Storage Transfer Service (target GCP): 6,291.456 x 0.0125 = 78.6432
    CHECK(photos.oneTime.at(kCostTransferService) == Approx(78.6432));
    // AWS internet egress: 6,191.456 x 0.09 = 557.23104
    CHECK(photos.oneTime.at(kCostEgress) == Approx(557.23104));
    // After: 4,194.304 GB x 0.02 (GCS standard) = 83.88608 a month
    CHECK(photos.monthlyAfter == Approx(83.88608));
    CHECK(photos.targetPricing.find("4 MiB") != std::string::npos);

    const WorkloadCost& share = costOf(report, "share");
    // PUT on AWS: 1,000 x 0.005 = 5.00; GET and LIST on-premises: 0
    CHECK(share.oneTime.at(kCostRequests) == Approx(5.0));
    // DataSync: 4,194.304 x 0.0125 = 52.4288
    CHECK(share.oneTime.at(kCostTransferService) == Approx(52.4288));
    CHECK(share.oneTime.at(kCostEgress) == 0.0);
    // After: 4,194.304 x 0.023 = 96.468992
    CHECK(share.monthlyAfter == Approx(96.468992));
}

TEST_CASE("CostModel: dual running is the source's cost for the hybrid period times the share",
          "[model]") {
    Estate e;
    e.assumptions.dualRunningShare = 0.5;
    e.add("vm", WorkloadKind::Vm, "dc", 100, 1460);
    e.map("vm", "use1", "m6i.large");
    e.move("vm", 1, 100, 465, 100);
    const CostReport report = e.estimate();
    // Hybrid from hour 100 to hour 465 = 365 h = 0.5 month: 1,460 x 0.5 x 0.5 = 365.00
    CHECK(costOf(report, "vm").oneTime.at(kCostDualRunning) == Approx(365.0));
    CHECK(report.waves.at(0).oneTime.at(kCostDualRunning) == Approx(365.0));
}

TEST_CASE("CostModel: the break-even month follows from the one-time cost and the run-rate saving",
          "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "dc", 100, 1000);
    e.map("vm", "use1", "ec2:m6i.large");
    e.move("vm", 1, 0, 730, 100); // live on AWS at hour 730: from month 2
    const CostReport report = e.estimate();
    const WorkloadCost& vm = costOf(report, "vm");
    // After: 0.096 x 730 + 100 GB x 0.08 = 70.08 + 8.00 = 78.08 a month
    CHECK(vm.monthlyAfter == Approx(78.08));
    // One-time: no egress on-premises, dual running 1,000 x 1.0 x 730/730 = 1,000
    CHECK(report.oneTimeTotal == Approx(1000.0));
    // Stay: 1,000 m. Migrate: 1,000 + 1,000 (month 1 before cutover) + 78.08 (m - 1).
    //   month 1: 2,000.00 vs 1,000; month 2: 2,078.08 vs 2,000; month 3: 2,156.16 vs 3,000.
    REQUIRE(report.cumulativeStay.size() == 36);
    REQUIRE(report.cumulativeMigrate.size() == 36);
    CHECK(report.cumulativeMigrate[0] == Approx(2000.0));
    CHECK(report.cumulativeMigrate[1] == Approx(2078.08));
    CHECK(report.cumulativeMigrate[2] == Approx(2156.16));
    CHECK(report.cumulativeStay[2] == Approx(3000.0));
    REQUIRE(report.breakEvenMonth);
    CHECK(*report.breakEvenMonth == 3);
    // Month 36: stay 36,000; migrate 2,000 + 35 x 78.08 = 4,732.80
    CHECK(report.cumulativeStay[35] == Approx(36000.0));
    CHECK(report.cumulativeMigrate[35] == Approx(4732.8));
    CHECK(report.monthlyBefore == Approx(1000.0));
    CHECK(report.monthlyAfter == Approx(78.08));
}

TEST_CASE("CostModel: no break-even when the target costs more to run", "[model]") {
    Estate e;
    e.add("vm", WorkloadKind::Vm, "dc", 100, 50);
    e.map("vm", "use1", "ec2:m6i.large"); // 78.08 a month after
    e.move("vm", 1, 0, 10, 100);
    const CostReport report = e.estimate();
    CHECK_FALSE(report.breakEvenMonth.has_value());
    CHECK(report.cumulativeMigrate.back() > report.cumulativeStay.back());
}

TEST_CASE(
    "CostModel: retired workloads cost nothing after the migration and retained ones are unchanged",
    "[model]") {
    Estate e;
    e.add("old", WorkloadKind::Vm, "dc", 100, 300);
    e.add("keep", WorkloadKind::Vm, "dc", 100, 200);
    e.map("old", "use1", "", Strategy::Retire);
    e.map("keep", "use1", "", Strategy::Retain);
    e.plan.excluded = {"old", "keep"};
    e.timeline.totalHours = 1000; // the migration of the rest ends in month 2
    const CostReport report = e.estimate();
    const WorkloadCost& old = costOf(report, "old");
    const WorkloadCost& keep = costOf(report, "keep");
    CHECK(old.wave == 0);
    CHECK(old.monthlyAfter == 0.0);
    CHECK(old.oneTimeTotal == 0.0);
    CHECK(keep.monthlyAfter == Approx(200.0));
    CHECK(keep.oneTimeTotal == 0.0);
    CHECK(report.monthlyBefore == Approx(500.0));
    CHECK(report.monthlyAfter == Approx(200.0));
    // The retired workload is switched off when the migration ends (month 2):
    // month 1: 500 (equal to staying, so break-even in month 1); month 2: 500 + 200 = 700.
    CHECK(report.cumulativeMigrate[0] == Approx(500.0));
    CHECK(report.cumulativeMigrate[1] == Approx(700.0));
    REQUIRE(report.breakEvenMonth);
    CHECK(*report.breakEvenMonth == 1);
    CHECK(report.findings.empty());
}

TEST_CASE("CostModel: an unknown target service is priced as the cheapest instance that fits",
          "[model]") {
    Estate e;
    Workload& vm = e.add("vm", WorkloadKind::Vm, "dc", 50, 400);
    vm.vcpu = 3;
    vm.memoryGb = 10;
    e.map("vm", "use1", "ec2:x9z.huge");
    e.move("vm", 1, 0, 10, 50);
    Workload& svc = e.add("svc", WorkloadKind::Service, "dc", 0, 100);
    svc.vcpu = 2;
    svc.memoryGb = 12;
    e.map("svc", "use1", "");
    e.move("svc", 1, 0, 10, 0);
    e.add("blob", WorkloadKind::ObjectBucket, "dc", 1000, 10);
    e.map("blob", "use1", "mystery-store");
    e.move("blob", 1, 0, 10, 1000);
    const CostReport report = e.estimate();

    // 3 vCPU, 10 GB -> m6i.xlarge: 0.192 x 730 + 50 x 0.08 = 140.16 + 4.00 = 144.16
    CHECK(costOf(report, "vm").monthlyAfter == Approx(144.16));
    CHECK(costOf(report, "vm").targetPricing.find("m6i.xlarge") != std::string::npos);
    // 2 vCPU, 12 GB, no service named -> r6i.large: 0.126 x 730 = 91.98
    CHECK(costOf(report, "svc").monthlyAfter == Approx(91.98));
    // A bucket with an unknown service goes to standard object storage: 1,000 x 0.023 = 23.00
    CHECK(costOf(report, "blob").monthlyAfter == Approx(23.0));

    const auto unknown = withCode(report, "cost.unknown_target_service");
    REQUIRE(unknown.size() == 2);
    CHECK(unknown[0].severity == Severity::Info);
    CHECK(unknown[0].objectId == "vm");
    CHECK(unknown[1].objectId == "blob");
    const auto unnamed = withCode(report, "cost.no_target_service");
    REQUIRE(unnamed.size() == 1);
    CHECK(unnamed[0].objectId == "svc");
}

TEST_CASE("CostModel: target services are priced from the catalog by kind", "[model]") {
    Estate e;
    Workload& db = e.add("db", WorkloadKind::Database, "dc", 200, 900);
    db.vcpu = 2;
    db.memoryGb = 8;
    e.map("db", "use1", "rds-postgresql", Strategy::Replatform);
    e.move("db", 1, 0, 10, 200);
    e.add("vol", WorkloadKind::Vm, "dc", 500, 30);
    e.map("vol", "use1", "ebs-gp3");
    e.move("vol", 1, 0, 10, 500);
    e.add("arch", WorkloadKind::ModelArtifact, "dc", 1000, 30);
    e.map("arch", "use1", "s3-glacier");
    e.move("arch", 1, 0, 10, 1000);
    Workload& back = e.add("back", WorkloadKind::Vm, "use1", 100, 200);
    back.vcpu = 4;
    back.memoryGb = 16;
    e.map("back", "dc", "");
    e.move("back", 1, 0, 10, 100);
    const CostReport report = e.estimate();

    // rds-postgresql sized for 2 vCPU / 8 GB -> db.m6i.large: 0.178 x 730 + 200 x 0.115
    // = 129.94 + 23.00 = 152.94
    CHECK(costOf(report, "db").monthlyAfter == Approx(152.94));
    CHECK(costOf(report, "db").targetPricing.find("db.m6i.large") != std::string::npos);
    // EBS: 500 x 0.08 = 40.00
    CHECK(costOf(report, "vol").monthlyAfter == Approx(40.0));
    // Glacier Deep Archive: 1,000 x 0.00099 = 0.99
    CHECK(costOf(report, "arch").monthlyAfter == Approx(0.99));
    // Back on-premises at internal rates: 4 x 12 + 16 x 1.5 + 100 x 0.05 = 48 + 24 + 5 = 77.00
    CHECK(costOf(report, "back").monthlyAfter == Approx(77.0));
    // Leaving AWS for on-premises: 100 GB is within the free 100 GB: egress 0.
    CHECK(costOf(report, "back").oneTime.at(kCostEgress) == 0.0);
    CHECK(withCode(report, "cost.unknown_target_service").empty());
}

TEST_CASE(
    "CostModel: dependencies split across sites during the migration pay egress for their traffic",
    "[model]") {
    Estate e;
    e.add("app", WorkloadKind::Service, "dc", 10);
    e.add("db", WorkloadKind::Database, "dc", 10);
    e.data.dependencies = {Dependency{.from = "app", .to = "db", .trafficGbPerDay = 240}};
    e.map("app", "use1", "m6i.large");
    e.map("db", "use1", "m6i.large");

    SECTION("until the dependent follows") {
        e.move("db", 1, 0, 48, 10);
        e.move("app", 2, 48, 120, 10);
        const CostReport report = e.estimate();
        // From hour 48 to 120 the db answers from AWS and the app is on-premises:
        // 240 GB/day x 72 h / 24 = 720 GB out of AWS to the internet;
        // (migration data left on-premises: nothing else leaves AWS this month)
        // 100 x 0 + 620 x 0.09 = 55.80, booked on the dependent (app, wave 2).
        CHECK(costOf(report, "app").oneTime.at(kCostCrossSiteTraffic) == Approx(55.8));
        CHECK(costOf(report, "db").oneTime.at(kCostCrossSiteTraffic) == 0.0);
        REQUIRE(report.waves.size() == 2);
        CHECK(report.waves[1].oneTime.at(kCostCrossSiteTraffic) == Approx(55.8));
        CHECK(withCode(report, "cost.split_after_migration").empty());
    }
    SECTION("for good when the dependent stays") {
        e.data.mappings[0].strategy = Strategy::Retain;
        e.plan.excluded = {"app"};
        e.move("db", 1, 0, 48, 10);
        e.timeline.totalHours = 120;
        const CostReport report = e.estimate();
        // Split from hour 48 to the end of the timeline at 120: again 720 GB = 55.80,
        // booked on db, the only end in the plan.
        CHECK(costOf(report, "db").oneTime.at(kCostCrossSiteTraffic) == Approx(55.8));
        // Afterwards: 240 x 730 / 24 = 7,300 GB a month = 7,200 x 0.09 = 648 a month.
        const auto split = withCode(report, "cost.split_after_migration");
        REQUIRE(split.size() == 1);
        CHECK(split[0].objectId == "app->db");
        CHECK(split[0].message.find("648") != std::string::npos);
    }
    SECTION("nothing while both ends are still together") {
        e.move("db", 1, 0, 48, 10);
        e.move("app", 1, 0, 48, 10);
        const CostReport report = e.estimate();
        CHECK(report.oneTimeByCategory.at(kCostCrossSiteTraffic) == 0.0);
    }
}

TEST_CASE("CostModel: a project currency other than the catalog's is reported and not converted",
          "[model]") {
    Estate e;
    e.data.info.currency = "EUR";
    e.add("vm", WorkloadKind::Vm, "use1", 10000);
    e.map("vm", "az", "Standard_D2s_v5");
    e.move("vm", 1, 0, 100, 10000);
    const CostReport report = e.estimate();
    CHECK(report.currency == "EUR");
    CHECK(costOf(report, "vm").oneTime.at(kCostEgress) == Approx(891.0));
    const auto mismatch = withCode(report, "cost.currency_mismatch");
    REQUIRE(mismatch.size() == 1);
    CHECK(mismatch[0].severity == Severity::Warning);
    CHECK(mismatch[0].message.find("USD") != std::string::npos);
}

TEST_CASE("CostModel: the cost report lists the sources of the providers in the project",
          "[model]") {
    Estate e;
    e.data.sites.resize(2); // dc (on-premises) and use1 (AWS)
    e.add("vm", WorkloadKind::Vm, "dc", 100, 100);
    e.map("vm", "use1", "m6i.large");
    e.move("vm", 1, 0, 10, 100);
    const CostReport report = e.estimate();
    REQUIRE_FALSE(report.sources.empty());
    for (const PriceSource& s : report.sources)
        CHECK((s.provider == "aws" || s.provider == "onprem"));
    // Category totals add up to the total, waves add up to the workloads.
    double sum = 0;
    for (const auto& [category, amount] : report.oneTimeByCategory)
        sum += amount;
    CHECK(sum == Approx(report.oneTimeTotal));
    CHECK(report.oneTimeByCategory.size() == 5);
}
