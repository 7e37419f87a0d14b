#include "ProjectFormatFixtures.hpp"

#include <ferry/model/ProjectJson.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>

#include <sys/stat.h>

using namespace ferry::model;
using namespace ferry::model::testing;
namespace fs = std::filesystem;

namespace {

/// The example of docs/project-format.md.
const std::string kExample = R"({
  "format": "ferry-project",
  "version": 1,
  "project": {"name": "Retail", "description": "", "currency": "USD",
              "assumptions": {}, "price_overrides": {}},
  "sites": [{"id": "dc1", "name": "Shanghai DC", "provider": "onprem", "region": "cn-east",
             "utc_offset_minutes": 480, "position": {"x": 0, "y": 0, "pinned": false}}],
  "links": [{"id": "dc1-aws", "from": "dc1", "to": "aws-sg", "bandwidth_mbps": 1000,
             "latency_ms": 40, "egress_price_per_gb": 0.02, "windows": ["Sat,Sun 00:00-06:00"]}],
  "workloads": [{"id": "orders-db", "name": "Orders DB", "kind": "database", "site": "dc1",
                 "size_gb": 120, "change_rate_gb_per_day": 4, "vcpu": 8, "memory_gb": 32,
                 "monthly_cost": 900, "criticality": "critical", "owner": "payments",
                 "tags": ["pci"], "endpoint": "sqlite://${project_dir}/data/orders.sqlite",
                 "position": {"x": 10, "y": 20, "pinned": false}}],
  "dependencies": [{"from": "checkout-svc", "to": "orders-db", "traffic_gb_per_day": 40,
                    "policy": "auto"}],
  "mappings": [{"workload": "orders-db", "target_site": "aws-sg", "target_service": "rds-postgresql",
                "strategy": "replatform", "target_endpoint": "file://${project_dir}/target/orders",
                "pinned_wave": 2}],
  "waves": [{"id": "w1", "name": "Wave 1", "number": 1, "workloads": ["orders-db"]}],
  "scenarios": [{"id": "fast-link", "name": "10 Gbps link", "description": "",
                 "overrides": {"links.dc1-aws.bandwidth_mbps": 10000}}]
}
)";

/// A valid document with the given workload objects.
std::string withWorkloads(const std::string& workloads) {
    return R"({"format": "ferry-project", "version": 1, "project": {"name": "P"},
"sites": [{"id": "dc1", "name": "DC", "provider": "onprem"}],
"workloads": [)" +
           workloads + "]}";
}

const std::string kWorkload = R"({"id": "w", "name": "W", "kind": "vm", "site": "dc1")";

Error parseError(const std::string& text, const std::string& source = "p.json") {
    auto r = ProjectJson::parse(text, source);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().code << " " << r.error().context << ": " << r.error().message);
    CHECK_FALSE(r.error().message.empty());
    // Every message must itself be showable: valid UTF-8, short, ending in a sentence.
    CHECK_NOTHROW(nlohmann::json(r.error().message).dump());
    CHECK(r.error().message.size() < 1500);
    return r.error();
}

ProjectData parseOk(const std::string& text) {
    auto r = ProjectJson::parse(text, "p.json");
    if (!r)
        FAIL(r.error().code << " " << r.error().context << ": " << r.error().message);
    return std::move(r).value();
}

} // namespace

TEST_CASE("json: the documented example reads with every value", "[model]") {
    const ProjectData d = parseOk(kExample);
    CHECK(d.info.name == "Retail");
    REQUIRE(d.sites.size() == 1);
    CHECK(d.sites[0].utcOffsetMinutes == 480);
    REQUIRE(d.links.size() == 1);
    CHECK(d.links[0].egressPricePerGb == 0.02);
    REQUIRE(d.links[0].windows.size() == 1);
    CHECK(d.links[0].windows[0].toString() == "Sat,Sun 00:00-06:00");
    REQUIRE(d.workloads.size() == 1);
    const Workload& w = d.workloads[0];
    CHECK(w.kind == WorkloadKind::Database);
    CHECK(w.sizeGb == 120);
    CHECK(w.vcpu == 8);
    CHECK(w.criticality == Criticality::Critical);
    CHECK(w.tags == std::vector<std::string>{"pci"});
    CHECK(w.endpoint == "sqlite://${project_dir}/data/orders.sqlite");
    CHECK(w.position == CanvasPosition{10, 20, false});
    REQUIRE(d.mappings.size() == 1);
    CHECK(d.mappings[0].strategy == Strategy::Replatform);
    CHECK(d.mappings[0].pinnedWave == 2);
    REQUIRE(d.waves.size() == 1);
    CHECK(d.waves[0].workloads == std::vector<std::string>{"orders-db"});
    REQUIRE(d.scenarios.size() == 1);
    CHECK(d.scenarios[0].overrides["links.dc1-aws.bandwidth_mbps"] == 10000);
}

