// The plan report: the document built from the demo's plan, and its HTML and PDF forms. The PDF
// is read back with an independent reader (poppler's pdftotext and pdfinfo).
#include <ferry/model/PlanReportBuilder.hpp>
#include <ferry/model/ProjectJson.hpp>
#include <ferry/model/ReportCharts.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

using namespace ferry::model;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = fs::path(FERRY_SOURCE_DIR) / "resources" / "demo" / "retail-demo.json";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// stdout of a shell command, and its exit status.
std::pair<int, std::string> shell(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

struct TempFolder {
    fs::path root;
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "ferry-report-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        root = pattern;
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

PlanOutcome demoOutcome() {
    auto data = ProjectJson::readFile(kDemo);
    REQUIRE(data);
    auto catalog = PricingCatalog::loadDefault();
    REQUIRE(catalog);
    auto outcome = runPlanner(data.value(), "", catalog.value());
    REQUIRE(outcome);
    return std::move(outcome.value());
}

template <class T> std::vector<const T*> blocksOf(const ReportDocument& doc) {
    std::vector<const T*> out;
    for (const ReportBlock& block : doc.blocks)
        if (const auto* b = std::get_if<T>(&block))
            out.push_back(b);
    return out;
}

const ReportTable* tableAfterHeading(const ReportDocument& doc, const std::string& heading) {
    bool seen = false;
    for (const ReportBlock& block : doc.blocks) {
        if (const auto* h = std::get_if<ReportHeading>(&block))
            seen = h->text == heading;
        else if (const auto* t = std::get_if<ReportTable>(&block); t && seen)
            return t;
    }
    return nullptr;
}

/// Every xref entry of a PDF points at the object it names, and startxref at the table.
void checkXref(const std::string& pdf) {
    const auto startxref = pdf.rfind("startxref\n");
    REQUIRE(startxref != std::string::npos);
    const std::size_t xref = std::stoul(pdf.substr(startxref + 10));
    REQUIRE(pdf.compare(xref, 5, "xref\n") == 0);
    std::istringstream table(pdf.substr(xref + 5));
    std::size_t first = 0, count = 0;
    table >> first >> count;
    REQUIRE(count > 8);
    std::string offset, generation, kind;
    table >> offset >> generation >> kind; // object 0, free
    for (std::size_t object = 1; object < count; ++object) {
        table >> offset >> generation >> kind;
        REQUIRE(kind == "n");
        const std::string expected = std::to_string(object) + " 0 obj";
        CHECK(pdf.compare(std::stoul(offset), expected.size(), expected) == 0);
    }
}

} // namespace

TEST_CASE("report text widths use the Helvetica metrics, CJK characters one em",
          "[model][report]") {
    // H e l l o = 722 + 556 + 222 + 222 + 556 units of 1/1000 em.
    CHECK(reportTextWidth("Hello", 10) == Approx(22.78));
    CHECK(reportTextWidth("Hello", 10, true) == Approx((722 + 556 + 278 + 278 + 611) / 100.0));
    CHECK(reportTextWidth("迁移", 10) == Approx(20.0));
    CHECK(reportTextWidth("", 10) == 0);
}

TEST_CASE("the plan report of the demo holds every section with the plan's own figures",
          "[model][report]") {
    const PlanOutcome outcome = demoOutcome();
    PlanReportOptions options;
    options.generatedOn = "2026-11-27";
    options.forecast = ForecastResult{};
    options.forecast->runs = 5;
    options.forecast->totalHours = {100, 120, 150};
    options.forecast->totalHoursSamples = {95, 100, 120, 140, 150};
    options.forecast->waveEndHours = {{100, 120, 150}};
    const ReportDocument doc = buildPlanReport(outcome, options);

    CHECK(doc.title == "Retail - migration plan");
    std::vector<std::string> sections;
    for (const auto* h : blocksOf<ReportHeading>(doc))
        if (h->level == 1)
            sections.push_back(h->text);
    CHECK(sections == std::vector<std::string>{"Summary", "The estate and where it goes", "Waves",
                                               "Timeline", "Cost", "Forecast", "Assumptions",
                                               "Price sources", "Findings"});

    // Every placement is listed with its reason, in the wave tables.
    std::size_t placementRows = 0;
    for (const auto* t : blocksOf<ReportTable>(doc))
        if (t->header == std::vector<std::string>{"Workload", "Size", "Reason"}) {
            for (const auto& row : t->rows) {
                const auto it =
                    std::find_if(outcome.plan.placements.begin(), outcome.plan.placements.end(),
                                 [&](const Placement& p) { return p.workload == row[0]; });
                REQUIRE(it != outcome.plan.placements.end());
                CHECK(row[2] == it->reason);
                ++placementRows;
            }
        }
    CHECK(placementRows == outcome.plan.placements.size());

    // Price sources: one row per source the cost model used, each with its date.
    const ReportTable* prices = tableAfterHeading(doc, "Price sources");
    REQUIRE(prices != nullptr);
    REQUIRE(prices->rows.size() == outcome.cost.sources.size());
    for (std::size_t i = 0; i < prices->rows.size(); ++i) {
        CHECK(prices->rows[i][2] == outcome.cost.sources[i].asOf);
        CHECK(std::regex_match(prices->rows[i][2], std::regex(R"(\d{4}-\d{2}-\d{2})")));
    }

    // The summary quotes the cost model's totals.
    const ReportTable* summary = tableAfterHeading(doc, "Summary");
    REQUIRE(summary != nullptr);
    bool sawOneTime = false;
    for (const auto& row : summary->rows)
        if (row[0] == "One-time migration cost") {
            sawOneTime = true;
            char expected[64];
            std::snprintf(expected, sizeof expected, "%.2f", outcome.cost.oneTimeTotal);
            std::string digits = row[1];
            digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
            CHECK(digits == std::string(expected) + " " + outcome.cost.currency);
        }
    CHECK(sawOneTime);

    // Figures: canvas, estate, Gantt, cost by wave, run-rate, TCO, egress, forecast histogram.
    CHECK(blocksOf<ReportFigure>(doc).size() == 8);
    for (const auto* f : blocksOf<ReportFigure>(doc)) {
        CHECK_FALSE(f->caption.empty());
        CHECK(f->drawing.width > 0);
        CHECK(f->drawing.height > 0);
        CHECK_FALSE(f->drawing.shapes.empty());
    }
}

TEST_CASE("the estate diagram draws every site and one arrow per moving workload",
          "[model][report]") {
    const PlanOutcome outcome = demoOutcome();
    const Drawing d = estateDiagram(outcome.data);
    std::size_t siteTitles = 0, arrows = 0;
    for (const DrawShape& shape : d.shapes) {
        if (const auto* t = std::get_if<DrawText>(&shape); t && t->bold)
            ++siteTitles;
        if (std::holds_alternative<DrawPolyline>(shape))
            ++arrows; // each arrow has one head
    }
    CHECK(siteTitles == outcome.data.sites.size());
    std::size_t moving = 0;
    for (const Mapping& m : outcome.data.mappings)
        if (m.strategy != Strategy::Retire && m.strategy != Strategy::Retain)
            ++moving;
    CHECK(arrows == moving);
}

TEST_CASE("the canvas picture places every card and site where the canvas has them, scaled to "
          "fit", "[model][report]") {
    const PlanOutcome outcome = demoOutcome();
    const Drawing d = canvasDiagram(outcome.data, 495, 620);
    REQUIRE(d.height > 0);
    CHECK(d.height <= 620.0 + 1e-9);
    std::size_t boldTexts = 0, curves = 0, mappings = 0;
    std::map<std::string, std::pair<double, double>> labelAt; // bold text -> (x, y)
    for (const DrawShape& shape : d.shapes) {
        if (const auto* t = std::get_if<DrawText>(&shape); t && t->bold) {
            ++boldTexts;
            labelAt[t->text] = {t->x, t->y};
        }
        if (std::holds_alternative<DrawPolyline>(shape))
            ++curves;
        if (const auto* l = std::get_if<DrawLine>(&shape); l && l->dashed)
            ++mappings;
        // Nothing leaves the picture.
        if (const auto* r = std::get_if<DrawRect>(&shape)) {
            CHECK(r->x >= -1e-6);
            CHECK(r->x + r->w <= 495 + 1e-6);
            CHECK(r->y >= -1e-6);
            CHECK(r->y + r->h <= d.height + 1e-6);
        }
        if (const auto* p = std::get_if<DrawPolyline>(&shape))
            for (const auto& [x, y] : p->points)
                CHECK((x >= -1e-6 && x <= 495 + 1e-6));
    }
    // A title per site and a name per workload card.
    CHECK(boldTexts == outcome.data.sites.size() + outcome.data.workloads.size());
    CHECK(curves == outcome.data.dependencies.size());
    std::size_t crossSite = 0;
    std::map<std::string, std::string> siteOf;
    for (const Workload& w : outcome.data.workloads)
        siteOf[w.id] = w.site;
    for (const Mapping& m : outcome.data.mappings)
        crossSite += siteOf[m.workload] != m.targetSite;
    CHECK(mappings == crossSite);
    // Cards keep the canvas order: a workload lower on the canvas is lower in the picture.
    const Workload* first = &outcome.data.workloads.front();
    const Workload* last = &outcome.data.workloads.back();
    REQUIRE(first->position.y < last->position.y);
    CHECK(labelAt.at(first->name).second < labelAt.at(last->name).second);
    // The report shows it.
    const ReportDocument doc = buildPlanReport(outcome, {});
    bool shown = false;
    for (const auto& block : doc.blocks)
        if (const auto* f = std::get_if<ReportFigure>(&block))
            shown = shown || f->caption.rfind("The canvas:", 0) == 0;
    CHECK(shown);
}

TEST_CASE("dates after the plan start count whole days", "[model][report]") {
    CHECK(dateAfterHours("2027-01-04", 0) == "2027-01-04");
    CHECK(dateAfterHours("2027-01-04", 23.9) == "2027-01-04");
    CHECK(dateAfterHours("2027-01-04", 24) == "2027-01-05");
    CHECK(dateAfterHours("2027-12-31", 48) == "2028-01-02");
    CHECK(dateAfterHours("2028-02-28", 24) == "2028-02-29");
}

TEST_CASE("the HTML report is one self-contained file with escaped text and inline SVG",
          "[model][report]") {
    ReportDocument doc;
    doc.title = "Plan <script>alert(1)</script> & more";
    doc.blocks.emplace_back(ReportHeading{1, "Costs"});
    doc.blocks.emplace_back(ReportTable{{"a", "b"}, {{"x<y", "1"}}, {false, true}});
    doc.blocks.emplace_back(ReportFigure{
        "chart", stackedBarChart({"Wave 1"}, {ChartSeries{"Egress", chartColor(0), {5}}},
                                 [](double v) { return std::to_string(static_cast<int>(v)); })});
    const std::string html = reportToHtml(doc);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; more") != std::string::npos);
    CHECK(html.find("<td>x&lt;y</td><td class=\"num\">1</td>") != std::string::npos);
    CHECK(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg")); // no other link
    CHECK(html.find("src=") == std::string::npos);
}

TEST_CASE("the PDF report is a valid file that an independent reader reads back, Chinese included",
          "[model][report]") {
    const PlanOutcome outcome = demoOutcome();
    ReportDocument doc = buildPlanReport(outcome, {});
    doc.blocks.emplace_back(ReportHeading{1, "迁移说明"});
    doc.blocks.emplace_back(ReportParagraph{"订单数据库在第一波迁移 (orders-db)."});
    const std::string pdf = reportToPdf(doc);
    CHECK(pdf.rfind("%PDF-1.4", 0) == 0);
    CHECK(pdf.substr(pdf.size() - 6) == "%%EOF\n");
    checkXref(pdf);

    TempFolder folder;
    const fs::path file = folder.root / "plan.pdf";
    REQUIRE(writeReportFile(doc, file));
    CHECK(slurp(file) == pdf);
    CHECK_FALSE(writeReportFile(doc, folder.root / "plan.docx"));
    CHECK(writeReportFile(doc, folder.root / "plan.docx").error().code == "report.format");

    const auto [infoStatus, info] = shell("pdfinfo '" + file.string() + "' 2>&1");
    INFO(info);
    REQUIRE(infoStatus == 0);
    CHECK(info.find("Syntax Error") == std::string::npos);
    CHECK(info.find("Title:           Retail - migration plan") != std::string::npos);
    CHECK(info.find("Page size:       595.28 x 841.89 pts (A4)") != std::string::npos);
    std::smatch pages;
    REQUIRE(std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))")));
    CHECK(std::stoi(pages[1]) >= 4);

    const auto [textStatus, text] = shell("pdftotext -layout '" + file.string() + "' - 2>&1");
    INFO(text.substr(0, 3000));
    REQUIRE(textStatus == 0);
    CHECK(text.find("Syntax Error") == std::string::npos);
    CHECK(text.find("Retail - migration plan") != std::string::npos);
    for (const Placement& p : outcome.plan.placements)
        CHECK(text.find(p.workload) != std::string::npos);
    CHECK(text.find("Price sources") != std::string::npos);
    CHECK(text.find("迁移说明") != std::string::npos);
    CHECK(text.find("订单数据库在第一波迁移") != std::string::npos);
    CHECK(text.find("1 / " + pages[1].str()) != std::string::npos);
}
