#include "ConnectorConformance.hpp"

#include <ferry/engine/ConnectorRegistry.hpp>
#include <ferry/engine/FileConnector.hpp>

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ferry::engine;
using ferry::engine::test::getObject;
using ferry::engine::test::listKeys;
using ferry::engine::test::putObject;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ferry-file-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::span<const std::byte> bytesOf(std::string_view text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

// Every path under a folder (relative, sorted), never following links.
std::vector<std::string> treeOf(const fs::path& dir, const fs::path& except = {}) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::end(it); it.increment(ec)) {
        if (!except.empty() && it->path() == except) {
            it.disable_recursion_pending();
            continue;
        }
        out.push_back(fs::relative(it->path(), dir).string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> partialFilesIn(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (FileConnector::isPartialName(e.path().filename().string()))
            out.push_back(e.path().filename().string());
    return out;
}

void writeFile(const fs::path& path, std::string_view text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace

TEST_CASE("the file connector passes the connector conformance suite", "[engine]") {
    TempDir tmp;
    const fs::path root = tmp.path() / "root";
    writeFile(tmp.path() / "sibling" / "keep.txt", "outside the root");
    writeFile(tmp.path() / "x", "a file next to the root");

    test::ConformanceOptions options;
    options.entriesOutside = [&] { return treeOf(tmp.path(), root); };
    test::runConnectorConformance(
        [&] {
            std::error_code ec;
            fs::remove_all(root, ec);
            fs::create_directories(root);
            return std::make_unique<FileConnector>(root);
        },
        options);
    if (fs::exists(root))
        CHECK(partialFilesIn(root).empty());
}

TEST_CASE("a symbolic link inside the target is never written through", "[engine]") {
    TempDir tmp;
    const fs::path root = tmp.path() / "root";
    const fs::path outside = tmp.path() / "outside";
    fs::create_directories(root);
    fs::create_directories(outside);
    fs::create_directory_symlink(outside, root / "link");
    FileConnector c(root);

    for (const std::string key : {"link/x", "link/deeper/x"}) {
        INFO(key);
        auto w = c.openWrite(key, {});
        REQUIRE_FALSE(w.ok());
        CHECK(w.error().code == "path.symlink");
        CHECK(w.error().message.find("'" + key + "'") != std::string::npos);
        CHECK(w.error().message.find("Nothing was written") != std::string::npos);
    }
    CHECK(fs::is_empty(outside));

    // Reading, stat and remove through the link are refused too, and touch nothing outside.
    writeFile(outside / "secret.txt", "outside data");
    auto r = c.openRead("link/secret.txt");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "path.symlink");
    auto s = c.stat("link/secret.txt");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "path.symlink");
    auto d = c.remove("link/secret.txt");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == "path.symlink");
    CHECK(readFile(outside / "secret.txt") == "outside data");

    // A link as the final name is replaced by the object, never written through.
    fs::create_symlink(outside / "secret.txt", root / "file-link");
    putObject(c, "file-link", "the new object");
    CHECK(readFile(outside / "secret.txt") == "outside data");
    CHECK(fs::is_regular_file(fs::symlink_status(root / "file-link")));
    CHECK(getObject(c, "file-link") == "the new object");
    CHECK(treeOf(outside) == std::vector<std::string>{"secret.txt"});
}

TEST_CASE("source symbolic links and special files are skipped and reported", "[engine]") {
    TempDir tmp;
    const fs::path root = tmp.path() / "root";
    const fs::path outside = tmp.path() / "outside";
    writeFile(root / "real.txt", "real");
    writeFile(root / "sub" / "also-real.txt", "also");
    writeFile(outside / "elsewhere.txt", "elsewhere");
    fs::create_directory_symlink(outside, root / "dir-link");
    fs::create_symlink(outside / "elsewhere.txt", root / "file-link");
    fs::create_symlink(root / "real.txt", root / "sub" / "inner-link");
    REQUIRE(::mkfifo((root / "pipe").c_str(), 0600) == 0);

    FileConnector c(root);
    std::vector<std::string> observed;
    c.setSkipObserver([&](const SkippedEntry& e) { observed.push_back(e.key); });
    CHECK(listKeys(c) == std::vector<std::string>{"real.txt", "sub/also-real.txt"});

    const auto skipped = c.skipped();
    REQUIRE(skipped.size() == 4);
    CHECK(skipped[0].key == "dir-link");
    CHECK(skipped[1].key == "file-link");
    CHECK(skipped[2].key == "pipe");
    CHECK(skipped[3].key == "sub/inner-link");
    CHECK(skipped[0].reason.find("symbolic link") != std::string::npos);
    CHECK(skipped[2].reason.find("not a regular file") != std::string::npos);
    std::sort(observed.begin(), observed.end());
    CHECK(observed == std::vector<std::string>{"dir-link", "file-link", "pipe", "sub/inner-link"});

    // Listing again reports each entry once.
    (void)listKeys(c);
    CHECK(c.skipped().size() == 4);

    // A named pipe is refused at once rather than blocking the reader.
    auto pipe = c.openRead("pipe");
    REQUIRE_FALSE(pipe.ok());
    CHECK(pipe.error().code == "object.unsupported");
    auto link = c.openRead("file-link");
    REQUIRE_FALSE(link.ok());
    CHECK(link.error().code == "path.symlink");
}

