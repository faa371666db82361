// Issue 6's "done when", end to end over the real binary: a simulated region
// (2,000 persons, 3 days) is ingested; the test writes one person's colour
// record (L:) through Store::Commit, as the colours stage will; then `onecode
// code issue` signs the code, `onecode verify` passes it with the trust list,
// stops it with a tampered byte and after its validity, and the PNG QR of
// `onecode code qr` decodes with zbarimg (an independent decoder) to the same text.
#include <gtest/gtest.h>
#include <rocksdb/write_batch.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "codes/base45.h"
#include "codes/token.h"
#include "store/store.h"

namespace onecode::codes {
namespace {

namespace fs = std::filesystem;

struct ShellResult {
  int code = -1;
  std::string out;  // stdout only
};

// Runs a shell command line; stderr goes to `err_file` when given, else is dropped.
ShellResult Shell(const std::string& cmd, const std::string& err_file = "/dev/null") {
  ShellResult r;
  FILE* pipe = popen((cmd + " 2>" + err_file).c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

boost::json::object Json(const std::string& text) { return boost::json::parse(text).as_object(); }

TEST(CodesEndToEndTest, SimulatedPersonIssueVerifyTamperExpireQr) {
  const fs::path dir = fs::temp_directory_path() / ("onecode-codes-e2e-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string bin = ONECODE_BINARY;
  const std::string store = (dir / "store").string();
  ASSERT_EQ(Shell(bin + " sim --persons 2000 --days 3 --seed 7 --out " + (dir / "region").string() + " --json").code, 0);
  ASSERT_EQ(Shell(bin + " ingest --store " + store + " " + (dir / "region").string() + " --json").code, 0);

  // One simulated person, and a green colour for them (as the colours stage writes it).
  std::ifstream persons(dir / "region" / "feeds" / "persons.csv");
  std::string line;
  std::getline(persons, line);
  std::getline(persons, line);
  const std::string person = line.substr(0, line.find(','));
  ASSERT_EQ(person.size(), 23u) << line;
  {
    auto s = store::Store::Open(store, /*create=*/false);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    rocksdb::WriteBatch batch;
    batch.Put("L:" + person, "green\t1\t1795651200\t[]");
    ASSERT_TRUE((*s)->Commit(&batch, /*sync=*/true).ok());
  }  // closed: the binary opens the store next

  const std::string trust = (dir / "trust.txt").string(), root = (dir / "root.pub").string();
  ASSERT_EQ(Shell(bin + " keys init --store " + store + " --region 510000").code, 0);
  ASSERT_EQ(Shell(bin + " trust export --store " + store + " --out " + trust).code, 0);
  ASSERT_EQ(Shell(bin + " trust root --store " + store + " --out " + root).code, 0);

  const ShellResult issued = Shell(bin + " code issue --store " + store + " --person " + person + " --validity 120 --json");
  ASSERT_EQ(issued.code, 0) << issued.out;
  const auto code = Json(issued.out);
  const std::string token(code.at("token").as_string());
  EXPECT_EQ(token.substr(0, 4), "OC1:");
  EXPECT_EQ(code.at("colour").as_string(), "green");
  EXPECT_EQ(code.at("issuer").as_string(), "510000");
  EXPECT_EQ(token.find(person.substr(7)), std::string::npos);  // the pseudonym is not in the code
  const std::string verify = bin + " verify - --trust " + trust + " --root " + root + " --json";

  // Passes now.
  ShellResult v = Shell("printf '%s\\n' " + Quote(token) + " | " + verify);
  ASSERT_EQ(v.code, 0);
  auto verdict = Json(v.out);
  EXPECT_EQ(verdict.at("result").as_string(), "pass") << v.out;
  EXPECT_EQ(verdict.at("colour").as_string(), "green");
  EXPECT_EQ(verdict.at("issuer").as_string(), "510000");
  EXPECT_EQ(verdict.at("pinned").as_bool(), true);

  // A tampered byte (the issue time, inside the signed part) stops it.
  auto bytes = DecodeTokenText(token);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[25] ^= 0x01;
  const std::string tampered = std::string(kTokenTextPrefix) + Base45Encode(*bytes);
  v = Shell("printf '%s\\n' " + Quote(tampered) + " | " + verify);
  ASSERT_EQ(v.code, 0);
  verdict = Json(v.out);
  EXPECT_EQ(verdict.at("result").as_string(), "stop");
  EXPECT_EQ(verdict.at("reason_code").as_string(), "bad_signature") << v.out;
  EXPECT_TRUE(verdict.at("colour").is_null());

  // After its validity (120 s + 30 s skew) it stops as expired.
  auto parsed = ParseTokenText(token);
  ASSERT_TRUE(parsed.ok());
  const int64_t issued_at = parsed->fields.issued;
  EXPECT_EQ(parsed->fields.validity, 120u);
  v = Shell("printf '%s\\n' " + Quote(token) + " | " + verify + " --now " + std::to_string(issued_at + 120 + 31));
  ASSERT_EQ(v.code, 0);
  verdict = Json(v.out);
  EXPECT_EQ(verdict.at("result").as_string(), "stop");
  EXPECT_EQ(verdict.at("reason_code").as_string(), "expired") << v.out;

  // The PNG QR decodes with zbarimg (Debian zbar-tools) to the same text.
  const std::string png = (dir / "code.png").string(), svg = (dir / "code.svg").string();
  const ShellResult qr = Shell(bin + " code qr " + Quote(token) + " --png " + png + " --svg " + svg + " --json");
  ASSERT_EQ(qr.code, 0) << qr.out;
  EXPECT_EQ(Json(qr.out).at("version").as_int64(), 7);
  ASSERT_EQ(Shell("command -v zbarimg").code, 0) << "zbarimg missing: run scripts/setup.sh (zbar-tools)";
  const ShellResult decoded = Shell("zbarimg --quiet --raw " + png);
  ASSERT_EQ(decoded.code, 0);
  EXPECT_EQ(decoded.out, token + "\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace onecode::codes
