#include "rules/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include "core/time.h"

namespace onecode::rules {
namespace {

constexpr size_t kBlockSize = 64 * 1024;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Decodes one UTF-8 code point at s[*i], advancing *i. Malformed bytes decode
// as U+FFFD, one byte at a time.
uint32_t DecodeUtf8(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  if (b0 < 0x80) { ++*i; return b0; }
  int n = 0;
  uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { n = 1; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { n = 2; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { n = 3; cp = b0 & 0x07; }
  else { ++*i; return 0xFFFD; }
  if (*i + n >= s.size()) { ++*i; return 0xFFFD; }
  for (int k = 1; k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) { ++*i; return 0xFFFD; }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += n + 1;
  return cp;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// JavaScript's WhiteSpace and LineTerminator code points (what trim() removes).
bool IsJsSpace(uint32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::string_view TrimJsSpace(std::string_view s, bool trailing) {
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    if (!IsJsSpace(DecodeUtf8(s, &j))) break;
    i = j;
  }
  s.remove_prefix(i);
  if (!trailing) return s;
  while (!s.empty()) {
    // Find the start of the last code point.
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t j = start;
    if (!IsJsSpace(DecodeUtf8(s, &j))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of the longest prefix of s that is a StrUnsignedDecimalLiteral
// without "Infinity" (digits, optional fraction, optional exponent); 0 if none.
size_t DecimalPrefix(std::string_view s) {
  size_t i = 0, digits = 0;
  while (i < s.size() && IsDigit(s[i])) { ++i; ++digits; }
  if (i < s.size() && s[i] == '.') {
    size_t j = i + 1, frac = 0;
    while (j < s.size() && IsDigit(s[j])) { ++j; ++frac; }
    if (digits + frac == 0) return 0;
    i = j;
  } else if (digits == 0) {
    return 0;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    size_t exp_digits = 0;
    while (j < s.size() && IsDigit(s[j])) { ++j; ++exp_digits; }
    if (exp_digits > 0) i = j;
  }
  return i;
}

double ParseDecimal(std::string_view s) {
  // from_chars wants no leading '+' and at least one digit before a '.'.
  std::string tmp;
  if (!s.empty() && s[0] == '.') {
    tmp = "0";
    tmp.append(s);
    s = tmp;
  }
  double d = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow to infinity or underflow to zero, as JavaScript rounds.
    const size_t e = s.find_first_of("eE");
    const bool negative_exp = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    return negative_exp ? 0.0 : kInf;
  }
  return d;
}

bool ParseRadix(std::string_view digits, int radix, double* out) {
  if (digits.empty()) return false;
  double v = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else return false;
    if (d >= radix) return false;
    v = v * radix + d;
  }
  *out = v;
  return true;
}

}  // namespace

// ---------------------------------------------------------------- Arena

void* Arena::Allocate(size_t bytes, size_t align) {
  auto aligned = [&](char* p) {
    return reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(p) + align - 1) & ~(uintptr_t(align) - 1));
  };
  for (;;) {
    if (ptr_ != nullptr) {
      char* p = aligned(ptr_);
      if (p + bytes <= end_) {
        ptr_ = p + bytes;
        return p;
      }
    }
    const size_t next = ptr_ == nullptr ? 0 : current_ + 1;
    if (next >= blocks_.size()) {
      const size_t size = std::max(kBlockSize, bytes + align);
      blocks_.push_back(Block{std::make_unique<char[]>(size), size});
    }
    current_ = ptr_ == nullptr ? 0 : next;
    if (current_ >= blocks_.size()) current_ = blocks_.size() - 1;
    ptr_ = blocks_[current_].data.get();
    end_ = ptr_ + blocks_[current_].size;
  }
}

std::string_view Arena::CopyString(std::string_view s) {
  if (s.empty()) return std::string_view("", 0);
  char* p = static_cast<char*>(Allocate(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void Arena::Reset() {
  current_ = 0;
  if (blocks_.empty()) {
    ptr_ = end_ = nullptr;
    return;
  }
  ptr_ = blocks_[0].data.get();
  end_ = ptr_ + blocks_[0].size;
}

// ---------------------------------------------------------------- truthiness

bool Truthy(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: return false;
    case ValueKind::kBool: return v.boolean;
    case ValueKind::kNumber: return v.number != 0 && !std::isnan(v.number);
    case ValueKind::kString: return v.size > 0;
    case ValueKind::kArray: return v.size > 0;
    case ValueKind::kObject: return true;
    case ValueKind::kDateTime: return true;
  }
  return false;
}

bool JsTruthy(const Value& v) {
  if (v.kind == ValueKind::kArray) return true;
  return Truthy(v);
}

// ---------------------------------------------------------------- numbers

double StringToNumber(std::string_view s) {
  s = TrimJsSpace(s, /*trailing=*/true);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    const char x = s[1];
    int radix = 0;
    if (x == 'x' || x == 'X') radix = 16;
    if (x == 'o' || x == 'O') radix = 8;
    if (x == 'b' || x == 'B') radix = 2;
    if (radix) {
      double v;
      return ParseRadix(s.substr(2), radix, &v) ? v : kNaN;
    }
  }
  bool negative = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") return negative ? -kInf : kInf;
  const size_t n = DecimalPrefix(body);
  if (n == 0 || n != body.size()) return kNaN;
  const double d = ParseDecimal(body);
  return negative ? -d : d;
}

double ParseFloatText(std::string_view s) {
  s = TrimJsSpace(s, /*trailing=*/false);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.substr(0, 8) == "Infinity") return negative ? -kInf : kInf;
  const size_t n = DecimalPrefix(s);
  if (n == 0) return kNaN;
  const double d = ParseDecimal(s.substr(0, n));
  return negative ? -d : d;
}

double ParseFloat(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNumber: return v.number == 0 ? 0.0 : v.number;  // String(-0) is "0"
    case ValueKind::kString: return ParseFloatText(v.str());
    case ValueKind::kArray: {
      std::string s;
      AppendString(v, &s);
      return ParseFloatText(s);
    }
    default: return kNaN;  // "null", "true", "false", "[object Object]"
  }
}

double ToNumber(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: return 0;
    case ValueKind::kBool: return v.boolean ? 1 : 0;
    case ValueKind::kNumber: return v.number;
    case ValueKind::kString: return StringToNumber(v.str());
    case ValueKind::kArray: {
      if (v.size == 0) return 0;
      if (v.size == 1 && v.items[0].kind == ValueKind::kNumber) return v.items[0].number;
      std::string s;
      AppendString(v, &s);
      return StringToNumber(s);
    }
    case ValueKind::kObject: return kNaN;
    case ValueKind::kDateTime: return static_cast<double>(v.millis);
  }
  return kNaN;
}

void AppendNumber(double d, std::string* out) {
  if (std::isnan(d)) { out->append("NaN"); return; }
  if (std::isinf(d)) { out->append(d < 0 ? "-Infinity" : "Infinity"); return; }
  if (d == 0) { out->push_back('0'); return; }
  // Small integers: the common case, no formatting work.
  if (std::fabs(d) < 1e15 && d == std::trunc(d)) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(d));
    out->append(buf, r.ptr);
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, r.ptr - buf);
  if (sci[0] == '-') {
    out->push_back('-');
    sci.remove_prefix(1);
  }
  const size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exp10 = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp10);
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;  // position of the decimal point
  if (k <= n && n <= 21) {
    out->append(digits);
    out->append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out->append(digits, 0, n);
    out->push_back('.');
    out->append(digits, n, std::string::npos);
  } else if (-6 < n && n <= 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-n), '0');
    out->append(digits);
  } else {
    out->push_back(digits[0]);
    if (k > 1) {
      out->push_back('.');
      out->append(digits, 1, std::string::npos);
    }
    out->push_back('e');
    out->push_back(n - 1 >= 0 ? '+' : '-');
    out->append(std::to_string(std::abs(n - 1)));
  }
}

