// Runs the ferry-cli binary as a subprocess in a fresh temporary directory and checks what a user
// and a script see: stdout, stderr, exit status and the files left behind.
#include <ferry/model/ProjectStore.hpp>
#include <ferry/model/Version.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct CliRun {
    int status = -1;
    std::string out;
    std::string err;
};

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

/// A fresh directory under the system temp folder, removed with everything in it at the end.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ferry-cli-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_root = pattern;
        fs::create_directory(m_root / "work");
        fs::create_directory(m_root / "io");
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_root, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// Where the commands read and write project files.
    fs::path work() const { return m_root / "work"; }
    /// A path in the work folder, as a string for the command line.
    std::string file(const std::string& name) const { return (work() / name).string(); }
    /// Names of everything in the work folder.
    std::set<std::string> listing() const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(work()))
            names.insert(entry.path().filename().string());
        return names;
    }

    /// Run ferry-cli with args; stdin is /dev/null, stdout and stderr are captured. With
    /// terminalStderr, stderr is a pseudo-terminal, as when a person runs the command.
    CliRun run(const std::vector<std::string>& args, bool terminalStderr = false) const {
        std::vector<std::string> words{FERRY_CLI_PATH};
        words.insert(words.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);

        const std::string outPath = (m_root / "io" / "stdout").string();
        const std::string errPath = (m_root / "io" / "stderr").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        int terminal = -1;
        int terminalSide = -1;
        if (terminalStderr) {
            terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
            REQUIRE(terminal >= 0);
            REQUIRE(::grantpt(terminal) == 0);
            REQUIRE(::unlockpt(terminal) == 0);
            const std::string sideName = ::ptsname(terminal);
            // Held open until the child has its own copy, so reading never sees a hang-up early.
            terminalSide = ::open(sideName.c_str(), O_RDWR | O_NOCTTY);
            REQUIRE(terminalSide >= 0);
            posix_spawn_file_actions_adddup2(&actions, terminalSide, 2);
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(),
                                             O_WRONLY | O_CREAT | O_TRUNC, 0644);
        }
        pid_t pid = 0;
        const int spawned =
            ::posix_spawn(&pid, FERRY_CLI_PATH, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE(spawned == 0);

        std::string terminalText;
        if (terminalStderr) {
            ::close(terminalSide);
            // Read until the child closes its end (EIO), so the terminal never fills up.
            char buffer[4096];
            for (;;) {
                const ssize_t got = ::read(terminal, buffer, sizeof buffer);
                if (got > 0)
                    terminalText.append(buffer, static_cast<std::size_t>(got));
                else if (got < 0 && errno == EINTR)
                    continue;
                else
                    break;
            }
            ::close(terminal);
        }

        int waitStatus = 0;
        while (::waitpid(pid, &waitStatus, 0) < 0)
            REQUIRE(errno == EINTR);
        CliRun result;
        result.status =
            WIFEXITED(waitStatus) ? WEXITSTATUS(waitStatus) : 128 + WTERMSIG(waitStatus);
        result.out = readFile(outPath);
        result.err = terminalStderr ? terminalText : readFile(errPath);
        return result;
    }

private:
    fs::path m_root;
};

