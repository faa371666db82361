// JSON equality with numbers compared as doubles (1 == 1.0), as JavaScript
// and the JsonLogic test suites compare results. Used by the conformance and
// differential tests.
#ifndef ONECODE_RULES_JSON_COMPARE_H_
#define ONECODE_RULES_JSON_COMPARE_H_

#include <boost/json/value.hpp>

namespace onecode::rules {

inline bool SameJson(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!SameJson(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      const auto* other = y.if_contains(kv.key());
      if (other == nullptr || !SameJson(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace onecode::rules

#endif  // ONECODE_RULES_JSON_COMPARE_H_
