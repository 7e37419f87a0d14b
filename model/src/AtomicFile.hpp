#pragma once

#include <ferry/model/Result.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace ferry::model::detail {

/// A new file written beside its target ("<target>.tmp-XXXXXX") and renamed over it on commit,
/// so readers see either the old file or the complete new one. Removed unless committed.
class AtomicFile {
public:
    /// Create the temporary file; the error names the folder and says what to do.
    static Result<AtomicFile> create(const std::filesystem::path& target);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    /// Where the new content is written until commit.
    const std::filesystem::path& tempPath() const { return m_tempPath; }
    /// The file that commit replaces.
    const std::filesystem::path& target() const { return m_target; }
    /// Append bytes to the temporary file.
    Result<void> write(std::string_view bytes);
    /// Close this handle so another writer (SQLite) can fill tempPath(); commit reopens it.
    void releaseHandle();
    /// Flush to disk, give it the target's permissions, rename it over the target, sync the folder.
    Result<void> commit();

private:
    AtomicFile(std::filesystem::path target, std::filesystem::path tempPath, int fd);
    Error writeError(int errnoValue, std::string_view doing) const;

    std::filesystem::path m_target;
    std::filesystem::path m_tempPath;
    int m_fd = -1;
    bool m_committed = false;
};

/// The folder of a path, "." when it has none.
std::filesystem::path folderOf(const std::filesystem::path& path);
/// One user-facing sentence for a failed write in folder (disk full, permission, missing folder).
std::string describeWriteFailure(int errnoValue, const std::filesystem::path& folder);

} // namespace ferry::model::detail
