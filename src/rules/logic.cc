#include "rules/logic.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <unordered_map>

#include <boost/json.hpp>

#include "rules/dates.h"

namespace onecode::rules {

// ---------------------------------------------------------------- nodes

enum class Op : uint8_t {
  kConst, kArray,
  kVarData,      // the whole current data
  kVarSlot,      // one slot of the current frame
  kVarSlotPath,  // a slot, then pre-split path components
  kVarPath,      // pre-split path components from the current data
  kVarDynamic,   // path computed at run time
  kVarAbsent,    // a path the layout proves absent: the default
  kMissing, kMissingSome,
  kIf, kAnd, kOr,
  kEq, kNe, kStrictEq, kStrictNe,
  kLt, kLe, kGt, kGe, kLt3, kLe3,
  kNot, kNotNot,
  kMod, kLog, kIn, kCat, kSubstr, kPlus, kMul, kMinus, kNeg, kDiv, kMin, kMax, kMerge,
  kMap, kFilter, kReduce, kAll, kSome, kNone,
  kDaysBetween, kHoursBetween,
  // CertLogic
  kClVar, kClIf, kClAnd, kClNot, kClStrictEq, kClIn, kClPlus, kClCompare, kClTimeCompare,
  kPlusTime, kExtractUvci, kDccDob, kClReduce,
};

// How a comparison node compares (kClCompare, kClTimeCompare).
enum Cmp : uint8_t { kCmpLt, kCmpGt, kCmpLe, kCmpGe };
// Node::sub of a JsonLogic comparison whose operands are a slot and a constant.
constexpr uint8_t kSlotConst = 1;

struct Program::Node {
  Op op = Op::kConst;
  uint8_t sub = 0;     // Cmp, TimeUnit
  uint16_t nargs = 0;
  uint32_t arg = 0;    // first index into args_
  int32_t slot = -1;   // kVarSlot*, kPlusTime amount, kExtractUvci index
  uint32_t path = 0;   // index into paths_
  Value constant;      // kConst
};

struct Program::Path {
  struct Segment {
    std::string key;
    int64_t index = -1;  // canonical array index, or -1
  };
  std::vector<Segment> segments;
};

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// "0", "1", ... "4294967294": JavaScript's array index property names.
int64_t CanonicalIndex(std::string_view s) {
  if (s.empty() || s.size() > 10) return -1;
  if (s.size() > 1 && s[0] == '0') return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v < 4294967295LL ? v : -1;
}

// parseInt(s, 10) for CertLogic's var: leading digits (optional sign), or -1
// when there are none.
int64_t ParseIntPrefix(std::string_view s, bool* is_number) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) { neg = s[i] == '-'; ++i; }
  int64_t v = 0;
  size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 15) v = v * 10 + (s[i++] - '0');
  *is_number = i > start;
  return neg ? -v : v;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool IsInteger(const Value& v) {
  return v.kind == ValueKind::kNumber && std::isfinite(v.number) && v.number == std::trunc(v.number);
}

enum class Bool3 : uint8_t { kFalsy, kTruthy, kNeither };

Bool3 CertLogicTruth(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: return Bool3::kFalsy;
    case ValueKind::kBool: return v.boolean ? Bool3::kTruthy : Bool3::kFalsy;
    case ValueKind::kNumber:
      if (!IsInteger(v)) return Bool3::kNeither;
      return v.number != 0 ? Bool3::kTruthy : Bool3::kFalsy;
    case ValueKind::kString: return v.size ? Bool3::kTruthy : Bool3::kFalsy;
    case ValueKind::kArray: return v.size ? Bool3::kTruthy : Bool3::kFalsy;
    case ValueKind::kObject: return v.object->size ? Bool3::kTruthy : Bool3::kFalsy;
    case ValueKind::kDateTime: return Bool3::kNeither;
  }
  return Bool3::kNeither;
}

Value DeepCopy(const Value& v, Arena* arena) {
  switch (v.kind) {
    case ValueKind::kString: return Value::String(arena->CopyString(v.str()));
    case ValueKind::kArray: {
      Value* items = arena->NewValues(v.size);
      for (uint32_t i = 0; i < v.size; ++i) items[i] = DeepCopy(v.items[i], arena);
      return Value::Array(items, v.size);
    }
    case ValueKind::kObject: {
      const ObjectRep& src = *v.object;
      auto* rep = static_cast<ObjectRep*>(arena->Allocate(sizeof(ObjectRep), alignof(ObjectRep)));
      auto* keys = static_cast<std::string_view*>(
          arena->Allocate(sizeof(std::string_view) * (src.size ? src.size : 1), alignof(std::string_view)));
      Value* values = arena->NewValues(src.size);
      for (uint32_t i = 0; i < src.size; ++i) {
        keys[i] = arena->CopyString(src.keys[i]);
        values[i] = DeepCopy(src.values[i], arena);
      }
      rep->keys = keys;
      rep->values = values;
      rep->size = src.size;
      return Value::Object(rep);
    }
    default: return v;
  }
}

// The layout of reduce's data: {"current": …, "accumulator": …}.
const std::shared_ptr<const DataLayout>& ReduceLayout() {
  static const std::shared_ptr<const DataLayout> layout = *DataLayout::Make({"current", "accumulator"});
  return layout;
}

std::string JsonPointerAppend(const std::string& base, std::string_view token) {
  std::string s = base;
  s.push_back('/');
  for (char c : token) {
    if (c == '~') s += "~0";
    else if (c == '/') s += "~1";
    else s.push_back(c);
  }
  return s;
}

}  // namespace

std::string_view DialectName(Dialect d) { return d == Dialect::kCertLogic ? "certlogic" : "jsonlogic"; }

std::optional<Dialect> ParseDialect(std::string_view name) {
  if (name == "jsonlogic") return Dialect::kJsonLogic;
  if (name == "certlogic") return Dialect::kCertLogic;
  return std::nullopt;
}

// ---------------------------------------------------------------- DataLayout

StatusOr<std::shared_ptr<const DataLayout>> DataLayout::Make(const std::vector<std::string>& leaf_paths) {
  // Build a tree first, then number slots object by object (breadth first) so
  // the fields of each object are consecutive.
  struct TreeNode {
    std::string name;
    std::vector<int> children;
    bool leaf = false;
  };
  std::vector<TreeNode> tree(1);  // [0] = root
  for (const auto& path : leaf_paths) {
    const auto parts = SplitPath(path);
    int cur = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].empty()) return Status::InvalidArgument("data layout: empty component in \"" + path + "\"");
      if (tree[cur].leaf) return Status::InvalidArgument("data layout: \"" + path + "\" goes below a leaf");
      int found = -1;
      for (int c : tree[cur].children) {
        if (tree[c].name == parts[i]) found = c;
      }
      if (found < 0) {
        found = static_cast<int>(tree.size());
        tree.push_back(TreeNode{parts[i], {}, false});
        tree[cur].children.push_back(found);
      }
      cur = found;
    }
    if (!tree[cur].children.empty() || tree[cur].leaf) {
      return Status::InvalidArgument("data layout: \"" + path + "\" is listed twice or is also a parent");
    }
    tree[cur].leaf = true;
  }
  auto layout = std::shared_ptr<DataLayout>(new DataLayout());
  const size_t n = tree.size() - 1;
  layout->names_.resize(n);
  layout->paths_.resize(n);
  layout->fields_.resize(n);
  std::vector<std::pair<int, int>> queue;  // (tree node, slot); root has slot -1
  queue.push_back({0, -1});
  uint32_t next_slot = 0;
  for (size_t q = 0; q < queue.size(); ++q) {
    const auto [node, slot] = queue[q];
    const uint32_t first = next_slot;
    for (int c : tree[node].children) {
      const int s = static_cast<int>(next_slot++);
      layout->names_[s] = tree[c].name;
      layout->paths_[s] = slot < 0 ? tree[c].name : layout->paths_[slot] + "." + tree[c].name;
      layout->fields_[s].parent = slot;
      layout->fields_[s].is_object = !tree[c].leaf;
      queue.push_back({c, s});
    }
    if (slot < 0) {
      layout->root_count_ = static_cast<uint32_t>(tree[node].children.size());
    } else {
      layout->fields_[slot].first_child = first;
      layout->fields_[slot].child_count = static_cast<uint32_t>(tree[node].children.size());
    }
  }
  layout->keys_.reserve(n);
  for (const auto& name : layout->names_) layout->keys_.push_back(name);
  return std::shared_ptr<const DataLayout>(std::move(layout));
}