std::size_t lineCount(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// A usage or input error: exactly one line on stderr, "ferry-cli: ...", naming what is given.
void requireOneLineError(const CliRun& run, const std::string& mentions) {
    INFO("stderr: " << run.err);
    CHECK(lineCount(run.err) == 1);
    CHECK(run.err.rfind("ferry-cli: ", 0) == 0);
    CHECK(run.err.back() == '\n');
    CHECK(run.err.find(mentions) != std::string::npos);
}

/// Parse stdout as one JSON document.
json parseOut(const CliRun& run) {
    INFO("stdout: " << run.out);
    json document;
    REQUIRE_NOTHROW(document = json::parse(run.out));
    return document;
}

void requireJsonError(const CliRun& run, const std::string& contextMentions) {
    const json document = parseOut(run);
    REQUIRE(document.contains("error"));
    const json& error = document["error"];
    CHECK(error["code"].is_string());
    CHECK_FALSE(error["code"].get<std::string>().empty());
    CHECK_FALSE(error["message"].get<std::string>().empty());
    CHECK(error["context"].get<std::string>().find(contextMentions) != std::string::npos);
}

const std::string kInventory = "id,name,kind,site,size_gb,vcpu,memory_gb\n"
                               "web-1,Web server 1,vm,dc1,120,4,16\n"
                               "web-2,Web server 2,vm,dc1,80,2,8\n"
                               "db-1,Orders database,database,dc1,500,8,64\n";

const std::string kMoreInventory = "id,name,kind,site,size_gb,vcpu,memory_gb\n"
                                   "files-1,Shared drive,file_share,dc2,2000,0,0\n"
                                   "app-1,Billing,vm,dc2,60,4,16\n";

/// Line 3 has a size that is not a number.
const std::string kBadInventory = "id,name,kind,site,size_gb,vcpu,memory_gb\n"
                                  "web-1,Web server 1,vm,dc1,120,4,16\n"
                                  "web-2,Web server 2,vm,dc1,lots,2,8\n"
                                  "db-1,Orders database,database,dc1,500,8,64\n";

/// A project with an error (a workload on a site that does not exist) and an endpoint the
/// engine cannot use; written with the model so the test does not depend on file details.
void writeProjectWithProblems(const fs::path& path) {
    ferry::model::ProjectData data;
    data.info.name = "Problems";
    ferry::model::Site site;
    site.id = "dc1";
    site.name = "Main data centre";
    data.sites.push_back(site);
    ferry::model::Workload web;
    web.id = "web";
    web.name = "Web";
    web.site = "dc1";
    web.endpoint = "ftp://files.example.com/web";
    data.workloads.push_back(web);
    ferry::model::Workload orphan;
    orphan.id = "orphan";
    orphan.name = "Orphan";
    orphan.site = "atlantis";
    data.workloads.push_back(orphan);
    auto saved = ferry::model::saveProjectFile(data, path);
    REQUIRE(saved.ok());
}

} // namespace

TEST_CASE("ferry-cli --version prints its name and version", "[cli]") {
    TempDir dir;
    const std::string version(ferry::model::ferryVersion());

    const CliRun text = dir.run({"--version"});
    CHECK(text.status == 0);
    CHECK(text.out == "ferry-cli " + version + "\n");
    CHECK(text.err.empty());

    const CliRun machine = dir.run({"--version", "--json"});
    CHECK(machine.status == 0);
    const json document = parseOut(machine);
    CHECK(document["name"] == "ferry-cli");
    CHECK(document["version"] == version);
}

TEST_CASE("ferry-cli --help lists every command and each command has its own help", "[cli]") {
    TempDir dir;
    const CliRun app = dir.run({"--help"});
    CHECK(app.status == 0);
    CHECK(app.err.empty());
    for (const char* command : {"new", "import-inventory", "validate", "convert"})
        CHECK(app.out.find(command) != std::string::npos);

    const std::vector<std::pair<std::string, std::vector<std::string>>> expected{
        {"new", {"PROJECT", "--name", "--force", "--json"}},
        {"import-inventory",
         {"CSV", "--preset", "--output", "--into", "--map", "--site", "--skip-bad-rows", "--force",
          "--json"}},
        {"validate", {"PROJECT", "--json"}},
        {"convert", {"IN", "OUT", "--force", "--json"}},
    };
    for (const auto& [command, words] : expected) {
        INFO("command: " << command);
        const CliRun help = dir.run({command, "--help"});
        CHECK(help.status == 0);
        CHECK(help.err.empty());
        CHECK(help.out.find("ferry-cli " + command) != std::string::npos);
        for (const auto& word : words)
            CHECK(help.out.find(word) != std::string::npos);
    }
    CHECK(dir.listing().empty());
}