TEST_CASE("json: optional fields take the defaults of the model", "[model]") {
    const ProjectData d = parseOk(R"({"format": "ferry-project", "version": 1,
      "project": {"name": "P"},
      "sites": [{"id": "dc1", "name": "DC", "provider": "aws"}],
      "links": [{"id": "l", "from": "dc1", "to": "dc1", "bandwidth_mbps": 5,
                 "egress_price_per_gb": null}],
      "workloads": [{"id": "w", "name": "W", "kind": "vm", "site": "dc1"}],
      "dependencies": [{"from": "w", "to": "w"}],
      "mappings": [{"workload": "w", "target_site": "dc1", "pinned_wave": null}],
      "scenarios": [{"id": "s", "name": "S"}]})");
    const ProjectInfo defaults;
    CHECK(d.info.currency == defaults.currency);
    CHECK(d.info.description.empty());
    CHECK(d.info.assumptions == nlohmann::json::object());
    CHECK(d.sites[0].region.empty());
    CHECK(d.sites[0].utcOffsetMinutes == 0);
    CHECK(d.sites[0].position == CanvasPosition{});
    CHECK(d.links[0].latencyMs == Link{}.latencyMs);
    CHECK_FALSE(d.links[0].egressPricePerGb.has_value());
    CHECK(d.links[0].windows.empty());
    Workload expected;
    expected.id = "w";
    expected.name = "W";
    expected.site = "dc1";
    CHECK(d.workloads[0] == expected);
    CHECK(d.dependencies[0].policy == DependencyPolicy::Auto);
    CHECK(d.dependencies[0].trafficGbPerDay == 0);
    CHECK(d.mappings[0].strategy == Strategy::Rehost);
    CHECK_FALSE(d.mappings[0].pinnedWave.has_value());
    CHECK(d.waves.empty());
    CHECK(d.scenarios[0].overrides == nlohmann::json::object());
}

TEST_CASE("json: a rich project survives write and read unchanged", "[model]") {
    const ProjectData original = richProject();
    const std::string text = ProjectJson::serialize(original);
    const ProjectData back = parseOk(text);
    CHECK(back == original);
    CHECK(ProjectJson::serialize(back) == text);
}

TEST_CASE("json: the writer's layout is stable", "[model]") {
    ProjectData d;
    d.info.name = "P";
    d.sites.push_back(Site{.id = "dc1", .name = "DC"});
    Link l;
    l.id = "l";
    l.from = "dc1";
    l.to = "dc1";
    l.windows = {*TimeWindow::parse("daily 01:00-05:00")};
    d.links.push_back(l);
    Workload w;
    w.id = "w";
    w.name = "W";
    w.site = "dc1";
    w.sizeGb = 120;
    w.memoryGb = 0.5;
    d.workloads.push_back(w);
    d.mappings.push_back(Mapping{.workload = "w", .targetSite = "dc1"});
    const std::string expected = R"({
  "format": "ferry-project",
  "version": 1,
  "project": {
    "name": "P",
    "description": "",
    "currency": "USD",
    "assumptions": {},
    "price_overrides": {}
  },
  "sites": [
    {
      "id": "dc1",
      "name": "DC",
      "provider": "onprem",
      "region": "",
      "utc_offset_minutes": 0,
      "position": {
        "x": 0,
        "y": 0,
        "pinned": false
      }
    }
  ],
  "links": [
    {
      "id": "l",
      "from": "dc1",
      "to": "dc1",
      "bandwidth_mbps": 1000,
      "latency_ms": 10,
      "windows": [
        "daily 01:00-05:00"
      ]
    }
  ],
  "workloads": [
    {
      "id": "w",
      "name": "W",
      "kind": "vm",
      "site": "dc1",
      "size_gb": 120,
      "change_rate_gb_per_day": 0,
      "vcpu": 0,
      "memory_gb": 0.5,
      "monthly_cost": 0,
      "criticality": "medium",
      "owner": "",
      "tags": [],
      "endpoint": "",
      "position": {
        "x": 0,
        "y": 0,
        "pinned": false
      }
    }
  ],
  "dependencies": [],
  "mappings": [
    {
      "workload": "w",
      "target_site": "dc1",
      "target_service": "",
      "strategy": "rehost",
      "target_endpoint": ""
    }
  ],
  "waves": [],
  "scenarios": []
}
)";
    CHECK(ProjectJson::serialize(d) == expected);
}