std::string NumberToString(double d) {
  std::string s;
  AppendNumber(d, &s);
  return s;
}

// ---------------------------------------------------------------- strings

void AppendString(const Value& v, std::string* out) {
  switch (v.kind) {
    case ValueKind::kNull: out->append("null"); return;
    case ValueKind::kBool: out->append(v.boolean ? "true" : "false"); return;
    case ValueKind::kNumber: AppendNumber(v.number, out); return;
    case ValueKind::kString: out->append(v.chars, v.size); return;
    case ValueKind::kArray:
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out->push_back(',');
        AppendJoinItem(v.items[i], out);
      }
      return;
    case ValueKind::kObject: out->append("[object Object]"); return;
    case ValueKind::kDateTime: out->append(FormatMillis(v.millis)); return;
  }
}

void AppendJoinItem(const Value& v, std::string* out) {
  if (v.kind == ValueKind::kNull) return;
  AppendString(v, out);
}

size_t Utf16Length(std::string_view s) {
  if (IsAscii(s)) return s.size();
  size_t n = 0;
  for (size_t i = 0; i < s.size();) n += DecodeUtf8(s, &i) >= 0x10000 ? 2 : 1;
  return n;
}

std::string Utf16Slice(std::string_view s, size_t begin, size_t end) {
  if (begin >= end) return std::string();
  if (IsAscii(s)) return std::string(s.substr(begin, end - begin));
  std::string out;
  size_t unit = 0;
  for (size_t i = 0; i < s.size() && unit < end;) {
    const uint32_t cp = DecodeUtf8(s, &i);
    if (cp < 0x10000) {
      if (unit >= begin) AppendUtf8(cp, &out);
      ++unit;
    } else {
      // Two code units; a half taken alone is a lone surrogate.
      const bool first_in = unit >= begin && unit < end;
      const bool second_in = unit + 1 >= begin && unit + 1 < end;
      if (first_in && second_in) AppendUtf8(cp, &out);
      else if (first_in || second_in) AppendUtf8(0xFFFD, &out);
      unit += 2;
    }
  }
  return out;
}

