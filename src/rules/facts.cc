#include "rules/facts.h"

#include <climits>

namespace onecode::rules {
namespace {

struct Slots {
  int now, case_status, case_onset, contact_degree, contact_kind, contact_last, contact_minutes, high_risk, medium_risk,
      regions, last_negative, last_positive, negatives_apart, fever, symptoms, declaration_days, override_colour,
      override_reason, override_until;
};

const Slots& SlotsOf() {
  static const Slots slots = [] {
    const DataLayout& l = *PersonFactsLayout();
    return Slots{l.Find("now"),
                 l.Find("case.status"),
                 l.Find("case.onset_days_ago"),
                 l.Find("contact.degree"),
                 l.Find("contact.kind"),
                 l.Find("contact.last_days_ago"),
                 l.Find("contact.minutes"),
                 l.Find("itinerary.high_risk_days_ago"),
                 l.Find("itinerary.medium_risk_days_ago"),
                 l.Find("itinerary.regions"),
                 l.Find("tests.last_negative_hours_ago"),
                 l.Find("tests.last_positive_days_ago"),
                 l.Find("tests.negatives_24h_apart_since_contact"),
                 l.Find("declaration.fever"),
                 l.Find("declaration.symptoms"),
                 l.Find("declaration.days_ago"),
                 l.Find("override.colour"),
                 l.Find("override.reason"),
                 l.Find("override.until")};
  }();
  return slots;
}

Value Num(const std::optional<double>& d) { return d ? Value::Number(*d) : Value::Null(); }

void SetText(Frame* f, int slot, const std::string& s) {
  if (s.empty()) f->Set(slot, Value::Null());
  else f->SetString(slot, s);
}

void SetList(Frame* f, int slot, const std::vector<std::string>& items) {
  Value* values = f->arena()->NewValues(items.size());
  for (size_t i = 0; i < items.size(); ++i) values[i] = Value::String(f->arena()->CopyString(items[i]));
  f->Set(slot, Value::Array(values, static_cast<uint32_t>(items.size())));
}

}  // namespace

const std::vector<std::string>& PersonFactPaths() {
  static const std::vector<std::string> paths = {
      "now",
      "case.status", "case.onset_days_ago",
      "contact.degree", "contact.kind", "contact.last_days_ago", "contact.minutes",
      "itinerary.high_risk_days_ago", "itinerary.medium_risk_days_ago", "itinerary.regions",
      "tests.last_negative_hours_ago", "tests.last_positive_days_ago", "tests.negatives_24h_apart_since_contact",
      "declaration.fever", "declaration.symptoms", "declaration.days_ago",
      "override.colour", "override.reason", "override.until",
  };
  return paths;
}

const std::shared_ptr<const DataLayout>& PersonFactsLayout() {
  static const std::shared_ptr<const DataLayout> layout = *DataLayout::Make(PersonFactPaths());
  return layout;
}

void FillFrame(const PersonFacts& p, Frame* f) {
  const Slots& s = SlotsOf();
  f->arena()->Reset();  // every leaf is written below
  // Everyone in a run shares "now": format it once per thread.
  thread_local int64_t cached_now = INT64_MIN;
  thread_local char cached_text[24];
  if (p.now.seconds != cached_now) {
    FormatTimestampTo(p.now, cached_text);
    cached_now = p.now.seconds;
  }
  f->SetString(s.now, std::string_view(cached_text, 20));
  char now[24];
  char* end = now;
  SetText(f, s.case_status, p.case_status);
  f->Set(s.case_onset, Num(p.case_onset_days_ago));
  f->Set(s.contact_degree, p.contact_degree ? Value::Number(*p.contact_degree) : Value::Null());
  SetText(f, s.contact_kind, p.contact_kind);
  f->Set(s.contact_last, Num(p.contact_last_days_ago));
  f->Set(s.contact_minutes, Num(p.contact_minutes));
  f->Set(s.high_risk, Num(p.high_risk_days_ago));
  f->Set(s.medium_risk, Num(p.medium_risk_days_ago));
  SetList(f, s.regions, p.regions);
  f->Set(s.last_negative, Num(p.last_negative_hours_ago));
  f->Set(s.last_positive, Num(p.last_positive_days_ago));
  f->Set(s.negatives_apart,
         p.negatives_24h_apart_since_contact ? Value::Number(*p.negatives_24h_apart_since_contact) : Value::Null());
  f->Set(s.fever, p.fever ? Value::Bool(*p.fever) : Value::Null());
  SetList(f, s.symptoms, p.symptoms);
  f->Set(s.declaration_days, Num(p.declaration_days_ago));
  SetText(f, s.override_colour, p.override_colour);
  SetText(f, s.override_reason, p.override_reason);
  if (p.override_until) {
    end = FormatTimestampTo(*p.override_until, now);
    f->SetString(s.override_until, std::string_view(now, end - now));
  } else {
    f->Set(s.override_until, Value::Null());
  }
}

}  // namespace onecode::rules
