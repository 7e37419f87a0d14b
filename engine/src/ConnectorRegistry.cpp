#include <ferry/engine/ConnectorRegistry.hpp>

#include <ferry/engine/FileConnector.hpp>
#include <ferry/engine/MemoryConnector.hpp>
#include <ferry/engine/S3Connector.hpp>

namespace ferry::engine {

void ConnectorRegistry::add(const std::string& scheme, Factory factory) {
    m_factories[scheme] = std::move(factory);
}

Result<std::unique_ptr<Connector>> ConnectorRegistry::open(std::string_view uri,
                                                           std::string_view projectDir) const {
    auto parsed = Uri::parse(uri, projectDir);
    if (!parsed)
        return parsed.error();
    return open(*parsed);
}

Result<std::unique_ptr<Connector>> ConnectorRegistry::open(const Uri& uri) const {
    const auto it = m_factories.find(uri.scheme);
    if (it == m_factories.end()) {
        std::string known;
        for (const auto& scheme : schemes())
            known += (known.empty() ? "" : ", ") + scheme;
        return Error{"uri.scheme",
                     "No connector handles the scheme '" + uri.scheme + "' of '" + uri.toString() +
                         "'; use one of: " + (known.empty() ? std::string("(none)") : known) + ".",
                     uri.toString()};
    }
    return it->second(uri);
}

std::vector<std::string> ConnectorRegistry::schemes() const {
    std::vector<std::string> out;
    for (const auto& [scheme, factory] : m_factories)
        out.push_back(scheme);
    return out;
}

ConnectorRegistry ConnectorRegistry::withBuiltins() {
    ConnectorRegistry registry;
    registry.add("file", &FileConnector::open);
    registry.add("memory", &MemoryConnector::open);
    registry.add("s3", &S3Connector::open);
    return registry;
}

} // namespace ferry::engine
