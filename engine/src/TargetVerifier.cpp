#include <ferry/engine/TargetVerifier.hpp>

#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/Run.hpp>
#include <ferry/engine/RunJournal.hpp>
#include <ferry/engine/TableConnector.hpp>
#include <ferry/engine/TableHasher.hpp>
#include <ferry/engine/TransformChain.hpp>
#include <ferry/engine/ZstdTransform.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <unordered_map>

namespace ferry::engine {
namespace {

constexpr std::size_t kBufferSize = 1 << 20;

Result<std::string> sha256Of(Connector& connector, const ObjectInfo& info,
                             std::span<std::byte> buffer, std::stop_token stop) {
    const auto caps = connector.capabilities();
    if (std::find(caps.hashes.begin(), caps.hashes.end(), HashKind::Sha256) != caps.hashes.end())
        if (auto it = info.hashes.find(HashKind::Sha256); it != info.hashes.end())
            return it->second;
    auto reader = connector.openRead(info.key);
    if (!reader)
        return reader.error();
    ContentHasher hasher(HashKind::Sha256);
    while (!stop.stop_requested()) {
        auto n = (*reader)->read(buffer);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        hasher.update(buffer.first(*n));
    }
    return hasher.finishHex();
}

/// What the transforms make of a source object: the output's SHA-256 and size, and with a final
/// zstd step the SHA-256 of what entered it.
struct TransformedDigest {
    std::string sha256;
    std::uint64_t size = 0;
    std::string logicalSha256;
};

Result<TransformedDigest> transformSource(Connector& connector, const std::string& key,
                                          TransformChain::Stream chain, std::span<std::byte> buffer,
                                          std::stop_token stop) {
    auto reader = connector.openRead(key);
    if (!reader)
        return reader.error();
    ContentHasher hasher(HashKind::Sha256);
    TransformedDigest digest;
    const ByteSink sink = [&](std::span<const std::byte> out) -> Result<void> {
        hasher.update(out);
        digest.size += out.size();
        return model::success();
    };
    while (!stop.stop_requested()) {
        auto n = (*reader)->read(buffer);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        if (auto ok = chain.write(buffer.first(*n), sink); !ok)
            return ok.error();
    }
    if (auto ok = chain.finish(sink); !ok)
        return ok.error();
    digest.sha256 = hasher.finishHex();
    digest.logicalSha256 = chain.logicalSha256();
    return digest;
}

Result<std::string> zstdLogicalSha256(Connector& connector, const std::string& key,
                                      std::span<std::byte> buffer, std::stop_token stop) {
    auto reader = connector.openRead(key);
    if (!reader)
        return reader.error();
    ZstdLogicalHasher hasher(HashKind::Sha256);
    while (!stop.stop_requested()) {
        auto n = (*reader)->read(buffer);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        if (auto ok = hasher.update(buffer.first(*n)); !ok)
            return ok.error();
    }
    return hasher.finishHex();
}

} // namespace

model::Result<VerificationInput> verificationInputOfJournal(const std::filesystem::path& path) {
    auto journal = RunJournal::open(path, true);
    if (!journal)
        return journal.error();
    auto run = (*journal)->run();
    if (!run)
        return run.error();
    auto stored = (*journal)->pairs();
    if (!stored)
        return stored.error();
    VerificationInput input;
    input.projectDir = RunOptions::fromJson(run->options).projectDir;
    for (const auto& p : *stored)
        input.pairs.push_back({p.source, p.target, p.workload, p.wave,
                               p.state == "skipped" ? p.note : std::string(), p.transforms});
    return input;
}

nlohmann::json VerificationReport::toJson() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : objects)
        list.push_back({{"workload", o.workload},
                        {"key", o.key},
                        {"status", o.status},
                        {"detail", o.detail},
                        {"size", o.size},
                        {"unit", o.table ? "rows" : "bytes"}});
    return {{"ok", ok}, {"problems", problems}, {"skipped", skipped}, {"objects", std::move(list)}};
}

