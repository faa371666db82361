// `onecode trace`, `onecode export --what contacts`, and the contact scores
// of `onecode eval`.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/trace_commands.h"
#include "core/text_buffer.h"
#include "core/time.h"
#include "pipeline/trace_eval.h"
#include "pipeline/trace_run.h"
#include "store/store.h"

namespace onecode::cli {
namespace {

using tracing::ColocationMode;
using tracing::ContactKind;

void AddParamOptions(CLI::App* cmd, tracing::TraceParams* p) {
  cmd->add_option("--grid-m", p->grid_m, "Grid cell size, metres")->capture_default_str()->check(CLI::Range(10.0, 100000.0));
  cmd->add_option("--min-minutes", p->min_minutes, "Cumulative minutes in the same cell")->capture_default_str()->check(CLI::Range(1, 1440));
  cmd->add_option("--border-radius-share", p->border_radius_share,
                  "A stay also counts in cells within this share of its uncertainty radius")->capture_default_str()->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--border-max-m", p->border_max_m, "... but at most this far, metres")->capture_default_str()->check(CLI::Range(0.0, 5000.0));
  cmd->add_option("--window-before-days", p->window_before_days,
                  "Infectious from this many days before min(onset, reported)")->capture_default_str()->check(CLI::Range(0, 30));
  cmd->add_option("--lookback-days", p->lookback_days, "Only contacts within this many days")->capture_default_str()->check(CLI::Range(1, 60));
  cmd->add_option("--flight-rows", p->flight_rows, "Same flight within this many rows is close")->capture_default_str()->check(CLI::Range(0, 100));
  cmd->add_option("--venue-window-minutes", p->venue_window_minutes, "Venue co-scan window, +- minutes")->capture_default_str()->check(CLI::Range(0, 1440));
  cmd->add_option("--chengdu-hours", p->chengdu_hours,
                  "Chengdu mode: one of the two spent this many hours in the cell (0 = off)")->capture_default_str()->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--second-degree-days", p->second_degree_days, "A close contact counts as a source until this many days after the case report")->capture_default_str()->check(CLI::Range(0, 60));
  cmd->add_option("--max-pair-distance-m", p->max_pair_distance_m,
                  "Stays mode: stays farther apart than this never count together (0 = off)")->capture_default_str()->check(CLI::Range(0.0, 100000.0));
  cmd->add_option("--pair-radius-factor", p->pair_radius_factor,
                  "... or this many times their combined uncertainty radius, if larger")->capture_default_str()->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--home-match-m", p->home_match_m,
                  "Stays mode: two people at their own homes count together only if their homes are this close (0 = off)")->capture_default_str()->check(CLI::Range(0.0, 100000.0));
  cmd->add_option("--venue-exclusion", p->venue_exclusion,
                  "Stays mode: stays with scans of different venues never count together")->capture_default_str();
}

}  // namespace

void AddTraceParamOptions(CLI::App* cmd, tracing::TraceParams* p) { AddParamOptions(cmd, p); }

