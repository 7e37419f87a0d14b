#include <catch2/catch.hpp>

#include <ferry/model/InventoryImport.hpp>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

using namespace ferry::model;

namespace {

const std::filesystem::path kData =
    std::filesystem::path(FERRY_SOURCE_DIR) / "tests/model/data/inventory";

ProjectData projectWithSites() {
    ProjectData data;
    data.sites.push_back(Site{.id = "dc1", .name = "Shanghai DC", .region = "cn-east"});
    data.sites.push_back(Site{.id = "aws-sg", .name = "AWS Singapore", .provider = Provider::Aws});
    data.workloads.push_back(Workload{.id = "legacy-erp", .name = "Legacy ERP", .site = "dc1"});
    return data;
}

Result<void> importText(const std::string& text, ProjectData& data, InventoryImportReport& report,
                        const InventoryImportOptions& options = {}) {
    std::istringstream in(text);
    return InventoryImport::importStream(in, "inventory.csv", data, options, report);
}

const Workload* findWorkload(const ProjectData& data, const std::string& id) {
    for (const auto& w : data.workloads) {
        if (w.id == id) {
            return &w;
        }
    }
    return nullptr;
}

const Site* findSite(const ProjectData& data, const std::string& id) {
    for (const auto& s : data.sites) {
        if (s.id == id) {
            return &s;
        }
    }
    return nullptr;
}

bool hasTag(const Workload& w, const std::string& tag) {
    return std::find(w.tags.begin(), w.tags.end(), tag) != w.tags.end();
}

InventoryImportOptions withPreset(const char* name) {
    InventoryImportOptions options;
    options.preset = findInventoryPreset(name);
    REQUIRE(options.preset != nullptr);
    return options;
}

// A temporary file removed at the end of the test.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& name)
        : path(std::filesystem::temp_directory_path() /
               ("ferry-test-" + std::to_string(::getpid()) + "-" + name)) {}
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

} // namespace

TEST_CASE("the built-in presets are generic, rvtools and aws-ads", "[model]") {
    const auto& presets = inventoryPresets();
    REQUIRE(presets.size() == 3);
    CHECK(presets[0].name == "generic");
    CHECK(presets[1].name == "rvtools");
    CHECK(presets[2].name == "aws-ads");
    CHECK(findInventoryPreset("RVTools") == &presets[1]);
    CHECK(findInventoryPreset("nope") == nullptr);
    for (auto field : {InventoryField::SizeMib, InventoryField::MemoryKib, InventoryField::Ignore,
                       InventoryField::Provider}) {
        CHECK(inventoryFieldFromString(toString(field)) == field);
    }
    CHECK(inventoryFieldFromString("Size_GB") == InventoryField::SizeGb);
    CHECK_FALSE(inventoryFieldFromString("size_tb").has_value());
}

TEST_CASE("the generic preset fills every workload field", "[model]") {
    ProjectData data = projectWithSites();
    InventoryImportReport report;
    auto r = InventoryImport::importFile(kData / "generic.csv", data, {}, report);
    REQUIRE(r.ok());
    CHECK(report.rowsRead == 4);
    CHECK(report.rowsImported == 4);
    CHECK(report.rowsRejected == 0);
    CHECK(report.errors.empty());
    CHECK(report.unmappedColumns.empty());
    REQUIRE(data.workloads.size() == 5);

    const Workload* db = findWorkload(data, "orders-db");
    REQUIRE(db);
    CHECK(db->name == "Orders DB");
    CHECK(db->kind == WorkloadKind::Database);
    CHECK(db->site == "dc1");
    CHECK(db->sizeGb == 120);
    CHECK(db->changeRateGbPerDay == 4);
    CHECK(db->vcpu == 8);
    CHECK(db->memoryGb == 32);
    CHECK(db->monthlyCost == 900);
    CHECK(db->criticality == Criticality::Critical);
    CHECK(db->owner == "payments");
    CHECK(db->tags == std::vector<std::string>{"pci", "tier-1"});
    CHECK(db->endpoint == "sqlite://${project_dir}/data/orders.sqlite");

    const Workload* svc = findWorkload(data, "checkout-svc");
    REQUIRE(svc);
    CHECK(svc->kind == WorkloadKind::Service);    // "Service": case-insensitive
    CHECK(svc->criticality == Criticality::High); // "High"
    CHECK(svc->sizeGb == 2.5);
    CHECK(svc->tags.empty());

    const Workload* media = findWorkload(data, "media");
    REQUIRE(media);
    CHECK(media->kind == WorkloadKind::ObjectBucket); // alias "bucket"
    CHECK(media->site == "dc1");                      // "Shanghai DC" is dc1's name
    CHECK(media->tags == std::vector<std::string>{"archive", "images"});

    // No id: derived from the name; "dc2" is a new on-premises site.
    const Workload* share = findWorkload(data, "reports-share");
    REQUIRE(share);
    CHECK(share->kind == WorkloadKind::FileShare); // "FILE SHARE"
    CHECK(share->site == "dc2");
    CHECK(report.sitesCreated == std::vector<std::string>{"dc2"});
    const Site* dc2 = findSite(data, "dc2");
    REQUIRE(dc2);
    CHECK(dc2->provider == Provider::OnPrem);
    CHECK(data.sites.size() == 3);
}

