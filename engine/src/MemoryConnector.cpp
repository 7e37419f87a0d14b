#include <ferry/engine/MemoryConnector.hpp>

#include "ListPrefix.hpp"

#include <ferry/engine/ContentHasher.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>

namespace ferry::engine {
namespace {

using Bytes = std::vector<std::byte>;

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct StoredObject {
    std::shared_ptr<const Bytes> data;
    ObjectInfo info; // key here is the store key; callers see it without the connector prefix
};

struct StagedWrite {
    std::string storeKey;
    Bytes data;
    std::uint64_t checkpointed = 0;
    std::int64_t touchedNs = 0;
    bool attached = false; // a live writer holds it
};

} // namespace

struct MemoryConnector::Store {
    std::string name;
    std::mutex mutex;
    std::map<std::string, StoredObject> objects;
    std::map<std::string, std::shared_ptr<StagedWrite>> staged; // by resume token
    std::uint64_t nextStagedId = 1;
    MemoryFaults faults;
    std::uint64_t writeCalls = 0;
    std::uint64_t writesSinceFaults = 0;
    std::uint64_t commitsSinceFaults = 0;

    Error injected(const std::string& what) const {
        return Error{faults.errorCode,
                     "Injected fault: " + what + " in memory store '" + name +
                         "' failed; retry or reset the store's faults.",
                     "memory://" + name};
    }
};

namespace {

using Store = MemoryConnector::Store;

std::shared_ptr<Store> storeNamed(const std::string& name) {
    // Never destroyed, so connectors held by static objects stay valid at exit.
    static auto* mutex = new std::mutex;
    static auto* stores = new std::map<std::string, std::shared_ptr<Store>>;
    std::lock_guard lock(*mutex);
    auto& slot = (*stores)[name];
    if (!slot) {
        slot = std::make_shared<Store>();
        slot->name = name;
    }
    return slot;
}

Error notFound(std::string_view key, const std::string& storeName) {
    return Error{"object.not_found",
                 "The object '" + std::string(key) + "' does not exist in memory store '" +
                     storeName + "'; check the key or list the store.",
                 std::string(key)};
}

class MemoryReader final : public ObjectReader {
public:
    MemoryReader(std::shared_ptr<Store> store, std::string key, std::shared_ptr<const Bytes> data,
                 std::uint64_t begin, std::uint64_t end, const MemoryFaults& faults)
        : m_store(std::move(store)), m_key(std::move(key)), m_data(std::move(data)),
          m_position(begin), m_end(end), m_faults(faults) {}

    Result<std::size_t> read(std::span<std::byte> buffer) override {
        if (m_faults.failReadAfterBytes != 0 && m_delivered >= m_faults.failReadAfterBytes) {
            std::lock_guard lock(m_store->mutex);
            return m_store->injected("reading '" + m_key + "'");
        }
        std::uint64_t n = std::min<std::uint64_t>(buffer.size(), m_end - m_position);
        if (m_faults.failReadAfterBytes != 0)
            n = std::min<std::uint64_t>(n, m_faults.failReadAfterBytes - m_delivered);
        if (n == 0)
            return std::size_t{0};
        std::memcpy(buffer.data(), m_data->data() + m_position, n);
        if (m_faults.corruptReads)
            buffer[0] ^= std::byte{0x5a};
        m_position += n;
        m_delivered += n;
        return static_cast<std::size_t>(n);
    }

private:
    std::shared_ptr<Store> m_store;
    std::string m_key;
    std::shared_ptr<const Bytes> m_data;
    std::uint64_t m_position;
    std::uint64_t m_end;
    std::uint64_t m_delivered = 0;
    MemoryFaults m_faults;
};

class MemoryWriter final : public ObjectWriter {
public:
    MemoryWriter(std::shared_ptr<Store> store, std::string key, std::string prefix,
                 std::string token, std::shared_ptr<StagedWrite> staged, WriteOptions options)
        : m_store(std::move(store)), m_key(std::move(key)), m_prefix(std::move(prefix)),
          m_token(std::move(token)), m_staged(std::move(staged)), m_options(std::move(options)),
          m_resumeOffset(m_staged->checkpointed) {}

    ~MemoryWriter() override {
        // Like a crashed process: the staged data stays for a resume or cleanupAbandoned().
        std::lock_guard lock(m_store->mutex);
        m_staged->attached = false;
    }

    std::uint64_t resumeOffset() const override { return m_resumeOffset; }

    Result<void> write(std::span<const std::byte> data) override {
        std::lock_guard lock(m_store->mutex);
        if (auto closed = checkOpen(); !closed)
            return closed;
        ++m_store->writeCalls;
        ++m_store->writesSinceFaults;
        const MemoryFaults& faults = m_store->faults;
        if (faults.failAllWrites || m_store->writesSinceFaults == faults.failWriteCall)
            return m_store->injected("writing '" + m_key + "'");
        m_staged->data.insert(m_staged->data.end(), data.begin(), data.end());
        m_staged->touchedNs = nowNs();
        return model::success();
    }

