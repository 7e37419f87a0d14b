// The JSON Schema in resources/schema/ must describe exactly what ProjectJson reads and writes.
// These tests compare the two through behaviour, so neither can change without the other.

#include "ProjectFormatFixtures.hpp"

#include <ferry/model/Enums.hpp>
#include <ferry/model/ProjectJson.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <regex>
#include <set>

using namespace ferry::model;
using namespace ferry::model::testing;
using json = nlohmann::json;

namespace {

const json& schema() {
    static const json s = [] {
        const std::string text = readBytes(std::string(FERRY_SOURCE_DIR) +
                                           "/resources/schema/ferry-project.schema.json");
        return json::parse(text);
    }();
    return s;
}

/// The schema of a definition, following one "$ref".
const json& resolve(const json& node) {
    if (node.contains("$ref")) {
        const std::string ref = node["$ref"];
        REQUIRE(ref.rfind("#/", 0) == 0);
        return schema().at(json::json_pointer(ref.substr(1)));
    }
    return node;
}

/// Each object of the format: its schema and where an instance sits in a written document.
struct ObjectDef {
    std::string name;    ///< Definition in $defs, "" for the document itself.
    std::string pointer; ///< Instance in the documents below.
};

const std::vector<ObjectDef> kObjects = {
    {"", ""},
    {"project", "/project"},
    {"site", "/sites/0"},
    {"position", "/sites/0/position"},
    {"link", "/links/0"},
    {"workload", "/workloads/0"},
    {"dependency", "/dependencies/0"},
    {"mapping", "/mappings/0"},
    {"wave", "/waves/0"},
    {"scenario", "/scenarios/0"},
};

const json& objectSchema(const ObjectDef& def) {
    return def.name.empty() ? schema() : schema()["$defs"].at(def.name);
}

/// A project with one object of each kind holding only its required fields.
const std::string kMinimal = R"({"format": "ferry-project", "version": 1,
  "project": {"name": "P"},
  "sites": [{"id": "s", "name": "S", "provider": "aws", "position": {"x": 1, "y": 2}}],
  "links": [{"id": "l", "from": "s", "to": "s", "bandwidth_mbps": 1}],
  "workloads": [{"id": "w", "name": "W", "kind": "vm", "site": "s"}],
  "dependencies": [{"from": "w", "to": "w"}],
  "mappings": [{"workload": "w", "target_site": "s"}],
  "waves": [{"id": "v", "name": "V", "number": 1, "workloads": []}],
  "scenarios": [{"id": "c", "name": "C"}]})";

std::set<std::string> keysOf(const json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items())
        keys.insert(key);
    return keys;
}

std::set<std::string> requiredOf(const json& objectSchema) {
    std::set<std::string> keys;
    for (const auto& key : objectSchema.value("required", json::array()))
        keys.insert(key);
    return keys;
}

template <typename E, std::size_t N>
std::vector<std::string> spellings(const std::array<E, N>& all) {
    std::vector<std::string> out;
    for (E e : all)
        out.emplace_back(toString(e));
    return out;
}

/// True when a schema (after $ref) admits JSON values of this type.
bool admits(const json& propertySchema, const std::string& type) {
    const json& s = resolve(propertySchema);
    if (s.contains("enum"))
        return type == "string";
    if (s.contains("const"))
        return type == "string";
    if (s.contains("oneOf")) {
        for (const json& option : s["oneOf"])
            if (admits(option, type))
                return true;
        return false;
    }
    const json& t = s.at("type");
    if (t.is_array())
        return std::find(t.begin(), t.end(), type) != t.end();
    return t == type || (t == "number" && type == "integer");
}

} // namespace

