#include <catch2/catch.hpp>

#include <ferry/model/Validator.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace ferry::model;

namespace {

/// Two linked sites, an app on a VM and its database, both mapped: validates with no finding.
ProjectData cleanProject() {
    ProjectData d;
    d.sites = {Site{.id = "dc", .name = "Shanghai DC", .provider = Provider::OnPrem},
               Site{.id = "aws", .name = "AWS Singapore", .provider = Provider::Aws}};
    d.links = {Link{.id = "dc-aws", .from = "dc", .to = "aws"}};
    d.workloads = {
        Workload{.id = "app", .name = "App", .kind = WorkloadKind::Service, .site = "dc"},
        Workload{.id = "db",
                 .name = "DB",
                 .kind = WorkloadKind::Database,
                 .site = "dc",
                 .sizeGb = 100,
                 .endpoint = "sqlite:///tmp/db.sqlite"}};
    d.dependencies = {Dependency{.from = "app", .to = "db", .trafficGbPerDay = 5}};
    d.mappings = {Mapping{.workload = "app", .targetSite = "aws", .strategy = Strategy::Rehost},
                  Mapping{.workload = "db", .targetSite = "aws", .strategy = Strategy::Replatform}};
    d.waves = {Wave{.id = "w1", .name = "Wave 1", .number = 1, .workloads = {"db", "app"}}};
    d.scenarios = {Scenario{.id = "fast", .name = "Fast link"}};
    return d;
}

std::vector<Finding> withCode(const std::vector<Finding>& findings, const std::string& code) {
    std::vector<Finding> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
                 [&](const Finding& f) { return f.code == code; });
    return out;
}

/// The single finding with this code; fails the test when there is not exactly one.
Finding only(const std::vector<Finding>& findings, const std::string& code) {
    const auto matches = withCode(findings, code);
    INFO("code " << code);
    REQUIRE(matches.size() == 1);
    return matches.front();
}

std::string describe(const std::vector<Finding>& findings) {
    std::string text;
    for (const auto& f : findings)
        text += std::string(toString(f.severity)) + " " + f.code + " [" + f.objectId + "] " +
                f.message + "\n";
    return text;
}

Workload workload(std::string id, std::string site = "dc") {
    return Workload{.id = id, .name = id, .kind = WorkloadKind::Service, .site = std::move(site)};
}

/// True when every consecutive pair of path is a dependency and the path returns to its start
/// without visiting any workload twice on the way.
bool isRealCycle(const std::vector<std::string>& path,
                 const std::set<std::pair<std::string, std::string>>& edges) {
    if (path.size() < 3 || path.front() != path.back())
        return false;
    std::set<std::string> seen(path.begin(), path.end() - 1);
    if (seen.size() != path.size() - 1)
        return false;
    for (std::size_t i = 0; i + 1 < path.size(); ++i)
        if (!edges.count({path[i], path[i + 1]}))
            return false;
    return true;
}

std::set<std::pair<std::string, std::string>> edgeSet(const ProjectData& d) {
    std::set<std::pair<std::string, std::string>> edges;
    for (const auto& dep : d.dependencies)
        edges.insert({dep.from, dep.to});
    return edges;
}

} // namespace

TEST_CASE("a consistent project has no findings", "[model]") {
    const auto findings = Validator::validate(cleanProject());
    INFO(describe(findings));
    CHECK(findings.empty());
    CHECK(Validator::passes(findings));
}

TEST_CASE("severity spellings are stable", "[model]") {
    CHECK(toString(Severity::Info) == "info");
    CHECK(toString(Severity::Warning) == "warning");
    CHECK(toString(Severity::Error) == "error");
}