TEST_CASE("every RFC 4180 trap parses", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    auto r = InventoryImport::importFile(kData / "rfc4180_traps.csv", data, {}, report);
    REQUIRE(r.ok());
    CHECK(report.rowsRead == 6); // blank, whitespace-only and ",,," lines are not rows
    CHECK(report.rowsImported == 6);

    const Workload* comma = findWorkload(data, "comma");
    REQUIRE(comma);
    CHECK(comma->name == "Billing, EU");
    CHECK(comma->owner == "ops, nightly");
    CHECK(comma->tags == std::vector<std::string>{"a", "b"});

    const Workload* quotes = findWorkload(data, "quotes");
    REQUIRE(quotes);
    CHECK(quotes->name == "The \"big\" one");
    CHECK(quotes->owner == "\"quoted\"");

    const Workload* newline = findWorkload(data, "newline");
    REQUIRE(newline);
    CHECK(newline->name == "two\nlines");
    CHECK(newline->owner == "three\r\nlines\nhere"); // line breaks inside quotes are kept as is

    const Workload* empty = findWorkload(data, "empty");
    REQUIRE(empty);
    CHECK(empty->name == "empty"); // an empty name falls back to the id
    CHECK(empty->owner.empty());

    const Workload* unicode = findWorkload(data, "unicode");
    REQUIRE(unicode);
    CHECK(unicode->name == "数据库 — Ünïcode");
    CHECK(unicode->tags == std::vector<std::string>{"标签"});

    const Workload* last = findWorkload(data, "last");
    REQUIRE(last);
    CHECK(last->name == "no newline at the end");
    CHECK(last->owner == "x");

    // No site column: everything lands on the default site, created on the way.
    CHECK(report.sitesCreated == std::vector<std::string>{"source"});
    CHECK(unicode->site == "source");
}

TEST_CASE("a byte order mark and CRLF line ends are read", "[model]") {
    ProjectData data = projectWithSites();
    InventoryImportReport report;
    auto r = InventoryImport::importFile(kData / "bom_crlf.csv", data, {}, report);
    REQUIRE(r.ok());
    CHECK(report.unmappedColumns.empty()); // "id" is recognised despite the BOM
    CHECK(report.rowsImported == 3);
    const Workload* alpha = findWorkload(data, "alpha");
    REQUIRE(alpha);
    CHECK(alpha->site == "dc1");
    CHECK(alpha->sizeGb == 10);
    const Workload* beta = findWorkload(data, "beta");
    REQUIRE(beta);
    CHECK(beta->name == "Beta\r\nsecond line");
    const Workload* gamma = findWorkload(data, "gamma");
    REQUIRE(gamma);
    CHECK(gamma->site == "dc1"); // no stray CR in the last field
    CHECK(gamma->sizeGb == 30);
}

TEST_CASE("LF, CRLF and CR line ends give the same workloads", "[model]") {
    const std::string lf = "id,name,size_gb\na,A,1\nb,\"B\",2\nc,C,3\n";
    auto convert = [&](const std::string& eol) {
        std::string out;
        for (char c : lf) {
            if (c == '\n') {
                out += eol;
            } else {
                out += c;
            }
        }
        return out;
    };
    ProjectData reference;
    InventoryImportReport report;
    REQUIRE(importText(lf, reference, report).ok());
    for (const std::string eol : {"\r\n", "\r"}) {
        ProjectData data;
        REQUIRE(importText(convert(eol), data, report).ok());
        CHECK(data == reference);
    }
}

