#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "ingest/ingest.h"
#include "store/store.h"

namespace onecode::cli {
namespace {

struct IngestCliOptions {
  std::string store;
  std::string dir;
  int threads = 2;
  bool json = false;
  bool progress = false;
};

boost::json::object ReportJson(const ingest::IngestReport& r, const store::Store& s) {
  boost::json::object loaded, quarantined;
  for (const auto& [feed, n] : r.loaded) loaded[feed] = n;
  for (const auto& [feed, n] : r.quarantined) quarantined[feed] = n;
  boost::json::array files;
  for (const auto& f : r.files) {
    files.push_back({{"path", f.path}, {"feed", f.feed}, {"status", f.status}, {"rows", f.rows},
                     {"loaded", f.loaded}, {"quarantined", f.quarantined}});
  }
  boost::json::array ignored;
  for (const auto& f : r.ignored) ignored.push_back(boost::json::string(f));
  boost::json::object o{{"loaded", loaded}, {"quarantined", quarantined}, {"files", files}, {"ignored", ignored}};
  o["store"] = {{"persons", s.persons().size()}, {"cells", s.cells().size()}, {"intervals", s.IntervalCount()},
                {"segments", s.segments().size()}};
  o["seconds"] = std::round(r.seconds * 100) / 100;
  o["input_mb"] = std::round(static_cast<double>(r.input_bytes) / 1e5) / 10;
  return o;
}

}  // namespace

void RegisterIngest(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<IngestCliOptions>();
  CLI::App* cmd = app.add_subcommand("ingest", "Load feed files into the embedded store (validate, quarantine, dedupe)");
  cmd->add_option("--store", opt->store, "Store directory (created if missing)")->required();
  cmd->add_option("DIR", opt->dir, "Directory with feed files (or with a feeds/ subdirectory)")->required();
  cmd->add_option("--threads", opt->threads, "Parser threads")->capture_default_str();
  cmd->add_flag("--json", opt->json, "Print one JSON summary object on stdout");
  cmd->add_flag("--progress", opt->progress, "Show progress even when stderr is not a terminal");
  cmd->callback([opt, exit_code] {
    auto st = store::Store::Open(opt->store, /*create=*/true);
    if (!st.ok()) {
      std::fprintf(stderr, "onecode ingest: %s\n", st.status().message().c_str());
      *exit_code = 1;
      return;
    }
    Progress progress(opt->progress || StderrIsTerminal());
    ingest::IngestOptions options;
    options.threads = std::max(1, opt->threads);
    ingest::IngestReport report;
    const Status s = ingest::IngestDirectory(**st, opt->dir, options,
                                             [&](const std::string& line) { progress.Update(line); }, &report);
    if (!s.ok()) {
      progress.Done("");
      std::fprintf(stderr, "onecode ingest: %s\n", s.message().c_str());
      *exit_code = s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kNotFound ? 2 : 1;
      return;
    }
    progress.Done("ingest done");
    if (opt->json) {
      std::printf("%s\n", boost::json::serialize(ReportJson(report, **st)).c_str());
      return;
    }
    std::printf("Ingested %s into %s in %.1f s\n", opt->dir.c_str(), opt->store.c_str(), report.seconds);
    std::printf("  %-16s %12s %12s  %s\n", "feed", "loaded", "quarantined", "files");
    for (const auto& f : report.files) {
      std::printf("  %-16s %12llu %12llu  %s%s\n", f.feed.c_str(), static_cast<unsigned long long>(f.loaded),
                  static_cast<unsigned long long>(f.quarantined), f.path.c_str(),
                  f.status == "already_loaded" ? " (already loaded: unchanged)" : "");
    }
    for (const auto& f : report.ignored) std::printf("  ignored (not a feed): %s\n", f.c_str());
    std::printf("  store: %zu persons, %zu cells, %llu location intervals in %zu segments\n",
                (*st)->persons().size(), (*st)->cells().size(),
                static_cast<unsigned long long>((*st)->IntervalCount()), (*st)->segments().size());
    uint64_t q = 0;
    for (const auto& [feed, n] : report.quarantined) q += n;
    if (q > 0) std::printf("  %llu bad rows quarantined in %s/\n", static_cast<unsigned long long>(q), (*st)->QuarantineDir().c_str());
  });
}

}  // namespace onecode::cli
