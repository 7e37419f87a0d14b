// Runs ferry-cli's planner commands (plan, cost, simulate, forecast, compare) on the demo project
// and checks exit statuses, the documented JSON fields and the errors a user sees.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kShippedDemo =
    fs::path(FERRY_SOURCE_DIR) / "resources" / "demo" / "retail-demo.json";

struct PlanRun {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json feasibleDemo();

/// A temporary folder for captured output and edited projects, removed at the end.
class Scratch {
public:
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "ferry-cli-plan-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_root = pattern;
        std::ofstream(demo()) << feasibleDemo().dump(2);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    fs::path path(const std::string& name) const { return m_root / name; }
    /// The feasible copy of the demo project.
    fs::path demo() const { return m_root / "demo.json"; }

    /// Run ferry-cli with args, stdin from /dev/null, stdout and stderr captured.
    PlanRun run(const std::vector<std::string>& args) const {
        std::vector<std::string> words{FERRY_CLI_PATH};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);
        const std::string outPath = path("stdout").string();
        const std::string errPath = path("stderr").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        pid_t pid = 0;
        const int spawned =
            ::posix_spawn(&pid, FERRY_CLI_PATH, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE(spawned == 0);
        int waitStatus = 0;
        while (::waitpid(pid, &waitStatus, 0) < 0)
            REQUIRE(errno == EINTR);
        PlanRun result;
        result.status =
            WIFEXITED(waitStatus) ? WEXITSTATUS(waitStatus) : 128 + WTERMSIG(waitStatus);
        result.out = slurp(outPath);
        result.err = slurp(errPath);
        return result;
    }

private:
    fs::path m_root;
};

/// The demo with room for its eleven-workload move group in one wave, so its plan is feasible.
json feasibleDemo() {
    json project = json::parse(slurp(kShippedDemo));
    project["project"]["assumptions"]["max_workloads_per_wave"] = 20;
    return project;
}

json parsed(const PlanRun& run) {
    INFO(run.out);
    INFO(run.err);
    json document;
    REQUIRE_NOTHROW(document = json::parse(run.out));
    return document;
}

} // namespace

TEST_CASE("plan prints the demo's waves with reasons", "[cli]") {
    Scratch scratch;
    const auto text = scratch.run({"plan", scratch.demo().string()});
    INFO(text.err);
    CHECK(text.status == 0);
    CHECK(text.out.find("WAVE") != std::string::npos);
    CHECK(text.out.find("storefront-web") != std::string::npos);

    const auto run = scratch.run({"plan", scratch.demo().string(), "--json"});
    CHECK(run.status == 0);
    const json document = parsed(run);
    CHECK(document["command"] == "plan");
    CHECK(document["scenario"] == "");
    CHECK(document["feasible"] == true);
    REQUIRE(document["waves"].is_array());
    REQUIRE_FALSE(document["waves"].empty());
    for (const auto& wave : document["waves"]) {
        CHECK(wave["number"].is_number_integer());
        CHECK(wave["total_gb"].is_number());
        REQUIRE_FALSE(wave["workloads"].empty());
        for (const auto& member : wave["workloads"]) {
            CHECK(member["workload"].is_string());
            CHECK_FALSE(member["reason"].get<std::string>().empty());
        }
    }
    CHECK(document["move_groups"].is_array());
    CHECK(document["excluded"].is_array());
    CHECK(document["findings"].is_array());
}