int DataLayout::Find(std::string_view path) const {
  for (size_t i = 0; i < paths_.size(); ++i) {
    if (paths_[i] == path) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> DataLayout::Leaves() const {
  std::vector<int> out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!fields_[i].is_object) out.push_back(static_cast<int>(i));
  }
  return out;
}

int DataLayout::Resolve(const std::vector<std::string>& components, size_t* consumed, bool* missing) const {
  *consumed = 0;
  *missing = false;
  uint32_t first = 0, count = root_count_;
  int slot = -1;
  for (const auto& c : components) {
    if (slot >= 0 && !fields_[slot].is_object) break;  // a leaf: the rest is dynamic
    int found = -1;
    for (uint32_t s = first; s < first + count; ++s) {
      if (names_[s] == c) found = static_cast<int>(s);
    }
    if (found < 0) {
      *missing = true;
      return slot;
    }
    slot = found;
    ++*consumed;
    first = fields_[slot].first_child;
    count = fields_[slot].child_count;
  }
  return slot;
}

// ---------------------------------------------------------------- Frame

Frame::Frame(std::shared_ptr<const DataLayout> layout)
    : layout_(std::move(layout)),
      slots_(new Value[layout_->slot_count() ? layout_->slot_count() : 1]),
      arena_(std::make_unique<Arena>()) {
  size_t objects = 1;
  for (size_t s = 0; s < layout_->slot_count(); ++s) {
    if (layout_->field(static_cast<int>(s)).is_object) ++objects;
  }
  reps_.reset(new ObjectRep[objects]);
  reps_[0] = ObjectRep{layout_->keys(), slots_.get(), layout_->root_count()};
  size_t r = 1;
  for (size_t s = 0; s < layout_->slot_count(); ++s) {
    const auto& f = layout_->field(static_cast<int>(s));
    if (!f.is_object) continue;
    reps_[r] = ObjectRep{layout_->keys() + f.first_child, slots_.get() + f.first_child, f.child_count};
    slots_[s] = Value::Object(&reps_[r]);
    ++r;
  }
}

void Frame::Clear() {
  for (size_t s = 0; s < layout_->slot_count(); ++s) {
    if (!layout_->field(static_cast<int>(s)).is_object) slots_[s] = Value::Null();
  }
  arena_->Reset();
}

Status Frame::FromJson(const boost::json::value& json) {
  Clear();
  if (!json.is_object()) return Status::InvalidArgument("facts must be a JSON object");
  // Depth-first over the JSON, matching the layout.
  struct Walker {
    Frame* frame;
    Status Walk(const boost::json::object& obj, int parent_slot, const std::string& prefix) {
      const DataLayout& l = *frame->layout_;
      const uint32_t first = parent_slot < 0 ? 0 : l.field(parent_slot).first_child;
      const uint32_t count = parent_slot < 0 ? l.root_count() : l.field(parent_slot).child_count;
      for (const auto& kv : obj) {
        const std::string_view key(kv.key().data(), kv.key().size());
        const std::string path = prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
        int slot = -1;
        for (uint32_t s = first; s < first + count; ++s) {
          if (l.keys()[s] == key) slot = static_cast<int>(s);
        }
        if (slot < 0) return Status::InvalidArgument("unknown fact \"" + path + "\"");
        if (l.field(slot).is_object) {
          if (kv.value().is_null()) continue;  // an absent group: its fields stay null
          if (!kv.value().is_object()) return Status::InvalidArgument("fact \"" + path + "\" must be an object");
          ONECODE_RETURN_IF_ERROR(Walk(kv.value().get_object(), slot, path));
        } else {
          frame->slots_[slot] = rules::FromJson(kv.value(), frame->arena_.get());
        }
      }
      return Status::Ok();
    }
  };
  return Walker{this}.Walk(json.get_object(), -1, "");
}

// ---------------------------------------------------------------- compiler

Program::Program() : constants_(std::make_unique<Arena>()) { nodes_.push_back(Node{}); }
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;
Program::~Program() = default;

bool Program::is_constant() const { return nodes_[root_].op == Op::kConst; }
size_t Program::node_count() const { return nodes_.size(); }

class Compiler {
 public:
  Compiler(Program* p, const CompileOptions& o) : p_(p), opt_(o) {}

  enum class Scope : uint8_t { kRoot, kElement, kReduce };

  StatusOr<uint32_t> Compile(const boost::json::value& v, Scope scope, int depth, const std::string& at);

 private:
  Status Error(const std::string& at, const std::string& message) {
    return Status::InvalidArgument((at.empty() ? std::string("at /") : "at " + at) + ": " + message);
  }
  uint32_t Add(Program::Node n) {
    p_->nodes_.push_back(n);
    return static_cast<uint32_t>(p_->nodes_.size() - 1);
  }
  uint32_t AddConst(Value v) {
    Program::Node n;
    n.op = Op::kConst;
    n.constant = v;
    return Add(n);
  }
  uint32_t AddOp(Op op, const std::vector<uint32_t>& args, uint8_t sub = 0) {
    Program::Node n;
    n.op = op;
    n.sub = sub;
    n.nargs = static_cast<uint16_t>(args.size());
    n.arg = static_cast<uint32_t>(p_->args_.size());
    p_->args_.insert(p_->args_.end(), args.begin(), args.end());
    return Add(n);
  }
  bool IsConst(uint32_t node) const { return p_->nodes_[node].op == Op::kConst; }
  const Value& ConstOf(uint32_t node) const { return p_->nodes_[node].constant; }
  // Replaces a pure node whose arguments are all constants by its value.
  uint32_t Fold(uint32_t node);
  uint32_t AddPath(const std::vector<std::string>& parts) {
    Program::Path path;
    for (const auto& part : parts) path.segments.push_back({part, CanonicalIndex(part)});
    p_->paths_.push_back(std::move(path));
    return static_cast<uint32_t>(p_->paths_.size() - 1);
  }
  uint32_t Fuse(uint32_t node);
  StatusOr<uint32_t> CompileVar(std::vector<uint32_t> args, Scope scope, const std::string& at);
  StatusOr<uint32_t> CompileCertLogic(const std::string& op, const boost::json::value& values, Scope scope,
                                      int depth, const std::string& at);
  const DataLayout* LayoutOf(Scope scope) const {
    if (scope == Scope::kReduce) return ReduceLayout().get();
    if (scope == Scope::kRoot) return opt_.layout.get();
    return nullptr;
  }

