#pragma once

#include <ferry/engine/StreamTransform.hpp>
#include <ferry/model/Result.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ferry::engine {

/// What a safetensors step asks for:
/// `{"type":"safetensors","dtype":"float16"|"bfloat16","match":"*.safetensors"}`.
struct SafetensorsOptions {
    /// The narrower float type float32 tensors become.
    enum class Target { Float16, BFloat16 };

    Target dtype = Target::Float16;      ///< Required in JSON: "float16" or "bfloat16".
    std::string match = "*.safetensors"; ///< Which object keys the step applies to (kept as given).

    /// Reads the options; "dtype" is required, "match" optional, anything unknown is refused.
    static model::Result<SafetensorsOptions> fromJson(const nlohmann::json& json);
    /// A new transform for one object with these options.
    std::unique_ptr<StreamTransform> makeTransform() const;
};

/// IEEE 754 half (binary16) bits of f, rounded to nearest even: subnormals kept, values from
/// 65520 up become infinity, NaN stays a (quiet) NaN, the sign of zero is kept.
std::uint16_t floatToFloat16(float f);
/// bfloat16 bits of f: the upper 16 bits rounded to nearest even; NaN stays a quiet NaN.
std::uint16_t floatToBFloat16(float f);
/// The float a half's bits stand for (exact).
float float16ToFloat(std::uint16_t bits);
/// The float a bfloat16's bits stand for (exact).
float bfloat16ToFloat(std::uint16_t bits);

/// Narrows the F32 tensors of a .safetensors file to F16 or BF16 while it streams; other dtypes
/// are copied unchanged. Memory holds the header (refused above 100 MiB) and one 64 KiB buffer.
/// The new header keeps __metadata__, adds "ferry.narrowed_from": "F32" and
/// "ferry.narrowed_to", lists the tensors in their data order with contiguous offsets, and is
/// padded with spaces to a multiple of 8 bytes, as the reference implementation writes it.
class SafetensorsNarrowing final : public StreamTransform {
public:
    /// Headers larger than this are refused: the reference implementation's limit.
    static constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

    /// Narrows F32 tensors to the given type.
    explicit SafetensorsNarrowing(SafetensorsOptions::Target target);

    /// Reads the header, then converts tensor data as it arrives; errors name the tensor.
    model::Result<void> write(std::span<const std::byte> data, const ByteSink& sink) override;
    /// "transform.safetensors_truncated" when the header or a tensor's data is incomplete.
    model::Result<void> finish(const ByteSink& sink) override;
    /// {"type","dtype","sizeBefore","sizeAfter","f32BytesBefore","f32BytesAfter","tensors":[
    /// {"name","shape","dtypeBefore","dtypeAfter","elements","maxAbsError","maxRelError",
    /// "overflowToInf"}]}: errors over finite inputs whose result is finite; NaN and infinite
    /// inputs are skipped; maxRelError only over |x| >= the target's smallest normal number
    /// (2^-14 for F16, 2^-126 for BF16), below which the target is subnormal and only the
    /// absolute error means something; overflowToInf counts finite inputs that became infinite.
    nlohmann::json report() const override;

private:
    struct Tensor {
        std::string name;
        std::string dtype;
        std::vector<std::uint64_t> shape;
        std::uint64_t begin = 0;
        std::uint64_t end = 0;
        std::uint64_t newBegin = 0;
        std::uint64_t newEnd = 0;
        bool narrow = false;
        std::uint64_t elements = 0;
        double maxAbsError = 0.0;
        double maxRelError = 0.0;
        std::uint64_t overflowToInf = 0;
    };
    enum class Phase { Length, Header, Data, Failed };

    model::Result<void> readHeader(const ByteSink& sink);
    model::Result<void> writeData(std::span<const std::byte> data, const ByteSink& sink);
    model::Result<void> narrow(Tensor& tensor, std::span<const std::byte> data,
                               const ByteSink& sink);
    void convertElement(Tensor& tensor, const std::byte* in, std::byte* out) const;
    model::Result<void> fail(model::Error error);

    SafetensorsOptions::Target m_target;
    Phase m_phase = Phase::Length;
    std::array<std::byte, 8> m_lengthBytes{};
    std::size_t m_lengthFilled = 0;
    std::uint64_t m_headerLength = 0;
    std::string m_header;
    std::uint64_t m_newHeaderLength = 0;
    std::vector<Tensor> m_tensors;
    std::size_t m_current = 0;
    std::uint64_t m_dataPos = 0;
    std::array<std::byte, 4> m_carry{};
    std::size_t m_carryFilled = 0;
    std::vector<std::byte> m_out;
    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
};

} // namespace ferry::engine