TEST_CASE("ferry-cli new writes an empty project and refuses to overwrite one", "[cli]") {
    TempDir dir;
    const std::string path = dir.file("plan.json");

    const CliRun created = dir.run({"new", path, "--name", "Retail move"});
    CHECK(created.status == 0);
    CHECK(created.err.empty());
    const json project = json::parse(readFile(path));
    CHECK(project["format"] == "ferry-project");
    CHECK(project["version"] == 1);
    CHECK(project["project"]["name"] == "Retail move");
    CHECK(project["workloads"].empty());

    SECTION("an existing file is kept without --force") {
        const std::string before = readFile(path);
        const CliRun refused = dir.run({"new", path});
        CHECK(refused.status == 2);
        CHECK(refused.out.empty());
        requireOneLineError(refused, path);
        CHECK(readFile(path) == before);

        const CliRun forced = dir.run({"new", path, "--force", "--name", "Second"});
        CHECK(forced.status == 0);
        CHECK(json::parse(readFile(path))["project"]["name"] == "Second");
    }
    SECTION("a .ferry file is an SQLite database") {
        const std::string native = dir.file("plan.ferry");
        const CliRun made = dir.run({"new", native, "--json"});
        CHECK(made.status == 0);
        const json document = parseOut(made);
        CHECK(document["command"] == "new");
        CHECK(document["output"] == native);
        CHECK(document["format"] == "ferry");
        CHECK(document["name"] == "plan");
        CHECK(readFile(native).rfind(std::string("SQLite format 3\0", 16), 0) == 0);
    }
    SECTION("a file that cannot be written is a failed operation") {
        const std::string nowhere = (dir.work() / "no-such-folder" / "plan.json").string();
        const CliRun failed = dir.run({"new", nowhere});
        CHECK(failed.status == 1);
        CHECK(failed.out.empty());
        requireOneLineError(failed, "no-such-folder");
        CHECK(dir.listing() == std::set<std::string>{"plan.json"});
    }
    SECTION("an unknown extension is bad usage and writes nothing") {
        const CliRun refused = dir.run({"new", dir.file("plan.txt")});
        CHECK(refused.status == 2);
        requireOneLineError(refused, "plan.txt");
        CHECK(dir.listing() == std::set<std::string>{"plan.json"});
    }
}

