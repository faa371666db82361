// Micro benchmarks of core operations on hot paths (grid lookups, time
// formatting and parsing, CSV reading). Run: ./build/onecode_core_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/grid.h"
#include "core/random.h"
#include "core/text_buffer.h"
#include "core/time.h"
#include "feeds/csv_reader.h"

namespace onecode {
namespace {

void BM_GridCellOf(benchmark::State& state) {
  Grid grid(800);
  Rng rng(1);
  LonLat points[1024];
  for (auto& p : points) p = LonLat{rng.Uniform(100, 120), rng.Uniform(20, 45)};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(grid.CellOf(points[i++ & 1023]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GridCellOf);

void BM_GridCellsNear500m(benchmark::State& state) {
  Grid grid(800);
  Rng rng(2);
  LonLat points[1024];
  for (auto& p : points) p = LonLat{rng.Uniform(100, 120), rng.Uniform(20, 45)};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(grid.CellsNear(points[i++ & 1023], 500));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GridCellsNear500m);

void BM_FormatTimestamp(benchmark::State& state) {
  TextBuffer out;
  int64_t t = 1793000000;
  for (auto _ : state) {
    out.clear();
    out.AppendTimestamp(Timestamp{t++});
    benchmark::DoNotOptimize(out.view().data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FormatTimestamp);

void BM_ParseTimestamp(benchmark::State& state) {
  const std::string text = "2026-11-12T08:15:42Z";
  for (auto _ : state) benchmark::DoNotOptimize(ParseTimestamp(text));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseTimestamp);

void BM_CsvReaderCdrRows(benchmark::State& state) {
  const std::string path = (std::filesystem::temp_directory_path() / "onecode-bench-cdr.csv").string();
  {
    TextBuffer out;
    out.Append("person,cell,start,end\n");
    for (int i = 0; i < 200000; ++i) {
      out.Append("510104-0123456789abcdef,c510001234,").AppendTimestamp(Timestamp{1793000000 + i});
      out.Append(',').AppendTimestamp(Timestamp{1793000060 + i}).Append('\n');
    }
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(out.view().data(), 1, out.size(), f);
    std::fclose(f);
  }
  int64_t rows = 0, bytes = 0;
  for (auto _ : state) {
    auto reader = CsvReader::Open(path);
    CsvRecord rec;
    std::string error;
    while (reader->Next(&rec, &error) == CsvResult::kRecord) {
      ++rows;
      bytes += static_cast<int64_t>(rec.raw.size()) + 1;
    }
  }
  state.SetItemsProcessed(rows);
  state.SetBytesProcessed(bytes);
  std::filesystem::remove(path);
}
BENCHMARK(BM_CsvReaderCdrRows)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace onecode

BENCHMARK_MAIN();
