#include <ferry/model/ScenarioApply.hpp>

#include <ferry/model/Assumptions.hpp>
#include <ferry/model/Enums.hpp>
#include <ferry/model/ProjectJson.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

// A scenario's overrides are applied to the project's JSON document, not to the C++ structs: the
// project is serialised, the objects named by the paths are patched, and the document is read
// back by ProjectJson, so a scenario value is checked by the same strict reader as a file.
// Order: mappings created by "mappings.<workload>.target_site" for unmapped workloads, then
// wildcard paths ("mappings.*.strategy"), then paths naming one object, so the specific override
// wins whatever the key order.

namespace ferry::model {
namespace {

using nlohmann::json;

/// One override, split into its parts.
struct Override {
    std::string path;              ///< As written in the scenario.
    std::string root;              ///< "assumptions", "prices", "sites", ...
    std::string id;                ///< Object id, "*" or the provider; empty for assumptions.
    std::vector<std::string> rest; ///< Field (objects), key (assumptions), price path (prices).
    const json* value = nullptr;
};

/// One collection of the project document a path can name.
struct Collection {
    std::string_view root;                  ///< Path root and document key.
    std::string_view noun;                  ///< For messages.
    std::vector<std::string_view> identity; ///< Fields that make up the id; never overridden.
};

const Collection kCollections[] = {
    {"sites", "site", {"id"}},
    {"links", "link", {"id"}},
    {"workloads", "workload", {"id"}},
    {"dependencies", "dependency", {"from", "to"}},
    {"mappings", "mapping", {"workload"}},
};

const Collection* findCollection(std::string_view root) {
    for (const Collection& c : kCollections)
        if (c.root == root)
            return &c;
    return nullptr;
}

std::string inQuotes(std::string_view text) {
    return "'" + std::string(text) + "'";
}

Error pathError(const std::string& code, const std::string& message, const std::string& path) {
    return Error{code, message, path};
}

std::vector<std::string> splitDots(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        parts.push_back(text.substr(start, dot == std::string::npos ? dot : dot - start));
        if (dot == std::string::npos)
            return parts;
        start = dot + 1;
    }
}

/// Splits a path; ids of objects may hold dots, so for objects the field is the last part and
/// the id everything between the root and the field.
Result<Override> splitPath(const std::string& path, const json& value, const Scenario& scenario) {
    const std::string usage = "write it as assumptions.<key>, prices.<provider>.<path>, "
                              "sites.<id>.<field>, links.<id>.<field>, workloads.<id>.<field>, "
                              "dependencies.<from->to>.<field> or mappings.<workload or *>.<field>";
    Override o;
    o.path = path;
    o.value = &value;
    const std::size_t firstDot = path.find('.');
    o.root = path.substr(0, firstDot);
    const std::string tail = firstDot == std::string::npos ? "" : path.substr(firstDot + 1);
    auto bad = [&](const std::string& why) {
        return pathError("scenario.bad_path",
                         "The scenario " + inQuotes(scenario.id) + " overrides \"" + path + "\", " +
                             why + "; " + usage + ".",
                         path);
    };
    if (o.root == "assumptions") {
        if (tail.empty() || tail.find('.') != std::string::npos)
            return bad("which does not name one assumption");
        o.rest = {tail};
        return o;
    }
    if (o.root == "prices") {
        std::vector<std::string> parts = splitDots(tail);
        if (tail.empty() || parts.size() < 2 ||
            std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); }))
            return bad("which does not name a price");
        if (!providerFromString(parts.front()))
            return bad("but " + inQuotes(parts.front()) +
                       " is not a provider (use aws, azure, gcp, "
                       "aliyun, onprem or other)");
        o.id = parts.front();
        o.rest.assign(parts.begin() + 1, parts.end());
        return o;
    }
    if (!findCollection(o.root))
        return bad("which starts with an unknown part \"" + o.root + "\"");
    const std::size_t lastDot = tail.rfind('.');
    if (lastDot == std::string::npos || lastDot == 0 || lastDot + 1 == tail.size())
        return bad("which does not name an object and a field");
    o.id = tail.substr(0, lastDot);
    o.rest = {tail.substr(lastDot + 1)};
    return o;
}