VerificationReport verifyTargets(const std::vector<RunPair>& pairs,
                                 const ConnectorRegistry& registry, const std::string& projectDir,
                                 int parallel, std::stop_token stop) {
    VerificationReport report;
    for (const auto& pair : pairs) {
        if (stop.stop_requested())
            break;
        if (!pair.skipReason.empty()) {
            report.skipped.push_back((pair.workload.empty() ? pair.source : pair.workload) + ": " +
                                     pair.skipReason);
            continue;
        }
        auto pairProblem = [&](const Error& e) {
            report.objects.push_back({pair.workload, "", "error", e.toString(), 0});
            ++report.problems;
        };
        if (isTableUri(pair.source) || isTableUri(pair.target)) {
            // A database pair: every source table against the target's, by row count and the
            // canonical content hash in key order.
            auto tableSource = openTableConnector(pair.source, false, projectDir);
            if (!tableSource) {
                pairProblem(tableSource.error());
                continue;
            }
            auto tableTarget = openTableConnector(pair.target, false, projectDir);
            if (!tableTarget) {
                pairProblem(tableTarget.error());
                continue;
            }
            auto tables = (*tableSource)->listTables();
            if (!tables) {
                pairProblem(tables.error());
                continue;
            }
            for (const std::string& table : *tables) {
                if (stop.stop_requested())
                    break;
                auto check = verifyTable(**tableSource, **tableTarget, table);
                if (!check) {
                    report.objects.push_back(
                        {pair.workload, table,
                         check.error().code == "table.not_found" ? "missing" : "error",
                         check.error().toString(), 0, true});
                    ++report.problems;
                } else if (check->match) {
                    report.objects.push_back({pair.workload, table, "ok",
                                              "sha256 " + check->sourceHash, check->sourceRows,
                                              true});
                    ++report.ok;
                } else {
                    report.objects.push_back({pair.workload, table, "content_differs",
                                              check->describe(), check->sourceRows, true});
                    ++report.problems;
                }
            }
            continue;
        }
        auto chain = TransformChain::fromJson(pair.transforms);
        if (!chain) {
            pairProblem(chain.error());
            continue;
        }
        auto source = registry.open(pair.source, projectDir);
        if (!source) {
            pairProblem(source.error());
            continue;
        }
        auto target = registry.open(pair.target, projectDir);
        if (!target) {
            pairProblem(target.error());
            continue;
        }
        std::vector<ObjectInfo> sources;
        if (auto ok = (*source)->list("",
                                      [&](const ObjectInfo& i) {
                                          sources.push_back(i);
                                          return !stop.stop_requested();
                                      });
            !ok) {
            pairProblem(ok.error());
            continue;
        }
        std::unordered_map<std::string, ObjectInfo> targets;
        if (auto ok = (*target)->list("",
                                      [&](const ObjectInfo& i) {
                                          targets.emplace(i.key, i);
                                          return !stop.stop_requested();
                                      });
            !ok) {
            pairProblem(ok.error());
            continue;
        }
        std::vector<ObjectCheck> checks(sources.size());
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            auto buffer = std::make_unique_for_overwrite<std::byte[]>(kBufferSize);
            const std::span<std::byte> bytes(buffer.get(), kBufferSize);
            for (;;) {
                const std::size_t i = next.fetch_add(1);
                if (i >= sources.size() || stop.stop_requested())
                    return;
                const ObjectInfo& s = sources[i];
                ObjectCheck& c = checks[i];
                c.workload = pair.workload;
                c.key = s.key;
                c.size = s.size;
                const bool transformed = chain->appliesTo(s.key);
                const std::string targetKey = transformed ? chain->targetKey(s.key) : s.key;
                const auto t = targets.find(targetKey);
                if (t == targets.end()) {
                    c.status = "missing";
                    c.detail =
                        transformed ? "'" + targetKey + "' not at the target" : "not at the target";
                    continue;
                }
                if (transformed) {
                    // Transforms are deterministic: transform the source again and compare
                    // with the target; a final zstd step is compared by its content, whatever
                    // the frame looks like.
                    auto stream = chain->forKey(s.key);
                    const bool zstd = stream.endsWithZstdCompression();
                    auto made = transformSource(**source, s.key, std::move(stream), bytes, stop);
                    auto b = !made  ? Result<std::string>(made.error())
                             : zstd ? zstdLogicalSha256(**target, targetKey, bytes, stop)
                                    : sha256Of(**target, t->second, bytes, stop);
                    const std::string expected =
                        made ? (zstd ? made->logicalSha256 : made->sha256) : std::string();
                    if (!made || !b) {
                        c.status = "error";
                        c.detail = (!made ? made.error() : b.error()).toString();
                    } else if (!zstd && t->second.size != made->size) {
                        c.status = "size_differs";
                        c.detail = std::to_string(made->size) + " bytes transformed, " +
                                   std::to_string(t->second.size) + " at the target ('" +
                                   targetKey + "')";
                    } else if (*b != expected) {
                        c.status = "content_differs";
                        c.detail = "sha256 " + expected.substr(0, 12) + "… transformed, " +
                                   b->substr(0, 12) + "… at the target ('" + targetKey + "')";
                    } else {
                        c.status = "ok";
                        c.detail = "sha256 " + *b + (zstd ? " (decompressed " : " (") + "'" +
                                   targetKey + "', transformed)";
                    }
                    continue;
                }
                if (t->second.size != s.size) {
                    c.status = "size_differs";
                    c.detail = std::to_string(s.size) + " bytes at the source, " +
                               std::to_string(t->second.size) + " at the target";
                    continue;
                }
                auto a = sha256Of(**source, s, bytes, stop);
                auto b = a ? sha256Of(**target, t->second, bytes, stop) : a;
                if (!a || !b) {
                    c.status = "error";
                    c.detail = (!a ? a.error() : b.error()).toString();
                } else if (*a != *b) {
                    c.status = "content_differs";
                    c.detail = "sha256 " + a->substr(0, 12) + "… at the source, " +
                               b->substr(0, 12) + "… at the target";
                } else {
                    c.status = "ok";
                    c.detail = "sha256 " + *a;
                }
            }
        };
        {
            std::vector<std::jthread> threads;
            const int n = std::clamp(parallel, 1, 64);
            for (int i = 1; i < n; ++i)
                threads.emplace_back(work);
            work();
        }
        for (auto& c : checks) {
            if (c.status.empty())
                continue; // not reached before a stop
            if (c.status == "ok")
                ++report.ok;
            else
                ++report.problems;
            report.objects.push_back(std::move(c));
        }
    }
    return report;
}

} // namespace ferry::engine
