#include <ferry/engine/SafetensorsNarrowing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

using namespace ferry::engine;
using Target = SafetensorsOptions::Target;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<std::byte>;

struct TensorSpec {
    std::string name;
    std::string dtype;
    std::vector<std::uint64_t> shape;
    Bytes data;
};

template <typename T> Bytes toBytes(const std::vector<T>& values) {
    Bytes out(values.size() * sizeof(T));
    std::memcpy(out.data(), values.data(), out.size());
    return out;
}

/// A safetensors file with the tensors' data in the order given and the header padded to 8.
Bytes makeSafetensors(const std::vector<TensorSpec>& tensors,
                      const nlohmann::json& metadata = nlohmann::json()) {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.is_null())
        header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    Bytes data;
    for (const auto& tensor : tensors) {
        header[tensor.name] = {{"dtype", tensor.dtype},
                               {"shape", tensor.shape},
                               {"data_offsets", {offset, offset + tensor.data.size()}}};
        offset += tensor.data.size();
        data.insert(data.end(), tensor.data.begin(), tensor.data.end());
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    Bytes out(8);
    for (std::size_t i = 0; i < 8; ++i)
        out[i] = static_cast<std::byte>((text.size() >> (8 * i)) & 0xff);
    for (char c : text)
        out.push_back(static_cast<std::byte>(c));
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

/// A raw file: the given header text (unpadded) followed by data, for malformed inputs.
Bytes rawSafetensors(const std::string& header, std::size_t dataBytes) {
    Bytes out(8);
    for (std::size_t i = 0; i < 8; ++i)
        out[i] = static_cast<std::byte>((header.size() >> (8 * i)) & 0xff);
    for (char c : header)
        out.push_back(static_cast<std::byte>(c));
    out.resize(out.size() + dataBytes, std::byte{0x11});
    return out;
}

struct Parsed {
    std::uint64_t headerLength = 0;
    nlohmann::json header;
    Bytes data;
};

Parsed parse(const Bytes& file) {
    Parsed parsed;
    REQUIRE(file.size() >= 8);
    for (std::size_t i = 0; i < 8; ++i)
        parsed.headerLength |= static_cast<std::uint64_t>(file[i]) << (8 * i);
    REQUIRE(file.size() >= 8 + parsed.headerLength);
    parsed.header = nlohmann::json::parse(
        std::string(reinterpret_cast<const char*>(file.data()) + 8, parsed.headerLength));
    parsed.data.assign(file.begin() + 8 + static_cast<std::ptrdiff_t>(parsed.headerLength),
                       file.end());
    return parsed;
}

Bytes tensorBytes(const Parsed& parsed, const std::string& name) {
    const auto& offsets = parsed.header.at(name).at("data_offsets");
    return Bytes(parsed.data.begin() + offsets[0].get<std::ptrdiff_t>(),
                 parsed.data.begin() + offsets[1].get<std::ptrdiff_t>());
}

/// Feeds data in random chunk sizes from 1 byte to maxChunk (log-uniform); maxChunk 1 means
/// byte by byte. Returns everything emitted, or the first error.
ferry::model::Result<Bytes> convert(StreamTransform& transform, const Bytes& data,
                                    std::uint32_t seed, std::size_t maxChunk) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> exponent(0.0, std::log2(double(maxChunk)));
    Bytes out;
    const ByteSink sink = [&](std::span<const std::byte> bytes) {
        out.insert(out.end(), bytes.begin(), bytes.end());
        return ferry::model::success();
    };
    std::size_t pos = 0;
    while (pos < data.size()) {
        const auto chunk =
            std::clamp<std::size_t>(std::size_t(std::exp2(exponent(rng))), 1, data.size() - pos);
        if (auto written = transform.write(std::span(data).subspan(pos, chunk), sink); !written)
            return written.error();
        pos += chunk;
    }
    if (auto finished = transform.finish(sink); !finished)
        return finished.error();
    return out;
}

ferry::model::Result<Bytes> convert(const Bytes& data, Target target = Target::Float16,
                                    std::size_t maxChunk = 1 << 20, std::uint32_t seed = 1) {
    SafetensorsNarrowing narrowing(target);
    return convert(narrowing, data, seed, maxChunk);
}

