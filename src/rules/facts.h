// The facts about one person that rule sets read (the shape of DESIGN.md
// "Facts for one person", documented field by field in docs/rules.md).
//
// Every field is always present; an unknown or not-applicable value is null.
// PersonFacts is the typed form the assessment layer fills; FillFrame writes
// it into a Frame of PersonFactsLayout(), where compiled rules read each field
// by slot index.
#ifndef ONECODE_RULES_FACTS_H_
#define ONECODE_RULES_FACTS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "rules/logic.h"

namespace onecode::rules {

// The dotted paths of every leaf fact, in layout order.
const std::vector<std::string>& PersonFactPaths();
// The layout of PersonFactPaths(); one shared instance.
const std::shared_ptr<const DataLayout>& PersonFactsLayout();

struct PersonFacts {
  Timestamp now;                                    // now (ISO 8601, Z)
  std::string case_status;                          // case.status; "" = null
  std::optional<double> case_onset_days_ago;        // case.onset_days_ago
  std::optional<int> contact_degree;                // contact.degree (1 or 2)
  std::string contact_kind;                         // contact.kind; "" = null
  std::optional<double> contact_last_days_ago;      // contact.last_days_ago
  std::optional<double> contact_minutes;            // contact.minutes
  std::optional<double> high_risk_days_ago;         // itinerary.high_risk_days_ago
  std::optional<double> medium_risk_days_ago;       // itinerary.medium_risk_days_ago
  std::vector<std::string> regions;                 // itinerary.regions
  std::optional<double> last_negative_hours_ago;    // tests.last_negative_hours_ago
  std::optional<double> last_positive_days_ago;     // tests.last_positive_days_ago
  std::optional<int> negatives_24h_apart_since_contact;  // tests.negatives_24h_apart_since_contact
  std::optional<bool> fever;                        // declaration.fever
  std::vector<std::string> symptoms;                // declaration.symptoms
  std::optional<double> declaration_days_ago;       // declaration.days_ago
  std::string override_colour;                      // override.colour; "" = no override
  std::string override_reason;                      // override.reason
  std::optional<Timestamp> override_until;          // override.until
};

// Clears `frame` and writes `facts` into it. Strings are copied into the
// frame's arena. REQUIRES: frame->layout() is PersonFactsLayout().
void FillFrame(const PersonFacts& facts, Frame* frame);

}  // namespace onecode::rules

#endif  // ONECODE_RULES_FACTS_H_
