// Assessment: one person's facts from the store (cases, traced contacts,
// itinerary with area risk, tests, declarations), a rule set over them, and
// the stored colours with their reasons.
//
// Stored keys (docs/formats/store.md):
//   L:<person>   colour  ruleset_version  computed_at(10 digits)  reasons (JSON array)
//   H:<date>     JSON {"green","yellow","red","ruleset","computed_at"}: the counts of
//                the last colours run of that local date (the admin chart)
//   Q:rules      the active rule set document (JSON), set by `rules publish`
// Not thread-safe (writes the store).
#ifndef ONECODE_PIPELINE_ASSESS_H_
#define ONECODE_PIPELINE_ASSESS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/colour.h"
#include "core/status.h"
#include "mobility/mobility.h"
#include "rules/facts.h"
#include "rules/rule_set.h"
#include "store/store.h"

namespace onecode::pipeline {

// The facts of every person (by dense index) as of `now`.
StatusOr<std::vector<rules::PersonFacts>> BuildFacts(const store::Store& store, const mobility::MobilityData& data,
                                                     int64_t now, int threads,
                                                     const std::function<void(const std::string&)>& progress);

struct Assessment {
  Colour colour = Colour::kGreen;
  std::vector<std::string> reasons;
};

// Evaluates `rules` over `facts` (one thread per slice).
std::vector<Assessment> Assess(const rules::RuleSet& rules, const std::vector<rules::PersonFacts>& facts, int threads);

// The active rule set: the published one (Q:rules) or, before any publish,
// the default rule set file `default_path`.
StatusOr<rules::RuleSet> ActiveRules(const store::Store& store, const std::string& default_path);
// The default rule set file: $ONECODE_RULES, or rules/default.json beside the
// binary's source tree (compiled-in path), or ./rules/default.json.
std::string DefaultRulesPath();

struct ColoursResult {
  uint64_t counts[3] = {};  // by Colour
  std::string ruleset_version;
  int64_t now = 0;
  double seconds = 0;
};

// `onecode colours`: facts → rules → L: rows (one synced batch) and the H:
// row of the day. `now` < 0 = the end of the latest location record.
StatusOr<ColoursResult> RunColours(store::Store& store, const rules::RuleSet& rules, int64_t now, int threads,
                                   const std::function<void(const std::string&)>& progress);

// A stored colour.
struct StoredColour {
  Colour colour = Colour::kGreen;
  std::string ruleset_version;
  int64_t computed_at = 0;
  std::string reasons_json;
};
StatusOr<std::optional<StoredColour>> GetColour(const store::Store& store, std::string_view person);

struct DryRun {
  // transitions[from][to] over persons; from = stored colour (green when none).
  uint64_t transitions[3][3] = {};
  struct Sample {
    std::string person;
    Colour from, to;
    std::vector<std::string> reasons;
  };
  std::vector<Sample> samples;  // up to `samples_per_transition` per changed (from, to)
  std::string ruleset_version;
};

// `onecode rules dryrun`: what `rules` would change against the stored colours.
StatusOr<DryRun> RunDryRun(const store::Store& store, const rules::RuleSet& rules, int64_t now, int threads,
                           int samples_per_transition);

// The dry run as JSON: {"ruleset", "transitions": {"green->yellow": n, ...},
// "samples": [{"person", "from", "to", "reasons"}]}.
boost::json::object DryRunToJson(const DryRun& d);

// Stores `document` (a valid rule set) as the active rule set.
Status PublishRules(store::Store& store, const std::string& document);

}  // namespace onecode::pipeline

#endif  // ONECODE_PIPELINE_ASSESS_H_