namespace {

void RegisterTraceCommand(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, mode = "stays";
    tracing::TraceParams params;
    bool full = false, json = false, no_second = false;
    int threads = 2;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand("trace", "Find the contacts of every case (co-location, co-travel, venue, second degree)");
  cmd->add_option("--store", opt->store, "Store directory")->required();
  cmd->add_option("--mode", opt->mode, "stays (cleaned stay points; stored) | chengdu (the plain rule on raw records; "
                                       "reported, not stored)")
      ->capture_default_str()
      ->check(CLI::IsMember({"stays", "chengdu"}));
  cmd->add_flag("--full", opt->full, "Retrace every case, not only new and changed ones");
  cmd->add_flag("--no-second-degree", opt->no_second, "Skip second-degree contacts");
  cmd->add_option("--threads", opt->threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  AddParamOptions(cmd, &opt->params);
  cmd->callback([opt, exit_code] {
    auto opened = store::Store::Open(opt->store, /*create=*/false);
    if (!opened.ok()) {
      std::fprintf(stderr, "onecode trace: %s\n", opened.status().message().c_str());
      *exit_code = opened.status().code() == StatusCode::kNotFound ? 2 : 1;
      return;
    }
    store::Store& store = **opened;
    tracing::TraceParams params = opt->params;
    params.second_degree = !opt->no_second;
    Progress progress(StderrIsTerminal());
    boost::json::object out;
    if (opt->mode == "chengdu") {
      params.mode = ColocationMode::kChengdu;
      auto data = mobility::MobilityData::Load(store);
      if (!data.ok()) {
        std::fprintf(stderr, "onecode trace: %s\n", data.status().message().c_str());
        *exit_code = 1;
        return;
      }
      std::vector<pipeline::CaseRecord> cases;
      pipeline::TraceData loaded;
      auto edges = pipeline::TraceInMemory(store, *data, params, opt->threads, &cases, &loaded);
      if (!edges.ok()) {
        std::fprintf(stderr, "onecode trace: %s\n", edges.status().message().c_str());
        *exit_code = 1;
        return;
      }
      out["mode"] = "chengdu";
      out["edges"] = boost::json::object{{"colocation", edges->size()}};
      out["params"] = boost::json::parse(params.ToJson());
      if (opt->json) {
        std::printf("%s\n", boost::json::serialize(out).c_str());
      } else {
        std::printf("Plain Chengdu rule (raw records, not stored): %zu co-location edges\n", edges->size());
      }
      return;
    }
    pipeline::TraceRunOptions ro;
    ro.params = params;
    ro.full = opt->full;
    ro.threads = opt->threads;
    ro.progress = [&](const std::string& s) { progress.Update(s); };
    auto r = pipeline::RunTrace(store, ro);
    progress.Done("");
    if (!r.ok()) {
      std::fprintf(stderr, "onecode trace: %s\n", r.status().message().c_str());
      *exit_code = r.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
      return;
    }
    boost::json::object kinds;
    uint64_t total = 0;
    for (int k = 0; k < tracing::kContactKinds; ++k) {
      kinds[tracing::KindName(static_cast<ContactKind>(k))] = r->edges_by_kind[k];
      total += r->edges_by_kind[k];
    }
    out["mode"] = "stays";
    out["cases"] = r->cases_total;
    out["traced"] = r->cases_traced;
    out["unchanged"] = r->cases_skipped;
    out["removed"] = r->cases_removed;
    out["edges"] = kinds;
    out["edges_total"] = total;
    out["seconds"] = std::round(r->seconds * 100) / 100;
    out["params"] = boost::json::parse(r->params_json);
    if (opt->json) {
      std::printf("%s\n", boost::json::serialize(out).c_str());
      return;
    }
    std::printf("Traced %llu of %llu cases (%llu unchanged, %llu removed) in %.1f s; stored edges:\n",
                static_cast<unsigned long long>(r->cases_traced), static_cast<unsigned long long>(r->cases_total),
                static_cast<unsigned long long>(r->cases_skipped), static_cast<unsigned long long>(r->cases_removed),
                r->seconds);
    for (int k = 0; k < tracing::kContactKinds; ++k) {
      std::printf("  %-17s %llu\n", std::string(tracing::KindName(static_cast<ContactKind>(k))).c_str(),
                  static_cast<unsigned long long>(r->edges_by_kind[k]));
    }
  });
}

}  // namespace

void RegisterTrace(CLI::App& app, int* exit_code) { RegisterTraceCommand(app, exit_code); }

Status ExportContacts(const store::Store& store, const std::string& path, uint64_t* rows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError(path + ": cannot create");
  TextBuffer out;
  out.Append("case,person,kind,via,via_kind,where,start,end,minutes\n");
  bool ok = true;
  *rows = 0;
  const Status st = pipeline::ForEachStoredEdge(store, [&](const pipeline::StoredEdge& e) {
    out.Append(e.case_id).Append(',').Append(e.person).Append(',').Append(e.kind).Append(',');
    out.Append(e.via).Append(',').Append(e.via_kind).Append(',').Append(e.where).Append(',');
    out.AppendTimestamp(Timestamp{e.start}).Append(',').AppendTimestamp(Timestamp{e.end}).Append(',');
    out.AppendInt(e.minutes).Append('\n');
    ++*rows;
    if (out.size() > (1 << 20)) {
      ok &= std::fwrite(out.view().data(), 1, out.size(), f) == out.size();
      out.clear();
    }
  });
  ok &= std::fwrite(out.view().data(), 1, out.size(), f) == out.size();
  ok &= std::fclose(f) == 0;
  ONECODE_RETURN_IF_ERROR(st);
  if (!ok) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

Status EvalContacts(const store::Store& store, const mobility::MobilityData& data, const std::string& truth_dir,
                    const tracing::TraceParams& base, int threads, boost::json::object* result) {
  for (ColocationMode mode : {ColocationMode::kStays, ColocationMode::kChengdu}) {
    tracing::TraceParams params = base;
    params.mode = mode;
    params.second_degree = false;  // only first-degree close contacts are scored
    std::vector<pipeline::CaseRecord> cases;
    pipeline::TraceData loaded;
    ONECODE_ASSIGN_OR_RETURN(auto edges, pipeline::TraceInMemory(store, data, params, threads, &cases, &loaded));
    ONECODE_ASSIGN_OR_RETURN(auto s, pipeline::ScoreContacts(store, cases, edges, params, loaded.now, truth_dir, nullptr));
    boost::json::object o{{"precision", std::round(s.precision() * 10000) / 10000},
                          {"recall", std::round(s.recall() * 10000) / 10000},
                          {"flagged", s.flagged},
                          {"true", s.truth}};
    (*result)[mode == ColocationMode::kStays ? "contacts" : "contacts_chengdu"] = std::move(o);
  }
  return Status::Ok();
}

}  // namespace onecode::cli