TEST_CASE("partial files are hidden while writing and gone after commit or abort", "[engine]") {
    TempDir tmp;
    FileConnector c(tmp.path());
    auto w = c.openWrite("dir/object.bin", {});
    REQUIRE(w.ok());
    REQUIRE((*w)->write(bytesOf("0123456789")).ok());
    REQUIRE((*w)->checkpoint().ok());

    const auto partials = partialFilesIn(tmp.path());
    REQUIRE(partials.size() == 1);
    CHECK(partials[0].starts_with(".object.bin.ferry-partial-"));
    CHECK(fs::file_size(tmp.path() / "dir" / partials[0]) == 10);
    CHECK(listKeys(c).empty());
    auto hidden = c.stat("dir/" + partials[0]);
    REQUIRE_FALSE(hidden.ok());
    CHECK(hidden.error().code == "object.not_found");

    // A key shaped like a partial file could never be listed, so writing one is refused.
    auto lookalike = c.openWrite("dir/" + partials[0], {});
    REQUIRE_FALSE(lookalike.ok());
    CHECK(lookalike.error().code == "key.reserved");

    REQUIRE((*w)->commit().ok());
    CHECK(partialFilesIn(tmp.path()).empty());
    CHECK(listKeys(c) == std::vector<std::string>{"dir/object.bin"});

    auto aborted = c.openWrite("dir/other.bin", {});
    REQUIRE(aborted.ok());
    REQUIRE((*aborted)->write(bytesOf("x")).ok());
    (*aborted)->abort();
    CHECK(partialFilesIn(tmp.path()).empty());
}

TEST_CASE("a resumed file write truncates to the checkpoint recorded in its token", "[engine]") {
    TempDir tmp;
    FileConnector c(tmp.path());
    auto w = c.openWrite("r.bin", {});
    REQUIRE(w.ok());
    REQUIRE((*w)->write(bytesOf("checkpointed-")).ok());
    REQUIRE((*w)->checkpoint().ok());
    REQUIRE((*w)->write(bytesOf("lost")).ok());
    const std::string token = (*w)->resumeToken();
    w->reset(); // crash

    const auto partials = partialFilesIn(tmp.path());
    REQUIRE(partials.size() == 1);
    CHECK(fs::file_size(tmp.path() / partials[0]) == 17);

    auto resumed = c.openWrite("r.bin", WriteOptions{.resumeToken = token});
    REQUIRE(resumed.ok());
    CHECK((*resumed)->resumeOffset() == 13);
    CHECK(fs::file_size(tmp.path() / partials[0]) == 13);
    REQUIRE((*resumed)->write(bytesOf("done")).ok());
    REQUIRE((*resumed)->commit().ok());
    CHECK(getObject(c, "r.bin") == "checkpointed-done");

    // Times before 1970 are kept too.
    const ObjectInfo old = putObject(c, "old.txt", "x", WriteOptions{.mtimeNs = -1'500'000'000});
    CHECK(old.mtimeNs == -1'500'000'000);

    // A token for another key, or one that is not a token, is refused.
    auto other = c.openWrite("s.bin", WriteOptions{.resumeToken = token});
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == "write.resume_token");
    auto garbage = c.openWrite("r.bin", WriteOptions{.resumeToken = "file:1:12:zz:r.bin"});
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().code == "write.resume_token");

    // When the partial file was cleaned up, the write starts afresh.
    auto again = c.openWrite("r.bin", WriteOptions{.resumeToken = token});
    REQUIRE(again.ok());
    CHECK((*again)->resumeOffset() == 0);
    (*again)->abort();
}

TEST_CASE("cleanupAbandoned removes only partial files older than the given age", "[engine]") {
    TempDir tmp;
    FileConnector c(tmp.path());
    putObject(c, "kept/committed.txt", "stays");
    for (const std::string key : {"old/a.bin", "young/b.bin"}) {
        auto w = c.openWrite(key, {});
        REQUIRE(w.ok());
        REQUIRE((*w)->write(bytesOf("partial")).ok());
        REQUIRE((*w)->checkpoint().ok());
    } // both writers dropped: abandoned
    const auto oldPartials = partialFilesIn(tmp.path() / "old");
    REQUIRE(oldPartials.size() == 1);
    fs::last_write_time(tmp.path() / "old" / oldPartials[0],
                        fs::file_time_type::clock::now() - std::chrono::hours(2));

    auto removed = c.cleanupAbandoned(3600);
    REQUIRE(removed.ok());
    CHECK(*removed == 1);
    CHECK(partialFilesIn(tmp.path() / "old").empty());
    CHECK(partialFilesIn(tmp.path() / "young").size() == 1);

    auto rest = c.cleanupAbandoned(0);
    REQUIRE(rest.ok());
    CHECK(*rest == 1);
    CHECK(partialFilesIn(tmp.path()).empty());
    CHECK(getObject(c, "kept/committed.txt") == "stays");
}

TEST_CASE("a missing root, and a file where a folder is needed, give clear errors", "[engine]") {
    TempDir tmp;
    FileConnector c(tmp.path() / "not" / "yet");
    auto listed = c.list("", [](const ObjectInfo&) { return true; });
    REQUIRE_FALSE(listed.ok());
    CHECK(listed.error().code == "root.not_found");
    auto st = c.stat("x");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == "object.not_found");
    CHECK(c.remove("x").ok());

    putObject(c, "a", "a file");
    CHECK(fs::is_directory(tmp.path() / "not" / "yet"));
    auto w = c.openWrite("a/b", {});
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().code == "object.conflict");
    CHECK(w.error().message.find("'a/b'") != std::string::npos);
}

