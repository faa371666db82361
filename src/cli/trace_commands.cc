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
  cmd->add_option("--venue-reach-m", p->venue_reach_m,
                  "Stays mode: a stay pinned to a scanned venue meets unpinned stays within min(their radius, this) of it (0 = off)")->capture_default_str()->check(CLI::Range(0.0, 20000.0));
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
    bool full = false, json = false, no_second = false, second = false;
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
  cmd->add_flag("--second-degree", opt->second, "Also find second-degree contacts (contacts of close contacts)");
  cmd->add_flag("--no-second-degree", opt->no_second, "Skip second-degree contacts (the default)");
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
    params.second_degree = opt->second && !opt->no_second;
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

namespace {

boost::json::object ScoreJson(const pipeline::ContactScore& s) {
  return {{"precision", std::round(s.precision() * 10000) / 10000},
          {"recall", std::round(s.recall() * 10000) / 10000},
          {"flagged", s.flagged},
          {"flagged_persons", s.flagged_persons},
          {"true", s.truth}};
}

}  // namespace

Status EvalContacts(const store::Store& store, const mobility::MobilityData& data, const std::string& truth_dir,
                    const tracing::TraceParams& base, int threads, boost::json::object* result) {
  pipeline::ContactScore chengdu;
  for (ColocationMode mode : {ColocationMode::kChengdu, ColocationMode::kStays}) {
    tracing::TraceParams params = base;
    params.mode = mode;
    params.second_degree = false;  // only first-degree close contacts are scored
    std::vector<pipeline::CaseRecord> cases;
    pipeline::TraceData loaded;
    ONECODE_ASSIGN_OR_RETURN(auto edges, pipeline::TraceInMemory(store, data, params, threads, &cases, &loaded));
    ONECODE_ASSIGN_OR_RETURN(auto s, pipeline::ScoreContacts(store, cases, edges, params, loaded.now, truth_dir, nullptr));
    (*result)[mode == ColocationMode::kStays ? "contacts" : "contacts_chengdu"] = ScoreJson(s);
    if (mode == ColocationMode::kChengdu) {
      chengdu = s;
      continue;
    }
    // Precision at equal or better recall than the plain rule: the stays method
    // along its precision/recall curve (pair distance limits), on the same stays.
    std::vector<tracing::CaseWindow> windows;
    for (uint32_t i = 0; i < cases.size(); ++i) {
      int64_t from, to;
      if (pipeline::CaseWindowOf(cases[i], params, loaded.now, &from, &to)) {
        windows.push_back(tracing::CaseWindow{i, cases[i].person, from, to});
      }
    }
    tracing::TraceInput in{&loaded.positions, loaded.trips, loaded.scans, loaded.venues};
    boost::json::array curve;
    boost::json::object best;
    double best_precision = -1;
    for (double d : {150.0, 200.0, 250.0, 300.0, 350.0, 400.0, 500.0, 700.0}) {
      tracing::TraceParams p = params;
      p.max_pair_distance_m = d;
      const auto e = tracing::Trace(in, windows, p, threads, nullptr);
      ONECODE_ASSIGN_OR_RETURN(auto sc, pipeline::ScoreContacts(store, cases, e, p, loaded.now, truth_dir, nullptr));
      boost::json::object point = ScoreJson(sc);
      point["max_pair_distance_m"] = d;
      curve.push_back(point);
      if (sc.recall() >= chengdu.recall() && sc.precision() > best_precision) {
        best_precision = sc.precision();
        best = point;
      }
    }
    (*result)["contacts_curve"] = std::move(curve);
    if (best_precision >= 0) {
      best["precision_ratio_to_chengdu"] =
          chengdu.precision() > 0 ? std::round(best_precision / chengdu.precision() * 100) / 100 : 0.0;
      (*result)["contacts_at_chengdu_recall"] = std::move(best);
    }
  }
  return Status::Ok();
}

}  // namespace onecode::cli