TEST_CASE("duplicate ids are errors, one finding per shared id", "[model]") {
    auto d = cleanProject();
    d.sites.push_back(d.sites[1]);
    d.sites.push_back(d.sites[1]);
    d.links.push_back(d.links[0]);
    d.workloads.push_back(d.workloads[0]);
    d.waves.push_back(Wave{.id = "w1", .name = "Again", .number = 2});
    d.scenarios.push_back(d.scenarios[0]);
    const auto findings = Validator::validate(d);
    INFO(describe(findings));

    const auto site = only(findings, "site.duplicate_id");
    CHECK(site.severity == Severity::Error);
    CHECK(site.objectId == "aws");
    CHECK(site.message.find("3 sites") != std::string::npos);
    CHECK(only(findings, "link.duplicate_id").objectId == "dc-aws");
    CHECK(only(findings, "workload.duplicate_id").objectId == "app");
    CHECK(only(findings, "wave.duplicate_id").objectId == "w1");
    CHECK(only(findings, "scenario.duplicate_id").objectId == "fast");
    CHECK_FALSE(Validator::passes(findings));
}

TEST_CASE("a dependency listed twice and a workload mapped twice are errors", "[model]") {
    auto d = cleanProject();
    d.dependencies.push_back(Dependency{.from = "app", .to = "db", .trafficGbPerDay = 9});
    d.dependencies.push_back(Dependency{.from = "app", .to = "db", .trafficGbPerDay = 1});
    d.mappings.push_back(Mapping{.workload = "db", .targetSite = "dc"});
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    const auto dep = only(findings, "dependency.duplicate");
    CHECK(dep.severity == Severity::Error);
    CHECK(dep.objectId == "app->db");
    const auto map = only(findings, "mapping.duplicate");
    CHECK(map.severity == Severity::Error);
    CHECK(map.objectId == "db");
    // The second mapping is not judged on its own (it would be a same-site rehost).
    CHECK(withCode(findings, "mapping.same_site").empty());
}

TEST_CASE("references to objects that do not exist are errors", "[model]") {
    auto d = cleanProject();
    d.workloads.push_back(workload("lost", "atlantis"));
    d.links.push_back(Link{.id = "l2", .from = "dc", .to = "mars"});
    d.links.push_back(Link{.id = "l3", .from = "venus", .to = "aws"});
    d.dependencies.push_back(Dependency{.from = "app", .to = "ghost"});
    d.dependencies.push_back(Dependency{.from = "phantom", .to = "db"});
    d.mappings.push_back(Mapping{.workload = "nobody", .targetSite = "aws"});
    d.mappings.push_back(Mapping{.workload = "lost", .targetSite = "aws"});
    d.workloads.push_back(workload("svc2"));
    d.mappings.push_back(Mapping{.workload = "svc2", .targetSite = "pluto"});
    d.waves[0].workloads.push_back("stranger");
    const auto findings = Validator::validate(d);
    INFO(describe(findings));

    CHECK(only(findings, "workload.unknown_site").objectId == "lost");
    const auto links = withCode(findings, "link.unknown_site");
    REQUIRE(links.size() == 2);
    CHECK(links[0].objectId == "l2");
    CHECK(links[0].message.find("'mars'") != std::string::npos);
    CHECK(links[1].objectId == "l3");
    CHECK(links[1].message.find("'venus'") != std::string::npos);
    const auto deps = withCode(findings, "dependency.unknown_workload");
    REQUIRE(deps.size() == 2);
    CHECK(deps[0].objectId == "app->ghost");
    CHECK(deps[1].objectId == "phantom->db");
    CHECK(only(findings, "mapping.unknown_workload").objectId == "nobody");
    const auto target = only(findings, "mapping.unknown_site");
    CHECK(target.objectId == "svc2");
    CHECK(target.message.find("'pluto'") != std::string::npos);
    const auto wave = only(findings, "wave.unknown_workload");
    CHECK(wave.objectId == "w1");
    CHECK(wave.message.find("'stranger'") != std::string::npos);
    for (const auto& f : findings)
        if (f.code.find("unknown") != std::string::npos)
            CHECK(f.severity == Severity::Error);
    // A mapping of a workload on an unknown site is not also called unreachable.
    CHECK(withCode(findings, "mapping.unreachable").empty());
}

