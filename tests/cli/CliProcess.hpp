#pragma once
// What CLI tests share: a scratch folder and running ferry-cli with its output captured.

#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ferry::cli::test {

/// A fresh folder under the temporary directory, removed with everything in it at the end.
struct Folder {
    std::filesystem::path root;
    Folder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "ferry-cli-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
    }
    ~Folder() {
        std::error_code ec;
        std::filesystem::remove_all(root, ec);
    }
};

/// The whole content of a file ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Runs ferry-cli with arguments (a shell-quoted string); returns the exit status, stdout in out
/// and stderr in err.
inline int run(const Folder& folder, const std::string& arguments, std::string& out,
               std::string& err) {
    const auto o = folder.root / "stdout", e = folder.root / "stderr";
    const std::string command = std::string("'") + FERRY_CLI_PATH + "' " + arguments + " >'" +
                                o.string() + "' 2>'" + e.string() + "' </dev/null";
    const int status = std::system(command.c_str());
    out = slurp(o);
    err = slurp(e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace ferry::cli::test
