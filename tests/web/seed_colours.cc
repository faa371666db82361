// Test helper for the browser tests (not a onecode command): writes colour
// rows L:<person> (the colours stage's format) through Store::Commit, so the
// pages have known colours and reasons before the colours stage is wired.
//   onecode_web_seed STORE PERSON COLOUR REASONS_JSON [PERSON COLOUR REASONS_JSON]...
#include <rocksdb/write_batch.h>

#include <cstdio>
#include <string>

#include "api/api_context.h"
#include "store/store.h"

int main(int argc, char** argv) {
  if (argc < 5 || (argc - 2) % 3 != 0) {
    std::fprintf(stderr, "usage: %s STORE PERSON COLOUR REASONS_JSON [...]\n", argv[0]);
    return 2;
  }
  auto store = onecode::store::Store::Open(argv[1], /*create=*/false);
  if (!store.ok()) {
    std::fprintf(stderr, "onecode_web_seed: %s\n", store.status().message().c_str());
    return 1;
  }
  rocksdb::WriteBatch batch;
  for (int i = 2; i + 2 < argc; i += 3) {
    batch.Put(std::string(onecode::api::kColourPrefix) + argv[i],
              std::string(argv[i + 1]) + "\t1\t1795651200\t" + argv[i + 2]);
  }
  const onecode::Status st = (*store)->Commit(&batch, /*sync=*/true);
  if (!st.ok()) {
    std::fprintf(stderr, "onecode_web_seed: %s\n", st.message().c_str());
    return 1;
  }
  return 0;
}