TEST_CASE("records split across read chunks parse the same", "[model]") {
    // Every byte of this body is placed on the 64 KiB chunk boundary once.
    const std::string header = "id,name,owner,tags\n";
    const std::string body = "q,\"a,\"\"b\"\"\r\nc\",\"x\",\r\n"
                             "r,R,\"\",t1;t2\r"
                             "s,\"line\nbreak\",o,\n"
                             "\r\n"
                             "u,\"é中\",\"\"\"\",\n";
    ProjectData reference;
    InventoryImportReport report;
    REQUIRE(importText(header + body, reference, report).ok());
    REQUIRE(reference.workloads.size() == 4);

    const std::size_t chunk = 64 * 1024;
    for (std::size_t k = 0; k < body.size(); ++k) {
        const std::size_t padding = chunk - header.size() - std::string("pad,,,\n").size() - k;
        const std::string text = header + "pad," + std::string(padding, 'p') + ",,\n" + body;
        REQUIRE(text.size() > chunk);
        ProjectData data;
        REQUIRE(importText(text, data, report).ok());
        REQUIRE(data.workloads.size() == 5);
        data.workloads.erase(data.workloads.begin());
        INFO("boundary at body byte " << k);
        CHECK(data.workloads == reference.workloads);
    }
}

TEST_CASE("the rvtools preset converts MiB exactly and maps the vInfo columns", "[model]") {
    ProjectData data = projectWithSites();
    InventoryImportReport report;
    auto r = InventoryImport::importFile(kData / "rvtools_vinfo.csv", data, withPreset("rvtools"),
                                         report);
    REQUIRE(r.ok());
    CHECK(report.rowsImported == 3);

    const Workload* web = findWorkload(data, "4213c5e2-0001-4c3a-9b1d-000000000001");
    REQUIRE(web); // VM UUID is the id when present
    CHECK(web->name == "web-01");
    CHECK(web->kind == WorkloadKind::Vm);
    CHECK(web->vcpu == 4);
    CHECK(web->memoryGb == 8.589934592); // 8192 MiB
    CHECK(web->sizeGb == 107.3741824);   // In Use MiB 102400, not Provisioned MiB
    CHECK(web->site == "dc-shanghai");
    CHECK(hasTag(*web, "cluster:Prod-01"));
    CHECK(hasTag(*web, "host:esx01.corp.example"));
    CHECK(hasTag(*web, "os:Microsoft Windows Server 2019 (64-bit)"));
    CHECK(hasTag(*web, "power:poweredOn"));

    const Workload* db = findWorkload(data, "4213c5e2-0002-4c3a-9b1d-000000000002");
    REQUIRE(db);
    CHECK(db->memoryGb == 68.719476736); // 65536 MiB
    CHECK(db->sizeGb == 549.755813888);  // 524288 MiB

    // No UUID: VM ID is next; no In Use MiB: Provisioned MiB is next.
    const Workload* old = findWorkload(data, "vm-1003");
    REQUIRE(old);
    CHECK(old->sizeGb == 42.94967296);   // 40960 MiB
    CHECK(old->memoryGb == 2.147483648); // 2048 MiB
    CHECK(old->site == "dc-beijing");
    CHECK(hasTag(*old, "power:poweredOff"));

    CHECK(report.sitesCreated == std::vector<std::string>{"dc-shanghai", "dc-beijing"});
    const Site* sh = findSite(data, "dc-shanghai");
    REQUIRE(sh);
    CHECK(sh->name == "DC-Shanghai");
    CHECK(sh->provider == Provider::OnPrem);
    // Columns no field takes are listed.
    const auto& unmapped = report.unmappedColumns;
    CHECK(std::find(unmapped.begin(), unmapped.end(), "Annotation") != unmapped.end());
    CHECK(std::find(unmapped.begin(), unmapped.end(), "Template") != unmapped.end());
    CHECK(std::find(unmapped.begin(), unmapped.end(), "VM") == unmapped.end());
}