/// Float32 values of every kind: ordinary weights, large ones (some beyond float16's range),
/// tiny ones (float16 subnormals and below), exact ties, zeros of both signs, infinities, NaN.
std::vector<float> testValues(std::size_t count, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> weights(0.0f, 0.1f);
    std::uniform_real_distribution<float> large(-1.0e5f, 1.0e5f);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    std::vector<float> values = {1.0f,
                                 65504.0f,
                                 65520.0f,
                                 -65520.0f,
                                 std::nextafter(65520.0f, 0.0f),
                                 -0.0f,
                                 0.0f,
                                 std::ldexp(1.0f, -24),
                                 std::ldexp(1.0f, -25),
                                 std::ldexp(3.0f, -25),
                                 1.0f + std::ldexp(1.0f, -11),
                                 1.0f + std::ldexp(3.0f, -11),
                                 1.0f + std::ldexp(1.0f, -8),
                                 std::numeric_limits<float>::max(),
                                 std::numeric_limits<float>::denorm_min(),
                                 std::numeric_limits<float>::infinity(),
                                 -std::numeric_limits<float>::infinity(),
                                 std::numeric_limits<float>::quiet_NaN()};
    while (values.size() < count) {
        switch (rng() % 5) {
        case 0:
            values.push_back(large(rng));
            break;
        case 1:
            values.push_back(unit(rng) * 1.0e-6f);
            break;
        case 2:
            values.push_back(unit(rng) * 1.0e-8f);
            break;
        default:
            values.push_back(weights(rng));
        }
    }
    values.resize(count);
    return values;
}

/// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ferry-st-test-XXXXXX").string();
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
    out.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size()));
    REQUIRE(out.good());
}

Bytes readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Bytes out(text.size());
    std::memcpy(out.data(), text.data(), text.size());
    return out;
}

/// An independent reader with numpy: both files' headers and values, the narrowed values
/// compared bit for bit with numpy's own round-to-nearest-even and within the type's tolerance.
const char* kNumpyCheck = R"PY(
import json, struct, sys
import numpy as np

def read(path):
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    return n, json.loads(data[8:8 + n]), data[8 + n:]

src_path, dst_path, target = sys.argv[1:4]
_, src, src_data = read(src_path)
n, dst, dst_data = read(dst_path)
problems = []
if n % 8:
    problems.append(f"header length {n} is not a multiple of 8")
want = {"float16": "F16", "bfloat16": "BF16"}[target]
meta = dst.get("__metadata__", {})
for key, value in src.get("__metadata__", {}).items():
    if meta.get(key) != value:
        problems.append(f"metadata {key!r} was not kept")
end = 0
for name, entry in sorted(((k, v) for k, v in dst.items() if k != "__metadata__"),
                          key=lambda kv: kv[1]["data_offsets"]):
    if entry["data_offsets"][0] != end:
        problems.append(f"{name}: data_offsets {entry['data_offsets']} do not follow {end}")
    end = entry["data_offsets"][1]
if end != len(dst_data):
    problems.append(f"the data is {len(dst_data)} bytes but the offsets end at {end}")
