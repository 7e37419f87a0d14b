#include <ferry/engine/TransformChain.hpp>

#include <ferry/engine/CsvCleaner.hpp>
#include <ferry/engine/SafetensorsNarrowing.hpp>
#include <ferry/engine/ZstdTransform.hpp>

#include <fnmatch.h>

#include <cstdio>

namespace ferry::engine {

using model::Error;
using model::Result;

namespace {

constexpr const char* kZstdSuffix = ".zst";

Error entryError(std::size_t index, const Error& inner) {
    const std::string where = "transforms[" + std::to_string(index) + "]";
    return Error{inner.code, inner.message,
                 inner.context.empty() ? where : where + "." + inner.context};
}

Error entryError(std::size_t index, const std::string& field, const std::string& message) {
    return Error{"transform.options", message,
                 "transforms[" + std::to_string(index) + "]" + (field.empty() ? "" : "." + field)};
}

std::string sizeText(std::uint64_t bytes) {
    char text[32];
    if (bytes < 1000)
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
    else if (bytes < 1000 * 1000)
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
    else if (bytes < 1000ull * 1000 * 1000)
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    else
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    return text;
}

std::uint64_t count(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

std::string plural(std::uint64_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string stepSummary(const std::string& type, const nlohmann::json& r) {
    if (type == "csv_clean") {
        std::vector<std::string> parts;
        if (r.contains("dedupe"))
            parts.push_back("dropped " + plural(count(r["dedupe"], "dropped"), "duplicate row",
                                                "duplicate rows"));
        std::uint64_t filled = 0;
        const nlohmann::json fill = r.value("fill", nlohmann::json::object());
        for (const auto& [column, n] : fill.items())
            filled += n.is_number_unsigned() ? n.get<std::uint64_t>() : 0;
        if (filled > 0)
            parts.push_back("filled " + plural(filled, "value", "values"));
        std::uint64_t changed = 0;
        const nlohmann::json standardise = r.value("standardise", nlohmann::json::object());
        for (const auto& [step, n] : standardise.items())
            changed += n.is_number_unsigned() ? n.get<std::uint64_t>() : 0;
        if (changed > 0)
            parts.push_back("standardised " + plural(changed, "value", "values"));
        const std::uint64_t unclean =
            r.contains("uncleanable") ? count(r["uncleanable"], "count") : 0;
        if (unclean > 0)
            parts.push_back(plural(unclean, "row", "rows") + " could not be cleaned");
        std::string text = "csv_clean";
        for (std::size_t i = 0; i < parts.size(); ++i)
            text += (i == 0 ? " " : ", ") + parts[i];
        return parts.empty() ? text + " changed nothing" : text;
    }
    if (type == "zstd") {
        char ratio[32];
        std::snprintf(ratio, sizeof ratio, "%.2f", r.value("ratio", 0.0));
        if (r.value("direction", std::string()) == "decompress")
            return "zstd decompressed " + plural(count(r, "frames"), "frame", "frames");
        return "zstd level " + std::to_string(r.value("level", 0)) + " compressed " +
               std::string(ratio) + ":1";
    }
    if (type == "safetensors") {
        std::uint64_t narrowed = 0;
        for (const auto& t : r.value("tensors", nlohmann::json::array()))
            narrowed +=
                t.value("dtypeBefore", std::string()) != t.value("dtypeAfter", std::string());
        std::string to = r.value("dtype", std::string());
        return "safetensors narrowed " + plural(narrowed, "tensor", "tensors") +
               (to.empty() ? std::string() : " to " + to);
    }
    return type;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Stream

Result<void> TransformChain::Stream::feed(std::size_t step, std::span<const std::byte> data,
                                          const ByteSink& sink) {
    if (step == m_steps.size()) {
        m_bytesOut += data.size();
        return sink(data);
    }
    if (step + 1 == m_steps.size() && m_logicalHasher)
        m_logicalHasher->update(data);
    return m_steps[step].transform->write(
        data, [&](std::span<const std::byte> out) { return feed(step + 1, out, sink); });
}

Result<void> TransformChain::Stream::write(std::span<const std::byte> data, const ByteSink& sink) {
    m_bytesIn += data.size();
    return feed(0, data, sink);
}

Result<void> TransformChain::Stream::finish(const ByteSink& sink) {
    // Step i's last bytes still pass through steps i+1..n before those are finished.
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        auto ok = m_steps[i].transform->finish(
            [&](std::span<const std::byte> out) { return feed(i + 1, out, sink); });
        if (!ok)
            return ok;
    }
    if (m_logicalHasher) {
        m_logicalSha256 = m_logicalHasher->finishHex();
        m_logicalHasher.reset();
    }
    return model::success();
}

nlohmann::json TransformChain::Stream::report() const {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : m_steps)
        steps.push_back({{"type", s.type}, {"report", s.transform->report()}});
    return {{"transforms", std::move(steps)}, {"bytes_in", m_bytesIn}, {"bytes_out", m_bytesOut}};
}

bool TransformChain::Stream::endsWithZstdCompression() const {
    return !m_steps.empty() && m_steps.back().zstdCompress;
}

// ---------------------------------------------------------------------------------------------
// TransformChain

Result<TransformChain> TransformChain::fromJson(const nlohmann::json& transforms) {
    TransformChain chain;
    if (transforms.is_null())
        return chain;
    if (!transforms.is_array())
        return Error{"transform.options",
                     "\"transforms\" must be an array of objects such as "
                     "[{\"type\":\"zstd\",\"level\":3}].",
                     "transforms"};
    for (std::size_t i = 0; i < transforms.size(); ++i) {
        const auto& entry = transforms[i];
        if (!entry.is_object())
            return entryError(i, "", "each transform must be a JSON object with a \"type\".");
        const auto type = entry.find("type");
        if (type == entry.end() || !type->is_string())
            return entryError(i, "type",
                              "the transform needs a \"type\": \"csv_clean\", \"zstd\" or "
                              "\"safetensors\".");
        Entry e;
        e.type = type->get<std::string>();
        if (entry.contains("match") &&
            (!entry["match"].is_string() || entry["match"].get<std::string>().empty()))
            return entryError(i, "match",
                              "\"match\" must be a non-empty file pattern such as \"*.csv\".");
        if (e.type == "csv_clean") {
            auto options = CsvCleanOptions::fromJson(entry);
            if (!options)
                return entryError(i, options.error());
            e.match = options->match;
            e.make = [o = *options] { return std::make_unique<CsvCleaner>(o); };
        } else if (e.type == "zstd") {
            // The zstd options know nothing of "match": it is the chain's business.
            nlohmann::json options = entry;
            options.erase("match");
            auto parsed = ZstdOptions::fromJson(options);
            if (!parsed)
                return entryError(i, parsed.error());
            e.match = entry.value("match", std::string("*"));
            e.keyChange = parsed->direction == ZstdOptions::Direction::Compress ? 1 : -1;
            e.make = [o = *parsed] { return o.makeTransform(); };
        } else if (e.type == "safetensors") {
            auto options = SafetensorsOptions::fromJson(entry);
            if (!options)
                return entryError(i, options.error());
            e.match = options->match;
            e.make = [o = *options] { return o.makeTransform(); };
        } else {
            return entryError(i, "type",
                              "unknown transform type \"" + e.type +
                                  "\"; use \"csv_clean\", \"zstd\" or \"safetensors\".");
        }
        chain.m_entries.push_back(std::move(e));
    }
    chain.m_json = transforms;
    return chain;
}

namespace {

bool matches(const std::string& pattern, const std::string& key) {
    // No FNM_PATHNAME: '*' also matches '/', so "*.csv" applies in every folder.
    return ::fnmatch(pattern.c_str(), key.c_str(), 0) == 0;
}

} // namespace

bool TransformChain::appliesTo(const std::string& key) const {
    for (const auto& e : m_entries)
        if (matches(e.match, key))
            return true;
    return false;
}

TransformChain::Stream TransformChain::forKey(const std::string& key) const {
    Stream stream;
    for (const auto& e : m_entries)
        if (matches(e.match, key))
            stream.m_steps.push_back({e.type, e.keyChange > 0, e.make()});
    if (stream.endsWithZstdCompression())
        stream.m_logicalHasher.emplace(HashKind::Sha256);
    return stream;
}

std::string TransformChain::targetKey(const std::string& key) const {
    std::string out = key;
    for (const auto& e : m_entries) {
        if (!matches(e.match, key))
            continue;
        if (e.keyChange > 0)
            out += kZstdSuffix;
        else if (e.keyChange < 0 && out.size() > 4 && out.ends_with(kZstdSuffix))
            out.resize(out.size() - 4);
    }
    return out;
}

std::string transformSummary(const nlohmann::json& report) {
    std::string text;
    for (const auto& step : report.value("transforms", nlohmann::json::array())) {
        if (!text.empty())
            text += "; ";
        text += stepSummary(step.value("type", std::string()),
                            step.value("report", nlohmann::json::object()));
    }
    if (report.contains("bytes_in") && report.contains("bytes_out"))
        text += "; " + sizeText(count(report, "bytes_in")) + " -> " +
                sizeText(count(report, "bytes_out"));
    return text;
}

} // namespace ferry::engine
