#pragma once

#include <ferry/engine/Connector.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ferry::engine::test {

/// What the conformance suite needs to know about a connector beyond its declared capabilities.
struct ConformanceOptions {
    /// Entries that exist outside the connector's root (files next to it, other prefixes of the
    /// same store); must stay unchanged by anything done with unsafe keys.
    std::function<std::vector<std::string>()> entriesOutside;
    /// Largest acceptable difference between a declared mtime and the stored one.
    std::int64_t mtimeToleranceNs = 0;
    /// Threads used by the concurrent-writers check.
    int threads = 4;
};

/// The keys every connector must refuse with "key.unsafe".
std::vector<std::string> unsafeKeys();

/// Run every conformance check as Catch2 SECTIONs of the calling TEST_CASE; makeFresh returns a
/// connector on an empty root (it is called again for every section).
void runConnectorConformance(const std::function<std::unique_ptr<Connector>()>& makeFresh,
                             const ConformanceOptions& options);

/// Write bytes to a key and commit; REQUIREs success.
ObjectInfo putObject(Connector& connector, const std::string& key, std::string_view bytes,
                     const WriteOptions& options = {});
/// Read a whole object (or a range) as text; REQUIREs success.
std::string getObject(Connector& connector, const std::string& key, std::uint64_t offset = 0,
                      std::optional<std::uint64_t> length = {});
/// Every key list() visits under a prefix, in visiting order; REQUIREs success.
std::vector<std::string> listKeys(Connector& connector, std::string_view prefix = {});

} // namespace ferry::engine::test
