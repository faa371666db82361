// The schemas of every data file OneCode reads or writes: the input feeds of
// the design's data contracts and the simulator's ground-truth tables.
//
// This is the one place that names files and columns. The simulator writes
// headers from here, and ingest and eval (issue 3) are to check headers against
// here, so the two cannot drift apart. docs/formats/feeds.md describes each column in words.
// Everything here is constant data; thread-safe.
#ifndef ONECODE_FEEDS_SCHEMA_H_
#define ONECODE_FEEDS_SCHEMA_H_

#include <span>
#include <string>
#include <string_view>

namespace onecode {

enum class ColumnType {
  kPerson,     // pseudonym "510104-0123456789abcdef"
  kId,         // other identifier: cell, venue, case, place, vehicle
  kText,       // free UTF-8 text
  kRegion,     // 6-digit region code
  kTimestamp,  // ISO 8601 UTC "2026-11-01T08:00:00Z"; input also accepts +HH:MM offsets and Unix seconds
  kDate,       // "2026-11-01" (a local, +08:00, calendar day)
  kInteger,
  kDecimal,
  kEnum,       // one of the values listed in the column's note
};

struct Column {
  std::string_view name;
  ColumnType type;
  bool optional;          // may be empty
  std::string_view note;  // unit or allowed values
};

enum class Table {
  // Input feeds (DIR/feeds/).
  kPersons, kCells, kCdr, kTransport, kVenues, kVenueScans, kCases, kRiskAreas, kTests, kDeclarations,
  kRegions,
  // Ground truth written by the simulator (DIR/truth/).
  kTruthPlaces, kTruthStays, kTruthContacts, kTruthInfections, kTruthItineraries, kTruthForwardedScans,
};

struct TableSchema {
  Table table;
  std::string_view name;       // file name without extension, e.g. "cdr"
  bool is_truth;               // lives in truth/ rather than feeds/
  std::span<const Column> columns;
};

const TableSchema& SchemaOf(Table table);
std::span<const TableSchema> AllTables();
// The schema whose name is `name` among feeds (is_truth = false) or truth
// tables; nullptr if there is none.
const TableSchema* FindTable(std::string_view name, bool is_truth);
// "person,cell,start,end".
std::string HeaderLine(const TableSchema& schema);
// "cdr.csv", "feeds/cdr.csv" relative to an output directory.
std::string RelativePath(const TableSchema& schema);

}  // namespace onecode

#endif  // ONECODE_FEEDS_SCHEMA_H_