TEST_CASE("the aws-ads preset converts binary units exactly and reads list columns", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    auto options = withPreset("aws-ads");
    options.defaultSite = "dc-frankfurt";
    auto r = InventoryImport::importFile(kData / "aws_ads_servers.csv", data, options, report);
    REQUIRE(r.ok());
    CHECK(report.rowsImported == 3);

    const Workload* a = findWorkload(data, "d-server-0a1b2c3d4e5f60001");
    REQUIRE(a);
    CHECK(a->name == "ip-10-0-1-15");
    CHECK(a->vcpu == 4);                // numCores before numCpus
    CHECK(a->memoryGb == 17.179869184); // 16384 MiB
    CHECK(a->sizeGb == 107.3741824);    // 100 GiB
    CHECK(a->site == "dc-frankfurt");
    CHECK(hasTag(*a, "os:Linux - Amazon Linux"));
    CHECK(hasTag(*a, "app:Orders"));
    CHECK(hasTag(*a, "app:Billing"));
    CHECK(hasTag(*a, "env:prod"));

    const Workload* b = findWorkload(data, "d-server-0a1b2c3d4e5f60002");
    REQUIRE(b);
    CHECK(b->vcpu == 8); // numCores empty: numCpus
    CHECK(b->sizeGb == 2199.023255552);

    const Workload* c = findWorkload(data, "d-server-0a1b2c3d4e5f60003");
    REQUIRE(c);
    CHECK(c->sizeGb == 0);
    CHECK(hasTag(*c, "app:Analytics")); // JSON array of names
    CHECK(hasTag(*c, "team:data"));     // JSON array of key/value tags
    CHECK(report.sitesCreated == std::vector<std::string>{"dc-frankfurt"});

    // The attribute names of the Discovery API export count in KiB.
    ProjectData api;
    const std::string csv = "server.configurationId,server.hostName,server.performance.numCpus,"
                            "server.performance.totalRAMInKB,server.performance.totalDiskSizeInKB\n"
                            "d-server-9,host9,2,1694732,52428800\n";
    REQUIRE(importText(csv, api, report, options).ok());
    const Workload* k = findWorkload(api, "d-server-9");
    REQUIRE(k);
    CHECK(k->memoryGb == 1.735405568); // 1694732 KiB
    CHECK(k->sizeGb == 53.687091200);  // 52428800 KiB = 50 GiB
}

TEST_CASE("generic MB and MiB columns convert exactly", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    REQUIRE(importText("name,size_mb,memory_mib\nA,1500,1024\nB,1,3\n", data, report).ok());
    REQUIRE(data.workloads.size() == 2);
    CHECK(data.workloads[0].sizeGb == 1.5);
    CHECK(data.workloads[0].memoryGb == 1.073741824);
    CHECK(data.workloads[1].sizeGb == 0.001);
    CHECK(data.workloads[1].memoryGb == 0.003145728);
}

TEST_CASE("column overrides beat the preset", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    auto options = withPreset("rvtools");
    options.columnOverrides["vm"] = InventoryField::Id; // header match ignores case
    options.columnOverrides["VM UUID"] = InventoryField::Ignore;
    options.columnOverrides["VM ID"] = InventoryField::Ignore;
    options.columnOverrides["Annotation"] = InventoryField::Name;
    options.columnOverrides["Provisioned MiB"] = InventoryField::SizeMib;
    REQUIRE(InventoryImport::importFile(kData / "rvtools_vinfo.csv", data, options, report).ok());
    const Workload* db = findWorkload(data, "db-01");
    REQUIRE(db);
    CHECK(db->name == "Orders, primary");
    CHECK(db->sizeGb == 1099.511627776); // Provisioned MiB 1048576 now wins over In Use MiB
    const Workload* web = findWorkload(data, "web-01");
    REQUIRE(web);
    CHECK(web->name == "web-01"); // empty Annotation: the name falls back to the id
}

TEST_CASE("a missing id is derived from the name, stable and deduplicated", "[model]") {
    ProjectData data = projectWithSites();
    InventoryImportReport report;
    const std::string csv = "id,name,site\n"
                            ",Web Server,dc1\n"
                            ",web server,dc1\n"
                            ",WEB  server!,dc1\n"
                            ",Legacy ERP,dc1\n"
                            ",订单 DB,dc1\n";
    REQUIRE(importText(csv, data, report).ok());
    REQUIRE(data.workloads.size() == 6);
    CHECK(data.workloads[1].id == "web-server");
    CHECK(data.workloads[2].id == "web-server-2");
    CHECK(data.workloads[3].id == "web-server-3");
    CHECK(data.workloads[4].id == "legacy-erp-2"); // the project already has legacy-erp
    CHECK(data.workloads[5].id == "订单-db");
    CHECK(data.workloads[2].name == "web server");

    ProjectData again = projectWithSites();
    REQUIRE(importText(csv, again, report).ok());
    CHECK(again == data);
}

