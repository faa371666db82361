// `onecode keys init|rotate`, `onecode trust export|root`, `onecode code
// issue|qr` and `onecode verify`: the codes subsystem on the command line
// (docs/cli.md, docs/codes.md). No output path ever prints a private key.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "codes/issuance.h"
#include "codes/key_store.h"
#include "codes/qr.h"
#include "codes/token.h"
#include "codes/trust_list.h"
#include "codes/verify.h"
#include "core/clock.h"
#include "core/region.h"
#include "core/time.h"
#include "store/store.h"

namespace onecode::cli {
namespace {

using codes::IssuerEntry;

// Exit status for a failed Status: 2 for the caller's input, 1 for I/O, 70 for a bug.
int ExitFor(const Status& st) {
  switch (st.code()) {
    case StatusCode::kIoError: return 1;
    case StatusCode::kInternal: return 70;
    default: return 2;
  }
}

void Fail(const std::string& command, const Status& st, int* exit_code) {
  std::fprintf(stderr, "onecode %s: %s\n", command.c_str(), st.message().c_str());
  *exit_code = ExitFor(st);
}

// --now (ISO 8601 or Unix seconds), or the system clock.
StatusOr<Timestamp> NowFrom(const std::string& text) {
  if (text.empty()) return SystemClock().Now();
  auto t = ParseTimestamp(text);
  if (!t.ok()) return Status::InvalidArgument("--now: " + t.status().message());
  return *t;
}

StatusOr<std::string> ReadFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(std::string(what) + " " + path + ": cannot open");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IoError(std::string(what) + " " + path + ": read failed");
  return text;
}

// Writes `content` to `path` through a temporary file and a rename.
Status WriteFileAtomically(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::IoError(path + ": cannot create");
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = std::fflush(f) == 0 && ok;
  ok = ::fsync(::fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IoError(path + ": write failed");
  }
  return Status::Ok();
}

boost::json::object EntryJson(const IssuerEntry& e) {
  char region[12];
  std::snprintf(region, sizeof region, "%06u", e.region);
  return {{"region", region}, {"key_id", e.key_id}, {"public_key", codes::ToHex(e.public_key)},
          {"valid_from", FormatTimestamp(Timestamp{e.valid_from})}, {"valid_to", FormatTimestamp(Timestamp{e.valid_to})}};
}

std::string RegionText(uint32_t region) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%06u", region);
  return buf;
}

// ------------------------------------------------------------------ keys

void RegisterKeys(CLI::App& app, int* exit_code) {
  CLI::App* keys = app.add_subcommand("keys", "The node's issuer and root keys (kept in STORE/keys, private files 0600)");
  keys->require_subcommand(1);

  struct InitOpt {
    std::string store, region, now;
    int64_t days = codes::kDefaultKeyLifetimeSeconds / kSecondsPerDay;
    bool json = false;
  };
  auto init = std::make_shared<InitOpt>();
  CLI::App* cmd = keys->add_subcommand("init", "Create the root key, the code-id key and issuer key 1 for a region");
  cmd->add_option("--store", init->store, "Store directory")->required();
  cmd->add_option("--region", init->region, "6-digit region code the node issues for")->required();
  cmd->add_option("--days", init->days, "Validity of the issuer key in days")->capture_default_str();
  cmd->add_option("--now", init->now, "Start of validity (ISO 8601 or Unix seconds); default: now");
  cmd->add_flag("--json", init->json, "Print one JSON object");
  cmd->callback([init, exit_code] {
    auto region = RegionCode::Parse(init->region);
    if (!region.ok()) return Fail("keys init", Status::InvalidArgument("--region: " + region.status().message()), exit_code);
    if (init->days < 1 || init->days > 3650) return Fail("keys init", Status::InvalidArgument("--days must be 1..3650"), exit_code);
    auto now = NowFrom(init->now);
    if (!now.ok()) return Fail("keys init", now.status(), exit_code);
    codes::KeyStore ks(init->store);
    auto entry = ks.Init(*region, *now, init->days * kSecondsPerDay);
    if (!entry.ok()) return Fail("keys init", entry.status(), exit_code);
    auto root = ks.RootPublicKey();
    if (!root.ok()) return Fail("keys init", root.status(), exit_code);
    if (init->json) {
      boost::json::object o = EntryJson(*entry);
      o["root_public_key"] = codes::ToHex(*root);
      o["dir"] = ks.dir();
      std::printf("%s\n", boost::json::serialize(o).c_str());
      return;
    }
    std::printf("Keys created in %s (private key files 0600):\n", ks.dir().c_str());
    std::printf("  issuer %s key 1, valid %s to %s\n", region->ToString().c_str(),
                FormatTimestamp(Timestamp{entry->valid_from}).c_str(), FormatTimestamp(Timestamp{entry->valid_to}).c_str());
    std::printf("  root public key %s (pin it: onecode trust root --store %s --out FILE)\n", codes::ToHex(*root).c_str(),
                init->store.c_str());
  });

  struct RotateOpt {
    std::string store, now;
    int64_t days = codes::kDefaultKeyLifetimeSeconds / kSecondsPerDay;
    bool json = false;
  };
  auto rot = std::make_shared<RotateOpt>();
  cmd = keys->add_subcommand("rotate", "Create a new issuer key id that signs from now on; older keys still verify until their end");
  cmd->add_option("--store", rot->store, "Store directory")->required();
  cmd->add_option("--days", rot->days, "Validity of the new key in days")->capture_default_str();
  cmd->add_option("--now", rot->now, "Start of validity (ISO 8601 or Unix seconds); default: now");
  cmd->add_flag("--json", rot->json, "Print one JSON object");
  cmd->callback([rot, exit_code] {
    if (rot->days < 1 || rot->days > 3650) return Fail("keys rotate", Status::InvalidArgument("--days must be 1..3650"), exit_code);
    auto now = NowFrom(rot->now);
    if (!now.ok()) return Fail("keys rotate", now.status(), exit_code);
    codes::KeyStore ks(rot->store);
    auto entry = ks.Rotate(*now, rot->days * kSecondsPerDay);
    if (!entry.ok()) return Fail("keys rotate", entry.status(), exit_code);
    if (rot->json) {
      std::printf("%s\n", boost::json::serialize(EntryJson(*entry)).c_str());
      return;
    }
    std::printf("Issuer %s key %u created, signs from %s to %s; export a fresh trust list.\n",
                RegionText(entry->region).c_str(), static_cast<unsigned>(entry->key_id),
                FormatTimestamp(Timestamp{entry->valid_from}).c_str(), FormatTimestamp(Timestamp{entry->valid_to}).c_str());
  });
}