  Program* p_;
  const CompileOptions& opt_;
};

namespace {

struct OpInfo {
  Op op;
  int min_args;
  int max_args;  // -1 = any
};

const std::unordered_map<std::string_view, OpInfo>& JsonLogicOps() {
  static const std::unordered_map<std::string_view, OpInfo> ops = {
      {"==", {Op::kEq, 2, 2}},          {"!=", {Op::kNe, 2, 2}},
      {"===", {Op::kStrictEq, 2, 2}},   {"!==", {Op::kStrictNe, 2, 2}},
      {"<", {Op::kLt, 2, 3}},           {"<=", {Op::kLe, 2, 3}},
      {">", {Op::kGt, 2, 2}},           {">=", {Op::kGe, 2, 2}},
      {"!", {Op::kNot, 1, 1}},          {"!!", {Op::kNotNot, 1, 1}},
      {"%", {Op::kMod, 2, 2}},          {"/", {Op::kDiv, 2, 2}},
      {"-", {Op::kMinus, 1, 2}},        {"+", {Op::kPlus, 0, -1}},
      {"*", {Op::kMul, 1, -1}},         {"min", {Op::kMin, 1, -1}},
      {"max", {Op::kMax, 1, -1}},       {"cat", {Op::kCat, 0, -1}},
      {"merge", {Op::kMerge, 0, -1}},   {"missing", {Op::kMissing, 0, -1}},
      {"missing_some", {Op::kMissingSome, 2, 2}},
      {"substr", {Op::kSubstr, 2, 3}},  {"in", {Op::kIn, 2, 2}},
      {"var", {Op::kVarPath, 0, 2}},    {"if", {Op::kIf, 0, -1}},
      {"?:", {Op::kIf, 0, -1}},         {"and", {Op::kAnd, 1, -1}},
      {"or", {Op::kOr, 1, -1}},         {"map", {Op::kMap, 2, 2}},
      {"filter", {Op::kFilter, 2, 2}},  {"all", {Op::kAll, 2, 2}},
      {"some", {Op::kSome, 2, 2}},      {"none", {Op::kNone, 2, 2}},
      {"reduce", {Op::kReduce, 2, 3}},  {"log", {Op::kLog, 1, 1}},
      {"days_between", {Op::kDaysBetween, 2, 2}},
      {"hours_between", {Op::kHoursBetween, 2, 2}},
  };
  return ops;
}

bool IsPure(Op op) {
  switch (op) {
    case Op::kConst: case Op::kArray: case Op::kIf: case Op::kAnd: case Op::kOr:
    case Op::kEq: case Op::kNe: case Op::kStrictEq: case Op::kStrictNe:
    case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: case Op::kLt3: case Op::kLe3:
    case Op::kNot: case Op::kNotNot: case Op::kMod: case Op::kIn: case Op::kCat: case Op::kSubstr:
    case Op::kPlus: case Op::kMul: case Op::kMinus: case Op::kNeg: case Op::kDiv: case Op::kMin:
    case Op::kMax: case Op::kMerge: case Op::kDaysBetween: case Op::kHoursBetween:
    case Op::kClIf: case Op::kClAnd: case Op::kClNot: case Op::kClStrictEq: case Op::kClIn:
    case Op::kClPlus: case Op::kClCompare: case Op::kClTimeCompare: case Op::kPlusTime:
    case Op::kExtractUvci: case Op::kDccDob:
      return true;
    default:
      return false;
  }
}

}  // namespace

StatusOr<uint32_t> Compiler::Compile(const boost::json::value& v, Scope scope, int depth, const std::string& at) {
  if (depth > opt_.max_depth) {
    return Error(at, "logic is nested deeper than " + std::to_string(opt_.max_depth) + " levels");
  }
  const bool cert = opt_.dialect == Dialect::kCertLogic;
  switch (v.kind()) {
    case boost::json::kind::null:
      if (cert) return Error(at, "invalid CertLogic expression");
      return AddConst(Value::Null());
    case boost::json::kind::bool_: return AddConst(Value::Bool(v.get_bool()));
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: {
      const Value n = FromJson(v, p_->constants_.get());
      if (cert && !IsInteger(n)) {
        std::string text;
        AppendNumber(n.number, &text);
        return Error(at, text + " is a non-integer number");
      }
      return AddConst(n);
    }
    case boost::json::kind::string: return AddConst(FromJson(v, p_->constants_.get()));
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      std::vector<uint32_t> items;
      for (size_t i = 0; i < a.size(); ++i) {
        auto c = Compile(a[i], scope, depth + 1, JsonPointerAppend(at, std::to_string(i)));
        if (!c.ok()) return c.status();
        items.push_back(*c);
      }
      return Fold(AddOp(Op::kArray, items));
    }
    case boost::json::kind::object: break;
  }
  const auto& obj = v.get_object();
  if (obj.size() != 1) {
    if (cert) {
      return Error(at, "expression object must have exactly one key, but it has " + std::to_string(obj.size()));
    }
    return AddConst(FromJson(v, p_->constants_.get()));  // not logic: a literal object
  }
  const auto& kv = *obj.begin();
  const std::string op(kv.key().data(), kv.key().size());
  const std::string op_at = JsonPointerAppend(at, op);
  if (cert) return CompileCertLogic(op, kv.value(), scope, depth, op_at);

  const auto& ops = JsonLogicOps();
  const auto it = ops.find(op);
  if (it == ops.end()) return Error(at, "unknown operator \"" + op + "\"");
  const OpInfo info = it->second;
  // Unary shorthand: {"var": "x"} is {"var": ["x"]}.
  boost::json::array single;
  const boost::json::array* values;
  if (kv.value().is_array()) {
    values = &kv.value().get_array();
  } else {
    single.push_back(kv.value());
    values = &single;
  }
  const int n = static_cast<int>(values->size());
  if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
    std::string want = info.min_args == info.max_args ? std::to_string(info.min_args)
                       : info.max_args < 0         ? "at least " + std::to_string(info.min_args)
                                                   : std::to_string(info.min_args) + " to " + std::to_string(info.max_args);
    std::string message = "operator \"" + op + "\" takes " + want + " argument" + (want == "1" ? "" : "s") +
                          ", got " + std::to_string(n);
    if ((op == ">" || op == ">=") && n == 3) message += " (json-logic-js ignores a third; use \"<\" or \"<=\" for between)";
    return Error(at, message);
  }
  const bool is_lambda = info.op == Op::kMap || info.op == Op::kFilter || info.op == Op::kAll ||
                         info.op == Op::kSome || info.op == Op::kNone || info.op == Op::kReduce;
  std::vector<uint32_t> args;
  for (int i = 0; i < n; ++i) {
    Scope s = scope;
    if (is_lambda && i == 1) s = info.op == Op::kReduce ? Scope::kReduce : Scope::kElement;
    auto c = Compile((*values)[i], s, depth + 1, n == 1 && !kv.value().is_array() ? op_at
                                                                          : JsonPointerAppend(op_at, std::to_string(i)));
    if (!c.ok()) return c.status();
    args.push_back(*c);
  }
  Op code = info.op;
  if (code == Op::kVarPath) return CompileVar(std::move(args), scope, op_at);
  if (code == Op::kLt && n == 3) code = Op::kLt3;
  if (code == Op::kLe && n == 3) code = Op::kLe3;
  if (code == Op::kMinus && n == 1) code = Op::kNeg;
  return Fuse(Fold(AddOp(code, args)));
}