TEST_CASE("an id already in the project is a duplicate id row error", "[model]") {
    ProjectData data = projectWithSites();
    const ProjectData before = data;
    InventoryImportReport report;
    auto r = importText("id,name,site\nlegacy-erp,ERP again,dc1\nnew,New,dc1\n", data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "import.rejected");
    CHECK(data == before);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 2);
    CHECK(report.errors[0].column == "id");
    CHECK(report.errors[0].value == "legacy-erp");
    CHECK(report.errors[0].reason.find("duplicate id") != std::string::npos);
}

TEST_CASE("duplicate ids within the file are row errors naming the first line", "[model]") {
    const std::string csv = "id,name\nweb,Web\ndb,DB\nweb,Web again\n";
    ProjectData data;
    InventoryImportReport report;
    auto r = importText(csv, data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(data.workloads.empty());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 4);
    CHECK(report.errors[0].column == "id");
    CHECK(report.errors[0].reason.find("duplicate id") != std::string::npos);
    CHECK(report.errors[0].reason.find("line 2") != std::string::npos);

    InventoryImportOptions skip;
    skip.skipBadRows = true;
    REQUIRE(importText(csv, data, report, skip).ok());
    REQUIRE(data.workloads.size() == 2);
    CHECK(data.workloads[0].name == "Web"); // the first one wins
    CHECK(report.rowsRejected == 1);
}

TEST_CASE("all-or-nothing: one bad row leaves the project exactly unchanged", "[model]") {
    ProjectData data = projectWithSites();
    const ProjectData before = data;
    InventoryImportReport report;
    const std::string csv = "id,name,site,size_gb\n"
                            "a,A,new-site,1\n"
                            "b,B,dc1,-5\n"
                            "c,C,other-site,3\n"
                            "d,D,dc1,abc\n";
    auto r = importText(csv, data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "import.rejected");
    CHECK(r.error().message.find("2 of 4 rows") != std::string::npos);
    CHECK(r.error().message.find("--skip-bad-rows") != std::string::npos);
    CHECK(r.error().context == "inventory.csv");
    CHECK(data == before); // no workload and no site was added
    CHECK(report.rowsImported == 0);
    CHECK(report.rowsRejected == 2);
    CHECK(report.sitesCreated.empty());
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[1].line == 5);
}

TEST_CASE("skip-bad-rows imports the good rows and reports the bad ones", "[model]") {
    ProjectData data = projectWithSites();
    InventoryImportReport report;
    InventoryImportOptions options;
    options.skipBadRows = true;
    const std::string csv = "id,name,site,size_gb\n"
                            "a,A,new-site,1\n"
                            "b,B,bad-site,-5\n"
                            "c,C,dc1,3\n";
    REQUIRE(importText(csv, data, report, options).ok());
    CHECK(report.rowsRead == 3);
    CHECK(report.rowsImported == 2);
    CHECK(report.rowsRejected == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == "size_gb");
    CHECK(report.errors[0].value == "-5");
    CHECK(findWorkload(data, "a"));
    CHECK(findWorkload(data, "c"));
    CHECK_FALSE(findWorkload(data, "b"));
    // A rejected row does not create its site.
    CHECK(report.sitesCreated == std::vector<std::string>{"new-site"});
    CHECK_FALSE(findSite(data, "bad-site"));
}

