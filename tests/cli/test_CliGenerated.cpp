// The planner commands on a generated estate (the benchmarks' generator, 2,000 workloads):
// every command runs, and the JSON figures agree with each other.
#include "../bench/EstateGenerator.hpp"

#include <ferry/model/ProjectJson.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace {
namespace fs = std::filesystem;

struct Generated {
    fs::path root;
    fs::path project;
    Generated() {
        std::string pattern = (fs::temp_directory_path() / "ferry-cli-generated-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
        project = root / "estate.json";
        ferry::bench::EstateSpec spec;
        spec.workloads = 2000;
        spec.dependencies = 6000;
        spec.sourceSites = 6;
        spec.targetSites = 3;
        spec.cycles = 6;
        ferry::model::ProjectData data = ferry::bench::generateEstate(spec);
        data.info.assumptions = {{"max_workloads_per_wave", 200}, {"forecast_runs", 40}};
        REQUIRE(ferry::model::ProjectJson::writeFile(data, project));
    }
    ~Generated() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    /// Exit status and stdout of ferry-cli with args.
    std::pair<int, std::string> run(const std::string& args) const {
        const fs::path out = root / "stdout";
        const std::string command = std::string("'") + FERRY_CLI_PATH + "' " + args + " >'" +
                                    out.string() + "' 2>/dev/null </dev/null";
        const int status = std::system(command.c_str());
        std::ifstream in(out);
        std::ostringstream text;
        text << in.rdbuf();
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
    }
};

} // namespace

TEST_CASE("the planner commands run on a generated estate of 2000 workloads and agree",
          "[cli]") {
    Generated estate;
    const std::string p = "'" + estate.project.string() + "'";

    auto [planStatus, planOut] = estate.run("plan " + p + " --json");
    REQUIRE((planStatus == 0 || planStatus == 1));
    const auto plan = nlohmann::json::parse(planOut);
    REQUIRE(plan["waves"].is_array());
    CHECK(plan["waves"].size() >= 10); // 200 per wave at most
    std::set<std::string> planned;
    for (const auto& wave : plan["waves"]) {
        CHECK(wave["workloads"].size() <= 200);
        for (const auto& w : wave["workloads"])
            planned.insert(w["workload"].get<std::string>());
    }
    CHECK(planned.size() > 1800);

    auto [costStatus, costOut] = estate.run("cost " + p + " --json");
    REQUIRE((costStatus == 0 || costStatus == 1));
    const auto cost = nlohmann::json::parse(costOut);
    double sum = 0;
    for (const auto& [category, amount] : cost["one_time_by_category"].items())
        sum += amount.get<double>();
    CHECK(sum == Approx(cost["one_time_total"].get<double>()).epsilon(1e-9));

    auto [simStatus, simOut] = estate.run("simulate " + p + " --json");
    REQUIRE((simStatus == 0 || simStatus == 1));
    const auto sim = nlohmann::json::parse(simOut);
    CHECK(sim["total_hours"].get<double>() > 0);

    auto [forecastStatus, forecastOut] = estate.run("forecast " + p + " --json");
    REQUIRE((forecastStatus == 0 || forecastStatus == 1));
    const auto forecast = nlohmann::json::parse(forecastOut);
    CHECK(forecast["runs"] == 40);
    CHECK(forecast["total_hours"]["p10"].get<double>() <=
          forecast["total_hours"]["p50"].get<double>());
    CHECK(forecast["total_hours"]["p50"].get<double>() <=
          forecast["total_hours"]["p90"].get<double>());

    auto [compareStatus, compareOut] = estate.run("compare " + p + " --json");
    REQUIRE((compareStatus == 0 || compareStatus == 1));
    CHECK_FALSE(nlohmann::json::parse(compareOut).empty());
}
