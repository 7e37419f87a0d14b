#pragma once

#include <ferry/engine/Connector.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ferry::engine {

/// Failures a test can make a memory store produce, to exercise retries, resume and verification.
struct MemoryFaults {
    std::uint64_t failWriteCall =
        0; ///< Fail the Nth write() on the store from now (1 = next); 0 = never.
    bool failAllWrites = false;       ///< Every write() fails until the faults are reset.
    std::uint64_t failCommitCall = 0; ///< Fail the Nth commit() from now; 0 = never.
    bool failReads = false;           ///< openRead() fails.
    std::uint64_t failReadAfterBytes =
        0;                     ///< A reader fails once it has delivered this many bytes; 0 = never.
    bool corruptReads = false; ///< Readers return data with the first byte of each read flipped.
    bool failList = false;     ///< list() fails.
    bool failStat = false;     ///< stat() fails.
    std::string errorCode = "io.injected"; ///< Code of the injected errors.
};

/// An in-process store addressed "memory://store/prefix"; connectors naming the same store share
/// its objects, so a test can write through one connector and read through another.
class MemoryConnector final : public Connector {
public:
    /// Open on a parsed "memory://store[/prefix]" URI; Error "uri.host" without a store name.
    static Result<std::unique_ptr<Connector>> open(const Uri& uri);

    /// Replace the faults of a store (creating the store if needed); counters restart from now.
    static void setFaults(const std::string& store, const MemoryFaults& faults);
    /// Drop every object, staged write and fault of a store.
    static void resetStore(const std::string& store);
    /// Number of staged (uncommitted, unaborted) writes held by a store.
    static std::size_t stagedWrites(const std::string& store);
    /// Number of write() calls a store has served since it was created or reset.
    static std::uint64_t writeCalls(const std::string& store);

    const Uri& uri() const override;
    Capabilities capabilities() const override;
    Result<void> list(std::string_view prefix,
                      const std::function<bool(const ObjectInfo&)>& visit) override;
    Result<ObjectInfo> stat(std::string_view key) override;
    Result<std::unique_ptr<ObjectReader>>
    openRead(std::string_view key, std::uint64_t offset = 0,
             std::optional<std::uint64_t> length = {}) override;
    Result<std::unique_ptr<ObjectWriter>> openWrite(std::string_view key,
                                                    const WriteOptions& options) override;
    Result<void> remove(std::string_view key) override;
    Result<std::size_t> cleanupAbandoned(std::int64_t olderThanSeconds) override;

    /// Shared state of one named store (defined in the .cpp).
    struct Store;

private:
    MemoryConnector(Uri uri, std::shared_ptr<Store> store, std::string prefix);

    Uri m_uri;
    std::shared_ptr<Store> m_store;
    std::string m_prefix; ///< "" or "prefix/" prepended to every key inside the store.
};

} // namespace ferry::engine