uint32_t Compiler::Fuse(uint32_t node) {
  // A comparison of a slot with a constant ({"===": [{"var": "case.status"},
  // "confirmed"]}) reads both operands in place instead of evaluating two
  // child nodes: the most common shape in rule sets.
  Program::Node& n = p_->nodes_[node];
  switch (n.op) {
    case Op::kEq: case Op::kNe: case Op::kStrictEq: case Op::kStrictNe:
    case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
      break;
    default:
      return node;
  }
  const Program::Node& a = p_->nodes_[p_->args_[n.arg]];
  const Program::Node& b = p_->nodes_[p_->args_[n.arg + 1]];
  if (a.op != Op::kVarSlot || a.nargs != 0 || b.op != Op::kConst) return node;
  n.slot = a.slot;
  n.constant = b.constant;
  n.sub = kSlotConst;
  return node;
}

StatusOr<uint32_t> Compiler::CompileVar(std::vector<uint32_t> args, Scope scope, const std::string& at) {
  (void)at;
  const DataLayout* layout = LayoutOf(scope);
  Program::Node n;
  if (args.empty()) {
    n.op = Op::kVarData;
    return Add(n);
  }
  std::vector<uint32_t> rest(args.begin() + 1, args.end());  // the default, if any
  if (!IsConst(args[0])) {
    return AddOp(Op::kVarDynamic, args);
  }
  const Value key = ConstOf(args[0]);
  if (key.is_null() || (key.kind == ValueKind::kString && key.size == 0)) {
    n.op = Op::kVarData;
    return Add(n);
  }
  std::string text;
  AppendString(key, &text);
  if (scope == Scope::kRoot) p_->data_paths_.push_back(text);
  const auto parts = SplitPath(text);
  if (layout != nullptr) {
    size_t consumed = 0;
    bool missing = false;
    const int slot = layout->Resolve(parts, &consumed, &missing);
    if (missing) return AddOp(Op::kVarAbsent, rest);
    const uint32_t node = AddOp(consumed == parts.size() ? Op::kVarSlot : Op::kVarSlotPath, rest);
    p_->nodes_[node].slot = slot;
    if (consumed < parts.size()) {
      p_->nodes_[node].path = AddPath(std::vector<std::string>(parts.begin() + consumed, parts.end()));
    }
    return node;
  }
  const uint32_t node = AddOp(Op::kVarPath, rest);
  p_->nodes_[node].path = AddPath(parts);
  return node;
}

StatusOr<uint32_t> Compiler::CompileCertLogic(const std::string& op, const boost::json::value& values, Scope scope,
                                              int depth, const std::string& at) {
  if (op == "var") {
    if (!values.is_string()) return Error(at, "not of the form { \"var\": \"<path>\" }");
    const std::string path(values.get_string().data(), values.get_string().size());
    Program::Node n;
    if (path.empty()) {
      n.op = Op::kVarData;
      return Add(n);
    }
    const auto parts = SplitPath(path);
    for (const auto& part : parts) {
      if (part.empty()) return Error(at, "data access path doesn't have a valid format: " + path);
    }
    if (scope == Scope::kRoot) p_->data_paths_.push_back(path);
    n.op = Op::kClVar;
    Program::Path p;
    for (const auto& part : parts) {
      bool is_number = false;
      const int64_t idx = ParseIntPrefix(part, &is_number);
      p.segments.push_back({part, is_number ? idx : -2});
    }
    p_->paths_.push_back(std::move(p));
    n.path = static_cast<uint32_t>(p_->paths_.size() - 1);
    return Add(n);
  }
  if (!values.is_array()) return Error(at, "operation not of the form { \"<operator>\": [ <values...> ] }");
  const auto& a = values.get_array();
  struct ClOp {
    Op op;
    int min_args, max_args;
    uint8_t sub;
  };
  static const std::unordered_map<std::string_view, ClOp> kOps = {
      {"if", {Op::kClIf, 3, 3, 0}},
      {"===", {Op::kClStrictEq, 2, 2, 0}},
      {"and", {Op::kClAnd, 2, -1, 0}},
      {"<", {Op::kClCompare, 2, 3, kCmpLt}},
      {">", {Op::kClCompare, 2, 3, kCmpGt}},
      {"<=", {Op::kClCompare, 2, 3, kCmpLe}},
      {">=", {Op::kClCompare, 2, 3, kCmpGe}},
      {"before", {Op::kClTimeCompare, 2, 3, kCmpLt}},
      {"after", {Op::kClTimeCompare, 2, 3, kCmpGt}},
      {"not-after", {Op::kClTimeCompare, 2, 3, kCmpLe}},
      {"not-before", {Op::kClTimeCompare, 2, 3, kCmpGe}},
      {"in", {Op::kClIn, 2, 2, 0}},
      {"+", {Op::kClPlus, 2, 2, 0}},
      {"!", {Op::kClNot, 1, 1, 0}},
      {"plusTime", {Op::kPlusTime, 3, 3, 0}},
      {"reduce", {Op::kClReduce, 3, 3, 0}},
      {"extractFromUVCI", {Op::kExtractUvci, 2, 2, 0}},
      {"dccDateOfBirth", {Op::kDccDob, 1, 1, 0}},
  };
  const auto it = kOps.find(op);
  if (it == kOps.end()) return Error(at, "unrecognised operator: \"" + op + "\"");
  const ClOp info = it->second;
  const int n = static_cast<int>(a.size());
  if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
    return Error(at, "operation \"" + op + "\" takes " +
                         (info.min_args == info.max_args ? std::to_string(info.min_args)
                          : info.max_args < 0 ? "at least " + std::to_string(info.min_args)
                                              : std::to_string(info.min_args) + " or " + std::to_string(info.max_args)) +
                         " operands, got " + std::to_string(n));
  }
  uint8_t sub = info.sub;
  int32_t literal = -1;
  if (info.op == Op::kPlusTime) {
    if (!a[1].is_int64() && !(a[1].is_double() && a[1].get_double() == std::trunc(a[1].get_double()))) {
      return Error(JsonPointerAppend(at, "1"), "the amount of \"plusTime\" must be an integer literal");
    }
    literal = static_cast<int32_t>(a[1].is_int64() ? a[1].get_int64() : static_cast<int64_t>(a[1].get_double()));
    const auto unit = a[2].is_string() ? ParseTimeUnit(std::string_view(a[2].get_string())) : std::nullopt;
    if (!unit) return Error(JsonPointerAppend(at, "2"), "the unit of \"plusTime\" must be \"year\", \"month\", \"day\" or \"hour\"");
    sub = static_cast<uint8_t>(*unit);
  }
  if (info.op == Op::kExtractUvci) {
    if (!a[1].is_int64()) return Error(JsonPointerAppend(at, "1"), "the index of \"extractFromUVCI\" must be an integer literal");
    literal = static_cast<int32_t>(a[1].get_int64());
  }
  std::vector<uint32_t> args;
  const int compiled = info.op == Op::kPlusTime || info.op == Op::kExtractUvci ? 1 : n;
  for (int i = 0; i < compiled; ++i) {
    const Scope s = info.op == Op::kClReduce && i == 1 ? Scope::kReduce : scope;
    auto c = Compile(a[i], s, depth + 1, JsonPointerAppend(at, std::to_string(i)));
    if (!c.ok()) return c.status();
    args.push_back(*c);
  }
  const uint32_t node = AddOp(info.op, args, sub);
  p_->nodes_[node].slot = literal;
  return Fold(node);
}