TEST_CASE("a link or a dependency from an object to itself is an error", "[model]") {
    auto d = cleanProject();
    d.links.push_back(Link{.id = "loop", .from = "dc", .to = "dc"});
    d.dependencies.push_back(Dependency{.from = "db", .to = "db"});
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    CHECK(only(findings, "link.self").objectId == "loop");
    CHECK(only(findings, "dependency.self").objectId == "db->db");
    CHECK(only(findings, "link.self").severity == Severity::Error);
    CHECK(only(findings, "dependency.self").severity == Severity::Error);
    // A self dependency is not reported as a cycle as well.
    CHECK(withCode(findings, "dependency.cycle").empty());
}

TEST_CASE("negative, non-finite and absurd numbers are errors", "[model]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    auto d = cleanProject();
    d.workloads[1].sizeGb = -1;
    d.workloads[0].memoryGb = nan;
    d.links[0].egressPricePerGb = inf;
    d.links.push_back(Link{.id = "slow", .from = "dc", .to = "aws", .bandwidthMbps = 0});
    d.sites[0].utcOffsetMinutes = 24 * 60;
    d.dependencies[0].trafficGbPerDay = 1e12;
    d.mappings[0].pinnedWave = 0;
    d.waves[0].number = 0;
    d.scenarios[0].overrides = nlohmann::json::array();
    const auto findings = Validator::validate(d);
    INFO(describe(findings));

    const auto workloads = withCode(findings, "workload.bad_value");
    REQUIRE(workloads.size() == 2);
    CHECK(workloads[0].objectId == "app");
    CHECK(workloads[0].message.find("memory_gb") != std::string::npos);
    CHECK(workloads[1].objectId == "db");
    CHECK(workloads[1].message.find("size_gb is negative") != std::string::npos);
    const auto links = withCode(findings, "link.bad_value");
    REQUIRE(links.size() == 2);
    CHECK(links[0].message.find("egress_price_per_gb") != std::string::npos);
    CHECK(links[1].objectId == "slow");
    CHECK(only(findings, "site.bad_value").objectId == "dc");
    CHECK(only(findings, "dependency.bad_value").message.find("implausibly large") !=
          std::string::npos);
    CHECK(only(findings, "mapping.bad_value").objectId == "app");
    CHECK(only(findings, "wave.bad_value").objectId == "w1");
    CHECK(only(findings, "scenario.bad_value").objectId == "fast");
    for (const auto& f : findings)
        CHECK(f.severity == Severity::Error);
}

TEST_CASE("two waves with one number or one workload in two waves are errors", "[model]") {
    auto d = cleanProject();
    d.waves[0].workloads = {"db"};
    d.waves.push_back(Wave{.id = "w2", .name = "Wave 2", .number = 1, .workloads = {"app", "db"}});
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    CHECK(only(findings, "wave.duplicate_number").objectId == "w2");
    const auto member = only(findings, "wave.duplicate_member");
    CHECK(member.objectId == "w2");
    CHECK(member.message.find("'db'") != std::string::npos);
}

TEST_CASE("malformed ids are errors and empty names warnings", "[model]") {
    auto d = cleanProject();
    d.workloads.push_back(workload(""));
    d.workloads.push_back(workload("tab\there"));
    d.workloads.push_back(workload(std::string(300, 'x')));
    d.sites.push_back(Site{.id = "nameless", .name = ""});
    d.links.push_back(Link{.id = "nameless-aws", .from = "nameless", .to = "aws"});
    d.workloads[0].name = "  ";
    for (const auto& w : d.workloads)
        if (w.id != "app" && w.id != "db")
            d.mappings.push_back(Mapping{.workload = w.id, .targetSite = "aws"});
    const auto findings = Validator::validate(d);
    INFO(describe(findings));

    const auto ids = withCode(findings, "workload.bad_id");
    REQUIRE(ids.size() == 3);
    for (const auto& f : ids)
        CHECK(f.severity == Severity::Error);
    CHECK(ids[0].message.find("is empty") != std::string::npos);
    const auto names = withCode(findings, "workload.empty_name");
    REQUIRE(names.size() == 2);
    CHECK(names[0].objectId.empty());
    CHECK(names[1].objectId == "app");
    CHECK(names[1].severity == Severity::Warning);
    CHECK(only(findings, "site.empty_name").objectId == "nameless");
}

