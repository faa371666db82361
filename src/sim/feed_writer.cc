#include "sim/feed_writer.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace onecode::sim {

StatusOr<std::unique_ptr<FeedWriter>> FeedWriter::Create(const std::string& dir) {
  static_assert(kTables == static_cast<size_t>(Table::kTruthForwardedScans) + 1);
  std::unique_ptr<FeedWriter> w(new FeedWriter(dir));
  for (const char* sub : {"feeds", "truth"}) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(dir) / sub, ec);
    if (ec) return Status::IoError(dir + "/" + sub + ": " + ec.message());
  }
  for (const TableSchema& schema : AllTables()) {
    const std::string path = dir + "/" + RelativePath(schema);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return Status::IoError(path + ": " + std::strerror(errno));
    std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
    w->files_[static_cast<size_t>(schema.table)] = f;
    const std::string header = HeaderLine(schema) + "\n";
    ONECODE_RETURN_IF_ERROR(w->Append(schema.table, header, 0));
  }
  return w;
}

FeedWriter::~FeedWriter() {
  for (std::FILE*& f : files_) {
    if (f != nullptr) std::fclose(f);
    f = nullptr;
  }
}

Status FeedWriter::Append(Table table, std::string_view bytes, uint64_t rows) {
  const auto i = static_cast<size_t>(table);
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), files_[i]) != bytes.size()) {
    return Status::IoError(dir_ + "/" + RelativePath(SchemaOf(table)) + ": " + std::strerror(errno));
  }
  rows_[i] += rows;
  bytes_[i] += bytes.size();
  return Status::Ok();
}

Status FeedWriter::Close() {
  Status first;
  for (const TableSchema& schema : AllTables()) {
    std::FILE*& f = files_[static_cast<size_t>(schema.table)];
    if (f == nullptr) continue;
    if (std::fclose(f) != 0 && first.ok()) {
      first = Status::IoError(dir_ + "/" + RelativePath(schema) + ": " + std::strerror(errno));
    }
    f = nullptr;
  }
  return first;
}

}  // namespace onecode::sim