TEST_CASE("bad numbers are row errors naming the column", "[model]") {
    struct Case {
        std::string column;
        std::string value;
        std::string reason;
    };
    const std::vector<Case> cases{
        {"size_gb", "-1", "negative"},
        {"size_gb", "NaN", "finite"},
        {"size_gb", "inf", "finite"},
        {"memory_gb", "1e400", "range"},
        {"monthly_cost", "12abc", "not a number"},
        {"monthly_cost", "1,000", "not a number"},
        {"vcpu", "2.5", "whole number"},
        {"vcpu", "200000", "implausibly large"},
        {"size_gb", "2e8", "implausibly large"}, // beyond the 100 PB plausibility limit
        {"change_rate_gb_per_day", "0x10", "not a number"},
    };
    for (const auto& c : cases) {
        INFO(c.column << " = " << c.value);
        ProjectData data;
        InventoryImportReport report;
        auto r = importText("name," + c.column + "\nw,\"" + c.value + "\"\n", data, report);
        REQUIRE_FALSE(r.ok());
        REQUIRE(report.errors.size() == 1);
        CHECK(report.errors[0].line == 2);
        CHECK(report.errors[0].column == c.column);
        CHECK(report.errors[0].value == c.value);
        CHECK(report.errors[0].reason.find(c.reason) != std::string::npos);
    }
    // Converted values are checked too: 200 million MiB is beyond the limit in GB.
    ProjectData data;
    InventoryImportReport report;
    auto r = importText("VM,In Use MiB\nbig,200000000000\n", data, report, withPreset("rvtools"));
    REQUIRE_FALSE(r.ok());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].column == "In Use MiB");
    CHECK(report.errors[0].reason.find("size_gb is implausibly large") != std::string::npos);
    // Plain numbers with spaces, a plus sign or an exponent are fine.
    REQUIRE(importText("name,size_gb,vcpu\nw, 1.5e2 ,+4\n", data, report).ok());
    CHECK(data.workloads.back().sizeGb == 150);
    CHECK(data.workloads.back().vcpu == 4);
}

TEST_CASE("invalid UTF-8 in a field is a row error naming line and column", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    const std::string csv = "id,name,owner\n"
                            "ok,Fine,me\n"
                            "bad,\"multi\nline\",caf\xE9 team\n";
    auto r = importText(csv, data, report);
    REQUIRE_FALSE(r.ok());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == "owner");
    CHECK(report.errors[0].value == "caf\\xE9 team"); // shown escaped, so the report stays UTF-8
    CHECK(report.errors[0].reason.find("UTF-8") != std::string::npos);

    // Overlong forms and surrogates are not UTF-8 either.
    for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
        auto r2 = importText("name\nx" + bad + "\n", data, report);
        CHECK_FALSE(r2.ok());
    }
}

TEST_CASE("an unterminated quote is an error naming the line where the record started", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    const std::string csv = "id,name\n"
                            "a,A\n"
                            "b,\"B\n"
                            "c,C\n"
                            "d,D\n";
    auto r = importText(csv, data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "import.rejected");
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column.empty());
    CHECK(report.errors[0].reason.find("never closed") != std::string::npos);

    InventoryImportOptions skip;
    skip.skipBadRows = true;
    REQUIRE(importText(csv, data, report, skip).ok());
    CHECK(data.workloads.size() == 1); // "a"; the rest was swallowed by the open quote
}

TEST_CASE("a 10 MB line is a row error, and skip-bad-rows goes on after it", "[model]") {
    const std::string big(10 * 1024 * 1024, 'x');
    const std::string csv = "id,name\n"
                            "a,A\n"
                            "huge," +
                            big +
                            "\n"
                            "quoted,\"" +
                            big + "\n,\"\"still inside\"\"\n" + big +
                            "\"\n"
                            "b,B\n";
    ProjectData data;
    InventoryImportReport report;
    auto r = importText(csv, data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(data.workloads.empty());
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].reason.find("longer than 1048576 bytes") != std::string::npos);
    CHECK(report.errors[1].line == 4);

    InventoryImportOptions skip;
    skip.skipBadRows = true;
    REQUIRE(importText(csv, data, report, skip).ok());
    CHECK(report.rowsRead == 4);
    CHECK(report.rowsRejected == 2);
    REQUIRE(data.workloads.size() == 2);
    CHECK(data.workloads[0].id == "a");
    CHECK(data.workloads[1].id == "b"); // the quoted record ended at its closing quote

    // A smaller limit applies too.
    skip.maxRowBytes = 10;
    ProjectData small;
    REQUIRE(importText("id,name\nshort,S\nlonger-id,Longer name\n", small, report, skip).ok());
    CHECK(small.workloads.size() == 1);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
}

TEST_CASE("rows with more or fewer fields than the header are row errors", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    InventoryImportOptions skip;
    skip.skipBadRows = true;
    REQUIRE(
        importText("id,name,owner\na,A,me\nb,B\nc,C,me,extra\nd,D,\n", data, report, skip).ok());
    CHECK(data.workloads.size() == 2);
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].reason.find("2 fields but the header has 3") != std::string::npos);
    CHECK(report.errors[1].line == 4);
    CHECK(report.errors[1].reason.find("4 fields") != std::string::npos);
}