TEST_CASE("ferry-cli new, import-inventory, validate and convert work together", "[cli]") {
    TempDir dir;
    const std::string project = dir.file("estate.json");
    const std::string csv = dir.file("inventory.csv");
    writeFile(csv, kInventory);
    writeFile(dir.file("more.csv"), kMoreInventory);

    REQUIRE(dir.run({"new", project, "--name", "Estate"}).status == 0);

    const CliRun imported =
        dir.run({"import-inventory", csv, "--preset", "generic", "--into", project, "-o", project});
    INFO("stdout: " << imported.out << "\nstderr: " << imported.err);
    REQUIRE(imported.status == 0);
    CHECK(imported.err.empty());
    CHECK(imported.out.find("Rows read:      3") != std::string::npos);
    CHECK(imported.out.find("Rows imported:  3") != std::string::npos);
    CHECK(imported.out.find("Rows rejected:  0") != std::string::npos);
    {
        const json written = json::parse(readFile(project));
        CHECK(written["project"]["name"] == "Estate");
        CHECK(written["workloads"].size() == 3);
    }

    // Importing into an existing project writes to -o and leaves the original alone.
    const std::string before = readFile(project);
    const std::string merged = dir.file("merged.json");
    const CliRun more = dir.run(
        {"import-inventory", dir.file("more.csv"), "--into", project, "-o", merged, "--json"});
    REQUIRE(more.status == 0);
    const json report = parseOut(more);
    CHECK(report["command"] == "import-inventory");
    CHECK(report["input"] == dir.file("more.csv"));
    CHECK(report["preset"] == "generic");
    CHECK(report["into"] == project);
    CHECK(report["output"] == merged);
    CHECK(report["written"] == true);
    CHECK(report["rows_read"] == 2);
    CHECK(report["rows_imported"] == 2);
    CHECK(report["rows_rejected"] == 0);
    CHECK(report["errors"].empty());
    CHECK(report["errors_truncated"] == false);
    CHECK(report["unmapped_columns"].is_array());
    CHECK(report["sites_created"].is_array());
    CHECK(readFile(project) == before);
    CHECK(json::parse(readFile(merged))["workloads"].size() == 5);

    const CliRun validated = dir.run({"validate", merged});
    INFO("validate stdout: " << validated.out);
    CHECK(validated.status == 0);
    CHECK(validated.err.empty());
    CHECK(validated.out.find("0 errors") != std::string::npos);
    CHECK(validated.out.find("passes validation") != std::string::npos);

    const CliRun validatedJson = dir.run({"validate", merged, "--json"});
    CHECK(validatedJson.status == 0);
    const json findings = parseOut(validatedJson);
    CHECK(findings["command"] == "validate");
    CHECK(findings["project"] == merged);
    CHECK(findings["passes"] == true);
    CHECK(findings["summary"]["errors"] == 0);
    CHECK(findings["summary"]["warnings"].is_number_unsigned());
    CHECK(findings["summary"]["infos"].is_number_unsigned());
    CHECK(findings["counts"]["workloads"] == 5);
    REQUIRE(findings["findings"].is_array());
    for (const auto& finding : findings["findings"]) {
        CHECK(finding["severity"].is_string());
        CHECK(finding["code"].is_string());
        CHECK(finding["object"].is_string());
        CHECK(finding["message"].is_string());
        CHECK(finding["path"].is_array());
    }

    // json -> ferry -> json gives the same bytes; so do json -> json and ferry -> ferry.
    const std::string native = dir.file("estate.ferry");
    const std::string back = dir.file("estate-again.json");
    const CliRun toFerry = dir.run({"convert", merged, native});
    CHECK(toFerry.status == 0);
    CHECK(toFerry.out.find("5 workloads") != std::string::npos);
    const CliRun toJson = dir.run({"convert", native, back, "--json"});
    CHECK(toJson.status == 0);
    const json converted = parseOut(toJson);
    CHECK(converted["command"] == "convert");
    CHECK(converted["input"] == native);
    CHECK(converted["input_format"] == "ferry");
    CHECK(converted["output"] == back);
    CHECK(converted["output_format"] == "json");
    CHECK(converted["counts"]["workloads"] == 5);
    CHECK(readFile(back) == readFile(merged));

    const std::string copy = dir.file("copy.json");
    CHECK(dir.run({"convert", merged, copy}).status == 0);
    CHECK(readFile(copy) == readFile(merged));
    const std::string nativeCopy = dir.file("copy.ferry");
    const std::string nativeBack = dir.file("copy-back.json");
    CHECK(dir.run({"convert", native, nativeCopy}).status == 0);
    CHECK(dir.run({"convert", nativeCopy, nativeBack}).status == 0);
    CHECK(readFile(nativeBack) == readFile(merged));

    // Validating the .ferry file finds the same as the .json file.
    const CliRun validatedNative = dir.run({"validate", native, "--json"});
    CHECK(validatedNative.status == 0);
    CHECK(parseOut(validatedNative)["findings"] == findings["findings"]);
}

TEST_CASE("ferry-cli import-inventory maps custom columns with --map and --site", "[cli]") {
    TempDir dir;
    const std::string csv = dir.file("export.csv");
    writeFile(csv, "Server,Disk (GB),Team\n"
                   "alpha,10,ops\n"
                   "beta,20,web\n");
    const std::string project = dir.file("custom.json");
    const CliRun imported =
        dir.run({"import-inventory", csv, "-o", project, "--map", "Server=id", "--map",
                 "Disk (GB)=size_gb", "--map", "Team=owner", "--site", "london", "--json"});
    INFO("stdout: " << imported.out << "\nstderr: " << imported.err);
    REQUIRE(imported.status == 0);
    CHECK(parseOut(imported)["rows_imported"] == 2);

    const json written = json::parse(readFile(project));
    REQUIRE(written["workloads"].size() == 2);
    const json& alpha = written["workloads"][0];
    CHECK(alpha["id"] == "alpha");
    CHECK(alpha["site"] == "london");
    CHECK(alpha["size_gb"] == 10.0);
    CHECK(alpha["owner"] == "ops");

    const CliRun badField =
        dir.run({"import-inventory", csv, "-o", dir.file("x.json"), "--map", "Server=colour"});
    CHECK(badField.status == 2);
    requireOneLineError(badField, "colour");
    const CliRun badPreset =
        dir.run({"import-inventory", csv, "-o", dir.file("x.json"), "--preset", "nope"});
    CHECK(badPreset.status == 2);
    requireOneLineError(badPreset, "rvtools");
    CHECK(dir.listing() == std::set<std::string>{"export.csv", "custom.json"});
}