TEST_CASE("a workload without a mapping is a warning", "[model]") {
    auto d = cleanProject();
    d.mappings.erase(d.mappings.begin());
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    const auto f = only(findings, "mapping.missing");
    CHECK(f.objectId == "app");
    CHECK(f.severity == Severity::Warning);
    CHECK(Validator::passes(findings));
}

TEST_CASE("a mapping needs a chain of links from the workload's site", "[model]") {
    auto d = cleanProject();
    d.sites.push_back(Site{.id = "ali", .name = "Alibaba Hangzhou", .provider = Provider::Aliyun});
    d.sites.push_back(Site{.id = "gcp", .name = "GCP Tokyo", .provider = Provider::Gcp});
    d.workloads.push_back(workload("island"));
    d.mappings.push_back(Mapping{.workload = "island", .targetSite = "gcp"});

    SECTION("no link reaches the target") {
        const auto findings = Validator::validate(d);
        INFO(describe(findings));
        const auto f = only(findings, "mapping.unreachable");
        CHECK(f.objectId == "island");
        CHECK(f.severity == Severity::Error);
        CHECK_FALSE(Validator::passes(findings));
    }
    SECTION("two links in a row reach it, whichever way they were drawn") {
        d.links.push_back(Link{.id = "ali-aws", .from = "ali", .to = "aws"});
        d.links.push_back(Link{.id = "gcp-ali", .from = "gcp", .to = "ali"});
        const auto findings = Validator::validate(d);
        INFO(describe(findings));
        CHECK(withCode(findings, "mapping.unreachable").empty());
    }
    SECTION("a link to a site that does not exist joins nothing") {
        d.links.push_back(Link{.id = "x", .from = "gcp", .to = "missing"});
        d.links.push_back(Link{.id = "y", .from = "missing", .to = "dc"});
        const auto findings = Validator::validate(d);
        INFO(describe(findings));
        CHECK(withCode(findings, "mapping.unreachable").size() == 1);
    }
    SECTION("retired workloads travel nowhere") {
        d.mappings.back().strategy = Strategy::Retire;
        const auto findings = Validator::validate(d);
        INFO(describe(findings));
        CHECK(withCode(findings, "mapping.unreachable").empty());
    }
}

TEST_CASE("rehosting onto the current site is an info, retaining elsewhere a warning", "[model]") {
    auto d = cleanProject();
    d.mappings[0].targetSite = "dc";
    SECTION("rehost in place") {
        const auto findings = Validator::validate(d);
        INFO(describe(findings));
        const auto f = only(findings, "mapping.same_site");
        CHECK(f.objectId == "app");
        CHECK(f.severity == Severity::Info);
        CHECK(Validator::passes(findings));
    }
    SECTION("retain in place is what retain means") {
        d.mappings[0].strategy = Strategy::Retain;
        CHECK(Validator::validate(d).empty());
    }
    SECTION("retain with another target contradicts itself") {
        d.mappings[0].strategy = Strategy::Retain;
        d.mappings[0].targetSite = "aws";
        const auto findings = Validator::validate(d);
        INFO(describe(findings));
        CHECK(only(findings, "mapping.retain_elsewhere").severity == Severity::Warning);
    }
}

TEST_CASE("data stores without an endpoint get an info", "[model]") {
    auto d = cleanProject();
    const WorkloadKind kinds[] = {WorkloadKind::Database,     WorkloadKind::FileShare,
                                  WorkloadKind::ObjectBucket, WorkloadKind::ModelArtifact,
                                  WorkloadKind::Vm,           WorkloadKind::Service};
    for (WorkloadKind kind : kinds) {
        Workload w = workload("k-" + std::string(toString(kind)));
        w.kind = kind;
        d.workloads.push_back(w);
        d.mappings.push_back(Mapping{.workload = w.id, .targetSite = "aws"});
    }
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    const auto infos = withCode(findings, "workload.no_endpoint");
    REQUIRE(infos.size() == 4);
    std::set<std::string> ids;
    for (const auto& f : infos) {
        CHECK(f.severity == Severity::Info);
        ids.insert(f.objectId);
    }
    CHECK(ids == std::set<std::string>{"k-database", "k-file_share", "k-object_bucket",
                                       "k-model_artifact"});
}