/// The id of an object of a collection in the document.
std::string objectId(const Collection& c, const json& object) {
    auto text = [&](std::string_view key) {
        const auto it = object.find(key);
        return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (c.root == "dependencies")
        return text("from") + "->" + text("to");
    return text(c.identity.front());
}

/// JSON pointer token for a key (RFC 6901).
std::string pointerToken(const std::string& key) {
    std::string out;
    for (char ch : key) {
        if (ch == '~')
            out += "~0";
        else if (ch == '/')
            out += "~1";
        else
            out += ch;
    }
    return out;
}

/// Where in the document an override wrote, to name the override when the reader refuses it.
struct Written {
    std::string pointer;
    std::string path;
};

/// True when pointer occurs in text as a whole pointer (not a prefix of a longer token).
bool mentions(const std::string& text, const std::string& pointer) {
    for (std::size_t at = text.find(pointer); at != std::string::npos;
         at = text.find(pointer, at + 1)) {
        const std::size_t end = at + pointer.size();
        if (end == text.size() || text[end] == '/' || text[end] == ':' || text[end] == ' ' ||
            text[end] == ')' || text[end] == '"' || text[end] == '\'')
            return true;
    }
    return false;
}

/// A scenario may map a workload that has no mapping yet by giving its target site; such
/// mappings are created first, so every other override (wildcards included) applies to them.
void createMappings(json& document, const std::vector<Override>& overrides,
                    std::vector<Written>& written) {
    json& mappings = document["mappings"];
    if (!mappings.is_array())
        mappings = json::array();
    const json& workloads = document["workloads"];
    auto has = [](const json& list, std::string_view key, const std::string& id) {
        return list.is_array() && std::any_of(list.begin(), list.end(), [&](const json& o) {
                   const auto it = o.find(key);
                   return it != o.end() && it->is_string() && it->get<std::string>() == id;
               });
    };
    for (const Override& o : overrides) {
        if (o.root != "mappings" || o.id == "*" || o.rest.front() != "target_site")
            continue;
        if (has(mappings, "workload", o.id) || !has(workloads, "id", o.id))
            continue;
        mappings.push_back(json{{"workload", o.id}, {"target_site", *o.value}});
        written.push_back(
            Written{"/mappings/" + std::to_string(mappings.size() - 1) + "/target_site", o.path});
    }
}

Result<void> patchObjects(json& document, const std::vector<Override>& overrides,
                          const Scenario& scenario, std::vector<Written>& written) {
    createMappings(document, overrides, written);
    for (const Override& o : overrides) {
        const Collection& c = *findCollection(o.root);
        const std::string& field = o.rest.front();
        if (std::find(c.identity.begin(), c.identity.end(), field) != c.identity.end())
            return pathError("scenario.bad_path",
                             "The scenario " + inQuotes(scenario.id) + " overrides \"" + o.path +
                                 "\", which would change the identity of a " + std::string(c.noun) +
                                 "; override other fields, or edit the "
                                 "project itself.",
                             o.path);
        const bool all = o.id == "*";
        if (all && c.root != "mappings")
            return pathError("scenario.bad_path",
                             "The scenario " + inQuotes(scenario.id) + " overrides \"" + o.path +
                                 "\", but only mappings take the wildcard *; name one " +
                                 std::string(c.noun) + " by its id.",
                             o.path);
        json& list = document[std::string(c.root)];
        if (!list.is_array())
            list = json::array();
        bool found = false;
        for (std::size_t i = 0; i < list.size(); ++i) {
            json& object = list[i];
            if (!object.is_object() || (!all && objectId(c, object) != o.id))
                continue;
            object[field] = *o.value;
            written.push_back(Written{"/" + std::string(c.root) + "/" + std::to_string(i) + "/" +
                                          pointerToken(field),
                                      o.path});
            found = true;
        }
        if (found || all)
            continue;
        if (c.root == "mappings") {
            const json& workloads = document["workloads"];
            const bool exists =
                workloads.is_array() &&
                std::any_of(workloads.begin(), workloads.end(), [&](const json& w) {
                    const auto id = w.find("id");
                    return id != w.end() && id->is_string() && id->get<std::string>() == o.id;
                });
            if (exists)
                return pathError("scenario.unknown_id",
                                 "The scenario " + inQuotes(scenario.id) + " overrides \"" +
                                     o.path + "\", but the workload " + inQuotes(o.id) +
                                     " has no mapping; give it one first with mappings." + o.id +
                                     ".target_site.",
                                 o.path);
        }
        return pathError("scenario.unknown_id",
                         "The scenario " + inQuotes(scenario.id) + " overrides \"" + o.path +
                             "\", but there is no " + std::string(c.noun) + " " + inQuotes(o.id) +
                             "; correct the id or remove the override.",
                         o.path);
    }
    return success();
}

} // namespace