TEST_CASE("json: every time window text survives a round trip", "[model]") {
    for (int days = 1; days <= 0x7f; ++days) {
        TimeWindow w;
        w.days = static_cast<std::uint8_t>(days);
        w.startMinute = 90;
        w.endMinute = 1440;
        ProjectData d;
        Link l;
        l.id = "l";
        l.windows = {w};
        d.links.push_back(l);
        d.info.name = "P";
        const ProjectData back = parseOk(ProjectJson::serialize(d));
        REQUIRE(back.links.size() == 1);
        CHECK(back.links[0].windows == l.windows);
    }
}

TEST_CASE("json: truncated documents are refused with file:line:column", "[model]") {
    const std::string text = ProjectJson::serialize(richProject());
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{20}, text.size() / 3,
                            text.size() / 2, text.size() - 3, text.size() - 2}) {
        INFO("cut at " << cut);
        const Error e = parseError(text.substr(0, cut), "retail.json");
        CHECK(e.code == "json.parse");
        CHECK(std::regex_match(e.context, std::regex(R"(retail\.json:\d+:\d+)")));
    }
    // Cut right after `"format": "ferry-project",` on line 2: the error is at the end.
    const Error e = parseError("{\n  \"format\": \"ferry-project\",", "p.json");
    CHECK(e.context == "p.json:2:29");
    CHECK(e.message.find("end of input") != std::string::npos);
}