TEST_CASE("a dependency cycle is one warning with its path", "[model]") {
    auto d = cleanProject();
    for (const char* id : {"c", "a", "b", "x", "y"}) {
        d.workloads.push_back(workload(id));
        d.mappings.push_back(Mapping{.workload = id, .targetSite = "aws"});
    }
    // a -> b -> c -> a, plus a pair x <-> y, plus db -> a which is outside both cycles.
    d.dependencies.push_back(Dependency{.from = "b", .to = "c"});
    d.dependencies.push_back(Dependency{.from = "c", .to = "a"});
    d.dependencies.push_back(Dependency{.from = "a", .to = "b"});
    d.dependencies.push_back(Dependency{.from = "y", .to = "x"});
    d.dependencies.push_back(Dependency{.from = "x", .to = "y"});
    d.dependencies.push_back(Dependency{.from = "db", .to = "a"});
    const auto findings = Validator::validate(d);
    INFO(describe(findings));

    const auto cycles = withCode(findings, "dependency.cycle");
    REQUIRE(cycles.size() == 2);
    CHECK(cycles[0].severity == Severity::Warning);
    CHECK(cycles[0].objectId == "a");
    CHECK(cycles[0].path == std::vector<std::string>{"a", "b", "c", "a"});
    CHECK(cycles[0].message.find("a -> b -> c -> a") != std::string::npos);
    CHECK(cycles[0].message.find("together") != std::string::npos);
    CHECK(cycles[1].objectId == "x");
    CHECK(cycles[1].path == std::vector<std::string>{"x", "y", "x"});
    CHECK(Validator::passes(findings));
}

TEST_CASE("a group larger than its cycle is reported once, naming its size", "[model]") {
    auto d = cleanProject();
    for (const char* id : {"a", "b", "c", "d"}) {
        d.workloads.push_back(workload(id));
        d.mappings.push_back(Mapping{.workload = id, .targetSite = "aws"});
    }
    // Two cycles sharing a: a -> b -> a and a -> c -> d -> a.
    for (auto [from, to] : {std::pair{"a", "b"}, {"b", "a"}, {"a", "c"}, {"c", "d"}, {"d", "a"}})
        d.dependencies.push_back(Dependency{.from = from, .to = to});
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    const auto f = only(findings, "dependency.cycle");
    CHECK(f.path == std::vector<std::string>{"a", "b", "a"});
    CHECK(f.message.find("4 workloads") != std::string::npos);
    CHECK(isRealCycle(f.path, edgeSet(d)));
}

TEST_CASE("findings come errors first, then by code and object id", "[model]") {
    auto d = cleanProject();
    d.workloads.push_back(workload("z-unmapped"));
    d.workloads.push_back(workload("a-unmapped"));
    d.workloads.push_back(workload("lost", "nowhere"));
    d.workloads.push_back(
        Workload{.id = "bucket", .name = "", .kind = WorkloadKind::ObjectBucket, .site = "dc"});
    d.links.push_back(Link{.id = "loop", .from = "aws", .to = "aws"});
    d.dependencies.push_back(Dependency{.from = "db", .to = "app"});
    d.mappings[0].targetSite = "dc";
    const auto findings = Validator::validate(d);
    INFO(describe(findings));
    REQUIRE(findings.size() >= 8);
    for (std::size_t i = 1; i < findings.size(); ++i) {
        const auto& a = findings[i - 1];
        const auto& b = findings[i];
        CHECK(static_cast<int>(a.severity) >= static_cast<int>(b.severity));
        if (a.severity == b.severity) {
            CHECK(a.code <= b.code);
            if (a.code == b.code)
                CHECK(a.objectId <= b.objectId);
        }
    }
    CHECK(findings.front().severity == Severity::Error);
    CHECK(findings.back().severity == Severity::Info);
    const auto missing = withCode(findings, "mapping.missing");
    REQUIRE(missing.size() == 4);
    CHECK(missing.front().objectId == "a-unmapped");

    // The same data in another order gives the same findings.
    auto shuffled = d;
    std::mt19937 rng(7);
    std::shuffle(shuffled.workloads.begin(), shuffled.workloads.end(), rng);
    std::shuffle(shuffled.dependencies.begin(), shuffled.dependencies.end(), rng);
    std::shuffle(shuffled.mappings.begin(), shuffled.mappings.end(), rng);
    std::shuffle(shuffled.links.begin(), shuffled.links.end(), rng);
    CHECK(Validator::validate(shuffled) == findings);
}

