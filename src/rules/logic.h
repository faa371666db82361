// The JsonLogic engine: logic is compiled once into a Program (a flat array
// of nodes; constant sub-expressions folded; variable paths pre-split, and
// resolved to slot indexes when the shape of the data is known in advance),
// then evaluated many times by an Evaluator without walking JSON and, once
// warmed up, without allocating.
//
// Two dialects (docs/rules.md):
//  * kJsonLogic — the operators of jsonlogic.com with the exact semantics of
//    json-logic-js 2.0.5 (JavaScript truthiness, == coercions, parseFloat in
//    + and *, ...), plus the date helpers days_between and hours_between.
//  * kCertLogic — the EU DCC CertLogic subset (spec 1.3.2): var, if, ===,
//    and, <, >, <=, >=, in, +, !, reduce, plusTime, before, after,
//    not-before, not-after, extractFromUVCI, dccDateOfBirth, with CertLogic's
//    truthiness (empty objects are falsy; values that are neither truthy nor
//    falsy are errors), integer-only arithmetic and comparisons, and errors
//    for type mismatches.
//
// Malformed logic (bad JSON, unknown operator, wrong number of arguments,
// nesting deeper than CompileOptions::max_depth) is an INVALID_ARGUMENT from
// Compile naming the place ("at /and/1: ..."), never a failure at run time.
//
// Thread-safety: a Program and a DataLayout are immutable after construction
// and may be shared between threads; an Evaluator or a Frame belongs to one
// thread at a time.
#ifndef ONECODE_RULES_LOGIC_H_
#define ONECODE_RULES_LOGIC_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/status.h"
#include "rules/value.h"

namespace onecode::rules {

enum class Dialect : uint8_t { kJsonLogic, kCertLogic };
std::string_view DialectName(Dialect d);
// "jsonlogic" or "certlogic".
std::optional<Dialect> ParseDialect(std::string_view name);

// A fixed shape of data known before compiling: nested objects whose field
// names are fixed (values may be anything, null included). Every field has a
// slot; the fields of one object occupy consecutive slots, so a variable path
// like "contact.minutes" compiles to one slot index.
class DataLayout {
 public:
  // Builds a layout from dotted paths of leaf fields ("case.status",
  // "contact.minutes", "now"); parents become objects, in first-seen order.
  // INVALID_ARGUMENT on an empty component or a path that is both a leaf and
  // a parent.
  static StatusOr<std::shared_ptr<const DataLayout>> Make(const std::vector<std::string>& leaf_paths);

  size_t slot_count() const { return keys_.size(); }
  // The slot of a dotted path (leaf or object), or -1.
  int Find(std::string_view path) const;
  // The dotted path of a slot.
  const std::string& PathOf(int slot) const { return paths_[slot]; }
  bool IsObject(int slot) const { return fields_[slot].child_count > 0 || fields_[slot].is_object; }
  bool IsLeaf(int slot) const { return !IsObject(slot); }
  // Leaf slots, in slot order.
  std::vector<int> Leaves() const;

  // Walks `components` from the root; returns the deepest slot reached and
  // sets *consumed. Returns -1 with *consumed = 0 when the first component is
  // not a field. *missing is set when an object was reached whose fields do
  // not include the next component (the value is then certainly absent).
  int Resolve(const std::vector<std::string>& components, size_t* consumed, bool* missing) const;

  struct Field {
    int parent = -1;          // slot of the parent object, -1 for the root
    uint32_t first_child = 0; // first slot of this object's fields
    uint32_t child_count = 0;
    bool is_object = false;
  };
  const Field& field(int slot) const { return fields_[slot]; }
  uint32_t root_count() const { return root_count_; }
  // Key table indexed by slot (an object's keys are consecutive).
  const std::string_view* keys() const { return keys_.data(); }

 private:
  DataLayout() = default;
  std::vector<std::string> names_;
  std::vector<std::string> paths_;
  std::vector<std::string_view> keys_;
  std::vector<Field> fields_;
  uint32_t root_count_ = 0;
};

// One data object in a layout's shape: a slot per field. Object slots are
// wired to their fields once; callers set leaf slots (Set, or FromJson) and
// evaluate. Strings set through SetString are copied into the frame's arena;
// Clear() resets every leaf to null and frees them.
class Frame {
 public:
  explicit Frame(std::shared_ptr<const DataLayout> layout);
  Frame(Frame&&) = default;
  Frame& operator=(Frame&&) = default;