Result<ProjectData> applyScenario(const ProjectData& data, const Scenario& scenario) {
    if (!scenario.overrides.is_object())
        return Error{"scenario.bad_value",
                     "The overrides of scenario " + inQuotes(scenario.id) +
                         " are not a JSON object; write them as {\"path\": value}.",
                     "scenarios." + scenario.id};

    std::vector<Override> assumptions;
    std::vector<Override> prices;
    std::vector<Override> objects;
    for (const auto& [path, value] : scenario.overrides.items()) {
        auto split = splitPath(path, value, scenario);
        if (!split)
            return split.error();
        Override o = std::move(split).value();
        if (o.root == "assumptions")
            assumptions.push_back(std::move(o));
        else if (o.root == "prices")
            prices.push_back(std::move(o));
        else
            objects.push_back(std::move(o));
    }
    std::stable_partition(objects.begin(), objects.end(),
                          [](const Override& o) { return o.id == "*"; });

    // Assumptions are checked on their own, so a scenario is blamed only for what it sets.
    json setAssumptions = json::object();
    for (const Override& o : assumptions)
        setAssumptions[o.rest.front()] = *o.value;
    if (auto parsed = PlanAssumptions::fromJson(setAssumptions); !parsed) {
        Error error = parsed.error();
        error.message = "The scenario " + inQuotes(scenario.id) +
                        " sets an assumption it cannot: " + error.message;
        return error;
    }

    ProjectData out;
    if (objects.empty()) {
        out = data;
    } else {
        json document = json::parse(ProjectJson::serialize(data), nullptr, false);
        if (document.is_discarded() || !document.is_object())
            return Error{"scenario.bad_value",
                         "The project cannot be written as JSON, so the scenario " +
                             inQuotes(scenario.id) +
                             " cannot be applied; validate the project and fix its errors.",
                         "scenarios." + scenario.id};
        std::vector<Written> written;
        if (auto patched = patchObjects(document, objects, scenario, written); !patched)
            return patched.error();
        auto parsed = ProjectJson::parse(document.dump(), "scenario '" + scenario.id + "'");
        if (!parsed) {
            Error error = parsed.error();
            const Written* culprit = nullptr;
            for (const Written& w : written)
                if (mentions(error.context, w.pointer) &&
                    (!culprit || w.pointer.size() > culprit->pointer.size()))
                    culprit = &w;
            error.context =
                culprit ? culprit->path
                        : "scenario " + inQuotes(scenario.id) +
                              (error.context.empty() ? std::string() : ": " + error.context);
            return error;
        }
        out = std::move(parsed).value();
    }

    for (const Override& o : assumptions)
        out.info.assumptions[o.rest.front()] = *o.value;
    if (!prices.empty() && !out.info.priceOverrides.is_object())
        out.info.priceOverrides = json::object();
    for (const Override& o : prices) {
        json* node = &out.info.priceOverrides[o.id];
        for (const std::string& key : o.rest) {
            if (!node->is_object())
                *node = json::object();
            node = &(*node)[key];
        }
        *node = *o.value;
    }
    return out;
}

Result<ProjectData> applyScenario(const ProjectData& data, std::string_view scenarioId) {
    if (scenarioId.empty())
        return data;
    const auto it = std::find_if(data.scenarios.begin(), data.scenarios.end(),
                                 [&](const Scenario& s) { return s.id == scenarioId; });
    if (it == data.scenarios.end())
        return Error{"scenario.unknown",
                     "There is no scenario " + inQuotes(scenarioId) +
                         " in the project; choose one of its scenarios or leave it empty for the "
                         "project as it is.",
                     std::string(scenarioId)};
    return applyScenario(data, *it);
}

} // namespace ferry::model
