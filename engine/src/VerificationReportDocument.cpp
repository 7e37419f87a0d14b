#include <ferry/engine/VerificationReportDocument.hpp>

#include <cstdio>

namespace ferry::engine {

namespace {

std::string bytesText(double bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return buffer;
}

} // namespace

model::ReportDocument buildVerificationReport(const VerificationReport& report,
                                              const std::string& subject,
                                              const std::string& generatedOn) {
    model::ReportDocument doc;
    doc.title = subject + " - verification report";
    doc.subtitle = "Every target object checked against its source by size and SHA-256";
    if (!generatedOn.empty())
        doc.subtitle += " · " + generatedOn;
    doc.subtitle += " · Ferry";

    double bytesOk = 0, bytesAll = 0;
    std::size_t checked = 0, tables = 0;
    std::uint64_t rowsAll = 0;
    for (const ObjectCheck& o : report.objects) {
        if (o.key.empty())
            continue;
        ++checked;
        if (o.table) {
            ++tables;
            rowsAll += o.size;
            continue;
        }
        bytesAll += static_cast<double>(o.size);
        if (o.status == "ok")
            bytesOk += static_cast<double>(o.size);
    }
    doc.blocks.emplace_back(model::ReportHeading{1, "Summary"});
    doc.blocks.emplace_back(model::ReportParagraph{
        report.problems == 0
            ? "Every checked object at the target matches its source."
            : std::to_string(report.problems) +
                  " objects at the target do not match their source: copy them again with "
                  "'ferry-cli resume' (or Resume in the Run panel) and verify again."});
    doc.blocks.emplace_back(
        model::ReportTable{{"Measure", "Value"},
                           {{"Objects checked", std::to_string(checked)},
                            {"Objects that match", std::to_string(report.ok)},
                            {"Objects with a problem", std::to_string(report.problems)},
                            {"Bytes checked", bytesText(bytesAll)},
                            {"Bytes that match", bytesText(bytesOk)},
                            {"Database tables checked (rows and content hash)",
                             std::to_string(tables) + " (" + std::to_string(rowsAll) + " rows)"},
                            {"Pairs not checked", std::to_string(report.skipped.size())}},
                           {false, true}});

    if (report.problems > 0) {
        doc.blocks.emplace_back(model::ReportHeading{1, "Problems"});
        std::vector<std::vector<std::string>> rows;
        for (const ObjectCheck& o : report.objects)
            if (o.status != "ok")
                rows.push_back(
                    {o.workload, o.key.empty() ? "(whole pair)" : o.key, o.status, o.detail});
        doc.blocks.emplace_back(model::ReportTable{{"Workload", "Object", "Status", "Reason"},
                                                   std::move(rows),
                                                   {false, false, false, false}});
    }
    if (!report.skipped.empty()) {
        doc.blocks.emplace_back(model::ReportHeading{1, "Not checked"});
        std::vector<std::vector<std::string>> rows;
        for (const std::string& s : report.skipped) {
            const auto colon = s.find(": ");
            rows.push_back({colon == std::string::npos ? s : s.substr(0, colon),
                            colon == std::string::npos ? "" : s.substr(colon + 2)});
        }
        doc.blocks.emplace_back(
            model::ReportTable{{"Pair", "Why"}, std::move(rows), {false, false}});
    }
    doc.blocks.emplace_back(model::ReportHeading{1, "Objects"});
    std::vector<std::vector<std::string>> rows;
    for (const ObjectCheck& o : report.objects) {
        if (o.key.empty())
            continue;
        const std::string prefix = "sha256 ";
        const std::string hash = o.status == "ok" && o.detail.rfind(prefix, 0) == 0
                                     ? o.detail.substr(prefix.size())
                                     : "";
        rows.push_back(
            {o.workload, o.key,
             o.table ? std::to_string(o.size) + " rows" : bytesText(static_cast<double>(o.size)),
             o.status, hash});
    }
    doc.blocks.emplace_back(model::ReportTable{{"Workload", "Object", "Size", "Status", "SHA-256"},
                                               std::move(rows),
                                               {false, false, true, false, false}});
    return doc;
}

} // namespace ferry::engine
