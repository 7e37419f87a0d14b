#pragma once

#include <ferry/engine/Connector.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace ferry::engine {

/// Makes connectors from URIs by scheme; filled explicitly at start-up (registerBuiltins).
class ConnectorRegistry {
public:
    /// Builds a connector for a parsed URI.
    using Factory = std::function<Result<std::unique_ptr<Connector>>(const Uri&)>;

    /// Register or replace the factory for a scheme.
    void add(const std::string& scheme, Factory factory);
    /// Open a connector for a URI text; Error "uri.scheme" for an unknown scheme.
    Result<std::unique_ptr<Connector>> open(std::string_view uri,
                                            std::string_view projectDir = {}) const;
    /// Open for a parsed URI.
    Result<std::unique_ptr<Connector>> open(const Uri& uri) const;
    /// Schemes with a factory, sorted.
    std::vector<std::string> schemes() const;

    /// A registry with every connector Ferry ships (file, memory, s3, and later tables).
    static ConnectorRegistry withBuiltins();

private:
    std::map<std::string, Factory> m_factories;
};

} // namespace ferry::engine