StatusOr<Program> Program::Compile(const boost::json::value& logic, const CompileOptions& options) {
  Program p;
  p.dialect_ = options.dialect;
  p.layout_ = options.layout;
  Compiler c(&p, options);
  auto root = c.Compile(logic, Compiler::Scope::kRoot, 1, "");
  if (!root.ok()) return root.status();
  p.root_ = *root;
  return p;
}

StatusOr<Program> Program::Parse(std::string_view json_text, const CompileOptions& options) {
  auto v = ParseJson(json_text);
  if (!v.ok()) return Status::InvalidArgument("logic is " + v.status().message());
  return Compile(*v, options);
}

// ---------------------------------------------------------------- evaluator

struct EvalImpl {
  const Program& p;
  Evaluator& ev;

  const Program::Node& N(uint32_t i) const { return p.nodes_[i]; }
  uint32_t Arg(const Program::Node& n, uint32_t k) const { return p.args_[n.arg + k]; }

  Value Fail(const std::string& message) {
    if (!ev.failed_) {
      ev.failed_ = true;
      ev.error_ = message;
    }
    return Value::Null();
  }

  Value NewString(std::string_view s) { return Value::String(ev.arena_.CopyString(s)); }

  // One step of JavaScript's data[key]; false when the result is undefined.
  bool Property(const Value& cur, std::string_view key, int64_t index, Value* out) {
    switch (cur.kind) {
      case ValueKind::kObject: {
        const Value* v = cur.object->Find(key);
        if (v == nullptr) return false;
        *out = *v;
        return true;
      }
      case ValueKind::kArray:
        if (index >= 0) {
          if (index >= cur.size) return false;
          *out = cur.items[index];
          return true;
        }
        if (key == "length") {
          *out = Value::Number(cur.size);
          return true;
        }
        return false;
      case ValueKind::kString: {
        const size_t len = Utf16Length(cur.str());
        if (index >= 0) {
          if (static_cast<size_t>(index) >= len) return false;
          *out = NewString(Utf16Slice(cur.str(), index, index + 1));
          return true;
        }
        if (key == "length") {
          *out = Value::Number(static_cast<double>(len));
          return true;
        }
        return false;
      }
      default: return false;
    }
  }

  // Walks pre-split segments; false when not found.
  bool Walk(Value cur, const Program::Path& path, Value* out) {
    for (const auto& seg : path.segments) {
      if (cur.is_null()) return false;
      if (!Property(cur, seg.key, seg.index, &cur)) return false;
    }
    *out = cur;
    return true;
  }

