// Date-times for rules: the formats CertLogic accepts, its plusTime offsets
// and the DCC date of birth. All times are UTC milliseconds since the epoch.
// Pure functions; thread-safe.
#ifndef ONECODE_RULES_DATES_H_
#define ONECODE_RULES_DATES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace onecode::rules {

enum class TimeUnit : uint8_t { kYear, kMonth, kDay, kHour };

// "year", "month", "day", "hour"; nullopt otherwise.
std::optional<TimeUnit> ParseTimeUnit(std::string_view s);

// Parses YYYY, YYYY-MM (as DccDateOfBirth does), YYYY-MM-DD, and
// YYYY-MM-DDThh:mm:ss[.S…][Z|±h|±hh|±hmm|±hhmm|±h:mm|±hh:mm] (no offset = Z;
// fractions truncated to milliseconds). nullopt for anything else, including
// impossible dates (2021-02-30).
std::optional<int64_t> ParseDateTime(std::string_view s);

// CertLogic's dccDateOfBirth: YYYY → YYYY-12-31, YYYY-MM → last day of the
// month, YYYY-MM-DD → that day, all at 00:00Z. nullopt for anything else.
std::optional<int64_t> DccDateOfBirth(std::string_view s);

// Adds `amount` units the way JavaScript's Date.setUTC<Unit>(getUTC<Unit>() +
// amount) does (2020-02-29 + 1 year = 2021-03-01; + 1 month = 2020-03-29).
int64_t PlusTime(int64_t millis, int64_t amount, TimeUnit unit);

}  // namespace onecode::rules

#endif  // ONECODE_RULES_DATES_H_