    Result<void> checkpoint() override {
        std::lock_guard lock(m_store->mutex);
        if (auto closed = checkOpen(); !closed)
            return closed;
        m_staged->checkpointed = m_staged->data.size();
        m_staged->touchedNs = nowNs();
        return model::success();
    }

    std::string resumeToken() const override { return m_done ? std::string{} : m_token; }

    Result<ObjectInfo> commit() override {
        std::unique_lock lock(m_store->mutex);
        if (auto closed = checkOpen(); !closed)
            return closed.error();
        ++m_store->commitsSinceFaults;
        if (m_store->commitsSinceFaults == m_store->faults.failCommitCall)
            return m_store->injected("committing '" + m_key + "'");
        auto data = std::make_shared<const Bytes>(std::move(m_staged->data));
        m_store->staged.erase(m_token);
        m_done = true;
        lock.unlock();

        // Hash outside the lock: other writers and readers need not wait for a large object.
        StoredObject object;
        object.info.key = m_prefix + m_key;
        object.info.size = data->size();
        object.info.mtimeNs = m_options.mtimeNs != 0 ? m_options.mtimeNs : nowNs();
        object.info.hashes[HashKind::Md5] = ContentHasher::hex(HashKind::Md5, *data);
        object.info.hashes[HashKind::Sha256] = ContentHasher::hex(HashKind::Sha256, *data);
        object.info.etag = "\"" + object.info.hashes[HashKind::Md5] + "\"";
        object.info.metadata = m_options.metadata;
        object.data = std::move(data);
        ObjectInfo result = object.info;
        result.key = m_key;

        lock.lock();
        m_store->objects[m_prefix + m_key] = std::move(object);
        return result;
    }

    void abort() override {
        std::lock_guard lock(m_store->mutex);
        if (m_done)
            return;
        m_store->staged.erase(m_token);
        m_done = true;
    }

private:
    Result<void> checkOpen() const {
        if (m_done)
            return Error{"write.closed",
                         "The write of '" + m_key +
                             "' was already committed or aborted; open a "
                             "new writer.",
                         m_key};
        return model::success();
    }

    std::shared_ptr<Store> m_store;
    std::string m_key;
    std::string m_prefix;
    std::string m_token;
    std::shared_ptr<StagedWrite> m_staged;
    WriteOptions m_options;
    std::uint64_t m_resumeOffset;
    bool m_done = false;
};

} // namespace

Result<std::unique_ptr<Connector>> MemoryConnector::open(const Uri& uri) {
    if (uri.host.empty())
        return Error{"uri.host",
                     "The address '" + uri.toString() +
                         "' has no store name; write memory://name/prefix.",
                     uri.toString()};
    std::string prefix = uri.path;
    while (prefix.starts_with('/'))
        prefix.erase(0, 1);
    while (prefix.ends_with('/'))
        prefix.pop_back();
    if (!prefix.empty()) {
        if (auto ok = checkObjectKey(prefix); !ok)
            return Error{"uri.path",
                         "The address '" + uri.toString() +
                             "' has an unsafe prefix: " + ok.error().message,
                         uri.toString()};
        prefix += '/';
    }
    return std::unique_ptr<Connector>(
        new MemoryConnector(uri, storeNamed(uri.host), std::move(prefix)));
}

MemoryConnector::MemoryConnector(Uri uri, std::shared_ptr<Store> store, std::string prefix)
    : m_uri(std::move(uri)), m_store(std::move(store)), m_prefix(std::move(prefix)) {}

void MemoryConnector::setFaults(const std::string& store, const MemoryFaults& faults) {
    auto s = storeNamed(store);
    std::lock_guard lock(s->mutex);
    s->faults = faults;
    s->writesSinceFaults = 0;
    s->commitsSinceFaults = 0;
}

void MemoryConnector::resetStore(const std::string& store) {
    auto s = storeNamed(store);
    std::lock_guard lock(s->mutex);
    s->objects.clear();
    s->staged.clear();
    s->faults = MemoryFaults{};
    s->writeCalls = 0;
    s->writesSinceFaults = 0;
    s->commitsSinceFaults = 0;
}

std::size_t MemoryConnector::stagedWrites(const std::string& store) {
    auto s = storeNamed(store);
    std::lock_guard lock(s->mutex);
    return s->staged.size();
}

std::uint64_t MemoryConnector::writeCalls(const std::string& store) {
    auto s = storeNamed(store);
    std::lock_guard lock(s->mutex);
    return s->writeCalls;
}

const Uri& MemoryConnector::uri() const {
    return m_uri;
}

Capabilities MemoryConnector::capabilities() const {
    Capabilities c;
    c.hashes = {HashKind::Md5, HashKind::Sha256};
    c.preservesMtime = true;
    c.resumableWrites = true;
    return c;
}

Result<void> MemoryConnector::list(std::string_view prefix,
                                   const std::function<bool(const ObjectInfo&)>& visit) {
    if (auto ok = checkListPrefix(prefix); !ok)
        return ok;
    const std::string from = m_prefix + std::string(prefix);
    std::vector<ObjectInfo> found;
    {
        std::lock_guard lock(m_store->mutex);
        if (m_store->faults.failList)
            return m_store->injected("listing '" + from + "'");
        for (auto it = m_store->objects.lower_bound(from);
             it != m_store->objects.end() && it->first.starts_with(from); ++it) {
            found.push_back(it->second.info);
            found.back().key.erase(0, m_prefix.size());
        }
    }
    // Visit without the lock, so a visitor may call back into the connector.
    for (const auto& info : found)
        if (!visit(info))
            break;
    return model::success();
}

Result<ObjectInfo> MemoryConnector::stat(std::string_view key) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok.error();
    std::lock_guard lock(m_store->mutex);
    if (m_store->faults.failStat)
        return m_store->injected("stat of '" + std::string(key) + "'");
    const auto it = m_store->objects.find(m_prefix + std::string(key));
    if (it == m_store->objects.end())
        return notFound(key, m_store->name);
    ObjectInfo info = it->second.info;
    info.key = std::string(key);
    return info;
}

