#include <ferry/engine/ContentHasher.hpp>
#include <ferry/engine/TransformChain.hpp>
#include <ferry/engine/ZstdTransform.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace ferry::engine;
using nlohmann::json;

namespace {

TransformChain chainOf(const char* text) {
    auto chain = TransformChain::fromJson(json::parse(text));
    INFO((chain ? std::string() : chain.error().toString()));
    REQUIRE(chain.ok());
    return std::move(*chain);
}

std::span<const std::byte> bytesOf(const std::string& s) {
    return std::as_bytes(std::span(s.data(), s.size()));
}

/// Streams input through the chain for key in pieces of the given size.
std::string streamThrough(TransformChain::Stream& stream, const std::string& input,
                          std::size_t piece) {
    std::string out;
    const ByteSink sink = [&](std::span<const std::byte> data) -> ferry::model::Result<void> {
        out.append(reinterpret_cast<const char*>(data.data()), data.size());
        return ferry::model::success();
    };
    for (std::size_t at = 0; at < input.size(); at += piece)
        REQUIRE(stream.write(bytesOf(input.substr(at, piece)), sink).ok());
    REQUIRE(stream.finish(sink).ok());
    return out;
}

} // namespace

TEST_CASE("a transform chain picks the steps whose match applies to a key", "[engine]") {
    const auto chain = chainOf(R"([
        {"type": "csv_clean", "match": "imports/*.csv", "dedupe": {"whole_row": true}},
        {"type": "zstd", "level": 3, "match": "logs/*"},
        {"type": "safetensors", "dtype": "float16"}])");
    CHECK_FALSE(chain.empty());
    CHECK(chain.appliesTo("imports/feed.csv"));
    CHECK(chain.appliesTo("imports/old/feed.csv")); // '*' matches across '/'
    CHECK_FALSE(chain.appliesTo("feed.csv"));
    CHECK(chain.appliesTo("logs/2024/01/app.log"));
    CHECK(chain.appliesTo("models/v3.safetensors")); // default match "*.safetensors"
    CHECK_FALSE(chain.appliesTo("README.md"));
    CHECK(chain.forKey("README.md").empty());
    CHECK(chain.targetKey("README.md") == "README.md");
    CHECK(chain.targetKey("imports/feed.csv") == "imports/feed.csv");
    CHECK(chain.targetKey("logs/app.log") == "logs/app.log.zst");
    CHECK(chain.targetKey("models/v3.safetensors") == "models/v3.safetensors");
}

TEST_CASE("default matches: csv_clean *.csv, safetensors *.safetensors, zstd everything",
          "[engine]") {
    const auto csv = chainOf(R"([{"type": "csv_clean"}])");
    CHECK(csv.appliesTo("a/b/c.csv"));
    CHECK_FALSE(csv.appliesTo("c.tsv"));
    const auto zstd = chainOf(R"([{"type": "zstd"}])");
    CHECK(zstd.appliesTo("anything/at/all"));
    CHECK(zstd.targetKey("x.log") == "x.log.zst");
    const auto unzip = chainOf(R"([{"type": "zstd", "direction": "decompress"}])");
    CHECK(unzip.targetKey("x.log.zst") == "x.log");
    CHECK(unzip.targetKey("x.log") == "x.log");
    CHECK(chainOf("[]").empty());
    CHECK(TransformChain::fromJson(json()).ok()); // null: none
}

TEST_CASE("a bad transform is refused with its index and field named", "[engine]") {
    auto errorOf = [](const char* text) {
        auto chain = TransformChain::fromJson(json::parse(text));
        REQUIRE_FALSE(chain.ok());
        CHECK(chain.error().code.starts_with("transform."));
        return chain.error();
    };
    CHECK(errorOf(R"([{"type": "zstd"}, {"type": "zstd", "level": 99}])").context ==
          "transforms[1].zstd");
    CHECK(errorOf(R"([{"type": "safetensors"}])").context == "transforms[0].safetensors");
    CHECK(errorOf(R"([{"type": "csv_clean", "fill": [{"column": "a", "with": "mean"}]}])")
              .context.starts_with("transforms[0].csv_clean.fill[0]"));
    CHECK(errorOf(R"([{"type": "gzip"}])").context == "transforms[0].type");
    CHECK(errorOf(R"([{"level": 3}])").context == "transforms[0].type");
    CHECK(errorOf(R"([{"type": "zstd", "match": ""}])").context == "transforms[0].match");
    CHECK(errorOf(R"([{"type": "zstd", "colour": "red"}])").code == "transform.zstd_options");
    CHECK(errorOf(R"({"type": "zstd"})").context == "transforms");
}

TEST_CASE("a chain feeds each step's output to the next and reports every step", "[engine]") {
    const auto chain = chainOf(R"([
        {"type": "csv_clean", "dedupe": {"whole_row": true}},
        {"type": "zstd", "level": 5, "match": "*.csv"}])");
    const std::string input = "id,name\n1,a\n1,a\n2,b\n";
    for (std::size_t piece : {std::size_t{1}, std::size_t{3}, input.size()}) {
        auto stream = chain.forKey("t.csv");
        REQUIRE_FALSE(stream.empty());
        CHECK(stream.endsWithZstdCompression());
        const std::string out = streamThrough(stream, input, piece);
        ZstdLogicalHasher logical(HashKind::Sha256);
        REQUIRE(logical.update(bytesOf(out)).ok());
        auto digest = logical.finishHex();
        REQUIRE(digest.ok());
        CHECK(*digest == ContentHasher::hex(HashKind::Sha256, "id,name\n1,a\n2,b\n"));
        CHECK(stream.logicalSha256() == *digest);
        const json report = stream.report();
        REQUIRE(report["transforms"].size() == 2);
        CHECK(report["transforms"][0]["type"] == "csv_clean");
        CHECK(report["transforms"][0]["report"]["dedupe"]["dropped"] == 1);
        CHECK(report["transforms"][1]["type"] == "zstd");
        CHECK(report["bytes_in"] == input.size());
        CHECK(report["bytes_out"] == out.size());
        const std::string line = transformSummary(report);
        CHECK_THAT(line, Catch::StartsWith("csv_clean dropped 1 duplicate row; zstd level 5"));
        CHECK_THAT(line, Catch::Contains(" B -> "));
    }
    CHECK(chain.targetKey("t.csv") == "t.csv.zst");
}

TEST_CASE("a failing step stops the chain with its own error", "[engine]") {
    const auto chain = chainOf(R"([{"type": "safetensors", "dtype": "float16"}])");
    auto stream = chain.forKey("m.safetensors");
    const ByteSink sink = [](std::span<const std::byte>) -> ferry::model::Result<void> {
        return ferry::model::success();
    };
    const std::string junk = "this is not a safetensors file at all";
    auto written = stream.write(bytesOf(junk), sink);
    auto finished = written ? stream.finish(sink) : written;
    REQUIRE_FALSE(finished.ok());
    CHECK(finished.error().code.starts_with("transform.safetensors"));
}
