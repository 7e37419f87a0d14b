#include <catch2/catch.hpp>

#include <ferry/model/WavePlanner.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace ferry::model;

namespace {

using Layers = std::vector<std::vector<std::string>>;

ProjectData graph(const std::vector<std::string>& ids,
                  const std::vector<std::pair<std::string, std::string>>& deps) {
    ProjectData d;
    d.sites = {Site{.id = "dc"}};
    for (const auto& id : ids)
        d.workloads.push_back(Workload{.id = id, .name = id, .site = "dc"});
    for (const auto& [from, to] : deps)
        d.dependencies.push_back(Dependency{.from = from, .to = to});
    return d;
}

std::string nodeName(int i) {
    return "w" + std::to_string(100 + i); // Fixed width, so text order = number order.
}

} // namespace

TEST_CASE("DependencyGraph: workloads without dependencies form one layer, sorted", "[model]") {
    const DependencyGraph g(graph({"c", "a", "b"}, {}));
    CHECK(g.moveGroups().empty());
    CHECK(g.layers() == Layers{{"a", "b", "c"}});
}

TEST_CASE("DependencyGraph: an empty project has no layers", "[model]") {
    const DependencyGraph g{ProjectData{}};
    CHECK(g.layers().empty());
    CHECK(g.moveGroups().empty());
}

TEST_CASE("DependencyGraph: layer 0 depends on nothing, each layer only on earlier ones",
          "[model]") {
    // web -> app -> db, web -> cache, report -> db
    const DependencyGraph g(
        graph({"web", "app", "db", "cache", "report"},
              {{"web", "app"}, {"app", "db"}, {"web", "cache"}, {"report", "db"}}));
    CHECK(g.moveGroups().empty());
    CHECK(g.layers() == Layers{{"cache", "db"}, {"app", "report"}, {"web"}});
}

TEST_CASE("DependencyGraph: a cycle becomes a move group with its cycle path", "[model]") {
    // b -> a -> b is the cycle; c depends on it; d is alone.
    const DependencyGraph g(graph({"d", "c", "b", "a"}, {{"a", "b"}, {"b", "a"}, {"c", "b"}}));
    REQUIRE(g.moveGroups().size() == 1);
    const MoveGroup& group = g.moveGroups().front();
    CHECK(group.id == "group-1");
    CHECK(group.workloads == std::vector<std::string>{"a", "b"});
    CHECK(group.cycle == std::vector<std::string>{"a", "b", "a"});
    CHECK(g.layers() == Layers{{"a", "b", "d"}, {"c"}});
}

TEST_CASE("DependencyGraph: groups are numbered by their smallest id and cycles are shortest",
          "[model]") {
    // Group {m, n, o}: m -> n -> o -> m and the shortcut m -> o... o -> m closes a 2-cycle.
    // Group {x, y}: x -> y -> x.
    const DependencyGraph g(
        graph({"x", "y", "m", "n", "o"},
              {{"x", "y"}, {"y", "x"}, {"m", "n"}, {"n", "o"}, {"o", "m"}, {"m", "o"}}));
    REQUIRE(g.moveGroups().size() == 2);
    CHECK(g.moveGroups()[0].id == "group-1");
    CHECK(g.moveGroups()[0].workloads == std::vector<std::string>{"m", "n", "o"});
    CHECK(g.moveGroups()[0].cycle == std::vector<std::string>{"m", "o", "m"});
    CHECK(g.moveGroups()[1].id == "group-2");
    CHECK(g.moveGroups()[1].workloads == std::vector<std::string>{"x", "y"});
    CHECK(g.moveGroups()[1].cycle == std::vector<std::string>{"x", "y", "x"});
}

TEST_CASE("DependencyGraph: unknown workloads and self-dependencies are ignored", "[model]") {
    const DependencyGraph g(graph({"a", "b"}, {{"a", "ghost"}, {"a", "a"}, {"a", "b"}}));
    CHECK(g.moveGroups().empty());
    CHECK(g.layers() == Layers{{"b"}, {"a"}});
}

TEST_CASE("DependencyGraph: a chain of 200,000 workloads needs no recursion", "[model][slow]") {
    const int n = 200000;
    std::vector<std::string> ids;
    std::vector<std::pair<std::string, std::string>> deps;
    for (int i = 0; i < n; ++i) {
        ids.push_back("w" + std::to_string(1000000 + i));
        if (i > 0)
            deps.emplace_back(ids[i], ids[i - 1]);
    }
    deps.emplace_back(ids[0], ids[n - 1]); // One cycle through all of them.
    const DependencyGraph cyclic(graph(ids, deps));
    REQUIRE(cyclic.moveGroups().size() == 1);
    CHECK(cyclic.moveGroups()[0].workloads.size() == static_cast<std::size_t>(n));
    CHECK(cyclic.moveGroups()[0].cycle.size() == static_cast<std::size_t>(n) + 1);
    CHECK(cyclic.layers().size() == 1);

    deps.pop_back();
    const DependencyGraph chain(graph(ids, deps));
    CHECK(chain.moveGroups().empty());
    REQUIRE(chain.layers().size() == static_cast<std::size_t>(n));
    CHECK(chain.layers().front() == std::vector<std::string>{ids.front()});
    CHECK(chain.layers().back() == std::vector<std::string>{ids.back()});
}