values = tensors = 0
for name, s in src.items():
    if name == "__metadata__":
        continue
    d = dst.get(name)
    if d is None:
        problems.append(f"{name}: missing from the output")
        continue
    if d["shape"] != s["shape"]:
        problems.append(f"{name}: shape {d['shape']}, expected {s['shape']}")
    sb = src_data[s["data_offsets"][0]:s["data_offsets"][1]]
    db = dst_data[d["data_offsets"][0]:d["data_offsets"][1]]
    tensors += 1
    if s["dtype"] != "F32":
        if d["dtype"] != s["dtype"] or db != sb:
            problems.append(f"{name}: the {s['dtype']} tensor was not copied unchanged")
        continue
    if d["dtype"] != want:
        problems.append(f"{name}: dtype {d['dtype']}, expected {want}")
        continue
    x = np.frombuffer(sb, dtype="<f4")
    got = np.frombuffer(db, dtype="<u2")
    if got.size != x.size:
        problems.append(f"{name}: {got.size} values, expected {x.size}")
        continue
    with np.errstate(all="ignore"):
        if target == "float16":
            expected = x.astype(np.float16).view("<u2")
            value = got.view("<f2").astype(np.float64)
            tolerance, smallest_normal = 2.0 ** -11, 2.0 ** -14
        else:
            u = x.view("<u4").astype(np.uint64)
            expected = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype("<u2")
            value = (got.astype("<u4") << 16).view("<f4").astype(np.float64)
            tolerance, smallest_normal = 2.0 ** -8, 2.0 ** -126
        nan = np.isnan(x)
        if not np.array_equal(nan, np.isnan(value)):
            problems.append(f"{name}: NaN values not kept as NaN")
        differ = np.nonzero((expected != got) & ~nan)[0]
        if differ.size:
            i = differ[0]
            problems.append(f"{name}: {differ.size} values differ from numpy, first at {i}: "
                            f"{x[i]!r} became 0x{got[i]:04x}, numpy gives 0x{expected[i]:04x}")
        xd = x.astype(np.float64)
        ok = np.isfinite(xd) & np.isfinite(value) & (np.abs(xd) >= smallest_normal)
        if ok.any():
            rel = (np.abs(value[ok] - xd[ok]) / np.abs(xd[ok])).max()
            if rel > tolerance:
                problems.append(f"{name}: relative error {rel} above {tolerance}")
    values += x.size
if problems:
    print("numpy check failed:\n" + "\n".join(problems))
    sys.exit(1)
print(f"numpy agrees: {tensors} tensors, {values} float32 values narrowed to {want}")
)PY";

struct CommandResult {
    int exitCode = -1;
    std::string output;
};

