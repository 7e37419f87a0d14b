#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/ZstdTransform.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

using namespace ferry::engine;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<std::byte>;

Bytes randomBytes(std::size_t size, std::uint32_t seed) {
    std::mt19937_64 rng(seed);
    Bytes out(size);
    for (auto& b : out)
        b = static_cast<std::byte>(rng() & 0xff);
    return out;
}

/// Log lines with repeated words and numbers: compresses well, like real exports.
Bytes compressibleBytes(std::size_t size, std::uint32_t seed) {
    std::mt19937 rng(seed);
    static const char* kWords[] = {"order", "customer", "invoice", "shipped", "pending", "eu-west"};
    std::string text;
    while (text.size() < size) {
        text += "2026-11-28T01:";
        text += std::to_string(rng() % 60);
        text += " ";
        text += kWords[rng() % 6];
        text += " id=";
        text += std::to_string(rng() % 100000);
        text += "\n";
    }
    text.resize(size);
    Bytes out(size);
    std::transform(text.begin(), text.end(), out.begin(),
                   [](char c) { return static_cast<std::byte>(c); });
    return out;
}

/// Feeds data through transform in random chunk sizes from 1 byte to maxChunk, log-uniform so
/// small and large chunks both occur; returns everything emitted.
ferry::model::Result<Bytes> runChunked(StreamTransform& transform, const Bytes& data,
                                       std::uint32_t seed, std::size_t maxChunk = 1 << 20,
                                       std::size_t* largestEmitted = nullptr) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> exponent(0.0, std::log2(static_cast<double>(maxChunk)));
    Bytes out;
    const ByteSink sink = [&](std::span<const std::byte> bytes) {
        if (largestEmitted != nullptr)
            *largestEmitted = std::max(*largestEmitted, bytes.size());
        out.insert(out.end(), bytes.begin(), bytes.end());
        return ferry::model::success();
    };
    std::size_t pos = 0;
    while (pos < data.size()) {
        const auto chunk = std::min<std::size_t>(
            data.size() - pos, static_cast<std::size_t>(std::exp2(exponent(rng))));
        auto written =
            transform.write(std::span(data).subspan(pos, std::max<std::size_t>(chunk, 1)), sink);
        if (!written)
            return written.error();
        pos += std::max<std::size_t>(chunk, 1);
    }
    auto finished = transform.finish(sink);
    if (!finished)
        return finished.error();
    return out;
}

Bytes compress(const Bytes& data, int level = 3) {
    ZstdCompressor compressor(level);
    auto out = runChunked(compressor, data, 7);
    REQUIRE(out.ok());
    return out.value();
}

ferry::model::Result<Bytes> decompress(const Bytes& data, std::size_t maxChunk = 1 << 20) {
    ZstdDecompressor decompressor;
    return runChunked(decompressor, data, 11, maxChunk);
}

/// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ferry-zstd-test-XXXXXX").string();
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

void writeFile(const fs::path& path, const Bytes& data) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    REQUIRE(out.good());
}

Bytes readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Bytes out(text.size());
    std::transform(text.begin(), text.end(), out.begin(),
                   [](char c) { return static_cast<std::byte>(c); });
    return out;
}

} // namespace