// ------------------------------------------------------------------ trust

void RegisterTrust(CLI::App& app, int* exit_code) {
  CLI::App* trust = app.add_subcommand("trust", "The trust list of issuer keys, signed by the root key");
  trust->require_subcommand(1);

  struct ExportOpt {
    std::string store, out, now;
    bool json = false;
  };
  auto ex = std::make_shared<ExportOpt>();
  CLI::App* cmd = trust->add_subcommand("export", "Write this node's signed trust list (keys whose validity has not ended)");
  cmd->add_option("--store", ex->store, "Store directory")->required();
  cmd->add_option("--out", ex->out, "Trust list file to write")->required();
  cmd->add_option("--now", ex->now, "Issue time of the list (ISO 8601 or Unix seconds); default: now");
  cmd->add_flag("--json", ex->json, "Print one JSON object");
  cmd->callback([ex, exit_code] {
    auto now = NowFrom(ex->now);
    if (!now.ok()) return Fail("trust export", now.status(), exit_code);
    codes::KeyStore ks(ex->store);
    auto text = ks.TrustListText(*now);
    if (!text.ok()) return Fail("trust export", text.status(), exit_code);
    auto list = codes::TrustList::Parse(*text, std::nullopt, *now);  // self-check before writing
    if (!list.ok()) return Fail("trust export", Status::Internal("exported list does not parse: " + list.status().message()), exit_code);
    if (Status st = WriteFileAtomically(ex->out, *text); !st.ok()) return Fail("trust export", st, exit_code);
    if (ex->json) {
      boost::json::array entries;
      for (const auto& e : list->entries()) entries.push_back(EntryJson(e));
      boost::json::object o{{"out", ex->out}, {"issued", FormatTimestamp(*now)},
                            {"root_public_key", codes::ToHex(list->root())}, {"issuers", entries}};
      std::printf("%s\n", boost::json::serialize(o).c_str());
      return;
    }
    std::printf("Trust list with %zu issuer key(s) written to %s, signed by root %s\n", list->entries().size(),
                ex->out.c_str(), codes::ToHex(list->root()).c_str());
  });

  struct RootOpt {
    std::string store, out;
  };
  auto root = std::make_shared<RootOpt>();
  cmd = trust->add_subcommand("root", "Write the root public key, for verifiers to pin (--root FILE)");
  cmd->add_option("--store", root->store, "Store directory")->required();
  cmd->add_option("--out", root->out, "File to write (64 hex digits and a newline)")->required();
  cmd->callback([root, exit_code] {
    codes::KeyStore ks(root->store);
    auto key = ks.RootPublicKey();
    if (!key.ok()) return Fail("trust root", key.status(), exit_code);
    if (Status st = WriteFileAtomically(root->out, codes::ToHex(*key) + "\n"); !st.ok()) return Fail("trust root", st, exit_code);
    std::printf("Root public key %s written to %s\n", codes::ToHex(*key).c_str(), root->out.c_str());
  });
}