TEST_CASE("cost prices the demo plan", "[cli]") {
    Scratch scratch;
    const auto text = scratch.run({"cost", scratch.demo().string()});
    CHECK(text.status == 0);
    CHECK(text.out.find("Break-even") != std::string::npos);

    const auto run =
        scratch.run({"cost", scratch.demo().string(), "--json", "--scenario", "fast-link"});
    CHECK(run.status == 0);
    const json document = parsed(run);
    CHECK(document["command"] == "cost");
    CHECK(document["scenario"] == "fast-link");
    CHECK(document["currency"].is_string());
    CHECK(document["one_time_total"].get<double>() > 0);
    CHECK(document["one_time_by_category"].is_object());
    REQUIRE_FALSE(document["waves"].empty());
    CHECK(document["waves"][0]["one_time_total"].is_number());
    CHECK(document["monthly_before"].is_number());
    CHECK(document["monthly_after"].is_number());
    CHECK(document["horizon_months"].is_number_integer());
    CHECK((document["break_even_month"].is_null() || document["break_even_month"].is_number()));

    // Per workload: the workloads' one-time costs add up to the total; the TCO series run over
    // the horizon; every price source has a page and a date.
    REQUIRE_FALSE(document["workloads"].empty());
    double sum = 0;
    for (const auto& workload : document["workloads"]) {
        CHECK(workload["workload"].is_string());
        CHECK(workload["one_time"].is_object());
        CHECK(workload["target_pricing"].is_string());
        sum += workload["one_time_total"].get<double>();
    }
    CHECK(sum == Approx(document["one_time_total"].get<double>()));
    CHECK(document["cumulative_stay"].size() == document["horizon_months"].get<std::size_t>());
    CHECK(document["cumulative_migrate"].size() == document["horizon_months"].get<std::size_t>());
    REQUIRE_FALSE(document["sources"].empty());
    for (const auto& source : document["sources"]) {
        const std::string url = source["url"];
        CHECK((source["provider"] == "onprem" || url.rfind("https://", 0) == 0));
        CHECK(source["as_of"].get<std::string>().size() == 10);
    }
    CHECK(text.out.find("Most expensive to move") != std::string::npos);
    CHECK(text.out.find("Total cost of ownership") != std::string::npos);
}

TEST_CASE("simulate gives a schedule per workload", "[cli]") {
    Scratch scratch;
    const auto text = scratch.run({"simulate", scratch.demo().string()});
    CHECK(text.status == 0);
    CHECK(text.out.find("Total duration") != std::string::npos);

    const auto run = scratch.run({"simulate", scratch.demo().string(), "--json"});
    CHECK(run.status == 0);
    const json document = parsed(run);
    CHECK(document["command"] == "simulate");
    CHECK(document["total_hours"].get<double>() > 0);
    CHECK(document["total_days"].get<double>() ==
          Approx(document["total_hours"].get<double>() / 24.0));
    REQUIRE_FALSE(document["workloads"].empty());
    for (const auto& timing : document["workloads"]) {
        CHECK(timing["start_hours"].get<double>() <= timing["cutover_start_hours"].get<double>());
        CHECK(timing["cutover_start_hours"].get<double>() <=
              timing["cutover_end_hours"].get<double>());
        CHECK(timing["downtime_hours"].is_number());
        CHECK(timing["route"].is_array());
    }
    CHECK_FALSE(document["waves"].empty());

    // Gantt rows add up to what each workload moved; the link pieces carry those bytes; egress
    // per day counts each byte once.
    std::map<std::string, double> rowGb;
    for (const auto& row : document["rows"]) {
        CHECK(row["end_hours"].get<double>() >= row["start_hours"].get<double>());
        const std::string phase = row["phase"];
        CHECK((phase == "full_copy" || phase == "incremental_sync" || phase == "cutover"));
        rowGb[row["workload"]] += row["gb"].get<double>();
    }
    double moved = 0;
    for (const auto& timing : document["workloads"]) {
        moved += timing["gb_moved"].get<double>();
        CHECK(rowGb[timing["workload"]] == Approx(timing["gb_moved"].get<double>()).margin(1e-6));
    }
    double carried = 0;
    for (const auto& link : document["link_usage"]) {
        CHECK(link["link"].is_string());
        for (const auto& piece : link["usage"])
            carried += piece["mbps"].get<double>() * 0.45 *
                       (piece["end_hours"].get<double>() - piece["start_hours"].get<double>());
    }
    double egress = 0;
    for (const auto& day : document["egress_gb_per_day"])
        egress += day.get<double>();
    CHECK(moved > 0);
    CHECK(egress == Approx(moved).epsilon(1e-6));
    CHECK(carried >= moved * (1 - 1e-6)); // a byte routed over two links counts on both
    CHECK(text.out.find("PEAK MBPS") != std::string::npos);
    CHECK(text.out.find("Egress:") != std::string::npos);
}