TEST_CASE("json: invalid JSON is refused at the right line and column", "[model]") {
    struct Case {
        std::string text;
        std::string context;
    };
    const std::vector<Case> cases = {
        {"{\"format\": \"ferry-project\",\n \"version\": 1,}", "p.json:2:15"},
        {"{\n  'format': 1}", "p.json:2:3"},
        {"{\"a\": 1} x", "p.json:1:10"},
        {"{\"a\": NaN}", "p.json:1:7"},
        {"{\n// comment\n}", "p.json:2:1"},
        {"[1, 2", "p.json:1:6"},
        {"{\"name\": \"上海\" x}", "p.json:1:15"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const Error e = parseError(c.text);
        CHECK(e.code == "json.parse");
        CHECK(e.context == c.context);
    }
    CHECK(parseError("").message.find("empty") != std::string::npos);
    CHECK(parseError("  \n ").code == "json.parse");
}

TEST_CASE("json: values of the wrong type are refused with a JSON pointer", "[model]") {
    const std::string w = kWorkload;
    struct Case {
        std::string text;
        std::string context;
    };
    const std::vector<Case> cases = {
        {withWorkloads(w + "}," + w + "}," + w + "}," + w + R"(, "size_gb": "120"})"),
         "/workloads/3/size_gb"},
        {withWorkloads(w + R"(, "owner": 5})"), "/workloads/0/owner"},
        {withWorkloads(w + R"(, "tags": "pci"})"), "/workloads/0/tags"},
        {withWorkloads(w + R"(, "tags": ["pci", 7]})"), "/workloads/0/tags/1"},
        {withWorkloads(w + R"(, "position": {"x": "1", "y": 2}})"), "/workloads/0/position/x"},
        {withWorkloads(w + R"(, "position": {"x": 1, "y": 2, "pinned": 1}})"),
         "/workloads/0/position/pinned"},
        {withWorkloads(w + R"(, "position": [1, 2]})"), "/workloads/0/position"},
        {withWorkloads(w + R"(, "vcpu": true})"), "/workloads/0/vcpu"},
        {withWorkloads(w + R"(, "vcpu": 2.5})"), "/workloads/0/vcpu"},
        {withWorkloads(w + R"(, "criticality": 3})"), "/workloads/0/criticality"},
        {withWorkloads(w + R"(, "size_gb": null})"), "/workloads/0/size_gb"},
        {withWorkloads("42"), "/workloads/0"},
        {R"({"format": "ferry-project", "version": 1, "project": [], "sites": [],
             "workloads": []})",
         "/project"},
        {R"({"format": "ferry-project", "version": 1, "project": {"name": "P",
             "assumptions": []}, "sites": [], "workloads": []})",
         "/project/assumptions"},
        {R"({"format": "ferry-project", "version": 1, "project": {"name": "P"},
             "sites": {}, "workloads": []})",
         "/sites"},
        {R"({"format": "ferry-project", "version": 1, "project": {"name": "P"}, "sites": [],
             "workloads": [], "waves": [{"id": "w", "name": "W", "number": "1",
             "workloads": []}]})",
         "/waves/0/number"},
        {R"({"format": "ferry-project", "version": 1, "project": {"name": "P"}, "sites": [],
             "workloads": [], "links": [{"id": "l", "from": "a", "to": "b",
             "bandwidth_mbps": 10, "egress_price_per_gb": "0.02"}]})",
         "/links/0/egress_price_per_gb"},
        {R"({"format": "ferry-project", "version": "1"})", "/version"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const Error e = parseError(c.text);
        CHECK(e.code == "json.type");
        CHECK(e.context == c.context);
    }
    const Error quotedNumber = parseError(cases[0].text);
    CHECK(quotedNumber.message.find("remove the quotes") != std::string::npos);
}

TEST_CASE("json: numbers that cannot be represented are refused", "[model]") {
    SECTION("a float overflowing a double is refused where it is written") {
        const Error e = parseError(withWorkloads(kWorkload + ",\n\"size_gb\": 1e400}"));
        CHECK(e.code == "json.range");
        CHECK(std::regex_match(e.context, std::regex(R"(p\.json:4:\d+)")));
        CHECK(parseError(withWorkloads(kWorkload + R"(, "size_gb": -1e400})")).code ==
              "json.range");
    }
    SECTION("an integer with 400 digits is refused") {
        const Error e =
            parseError(withWorkloads(kWorkload + R"(, "size_gb": )" + std::string(400, '9') + "}"));
        CHECK(e.code == "json.range");
    }
    SECTION("an integer field refuses values beyond int") {
        for (const char* v : {"99999999999", "-3000000000", "18446744073709551615",
                              "18446744073709551616", "1e12"}) {
            INFO(v);
            const Error e =
                parseError(withWorkloads(kWorkload + R"(, "vcpu": )" + std::string(v) + "}"));
            CHECK(e.code == "json.range");
            CHECK(e.context == "/workloads/0/vcpu");
        }
    }
    SECTION("whole numbers written as floats fit integer fields") {
        CHECK(parseOk(withWorkloads(kWorkload + R"(, "vcpu": 8.0})")).workloads[0].vcpu == 8);
        CHECK(parseOk(withWorkloads(kWorkload + R"(, "vcpu": 2147483647})")).workloads[0].vcpu ==
              2147483647);
    }
    SECTION("huge but representable values are kept for validation to report") {
        const ProjectData d = parseOk(withWorkloads(
            kWorkload + R"(, "size_gb": 123456789012345678901234567890, "memory_gb": 1e300})"));
        CHECK(d.workloads[0].sizeGb == Approx(1.2345678901234568e29));
        CHECK(d.workloads[0].memoryGb == 1e300);
    }
    SECTION("negative values are not refused when reading") {
        const ProjectData d = parseOk(
            withWorkloads(kWorkload + R"(, "size_gb": -5, "vcpu": -2, "monthly_cost": -0.5})"));
        CHECK(d.workloads[0].sizeGb == -5);
        CHECK(d.workloads[0].vcpu == -2);
        CHECK(d.workloads[0].monthlyCost == -0.5);
    }
}

