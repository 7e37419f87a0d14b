#include "AtomicFile.hpp"

#include <atomic>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::model::detail {
namespace {

namespace fs = std::filesystem;

std::string randomSuffix() {
    static std::atomic<unsigned> counter{0};
    thread_local std::mt19937 generator{std::random_device{}() ^
                                        (counter.fetch_add(1) * 0x9e3779b9u)};
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
    std::string out(6, 'x');
    for (char& c : out)
        c = kAlphabet[pick(generator)];
    return out;
}

int writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

void syncFolder(const fs::path& folder) {
    // Makes the rename itself durable; some file systems refuse, which is not worth failing for.
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)::fsync(fd);
        ::close(fd);
    }
}

} // namespace

fs::path folderOf(const fs::path& path) {
    const fs::path parent = path.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

std::string describeWriteFailure(int errnoValue, const fs::path& folder) {
    const std::string where = "'" + folder.string() + "'";
    switch (errnoValue) {
    case ENOENT:
        return "The folder " + where + " does not exist; create it or save elsewhere.";
    case ENOTDIR:
        return "The path " + where + " is not a folder (part of it is a file); save elsewhere.";
    case EACCES:
    case EPERM:
        return "No permission to write in " + where +
               "; save in a folder you can write to or change its permissions.";
    case EROFS:
        return "The folder " + where + " is on a read-only disk; save elsewhere.";
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return "The disk holding " + where + " is full (or a size limit was reached); " +
               "free some space and save again.";
    case EISDIR:
        return "The target is a folder; choose a file name.";
    default:
        return std::string("Writing in ") + where + " failed (" + std::strerror(errnoValue) +
               "); check the disk and save again.";
    }
}

AtomicFile::AtomicFile(fs::path target, fs::path tempPath, int fd)
    : m_target(std::move(target)), m_tempPath(std::move(tempPath)), m_fd(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_target(std::move(other.m_target)), m_tempPath(std::move(other.m_tempPath)),
      m_fd(other.m_fd), m_committed(other.m_committed) {
    other.m_fd = -1;
    other.m_committed = true; // The moved-from object no longer owns the temporary file.
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed && !m_tempPath.empty()) {
        ::unlink(m_tempPath.c_str());
        // SQLite may have left a rollback journal beside the temporary database.
        ::unlink((m_tempPath.string() + "-journal").c_str());
    }
}

Result<AtomicFile> AtomicFile::create(const fs::path& requested) {
    fs::path target = requested;
    std::error_code ec;
    // Saving through a symbolic link replaces the file it points to, not the link.
    if (fs::is_symlink(fs::symlink_status(requested, ec))) {
        const fs::path resolved = fs::weakly_canonical(requested, ec);
        if (!ec)
            target = resolved;
    }
    if (target.filename().empty()) {
        return Error{"io.write", "The path names a folder, not a file; add a file name.",
                     requested.string()};
    }
    const fs::path folder = folderOf(target);
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path temp = target;
        temp += ".tmp-" + randomSuffix();
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return AtomicFile(target, std::move(temp), fd);
        if (errno == EEXIST || errno == EINTR)
            continue;
        return Error{"io.write", describeWriteFailure(errno, folder), requested.string()};
    }
    return Error{"io.write",
                 "Could not find a free temporary name beside the file; remove old '.tmp-' files "
                 "in '" +
                     folder.string() + "' and save again.",
                 requested.string()};
}

Error AtomicFile::writeError(int errnoValue, std::string_view doing) const {
    return Error{"io.write",
                 std::string(doing) + ": " + describeWriteFailure(errnoValue, folderOf(m_target)) +
                     " The existing file was left unchanged.",
                 m_target.string()};
}

Result<void> AtomicFile::write(std::string_view bytes) {
    assert(m_fd >= 0);
    if (const int err = writeAll(m_fd, bytes))
        return writeError(err, "Writing failed");
    return success();
}

void AtomicFile::releaseHandle() {
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

Result<void> AtomicFile::commit() {
    assert(!m_committed);
    if (m_fd < 0) {
        m_fd = ::open(m_tempPath.c_str(), O_RDWR | O_CLOEXEC);
        if (m_fd < 0)
            return writeError(errno, "Reopening the new file failed");
    }
    // Keep the permissions of the file being replaced.
    struct stat existing {};
    if (::stat(m_target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
        (void)::fchmod(m_fd, existing.st_mode & 07777);
    }
    if (::fsync(m_fd) != 0)
        return writeError(errno, "Flushing to disk failed");
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0)
        return writeError(errno, "Closing the new file failed");
    if (::rename(m_tempPath.c_str(), m_target.c_str()) != 0) {
        return writeError(errno, "Replacing the file failed");
    }
    m_committed = true;
    syncFolder(folderOf(m_target));
    return success();
}

} // namespace ferry::model::detail
