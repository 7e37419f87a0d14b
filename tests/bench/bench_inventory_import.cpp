// Streaming CSV inventory import: rows per second for a generated inventory in the generic and
// rvtools formats. Run: build/tests/bench/bench_inventory_import
#include <ferry/model/InventoryImport.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

namespace {

using namespace ferry::model;

// A generated inventory file, written once per row count and format, removed at exit.
class GeneratedInventory {
public:
    static const std::filesystem::path& generic(int rows) { return instance().get(rows, false); }
    static const std::filesystem::path& rvtools(int rows) { return instance().get(rows, true); }

    ~GeneratedInventory() {
        for (const auto& [key, path] : m_files) {
            std::error_code ec;
            std::filesystem::remove(path, ec);
        }
    }

private:
    static GeneratedInventory& instance() {
        static GeneratedInventory files;
        return files;
    }

    const std::filesystem::path& get(int rows, bool rvtools) {
        const auto key = std::make_pair(rows, rvtools);
        auto it = m_files.find(key);
        if (it != m_files.end()) {
            return it->second;
        }
        const auto path = std::filesystem::temp_directory_path() /
                          ("ferry-bench-" + std::to_string(::getpid()) + "-" +
                           (rvtools ? "rvtools-" : "generic-") + std::to_string(rows) + ".csv");
        std::ofstream out(path, std::ios::binary);
        if (rvtools) {
            out << "VM,Powerstate,Template,CPUs,Memory,NICs,Disks,Provisioned MiB,In Use MiB,"
                   "Annotation,Datacenter,Cluster,Host,OS according to the configuration file,"
                   "VM ID,VM UUID\r\n";
            for (int i = 0; i < rows; ++i) {
                out << "vm-name-" << i << ",poweredOn,False," << (1 + i % 32) << ","
                    << (1024 * (1 + i % 64)) << ",1,2," << (40960 + i) << "," << (20480 + i)
                    << ",\"Owner: team " << (i % 50) << ", \"\"prod\"\"\",DC-" << (i % 4)
                    << ",Cluster-" << (i % 16) << ",esx" << (i % 200)
                    << ".corp.example,Microsoft Windows Server 2019 (64-bit),vm-" << i
                    << ",4213c5e2-" << i << "\r\n";
            }
        } else {
            out << "id,name,kind,site,size_gb,change_rate_gb_per_day,vcpu,memory_gb,monthly_cost,"
                   "criticality,owner,tags,endpoint\n";
            for (int i = 0; i < rows; ++i) {
                out << "wl-" << i << ",\"Workload " << i << ", tier " << (i % 3) << "\","
                    << (i % 2 ? "database" : "vm") << ",site-" << (i % 20) << "," << (i % 5000)
                    << ".5,0.25," << (1 + i % 64) << "," << (2 + i % 128) << "," << (i % 1000)
                    << ",high,team-" << (i % 50) << ",pci;tier-" << (i % 3) << ",file:///data/" << i
                    << "\n";
            }
        }
        return m_files.emplace(key, path).first->second;
    }

    std::map<std::pair<int, bool>, std::filesystem::path> m_files;
};

void runImport(benchmark::State& state, const std::filesystem::path& path,
               const InventoryImportOptions& options) {
    const auto bytes = std::filesystem::file_size(path);
    for (auto _ : state) {
        ProjectData data;
        InventoryImportReport report;
        auto r = InventoryImport::importFile(path, data, options, report);
        if (!r.ok() || report.rowsImported != static_cast<std::size_t>(state.range(0))) {
            state.SkipWithError("import failed");
            break;
        }
        benchmark::DoNotOptimize(data.workloads.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}

void BM_ImportGeneric(benchmark::State& state) {
    runImport(state, GeneratedInventory::generic(static_cast<int>(state.range(0))), {});
}
BENCHMARK(BM_ImportGeneric)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_ImportRvtools(benchmark::State& state) {
    InventoryImportOptions options;
    options.preset = findInventoryPreset("rvtools");
    runImport(state, GeneratedInventory::rvtools(static_cast<int>(state.range(0))), options);
}
BENCHMARK(BM_ImportRvtools)->Arg(100000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
