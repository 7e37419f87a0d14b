// Streams one CSV file through CsvCleaner in 1 MiB chunks and prints the throughput and the
// cleaner's report: the program behind tests/bench/run-csv-clean-bench.sh.
// Usage: csv_clean_driver OPTIONS_JSON INPUT OUTPUT   (OPTIONS_JSON as text, OUTPUT may be
// /dev/null)
#include <ferry/engine/CsvCleaner.hpp>

#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: csv_clean_driver OPTIONS_JSON INPUT OUTPUT\n");
        return 2;
    }
    const auto json = nlohmann::json::parse(argv[1], nullptr, false);
    auto options = ferry::engine::CsvCleanOptions::fromJson(json);
    if (json.is_discarded() || !options) {
        std::fprintf(stderr, "csv_clean_driver: bad options: %s\n",
                     json.is_discarded() ? "not JSON" : options.error().toString().c_str());
        return 2;
    }
    std::FILE* in = std::fopen(argv[2], "rb");
    std::FILE* out = std::fopen(argv[3], "wb");
    if (!in || !out) {
        std::fprintf(stderr, "csv_clean_driver: cannot open %s or %s\n", argv[2], argv[3]);
        return 1;
    }
    ferry::engine::CsvCleaner cleaner(std::move(*options));
    const ferry::engine::ByteSink sink =
        [out](std::span<const std::byte> bytes) -> ferry::model::Result<void> {
        if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size())
            return ferry::model::Error{"io.write", "cannot write the output", ""};
        return ferry::model::success();
    };
    std::vector<std::byte> buffer(std::size_t{1} << 20);
    const auto start = std::chrono::steady_clock::now();
    std::size_t total = 0;
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), in)) {
        total += n;
        if (auto r = cleaner.write(std::span(buffer.data(), n), sink); !r) {
            std::fprintf(stderr, "csv_clean_driver: %s\n", r.error().toString().c_str());
            return 1;
        }
    }
    if (auto r = cleaner.finish(sink); !r) {
        std::fprintf(stderr, "csv_clean_driver: %s\n", r.error().toString().c_str());
        return 1;
    }
    std::fclose(out);
    std::fclose(in);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("seconds=%.3f mb_per_s=%.1f bytes=%zu\n", seconds, double(total) / 1e6 / seconds,
                total);
    std::printf("report=%s\n", cleaner.report().dump().c_str());
    return 0;
}