TEST_CASE("ferry-cli import-inventory rejects a bad CSV with its row errors", "[cli]") {
    TempDir dir;
    const std::string csv = dir.file("bad.csv");
    writeFile(csv, kBadInventory);
    const std::string project = dir.file("out.json");

    SECTION("human output lists line, column, value and reason, and nothing is written") {
        const CliRun rejected = dir.run({"import-inventory", csv, "-o", project});
        CHECK(rejected.status == 1);
        CHECK(rejected.out.find("Rows rejected:  1") != std::string::npos);
        CHECK(rejected.out.find("LINE") != std::string::npos);
        CHECK(rejected.out.find("size_gb") != std::string::npos);
        CHECK(rejected.out.find("lots") != std::string::npos);
        requireOneLineError(rejected, "bad.csv");
        CHECK(dir.listing() == std::set<std::string>{"bad.csv"});
    }
    SECTION("--json gives the report and the error") {
        const CliRun rejected = dir.run({"import-inventory", csv, "-o", project, "--json"});
        CHECK(rejected.status == 1);
        const json report = parseOut(rejected);
        CHECK(report["written"] == false);
        CHECK(report["rows_read"] == 3);
        CHECK(report["rows_imported"] == 0);
        CHECK(report["rows_rejected"] == 1);
        REQUIRE(report["errors"].size() == 1);
        const json& error = report["errors"][0];
        CHECK(error["line"] == 3);
        CHECK(error["column"] == "size_gb");
        CHECK(error["value"] == "lots");
        CHECK_FALSE(error["reason"].get<std::string>().empty());
        requireJsonError(rejected, "bad.csv");
        CHECK(dir.listing() == std::set<std::string>{"bad.csv"});
    }
    SECTION("--skip-bad-rows imports the good rows and still lists the bad one") {
        const CliRun partial =
            dir.run({"import-inventory", csv, "-o", project, "--skip-bad-rows", "--json"});
        CHECK(partial.status == 0);
        const json report = parseOut(partial);
        CHECK(report["written"] == true);
        CHECK(report["rows_imported"] == 2);
        CHECK(report["rows_rejected"] == 1);
        CHECK(report["errors"].size() == 1);
        CHECK(json::parse(readFile(project))["workloads"].size() == 2);
    }
    SECTION("an existing output is not replaced without --force") {
        writeFile(project, "keep me");
        writeFile(dir.file("good.csv"), kInventory);
        const CliRun refused = dir.run({"import-inventory", dir.file("good.csv"), "-o", project});
        CHECK(refused.status == 2);
        requireOneLineError(refused, project);
        CHECK(readFile(project) == "keep me");
        CHECK(
            dir.run({"import-inventory", dir.file("good.csv"), "-o", project, "--force"}).status ==
            0);
        CHECK(json::parse(readFile(project))["workloads"].size() == 3);
    }
}

TEST_CASE("ferry-cli import-inventory shows progress on a terminal for a big file", "[cli]") {
    TempDir dir;
    const std::string csv = dir.file("big.csv");
    {
        std::ofstream out(csv, std::ios::binary);
        out << "id,name,kind,site,size_gb,vcpu,memory_gb\n";
        // Few, long rows: the size matters here, not the number of workloads.
        const std::string padding(220, 'x');
        for (int i = 0; i < 20000; ++i)
            out << "vm-" << i << ",Virtual machine " << i << " " << padding << ",vm,dc" << i % 4
                << "," << i % 1000 << ",4,16\n";
    }
    REQUIRE(fs::file_size(csv) > 4u << 20);

    const CliRun onTerminal = dir.run({"import-inventory", csv, "-o", dir.file("big.json")}, true);
    CHECK(onTerminal.status == 0);
    CHECK(onTerminal.err.find("\rImporting " + csv + ": 50%") != std::string::npos);
    CHECK(onTerminal.err.find("100%") != std::string::npos);
    CHECK(onTerminal.err.find('\n') == std::string::npos);
    // The line is erased at the end, so the report starts on a clean line.
    CHECK(onTerminal.err.size() >= 4);
    CHECK(onTerminal.err.substr(onTerminal.err.size() - 4) == "\r\x1b[K");
    CHECK(onTerminal.out.find("Rows imported:  20000") != std::string::npos);

    const CliRun offTerminal =
        dir.run({"import-inventory", csv, "-o", dir.file("big.json"), "--force"});
    CHECK(offTerminal.status == 0);
    CHECK(offTerminal.err.empty());
}