TEST_CASE("json: invalid UTF-8 is refused with its position", "[model]") {
    const std::vector<std::string> badBytes = {
        "\xff",             // never valid
        "\xc0\xaf",         // overlong '/'
        "\xed\xa0\x80",     // UTF-16 surrogate encoded in UTF-8
        "\xe4\xb8",         // truncated sequence
        "\xf4\x90\x80\x80", // beyond U+10FFFF
        "\x80",             // lone continuation byte
    };
    for (const std::string& bad : badBytes) {
        const std::string text = withWorkloads(kWorkload + ",\n \"owner\": \"ok" + bad + "\"}");
        const Error e = parseError(text);
        CHECK(e.code == "json.encoding");
        CHECK(std::regex_match(e.context, std::regex(R"(p\.json:4:\d+)")));
        CHECK(e.message.find("UTF-8") != std::string::npos);
    }
    const Error inKey = parseError("{\"form\xfe\": 1}");
    CHECK(inKey.code == "json.encoding");
    CHECK(inKey.context == "p.json:1:7");
    // Valid multi-byte text is fine, in values and keys of free-form objects.
    const ProjectData d = parseOk(withWorkloads(kWorkload + R"(, "owner": "团队 🚀"})"));
    CHECK(d.workloads[0].owner == "团队 🚀");
}

TEST_CASE("json: a 10 MB string on one line is read, and errors after it stay short", "[model]") {
    const std::string big(10 * 1024 * 1024, 'x');
    SECTION("a 10 MB value is kept exactly") {
        const ProjectData d = parseOk(withWorkloads(kWorkload + R"(, "owner": ")" + big + "\"}"));
        CHECK(d.workloads[0].owner == big);
        CHECK(parseOk(ProjectJson::serialize(d)) == d);
    }
    SECTION("a syntax error at the end of a 10 MB line") {
        const Error e = parseError("{\"owner\": \"" + big + "\" oops}");
        CHECK(e.code == "json.parse");
        CHECK(e.context == "p.json:1:" + std::to_string(big.size() + 14));
    }
    SECTION("an invalid byte at the end of a 10 MB string") {
        const Error e = parseError("{\"owner\": \"" + big + "\xff\"}");
        CHECK(e.code == "json.encoding");
        CHECK(e.context == "p.json:1:" + std::to_string(big.size() + 12));
    }
    SECTION("an unterminated 10 MB string") {
        const Error e = parseError("{\"owner\": \"" + big);
        CHECK(e.code == "json.parse");
    }
}

TEST_CASE("json: duplicate keys are refused wherever they are", "[model]") {
    SECTION("in a workload") {
        const Error e = parseError(
            withWorkloads(kWorkload + "}," + kWorkload + R"(, "size_gb": 1, "size_gb": 2})"));
        CHECK(e.code == "json.duplicate_key");
        CHECK(e.context == "/workloads/1/size_gb");
        CHECK(e.message.find("size_gb") != std::string::npos);
    }
    SECTION("at the top") {
        const Error e = parseError(R"({"format": "ferry-project", "format": "ferry-project"})");
        CHECK(e.code == "json.duplicate_key");
        CHECK(e.context == "/format");
    }
    SECTION("inside free-form assumptions") {
        const Error e = parseError(R"({"format": "ferry-project", "version": 1,
            "project": {"name": "P", "assumptions": {"a": [{"b": 1, "b": 1}]}},
            "sites": [], "workloads": []})");
        CHECK(e.code == "json.duplicate_key");
        CHECK(e.context == "/project/assumptions/a/0/b");
    }
    SECTION("keys needing escapes in the pointer") {
        const Error e = parseError(R"({"project": {"price_overrides": {"a/b~c": 1, "a/b~c": 2}}})");
        CHECK(e.context == "/project/price_overrides/a~1b~0c");
    }
}

