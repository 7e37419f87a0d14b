#include <ferry/model/DataDirs.hpp>

#include <system_error>

namespace fs = std::filesystem;

namespace ferry::model {

namespace {

void addIfFolder(std::vector<fs::path>& dirs, const fs::path& candidate) {
    std::error_code ec;
    if (candidate.empty() || !fs::is_directory(candidate, ec))
        return;
    const fs::path canonical = fs::weakly_canonical(candidate, ec);
    const fs::path& dir = ec ? candidate : canonical;
    for (const fs::path& existing : dirs)
        if (existing == dir)
            return;
    dirs.push_back(dir);
}

} // namespace

std::vector<fs::path> dataDirs() {
    std::vector<fs::path> dirs;
    // An installed package (or an unpacked .tar.gz) keeps its data beside its binaries, wherever
    // the prefix is: /usr/bin/ferry-cli reads /usr/share/ferry.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.has_parent_path())
        addIfFolder(dirs, exe.parent_path().parent_path() / "share" / "ferry");
#ifdef FERRY_RESOURCES_DIR
    addIfFolder(dirs, fs::path(FERRY_RESOURCES_DIR));
#endif
#ifdef FERRY_INSTALLED_DATA_DIR
    addIfFolder(dirs, fs::path(FERRY_INSTALLED_DATA_DIR));
#endif
    return dirs;
}

} // namespace ferry::model