TEST_CASE("ferry-cli validate exits 1 on error findings and reports endpoints", "[cli]") {
    TempDir dir;
    const std::string project = dir.file("problems.json");
    writeProjectWithProblems(project);

    const CliRun text = dir.run({"validate", project});
    INFO("stdout: " << text.out);
    CHECK(text.status == 1);
    CHECK(text.err.empty());
    std::istringstream lines(text.out);
    std::string heading;
    std::getline(lines, heading);
    CHECK(heading.rfind("SEVERITY", 0) == 0);
    const auto codeColumn = heading.find("CODE");
    const auto objectColumn = heading.find("OBJECT");
    const auto messageColumn = heading.find("MESSAGE");
    REQUIRE(codeColumn != std::string::npos);
    REQUIRE(objectColumn != std::string::npos);
    REQUIRE(messageColumn != std::string::npos);
    // Every row's cells start under their headings.
    bool sawUnknownSite = false;
    bool sawEndpoint = false;
    std::string line;
    while (std::getline(lines, line) && !line.empty()) {
        REQUIRE(line.size() > messageColumn);
        CHECK(line[codeColumn - 1] == ' ');
        CHECK(line[codeColumn] != ' ');
        CHECK(line[objectColumn - 1] == ' ');
        CHECK(line[objectColumn] != ' ');
        CHECK(line[messageColumn] != ' ');
        if (line.find("workload.unknown_site") != std::string::npos) {
            sawUnknownSite = true;
            CHECK(line.rfind("error", 0) == 0);
            CHECK(line.substr(objectColumn, 6) == "orphan");
        }
        if (line.find("endpoint.invalid") != std::string::npos) {
            sawEndpoint = true;
            CHECK(line.rfind("warning", 0) == 0);
            CHECK(line.find("ftp://files.example.com/web") != std::string::npos);
        }
    }
    CHECK(sawUnknownSite);
    CHECK(sawEndpoint);
    std::getline(lines, line);
    CHECK(line.rfind(project + ": ", 0) == 0);
    CHECK(line.find("1 error,") != std::string::npos);

    const CliRun machine = dir.run({"validate", project, "--json"});
    CHECK(machine.status == 1);
    const json document = parseOut(machine);
    CHECK(document["passes"] == false);
    CHECK(document["summary"]["errors"] == 1);
    CHECK(document["summary"]["warnings"].get<int>() >= 1);
    REQUIRE_FALSE(document["findings"].empty());
    CHECK(document["findings"][0]["severity"] == "error");
    bool jsonHasEndpoint = false;
    for (const auto& finding : document["findings"])
        if (finding["code"] == "endpoint.invalid") {
            jsonHasEndpoint = true;
            CHECK(finding["severity"] == "warning");
            CHECK(finding["object"] == "web");
        }
    CHECK(jsonHasEndpoint);
}