TEST_CASE("json: unknown keys are refused so typos are caught", "[model]") {
    SECTION("a misspelt workload field, with a suggestion") {
        const Error e = parseError(withWorkloads(kWorkload + R"(, "sise_gb": 1})"));
        CHECK(e.code == "json.unknown_key");
        CHECK(e.context == "/workloads/0/sise_gb");
        CHECK(e.message.find("did you mean \"size_gb\"") != std::string::npos);
    }
    SECTION("at the top and in nested objects") {
        CHECK(parseError(R"({"format": "ferry-project", "version": 1, "project": {"name": "P"},
            "sites": [], "workloads": [], "extra": 1})")
                  .context == "/extra");
        CHECK(parseError(withWorkloads(kWorkload + R"(, "position": {"x": 1, "y": 1, "z": 1}})"))
                  .context == "/workloads/0/position/z");
        CHECK(parseError(R"({"format": "ferry-project", "version": 1,
            "project": {"name": "P", "budget": 1}, "sites": [], "workloads": []})")
                  .context == "/project/budget");
    }
    SECTION("free-form objects accept any key") {
        const ProjectData d = parseOk(R"({"format": "ferry-project", "version": 1,
            "project": {"name": "P", "assumptions": {"anything": {"goes": [1]}}},
            "sites": [], "workloads": []})");
        CHECK(d.info.assumptions["anything"]["goes"][0] == 1);
    }
}

TEST_CASE("json: missing required fields are named", "[model]") {
    CHECK(parseError(withWorkloads(R"({"id": "w", "name": "W", "site": "dc1"})")).context ==
          "/workloads/0/kind");
    CHECK(parseError(R"({"format": "ferry-project", "version": 1, "sites": [], "workloads": []})")
              .context == "/project");
    const Error e = parseError(withWorkloads(R"({"name": "W", "kind": "vm", "site": "dc1"})"));
    CHECK(e.code == "json.missing");
    CHECK(e.context == "/workloads/0/id");
}

TEST_CASE("json: unknown enum values and bad windows are refused", "[model]") {
    const Error e = parseError(withWorkloads(kWorkload + R"(, "criticality": "urgent"})"));
    CHECK(e.code == "json.enum");
    CHECK(e.context == "/workloads/0/criticality");
    CHECK(e.message.find("low, medium, high, critical") != std::string::npos);
    const Error window = parseError(R"({"format": "ferry-project", "version": 1,
        "project": {"name": "P"}, "sites": [], "workloads": [], "links": [{"id": "l",
        "from": "a", "to": "b", "bandwidth_mbps": 1, "windows": ["Sat 00:00-06:00",
        "Sat 07:00-06:00"]}]})");
    CHECK(window.code == "json.value");
    CHECK(window.context == "/links/0/windows/1");
}

TEST_CASE("json: the format marker and version are checked first", "[model]") {
    SECTION("not a Ferry document") {
        CHECK(parseError("[]").code == "json.format");
        CHECK(parseError(R"({"version": 1})").code == "json.format");
        CHECK(parseError(R"({"format": "ferry-plan", "version": 1})").code == "json.format");
        CHECK(parseError(R"({"format": 1, "version": 1})").code == "json.format");
    }
    SECTION("a newer version asks to upgrade, even when it has fields this build lacks") {
        const Error e = parseError(R"({"format": "ferry-project", "version": 2,
            "project": {"name": "P", "new_field": true}, "sites": [], "workloads": []})");
        CHECK(e.code == "json.version");
        CHECK(e.context == "/version");
        CHECK(e.message.find("newer Ferry") != std::string::npos);
        CHECK(e.message.find("upgrade Ferry") != std::string::npos);
        CHECK(parseError(R"({"format": "ferry-project", "version": 18446744073709551615})").code ==
              "json.version");
    }
    SECTION("missing or impossible versions") {
        CHECK(parseError(R"({"format": "ferry-project"})").code == "json.version");
        CHECK(parseError(R"({"format": "ferry-project", "version": 0})").code == "json.version");
        CHECK(parseError(R"({"format": "ferry-project", "version": -1})").code == "json.version");
        CHECK(parseError(R"({"format": "ferry-project", "version": 1.5})").code == "json.type");
    }
}