int CompareUtf16(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  if (i == n) return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
  // Back up to the start of the code point holding the first difference.
  size_t start = i;
  while (start > 0 && (static_cast<unsigned char>(a[start]) & 0xC0) == 0x80) --start;
  size_t ia = start, ib = start;
  const uint32_t ca = DecodeUtf8(a, &ia), cb = DecodeUtf8(b, &ib);
  auto first_unit = [](uint32_t cp) { return cp >= 0x10000 ? 0xD800 + ((cp - 0x10000) >> 10) : cp; };
  const uint32_t ua = first_unit(ca), ub = first_unit(cb);
  if (ua != ub) return ua < ub ? -1 : 1;
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

// ---------------------------------------------------------------- equality, order

bool StrictEquals(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::kNull: return true;
    case ValueKind::kBool: return a.boolean == b.boolean;
    case ValueKind::kNumber: return a.number == b.number;
    case ValueKind::kString: return a.size == b.size && std::memcmp(a.chars, b.chars, a.size) == 0;
    case ValueKind::kArray: return a.items == b.items;
    case ValueKind::kObject: return a.object == b.object;
    case ValueKind::kDateTime: return a.millis == b.millis;
  }
  return false;
}

namespace {

bool IsObjectLike(const Value& v) {
  return v.kind == ValueKind::kArray || v.kind == ValueKind::kObject || v.kind == ValueKind::kDateTime;
}

// ToPrimitive of an array or object: its string form.
Value ToPrimitive(const Value& v, std::string* storage) {
  if (!IsObjectLike(v)) return v;
  storage->clear();
  AppendString(v, storage);
  return Value::String(*storage);
}

}  // namespace

bool LooseEquals(const Value& a, const Value& b) {
  if (a.kind == b.kind) return StrictEquals(a, b);
  if (a.is_null() || b.is_null()) return false;
  if (a.kind == ValueKind::kNumber && b.kind == ValueKind::kString) return a.number == StringToNumber(b.str());
  if (a.kind == ValueKind::kString && b.kind == ValueKind::kNumber) return StringToNumber(a.str()) == b.number;
  if (a.kind == ValueKind::kBool) return LooseEquals(Value::Number(a.boolean ? 1 : 0), b);
  if (b.kind == ValueKind::kBool) return LooseEquals(a, Value::Number(b.boolean ? 1 : 0));
  const bool a_prim = a.kind == ValueKind::kNumber || a.kind == ValueKind::kString;
  const bool b_prim = b.kind == ValueKind::kNumber || b.kind == ValueKind::kString;
  std::string storage;
  if (a_prim && IsObjectLike(b)) return LooseEquals(a, ToPrimitive(b, &storage));
  if (IsObjectLike(a) && b_prim) return LooseEquals(ToPrimitive(a, &storage), b);
  return false;  // two different objects
}