CommandResult runCommand(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        result.output.append(buffer, n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// Debian's python3 (where python3-numpy lives) even when another python3 comes first in PATH.
std::string python() {
    return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/// Runs the numpy check on an input file and its narrowed output.
CommandResult runNumpyCheck(const Bytes& input, const Bytes& output, Target target) {
    TempDir dir;
    writeFile(dir.path() / "in.safetensors", input);
    writeFile(dir.path() / "out.safetensors", output);
    {
        std::ofstream script(dir.path() / "check.py");
        script << kNumpyCheck;
    }
    const std::string dtype = target == Target::Float16 ? "float16" : "bfloat16";
    return runCommand(python() + " '" + (dir.path() / "check.py").string() + "' '" +
                      (dir.path() / "in.safetensors").string() + "' '" +
                      (dir.path() / "out.safetensors").string() + "' " + dtype);
}

/// Converts input with the transform and checks both files with numpy; returns the report.
nlohmann::json checkWithNumpy(const Bytes& input, Target target) {
    SafetensorsNarrowing narrowing(target);
    auto output = convert(narrowing, input, 3, 1 << 16);
    REQUIRE(output.ok());
    const auto result = runNumpyCheck(input, output.value(), target);
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.output, Catch::Contains("numpy agrees"));
    return narrowing.report();
}

} // namespace

TEST_CASE("float16 narrowing rounds to nearest even on known bit patterns", "[engine]") {
    CHECK(floatToFloat16(1.0f) == 0x3c00);
    CHECK(floatToFloat16(-2.0f) == 0xc000);
    CHECK(floatToFloat16(65504.0f) == 0x7bff);                       // largest half
    CHECK(floatToFloat16(std::nextafter(65520.0f, 0.0f)) == 0x7bff); // just below the tie
    CHECK(floatToFloat16(65520.0f) == 0x7c00);                       // tie to even: infinity
    CHECK(floatToFloat16(-1.0e6f) == 0xfc00);
    CHECK(floatToFloat16(std::numeric_limits<float>::infinity()) == 0x7c00);
    CHECK(floatToFloat16(std::ldexp(1.0f, -24)) == 0x0001); // smallest subnormal
    CHECK(floatToFloat16(std::ldexp(1.0f, -25)) == 0x0000); // tie between 0 and it: even
    CHECK(floatToFloat16(std::nextafter(std::ldexp(1.0f, -25), 1.0f)) == 0x0001);
    CHECK(floatToFloat16(std::ldexp(3.0f, -25)) == 0x0002); // tie between 1 and 2 units: even
    CHECK(floatToFloat16(std::ldexp(1.0f, -14) - std::ldexp(1.0f, -25)) == 0x0400);
    CHECK(floatToFloat16(std::ldexp(1.0f, -14)) == 0x0400); // smallest normal
    CHECK(floatToFloat16(std::numeric_limits<float>::denorm_min()) == 0x0000);
    CHECK(floatToFloat16(-0.0f) == 0x8000);
    CHECK(floatToFloat16(1.0f + std::ldexp(1.0f, -11)) == 0x3c00); // tie: stays on even 1.0
    CHECK(floatToFloat16(1.0f + std::ldexp(3.0f, -11)) == 0x3c02); // tie: up to even
    const std::uint16_t nan = floatToFloat16(std::numeric_limits<float>::quiet_NaN());
    CHECK((nan & 0x7c00) == 0x7c00);
    CHECK((nan & 0x03ff) != 0);
    CHECK(std::isnan(float16ToFloat(floatToFloat16(std::bit_cast<float>(0x7f800001u)))));

    CHECK(float16ToFloat(0x0001) == std::ldexp(1.0f, -24));
    CHECK(float16ToFloat(0x7bff) == 65504.0f);
    CHECK(std::signbit(float16ToFloat(0x8000)));
    CHECK(std::isinf(float16ToFloat(0x7c00)));
}

TEST_CASE("bfloat16 narrowing rounds the upper 16 bits to nearest even", "[engine]") {
    CHECK(floatToBFloat16(1.0f) == 0x3f80);
    CHECK(floatToBFloat16(1.0f + std::ldexp(1.0f, -8)) == 0x3f80); // tie: stays on even
    CHECK(floatToBFloat16(1.0f + std::ldexp(3.0f, -8)) == 0x3f82); // tie: up to even
    CHECK(floatToBFloat16(std::bit_cast<float>(0x3f808001u)) == 0x3f81);
    CHECK(floatToBFloat16(-0.0f) == 0x8000);
    CHECK(floatToBFloat16(65520.0f) == 0x4780); // well inside bfloat16's range
    CHECK(floatToBFloat16(std::numeric_limits<float>::max()) == 0x7f80); // rounds up to inf
    CHECK(floatToBFloat16(std::numeric_limits<float>::denorm_min()) == 0x0000);
    // A signalling NaN whose payload sits in the dropped bits stays a NaN, and quiet.
    const std::uint16_t nan = floatToBFloat16(std::bit_cast<float>(0x7f800001u));
    CHECK(std::isnan(bfloat16ToFloat(nan)));
    CHECK((nan & 0x0040) != 0);
    CHECK(bfloat16ToFloat(0x3f80) == 1.0f);
}

TEST_CASE("safetensors narrowing gives the same file whatever the chunk sizes", "[engine]") {
    const std::vector<TensorSpec> tensors = {
        {"embeddings", "F32", {37, 11}, toBytes(testValues(37 * 11, 1))},
        {"step", "I64", {3}, toBytes(std::vector<std::int64_t>{1, -2, 1LL << 40})},
        {"empty", "F32", {0, 4}, {}},
        {"scale", "F32", {}, toBytes(std::vector<float>{0.5f})},
        {"mask", "U8", {5}, toBytes(std::vector<std::uint8_t>{1, 0, 1, 1, 0})},
        {"head.weight", "F32", {1001}, toBytes(testValues(1001, 2))},
    };
    const Bytes input = makeSafetensors(tensors, {{"format", "pt"}});
    for (Target target : {Target::Float16, Target::BFloat16}) {
        auto whole = convert(input, target, input.size() * 2);
        REQUIRE(whole.ok());
        auto byteByByte = convert(input, target, 1);
        REQUIRE(byteByByte.ok());
        CHECK(byteByByte.value() == whole.value());
        for (std::uint32_t seed = 1; seed <= 10; ++seed) {
            auto chunked = convert(input, target, 64, seed);
            REQUIRE(chunked.ok());
            CHECK(chunked.value() == whole.value());
        }

        const Parsed parsed = parse(whole.value());
        CHECK(parsed.headerLength % 8 == 0);
        const std::string narrowed = target == Target::Float16 ? "F16" : "BF16";
        CHECK(parsed.header["embeddings"]["dtype"] == narrowed);
        CHECK(parsed.header["embeddings"]["shape"] == nlohmann::json({37, 11}));
        CHECK(parsed.header["embeddings"]["data_offsets"] == nlohmann::json({0, 37 * 11 * 2}));
        CHECK(parsed.header["step"]["data_offsets"] ==
              nlohmann::json({37 * 11 * 2, 37 * 11 * 2 + 24}));
        CHECK(parsed.header["scale"]["shape"] == nlohmann::json::array());
        CHECK(parsed.header["__metadata__"]["format"] == "pt");
        CHECK(parsed.header["__metadata__"]["ferry.narrowed_from"] == "F32");
        CHECK(parsed.header["__metadata__"]["ferry.narrowed_to"] == narrowed);
        CHECK(parsed.data.size() == (37 * 11 + 1 + 1001) * 2 + 24 + 5);
    }
}

TEST_CASE("safetensors narrowing copies tensors of other dtypes unchanged", "[engine]") {
    const Bytes ids = toBytes(std::vector<std::int64_t>{7, -1, 1LL << 62, 0, 42, 9});
    const Bytes doubles = toBytes(std::vector<double>{0.1, 1e300, -3.5});
    const Bytes halves = toBytes(std::vector<std::uint16_t>{0x3c00, 0x7bff, 0x0001});
    const Bytes input = makeSafetensors({{"ids", "I64", {2, 3}, ids},
                                         {"weights", "F32", {2}, toBytes(std::vector<float>{1, 2})},
                                         {"precise", "F64", {3}, doubles},
                                         {"already", "F16", {3}, halves}});
    SafetensorsNarrowing narrowing(Target::Float16);
    auto output = convert(narrowing, input, 4, 16);
    REQUIRE(output.ok());
    const Parsed parsed = parse(output.value());
    CHECK(parsed.header["ids"]["dtype"] == "I64");
    CHECK(tensorBytes(parsed, "ids") == ids);
    CHECK(parsed.header["precise"]["dtype"] == "F64");
    CHECK(tensorBytes(parsed, "precise") == doubles);
    CHECK(parsed.header["already"]["dtype"] == "F16");
    CHECK(tensorBytes(parsed, "already") == halves);
    CHECK(tensorBytes(parsed, "weights") == toBytes(std::vector<std::uint16_t>{0x3c00, 0x4000}));

    const auto report = narrowing.report();
    CHECK(report["sizeBefore"] == input.size());
    CHECK(report["sizeAfter"] == output->size());
    CHECK(report["f32BytesBefore"] == 8);
    CHECK(report["f32BytesAfter"] == 4);
    REQUIRE(report["tensors"].size() == 4);
    CHECK(report["tensors"][0]["name"] == "ids");
    CHECK(report["tensors"][0]["dtypeAfter"] == "I64");
    CHECK(report["tensors"][1]["name"] == "weights");
    CHECK(report["tensors"][1]["dtypeBefore"] == "F32");
    CHECK(report["tensors"][1]["dtypeAfter"] == "F16");
    CHECK(report["tensors"][1]["maxAbsError"] == 0.0);
}

TEST_CASE("safetensors report gives each tensor's largest errors and overflows", "[engine]") {
    const std::vector<float> values = {1.0f,
                                       65520.0f,
                                       1.0e5f,
                                       1.0f + std::ldexp(1.0f, -11),
                                       std::ldexp(1.0f, -25) * 1.5f,
                                       std::numeric_limits<float>::quiet_NaN()};
    const Bytes input = makeSafetensors({{"w", "F32", {6}, toBytes(values)}});
    SafetensorsNarrowing narrowing(Target::Float16);
    REQUIRE(convert(narrowing, input, 1, 7).ok());
    const auto tensor = narrowing.report()["tensors"][0];
    CHECK(tensor["name"] == "w");
    CHECK(tensor["shape"] == nlohmann::json({6}));
    CHECK(tensor["elements"] == 6);
    CHECK(tensor["overflowToInf"] == 2);
    // 1 + 2^-11 became 1.0: relative error 2^-11 / (1 + 2^-11); the tiny value's absolute error
    // (2^-25 * 1.5 -> 2^-24) is smaller and below the relative threshold.
    CHECK(tensor["maxAbsError"].get<double>() == Approx(std::ldexp(1.0, -11)));
    CHECK(tensor["maxRelError"].get<double>() ==
          Approx(std::ldexp(1.0, -11) / (1.0 + std::ldexp(1.0, -11))));
}

TEST_CASE("safetensors narrowing refuses malformed input and names the tensor", "[engine]") {
    const Bytes good = makeSafetensors({{"a", "F32", {4}, toBytes(std::vector<float>{1, 2, 3, 4})},
                                        {"b", "F32", {2}, toBytes(std::vector<float>{5, 6})}});

    SECTION("not a safetensors file") {
        std::string text = "name,size\nimages/p-001.png,1234\n";
        Bytes csv(text.size());
        std::memcpy(csv.data(), text.data(), text.size());
        auto result = convert(csv);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_not_safetensors");
        CHECK_THAT(result.error().message, Catch::Contains("not a safetensors file"));
    }
    SECTION("a header above 100 MiB") {
        Bytes huge(16, std::byte{0});
        huge[3] = std::byte{0x07}; // 0x07000000 bytes = 112 MiB
        auto result = convert(huge);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_not_safetensors");
    }
    SECTION("invalid header JSON") {
        auto result = convert(rawSafetensors(R"({"a":{"dtype":"F32",)", 16));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_header");
        CHECK_THAT(result.error().message, Catch::Contains("not valid JSON"));
    }
    SECTION("a tensor entry without offsets") {
        auto result = convert(rawSafetensors(R"({"a":{"dtype":"F32","shape":[4]}})", 16));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_header");
        CHECK(result.error().context == "tensor \"a\"");
    }
    SECTION("overlapping offsets") {
        auto result =
            convert(rawSafetensors(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                                   16));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_offsets");
        CHECK(result.error().context == "tensor \"b\"");
        CHECK_THAT(result.error().message, Catch::Contains("overlaps tensor \"a\""));
    }
    SECTION("a gap between tensors") {
        auto result =
            convert(rawSafetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                   R"("b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}})",
                                   24));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_offsets");
        CHECK(result.error().context == "tensor \"b\"");
        CHECK_THAT(result.error().message, Catch::Contains("do not cover"));
    }
    SECTION("a shape that does not match the offsets") {
        auto result = convert(
            rawSafetensors(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", 16));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_offsets");
        CHECK(result.error().context == "tensor \"a\"");
    }
    SECTION("offsets beyond the data: truncated") {
        for (std::size_t cut : {std::size_t{1}, std::size_t{8}, std::size_t{12}}) {
            auto result =
                convert(Bytes(good.begin(), good.end() - std::ptrdiff_t(cut)), Target::Float16, 3);
            REQUIRE_FALSE(result.ok());
            CHECK(result.error().code == "transform.safetensors_truncated");
            CHECK(result.error().context == (cut == 12 ? "tensor \"a\"" : "tensor \"b\""));
        }
    }
    SECTION("truncated inside the header") {
        auto result = convert(Bytes(good.begin(), good.begin() + 20));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_truncated");
        CHECK(result.error().context == "safetensors header");
    }
    SECTION("data after the last tensor") {
        Bytes longer = good;
        longer.push_back(std::byte{0});
        auto result = convert(longer);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_offsets");
        CHECK(result.error().context == "tensor \"b\"");
    }
    SECTION("empty") {
        auto result = convert(Bytes{});
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_truncated");
    }
}

