// Values the JsonLogic engine computes with, and JavaScript's conversions
// between them (json-logic-js 2.0.5 runs on JavaScript, so its answers are
// JavaScript's: truthiness, loose equality, relational comparison, number to
// string, string to number, parseFloat).
//
// A Value is 16 bytes and never owns memory: strings, arrays and objects point
// into storage owned by someone else — an Arena (values made during one
// evaluation, or the constants of a compiled Program), a Facts frame, or a
// converted JSON document. Whoever hands out a Value says how long it lives.
// Arrays and objects compare by identity (pointer), as in JavaScript.
//
// Thread-safety: the free functions are pure; an Arena is single-threaded.
#ifndef ONECODE_RULES_VALUE_H_
#define ONECODE_RULES_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/status.h"

namespace onecode::rules {

enum class ValueKind : uint8_t {
  kNull,
  kBool,
  kNumber,    // an IEEE double, as in JavaScript
  kString,    // UTF-8 bytes
  kArray,
  kObject,
  kDateTime,  // CertLogic date-time: milliseconds since the epoch, UTC
};

struct ObjectRep;

struct Value {
  ValueKind kind = ValueKind::kNull;
  uint32_t size = 0;  // bytes of a string, items of an array
  union {
    bool boolean;
    double number;
    const char* chars;
    const Value* items;
    const ObjectRep* object;
    int64_t millis;
  };

  Value() : number(0) {}
  static Value Null() { return Value(); }
  static Value Bool(bool b) { Value v; v.kind = ValueKind::kBool; v.boolean = b; return v; }
  static Value Number(double d) { Value v; v.kind = ValueKind::kNumber; v.number = d; return v; }
  // REQUIRES: `s` outlives every use of the value.
  static Value String(std::string_view s) {
    Value v; v.kind = ValueKind::kString; v.chars = s.data(); v.size = static_cast<uint32_t>(s.size()); return v;
  }
  static Value Array(const Value* items, uint32_t n) {
    Value v; v.kind = ValueKind::kArray; v.items = items; v.size = n; return v;
  }
  static Value Object(const ObjectRep* o) { Value v; v.kind = ValueKind::kObject; v.object = o; return v; }
  static Value DateTime(int64_t ms) { Value v; v.kind = ValueKind::kDateTime; v.millis = ms; return v; }

  bool is_null() const { return kind == ValueKind::kNull; }
  std::string_view str() const { return {chars, size}; }
};
static_assert(sizeof(Value) == 16);

// An object: keys and values in two parallel arrays, in insertion order.
struct ObjectRep {
  const std::string_view* keys = nullptr;
  const Value* values = nullptr;
  uint32_t size = 0;
  // The value of `key`, or nullptr.
  const Value* Find(std::string_view key) const {
    for (uint32_t i = 0; i < size; ++i) {
      if (keys[i] == key) return &values[i];
    }
    return nullptr;
  }
};

// Bump allocator for values made while evaluating. Reset() makes all memory
// reusable without returning it, so a warmed-up evaluator allocates nothing.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* Allocate(size_t bytes, size_t align = alignof(Value));
  // At least one slot is allocated, so every new array has its own address.
  Value* NewValues(size_t n) { return static_cast<Value*>(Allocate(sizeof(Value) * (n ? n : 1))); }
  std::string_view CopyString(std::string_view s);
  void Reset();

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;
  char* ptr_ = nullptr;
  char* end_ = nullptr;
};

// ---- JavaScript semantics (ECMAScript abstract operations)

// JsonLogic truthiness (jsonlogic.com/truthy): JavaScript's, except that an
// empty array is false.
bool Truthy(const Value& v);
// JavaScript's own ToBoolean (an empty array is true).
bool JsTruthy(const Value& v);
// ToNumber: null 0, booleans 0/1, strings by the StringNumericLiteral
// grammar (NaN otherwise), arrays through their string form, objects NaN.
double ToNumber(const Value& v);
// The global parseFloat(String(v)).
double ParseFloat(const Value& v);
double ParseFloatText(std::string_view s);
double StringToNumber(std::string_view s);
// Number::toString: shortest round-trip digits, JavaScript's layout.
void AppendNumber(double d, std::string* out);
std::string NumberToString(double d);
// String(v) appended to out: null "null", arrays joined with "," (null items
// empty), objects "[object Object]".
void AppendString(const Value& v, std::string* out);
// Array.prototype.join's view of one item: null becomes "", otherwise String(v).
void AppendJoinItem(const Value& v, std::string* out);
// a == b and a === b.
bool LooseEquals(const Value& a, const Value& b);
bool StrictEquals(const Value& a, const Value& b);

// The outcome of JavaScript's abstract relational comparison.
enum class Order : uint8_t { kLess, kEqual, kGreater, kUnordered };
Order Compare(const Value& a, const Value& b);
inline bool Less(const Value& a, const Value& b) { return Compare(a, b) == Order::kLess; }
inline bool LessEq(const Value& a, const Value& b) {
  const Order o = Compare(a, b);
  return o == Order::kLess || o == Order::kEqual;
}

// Strings as JavaScript sees them: UTF-16 code units.
size_t Utf16Length(std::string_view s);
// The code units [begin, end) of `s` as UTF-8 (a lone surrogate becomes U+FFFD).
std::string Utf16Slice(std::string_view s, size_t begin, size_t end);
// Orders two UTF-8 strings by their UTF-16 code units (JavaScript's order).
int CompareUtf16(std::string_view a, std::string_view b);

// ---- JSON

// Parses JSON text like boost::json::parse, but with numbers as JavaScript
// reads them: every double correctly rounded from its text (Boost 1.81's own
// conversion can be one unit in the last place off) and "-0" kept negative.
// Nesting up to 10,000 levels; INVALID_ARGUMENT with the parser's reason.
StatusOr<boost::json::value> ParseJson(std::string_view text);

// Deep copy of a JSON value; strings, arrays and objects are placed in `arena`.
Value FromJson(const boost::json::value& json, Arena* arena);
// JSON.stringify(v): NaN and infinities become null, numbers in JavaScript's
// form, date-times as "YYYY-MM-DDTHH:MM:SS.sssZ".
void AppendJson(const Value& v, std::string* out);
std::string ToJsonText(const Value& v);
// For comparisons with other JSON: numbers become doubles.
boost::json::value ToJson(const Value& v);
// "YYYY-MM-DDTHH:MM:SS.sssZ".
std::string FormatMillis(int64_t ms);

}  // namespace onecode::rules

#endif  // ONECODE_RULES_VALUE_H_