// ------------------------------------------------------------------ code

boost::json::object TokenJson(const codes::TokenFields& f, bool trusted) {
  boost::json::object o;
  o["issuer"] = RegionText(f.region);
  o["key_id"] = f.key_id;
  o["colour"] = trusted ? boost::json::value(ColourName(f.colour)) : boost::json::value(nullptr);
  o["masked_name"] = trusted ? boost::json::value(f.masked_name) : boost::json::value(nullptr);
  o["code_id"] = codes::ToHex(f.code_id);
  o["issued"] = FormatTimestamp(Timestamp{f.issued});
  o["expires"] = FormatTimestamp(Timestamp{static_cast<int64_t>(f.issued) + f.validity});
  o["validity"] = f.validity;
  o["ruleset_version"] = f.ruleset_version;
  return o;
}

void RegisterCode(CLI::App& app, int* exit_code) {
  CLI::App* code = app.add_subcommand("code", "Issue a person's signed code; render a code as a QR image");
  code->require_subcommand(1);

  struct IssueOpt {
    std::string store, person, now;
    uint32_t validity = codes::kDefaultValiditySeconds;
    bool json = false;
  };
  auto is = std::make_shared<IssueOpt>();
  CLI::App* cmd = code->add_subcommand("issue", "Print the signed token for a person's current colour");
  cmd->add_option("--store", is->store, "Store directory")->required();
  cmd->add_option("--person", is->person, "Person pseudonym")->required();
  cmd->add_option("--validity", is->validity, "Seconds the code is valid (1..86400)")->capture_default_str();
  cmd->add_option("--now", is->now, "Issue time (ISO 8601 or Unix seconds); default: now");
  cmd->add_flag("--json", is->json, "Print one JSON object");
  cmd->callback([is, exit_code] {
    auto now = NowFrom(is->now);
    if (!now.ok()) return Fail("code issue", now.status(), exit_code);
    auto st = store::Store::Open(is->store, /*create=*/false);
    if (!st.ok()) {
      std::fprintf(stderr, "onecode code issue: %s\n", st.status().message().c_str());
      *exit_code = st.status().code() == StatusCode::kNotFound ? 2 : 1;
      return;
    }
    codes::KeyStore ks(is->store);
    auto issued = codes::IssueCode(**st, ks, is->person, *now, is->validity);
    if (!issued.ok()) return Fail("code issue", issued.status(), exit_code);
    if (is->json) {
      boost::json::object o = TokenJson(issued->fields, true);
      o["token"] = issued->text;
      o["person"] = is->person;
      std::printf("%s\n", boost::json::serialize(o).c_str());
      return;
    }
    std::printf("%s\n", issued->text.c_str());
  });

  struct QrOpt {
    std::string token, png, svg;
    int module_px = codes::kQrDefaultModulePixels;
    bool json = false;
  };
  auto qr = std::make_shared<QrOpt>();
  cmd = code->add_subcommand("qr", "Render a token as a QR code (alphanumeric mode, smallest version) to PNG and/or SVG");
  cmd->add_option("TOKEN", qr->token, "Token text (OC1:...), or - to read it from stdin")->required();
  cmd->add_option("--png", qr->png, "PNG file to write");
  cmd->add_option("--svg", qr->svg, "SVG file to write");
  cmd->add_option("--module", qr->module_px, "Pixels per module")->capture_default_str();
  cmd->add_flag("--json", qr->json, "Print one JSON object");
  cmd->callback([qr, exit_code] {
    if (qr->png.empty() && qr->svg.empty()) return Fail("code qr", Status::InvalidArgument("give --png FILE and/or --svg FILE"), exit_code);
    std::string token = qr->token;
    if (token == "-") {
      std::getline(std::cin, token);
      while (!token.empty() && token.back() == '\r') token.pop_back();
    }
    auto parsed = codes::ParseTokenText(token);
    if (!parsed.ok()) return Fail("code qr", Status::InvalidArgument("malformed token: " + parsed.status().message()), exit_code);
    auto matrix = codes::EncodeQr(token);
    if (!matrix.ok()) return Fail("code qr", matrix.status(), exit_code);
    if (!qr->png.empty()) {
      auto png = codes::RenderQrPng(*matrix, qr->module_px);
      if (!png.ok()) return Fail("code qr", png.status(), exit_code);
      if (Status s = WriteFileAtomically(qr->png, *png); !s.ok()) return Fail("code qr", s, exit_code);
    }
    if (!qr->svg.empty()) {
      if (qr->module_px < 1 || qr->module_px > 64) return Fail("code qr", Status::InvalidArgument("--module must be 1..64"), exit_code);
      if (Status s = WriteFileAtomically(qr->svg, codes::RenderQrSvg(*matrix, qr->module_px)); !s.ok()) {
        return Fail("code qr", s, exit_code);
      }
    }
    if (qr->json) {
      boost::json::object o{{"version", matrix->version}, {"modules", matrix->size}, {"characters", token.size()},
                            {"quiet_zone", codes::kQrQuietZoneModules}, {"module_px", qr->module_px},
                            {"png", qr->png.empty() ? boost::json::value(nullptr) : boost::json::value(qr->png)},
                            {"svg", qr->svg.empty() ? boost::json::value(nullptr) : boost::json::value(qr->svg)}};
      std::printf("%s\n", boost::json::serialize(o).c_str());
      return;
    }
    std::printf("QR version %d (%dx%d modules, error correction M, alphanumeric), %zu characters%s%s%s%s\n",
                matrix->version, matrix->size, matrix->size, token.size(), qr->png.empty() ? "" : " -> ",
                qr->png.c_str(), qr->svg.empty() ? "" : " -> ", qr->svg.c_str());
  });
}

