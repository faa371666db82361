// ApiContext: what every API operation needs — the store, the clock, the
// session table — and the one place that decides who may touch the store
// when.
//
// Concurrency. The Store is used by one process and is not thread-safe for
// writes (ingest mutates its in-memory person/cell dictionaries), while
// RocksDB reads are. So:
//   * readers hold ReadLock() (shared) for the whole operation;
//   * keyed writes (declarations, cases, consents, …) also hold ReadLock(),
//     then WriterLock() — one writer at a time, held across the reads a
//     write depends on, so read-modify-write is atomic — and go through
//     Commit(), which makes each batch durable (synced) before returning;
//   * ingest (feed loading) runs under Exclusive(): no reader or writer runs
//     while the dictionaries change.
// All methods are thread-safe.
#ifndef ONECODE_API_API_CONTEXT_H_
#define ONECODE_API_API_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "api/sessions.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace rocksdb {
class WriteBatch;
}

namespace onecode::mobility {
class MobilityData;
}

namespace onecode::api {

// Store key prefixes owned by the API (docs/formats/store.md).
inline constexpr std::string_view kUserPrefix = "U:";       // U:<user>
inline constexpr std::string_view kConsentPrefix = "N:";    // N:<person>:<grantee>
inline constexpr std::string_view kAppealPrefix = "Y:";     // Y:<appeal id>
inline constexpr std::string_view kItineraryDeclPrefix = "J:";  // J:<person>:<time>
// Written by `onecode colours` (the colours stage); the API only reads it.
inline constexpr std::string_view kColourPrefix = "L:";     // L:<person>

struct ApiOptions {
  int64_t session_ttl_seconds = 8 * 3600;
  size_t max_sessions = 100000;
  int64_t max_consent_seconds = 7 * 86400;
  int itinerary_days = 14;
};

class ApiContext {
 public:
  // `store` and `clock` must outlive the context.
  ApiContext(store::Store& store, const Clock& clock, ApiOptions options = {});
  ~ApiContext();

  const Clock& clock() const { return clock_; }
  const ApiOptions& options() const { return options_; }
  SessionTable& sessions() { return sessions_; }

  // Shared access to the store for reads and keyed writes.
  std::shared_lock<std::shared_mutex> ReadLock() const { return std::shared_lock(store_mu_); }
  // REQUIRES: the caller holds ReadLock() or is inside Exclusive().
  const store::Store& store() const { return store_; }

  // The writers' mutex. REQUIRES: ReadLock() held first (lock order).
  std::unique_lock<std::mutex> WriterLock() { return std::unique_lock(write_mu_); }
  // Applies `batch` durably through Store::Commit.
  // REQUIRES: the caller holds ReadLock() and WriterLock().
  Status Commit(rocksdb::WriteBatch* batch);

  // Runs fn with no concurrent reader or writer (feed loading).
  Status Exclusive(const std::function<Status(store::Store&)>& fn);

  // The mobility data (cells, legs, risk periods) for itinerary derivation,
  // loaded on first use and again after InvalidateMobility().
  // REQUIRES: the caller holds ReadLock().
  StatusOr<std::shared_ptr<const mobility::MobilityData>> Mobility() const;
  // Marks the mobility data stale (after feeds or area risk levels change).
  void InvalidateMobility();

 private:
  store::Store& store_;
  const Clock& clock_;
  const ApiOptions options_;
  SessionTable sessions_;
  mutable std::shared_mutex store_mu_;
  std::mutex write_mu_;  // serialises writers
  mutable std::mutex mobility_mu_;
  mutable std::shared_ptr<const mobility::MobilityData> mobility_;  // guarded by mobility_mu_
};

// "张*丰": the first and last characters of a name kept, the rest masked
// ("张*" for two characters). UTF-8 aware.
std::string MaskName(std::string_view name);
// Key time field: 10-digit zero-padded Unix seconds (store::Pad10).
std::string Pad10(int64_t seconds);
// A stored time field back to Unix seconds; 0 when it is not a number.
int64_t ParseSeconds(std::string_view field);

}  // namespace onecode::api

#endif  // ONECODE_API_API_CONTEXT_H_