TEST_CASE("forecast gives percentiles that do not depend on the thread count", "[cli]") {
    Scratch scratch;
    const auto text = scratch.run({"forecast", scratch.demo().string(), "--runs", "40"});
    CHECK(text.status == 0);
    CHECK(text.out.find("P50") != std::string::npos);

    const auto one = scratch.run({"forecast", scratch.demo().string(), "--json", "--runs", "40",
                                  "--seed", "7", "--threads", "1"});
    const auto two = scratch.run({"forecast", scratch.demo().string(), "--json", "--runs", "40",
                                  "--seed", "7", "--threads", "2"});
    CHECK(one.status == 0);
    CHECK(two.status == 0);
    const json document = parsed(one);
    CHECK(document["command"] == "forecast");
    CHECK(document["runs"] == 40);
    CHECK(document["seed"] == 7);
    const auto& hours = document["total_hours"];
    CHECK(hours["p10"].get<double>() <= hours["p50"].get<double>());
    CHECK(hours["p50"].get<double>() <= hours["p90"].get<double>());
    CHECK(document["one_time_cost"]["p50"].is_number());
    REQUIRE_FALSE(document["waves"].empty());
    CHECK(document["waves"][0]["end_hours"]["p90"].is_number());
    CHECK(parsed(two) == document);
}

TEST_CASE("compare shows the baseline and every scenario side by side", "[cli]") {
    Scratch scratch;
    const auto text = scratch.run({"compare", scratch.demo().string()});
    CHECK(text.status == 0);
    CHECK(text.out.find("Baseline") != std::string::npos);
    CHECK(text.out.find("10 Gbps link") != std::string::npos);

    const auto all = scratch.run({"compare", scratch.demo().string(), "--json"});
    CHECK(all.status == 0);
    const json document = parsed(all);
    CHECK(document["command"] == "compare");
    REQUIRE(document["scenarios"].size() == 3);
    CHECK(document["scenarios"][0]["name"] == "Baseline");
    CHECK(document["scenarios"][1]["scenario"] == "fast-link");
    CHECK(document["scenarios"][1]["total_hours"].get<double>() <
          document["scenarios"][0]["total_hours"].get<double>());

    const auto some =
        scratch.run({"compare", scratch.demo().string(), "--json", "--scenario", "azure"});
    CHECK(some.status == 0);
    CHECK(parsed(some)["scenarios"].size() == 2);
}

TEST_CASE("An unknown scenario exits 2 naming it", "[cli]") {
    Scratch scratch;
    for (const std::string command : {"plan", "cost", "simulate", "forecast", "compare"}) {
        INFO(command);
        const auto run =
            scratch.run({command, scratch.demo().string(), "--scenario", "no-such-scenario"});
        CHECK(run.status == 2);
        CHECK(run.err.find("no-such-scenario") != std::string::npos);
    }
    const auto missing = scratch.run({"plan", scratch.path("missing.json").string()});
    CHECK(missing.status == 2);
}

TEST_CASE("An infeasible plan exits 1 and says why", "[cli]") {
    Scratch scratch;
    json project = feasibleDemo();
    // storefront-web depends on search-svc, so search-svc cannot be pinned to a later wave.
    for (auto& mapping : project["mappings"]) {
        if (mapping["workload"] == "storefront-web")
            mapping["pinned_wave"] = 1;
        if (mapping["workload"] == "search-svc")
            mapping["pinned_wave"] = 3;
    }
    const fs::path file = scratch.path("pinned.json");
    std::ofstream(file) << project.dump(2);

    const auto text = scratch.run({"plan", file.string()});
    CHECK(text.status == 1);
    CHECK(text.out.find("plan.pin_conflict") != std::string::npos);

    const auto run = scratch.run({"plan", file.string(), "--json"});
    CHECK(run.status == 1);
    const json document = parsed(run);
    CHECK(document["feasible"] == false);
    bool conflict = false;
    for (const auto& finding : document["findings"])
        conflict = conflict || finding["code"] == "plan.pin_conflict";
    CHECK(conflict);
    CHECK(scratch.run({"cost", file.string()}).status == 1);
}