namespace {

/// A project with n mapped workloads on one site and the given dependencies, by index.
ProjectData graphProject(int n, const std::vector<std::pair<int, int>>& edges) {
    ProjectData d;
    d.sites = {Site{.id = "dc", .name = "DC"}, Site{.id = "cloud", .name = "Cloud"}};
    d.links = {Link{.id = "dc-cloud", .from = "dc", .to = "cloud"}};
    d.workloads.reserve(n);
    d.mappings.reserve(n);
    for (int i = 0; i < n; ++i) {
        d.workloads.push_back(workload("w" + std::to_string(i)));
        d.mappings.push_back(Mapping{.workload = "w" + std::to_string(i), .targetSite = "cloud"});
    }
    d.dependencies.reserve(edges.size());
    for (auto [from, to] : edges)
        d.dependencies.push_back(
            Dependency{.from = "w" + std::to_string(from), .to = "w" + std::to_string(to)});
    return d;
}

/// Reachability by repeated search; fine for the small graphs of the property tests.
std::vector<std::vector<char>> reachability(int n, const std::vector<std::pair<int, int>>& edges) {
    std::vector<std::vector<int>> adj(n);
    for (auto [a, b] : edges)
        adj[a].push_back(b);
    std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
    for (int s = 0; s < n; ++s) {
        std::vector<int> todo{s};
        while (!todo.empty()) {
            const int v = todo.back();
            todo.pop_back();
            for (int w : adj[v])
                if (!reach[s][w]) {
                    reach[s][w] = 1;
                    todo.push_back(w);
                }
        }
    }
    return reach;
}

} // namespace

TEST_CASE("random acyclic graphs have no cycle, one back edge makes exactly one", "[model]") {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        const int n = std::uniform_int_distribution<int>(3, 40)(rng);
        // Edges only go from a lower to a higher rank; ranks are a random permutation of ids.
        std::vector<int> rank(n);
        std::iota(rank.begin(), rank.end(), 0);
        std::shuffle(rank.begin(), rank.end(), rng);
        std::vector<std::pair<int, int>> edges;
        std::bernoulli_distribution coin(std::uniform_real_distribution<double>(0.05, 0.3)(rng));
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                if (coin(rng))
                    edges.emplace_back(rank[i], rank[j]);
        std::shuffle(edges.begin(), edges.end(), rng);
        INFO("seed " << seed << ", " << n << " workloads, " << edges.size() << " dependencies");

        const auto acyclic = Validator::validate(graphProject(n, edges));
        CHECK(withCode(acyclic, "dependency.cycle").empty());
        CHECK(Validator::passes(acyclic));
        if (edges.empty())
            continue;

        // Close a cycle: from the end of a random existing path back to its start.
        const auto reach = reachability(n, edges);
        const auto [from, to] =
            edges[std::uniform_int_distribution<std::size_t>(0, edges.size() - 1)(rng)];
        std::vector<int> ends;
        for (int v = 0; v < n; ++v)
            if (v == to || reach[to][v])
                ends.push_back(v);
        const int last = ends[std::uniform_int_distribution<std::size_t>(0, ends.size() - 1)(rng)];
        auto cyclic = edges;
        cyclic.emplace_back(last, from);
        const auto data = graphProject(n, cyclic);
        const auto findings = Validator::validate(data);
        const auto cycles = withCode(findings, "dependency.cycle");
        REQUIRE(cycles.size() == 1);
        CHECK(isRealCycle(cycles[0].path, edgeSet(data)));
        CHECK(cycles[0].objectId == cycles[0].path.front());

        // The group is every workload on some path from `from` to `last`.
        const auto closed = reachability(n, cyclic);
        int members = 0;
        std::string smallest;
        for (int v = 0; v < n; ++v)
            if (closed[v][v]) {
                ++members;
                const std::string id = "w" + std::to_string(v);
                if (smallest.empty() || id < smallest)
                    smallest = id;
            }
        CHECK(cycles[0].objectId == smallest);
        CHECK(cycles[0].message.find(std::to_string(members) + " workloads") != std::string::npos);
    }
}