Order Compare(const Value& a, const Value& b) {
  if (a.kind == ValueKind::kNumber && b.kind == ValueKind::kNumber) {
    if (a.number < b.number) return Order::kLess;
    if (a.number > b.number) return Order::kGreater;
    if (a.number == b.number) return Order::kEqual;
    return Order::kUnordered;
  }
  std::string sa, sb;
  const Value pa = ToPrimitive(a, &sa);
  const Value pb = ToPrimitive(b, &sb);
  if (pa.kind == ValueKind::kString && pb.kind == ValueKind::kString) {
    const int c = CompareUtf16(pa.str(), pb.str());
    return c < 0 ? Order::kLess : c > 0 ? Order::kGreater : Order::kEqual;
  }
  const double x = ToNumber(pa), y = ToNumber(pb);
  if (x < y) return Order::kLess;
  if (x > y) return Order::kGreater;
  if (x == y) return Order::kEqual;
  return Order::kUnordered;
}

// ---------------------------------------------------------------- JSON

namespace {

// basic_parser handler that builds a boost::json::value through a
// value_stack, converting numbers from their text.
class PreciseHandler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  boost::json::value Release() { return stack_.release(); }

  using ec = boost::json::error_code;
  using sv = boost::json::string_view;
  bool on_document_begin(ec&) { stack_.reset(); return true; }
  bool on_document_end(ec&) { return true; }
  bool on_array_begin(ec&) { return true; }
  bool on_array_end(std::size_t n, ec&) { stack_.push_array(n); return true; }
  bool on_object_begin(ec&) { return true; }
  bool on_object_end(std::size_t n, ec&) { stack_.push_object(n); return true; }
  bool on_string_part(sv s, std::size_t, ec&) { stack_.push_chars(s); return true; }
  bool on_string(sv s, std::size_t, ec&) { stack_.push_string(s); return true; }
  bool on_key_part(sv s, std::size_t, ec&) { stack_.push_chars(s); return true; }
  bool on_key(sv s, std::size_t, ec&) { stack_.push_key(s); return true; }
  bool on_number_part(sv s, ec&) { number_.append(s.data(), s.size()); return true; }
  bool on_int64(std::int64_t i, sv s, ec&) {
    number_.append(s.data(), s.size());
    if (i == 0 && !number_.empty() && number_[0] == '-') stack_.push_double(-0.0);
    else stack_.push_int64(i);
    number_.clear();
    return true;
  }
  bool on_uint64(std::uint64_t u, sv s, ec&) { number_.clear(); (void)s; stack_.push_uint64(u); return true; }
  bool on_double(double d, sv s, ec&) {
    number_.append(s.data(), s.size());
    const std::string_view text = number_;
    const bool negative = !text.empty() && text[0] == '-';
    const std::string_view body = negative ? text.substr(1) : text;
    double v = d;
    if (DecimalPrefix(body) == body.size() && !body.empty()) {
      v = ParseDecimal(body);
      if (negative) v = -v;
    }
    stack_.push_double(v);
    number_.clear();
    return true;
  }
  bool on_bool(bool b, ec&) { stack_.push_bool(b); return true; }
  bool on_null(ec&) { stack_.push_null(); return true; }
  bool on_comment_part(sv, ec&) { return true; }
  bool on_comment(sv, ec&) { return true; }

 private:
  boost::json::value_stack stack_;
  std::string number_;
};

}  // namespace

StatusOr<boost::json::value> ParseJson(std::string_view text) {
  boost::json::parse_options po;
  po.max_depth = 10000;
  boost::json::basic_parser<PreciseHandler> parser(po);
  boost::json::error_code ec;
  const size_t n = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && n != text.size()) ec = boost::json::error::extra_data;
  if (ec) return Status::InvalidArgument("not valid JSON: " + ec.message());
  return parser.handler().Release();
}