TEST_CASE("safetensors options are read from JSON", "[engine]") {
    auto options = SafetensorsOptions::fromJson(nlohmann::json::parse(
        R"({"type":"safetensors","dtype":"bfloat16","match":"models/*.safetensors"})"));
    REQUIRE(options.ok());
    CHECK(options->dtype == Target::BFloat16);
    CHECK(options->match == "models/*.safetensors");
    CHECK(options->makeTransform()->report()["dtype"] == "bfloat16");

    auto defaults = SafetensorsOptions::fromJson(
        nlohmann::json::parse(R"({"type":"safetensors","dtype":"float16"})"));
    REQUIRE(defaults.ok());
    CHECK(defaults->match == "*.safetensors");

    for (const auto& bad : {R"({"type":"safetensors"})", R"({"type":"safetensors","dtype":"int8"})",
                            R"({"type":"safetensors","dtype":"float16","extra":1})"}) {
        INFO(bad);
        auto result = SafetensorsOptions::fromJson(nlohmann::json::parse(bad));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "transform.safetensors_options");
    }
}

TEST_CASE("safetensors narrowing agrees with numpy", "[engine]") {
    const Bytes input =
        makeSafetensors({{"encoder.weight", "F32", {64, 33}, toBytes(testValues(64 * 33, 11))},
                         {"positions", "I64", {4}, toBytes(std::vector<std::int64_t>{0, 1, 2, 3})},
                         {"encoder.bias", "F32", {33}, toBytes(testValues(33, 12))},
                         {"decoder.weight", "F32", {3, 5, 7}, toBytes(testValues(105, 13))}},
                        {{"format", "pt"}, {"source", "unit test"}});
    for (Target target : {Target::Float16, Target::BFloat16}) {
        INFO((target == Target::Float16 ? "float16" : "bfloat16"));
        checkWithNumpy(input, target);
    }
}

TEST_CASE("the numpy check notices a value narrowed wrongly", "[engine]") {
    const Bytes input =
        makeSafetensors({{"w", "F32", {3}, toBytes(std::vector<float>{1.0f, 2.0f, 3.0f})}});
    auto output = convert(input);
    REQUIRE(output.ok());
    Bytes wrong = output.value();
    wrong.back() ^= std::byte{0x01}; // the last half's top byte: 3.0 becomes another value
    const auto result = runNumpyCheck(input, wrong, Target::Float16);
    INFO(result.output);
    CHECK(result.exitCode == 1);
    CHECK_THAT(result.output, Catch::Contains("w: 1 values differ from numpy"));
}

TEST_CASE("safetensors narrowing of the demo's recommendation model agrees with numpy",
          "[engine]") {
    const fs::path source = FERRY_SOURCE_DIR;
    const fs::path model =
        source / "resources/demo/data/source/recommendation-model/recommender-v3.safetensors";
    if (!fs::exists(model)) {
        const auto generated =
            runCommand("'" + (source / "resources/demo/generate-sample-data.sh").string() + "'");
        INFO(generated.output);
        REQUIRE(generated.exitCode == 0);
    }
    REQUIRE(fs::exists(model));
    const Bytes input = readFile(model);
    for (Target target : {Target::Float16, Target::BFloat16}) {
        INFO((target == Target::Float16 ? "float16" : "bfloat16"));
        const auto report = checkWithNumpy(input, target);
        const auto f32Before = report["f32BytesBefore"].get<std::uint64_t>();
        CHECK(f32Before > 0);
        CHECK(report["f32BytesAfter"] == f32Before / 2);
        CHECK(report["sizeBefore"] == input.size());
        // Only the header differs from exactly half the float32 data.
        const auto sizeBefore = report["sizeBefore"].get<double>();
        const auto sizeAfter = report["sizeAfter"].get<double>();
        CHECK(sizeAfter == Approx(sizeBefore - double(f32Before) / 2).margin(256));
        CHECK(sizeAfter / sizeBefore == Approx(0.5).margin(0.02));
        for (const auto& tensor : report["tensors"]) {
            INFO(tensor.dump());
            CHECK(tensor["overflowToInf"] == 0);
            CHECK(tensor["maxRelError"].get<double>() <=
                  (target == Target::Float16 ? std::ldexp(1.0, -11) : std::ldexp(1.0, -8)));
        }
    }
}