// ------------------------------------------------------------------ verify

void RegisterVerify(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string token, trust, root, store, now;
    int64_t skew = codes::kDefaultClockSkewSeconds;
    bool json = false;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check a token offline against a trust list: pass or stop, and why (exit 0 whatever the result)");
  cmd->add_option("TOKEN", opt->token, "Token text (OC1:...), or - to read it from stdin")->required();
  cmd->add_option("--trust", opt->trust, "Trust list file")->required();
  cmd->add_option("--root", opt->root, "Pinned root public key file (default: STORE/keys/root.pub with --store)");
  cmd->add_option("--store", opt->store, "Store whose root key to pin (STORE/keys/root.pub)");
  cmd->add_option("--now", opt->now, "Verification time (ISO 8601 or Unix seconds); default: now");
  cmd->add_option("--skew", opt->skew, "Clock skew allowed, seconds")->capture_default_str();
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  cmd->callback([opt, exit_code] {
    if (opt->skew < 0 || opt->skew > 3600) return Fail("verify", Status::InvalidArgument("--skew must be 0..3600 seconds"), exit_code);
    auto now = NowFrom(opt->now);
    if (!now.ok()) return Fail("verify", now.status(), exit_code);
    std::string token = opt->token;
    if (token == "-") {
      std::getline(std::cin, token);
      while (!token.empty() && token.back() == '\r') token.pop_back();
    }
    std::optional<codes::PublicKey> pinned;
    std::string root_path = opt->root;
    if (root_path.empty() && !opt->store.empty()) root_path = opt->store + "/keys/root.pub";
    if (!root_path.empty()) {
      auto text = ReadFile(root_path, "root key");
      if (!text.ok()) return Fail("verify", text.status(), exit_code);
      auto key = codes::ParseRootKeyFile(*text);
      if (!key.ok()) return Fail("verify", Status::InvalidArgument(root_path + ": " + key.status().message()), exit_code);
      pinned = *key;
    }
    auto text = ReadFile(opt->trust, "trust list");
    if (!text.ok()) return Fail("verify", text.status(), exit_code);
    auto list = codes::TrustList::Parse(*text, pinned, *now);
    if (!list.ok()) {
      return Fail("verify", Status(list.status().code() == StatusCode::kIoError ? StatusCode::kIoError : StatusCode::kInvalidArgument,
                                   "trust list " + opt->trust + " rejected: " + list.status().message()),
                  exit_code);
    }
    const codes::Verdict v = codes::VerifyToken(token, *list, codes::VerifyOptions{*now, opt->skew});
    if (opt->json) {
      boost::json::object o;
      if (v.token) o = TokenJson(*v.token, v.signature_ok);
      else o = {{"colour", nullptr}, {"issuer", nullptr}};
      o["result"] = v.pass() ? "pass" : "stop";
      o["reason"] = v.detail;
      o["reason_code"] = codes::VerifyReasonCode(v.reason);
      o["pinned"] = v.pinned;
      o["now"] = FormatTimestamp(*now);
      std::printf("%s\n", boost::json::serialize(o).c_str());
      return;
    }
    if (v.pass()) {
      std::printf("PASS  %s  %s\n", v.token->masked_name.c_str(), v.detail.c_str());
    } else {
      std::printf("STOP  %s\n", v.detail.c_str());
    }
  });
}

}  // namespace

void RegisterCodes(CLI::App& app, int* exit_code) {
  RegisterKeys(app, exit_code);
  RegisterTrust(app, exit_code);
  RegisterCode(app, exit_code);
  RegisterVerify(app, exit_code);
}

}  // namespace onecode::cli