TEST_CASE("zstd round trip in random chunk sizes gives back the input", "[engine]") {
    for (const auto& [name, data] :
         {std::pair{"random", randomBytes(3 * 1024 * 1024 + 17, 1)},
          std::pair{"compressible", compressibleBytes(8 * 1024 * 1024 + 5, 2)}}) {
        INFO(name);
        for (std::uint32_t seed : {1u, 2u, 3u}) {
            ZstdCompressor compressor(3);
            std::size_t largest = 0;
            auto compressed = runChunked(compressor, data, seed, 1 << 20, &largest);
            REQUIRE(compressed.ok());
            // Output comes in pieces of at most one zstd output buffer: memory stays flat.
            CHECK(largest <= 128 * 1024 + 1024);
            if (std::string(name) == "compressible")
                CHECK(compressed->size() < data.size() / 4);

            ZstdDecompressor decompressor;
            largest = 0;
            auto restored =
                runChunked(decompressor, compressed.value(), seed + 100, 1 << 20, &largest);
            REQUIRE(restored.ok());
            CHECK(largest <= 128 * 1024 + 1024);
            REQUIRE(restored->size() == data.size());
            CHECK(restored.value() == data);

            const auto report = compressor.report();
            CHECK(report["bytesIn"] == data.size());
            CHECK(report["bytesOut"] == compressed->size());
            CHECK(report["level"] == 3);
            CHECK(report["ratio"].get<double>() ==
                  Approx(double(data.size()) / double(compressed->size())));
            CHECK(decompressor.report()["bytesOut"] == data.size());
            CHECK(decompressor.report()["frames"] == 1);
        }
    }
}

TEST_CASE("zstd round trip byte by byte and of an empty object", "[engine]") {
    const Bytes data = compressibleBytes(40000, 3);
    ZstdCompressor compressor(19);
    auto compressed = runChunked(compressor, data, 5, 1);
    REQUIRE(compressed.ok());
    auto restored = decompress(compressed.value(), 1);
    REQUIRE(restored.ok());
    CHECK(restored.value() == data);

    const Bytes empty;
    const Bytes emptyFrame = compress(empty);
    CHECK_FALSE(emptyFrame.empty());
    auto restoredEmpty = decompress(emptyFrame);
    REQUIRE(restoredEmpty.ok());
    CHECK(restoredEmpty->empty());
}

TEST_CASE("zstd output decodes with the zstd command-line tool", "[engine]") {
    INFO("the zstd command-line tool is needed: installer/deps-debian.sh installs it");
    REQUIRE(std::system("command -v zstd >/dev/null 2>&1") == 0);
    TempDir dir;
    for (int level : {1, 3, 19}) {
        INFO("level " << level);
        const Bytes data = level == 19 ? compressibleBytes(2 * 1024 * 1024, 4)
                                       : randomBytes(1024 * 1024 + 3, level);
        writeFile(dir.path() / "data.zst", compress(data, level));
        const std::string command = "zstd -q -d -f -o '" + (dir.path() / "data.out").string() +
                                    "' '" + (dir.path() / "data.zst").string() + "'";
        REQUIRE(std::system(command.c_str()) == 0);
        CHECK(readFile(dir.path() / "data.out") == data);
    }

    // And the other way: what the tool writes, Ferry decompresses.
    const Bytes data = compressibleBytes(1024 * 1024, 5);
    writeFile(dir.path() / "tool.txt", data);
    const std::string command = "zstd -q -f -6 -o '" + (dir.path() / "tool.zst").string() + "' '" +
                                (dir.path() / "tool.txt").string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    auto restored = decompress(readFile(dir.path() / "tool.zst"));
    REQUIRE(restored.ok());
    CHECK(restored.value() == data);
}

TEST_CASE("zstd decompression accepts concatenated frames", "[engine]") {
    const Bytes first = compressibleBytes(300000, 6);
    const Bytes second = randomBytes(200000, 7);
    Bytes joined = compress(first);
    const Bytes secondFrame = compress(second, 5);
    joined.insert(joined.end(), secondFrame.begin(), secondFrame.end());

    ZstdDecompressor decompressor;
    auto restored = runChunked(decompressor, joined, 8);
    REQUIRE(restored.ok());
    Bytes expected = first;
    expected.insert(expected.end(), second.begin(), second.end());
    CHECK(restored.value() == expected);
    CHECK(decompressor.report()["frames"] == 2);
}