  // Walks a dotted path split at run time; false when not found.
  bool WalkText(Value cur, std::string_view path, Value* out) {
    size_t start = 0;
    while (true) {
      const size_t dot = path.find('.', start);
      const std::string_view seg = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
      if (cur.is_null()) return false;
      if (!Property(cur, seg, CanonicalIndex(seg), &cur)) return false;
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
    *out = cur;
    return true;
  }

  // json-logic-js's var(a, b) with a computed key (for var and missing).
  Value VarLookup(const Value& data, const Value& key, const Value* fallback, bool* found) {
    *found = true;
    if (key.is_null() || (key.kind == ValueKind::kString && key.size == 0)) return data;
    std::string text;
    AppendString(key, &text);
    Value out;
    if (WalkText(data, text, &out)) return out;
    *found = false;
    return fallback ? *fallback : Value::Null();
  }

  Value MakeArray(const std::vector<Value>& items) {
    Value* out = ev.arena_.NewValues(items.size());
    for (size_t i = 0; i < items.size(); ++i) out[i] = items[i];
    return Value::Array(out, static_cast<uint32_t>(items.size()));
  }

  std::optional<int64_t> TimeOf(const Value& v) {
    if (v.kind == ValueKind::kDateTime) return v.millis;
    if (v.kind == ValueKind::kString) return ParseDateTime(v.str());
    if (v.kind == ValueKind::kNumber && std::isfinite(v.number)) return static_cast<int64_t>(v.number * 1000);
    return std::nullopt;
  }

  static bool HasObject(const Value& v) {
    if (v.kind == ValueKind::kObject) return true;
    if (v.kind != ValueKind::kArray) return false;
    for (uint32_t i = 0; i < v.size; ++i) {
      if (HasObject(v.items[i])) return true;
    }
    return false;
  }

  // json-logic-js hands computed keys back to apply(), so a key that holds
  // one-key objects is evaluated as logic (over the same data) once more.
  Value Reapply(const Value& key, const Value& data) {
    if (!HasObject(key)) return key;
    auto program = Program::Compile(ToJson(key));
    if (!program.ok()) return Fail("Unrecognized operation in a computed key: " + program.status().message());
    Evaluator nested;
    auto r = nested.Evaluate(*program, data);
    if (!r.ok()) return Fail(r.status().message());
    return DeepCopy(*r, &ev.arena_);
  }

  Value Missing(const Value& data, const Value* args, uint32_t n) {
    // missing(keys...) or missing([keys]).
    const Value* keys = args;
    uint32_t count = n;
    if (n > 0 && args[0].kind == ValueKind::kArray) {
      keys = args[0].items;
      count = args[0].size;
    }
    std::vector<Value> missing;
    for (uint32_t i = 0; i < count; ++i) {
      const Value& key = keys[i];
      const Value applied = Reapply(key, data);
      Value path = applied, fallback = Value::Null();
      bool has_fallback = false;
      if (applied.kind == ValueKind::kArray) {  // {"var": [path, default]}
        path = applied.size > 0 ? applied.items[0] : Value::Null();
        if (applied.size > 1) { fallback = applied.items[1]; has_fallback = true; }
      }
      bool found;
      const Value v = VarLookup(data, path, has_fallback ? &fallback : nullptr, &found);
      if (v.is_null() || (v.kind == ValueKind::kString && v.size == 0)) missing.push_back(key);
    }
    return MakeArray(missing);
  }

  Value Eval(uint32_t id, const Value& data, const Value* slots);
  Value EvalCertLogic(const Program::Node& n, const Value& data, const Value* slots);
};

Value EvalImpl::Eval(uint32_t id, const Value& data, const Value* slots) {
  const Program::Node& n = N(id);
  switch (n.op) {
    case Op::kConst: return n.constant;
    case Op::kVarSlot: return slots[n.slot];
    case Op::kVarData: return data;
    case Op::kVarSlotPath: {
      const Value fallback = n.nargs ? Eval(Arg(n, 0), data, slots) : Value::Null();
      Value out;
      return Walk(slots[n.slot], p.paths_[n.path], &out) ? out : fallback;
    }
    case Op::kVarPath: {
      const Value fallback = n.nargs ? Eval(Arg(n, 0), data, slots) : Value::Null();
      Value out;
      return Walk(data, p.paths_[n.path], &out) ? out : fallback;
    }
    case Op::kVarAbsent: return n.nargs ? Eval(Arg(n, 0), data, slots) : Value::Null();
    case Op::kVarDynamic: {
      const Value key = Eval(Arg(n, 0), data, slots);
      const Value fallback = n.nargs > 1 ? Eval(Arg(n, 1), data, slots) : Value::Null();
      bool found;
      return VarLookup(data, key, &fallback, &found);
    }
    case Op::kArray: {
      Value* items = ev.arena_.NewValues(n.nargs);
      for (uint32_t i = 0; i < n.nargs; ++i) items[i] = Eval(Arg(n, i), data, slots);
      return Value::Array(items, n.nargs);
    }
    case Op::kIf: {
      uint32_t i = 0;
      for (; i + 1 < n.nargs; i += 2) {
        if (Truthy(Eval(Arg(n, i), data, slots))) return Eval(Arg(n, i + 1), data, slots);
      }
      if (i + 1 == n.nargs) return Eval(Arg(n, i), data, slots);
      return Value::Null();
    }
    case Op::kAnd: {
      Value cur;
      for (uint32_t i = 0; i < n.nargs; ++i) {
        cur = Eval(Arg(n, i), data, slots);
        if (!Truthy(cur)) return cur;
      }
      return cur;
    }
    case Op::kOr: {
      Value cur;
      for (uint32_t i = 0; i < n.nargs; ++i) {
        cur = Eval(Arg(n, i), data, slots);
        if (Truthy(cur)) return cur;
      }
      return cur;
    }
    case Op::kNot: return Value::Bool(!Truthy(Eval(Arg(n, 0), data, slots)));
    case Op::kNotNot: return Value::Bool(Truthy(Eval(Arg(n, 0), data, slots)));
    case Op::kEq:
    case Op::kNe:
    case Op::kStrictEq:
    case Op::kStrictNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      Value a, b;
      if (n.sub == kSlotConst) {
        a = slots[n.slot];
        b = n.constant;
        if (a.kind == ValueKind::kNumber && b.kind == ValueKind::kNumber) {
          const double x = a.number, y = b.number;
          switch (n.op) {
            case Op::kEq: case Op::kStrictEq: return Value::Bool(x == y);
            case Op::kNe: case Op::kStrictNe: return Value::Bool(!(x == y));
            case Op::kLt: return Value::Bool(x < y);
            case Op::kLe: return Value::Bool(x <= y);
            case Op::kGt: return Value::Bool(x > y);
            default: return Value::Bool(x >= y);
          }
        }
      } else {
        a = Eval(Arg(n, 0), data, slots);
        b = Eval(Arg(n, 1), data, slots);
      }
      switch (n.op) {
        case Op::kEq: return Value::Bool(LooseEquals(a, b));
        case Op::kNe: return Value::Bool(!LooseEquals(a, b));
        case Op::kStrictEq: return Value::Bool(StrictEquals(a, b));
        case Op::kStrictNe: return Value::Bool(!StrictEquals(a, b));
        case Op::kLt: return Value::Bool(Less(a, b));
        case Op::kLe: return Value::Bool(LessEq(a, b));
        case Op::kGt: return Value::Bool(Less(b, a));
        default: return Value::Bool(LessEq(b, a));
      }
    }
    case Op::kLt3:
    case Op::kLe3: {
      const Value a = Eval(Arg(n, 0), data, slots);
      const Value b = Eval(Arg(n, 1), data, slots);
      const Value c = Eval(Arg(n, 2), data, slots);
      if (n.op == Op::kLt3) return Value::Bool(Less(a, b) && Less(b, c));
      return Value::Bool(LessEq(a, b) && LessEq(b, c));
    }
    case Op::kMod: {
      const double a = ToNumber(Eval(Arg(n, 0), data, slots));
      const double b = ToNumber(Eval(Arg(n, 1), data, slots));
      return Value::Number(std::fmod(a, b));
    }
    case Op::kDiv: {
      const double a = ToNumber(Eval(Arg(n, 0), data, slots));
      const double b = ToNumber(Eval(Arg(n, 1), data, slots));
      return Value::Number(a / b);
    }
    case Op::kMinus: {
      const double a = ToNumber(Eval(Arg(n, 0), data, slots));
      const double b = ToNumber(Eval(Arg(n, 1), data, slots));
      return Value::Number(a - b);
    }
    case Op::kNeg: return Value::Number(-ToNumber(Eval(Arg(n, 0), data, slots)));
    case Op::kPlus: {
      double acc = 0;
      for (uint32_t i = 0; i < n.nargs; ++i) {
        const Value v = Eval(Arg(n, i), data, slots);
        acc = (acc == 0 ? 0.0 : acc) + ParseFloat(v);
      }
      return Value::Number(acc);
    }
    case Op::kMul: {
      Value acc = Eval(Arg(n, 0), data, slots);
      for (uint32_t i = 1; i < n.nargs; ++i) {
        const Value v = Eval(Arg(n, i), data, slots);
        acc = Value::Number(ParseFloat(acc) * ParseFloat(v));
      }
      return acc;
    }
    case Op::kMin:
    case Op::kMax: {
      double r = n.op == Op::kMin ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
      bool nan = false;
      for (uint32_t i = 0; i < n.nargs; ++i) {
        const double x = ToNumber(Eval(Arg(n, i), data, slots));
        if (std::isnan(x)) nan = true;
        if (n.op == Op::kMin) {
          if (x < r || (x == 0 && r == 0 && std::signbit(x))) r = x;
        } else {
          if (x > r || (x == 0 && r == 0 && !std::signbit(x))) r = x;
        }
      }
      return Value::Number(nan ? kNaN : r);
    }
    case Op::kCat: {
      Value* vals = ev.arena_.NewValues(n.nargs);
      for (uint32_t i = 0; i < n.nargs; ++i) vals[i] = Eval(Arg(n, i), data, slots);
      std::string& s = ev.scratch_;
      s.clear();
      for (uint32_t i = 0; i < n.nargs; ++i) AppendJoinItem(vals[i], &s);
      return NewString(s);
    }
    case Op::kSubstr: {
      const Value src = Eval(Arg(n, 0), data, slots);
      const Value start_v = Eval(Arg(n, 1), data, slots);
      const bool has_end = n.nargs > 2;
      const Value end_v = has_end ? Eval(Arg(n, 2), data, slots) : Value::Null();
      std::string s;
      AppendString(src, &s);
      auto to_integer = [](double d) { return std::isnan(d) ? 0.0 : std::trunc(d); };
      // String.prototype.substr(start, length) on UTF-16 units.
      auto substr = [&](const std::string& str, double start, bool has_len, double len) {
        const double size = static_cast<double>(Utf16Length(str));
        start = to_integer(start);
        if (start < 0) start = std::max(size + start, 0.0);
        start = std::min(start, size);
        double l = has_len ? to_integer(len) : size;
        l = std::min(std::max(l, 0.0), size);
        const double end = std::min(start + l, size);
        return Utf16Slice(str, static_cast<size_t>(start), static_cast<size_t>(std::max(end, start)));
      };
      if (has_end && Compare(end_v, Value::Number(0)) == Order::kLess) {
        const std::string temp = substr(s, ToNumber(start_v), false, 0);
        // temp.length + end: numeric only when end is a number; otherwise
        // string concatenation, which never reads as a number.
        const double len = end_v.kind == ValueKind::kNumber ? Utf16Length(temp) + end_v.number : kNaN;
        return NewString(substr(temp, 0, true, len));
      }
      return NewString(substr(s, ToNumber(start_v), has_end && true, has_end ? ToNumber(end_v) : 0));
    }
    case Op::kIn: {
      const Value a = Eval(Arg(n, 0), data, slots);
      const Value b = Eval(Arg(n, 1), data, slots);
      if (!JsTruthy(b)) return Value::Bool(false);
      if (b.kind == ValueKind::kString) {
        std::string needle;
        AppendString(a, &needle);
        return Value::Bool(b.str().find(needle) != std::string_view::npos);
      }
      if (b.kind == ValueKind::kArray) {
        for (uint32_t i = 0; i < b.size; ++i) {
          if (StrictEquals(b.items[i], a)) return Value::Bool(true);
        }
        return Value::Bool(false);
      }
      if (b.kind == ValueKind::kObject && b.object->Find("indexOf") != nullptr) {
        return Fail("\"in\": b.indexOf is not a function");
      }
      return Value::Bool(false);
    }
    case Op::kMerge: {
      Value* vals = ev.arena_.NewValues(n.nargs);
      size_t total = 0;
      for (uint32_t i = 0; i < n.nargs; ++i) {
        vals[i] = Eval(Arg(n, i), data, slots);
        total += vals[i].kind == ValueKind::kArray ? vals[i].size : 1;
      }
      Value* items = ev.arena_.NewValues(total);
      size_t k = 0;
      for (uint32_t a = 0; a < n.nargs; ++a) {
        const Value& v = vals[a];
        if (v.kind == ValueKind::kArray) {
          for (uint32_t j = 0; j < v.size; ++j) items[k++] = v.items[j];
        } else {
          items[k++] = v;
        }
      }
      return Value::Array(items, static_cast<uint32_t>(total));
    }
    case Op::kMissing: {
      Value* vals = ev.arena_.NewValues(n.nargs);
      for (uint32_t i = 0; i < n.nargs; ++i) vals[i] = Eval(Arg(n, i), data, slots);
      return Missing(data, vals, n.nargs);
    }
    case Op::kMissingSome: {
      const Value need = Eval(Arg(n, 0), data, slots);
      const Value options = Eval(Arg(n, 1), data, slots);
      // apply({"missing": options}): options' items are evaluated again first.
      Value are_missing;
      if (options.kind == ValueKind::kArray) {
        Value* items = ev.arena_.NewValues(options.size);
        for (uint32_t i = 0; i < options.size; ++i) items[i] = Reapply(options.items[i], data);
        are_missing = Missing(data, items, options.size);
      } else {
        const Value applied = Reapply(options, data);
        are_missing = Missing(data, &applied, 1);
      }
      double length = kNaN;
      if (options.is_null()) return Fail("Cannot read properties of null (reading 'length')");
      if (options.kind == ValueKind::kArray) length = options.size;
      if (options.kind == ValueKind::kString) length = static_cast<double>(Utf16Length(options.str()));
      if (options.kind == ValueKind::kObject) {
        const Value* l = options.object->Find("length");
        if (l != nullptr) length = ToNumber(*l);
      }
      const Value have = Value::Number(length - are_missing.size);
      if (LessEq(need, have)) return MakeArray({});
      return are_missing;
    }
    case Op::kLog: {
      const Value v = Eval(Arg(n, 0), data, slots);
      std::string text = ToJsonText(v);
      if (ev.log_sink_) {
        ev.log_sink_->append(text);
        ev.log_sink_->push_back('\n');
      } else {
        std::fprintf(stderr, "%s\n", text.c_str());
      }
      return v;
    }
    case Op::kMap:
    case Op::kFilter:
    case Op::kAll:
    case Op::kSome:
    case Op::kNone: {
      const Value scoped = Eval(Arg(n, 0), data, slots);
      const uint32_t lambda = Arg(n, 1);
      const bool is_array = scoped.kind == ValueKind::kArray;
      switch (n.op) {
        case Op::kMap: {
          if (!is_array) return MakeArray({});
          Value* items = ev.arena_.NewValues(scoped.size);
          for (uint32_t i = 0; i < scoped.size; ++i) items[i] = Eval(lambda, scoped.items[i], nullptr);
          return Value::Array(items, scoped.size);
        }
        case Op::kFilter: {
          if (!is_array) return MakeArray({});
          std::vector<Value> kept;
          for (uint32_t i = 0; i < scoped.size; ++i) {
            if (Truthy(Eval(lambda, scoped.items[i], nullptr))) kept.push_back(scoped.items[i]);
          }
          return MakeArray(kept);
        }
        case Op::kAll:
          if (!is_array || scoped.size == 0) return Value::Bool(false);
          for (uint32_t i = 0; i < scoped.size; ++i) {
            if (!Truthy(Eval(lambda, scoped.items[i], nullptr))) return Value::Bool(false);
          }
          return Value::Bool(true);
        case Op::kSome:
          if (!is_array || scoped.size == 0) return Value::Bool(false);
          for (uint32_t i = 0; i < scoped.size; ++i) {
            if (Truthy(Eval(lambda, scoped.items[i], nullptr))) return Value::Bool(true);
          }
          return Value::Bool(false);
        default:
          if (!is_array || scoped.size == 0) return Value::Bool(true);
          for (uint32_t i = 0; i < scoped.size; ++i) {
            if (Truthy(Eval(lambda, scoped.items[i], nullptr))) return Value::Bool(false);
          }
          return Value::Bool(true);
      }
    }
    case Op::kReduce:
    case Op::kClReduce: {
      const Value scoped = Eval(Arg(n, 0), data, slots);
      const uint32_t lambda = Arg(n, 1);
      Value acc = n.nargs > 2 ? Eval(Arg(n, 2), data, slots) : Value::Null();
      if (scoped.kind != ValueKind::kArray) {
        if (n.op == Op::kClReduce && !scoped.is_null()) return Fail("operand of \"reduce\" must be an array or null");
        return acc;
      }
      const auto& layout = *ReduceLayout();
      for (uint32_t i = 0; i < scoped.size; ++i) {
        // A new {current, accumulator} object per step, as in JavaScript: the
        // lambda's result may hold it ({"var": ""}) and become the next
        // accumulator.
        Value* frame = ev.arena_.NewValues(2);
        frame[0] = scoped.items[i];
        frame[1] = acc;
        auto* rep = static_cast<ObjectRep*>(ev.arena_.Allocate(sizeof(ObjectRep), alignof(ObjectRep)));
        *rep = ObjectRep{layout.keys(), frame, 2};
        acc = Eval(lambda, Value::Object(rep), frame);
      }
      return acc;
    }
    case Op::kDaysBetween:
    case Op::kHoursBetween: {
      const auto a = TimeOf(Eval(Arg(n, 0), data, slots));
      const auto b = TimeOf(Eval(Arg(n, 1), data, slots));
      if (!a || !b) return Value::Null();
      const double unit = n.op == Op::kDaysBetween ? 86400000.0 : 3600000.0;
      return Value::Number(static_cast<double>(*b - *a) / unit);
    }
    default: return EvalCertLogic(n, data, slots);
  }
}