Result<std::unique_ptr<ObjectReader>>
MemoryConnector::openRead(std::string_view key, std::uint64_t offset,
                          std::optional<std::uint64_t> length) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok.error();
    std::lock_guard lock(m_store->mutex);
    if (m_store->faults.failReads)
        return m_store->injected("reading '" + std::string(key) + "'");
    const auto it = m_store->objects.find(m_prefix + std::string(key));
    if (it == m_store->objects.end())
        return notFound(key, m_store->name);
    const std::uint64_t size = it->second.data->size();
    if (offset > size)
        return Error{"object.range",
                     "Cannot read '" + std::string(key) + "' from byte " + std::to_string(offset) +
                         ": it holds only " + std::to_string(size) + " bytes.",
                     std::string(key)};
    const std::uint64_t end = length ? std::min(size, offset + std::min(*length, size)) : size;
    return std::unique_ptr<ObjectReader>(std::make_unique<MemoryReader>(
        m_store, std::string(key), it->second.data, offset, end, m_store->faults));
}

Result<std::unique_ptr<ObjectWriter>> MemoryConnector::openWrite(std::string_view key,
                                                                 const WriteOptions& options) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok.error();
    const std::string storeKey = m_prefix + std::string(key);
    std::lock_guard lock(m_store->mutex);
    std::string token = options.resumeToken;
    std::shared_ptr<StagedWrite> staged;
    if (!token.empty()) {
        const auto it = m_store->staged.find(token);
        if (it != m_store->staged.end()) {
            if (it->second->storeKey != storeKey)
                return Error{"write.resume_token",
                             "The resume token given for '" + std::string(key) +
                                 "' belongs to another object; start this write afresh.",
                             std::string(key)};
            if (it->second->attached)
                return Error{"write.in_progress",
                             "Another writer is still writing '" + std::string(key) +
                                 "' with this resume token; wait for it or abort it.",
                             std::string(key)};
            staged = it->second;
            staged->data.resize(staged->checkpointed);
        }
        // An unknown token (the store was reset or cleaned up) means starting afresh.
    }
    if (!staged) {
        token = "memory:" + m_store->name + ":" + std::to_string(m_store->nextStagedId++);
        staged = std::make_shared<StagedWrite>();
        staged->storeKey = storeKey;
        m_store->staged[token] = staged;
    }
    staged->attached = true;
    staged->touchedNs = nowNs();
    return std::unique_ptr<ObjectWriter>(std::make_unique<MemoryWriter>(
        m_store, std::string(key), m_prefix, std::move(token), std::move(staged), options));
}

Result<void> MemoryConnector::remove(std::string_view key) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok;
    std::lock_guard lock(m_store->mutex);
    m_store->objects.erase(m_prefix + std::string(key));
    return model::success();
}

Result<std::size_t> MemoryConnector::cleanupAbandoned(std::int64_t olderThanSeconds) {
    const std::int64_t cutoff = nowNs() - olderThanSeconds * 1'000'000'000;
    std::lock_guard lock(m_store->mutex);
    std::size_t removed = 0;
    for (auto it = m_store->staged.begin(); it != m_store->staged.end();) {
        const StagedWrite& s = *it->second;
        if (!s.attached && s.storeKey.starts_with(m_prefix) && s.touchedNs <= cutoff) {
            it = m_store->staged.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

} // namespace ferry::engine