TEST_CASE("zstd decompression reports corrupt and truncated input", "[engine]") {
    const Bytes data = compressibleBytes(500000, 9);
    const Bytes compressed = compress(data);

    SECTION("not zstd at all") {
        auto result = decompress(compressibleBytes(1000, 1));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.zstd_corrupt");
        CHECK_THAT(result.error().message, Catch::Contains("not valid zstd"));
    }
    SECTION("a damaged byte in the middle") {
        Bytes damaged = compressed;
        for (std::size_t i = damaged.size() / 2; i < damaged.size() / 2 + 8; ++i)
            damaged[i] ^= std::byte{0x5a};
        auto result = decompress(damaged);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.zstd_corrupt");
    }
    SECTION("cut short") {
        for (std::size_t cut : {std::size_t{1}, std::size_t{4}, compressed.size() / 2}) {
            INFO("cut " << cut << " bytes");
            auto result = decompress(Bytes(compressed.begin(), compressed.end() - cut), 1000);
            REQUIRE_FALSE(result.ok());
            CHECK(result.error().code == "transform.zstd_truncated");
            CHECK_THAT(result.error().message, Catch::Contains("truncated"));
        }
    }
    SECTION("empty") {
        auto result = decompress(Bytes{});
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.zstd_truncated");
    }
}

TEST_CASE("zstd options are read from JSON and a level out of range is refused", "[engine]") {
    auto defaults = ZstdOptions::fromJson({{"type", "zstd"}});
    REQUIRE(defaults.ok());
    CHECK(defaults->level == 3);
    CHECK(defaults->direction == ZstdOptions::Direction::Compress);

    auto explicitOptions = ZstdOptions::fromJson(
        nlohmann::json::parse(R"({"type":"zstd","level":19,"direction":"decompress"})"));
    REQUIRE(explicitOptions.ok());
    CHECK(explicitOptions->level == 19);
    CHECK(explicitOptions->direction == ZstdOptions::Direction::Decompress);
    CHECK(explicitOptions->makeTransform()->report()["direction"] == "decompress");

    for (const auto& bad : {R"({"type":"zstd","level":0})", R"({"type":"zstd","level":23})",
                            R"({"type":"zstd","level":-5})"}) {
        INFO(bad);
        auto result = ZstdOptions::fromJson(nlohmann::json::parse(bad));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.zstd_options");
        CHECK_THAT(result.error().message, Catch::Contains("out of range") &&
                                               Catch::Contains("1") && Catch::Contains("22"));
    }
    CHECK_FALSE(ZstdOptions::fromJson(nlohmann::json::parse(R"({"type":"zstd","level":"3"})")));
    CHECK_FALSE(
        ZstdOptions::fromJson(nlohmann::json::parse(R"({"type":"zstd","direction":"up"})")));
    CHECK_FALSE(ZstdOptions::fromJson(nlohmann::json::parse(R"({"type":"zstd","levle":3})")));
}

TEST_CASE("zstd logical hash of a compressed target equals the source's hash", "[engine]") {
    // Verification on the logical content: the compressed target's bytes go through a
    // ZstdDecompressor into a ContentHasher, and the digest is compared with the source's.
    const Bytes data = compressibleBytes(3 * 1024 * 1024 + 1, 10);
    const std::string sourceHash = ContentHasher::hex(HashKind::Sha256, data);
    const Bytes compressed = compress(data, 7);

    ZstdLogicalHasher hasher(HashKind::Sha256);
    for (std::size_t pos = 0; pos < compressed.size(); pos += 4093)
        REQUIRE(hasher
                    .update(std::span(compressed)
                                .subspan(pos, std::min<std::size_t>(4093, compressed.size() - pos)))
                    .ok());
    auto logical = hasher.finishHex();
    REQUIRE(logical.ok());
    CHECK(logical.value() == sourceHash);
    CHECK(hasher.logicalSize() == data.size());
    CHECK(ContentHasher::hex(HashKind::Sha256, compressed) != sourceHash);

    ZstdLogicalHasher truncated(HashKind::Sha256);
    REQUIRE(truncated.update(std::span(compressed).first(compressed.size() - 3)).ok());
    auto result = truncated.finishHex();
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "transform.zstd_truncated");
}
