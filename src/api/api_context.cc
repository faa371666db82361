#include "api/api_context.h"

#include "core/parse.h"

#include <rocksdb/write_batch.h>

#include <cstdio>
#include <vector>

#include "mobility/mobility.h"

namespace onecode::api {

ApiContext::ApiContext(store::Store& store, const Clock& clock, ApiOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      sessions_(clock, options.session_ttl_seconds, options.max_sessions) {}

ApiContext::~ApiContext() = default;

Status ApiContext::Commit(rocksdb::WriteBatch* batch) {
  return store_.Commit(batch, /*sync=*/true);
}

Status ApiContext::Exclusive(const std::function<Status(store::Store&)>& fn) {
  std::unique_lock lock(store_mu_);
  std::lock_guard write_lock(write_mu_);
  return fn(store_);
}

StatusOr<std::shared_ptr<const mobility::MobilityData>> ApiContext::Mobility() const {
  std::lock_guard lock(mobility_mu_);
  if (mobility_ == nullptr) {
    auto data = mobility::MobilityData::Load(store_);
    if (!data.ok()) return data.status();
    mobility_ = std::make_shared<const mobility::MobilityData>(std::move(*data));
  }
  return mobility_;
}

void ApiContext::InvalidateMobility() {
  std::lock_guard lock(mobility_mu_);
  mobility_.reset();
}

std::string MaskName(std::string_view name) {
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (i + n > name.size()) n = name.size() - i;
    chars.push_back(name.substr(i, n));
    i += n;
  }
  if (chars.empty()) return "";
  if (chars.size() == 1) return "*";
  std::string out(chars.front());
  if (chars.size() == 2) return out + "*";
  for (size_t i = 1; i + 1 < chars.size(); ++i) out += '*';
  out += chars.back();
  return out;
}

std::string Pad10(int64_t seconds) { return store::Pad10(seconds < 0 ? 0 : seconds); }

int64_t ParseSeconds(std::string_view field) {
  int64_t t = 0;
  return ParseNumber(field, &t) ? t : 0;
}

}  // namespace onecode::api