Value EvalImpl::EvalCertLogic(const Program::Node& n, const Value& data, const Value* slots) {
  switch (n.op) {
    case Op::kClVar: {
      Value cur = data;
      for (const auto& seg : p.paths_[n.path].segments) {
        if (cur.is_null()) return cur;
        if (cur.kind == ValueKind::kObject) {
          const Value* v = cur.object->Find(seg.key);
          cur = v ? *v : Value::Null();
        } else if (cur.kind == ValueKind::kArray && seg.index != -2) {
          cur = seg.index >= 0 && seg.index < cur.size ? cur.items[seg.index] : Value::Null();
        } else {
          return Value::Null();
        }
      }
      return cur;
    }
    case Op::kClIf: {
      const Value guard = Eval(Arg(n, 0), data, slots);
      switch (CertLogicTruth(guard)) {
        case Bool3::kTruthy: return Eval(Arg(n, 1), data, slots);
        case Bool3::kFalsy: return Eval(Arg(n, 2), data, slots);
        default: return Fail("if-guard evaluates to something neither truthy, nor falsy: " + ToJsonText(guard));
      }
    }
    case Op::kClAnd: {
      Value cur;
      for (uint32_t i = 0; i < n.nargs; ++i) {
        cur = Eval(Arg(n, i), data, slots);
        switch (CertLogicTruth(cur)) {
          case Bool3::kFalsy: return cur;
          case Bool3::kTruthy: break;
          default: return Fail("all operands of an \"and\" operation must be either truthy or falsy");
        }
      }
      return cur;
    }
    case Op::kClNot: {
      const Value v = Eval(Arg(n, 0), data, slots);
      switch (CertLogicTruth(v)) {
        case Bool3::kFalsy: return Value::Bool(true);
        case Bool3::kTruthy: return Value::Bool(false);
        default: return Fail("operand of ! evaluates to something neither truthy, nor falsy: " + ToJsonText(v));
      }
    }
    case Op::kClStrictEq: {
      const Value a = Eval(Arg(n, 0), data, slots);
      const Value b = Eval(Arg(n, 1), data, slots);
      return Value::Bool(StrictEquals(a, b));
    }
    case Op::kClIn: {
      const Value a = Eval(Arg(n, 0), data, slots);
      const Value b = Eval(Arg(n, 1), data, slots);
      if (b.kind != ValueKind::kArray) return Fail("right-hand side of an \"in\" operation must be an array");
      for (uint32_t i = 0; i < b.size; ++i) {
        if (StrictEquals(b.items[i], a)) return Value::Bool(true);
      }
      return Value::Bool(false);
    }
    case Op::kClPlus: {
      const Value a = Eval(Arg(n, 0), data, slots);
      const Value b = Eval(Arg(n, 1), data, slots);
      if (!IsInteger(a) || !IsInteger(b)) return Fail("operands of this operation must both be integers");
      return Value::Number(a.number + b.number);
    }
    case Op::kClCompare:
    case Op::kClTimeCompare: {
      Value v[3];
      for (uint32_t i = 0; i < n.nargs; ++i) {
        v[i] = Eval(Arg(n, i), data, slots);
        if (n.op == Op::kClCompare ? !IsInteger(v[i]) : v[i].kind != ValueKind::kDateTime) {
          return Fail(n.op == Op::kClCompare ? "all operands of a comparison operation must be integers"
                                             : "all operands of a date-time comparison must be date-times");
        }
      }
      auto num = [&](const Value& x) { return x.kind == ValueKind::kDateTime ? double(x.millis) : x.number; };
      auto cmp = [&](const Value& x, const Value& y) {
        const double a = num(x), b = num(y);
        switch (n.sub) {
          case kCmpLt: return a < b;
          case kCmpGt: return a > b;
          case kCmpLe: return a <= b;
          default: return a >= b;
        }
      };
      bool r = cmp(v[0], v[1]);
      if (n.nargs == 3) r = r && cmp(v[1], v[2]);
      return Value::Bool(r);
    }
    case Op::kPlusTime: {
      const Value s = Eval(Arg(n, 0), data, slots);
      if (s.kind != ValueKind::kString) return Fail("date-time operand of \"plusTime\" must be a string");
      const auto t = ParseDateTime(s.str());
      if (!t) return Fail("not a valid date-time: " + std::string(s.str()));
      return Value::DateTime(PlusTime(*t, n.slot, static_cast<TimeUnit>(n.sub)));
    }
    case Op::kDccDob: {
      const Value s = Eval(Arg(n, 0), data, slots);
      if (s.kind != ValueKind::kString) return Fail("operand of \"dccDateOfBirth\" must be a string");
      const auto t = DccDateOfBirth(s.str());
      if (!t) return Fail("not a valid date of birth: " + std::string(s.str()));
      return Value::DateTime(*t);
    }
    case Op::kExtractUvci: {
      const Value s = Eval(Arg(n, 0), data, slots);
      if (s.is_null()) return s;
      if (s.kind != ValueKind::kString) return Fail("operand of \"extractFromUVCI\" must be a string or null");
      std::vector<std::string_view> parts;
      const std::string_view text = s.str();
      size_t start = 0;
      for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '/' || text[i] == '#' || text[i] == ':') {
          parts.push_back(text.substr(start, i - start));
          start = i + 1;
        }
      }
      size_t skip = parts.size() >= 2 && parts[0] == "URN" && parts[1] == "UVCI" ? 2 : 0;
      const int64_t index = n.slot;
      if (index < 0 || static_cast<size_t>(index) + skip >= parts.size()) return Value::Null();
      return NewString(parts[skip + index]);
    }
    default: return Fail("internal: unknown node");
  }
}