TEST_CASE("random graphs: one cycle finding per group of workloads that reach each other",
          "[model]") {
    for (unsigned seed = 100; seed < 160; ++seed) {
        std::mt19937 rng(seed);
        const int n = std::uniform_int_distribution<int>(2, 30)(rng);
        const int m = std::uniform_int_distribution<int>(0, 2 * n)(rng);
        std::set<std::pair<int, int>> unique;
        std::uniform_int_distribution<int> pick(0, n - 1);
        for (int k = 0; k < m; ++k) {
            const int a = pick(rng);
            const int b = pick(rng);
            if (a != b)
                unique.insert({a, b});
        }
        const std::vector<std::pair<int, int>> edges(unique.begin(), unique.end());
        INFO("seed " << seed);
        const auto data = graphProject(n, edges);
        const auto cycles = withCode(Validator::validate(data), "dependency.cycle");

        // Expected groups: workloads that reach themselves, grouped by mutual reachability.
        const auto reach = reachability(n, edges);
        std::set<std::set<std::string>> expected;
        for (int v = 0; v < n; ++v) {
            if (!reach[v][v])
                continue;
            std::set<std::string> group;
            for (int w = 0; w < n; ++w)
                if (w == v || (reach[v][w] && reach[w][v]))
                    group.insert("w" + std::to_string(w));
            expected.insert(group);
        }
        REQUIRE(cycles.size() == expected.size());
        std::set<std::set<std::string>> found;
        for (const auto& f : cycles) {
            CHECK(isRealCycle(f.path, edgeSet(data)));
            // Every cycle lies inside one group; find the group holding its start.
            for (const auto& group : expected)
                if (group.count(f.path.front())) {
                    for (const auto& id : f.path)
                        CHECK(group.count(id) == 1);
                    CHECK(f.objectId == *group.begin());
                    found.insert(group);
                }
        }
        CHECK(found == expected);
    }
}

TEST_CASE("a 100k-workload, 300k-dependency estate validates without exhausting the stack",
          "[model]") {
    constexpr int n = 100000;
    std::mt19937 rng(2024);
    std::vector<std::pair<int, int>> edges;
    edges.reserve(300000);
    // A chain through every workload makes the depth-first search 100k deep...
    for (int i = 0; i + 1 < n; ++i)
        edges.emplace_back(i, i + 1);
    // ...random forward edges keep it acyclic...
    std::uniform_int_distribution<int> pick(0, n - 1);
    std::set<std::pair<int, int>> used(edges.begin(), edges.end());
    while (edges.size() < 300000 - 1) {
        int a = pick(rng);
        int b = pick(rng);
        if (a == b)
            continue;
        if (a > b)
            std::swap(a, b);
        if (used.insert({a, b}).second)
            edges.emplace_back(a, b);
    }
    // ...and one edge back from the end closes a cycle through all of them.
    edges.emplace_back(n - 1, 0);
    const auto data = graphProject(n, edges);
    REQUIRE(data.dependencies.size() == 300000);

    const auto started = std::chrono::steady_clock::now();
    const auto findings = Validator::validate(data);
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    INFO(describe(std::vector<Finding>(
        findings.begin(), findings.begin() + std::min<std::size_t>(5, findings.size()))));
    INFO("validated " << n << " workloads and " << edges.size() << " dependencies in "
                      << elapsed.count() << " s");
    REQUIRE(findings.size() == 1);
    const auto& cycle = findings.front();
    CHECK(cycle.code == "dependency.cycle");
    CHECK(cycle.message.find(std::to_string(n) + " workloads") != std::string::npos);
    CHECK(cycle.path.front() == "w0");
    CHECK(isRealCycle(cycle.path, edgeSet(data)));
}
