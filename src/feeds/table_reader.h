// ForEachRow: reads one table file strictly — header checked against the
// schema, every record well formed with the schema's column count — for
// trusted files such as the simulator's truth. (Ingest, which must keep
// going past bad rows, quarantines instead.)
#ifndef ONECODE_FEEDS_TABLE_READER_H_
#define ONECODE_FEEDS_TABLE_READER_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "feeds/csv_reader.h"
#include "feeds/schema.h"

namespace onecode {

// Calls row(fields) -> Status for every data row of the file at `path`.
// Errors: NOT_FOUND/IO_ERROR from opening; INVALID_ARGUMENT "path:line: why"
// for a wrong header, a malformed record, a wrong column count, or an error
// returned by `row`.
template <typename RowFn>
Status ForEachRow(const std::string& path, Table table, RowFn row) {
  const TableSchema& schema = SchemaOf(table);
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  CsvRecord rec;
  std::string error;
  bool header = true;
  for (;;) {
    const CsvResult r = reader->Next(&rec, &error);
    if (r == CsvResult::kEnd) break;
    const std::string where = path + ":" + std::to_string(rec.line) + ": ";
    if (r == CsvResult::kBadRecord) return Status::InvalidArgument(where + error);
    if (header) {
      if (rec.raw != HeaderLine(schema)) return Status::InvalidArgument(where + "unexpected header");
      header = false;
      continue;
    }
    if (rec.fields.size() != schema.columns.size()) return Status::InvalidArgument(where + "wrong column count");
    Status st = row(rec.fields);
    if (!st.ok()) return Status::InvalidArgument(where + st.message());
  }
  if (header) return Status::InvalidArgument(path + ": no header");
  return Status::Ok();
}

}  // namespace onecode

#endif  // ONECODE_FEEDS_TABLE_READER_H_