  const DataLayout& layout() const { return *layout_; }
  const std::shared_ptr<const DataLayout>& layout_ptr() const { return layout_; }
  // REQUIRES: `slot` is a leaf of the layout. The value's storage must
  // outlive the frame's use (use SetString / arena() to copy).
  void Set(int slot, Value v) { slots_[slot] = v; }
  void SetString(int slot, std::string_view s) { slots_[slot] = Value::String(arena_->CopyString(s)); }
  const Value& Get(int slot) const { return slots_[slot]; }
  Arena* arena() { return arena_.get(); }
  void Clear();
  // Sets the leaves from a JSON object of the layout's shape. Fields absent
  // from the JSON are null; INVALID_ARGUMENT names a field the layout does not
  // have, or an object where a leaf is expected and vice versa.
  Status FromJson(const boost::json::value& json);
  // The whole frame as a value (an object).
  Value Root() const { return Value::Object(&reps_[0]); }
  const Value* slots() const { return slots_.get(); }

 private:
  std::shared_ptr<const DataLayout> layout_;
  std::unique_ptr<Value[]> slots_;
  std::unique_ptr<ObjectRep[]> reps_;  // [0] is the root
  std::unique_ptr<Arena> arena_;
};

struct CompileOptions {
  Dialect dialect = Dialect::kJsonLogic;
  // When set, variable paths are resolved against this layout and the program
  // is evaluated over Frames of it. When null, over any JSON data.
  std::shared_ptr<const DataLayout> layout;
  int max_depth = 64;
  bool fold_constants = true;
};

class Evaluator;

// A compiled expression. Movable; immutable once built.
class Program {
 public:
  // INVALID_ARGUMENT for malformed logic (see the file comment).
  static StatusOr<Program> Compile(const boost::json::value& logic, const CompileOptions& options = {});
  // Parses JSON text first (a parse error is INVALID_ARGUMENT too).
  static StatusOr<Program> Parse(std::string_view json_text, const CompileOptions& options = {});

  Dialect dialect() const { return dialect_; }
  const std::shared_ptr<const DataLayout>& layout() const { return layout_; }
  // Constant variable paths read from the top-level data, as written
  // ("contact.minutes"); for checking rules against the facts they expect.
  const std::vector<std::string>& data_paths() const { return data_paths_; }
  size_t node_count() const;
  // True when the whole program folded to a constant.
  bool is_constant() const;

  // A program whose value is null (a placeholder before assignment).
  Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  ~Program();

  struct Node;
  struct Path;

 private:
  friend class Compiler;
  friend class Evaluator;
  friend struct EvalImpl;

  Dialect dialect_ = Dialect::kJsonLogic;
  std::shared_ptr<const DataLayout> layout_;
  std::vector<Node> nodes_;
  std::vector<uint32_t> args_;
  std::vector<Path> paths_;
  std::vector<std::string> data_paths_;
  std::unique_ptr<Arena> constants_;
  uint32_t root_ = 0;
};

// Evaluates programs. Values returned live until the next evaluation by the
// same Evaluator (they may point into its arena or into the data).
class Evaluator {
 public:
  Evaluator();
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Over generic data. REQUIRES: program.layout() is null.
  // INVALID_ARGUMENT for CertLogic type errors (e.g. "+" on a string).
  StatusOr<Value> Evaluate(const Program& program, const Value& data);
  // Over a frame. REQUIRES: program.layout() == frame's layout.
  StatusOr<Value> Evaluate(const Program& program, const Frame& frame);
  // Truthiness of the result over a frame (JsonLogic truthiness; CertLogic
  // truthy). Errors count as "no match" and are reported in *error if given.
  bool Test(const Program& program, const Frame& frame, Status* error = nullptr);

  // Where `log` writes (default stderr); for tests.
  void set_log(std::string* sink) { log_sink_ = sink; }

 private:
  friend struct EvalImpl;
  friend class Compiler;
  Value Run(const Program& p, const Value& data, const Value* slots);

  Arena arena_;
  std::string scratch_;
  std::string error_;
  bool failed_ = false;
  std::string* log_sink_ = nullptr;
};

}  // namespace onecode::rules

#endif  // ONECODE_RULES_LOGIC_H_