uint32_t Compiler::Fold(uint32_t node) {
  if (!opt_.fold_constants) return node;
  const Program::Node n = p_->nodes_[node];
  if (!IsPure(n.op)) return node;
  for (uint32_t i = 0; i < n.nargs; ++i) {
    if (!IsConst(p_->args_[n.arg + i])) return node;
  }
  Evaluator ev;
  EvalImpl impl{*p_, ev};
  const Value v = impl.Eval(node, Value::Null(), nullptr);
  if (ev.failed_) return node;  // e.g. a CertLogic type error: reported at run time
  Program::Node c;
  c.op = Op::kConst;
  c.constant = DeepCopy(v, p_->constants_.get());
  p_->nodes_[node] = c;
  return node;
}

// ---------------------------------------------------------------- Evaluator

Evaluator::Evaluator() = default;
Evaluator::~Evaluator() = default;

Value Evaluator::Run(const Program& p, const Value& data, const Value* slots) {
  arena_.Reset();
  failed_ = false;
  EvalImpl impl{p, *this};
  return impl.Eval(p.root_, data, slots);
}

StatusOr<Value> Evaluator::Evaluate(const Program& program, const Value& data) {
  if (program.layout() != nullptr) {
    return Status::FailedPrecondition("program was compiled for a data layout: evaluate it over a Frame");
  }
  const Value v = Run(program, data, nullptr);
  if (failed_) return Status::InvalidArgument(error_);
  return v;
}

StatusOr<Value> Evaluator::Evaluate(const Program& program, const Frame& frame) {
  if (program.layout() != nullptr && program.layout().get() != &frame.layout()) {
    return Status::FailedPrecondition("program and frame have different data layouts");
  }
  const Value v = Run(program, frame.Root(), frame.slots());
  if (failed_) return Status::InvalidArgument(error_);
  return v;
}

bool Evaluator::Test(const Program& program, const Frame& frame, Status* error) {
  if (program.layout() != nullptr && program.layout().get() != &frame.layout()) {
    if (error) *error = Status::FailedPrecondition("program and frame have different data layouts");
    return false;
  }
  const Value v = Run(program, frame.Root(), frame.slots());
  if (failed_) {
    if (error) *error = Status::InvalidArgument(error_);
    return false;
  }
  if (program.dialect() == Dialect::kCertLogic) return CertLogicTruth(v) == Bool3::kTruthy;
  return Truthy(v);
}

}  // namespace onecode::rules