TEST_CASE("a quote inside an unquoted field is text, text after a closing quote is an error",
          "[model]") {
    ProjectData data;
    InventoryImportReport report;
    InventoryImportOptions skip;
    skip.skipBadRows = true;
    REQUIRE(
        importText("id,name\nscreen,24\" monitor\nbad,\"Orders\" DB\n", data, report, skip).ok());
    REQUIRE(data.workloads.size() == 1);
    CHECK(data.workloads[0].name == "24\" monitor");
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 3);
    CHECK(report.errors[0].column == "name");
    CHECK(report.errors[0].reason.find("after its closing quote") != std::string::npos);
}

TEST_CASE("blank lines are ignored and do not shift line numbers", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    auto r = importText("\n\nid,name,size_gb\n\na,A,1\n  \n,,\n\nb,B,-1\n\n", data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(report.rowsRead == 2);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].line == 9);
}

TEST_CASE("kinds and criticality accept case and aliases, and reject the unknown", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    const std::string csv = "name,kind,criticality\n"
                            "a,DB,crit\n"
                            "b,Object-Bucket,Med\n"
                            "c,file share,HI\n"
                            "d,Model,lo\n"
                            "e,svc,\n"
                            "f,,low\n";
    REQUIRE(importText(csv, data, report).ok());
    REQUIRE(data.workloads.size() == 6);
    CHECK(data.workloads[0].kind == WorkloadKind::Database);
    CHECK(data.workloads[0].criticality == Criticality::Critical);
    CHECK(data.workloads[1].kind == WorkloadKind::ObjectBucket);
    CHECK(data.workloads[1].criticality == Criticality::Medium);
    CHECK(data.workloads[2].kind == WorkloadKind::FileShare);
    CHECK(data.workloads[2].criticality == Criticality::High);
    CHECK(data.workloads[3].kind == WorkloadKind::ModelArtifact);
    CHECK(data.workloads[3].criticality == Criticality::Low);
    CHECK(data.workloads[4].kind == WorkloadKind::Service);
    CHECK(data.workloads[4].criticality == Criticality::Medium); // empty: the default
    CHECK(data.workloads[5].kind == WorkloadKind::Vm);           // empty: the preset's default

    auto r = importText("name,kind,criticality\nx,mainframe,urgent\n", data, report);
    REQUIRE_FALSE(r.ok());
    REQUIRE(report.errors.size() == 2);
    CHECK(report.errors[0].column == "kind");
    CHECK(report.errors[1].column == "criticality");
}

TEST_CASE("rows name sites by id or name, and new sites take provider and region", "[model]") {
    ProjectData data = projectWithSites();
    InventoryImportReport report;
    const std::string csv = "name,site,site_provider,site_region\n"
                            "a,dc1,,\n"
                            "b,shanghai dc,,\n"
                            "c,DC1,,\n"
                            "d,Azure West,Azure,westeurope\n"
                            "e,azure west,aws,\n"
                            "f,Lab,,\n";
    REQUIRE(importText(csv, data, report).ok());
    CHECK(findWorkload(data, "a")->site == "dc1");
    CHECK(findWorkload(data, "b")->site == "dc1");
    CHECK(findWorkload(data, "c")->site == "dc1");
    CHECK(findWorkload(data, "d")->site == "azure-west");
    CHECK(findWorkload(data, "e")->site == "azure-west");
    CHECK(report.sitesCreated == std::vector<std::string>{"azure-west", "lab"});
    const Site* azure = findSite(data, "azure-west");
    REQUIRE(azure);
    CHECK(azure->name == "Azure West");
    CHECK(azure->provider == Provider::Azure); // the first row that names it decides
    CHECK(azure->region == "westeurope");
    CHECK(findSite(data, "lab")->provider == Provider::OnPrem);

    auto r = importText("name,site,site_provider\nx,Moon,cheese\n", data, report);
    REQUIRE_FALSE(r.ok());
    CHECK(report.errors[0].column == "site_provider");
}

