#pragma once

#include <ferry/engine/Connector.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ferry::engine {

/// An entry list() passed over because it is not a regular file (a symbolic link, a socket...).
struct SkippedEntry {
    std::string key;    ///< Key the entry would have had.
    std::string reason; ///< Why it was skipped, e.g. "symbolic link (Ferry does not follow links)".
};

/// A folder tree addressed "file:///abs/root". Writes go to a hidden partial file next to the
/// target, are synced and renamed over the final name; every path component is opened without
/// following symbolic links, so a link planted inside the root cannot redirect a write.
class FileConnector final : public Connector {
public:
    /// Open on a parsed "file:///abs/root" URI; the root is created on the first write.
    static Result<std::unique_ptr<Connector>> open(const Uri& uri);
    /// Open directly on a root folder (absolute).
    explicit FileConnector(std::filesystem::path root);

    /// Called (from the listing thread) for every entry list() skips; replaces any earlier one.
    void setSkipObserver(std::function<void(const SkippedEntry&)> observer);
    /// Every entry list() has skipped so far, in key order, without duplicates.
    std::vector<SkippedEntry> skipped() const;

    /// True for names of this connector's own partial files (".<name>.ferry-partial-<hex>").
    static bool isPartialName(std::string_view fileName);
    /// A user-facing Error for a failed system call on a key: errno mapped to a code and advice.
    static Error errorFromErrno(int errnoValue, std::string_view action, std::string_view key,
                                const std::filesystem::path& root);

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

private:
    void reportSkipped(const std::string& key, const std::string& reason);

    Uri m_uri;
    std::filesystem::path m_root;
    mutable std::mutex m_skipMutex;
    std::map<std::string, std::string> m_skipped;
    std::function<void(const SkippedEntry&)> m_skipObserver;
};

} // namespace ferry::engine