TEST_CASE("json: absurd nesting is refused without exhausting the stack", "[model]") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const Error e = parseError(R"({"format": "ferry-project", "version": 1,
        "project": {"name": "P", "assumptions": {"a": )" +
                               deep + "}}}");
    CHECK(e.code == "json.depth");
    CHECK(e.context.rfind("/project/assumptions/a/0/0", 0) == 0);
}

TEST_CASE("json: readFile refuses what is not a readable project file", "[model]") {
    ScratchFolder folder;
    SECTION("a missing path") {
        auto r = ProjectJson::readFile(folder / "nope.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.read");
        CHECK(r.error().message.find("does not exist") != std::string::npos);
        CHECK(r.error().context == (folder / "nope.json").string());
    }
    SECTION("a folder") {
        auto r = ProjectJson::readFile(folder.path());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.read");
        CHECK(r.error().message.find("folder") != std::string::npos);
    }
    SECTION("a file over 512 MiB is refused before it is read") {
        const fs::path huge = folder / "huge.json";
        writeBytes(huge, "{");
        fs::resize_file(huge, (std::uintmax_t{512} << 20) + 1);
        auto r = ProjectJson::readFile(huge);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.read");
        CHECK(r.error().message.find("512 MiB") != std::string::npos);
    }
    SECTION("a .ferry database given as JSON") {
        const fs::path db = folder / "p.json";
        writeBytes(db, std::string("SQLite format 3\0", 16) + std::string(100, '\0'));
        auto r = ProjectJson::readFile(db);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "json.format");
        CHECK(r.error().message.find(".ferry") != std::string::npos);
    }
    SECTION("errors in a file name the file with line and column") {
        const fs::path bad = folder / "bad.json";
        writeBytes(bad, "{\n  \"format\": \"ferry-project\",\n  \"version\": 1,\n  oops\n}\n");
        auto r = ProjectJson::readFile(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().context == bad.string() + ":4:3");
    }
    SECTION("a UTF-8 byte order mark is accepted") {
        const fs::path bom = folder / "bom.json";
        writeBytes(bom, "\xEF\xBB\xBF" + kExample);
        CHECK(ProjectJson::readFile(bom).ok());
    }
}

TEST_CASE("json: writeFile replaces the file atomically", "[model]") {
    ScratchFolder folder;
    const fs::path target = folder / "retail.json";
    const ProjectData data = richProject();
    REQUIRE(ProjectJson::writeFile(data, target).ok());
    CHECK(readBytes(target) == ProjectJson::serialize(data));
    CHECK(folder.entries() == std::vector<std::string>{"retail.json"});

    // Overwriting keeps the file's permissions and leaves no temporary file.
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    ProjectData changed = data;
    changed.info.name = "Changed";
    REQUIRE(ProjectJson::writeFile(changed, target).ok());
    CHECK(ProjectJson::readFile(target).value() == changed);
    CHECK(fs::status(target).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(folder.entries() == std::vector<std::string>{"retail.json"});
}

TEST_CASE("json: a failed write leaves the existing file byte-for-byte unchanged", "[model]") {
    ScratchFolder folder;
    const fs::path target = folder / "retail.json";
    const std::string before = "{\"previous\": \"content\"}\n";
    writeBytes(target, before);
    ProjectData big = richProject();
    big.info.description = std::string(2 << 20, 'd');

    SECTION("a full disk") {
        Result<void> r = success();
        {
            FileSizeLimit limit(64 * 1024);
            r = ProjectJson::writeFile(big, target);
        }
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.write");
        CHECK(r.error().message.find("full") != std::string::npos);
    }
    SECTION("a number JSON cannot hold") {
        ProjectData bad = richProject();
        bad.workloads[2].sizeGb = std::numeric_limits<double>::quiet_NaN();
        auto r = ProjectJson::writeFile(bad, target);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "json.value");
        CHECK(r.error().message.find("/workloads/2/size_gb") != std::string::npos);
    }
    SECTION("a read-only folder") {
        fs::permissions(folder.path(), fs::perms::owner_read | fs::perms::owner_exec);
        if (permissionsAreIgnored(folder.path())) {
            fs::permissions(folder.path(), fs::perms::owner_all);
            WARN("running with permission checks disabled (root): a read-only folder cannot be "
                 "simulated; the full-disk and missing-folder cases cover the failure path");
        } else {
            auto r = ProjectJson::writeFile(big, target);
            fs::permissions(folder.path(), fs::perms::owner_all);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().code == "io.write");
            CHECK(r.error().message.find("permission") != std::string::npos);
        }
    }
    CHECK(readBytes(target) == before);
    CHECK(folder.entries() == std::vector<std::string>{"retail.json"});
}