TEST_CASE("schema: the file is a draft 2020-12 JSON Schema for this version", "[model]") {
    const json& s = schema();
    CHECK(s["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    CHECK(s["properties"]["format"]["const"] == "ferry-project");
    CHECK(s["properties"]["version"]["maximum"] == kProjectJsonVersion);
    CHECK(s["properties"]["version"]["minimum"] == 1);
    // Every $ref points at an existing definition.
    std::function<void(const json&)> checkRefs = [&](const json& node) {
        if (node.is_object()) {
            if (node.contains("$ref"))
                CHECK_NOTHROW(resolve(node));
            for (const auto& [key, value] : node.items())
                checkRefs(value);
        } else if (node.is_array()) {
            for (const auto& value : node)
                checkRefs(value);
        }
    };
    checkRefs(s);
}

TEST_CASE("schema: enums list exactly the spellings of the C++ enums", "[model]") {
    const json& defs = schema()["$defs"];
    CHECK(defs["provider"]["enum"].get<std::vector<std::string>>() == spellings(kAllProviders));
    CHECK(defs["kind"]["enum"].get<std::vector<std::string>>() == spellings(kAllWorkloadKinds));
    CHECK(defs["strategy"]["enum"].get<std::vector<std::string>>() == spellings(kAllStrategies));
    CHECK(defs["criticality"]["enum"].get<std::vector<std::string>>() ==
          spellings(kAllCriticalities));
    CHECK(defs["policy"]["enum"].get<std::vector<std::string>>() ==
          spellings(kAllDependencyPolicies));
}

TEST_CASE("schema: each object's properties are exactly the fields Ferry writes", "[model]") {
    const json written = json::parse(ProjectJson::serialize(richProject()));
    for (const ObjectDef& def : kObjects) {
        INFO("object " << (def.name.empty() ? "document" : def.name));
        const json& s = objectSchema(def);
        CHECK(s["type"] == "object");
        CHECK(s["additionalProperties"] == false);
        CHECK(keysOf(s["properties"]) == keysOf(written.at(json::json_pointer(def.pointer))));
    }
}

TEST_CASE("schema: required fields are exactly those whose absence Ferry refuses", "[model]") {
    const json full = json::parse(ProjectJson::serialize(richProject()));
    for (const ObjectDef& def : kObjects) {
        const json& s = objectSchema(def);
        const std::set<std::string> required = requiredOf(s);
        for (const auto& [property, propertySchema] : s["properties"].items()) {
            INFO("property " << def.pointer << "/" << property);
            json doc = full;
            doc.at(json::json_pointer(def.pointer)).erase(property);
            auto r = ProjectJson::parse(doc.dump());
            if (required.count(property)) {
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().context == def.pointer + "/" + property);
            } else {
                CHECK(r.ok());
            }
        }
        for (const std::string& name : required)
            CHECK(s["properties"].contains(name));
    }
}

TEST_CASE("schema: types and nullability agree with the reader", "[model]") {
    const json full = json::parse(ProjectJson::serialize(richProject()));
    for (const ObjectDef& def : kObjects) {
        const json& s = objectSchema(def);
        for (const auto& [property, propertySchema] : s["properties"].items()) {
            INFO("property " << def.pointer << "/" << property);
            // A value of a type the schema does not admit is refused with a pointer.
            json doc = full;
            const json wrong = admits(propertySchema, "object") ? json::array() : json::object();
            doc.at(json::json_pointer(def.pointer))[property] = wrong;
            auto r = ProjectJson::parse(doc.dump());
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().context == def.pointer + "/" + property);
            // Null is accepted exactly where the schema admits it.
            doc.at(json::json_pointer(def.pointer))[property] = nullptr;
            CHECK(ProjectJson::parse(doc.dump()).ok() == admits(propertySchema, "null"));
        }
    }
}

TEST_CASE("schema: documented defaults are what Ferry fills in", "[model]") {
    auto minimal = ProjectJson::parse(kMinimal);
    REQUIRE(minimal.ok());
    const json written = json::parse(ProjectJson::serialize(*minimal));
    int checked = 0;
    for (const ObjectDef& def : kObjects) {
        const json& s = objectSchema(def);
        const json& instance = written.at(json::json_pointer(def.pointer));
        for (const auto& [property, propertySchema] : s["properties"].items()) {
            if (!propertySchema.contains("default"))
                continue;
            INFO("property " << def.pointer << "/" << property);
            const json actual = instance.contains(property) ? instance[property] : json(nullptr);
            CHECK(actual == propertySchema["default"]);
            ++checked;
        }
    }
    CHECK(checked >= 20);
}

TEST_CASE("schema: the window pattern accepts what the writer writes", "[model]") {
    const std::regex pattern(schema()["$defs"]["window"]["pattern"].get<std::string>(),
                             std::regex::ECMAScript);
    for (int days = 1; days <= 0x7f; ++days) {
        TimeWindow w;
        w.days = static_cast<std::uint8_t>(days);
        w.startMinute = 0;
        w.endMinute = 1440;
        CHECK(std::regex_match(w.toString(), pattern));
    }
    for (const char* text : {"Sat 00:00-06:00", "mon-fri 22:00-24:00", "daily  01:00-05:30"}) {
        INFO(text);
        CHECK(std::regex_match(std::string(text), pattern));
        CHECK(TimeWindow::parse(text).has_value());
    }
    for (const char* text : {"Sat", "Sat 00:00-24:01", "Sat 24:00-24:00", "Sat,  00:00-01:00",
                             "Someday 00:00-01:00", "Sat 0:00-6:00"}) {
        INFO(text);
        CHECK_FALSE(std::regex_match(std::string(text), pattern));
        CHECK_FALSE(TimeWindow::parse(text).has_value());
    }
}