TEST_CASE("the progress callback sees the bytes read and can cancel", "[model]") {
    std::string csv = "id,name\n";
    for (int i = 0; i < 20000; ++i) {
        csv += "w" + std::to_string(i) + ",Workload " + std::to_string(i) + "\n";
    }
    REQUIRE(csv.size() > 3 * 64 * 1024);

    std::vector<std::uint64_t> seen;
    InventoryImportOptions options;
    options.progress = [&](std::uint64_t bytes) {
        seen.push_back(bytes);
        return true;
    };
    ProjectData data;
    InventoryImportReport report;
    REQUIRE(importText(csv, data, report, options).ok());
    REQUIRE(seen.size() >= 4);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(seen.back() == csv.size());

    ProjectData cancelled = projectWithSites();
    const ProjectData before = cancelled;
    int calls = 0;
    options.progress = [&](std::uint64_t) { return ++calls < 2; };
    auto r = importText(csv, cancelled, report, options);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "import.cancelled");
    CHECK(cancelled == before);
    CHECK(calls == 2);
}

TEST_CASE("maxErrors bounds the list while every bad row is counted", "[model]") {
    std::string csv = "name,size_gb\n";
    for (int i = 0; i < 50; ++i) {
        csv += "w" + std::to_string(i) + ",-1\n";
    }
    ProjectData data;
    InventoryImportReport report;
    InventoryImportOptions options;
    options.maxErrors = 5;
    auto r = importText(csv, data, report, options);
    REQUIRE_FALSE(r.ok());
    CHECK(report.errors.size() == 5);
    CHECK(report.rowsRejected == 50);
    CHECK(r.error().message.find("50 of 50 rows") != std::string::npos);
}

TEST_CASE("file-level problems are errors before any row", "[model]") {
    ProjectData data;
    InventoryImportReport report;
    auto empty = importText("\n\n", data, report);
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == "import.no_header");

    auto noName = importText("size_gb,vcpu\n1,2\n", data, report);
    REQUIRE_FALSE(noName.ok());
    CHECK(noName.error().code == "import.no_name_column");

    auto utf16 = importText(std::string("\xFF\xFEi\0d\0\n\0", 8), data, report);
    REQUIRE_FALSE(utf16.ok());
    CHECK(utf16.error().code == "import.encoding");

    auto missing = InventoryImport::importFile(kData / "no-such-file.csv", data, {}, report);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "import.open");
    CHECK(data.workloads.empty());
    CHECK(data.sites.empty());
}

TEST_CASE("preview returns the header and the first rows", "[model]") {
    auto rows = InventoryImport::preview(kData / "rfc4180_traps.csv", 3);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 4);
    CHECK((*rows)[0] == std::vector<std::string>{"id", "name", "owner", "tags"});
    CHECK((*rows)[1][1] == "Billing, EU");
    CHECK((*rows)[3][1] == "two\nlines");

    auto bom = InventoryImport::preview(kData / "bom_crlf.csv", 100);
    REQUIRE(bom.ok());
    CHECK(bom->size() == 4);
    CHECK((*bom)[0][0] == "id");

    CHECK_FALSE(InventoryImport::preview(kData / "no-such-file.csv", 5).ok());
}

TEST_CASE("a generated 100k-row inventory imports", "[model]") {
    TempFile file("inventory-100k.csv");
    {
        std::ofstream out(file.path, std::ios::binary);
        out << "id,name,kind,site,size_gb,change_rate_gb_per_day,vcpu,memory_gb,monthly_cost,"
               "criticality,owner,tags,endpoint\n";
        for (int i = 0; i < 100000; ++i) {
            out << "wl-" << i << ",\"Workload " << i << ", tier " << (i % 3) << "\",vm,site-"
                << (i % 20) << "," << (i % 5000) << ".5,0.25," << (1 + i % 64) << ","
                << (2 + i % 128) << "," << (i % 1000) << ",high,team-" << (i % 50)
                << ",a;b,file:///data/" << i << "\n";
        }
    }
    ProjectData data;
    InventoryImportReport report;
    // Its speed is measured by tests/bench/bench_inventory_import.cpp, not here.
    auto r = InventoryImport::importFile(file.path, data, {}, report);
    REQUIRE(r.ok());
    CHECK(report.rowsImported == 100000);
    CHECK(data.workloads.size() == 100000);
    CHECK(data.sites.size() == 20);
    CHECK(data.workloads[99999].id == "wl-99999");
    CHECK(data.workloads[99999].sizeGb == 4999.5);
    CHECK(data.workloads[12345].name == "Workload 12345, tier 0");
}
