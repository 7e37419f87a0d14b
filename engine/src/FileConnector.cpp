#include <ferry/engine/FileConnector.hpp>

#include "ListPrefix.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <unordered_map>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPartialMarker = ".ferry-partial-";
constexpr std::size_t kPartialHexDigits = 16;
constexpr std::size_t kMaxNameInPartial = 200; // keeps the partial name within NAME_MAX
constexpr std::string_view kTokenPrefix = "file:1:";

/// Owns one file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }

    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    void reset() {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

/// Group commit: many writers on one filesystem share one syncfs(2) instead of an fsync each.
/// sync(fd) returns once a sync that started after the call has finished, so everything the
/// caller wrote before calling is durable; callers arriving during a sync share the next one.
class FileSyncGroups {
public:
    /// 0 when everything written to fd's filesystem before the call is durable, else an errno.
    int sync(int fd) {
        struct stat st {};
        if (::fstat(fd, &st) != 0)
            return errno;
        Group* group = nullptr;
        {
            std::lock_guard lock(m_mutex);
            auto& slot = m_groups[st.st_dev];
            if (!slot)
                slot = std::make_unique<Group>();
            group = slot.get();
        }
        return group->sync(fd);
    }

private:
    struct Group {
        std::mutex mutex;
        std::condition_variable changed;
        std::uint64_t started = 0;  // syncs begun
        std::uint64_t finished = 0; // syncs ended
        int lastError = 0;          // errno of the last finished sync
        bool running = false;
        bool perFile = false; // syncfs unavailable: each caller syncs its own file

        int sync(int fd) {
            std::unique_lock lock(mutex);
            // A sync in progress began before this call; the next one to start will do.
            const std::uint64_t wanted = started + 1;
            while (!perFile && finished < wanted) {
                if (running) {
                    changed.wait(lock);
                    continue;
                }
                running = true;
                const std::uint64_t mine = ++started;
                lock.unlock();
                const int err = ::syncfs(fd) == 0 ? 0 : errno;
                lock.lock();
                if (err == ENOSYS || err == EINVAL)
                    perFile = true;
                finished = mine;
                lastError = err;
                running = false;
                changed.notify_all();
            }
            if (perFile) {
                lock.unlock();
                return ::fsync(fd) == 0 ? 0 : errno;
            }
            return lastError;
        }
    };

    std::mutex m_mutex;
    std::unordered_map<dev_t, std::unique_ptr<Group>> m_groups;
};

FileSyncGroups& syncGroups() {
    static FileSyncGroups groups;
    return groups;
}

std::int64_t timespecNs(const struct timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::string randomHex() {
    static std::atomic<std::uint64_t> counter{0};
    thread_local std::mt19937_64 generator{std::random_device{}() ^
                                           (counter.fetch_add(1) * 0x9e3779b97f4a7c15ull)};
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t value = generator();
    std::string out(kPartialHexDigits, '0');
    for (char& c : out) {
        c = kHex[value & 15];
        value >>= 4;
    }
    return out;
}

std::string partialName(std::string_view name, std::string_view hex) {
    return "." + std::string(name.substr(0, kMaxNameInPartial)) + std::string(kPartialMarker) +
           std::string(hex);
}

bool isHex(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct SplitKey {
    std::vector<std::string> dirs;
    std::string name;
};

SplitKey splitKey(std::string_view key) {
    SplitKey out;
    std::size_t start = 0;
    for (auto slash = key.find('/'); slash != std::string_view::npos;
         slash = key.find('/', start)) {
        out.dirs.emplace_back(key.substr(start, slash - start));
        start = slash + 1;
    }
    out.name = std::string(key.substr(start));
    return out;
}

int openDirectoryAt(int dirFd, const std::string& name) {
    return ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// After a failed no-follow open: ELOOP when the component is a symbolic link, else the errno.
int classifyOpenFailure(int dirFd, const std::string& name, int err) {
    if (err == ELOOP || err == ENOTDIR) {
        struct stat st {};
        if (::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
            return ELOOP;
    }
    return err;
}

/// Where walking a key's folders stopped.
struct WalkFailure {
    int err = 0;           ///< errno; ELOOP when a component is a symbolic link.
    std::string component; ///< Key prefix that failed, e.g. "photos/link".
};

// Opens the folder holding a key, one component at a time, never following a link; creates
// missing folders (mkdirat) when asked.
Fd walkToParent(int rootFd, const std::vector<std::string>& dirs, bool create,
                WalkFailure& failure) {
    Fd current(::dup(rootFd));
    if (!current.valid()) {
        failure.err = errno;
        return {};
    }
    std::string walked;
    for (const auto& dir : dirs) {
        walked += walked.empty() ? dir : "/" + dir;
        int fd = openDirectoryAt(current.get(), dir);
        if (fd < 0 && errno == ENOENT && create) {
            if (::mkdirat(current.get(), dir.c_str(), 0777) == 0) {
                (void)::fsync(current.get()); // the new folder's entry survives a power cut
            } else if (errno != EEXIST) {
                failure = {errno, walked};
                return {};
            }
            fd = openDirectoryAt(current.get(), dir);
        }
        if (fd < 0) {
            failure = {classifyOpenFailure(current.get(), dir, errno), walked};
            return {};
        }
        current = Fd(fd);
    }
    return current;
}

fs::path mountPointOf(const fs::path& path) {
    fs::path current = path.lexically_normal();
    struct stat st {};
    while (::stat(current.c_str(), &st) != 0 && current.has_parent_path() &&
           current != current.parent_path())
        current = current.parent_path();
    const dev_t device = st.st_dev;
    while (current.has_parent_path() && current != current.parent_path()) {
        struct stat parent {};
        if (::stat(current.parent_path().c_str(), &parent) != 0 || parent.st_dev != device)
            break;
        current = current.parent_path();
    }
    return current;
}

int writeAll(int fd, std::span<const std::byte> data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        data = data.subspan(static_cast<std::size_t>(n));
    }
    return 0;
}

Error symlinkError(std::string_view action, std::string_view key, const std::string& component,
                   const fs::path& root) {
    const bool writing = action == "write";
    return Error{"path.symlink",
                 "Could not " + std::string(action) + " '" + std::string(key) + "': '" + component +
                     "' inside " + root.string() +
                     " is a symbolic link, and Ferry never follows links (one could lead outside "
                     "the folder)." +
                     (writing ? " Nothing was written; remove the link or choose another target."
                              : " Copy what it points to separately if you need it."),
                 (root / std::string(key)).string()};
}

Error notFound(std::string_view key, const fs::path& root) {
    return FileConnector::errorFromErrno(ENOENT, "read", key, root);
}

class FileReader final : public ObjectReader {
public:
    FileReader(Fd fd, std::string key, fs::path root, std::uint64_t begin, std::uint64_t end)
        : m_fd(std::move(fd)), m_key(std::move(key)), m_root(std::move(root)), m_position(begin),
          m_end(end) {}

    Result<std::size_t> read(std::span<std::byte> buffer) override {
        const std::uint64_t wanted = std::min<std::uint64_t>(buffer.size(), m_end - m_position);
        if (wanted == 0)
            return std::size_t{0};
        for (;;) {
            const ssize_t n =
                ::pread(m_fd.get(), buffer.data(), wanted, static_cast<off_t>(m_position));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return FileConnector::errorFromErrno(errno, "read", m_key, m_root);
            }
            m_position += static_cast<std::uint64_t>(n);
            if (n == 0)
                m_end = m_position; // the file shrank under us: end here
            return static_cast<std::size_t>(n);
        }
    }

private:
    Fd m_fd;
    std::string m_key;
    fs::path m_root;
    std::uint64_t m_position;
    std::uint64_t m_end;
};

class FileWriter final : public ObjectWriter {
public:
    FileWriter(fs::path root, std::string key, Fd parent, std::string name, std::string hex,
               Fd file, std::uint64_t resumeOffset, WriteOptions options)
        : m_root(std::move(root)), m_key(std::move(key)), m_parent(std::move(parent)),
          m_name(std::move(name)), m_hex(std::move(hex)), m_partial(partialName(m_name, m_hex)),
          m_file(std::move(file)), m_resumeOffset(resumeOffset), m_written(resumeOffset),
          m_checkpointed(resumeOffset), m_options(std::move(options)) {}

    // Dropping a writer without commit or abort is a crash: the partial file stays for a resume
    // or cleanupAbandoned().
    ~FileWriter() override = default;

    std::uint64_t resumeOffset() const override { return m_resumeOffset; }

    Result<void> write(std::span<const std::byte> data) override {
        if (auto open = checkOpen(); !open)
            return open;
        if (const int err = writeAll(m_file.get(), data); err != 0)
            return FileConnector::errorFromErrno(err, "write", m_key, m_root);
        m_written += data.size();
        return model::success();
    }

    Result<void> checkpoint() override {
        if (auto open = checkOpen(); !open)
            return open;
        if (::fsync(m_file.get()) != 0)
            return FileConnector::errorFromErrno(errno, "write", m_key, m_root);
        if (!m_parentSynced) {
            // The partial file's own entry must survive too, or a resume finds nothing.
            (void)::fsync(m_parent.get());
            m_parentSynced = true;
        }
        m_checkpointed = m_written;
        return model::success();
    }

    std::string resumeToken() const override {
        if (m_done)
            return {};
        return std::string(kTokenPrefix) + std::to_string(m_checkpointed) + ":" + m_hex + ":" +
               m_key;
    }

    Result<ObjectInfo> commit() override {
        if (auto open = checkOpen(); !open)
            return open.error();
        if (m_options.mtimeNs != 0) {
            // Floor division, so times before 1970 get a non-negative nanosecond part.
            std::int64_t seconds = m_options.mtimeNs / 1'000'000'000;
            std::int64_t nanos = m_options.mtimeNs % 1'000'000'000;
            if (nanos < 0) {
                nanos += 1'000'000'000;
                --seconds;
            }
            const struct timespec times[2] = {
                {0, UTIME_OMIT}, {static_cast<time_t>(seconds), static_cast<long>(nanos)}};
            if (::futimens(m_file.get(), times) != 0)
                return FileConnector::errorFromErrno(errno, "write", m_key, m_root);
        }
        // Data first, then the rename, each made durable by a sync shared with the other
        // writers committing at the same moment (group commit): the final name never shows a
        // partial object, and commit() returns only once the object survives a power cut.
        if (const int err = syncGroups().sync(m_file.get()); err != 0)
            return FileConnector::errorFromErrno(err, "write", m_key, m_root);
        if (::renameat(m_parent.get(), m_partial.c_str(), m_parent.get(), m_name.c_str()) != 0)
            return FileConnector::errorFromErrno(errno, "write", m_key, m_root);
        if (const int err = syncGroups().sync(m_parent.get()); err != 0)
            return FileConnector::errorFromErrno(err, "write", m_key, m_root);
        struct stat st {};
        const int statResult = ::fstat(m_file.get(), &st);
        m_file.reset();
        m_done = true;
        if (statResult != 0)
            return FileConnector::errorFromErrno(errno, "write", m_key, m_root);
        ObjectInfo info;
        info.key = m_key;
        info.size = static_cast<std::uint64_t>(st.st_size);
        info.mtimeNs = timespecNs(st.st_mtim);
        return info;
    }

    void abort() override {
        if (m_done)
            return;
        m_file.reset();
        (void)::unlinkat(m_parent.get(), m_partial.c_str(), 0);
        m_done = true;
    }

private:
    Result<void> checkOpen() const {
        if (m_done)
            return Error{"write.closed",
                         "The write of '" + m_key +
                             "' was already committed or aborted; open a new writer.",
                         m_key};
        return model::success();
    }

    fs::path m_root;
    std::string m_key;
    Fd m_parent;
    std::string m_name;
    std::string m_hex;
    std::string m_partial;
    Fd m_file;
    std::uint64_t m_resumeOffset;
    std::uint64_t m_written;
    std::uint64_t m_checkpointed;
    WriteOptions m_options;
    bool m_parentSynced = false;
    bool m_done = false;
};

struct ResumeToken {
    std::uint64_t checkpointed = 0;
    std::string hex;
    std::string key;
};

std::optional<ResumeToken> parseToken(std::string_view token) {
    if (!token.starts_with(kTokenPrefix))
        return std::nullopt;
    token.remove_prefix(kTokenPrefix.size());
    ResumeToken out;
    const auto [end, ec] =
        std::from_chars(token.data(), token.data() + token.size(), out.checkpointed);
    if (ec != std::errc{} || end == token.data() + token.size() || *end != ':')
        return std::nullopt;
    token.remove_prefix(static_cast<std::size_t>(end - token.data()) + 1);
    if (token.size() < kPartialHexDigits + 1 || token[kPartialHexDigits] != ':')
        return std::nullopt;
    out.hex = std::string(token.substr(0, kPartialHexDigits));
    if (!isHex(out.hex))
        return std::nullopt;
    out.key = std::string(token.substr(kPartialHexDigits + 1));
    return out;
}

struct DirEntry {
    std::string name;
    std::string sortKey; // name, plus '/' for folders, so siblings sort in key order
    unsigned char type;
};

// Reads a folder's entries (not "." and ".."), typed without following links.
int readEntries(int dirFd, std::vector<DirEntry>& out) {
    const int fd = ::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    DIR* dir = ::fdopendir(fd);
    if (dir == nullptr) {
        const int err = errno;
        ::close(fd);
        return err;
    }
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..")
            continue;
        unsigned char type = entry->d_type;
        if (type == DT_UNKNOWN) {
            struct stat st {};
            if (::fstatat(dirFd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            type = S_ISDIR(st.st_mode)   ? DT_DIR
                   : S_ISREG(st.st_mode) ? DT_REG
                   : S_ISLNK(st.st_mode) ? DT_LNK
                                         : DT_UNKNOWN;
        }
        DirEntry e{std::string(name), std::string(name), type};
        if (type == DT_DIR)
            e.sortKey.push_back('/');
        out.push_back(std::move(e));
        errno = 0;
    }
    const int err = errno;
    ::closedir(dir);
    std::sort(out.begin(), out.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.sortKey < b.sortKey; });
    return err;
}

} // namespace

Result<std::unique_ptr<Connector>> FileConnector::open(const Uri& uri) {
    if (uri.scheme != "file" || !uri.host.empty() || !uri.path.starts_with('/'))
        return Error{"uri.path",
                     "The address '" + uri.toString() +
                         "' is not a local folder; write file:///abs/path (three slashes).",
                     uri.toString()};
    auto connector = std::make_unique<FileConnector>(fs::path(uri.path));
    connector->m_uri = uri;
    return std::unique_ptr<Connector>(std::move(connector));
}

FileConnector::FileConnector(fs::path root) : m_root(std::move(root)) {
    m_root = m_root.lexically_normal();
    std::string text = m_root.string();
    while (text.size() > 1 && text.ends_with('/'))
        text.pop_back();
    m_root = text;
    m_uri.scheme = "file";
    m_uri.path = text;
}

void FileConnector::setSkipObserver(std::function<void(const SkippedEntry&)> observer) {
    std::lock_guard lock(m_skipMutex);
    m_skipObserver = std::move(observer);
}

std::vector<SkippedEntry> FileConnector::skipped() const {
    std::lock_guard lock(m_skipMutex);
    std::vector<SkippedEntry> out;
    for (const auto& [key, reason] : m_skipped)
        out.push_back({key, reason});
    return out;
}

void FileConnector::reportSkipped(const std::string& key, const std::string& reason) {
    std::function<void(const SkippedEntry&)> observer;
    {
        std::lock_guard lock(m_skipMutex);
        m_skipped[key] = reason;
        observer = m_skipObserver;
    }
    if (observer)
        observer(SkippedEntry{key, reason});
}

bool FileConnector::isPartialName(std::string_view name) {
    const std::size_t tail = kPartialMarker.size() + kPartialHexDigits;
    if (name.size() <= tail + 1 || name.front() != '.')
        return false;
    return name.substr(name.size() - tail, kPartialMarker.size()) == kPartialMarker &&
           isHex(name.substr(name.size() - kPartialHexDigits));
}

Error FileConnector::errorFromErrno(int err, std::string_view action, std::string_view key,
                                    const fs::path& root) {
    const std::string what = "Could not " + std::string(action) + " '" + std::string(key) +
                             "' in " + root.string() + ": ";
    const std::string context = key.empty() ? root.string() : (root / std::string(key)).string();
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return Error{"disk.full",
                     what + "the disk is full: free space on " + mountPointOf(root).string() +
                         " and resume.",
                     context};
    case EFBIG:
        return Error{"disk.file_too_large",
                     what + "the file system cannot hold a file this large; choose a target on "
                            "another file system.",
                     context};
    case EACCES:
    case EPERM:
        return Error{"io.permission",
                     what + "permission denied; give Ferry's user access to " + root.string() +
                         " or choose another folder.",
                     context};
    case EROFS:
        return Error{"io.read_only",
                     what + "the file system is read-only; remount it read-write or choose "
                            "another target.",
                     context};
    case ENOENT:
        return Error{"object.not_found",
                     what + "it does not exist; check the key or list the folder.", context};
    case ENOTDIR:
    case EISDIR:
    case EEXIST:
        return Error{"object.conflict",
                     what + "a folder and a file would share a name on the way; rename one of "
                            "them.",
                     context};
    case ELOOP:
        return Error{"path.symlink",
                     what + "a symbolic link is in the way, and Ferry never follows links; "
                            "remove the link or choose another folder.",
                     context};
    case ENAMETOOLONG:
        return Error{"key.too_long",
                     what + "a name in it is longer than the file system allows (usually 255 "
                            "bytes); shorten it.",
                     context};
    case EMFILE:
    case ENFILE:
        return Error{"io.too_many_files",
                     what + "too many files are open; lower the run's parallelism and resume.",
                     context};
    case EIO:
        return Error{"io.error",
                     what + "the disk reported an input/output error; check the disk and resume.",
                     context};
    default:
        return Error{"io.error", what + std::strerror(err) + "; check the folder and resume.",
                     context};
    }
}

const Uri& FileConnector::uri() const {
    return m_uri;
}

Capabilities FileConnector::capabilities() const {
    Capabilities c;
    c.preservesMtime = true;
    c.resumableWrites = true;
    return c;
}

Result<void> FileConnector::list(std::string_view prefix,
                                 const std::function<bool(const ObjectInfo&)>& visit) {
    if (auto ok = checkListPrefix(prefix); !ok)
        return ok;
    Fd root(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.valid()) {
        if (errno == ENOENT)
            return Error{"root.not_found",
                         "The folder " + m_root.string() +
                             " does not exist; check the address or create the folder.",
                         m_root.string()};
        return errorFromErrno(errno, "list", prefix, m_root);
    }
    // Start in the deepest folder the prefix names completely ("a/b/c" starts in "a/b").
    const std::string wanted(prefix);
    SplitKey split = splitKey(wanted);
    WalkFailure failure;
    Fd start = walkToParent(root.get(), split.dirs, false, failure);
    if (!start.valid()) {
        if (failure.err == ENOENT || failure.err == ENOTDIR)
            return model::success();
        if (failure.err == ELOOP) {
            reportSkipped(failure.component, "symbolic link (Ferry does not follow links)");
            return model::success();
        }
        return errorFromErrno(failure.err, "list", failure.component, m_root);
    }
    std::string base;
    for (const auto& d : split.dirs)
        base += d + "/";

    // Depth-first in sorted order yields global key order (see DirEntry::sortKey).
    std::function<Result<bool>(int, const std::string&)> walk =
        [&](int dirFd, const std::string& rel) -> Result<bool> {
        std::vector<DirEntry> entries;
        if (const int err = readEntries(dirFd, entries); err != 0)
            return errorFromErrno(err, "list", rel, m_root);
        for (const auto& entry : entries) {
            if (isPartialName(entry.name))
                continue;
            const std::string key = rel + entry.name;
            if (entry.type == DT_DIR) {
                const std::string dirKey = key + "/";
                if (!dirKey.starts_with(wanted) && !wanted.starts_with(dirKey))
                    continue;
                Fd sub(openDirectoryAt(dirFd, entry.name));
                if (!sub.valid()) {
                    if (errno == ENOENT)
                        continue; // removed while listing
                    const int err = classifyOpenFailure(dirFd, entry.name, errno);
                    if (err == ELOOP) {
                        reportSkipped(key, "symbolic link (Ferry does not follow links)");
                        continue;
                    }
                    return errorFromErrno(err, "list", key, m_root);
                }
                auto more = walk(sub.get(), dirKey);
                if (!more || !*more)
                    return more;
                continue;
            }
            if (!key.starts_with(wanted))
                continue;
            if (entry.type == DT_LNK) {
                reportSkipped(key, "symbolic link (Ferry does not follow links)");
                continue;
            }
            if (entry.type != DT_REG) {
                reportSkipped(key, "not a regular file (a socket, pipe or device)");
                continue;
            }
            if (auto safe = checkObjectKey(key); !safe) {
                reportSkipped(key, "its name cannot be used as a safe object key");
                continue;
            }
            struct stat st {};
            if (::fstatat(dirFd, entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno == ENOENT)
                    continue;
                return errorFromErrno(errno, "list", key, m_root);
            }
            if (!S_ISREG(st.st_mode))
                continue; // replaced while listing
            ObjectInfo info;
            info.key = key;
            info.size = static_cast<std::uint64_t>(st.st_size);
            info.mtimeNs = timespecNs(st.st_mtim);
            if (!visit(info))
                return false;
        }
        return true;
    };
    auto result = walk(start.get(), base);
    if (!result)
        return result.error();
    return model::success();
}

Result<ObjectInfo> FileConnector::stat(std::string_view key) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok.error();
    Fd root(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.valid())
        return errorFromErrno(errno, "read", key, m_root);
    const SplitKey split = splitKey(key);
    WalkFailure failure;
    Fd parent = walkToParent(root.get(), split.dirs, false, failure);
    if (!parent.valid()) {
        if (failure.err == ENOTDIR)
            return notFound(key, m_root);
        if (failure.err == ELOOP)
            return symlinkError("read", key, failure.component, m_root);
        return errorFromErrno(failure.err, "read", key, m_root);
    }
    if (isPartialName(split.name))
        return notFound(key, m_root);
    struct stat st {};
    if (::fstatat(parent.get(), split.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errorFromErrno(errno, "read", key, m_root);
    if (S_ISLNK(st.st_mode))
        return symlinkError("read", key, std::string(key), m_root);
    if (S_ISDIR(st.st_mode))
        return notFound(key, m_root);
    if (!S_ISREG(st.st_mode))
        return Error{"object.unsupported",
                     "'" + std::string(key) + "' in " + m_root.string() +
                         " is not a regular file (a socket, pipe or device); Ferry skips it.",
                     (m_root / std::string(key)).string()};
    ObjectInfo info;
    info.key = std::string(key);
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.mtimeNs = timespecNs(st.st_mtim);
    return info;
}

Result<std::unique_ptr<ObjectReader>> FileConnector::openRead(std::string_view key,
                                                              std::uint64_t offset,
                                                              std::optional<std::uint64_t> length) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok.error();
    Fd root(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.valid())
        return errorFromErrno(errno, "read", key, m_root);
    const SplitKey split = splitKey(key);
    WalkFailure failure;
    Fd parent = walkToParent(root.get(), split.dirs, false, failure);
    if (!parent.valid()) {
        if (failure.err == ENOTDIR)
            return notFound(key, m_root);
        if (failure.err == ELOOP)
            return symlinkError("read", key, failure.component, m_root);
        return errorFromErrno(failure.err, "read", key, m_root);
    }
    if (isPartialName(split.name))
        return notFound(key, m_root);
    // O_NONBLOCK: opening a named pipe must not hang; it is refused below.
    Fd file(
        ::openat(parent.get(), split.name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!file.valid()) {
        const int err = classifyOpenFailure(parent.get(), split.name, errno);
        if (err == ELOOP)
            return symlinkError("read", key, std::string(key), m_root);
        return errorFromErrno(err, "read", key, m_root);
    }
    struct stat st {};
    if (::fstat(file.get(), &st) != 0)
        return errorFromErrno(errno, "read", key, m_root);
    if (S_ISDIR(st.st_mode))
        return notFound(key, m_root);
    if (!S_ISREG(st.st_mode))
        return Error{"object.unsupported",
                     "'" + std::string(key) + "' in " + m_root.string() +
                         " is not a regular file (a socket, pipe or device); Ferry skips it.",
                     (m_root / std::string(key)).string()};
    (void)::fcntl(file.get(), F_SETFL, ::fcntl(file.get(), F_GETFL) & ~O_NONBLOCK);
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (offset > size)
        return Error{"object.range",
                     "Cannot read '" + std::string(key) + "' from byte " + std::to_string(offset) +
                         ": it holds only " + std::to_string(size) + " bytes.",
                     (m_root / std::string(key)).string()};
    const std::uint64_t end = length ? std::min(size, offset + std::min(*length, size)) : size;
    return std::unique_ptr<ObjectReader>(
        std::make_unique<FileReader>(std::move(file), std::string(key), m_root, offset, end));
}

Result<std::unique_ptr<ObjectWriter>> FileConnector::openWrite(std::string_view key,
                                                               const WriteOptions& options) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok.error();
    if (isPartialName(splitKey(key).name))
        return Error{"key.reserved",
                     "The object key '" + std::string(key) +
                         "' has the form of Ferry's partial files, which are never listed; "
                         "nothing was written. Rename the object.",
                     (m_root / std::string(key)).string()};
    std::optional<ResumeToken> token;
    if (!options.resumeToken.empty()) {
        token = parseToken(options.resumeToken);
        if (!token || token->key != key)
            return Error{"write.resume_token",
                         "The resume token given for '" + std::string(key) +
                             "' is not one this folder made for that object; start the write "
                             "afresh.",
                         (m_root / std::string(key)).string()};
    }

    Fd root(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.valid() && errno == ENOENT) {
        std::error_code ec;
        fs::create_directories(m_root, ec);
        if (ec)
            return errorFromErrno(ec.value(), "write", key, m_root);
        root = Fd(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }
    if (!root.valid())
        return errorFromErrno(errno, "write", key, m_root);

    const SplitKey split = splitKey(key);
    WalkFailure failure;
    Fd parent = walkToParent(root.get(), split.dirs, true, failure);
    if (!parent.valid()) {
        if (failure.err == ELOOP)
            return symlinkError("write", key, failure.component, m_root);
        return errorFromErrno(failure.err, "write", key, m_root);
    }

    if (token) {
        const std::string partial = partialName(split.name, token->hex);
        Fd file(::openat(parent.get(), partial.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC));
        if (file.valid()) {
            struct stat st {};
            if (::fstat(file.get(), &st) != 0)
                return errorFromErrno(errno, "write", key, m_root);
            if (!S_ISREG(st.st_mode))
                return errorFromErrno(EEXIST, "write", key, m_root);
            // A partial shorter than its checkpoint lost data (e.g. restored from backup):
            // start over rather than leave a hole.
            const std::uint64_t keep = static_cast<std::uint64_t>(st.st_size) >= token->checkpointed
                                           ? token->checkpointed
                                           : 0;
            if (::ftruncate(file.get(), static_cast<off_t>(keep)) != 0 ||
                ::lseek(file.get(), static_cast<off_t>(keep), SEEK_SET) < 0)
                return errorFromErrno(errno, "write", key, m_root);
            return std::unique_ptr<ObjectWriter>(std::make_unique<FileWriter>(
                m_root, std::string(key), std::move(parent), split.name, token->hex,
                std::move(file), keep, options));
        }
        if (errno != ENOENT)
            return errorFromErrno(errno, "write", key, m_root);
        // The partial file is gone (cleaned up): start afresh below.
    }

    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string hex = randomHex();
        const std::string partial = partialName(split.name, hex);
        Fd file(::openat(parent.get(), partial.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
        if (file.valid())
            return std::unique_ptr<ObjectWriter>(
                std::make_unique<FileWriter>(m_root, std::string(key), std::move(parent),
                                             split.name, hex, std::move(file), 0, options));
        if (errno != EEXIST)
            return errorFromErrno(errno, "write", key, m_root);
    }
    return errorFromErrno(EEXIST, "write", key, m_root);
}

Result<void> FileConnector::remove(std::string_view key) {
    if (auto ok = checkObjectKey(key); !ok)
        return ok;
    Fd root(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.valid()) {
        if (errno == ENOENT)
            return model::success();
        return errorFromErrno(errno, "remove", key, m_root);
    }
    const SplitKey split = splitKey(key);
    WalkFailure failure;
    Fd parent = walkToParent(root.get(), split.dirs, false, failure);
    if (!parent.valid()) {
        if (failure.err == ENOENT || failure.err == ENOTDIR)
            return model::success();
        if (failure.err == ELOOP)
            return symlinkError("remove", key, failure.component, m_root);
        return errorFromErrno(failure.err, "remove", key, m_root);
    }
    struct stat st {};
    if (::fstatat(parent.get(), split.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return model::success();
        return errorFromErrno(errno, "remove", key, m_root);
    }
    if (!S_ISREG(st.st_mode))
        return model::success(); // folders and links are not objects
    if (::unlinkat(parent.get(), split.name.c_str(), 0) != 0 && errno != ENOENT)
        return errorFromErrno(errno, "remove", key, m_root);
    (void)::fsync(parent.get());
    return model::success();
}

Result<std::size_t> FileConnector::cleanupAbandoned(std::int64_t olderThanSeconds) {
    Fd root(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.valid()) {
        if (errno == ENOENT)
            return std::size_t{0};
        return errorFromErrno(errno, "clean up", "", m_root);
    }
    const std::int64_t cutoff = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count() -
                                olderThanSeconds * 1'000'000'000;
    std::size_t removed = 0;
    std::function<Result<void>(int, const std::string&)> walk =
        [&](int dirFd, const std::string& rel) -> Result<void> {
        std::vector<DirEntry> entries;
        if (const int err = readEntries(dirFd, entries); err != 0)
            return errorFromErrno(err, "clean up", rel, m_root);
        for (const auto& entry : entries) {
            if (entry.type == DT_DIR) {
                Fd sub(openDirectoryAt(dirFd, entry.name));
                if (!sub.valid())
                    continue; // a link or gone: never followed
                if (auto ok = walk(sub.get(), rel + entry.name + "/"); !ok)
                    return ok;
            } else if (entry.type == DT_REG && isPartialName(entry.name)) {
                struct stat st {};
                if (::fstatat(dirFd, entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
                    continue;
                if (timespecNs(st.st_mtim) > cutoff)
                    continue;
                if (::unlinkat(dirFd, entry.name.c_str(), 0) == 0)
                    ++removed;
            }
        }
        return model::success();
    };
    if (auto ok = walk(root.get(), ""); !ok)
        return ok.error();
    return removed;
}

} // namespace ferry::engine
