// `ferry-cli report`: the plan report of the demo as HTML and PDF, and the errors a user sees.
#include "CliProcess.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {
namespace fs = std::filesystem;

const fs::path kDemo = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo" / "retail-demo.json";

using ferry::cli::test::Folder;
using ferry::cli::test::run;
using ferry::cli::test::slurp;

} // namespace

TEST_CASE("ferry-cli report writes the demo's plan report as PDF and HTML", "[cli][report]") {
    Folder folder;
    std::string out, err;
    const fs::path pdf = folder.root / "plan.pdf";
    REQUIRE(run(folder, "report '" + kDemo.string() + "' -o '" + pdf.string() + "' --runs 50", out,
                err) == 0);
    INFO(out << err);
    CHECK(out.find("Wrote the plan report to " + pdf.string()) != std::string::npos);
    CHECK(slurp(pdf).rfind("%PDF-1.4", 0) == 0);

    // The text an independent reader finds in it.
    const fs::path text = folder.root / "plan.txt";
    REQUIRE(std::system(("pdftotext '" + pdf.string() + "' '" + text.string() + "'").c_str()) == 0);
    const std::string body = slurp(text);
    for (const char* expected :
         {"Retail - migration plan", "Summary", "Waves", "Timeline", "Cost", "Forecast",
          "50 Monte Carlo runs", "Assumptions", "Price sources", "orders-db"})
        CHECK(body.find(expected) != std::string::npos);

    const fs::path html = folder.root / "plan.html";
    REQUIRE(run(folder,
                "--json report '" + kDemo.string() + "' -o '" + html.string() + "' --runs 0", out,
                err) == 0);
    const auto document = nlohmann::json::parse(out);
    CHECK(document["command"] == "report");
    CHECK(document["output"] == html.string());
    CHECK(document["forecast_runs"] == 0);
    const std::string page = slurp(html);
    CHECK(document["bytes"] == page.size());
    CHECK(page.find("<h2>Waves</h2>") != std::string::npos);
    CHECK(page.find("<h2>Forecast</h2>") == std::string::npos); // --runs 0 leaves it out
}

TEST_CASE("ferry-cli report refuses an unknown format and an existing file without --force",
          "[cli][report]") {
    Folder folder;
    std::string out, err;
    CHECK(run(folder,
              "report '" + kDemo.string() + "' -o '" + (folder.root / "plan.docx").string() +
                  "' --runs 0",
              out, err) == 2);
    CHECK(err.find("name the file .html or .pdf") != std::string::npos);
    CHECK_FALSE(fs::exists(folder.root / "plan.docx"));

    const fs::path existing = folder.root / "old.html";
    std::ofstream(existing) << "keep me";
    CHECK(run(folder, "report '" + kDemo.string() + "' -o '" + existing.string() + "' --runs 0",
              out, err) == 2);
    CHECK(err.find("--force") != std::string::npos);
    CHECK(slurp(existing) == "keep me");
    CHECK(run(folder,
              "report '" + kDemo.string() + "' -o '" + existing.string() + "' --runs 0 --force",
              out, err) == 0);
    CHECK(slurp(existing).rfind("<!DOCTYPE html>", 0) == 0);
}

TEST_CASE("ferry-cli verify --report writes the verification report with every object's hash",
          "[cli][report]") {
    Folder folder;
    fs::create_directories(folder.root / "src" / "sub");
    for (int i = 0; i < 5; ++i)
        std::ofstream(folder.root / "src" / "sub" / ("f" + std::to_string(i))) << "data " << i;
    std::string out, err;
    const std::string src = "file://" + (folder.root / "src").string();
    const std::string dst = "file://" + (folder.root / "dst").string();
    const fs::path journal = folder.root / "copy.journal";
    REQUIRE(run(folder, "copy '" + src + "' '" + dst + "' --journal '" + journal.string() + "'",
                out, err) == 0);
    // One object spoiled at the target: the report must name it.
    std::ofstream(folder.root / "dst" / "sub" / "f3") << "DATA 3"; // same size, other content
    const fs::path pdf = folder.root / "verify.pdf";
    CHECK(run(folder, "verify '" + journal.string() + "' --report '" + pdf.string() + "'", out,
              err) == 1);
    INFO(out << err);
    REQUIRE(fs::exists(pdf));
    const fs::path text = folder.root / "verify.txt";
    REQUIRE(std::system(
                ("pdftotext -layout '" + pdf.string() + "' '" + text.string() + "'").c_str()) == 0);
    const std::string body = slurp(text);
    CHECK(body.find("verification report") != std::string::npos);
    CHECK(body.find("Objects with a problem") != std::string::npos);
    CHECK(body.find("sub/f3") != std::string::npos);
    CHECK(body.find("content_differs") != std::string::npos);
    // The good objects are listed with their SHA-256 (of "data 0").
    const std::string html = (folder.root / "verify.html").string();
    CHECK(run(folder, "verify '" + journal.string() + "' --report '" + html + "'", out, err) == 1);
    const std::string page = slurp(html);
    CHECK(page.find("sub/f0") != std::string::npos);
    CHECK(page.find("<th>SHA-256</th>") != std::string::npos);
    CHECK(page.find("sub/f3</td><td class=\"num\">6 bytes</td><td>content_differs") !=
          std::string::npos);
    CHECK(run(folder, "verify '" + journal.string() + "' --report '" + html + "'", out, err) == 2);
    CHECK(err.find("--force") != std::string::npos);
}