Value FromJson(const boost::json::value& json, Arena* arena) {
  switch (json.kind()) {
    case boost::json::kind::null: return Value::Null();
    case boost::json::kind::bool_: return Value::Bool(json.get_bool());
    case boost::json::kind::int64: return Value::Number(static_cast<double>(json.get_int64()));
    case boost::json::kind::uint64: return Value::Number(static_cast<double>(json.get_uint64()));
    case boost::json::kind::double_: return Value::Number(json.get_double());
    case boost::json::kind::string: {
      const auto& s = json.get_string();
      return Value::String(arena->CopyString(std::string_view(s.data(), s.size())));
    }
    case boost::json::kind::array: {
      const auto& a = json.get_array();
      Value* items = arena->NewValues(a.size());
      for (size_t i = 0; i < a.size(); ++i) items[i] = FromJson(a[i], arena);
      return Value::Array(items, static_cast<uint32_t>(a.size()));
    }
    case boost::json::kind::object: {
      const auto& o = json.get_object();
      auto* rep = static_cast<ObjectRep*>(arena->Allocate(sizeof(ObjectRep), alignof(ObjectRep)));
      auto* keys = static_cast<std::string_view*>(
          arena->Allocate(sizeof(std::string_view) * (o.size() ? o.size() : 1), alignof(std::string_view)));
      Value* values = arena->NewValues(o.size());
      size_t i = 0;
      for (const auto& kv : o) {
        keys[i] = arena->CopyString(std::string_view(kv.key().data(), kv.key().size()));
        values[i] = FromJson(kv.value(), arena);
        ++i;
      }
      rep->keys = keys;
      rep->values = values;
      rep->size = static_cast<uint32_t>(o.size());
      return Value::Object(rep);
    }
  }
  return Value::Null();
}

namespace {

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

std::string FormatMillis(int64_t ms) {
  const int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  const int64_t rem = ms - secs * 1000;
  char buf[32];
  char* end = FormatTimestampTo(Timestamp{secs}, buf);  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string s(buf, end - 1);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(rem));
  s += frac;
  return s;
}

void AppendJson(const Value& v, std::string* out) {
  switch (v.kind) {
    case ValueKind::kNull: out->append("null"); return;
    case ValueKind::kBool: out->append(v.boolean ? "true" : "false"); return;
    case ValueKind::kNumber:
      if (std::isfinite(v.number)) AppendNumber(v.number, out);
      else out->append("null");
      return;
    case ValueKind::kString: AppendJsonString(v.str(), out); return;
    case ValueKind::kArray:
      out->push_back('[');
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out->push_back(',');
        AppendJson(v.items[i], out);
      }
      out->push_back(']');
      return;
    case ValueKind::kObject:
      out->push_back('{');
      for (uint32_t i = 0; i < v.object->size; ++i) {
        if (i) out->push_back(',');
        AppendJsonString(v.object->keys[i], out);
        out->push_back(':');
        AppendJson(v.object->values[i], out);
      }
      out->push_back('}');
      return;
    case ValueKind::kDateTime: AppendJsonString(FormatMillis(v.millis), out); return;
  }
}

std::string ToJsonText(const Value& v) {
  std::string s;
  AppendJson(v, &s);
  return s;
}

boost::json::value ToJson(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: return nullptr;
    case ValueKind::kBool: return v.boolean;
    case ValueKind::kNumber:
      if (!std::isfinite(v.number)) return nullptr;
      return v.number == 0 ? 0.0 : v.number;
    case ValueKind::kString: return boost::json::string(v.str());
    case ValueKind::kArray: {
      boost::json::array a;
      for (uint32_t i = 0; i < v.size; ++i) a.push_back(ToJson(v.items[i]));
      return a;
    }
    case ValueKind::kObject: {
      boost::json::object o;
      for (uint32_t i = 0; i < v.object->size; ++i) o[v.object->keys[i]] = ToJson(v.object->values[i]);
      return o;
    }
    case ValueKind::kDateTime: return boost::json::string(FormatMillis(v.millis));
  }
  return nullptr;
}

}  // namespace onecode::rules