TEST_CASE("ferry-cli reports a missing or invalid input file in one line with exit 2", "[cli]") {
    TempDir dir;
    const std::string missing = dir.file("missing.json");

    const CliRun validate = dir.run({"validate", missing});
    CHECK(validate.status == 2);
    CHECK(validate.out.empty());
    requireOneLineError(validate, missing);

    const CliRun machine = dir.run({"validate", missing, "--json"});
    CHECK(machine.status == 2);
    requireJsonError(machine, missing);
    requireOneLineError(machine, missing);

    const CliRun convert = dir.run({"convert", missing, dir.file("out.ferry")});
    CHECK(convert.status == 2);
    requireOneLineError(convert, missing);

    const std::string missingCsv = dir.file("missing.csv");
    const CliRun import = dir.run({"import-inventory", missingCsv, "-o", dir.file("out.json")});
    CHECK(import.status == 2);
    requireOneLineError(import, missingCsv);

    const std::string missingInto = dir.file("missing-into.json");
    writeFile(dir.file("inventory.csv"), kInventory);
    const CliRun into = dir.run({"import-inventory", dir.file("inventory.csv"), "--into",
                                 missingInto, "-o", dir.file("out.json")});
    CHECK(into.status == 2);
    requireOneLineError(into, missingInto);

    const std::string broken = dir.file("broken.json");
    writeFile(broken, "{ \"format\": \"ferry-project\", \n");
    const CliRun invalid = dir.run({"validate", broken});
    CHECK(invalid.status == 2);
    requireOneLineError(invalid, "broken.json");

    const std::string notSqlite = dir.file("broken.ferry");
    writeFile(notSqlite, "this is not a database");
    const CliRun invalidNative = dir.run({"convert", notSqlite, dir.file("out.json"), "--json"});
    CHECK(invalidNative.status == 2);
    requireJsonError(invalidNative, "broken.ferry");

    CHECK(dir.listing() == std::set<std::string>{"inventory.csv", "broken.json", "broken.ferry"});
}

TEST_CASE("ferry-cli convert never clobbers a file without --force, nor its input", "[cli]") {
    TempDir dir;
    const std::string input = dir.file("in.json");
    REQUIRE(dir.run({"new", input}).status == 0);
    const std::string original = readFile(input);

    const std::string existing = dir.file("existing.ferry");
    writeFile(existing, "precious");
    const CliRun refused = dir.run({"convert", input, existing});
    CHECK(refused.status == 2);
    requireOneLineError(refused, existing);
    CHECK(readFile(existing) == "precious");

    const CliRun refusedJson = dir.run({"convert", input, existing, "--json"});
    CHECK(refusedJson.status == 2);
    requireJsonError(refusedJson, existing);
    CHECK(readFile(existing) == "precious");

    const CliRun forced = dir.run({"convert", input, existing, "--force"});
    CHECK(forced.status == 0);
    CHECK(readFile(existing) != "precious");

    // The input itself is refused even with --force, however the path is spelled.
    for (const std::string& same : {input, (dir.work() / "." / "in.json").string()}) {
        const CliRun self = dir.run({"convert", input, same, "--force"});
        CHECK(self.status == 2);
        requireOneLineError(self, "in.json");
        CHECK(readFile(input) == original);
    }
    CHECK(dir.listing() == std::set<std::string>{"in.json", "existing.ferry"});
}

TEST_CASE("ferry-cli reports bad usage in one line with exit 2", "[cli]") {
    TempDir dir;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{}, "no command"},
        {{"teleport"}, "unknown command \"teleport\""},
        {{"validate"}, "validate"},
        {{"validate", "a.json", "b.json"}, "validate"},
        {{"convert", "--frobnicate", "a.json", "b.json"}, "frobnicate"},
        {{"import-inventory", "x.csv"}, "import-inventory"},
    };
    for (const auto& [args, mentions] : cases) {
        std::string shown;
        for (const auto& arg : args)
            shown += arg + " ";
        INFO("ferry-cli " << shown);
        const CliRun run = dir.run(args);
        CHECK(run.status == 2);
        CHECK(run.out.empty());
        requireOneLineError(run, mentions);

        auto withJson = args;
        withJson.push_back("--json");
        const CliRun machine = dir.run(withJson);
        CHECK(machine.status == 2);
        const json document = parseOut(machine);
        CHECK(document["error"]["code"] == "usage");
        CHECK_FALSE(document["error"]["message"].get<std::string>().empty());
    }
    CHECK(dir.listing().empty());
}

TEST_CASE("ferry-cli validate passes the demo project", "[cli]") {
    const fs::path demo = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo" / "retail-demo.json";
    REQUIRE(fs::exists(demo));
    TempDir dir;
    const CliRun run = dir.run({"validate", demo.string()});
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    CHECK(run.status == 0);
    CHECK(run.err.empty());
    CHECK(run.out.find("passes validation") != std::string::npos);
}
