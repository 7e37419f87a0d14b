#include "FileReading.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry::model::detail {
namespace {

/// An open file descriptor, closed on scope exit.
class OpenFile {
public:
    explicit OpenFile(const std::filesystem::path& path)
        : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~OpenFile() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    int fd() const { return m_fd; }

private:
    int m_fd;
};

/// Opens path for reading; fails on folders, which open() accepts.
Result<void> checkReadable(const OpenFile& file, const std::filesystem::path& path,
                           std::uint64_t* size) {
    if (file.fd() < 0)
        return readFailure(errno, path);
    struct stat info {};
    if (::fstat(file.fd(), &info) != 0)
        return readFailure(errno, path);
    if (S_ISDIR(info.st_mode))
        return readFailure(EISDIR, path);
    if (size)
        *size = static_cast<std::uint64_t>(info.st_size);
    return success();
}

} // namespace

Error readFailure(int errnoValue, const std::filesystem::path& path) {
    switch (errnoValue) {
    case ENOENT:
        return Error{"io.read", "The file does not exist; check the path.", path.string()};
    case ENOTDIR:
        return Error{"io.read", "Part of the path is a file, not a folder; check the path.",
                     path.string()};
    case EACCES:
    case EPERM:
        return Error{"io.read",
                     "No permission to read the file; change its permissions or copy it.",
                     path.string()};
    case EISDIR:
        return Error{"io.read", "This is a folder, not a project file; choose a file.",
                     path.string()};
    default:
        return Error{"io.read",
                     std::string("Reading the file failed (") + std::strerror(errnoValue) +
                         "); check the disk and try again.",
                     path.string()};
    }
}

Result<std::string> readFileStart(const std::filesystem::path& path, std::size_t maxBytes) {
    OpenFile file(path);
    if (auto ok = checkReadable(file, path, nullptr); !ok)
        return ok.error();
    std::string out(maxBytes, '\0');
    std::size_t filled = 0;
    while (filled < maxBytes) {
        const ssize_t n = ::read(file.fd(), out.data() + filled, maxBytes - filled);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return readFailure(errno, path);
        }
        if (n == 0)
            break;
        filled += static_cast<std::size_t>(n);
    }
    out.resize(filled);
    return out;
}

Result<std::string> readWholeFile(const std::filesystem::path& path, std::uint64_t maxBytes) {
    OpenFile file(path);
    std::uint64_t size = 0;
    if (auto ok = checkReadable(file, path, &size); !ok)
        return ok.error();
    const auto tooLarge = [&] {
        return Error{"io.read",
                     "The file is larger than " + std::to_string(maxBytes >> 20) +
                         " MiB, far more than any Ferry project; check that this is the right "
                         "file.",
                     path.string()};
    };
    if (size > maxBytes)
        return tooLarge();
    std::string text;
    text.reserve(static_cast<std::size_t>(size));
    std::string buffer(1 << 16, '\0');
    for (;;) {
        const ssize_t n = ::read(file.fd(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return readFailure(errno, path);
        }
        if (n == 0)
            break;
        text.append(buffer.data(), static_cast<std::size_t>(n));
        if (text.size() > maxBytes)
            return tooLarge(); // It grew while being read.
    }
    return text;
}

} // namespace ferry::model::detail
