#include <ferry/engine/EndpointCheck.hpp>

#include <algorithm>

namespace ferry::engine {
namespace {

std::string_view schemeOf(std::string_view uri) {
    const auto colon = uri.find("://");
    return colon == std::string_view::npos ? std::string_view{} : uri.substr(0, colon);
}

void check(std::vector<EndpointProblem>& out, const std::string& id, const std::string& uri) {
    if (uri.empty()) return;
    const auto scheme = schemeOf(uri);
    if (scheme.empty()) {
        out.push_back({id, uri, "has no scheme; write it as scheme://..., e.g. file:///data/x"});
        return;
    }
    const auto schemes = supportedSchemes();
    if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
        out.push_back({id, uri,
                       "uses the unsupported scheme '" + std::string(scheme) +
                           "'; use file, s3, sqlite, postgresql or memory"});
        return;
    }
    const auto rest = std::string_view(uri).substr(scheme.size() + 3);
    const bool absolute = rest.starts_with("/") || rest.starts_with("${project_dir}/");
    if ((scheme == "file" || scheme == "sqlite") && !absolute) {
        out.push_back({id, uri,
                       "needs an absolute path (" + std::string(scheme) +
                           ":///abs/path) or one under the project folder (" + std::string(scheme) +
                           "://${project_dir}/path)"});
    }
}

} // namespace

std::vector<std::string_view> supportedSchemes() {
    return {"file", "s3", "sqlite", "postgresql", "memory"};
}

std::vector<EndpointProblem> checkEndpoints(const model::Project& project) {
    std::vector<EndpointProblem> out;
    for (const auto& w : project.workloads()) check(out, w.id, w.endpoint);
    for (const auto& m : project.mappings()) check(out, m.workload, m.targetEndpoint);
    return out;
}

} // namespace ferry::engine
