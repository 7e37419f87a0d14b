#include <ferry/engine/SafetensorsNarrowing.hpp>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

namespace ferry::engine {

namespace {

constexpr std::size_t kOutBufferBytes = 64 * 1024;

const std::map<std::string, std::uint64_t>& dtypeSizes() {
    static const std::map<std::string, std::uint64_t> sizes = {
        {"F64", 8}, {"F32", 4}, {"F16", 2},  {"BF16", 2}, {"F8_E4M3", 1}, {"F8_E5M2", 1},
        {"I64", 8}, {"I32", 4}, {"I16", 2},  {"I8", 1},   {"U64", 8},     {"U32", 4},
        {"U16", 2}, {"U8", 1},  {"BOOL", 1}, {"C64", 8}};
    return sizes;
}

std::string targetName(SafetensorsOptions::Target target) {
    return target == SafetensorsOptions::Target::Float16 ? "float16" : "bfloat16";
}

std::string targetDtype(SafetensorsOptions::Target target) {
    return target == SafetensorsOptions::Target::Float16 ? "F16" : "BF16";
}

model::Error optionsError(std::string message) {
    return {"transform.safetensors_options", std::move(message), "safetensors"};
}

model::Error headerError(std::string message, std::string context = "safetensors header") {
    return {"transform.safetensors_header", std::move(message), std::move(context)};
}

} // namespace

std::uint16_t floatToFloat16(float f) {
    const auto x = std::bit_cast<std::uint32_t>(f);
    const auto sign = static_cast<std::uint16_t>((x >> 16) & 0x8000u);
    const std::uint32_t abs = x & 0x7fffffffu;
    if (abs > 0x7f800000u) // NaN: keep it a NaN, quiet, with the payload's top bits
        return static_cast<std::uint16_t>(sign | 0x7e00u | ((abs >> 13) & 0x3ffu));
    if (abs >= 0x38800000u) {                 // at least 2^-14: a normal half, or infinity
        std::uint32_t m = abs - (112u << 23); // rebias the exponent from 127 to 15
        m += 0xfffu + ((m >> 13) & 1u);       // round the 13 dropped bits to nearest even
        if (m >= (31u << 23))
            return static_cast<std::uint16_t>(sign | 0x7c00u);
        return static_cast<std::uint16_t>(sign | (m >> 13));
    }
    const std::uint32_t exponent = abs >> 23;
    if (exponent < 102) // below 2^-25 (or exactly half of the smallest subnormal at most): zero
        return sign;
    // A half subnormal counts units of 2^-24; the float is mantissa * 2^(exponent - 150).
    const std::uint32_t mantissa = (abs & 0x7fffffu) | 0x800000u;
    const std::uint32_t shift = 126 - exponent; // 14 .. 24
    std::uint32_t q = mantissa >> shift;
    const std::uint32_t rest = mantissa & ((1u << shift) - 1);
    const std::uint32_t half = 1u << (shift - 1);
    if (rest > half || (rest == half && (q & 1u)))
        ++q; // may become 0x400, the smallest normal, which is the right encoding
    return static_cast<std::uint16_t>(sign | q);
}

std::uint16_t floatToBFloat16(float f) {
    const auto x = std::bit_cast<std::uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u)
        return static_cast<std::uint16_t>((x >> 16) | 0x0040u);
    return static_cast<std::uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

float float16ToFloat(std::uint16_t bits) {
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1fu;
    const std::uint32_t mantissa = bits & 0x3ffu;
    if (exponent == 0) {
        const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 31)
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(std::uint16_t bits) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

model::Result<SafetensorsOptions> SafetensorsOptions::fromJson(const nlohmann::json& json) {
    if (!json.is_object())
        return optionsError("The safetensors step must be a JSON object such as "
                            "{\"type\":\"safetensors\",\"dtype\":\"float16\"}.");
    SafetensorsOptions options;
    bool dtypeGiven = false;
    for (const auto& [key, value] : json.items()) {
        if (key == "type") {
            if (value != "safetensors")
                return optionsError("The step's type is not \"safetensors\".");
        } else if (key == "dtype") {
            if (value == "float16")
                options.dtype = Target::Float16;
            else if (value == "bfloat16")
                options.dtype = Target::BFloat16;
            else
                return optionsError("The safetensors dtype must be \"float16\" or \"bfloat16\", "
                                    "not " +
                                    value.dump() + ".");
            dtypeGiven = true;
        } else if (key == "match") {
            if (!value.is_string() || value.get<std::string>().empty())
                return optionsError("The safetensors match must be a file pattern such as "
                                    "\"*.safetensors\".");
            options.match = value.get<std::string>();
        } else {
            return optionsError("The safetensors step has an unknown option \"" + key +
                                "\"; the options are type, dtype and match.");
        }
    }
    if (!dtypeGiven)
        return optionsError("The safetensors step needs a dtype: \"float16\" or \"bfloat16\".");
    return options;
}

std::unique_ptr<StreamTransform> SafetensorsOptions::makeTransform() const {
    return std::make_unique<SafetensorsNarrowing>(dtype);
}

SafetensorsNarrowing::SafetensorsNarrowing(SafetensorsOptions::Target target) : m_target(target) {}

model::Result<void> SafetensorsNarrowing::fail(model::Error error) {
    m_phase = Phase::Failed;
    return error;
}

model::Result<void> SafetensorsNarrowing::write(std::span<const std::byte> data,
                                                const ByteSink& sink) {
    assert(m_phase != Phase::Failed);
    m_bytesIn += data.size();
    if (m_phase == Phase::Length) {
        const std::size_t take = std::min(data.size(), m_lengthBytes.size() - m_lengthFilled);
        std::memcpy(m_lengthBytes.data() + m_lengthFilled, data.data(), take);
        m_lengthFilled += take;
        data = data.subspan(take);
        if (m_lengthFilled < m_lengthBytes.size())
            return model::success();
        for (std::size_t i = 0; i < 8; ++i)
            m_headerLength |= static_cast<std::uint64_t>(m_lengthBytes[i]) << (8 * i);
        if (m_headerLength < 2 || m_headerLength > kMaxHeaderBytes)
            return fail({"transform.safetensors_not_safetensors",
                         "The object is not a safetensors file: its first 8 bytes give a header "
                         "length of " +
                             std::to_string(m_headerLength) +
                             " bytes (at most 100 MiB expected); leave it out of the "
                             "safetensors step's match.",
                         "safetensors header"});
        m_header.reserve(m_headerLength);
        m_phase = Phase::Header;
    }
    if (m_phase == Phase::Header) {
        const std::size_t take = static_cast<std::size_t>(
            std::min<std::uint64_t>(data.size(), m_headerLength - m_header.size()));
        m_header.append(reinterpret_cast<const char*>(data.data()), take);
        data = data.subspan(take);
        if (m_header.size() < m_headerLength)
            return model::success();
        if (auto read = readHeader(sink); !read)
            return fail(read.error());
        m_phase = Phase::Data;
    }
    if (data.empty())
        return model::success();
    if (auto written = writeData(data, sink); !written)
        return fail(written.error());
    return model::success();
}

model::Result<void> SafetensorsNarrowing::readHeader(const ByteSink& sink) {
    if (m_header.front() != '{')
        return model::Error{"transform.safetensors_not_safetensors",
                            "The object is not a safetensors file: its header does not start "
                            "with a JSON object; leave it out of the safetensors step's match.",
                            "safetensors header"};
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(m_header);
    } catch (const nlohmann::json::parse_error& e) {
        return headerError(std::string("The safetensors header is not valid JSON (") + e.what() +
                           "); the file is damaged or not a safetensors file.");
    }
    if (!header.is_object())
        return headerError("The safetensors header is not a JSON object.");

    nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                return headerError("__metadata__ must be an object of strings.", "__metadata__");
            for (const auto& [key, value] : entry.items())
                metadata[key] = value;
            continue;
        }
        const std::string context = "tensor \"" + name + "\"";
        if (!entry.is_object() || !entry.contains("dtype") || !entry["dtype"].is_string() ||
            !entry.contains("shape") || !entry["shape"].is_array() ||
            !entry.contains("data_offsets") || !entry["data_offsets"].is_array() ||
            entry["data_offsets"].size() != 2)
            return headerError("The tensor's entry needs a dtype, a shape and two data_offsets.",
                               context);
        Tensor tensor;
        tensor.name = name;
        tensor.dtype = entry["dtype"].get<std::string>();
        std::uint64_t elements = 1;
        for (const auto& dim : entry["shape"]) {
            if (!dim.is_number_unsigned())
                return headerError("The tensor's shape holds " + dim.dump() +
                                       "; dimensions are whole numbers of at least 0.",
                                   context);
            tensor.shape.push_back(dim.get<std::uint64_t>());
            elements *= tensor.shape.back();
        }
        const auto& offsets = entry["data_offsets"];
        if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            return headerError("The tensor's data_offsets must be whole numbers.", context);
        tensor.begin = offsets[0].get<std::uint64_t>();
        tensor.end = offsets[1].get<std::uint64_t>();
        if (tensor.end < tensor.begin)
            return model::Error{"transform.safetensors_offsets",
                                "The tensor's data_offsets end (" + std::to_string(tensor.end) +
                                    ") before they begin (" + std::to_string(tensor.begin) + ").",
                                context};
        const auto size = dtypeSizes().find(tensor.dtype);
        if (size != dtypeSizes().end() && elements * size->second != tensor.end - tensor.begin)
            return model::Error{"transform.safetensors_offsets",
                                "The tensor's shape needs " +
                                    std::to_string(elements * size->second) + " bytes of " +
                                    tensor.dtype + " but its data_offsets cover " +
                                    std::to_string(tensor.end - tensor.begin) + ".",
                                context};
        tensor.narrow = tensor.dtype == "F32";
        m_tensors.push_back(std::move(tensor));
    }

    std::sort(m_tensors.begin(), m_tensors.end(), [](const Tensor& a, const Tensor& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t expected = 0;
    std::uint64_t newOffset = 0;
    bool anyNarrowed = false;
    for (std::size_t i = 0; i < m_tensors.size(); ++i) {
        Tensor& tensor = m_tensors[i];
        if (tensor.begin < expected)
            return model::Error{"transform.safetensors_offsets",
                                "The tensor's data [" + std::to_string(tensor.begin) + ", " +
                                    std::to_string(tensor.end) + ") overlaps tensor \"" +
                                    m_tensors[i - 1].name + "\", which ends at " +
                                    std::to_string(expected) + ".",
                                "tensor \"" + tensor.name + "\""};
        if (tensor.begin > expected)
            return model::Error{"transform.safetensors_offsets",
                                "The tensor's data starts at " + std::to_string(tensor.begin) +
                                    " but the data before it ends at " + std::to_string(expected) +
                                    ": the offsets leave a gap, so they do not cover the data.",
                                "tensor \"" + tensor.name + "\""};
        expected = tensor.end;
        const std::uint64_t size = tensor.end - tensor.begin;
        tensor.newBegin = newOffset;
        tensor.newEnd = newOffset + (tensor.narrow ? size / 2 : size);
        newOffset = tensor.newEnd;
        anyNarrowed = anyNarrowed || tensor.narrow;
    }

    if (anyNarrowed) {
        metadata["ferry.narrowed_from"] = "F32";
        metadata["ferry.narrowed_to"] = targetDtype(m_target);
    }
    nlohmann::ordered_json newHeader = nlohmann::ordered_json::object();
    if (!metadata.empty() || header.contains("__metadata__"))
        newHeader["__metadata__"] = metadata;
    for (const Tensor& tensor : m_tensors)
        newHeader[tensor.name] = {{"dtype", tensor.narrow ? targetDtype(m_target) : tensor.dtype},
                                  {"shape", tensor.shape},
                                  {"data_offsets", {tensor.newBegin, tensor.newEnd}}};
    std::string text = newHeader.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    m_newHeaderLength = text.size();

    std::array<std::byte, 8> length{};
    for (std::size_t i = 0; i < 8; ++i)
        length[i] = static_cast<std::byte>((m_newHeaderLength >> (8 * i)) & 0xffu);
    if (auto sent = sink(length); !sent)
        return sent;
    if (auto sent = sink(std::as_bytes(std::span(text))); !sent)
        return sent;
    m_bytesOut += length.size() + text.size();
    m_out.resize(kOutBufferBytes);
    return model::success();
}

model::Result<void> SafetensorsNarrowing::writeData(std::span<const std::byte> data,
                                                    const ByteSink& sink) {
    while (!data.empty()) {
        while (m_current < m_tensors.size() && m_tensors[m_current].end == m_dataPos)
            ++m_current;
        if (m_current == m_tensors.size())
            return model::Error{"transform.safetensors_offsets",
                                "The file has more data after the last tensor, which ends at " +
                                    std::to_string(m_dataPos) +
                                    ": the header's offsets do not cover the data.",
                                m_tensors.empty() ? "safetensors data"
                                                  : "tensor \"" + m_tensors.back().name + "\""};
        Tensor& tensor = m_tensors[m_current];
        const auto take =
            static_cast<std::size_t>(std::min<std::uint64_t>(data.size(), tensor.end - m_dataPos));
        const auto piece = data.first(take);
        if (tensor.narrow) {
            if (auto narrowed = narrow(tensor, piece, sink); !narrowed)
                return narrowed;
        } else {
            if (auto sent = sink(piece); !sent)
                return sent;
            m_bytesOut += piece.size();
        }
        m_dataPos += take;
        data = data.subspan(take);
    }
    return model::success();
}

void SafetensorsNarrowing::convertElement(Tensor& tensor, const std::byte* in,
                                          std::byte* out) const {
    std::uint32_t bits = 0;
    for (int i = 0; i < 4; ++i)
        bits |= static_cast<std::uint32_t>(in[i]) << (8 * i);
    const float value = std::bit_cast<float>(bits);
    const bool half = m_target == SafetensorsOptions::Target::Float16;
    const std::uint16_t narrowed = half ? floatToFloat16(value) : floatToBFloat16(value);
    out[0] = static_cast<std::byte>(narrowed & 0xffu);
    out[1] = static_cast<std::byte>(narrowed >> 8);
    ++tensor.elements;
    if (!std::isfinite(value))
        return;
    const double back = half ? float16ToFloat(narrowed) : bfloat16ToFloat(narrowed);
    if (std::isinf(back)) {
        ++tensor.overflowToInf;
        return;
    }
    const double x = value;
    const double error = std::abs(back - x);
    tensor.maxAbsError = std::max(tensor.maxAbsError, error);
    const double smallestNormal =
        half ? 6.103515625e-05 : static_cast<double>(std::numeric_limits<float>::min());
    if (std::abs(x) >= smallestNormal)
        tensor.maxRelError = std::max(tensor.maxRelError, error / std::abs(x));
}

model::Result<void> SafetensorsNarrowing::narrow(Tensor& tensor, std::span<const std::byte> data,
                                                 const ByteSink& sink) {
    std::size_t outFilled = 0;
    if (m_carryFilled > 0) {
        const std::size_t take = std::min(data.size(), 4 - m_carryFilled);
        std::memcpy(m_carry.data() + m_carryFilled, data.data(), take);
        m_carryFilled += take;
        data = data.subspan(take);
        if (m_carryFilled < 4)
            return model::success();
        convertElement(tensor, m_carry.data(), m_out.data());
        outFilled = 2;
        m_carryFilled = 0;
    }
    while (data.size() >= 4) {
        if (outFilled + 2 > m_out.size()) {
            if (auto sent = sink(std::span(m_out).first(outFilled)); !sent)
                return sent;
            m_bytesOut += outFilled;
            outFilled = 0;
        }
        convertElement(tensor, data.data(), m_out.data() + outFilled);
        outFilled += 2;
        data = data.subspan(4);
    }
    std::memcpy(m_carry.data(), data.data(), data.size());
    m_carryFilled = data.size();
    if (outFilled > 0) {
        if (auto sent = sink(std::span(m_out).first(outFilled)); !sent)
            return sent;
        m_bytesOut += outFilled;
    }
    return model::success();
}

model::Result<void> SafetensorsNarrowing::finish(const ByteSink& /*sink*/) {
    assert(m_phase != Phase::Failed);
    if (m_phase == Phase::Length)
        return fail({"transform.safetensors_truncated",
                     m_bytesIn == 0 ? "The object is empty, not a safetensors file."
                                    : "The object ends after " + std::to_string(m_bytesIn) +
                                          " bytes, inside the 8-byte header length: it is not a "
                                          "safetensors file or it is truncated.",
                     "safetensors header"});
    if (m_phase == Phase::Header)
        return fail({"transform.safetensors_truncated",
                     "The object ends inside its safetensors header (" +
                         std::to_string(m_header.size()) + " of " + std::to_string(m_headerLength) +
                         " bytes): it is truncated; copy it again whole.",
                     "safetensors header"});
    while (m_current < m_tensors.size() && m_tensors[m_current].end == m_dataPos)
        ++m_current;
    if (m_current < m_tensors.size()) {
        const Tensor& tensor = m_tensors[m_current];
        return fail({"transform.safetensors_truncated",
                     "The object ends inside the tensor's data (" +
                         std::to_string(m_dataPos - tensor.begin) + " of " +
                         std::to_string(tensor.end - tensor.begin) +
                         " bytes): it is truncated; copy it again whole.",
                     "tensor \"" + tensor.name + "\""});
    }
    return model::success();
}

nlohmann::json SafetensorsNarrowing::report() const {
    nlohmann::json tensors = nlohmann::json::array();
    std::uint64_t f32Before = 0;
    std::uint64_t f32After = 0;
    for (const Tensor& tensor : m_tensors) {
        nlohmann::json entry = {
            {"name", tensor.name},
            {"shape", tensor.shape},
            {"dtypeBefore", tensor.dtype},
            {"dtypeAfter", tensor.narrow ? targetDtype(m_target) : tensor.dtype}};
        if (tensor.narrow) {
            f32Before += tensor.end - tensor.begin;
            f32After += tensor.newEnd - tensor.newBegin;
            entry["elements"] = tensor.elements;
            entry["maxAbsError"] = tensor.maxAbsError;
            entry["maxRelError"] = tensor.maxRelError;
            entry["overflowToInf"] = tensor.overflowToInf;
        }
        tensors.push_back(std::move(entry));
    }
    return {{"type", "safetensors"},
            {"dtype", targetName(m_target)},
            {"sizeBefore", m_bytesIn},
            {"sizeAfter", m_bytesOut},
            {"headerBytesBefore", m_headerLength},
            {"headerBytesAfter", m_newHeaderLength},
            {"f32BytesBefore", f32Before},
            {"f32BytesAfter", f32After},
            {"tensors", tensors}};
}

} // namespace ferry::engine
