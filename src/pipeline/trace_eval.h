// Scores traced first-degree close contacts against the simulator's truth
// (truth/contacts.csv). A pair (case person, other person) is a true close
// contact when the truth has them together for at least params.min_minutes
// (summed over its rows) inside the case's infectious window under the same
// parameters tracing used — what the rule is asked to find; a flagged pair is
// a first-degree close edge (co-location, close co-travel, venue). Pure
// function of its inputs; thread-safe.
#ifndef ONECODE_PIPELINE_TRACE_EVAL_H_
#define ONECODE_PIPELINE_TRACE_EVAL_H_

#include <cstdint>
#include <span>
#include <string>

#include "core/status.h"
#include "pipeline/trace_run.h"

namespace onecode::pipeline {

struct ContactScore {
  uint64_t flagged = 0, truth = 0;        // distinct pairs
  uint64_t flagged_persons = 0;           // distinct persons flagged (how much of the city)
  uint64_t matched_flagged = 0, matched_truth = 0;
  double precision() const { return flagged == 0 ? 1.0 : static_cast<double>(matched_flagged) / flagged; }
  double recall() const { return truth == 0 ? 1.0 : static_cast<double>(matched_truth) / truth; }
};

// `truth_dir` holds contacts.csv. Truth rows naming persons unknown to the
// store are counted in *unknown (may be null).
StatusOr<ContactScore> ScoreContacts(const store::Store& store, std::span<const CaseRecord> cases,
                                     std::span<const tracing::Edge> edges, const tracing::TraceParams& params,
                                     int64_t now, const std::string& truth_dir, uint64_t* unknown);

}  // namespace onecode::pipeline

#endif  // ONECODE_PIPELINE_TRACE_EVAL_H_