TEST_CASE("json: writing where no file can be created gives a clear error", "[model]") {
    ScratchFolder folder;
    SECTION("a missing folder") {
        auto r = ProjectJson::writeFile(richProject(), folder / "missing" / "p.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.write");
        CHECK(r.error().message.find("does not exist") != std::string::npos);
        CHECK_FALSE(fs::exists(folder / "missing"));
    }
    SECTION("a parent that is a regular file") {
        writeBytes(folder / "file", "x");
        auto r = ProjectJson::writeFile(richProject(), folder / "file" / "p.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.write");
        CHECK(r.error().message.find("not a folder") != std::string::npos);
        CHECK(readBytes(folder / "file") == "x");
    }
    SECTION("a target that is a folder") {
        fs::create_directory(folder / "dir.json");
        auto r = ProjectJson::writeFile(richProject(), folder / "dir.json");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "io.write");
        CHECK(fs::is_directory(folder / "dir.json"));
        CHECK(folder.entries() == std::vector<std::string>{"dir.json"});
    }
}

TEST_CASE("json: saving through a symbolic link replaces the file it points to", "[model]") {
    ScratchFolder folder;
    fs::create_directory(folder / "real");
    writeBytes(folder / "real" / "p.json", "old");
    fs::create_symlink(folder / "real" / "p.json", folder / "link.json");
    REQUIRE(ProjectJson::writeFile(richProject(), folder / "link.json").ok());
    CHECK(fs::is_symlink(folder / "link.json"));
    CHECK(readBytes(folder / "real" / "p.json") == ProjectJson::serialize(richProject()));
    CHECK(folder.entries() == std::vector<std::string>{"link.json", "real"});
}

TEST_CASE("json: a mapping's transforms are kept in order and unknown types are refused",
          "[model]") {
    const std::string base = R"({"format": "ferry-project", "version": 1,
        "project": {"name": "T"}, "sites": [{"id": "a", "name": "A", "provider": "onprem"}],
        "workloads": [{"id": "w", "name": "W", "kind": "file_share", "site": "a"}],
        "mappings": [{"workload": "w", "target_site": "a", "transforms": )";
    SECTION("kept") {
        auto data = ProjectJson::parse(
            base + R"([{"type": "safetensors", "dtype": "bfloat16"}, {"type": "zstd"}]}]})",
            "p.json");
        REQUIRE(data.ok());
        REQUIRE(data->mappings.at(0).transforms.size() == 2);
        CHECK(data->mappings.at(0).transforms[0]["dtype"] == "bfloat16");
        CHECK(data->mappings.at(0).transforms[1]["type"] == "zstd");
        const std::string written = ProjectJson::serialize(*data);
        CHECK(written.find(R"("transforms")") != std::string::npos);
        auto again = ProjectJson::parse(written, "p.json");
        REQUIRE(again.ok());
        CHECK(*again == *data);
    }
    SECTION("refused") {
        for (const std::string bad :
             {R"([{"type": "gzip"}])", R"([{"level": 3}])", R"(["zstd"])", R"({"type": "zstd"})"}) {
            INFO(bad);
            auto data = ProjectJson::parse(base + bad + "}]}", "p.json");
            REQUIRE_FALSE(data.ok());
            CHECK(data.error().context.find("/mappings/0/transforms") != std::string::npos);
        }
    }
}