TEST_CASE("system errors map to codes and advice that name the key", "[engine]") {
    const fs::path root = fs::temp_directory_path();
    const Error full = FileConnector::errorFromErrno(ENOSPC, "write", "photos/p-1.png", root);
    CHECK(full.code == "disk.full");
    CHECK(full.message.find("'photos/p-1.png'") != std::string::npos);
    CHECK(full.message.find("the disk is full: free space on /") != std::string::npos);
    CHECK(full.message.find("and resume") != std::string::npos);
    CHECK(FileConnector::errorFromErrno(EDQUOT, "write", "k", root).code == "disk.full");
    CHECK(FileConnector::errorFromErrno(EACCES, "write", "k", root).code == "io.permission");
    CHECK(FileConnector::errorFromErrno(EPERM, "write", "k", root).code == "io.permission");
    CHECK(FileConnector::errorFromErrno(EROFS, "write", "k", root).code == "io.read_only");
    CHECK(FileConnector::errorFromErrno(ENOENT, "read", "k", root).code == "object.not_found");
    CHECK(FileConnector::errorFromErrno(ELOOP, "write", "k", root).code == "path.symlink");
    CHECK(FileConnector::errorFromErrno(ENAMETOOLONG, "write", "k", root).code == "key.too_long");
    const Error other = FileConnector::errorFromErrno(EIO, "read", "k", root);
    CHECK(other.code == "io.error");
    CHECK(other.context == (root / "k").string());
}

TEST_CASE("a full disk fails the write with disk.full and abort leaves nothing", "[engine]") {
    TempDir tmp;
    const fs::path mountPoint = tmp.path() / "tiny";
    fs::create_directories(mountPoint);
    if (::mount("tmpfs", mountPoint.c_str(), "tmpfs", 0, "size=1m") != 0) {
        WARN("cannot mount a 1 MiB tmpfs here (" << std::strerror(errno)
                                                 << "); the errno mapping test covers ENOSPC");
        return;
    }
    struct Unmount {
        fs::path path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{mountPoint};

    FileConnector c(mountPoint / "target");
    auto w = c.openWrite("big/file.bin", {});
    REQUIRE(w.ok());
    const std::string chunk(256 * 1024, 'z');
    std::optional<Error> failure;
    for (int i = 0; i < 16 && !failure; ++i) {
        if (auto r = (*w)->write(bytesOf(chunk)); !r)
            failure = r.error();
    }
    if (!failure)
        if (auto r = (*w)->checkpoint(); !r)
            failure = r.error();
    REQUIRE(failure.has_value());
    CHECK(failure->code == "disk.full");
    CHECK(failure->message.find("'big/file.bin'") != std::string::npos);
    CHECK(failure->message.find("free space on " + mountPoint.string() + " and resume") !=
          std::string::npos);
    (*w)->abort();
    CHECK(partialFilesIn(mountPoint).empty());
    auto st = c.stat("big/file.bin");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == "object.not_found");
}

TEST_CASE("the registry opens file addresses under the project folder", "[engine]") {
    TempDir tmp;
    const auto registry = ConnectorRegistry::withBuiltins();
    const auto schemes = registry.schemes();
    CHECK(std::is_sorted(schemes.begin(), schemes.end()));
    CHECK(std::count(schemes.begin(), schemes.end(), "file") == 1);
    CHECK(std::count(schemes.begin(), schemes.end(), "memory") == 1);
    auto c = registry.open("file://${project_dir}/data", tmp.path().string());
    REQUIRE(c.ok());
    CHECK((*c)->uri().path == (tmp.path() / "data").string());
    putObject(**c, "x.txt", "x");
    CHECK(readFile(tmp.path() / "data" / "x.txt") == "x");

    auto unknown = registry.open("ftp://host/x");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "uri.scheme");
    CHECK(unknown.error().message.find("file, memory") != std::string::npos);
}
