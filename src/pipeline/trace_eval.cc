#include "pipeline/trace_eval.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.h"
#include "feeds/schema.h"
#include "feeds/table_reader.h"

namespace onecode::pipeline {

StatusOr<ContactScore> ScoreContacts(const store::Store& store, std::span<const CaseRecord> cases,
                                     std::span<const tracing::Edge> edges, const tracing::TraceParams& params,
                                     int64_t now, const std::string& truth_dir, uint64_t* unknown) {
  // The traced windows of each case person (a person may have several case records).
  std::unordered_map<uint32_t, std::vector<std::pair<int64_t, int64_t>>> windows;
  for (const CaseRecord& c : cases) {
    int64_t from, to;
    if (CaseWindowOf(c, params, now, &from, &to)) windows[c.person].push_back({from, to});
  }
  // Merged, so that time in two overlapping windows counts once.
  for (auto& [person, w] : windows) {
    std::sort(w.begin(), w.end());
    size_t n = 0;
    for (const auto& x : w) {
      if (n > 0 && x.first <= w[n - 1].second) {
        w[n - 1].second = std::max(w[n - 1].second, x.second);
      } else {
        w[n++] = x;
      }
    }
    w.resize(n);
  }
  using Pair = std::pair<uint32_t, uint32_t>;
  std::vector<Pair> truth, flagged;
  // A true contact is one the rule is asked to find: at least min_minutes
  // together inside the case's window (rows of one pair add up).
  std::map<Pair, int64_t> in_window;
  uint64_t missing = 0;
  ONECODE_RETURN_IF_ERROR(ForEachRow(
      truth_dir + "/contacts.csv", Table::kTruthContacts, [&](const std::vector<std::string_view>& f) {
        const uint32_t a = store.persons().Find(f[0]), b = store.persons().Find(f[1]);
        if (a == IdIndex::kMissing || b == IdIndex::kMissing) {
          ++missing;
          return Status::Ok();
        }
        auto it = windows.find(a);
        if (it == windows.end()) return Status::Ok();
        auto s = ParseTimestamp(f[4]), e = ParseTimestamp(f[5]);
        if (!s.ok() || !e.ok()) return Status::InvalidArgument("contacts.csv: bad time");
        for (const auto& [from, to] : it->second) {
          const int64_t overlap = std::min(e->seconds, to) - std::max(s->seconds, from);
          if (overlap > 0) in_window[{a, b}] += overlap;
        }
        return Status::Ok();
      }));
  const int64_t min_seconds = static_cast<int64_t>(params.min_minutes) * 60;
  for (const auto& [pair, seconds] : in_window) {
    if (seconds >= min_seconds) truth.push_back(pair);
  }
  for (const tracing::Edge& e : edges) {
    if (tracing::IsCloseKind(e.kind)) flagged.push_back({cases[e.case_id].person, e.person});
  }
  for (auto* v : {&truth, &flagged}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  ContactScore s;
  s.truth = truth.size();
  s.flagged = flagged.size();
  std::vector<uint32_t> persons;
  for (const Pair& p : flagged) persons.push_back(p.second);
  std::sort(persons.begin(), persons.end());
  s.flagged_persons = static_cast<uint64_t>(std::unique(persons.begin(), persons.end()) - persons.begin());
  for (const Pair& p : flagged) s.matched_flagged += std::binary_search(truth.begin(), truth.end(), p);
  for (const Pair& p : truth) s.matched_truth += std::binary_search(flagged.begin(), flagged.end(), p);
  if (unknown != nullptr) *unknown = missing;
  return s;
}

}  // namespace onecode::pipeline