TEST_CASE("DependencyGraph: move groups and layers agree with a reachability reference on "
          "random graphs",
          "[model]") {
    std::mt19937 random(20270104);
    for (int round = 0; round < 300; ++round) {
        const int n = std::uniform_int_distribution<int>(1, 24)(random);
        const double density = std::uniform_real_distribution<double>(0.0, 0.25)(random);
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i)
            ids.push_back(nodeName(i));
        std::shuffle(ids.begin(), ids.end(), random); // File order differs from id order.
        std::vector<std::pair<std::string, std::string>> deps;
        std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
        std::bernoulli_distribution edge(density);
        for (int a = 0; a < n; ++a)
            for (int b = 0; b < n; ++b)
                if (a != b && edge(random)) {
                    deps.emplace_back(nodeName(a), nodeName(b));
                    reach[a][b] = 1;
                }
        std::shuffle(deps.begin(), deps.end(), random);
        for (int k = 0; k < n; ++k) // Floyd–Warshall transitive closure.
            for (int a = 0; a < n; ++a)
                if (reach[a][k])
                    for (int b = 0; b < n; ++b)
                        if (reach[k][b])
                            reach[a][b] = 1;

        const DependencyGraph g(graph(ids, deps));
        INFO("round " << round << ", " << n << " workloads, " << deps.size() << " dependencies");

        // Expected groups: mutually reachable sets of two or more, named by smallest id.
        std::set<std::vector<std::string>> expected;
        for (int a = 0; a < n; ++a) {
            std::vector<std::string> members{nodeName(a)};
            for (int b = 0; b < n; ++b)
                if (b != a && reach[a][b] && reach[b][a])
                    members.push_back(nodeName(b));
            std::sort(members.begin(), members.end());
            if (members.size() > 1)
                expected.insert(members);
        }
        std::set<std::vector<std::string>> found;
        std::string previousFirst;
        const std::set<std::pair<std::string, std::string>> edges(deps.begin(), deps.end());
        for (std::size_t i = 0; i < g.moveGroups().size(); ++i) {
            const MoveGroup& group = g.moveGroups()[i];
            CHECK(group.id == "group-" + std::to_string(i + 1));
            CHECK(std::is_sorted(group.workloads.begin(), group.workloads.end()));
            CHECK(group.workloads.front() > previousFirst);
            previousFirst = group.workloads.front();
            found.insert(group.workloads);
            // The cycle is real: consecutive members are dependencies, it closes, no repeats.
            const auto& cycle = group.cycle;
            REQUIRE(cycle.size() >= 3);
            CHECK(cycle.front() == group.workloads.front());
            CHECK(cycle.front() == cycle.back());
            CHECK(std::set<std::string>(cycle.begin(), cycle.end() - 1).size() == cycle.size() - 1);
            for (std::size_t k = 0; k + 1 < cycle.size(); ++k)
                CHECK(edges.count({cycle[k], cycle[k + 1]}) == 1);
        }
        CHECK(found == expected);

        // Layers: every workload once; a dependency never points to a later layer, only
        // crosses layers downwards (or stays inside a group); each workload outside layer 0
        // has a dependency in the layer just below.
        std::map<std::string, int> layerOf;
        for (std::size_t l = 0; l < g.layers().size(); ++l) {
            CHECK(std::is_sorted(g.layers()[l].begin(), g.layers()[l].end()));
            for (const auto& id : g.layers()[l])
                CHECK(layerOf.emplace(id, static_cast<int>(l)).second);
        }
        CHECK(layerOf.size() == static_cast<std::size_t>(n));
        for (const auto& [from, to] : deps) {
            const int a = std::stoi(from.substr(1)) - 100;
            const int b = std::stoi(to.substr(1)) - 100;
            if (reach[b][a])
                CHECK(layerOf[from] == layerOf[to]);
            else
                CHECK(layerOf[from] > layerOf[to]);
        }
        for (const auto& [id, layer] : layerOf) {
            if (layer == 0)
                continue;
            bool supported = false;
            for (const auto& [from, to] : deps)
                if (layerOf[from] == layer && layerOf[to] == layer - 1 &&
                    (from == id ||
                     (reach[std::stoi(id.substr(1)) - 100][std::stoi(from.substr(1)) - 100] &&
                      layerOf[from] == layer)))
                    supported = true;
            CHECK(supported);
        }
    }
}
