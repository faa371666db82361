#include "codes/trust_list.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

#include "core/region.h"

namespace onecode::codes {
namespace {

// Splits at single spaces.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  for (;;) {
    const size_t sp = line.find(' ', pos);
    out.push_back(line.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos));
    if (sp == std::string_view::npos) return out;
    pos = sp + 1;
  }
}

// Canonical "YYYY-MM-DDTHH:MM:SSZ" only.
StatusOr<int64_t> ParseUtc(std::string_view text, std::string_view what) {
  if (text.size() != 20 || text.back() != 'Z') {
    return Status::InvalidArgument(std::string(what) + " must be YYYY-MM-DDTHH:MM:SSZ, got '" +
                                   std::string(text.substr(0, 40)) + "'");
  }
  auto t = ParseTimestamp(text);
  if (!t.ok()) return Status::InvalidArgument(std::string(what) + ": " + t.status().message());
  return t->seconds;
}

std::string RegionText(uint32_t region) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%06u", region);
  return buf;
}

std::string EntryName(const IssuerEntry& e) { return RegionText(e.region) + "/" + std::to_string(e.key_id); }

}  // namespace

std::string IssuerEntry::Line() const {
  return "issuer " + RegionText(region) + " " + std::to_string(key_id) + " " + ToHex(public_key) + " " +
         FormatTimestamp(Timestamp{valid_from}) + " " + FormatTimestamp(Timestamp{valid_to});
}

StatusOr<IssuerEntry> IssuerEntry::ParseLine(std::string_view line) {
  const auto f = Fields(line);
  if (f.size() != 6 || f[0] != "issuer") {
    return Status::InvalidArgument("issuer line must be 'issuer REGION KEY_ID PUBLIC_KEY FROM TO'");
  }
  IssuerEntry e;
  auto region = RegionCode::Parse(f[1]);
  if (!region.ok()) return Status::InvalidArgument("issuer region: " + region.status().message());
  e.region = region->value();
  const std::string_view id = f[2];
  if (id.empty() || id.size() > 5 || id[0] == '0' ||
      !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }) || std::stoul(std::string(id)) > 65535) {
    return Status::InvalidArgument("issuer key id must be 1-65535 without leading zeros, got '" + std::string(id.substr(0, 20)) + "'");
  }
  e.key_id = static_cast<uint16_t>(std::stoul(std::string(id)));
  ONECODE_RETURN_IF_ERROR(FromHex(f[3], e.public_key, "issuer public key"));
  auto from = ParseUtc(f[4], "issuer valid-from");
  if (!from.ok()) return from.status();
  auto to = ParseUtc(f[5], "issuer valid-to");
  if (!to.ok()) return to.status();
  e.valid_from = *from;
  e.valid_to = *to;
  if (e.valid_to <= e.valid_from) {
    return Status::InvalidArgument("issuer " + EntryName(e) + ": valid-to is not after valid-from");
  }
  return e;
}

std::string TrustList::Write(std::vector<IssuerEntry> entries, Timestamp issued, const SigningKey& root) {
  std::sort(entries.begin(), entries.end(), [](const IssuerEntry& a, const IssuerEntry& b) {
    return std::pair(a.region, a.key_id) < std::pair(b.region, b.key_id);
  });
  std::string text(kTrustListHeader);
  text += "\nroot " + ToHex(root.public_key()) + "\nissued " + FormatTimestamp(issued) + "\n";
  for (const auto& e : entries) text += e.Line() + "\n";
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const Signature sig = root.Sign(std::span<const uint8_t>(p, text.size()));
  text += "signature " + ToHex(sig) + "\n";
  return text;
}

StatusOr<TrustList> TrustList::Parse(std::string_view text, const std::optional<PublicKey>& pinned_root, Timestamp now) {
  if (text.size() > kMaxTrustListBytes) return Status::InvalidArgument("trust list is larger than 4 MiB");
  if (text.find('\r') != std::string_view::npos) return Status::InvalidArgument("trust list: lines must end in LF, not CRLF");
  TrustList list;
  size_t pos = 0;
  int line_no = 0;
  auto next_line = [&](std::string_view* line) -> bool {
    if (pos >= text.size()) return false;
    const size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return false;  // every line ends in '\n'
    *line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    return true;
  };
  auto error = [&](const std::string& why) {
    return Status::InvalidArgument("trust list line " + std::to_string(line_no) + ": " + why);
  };
  std::string_view line;
  if (!next_line(&line) || line != kTrustListHeader) {
    line_no = 1;
    return error("expected '" + std::string(kTrustListHeader) + "' (not a OneCode trust list, or another version)");
  }
  if (!next_line(&line) || line.substr(0, 5) != "root ") return error("expected 'root <64 hex digits>'");
  if (Status st = FromHex(line.substr(5), list.root_, "root key"); !st.ok()) return error(st.message());
  if (!next_line(&line) || line.substr(0, 7) != "issued ") return error("expected 'issued <time>'");
  auto issued = ParseUtc(line.substr(7), "issued");
  if (!issued.ok()) return error(issued.status().message());
  list.issued_ = Timestamp{*issued};
  size_t signed_end = 0;
  for (;;) {
    const size_t line_start = pos;
    if (!next_line(&line)) return error("missing 'signature' line (list truncated?)");
    if (line.substr(0, 10) == "signature ") {
      signed_end = line_start;
      break;
    }
    auto entry = IssuerEntry::ParseLine(line);
    if (!entry.ok()) return error(entry.status().message());
    list.entries_.push_back(*entry);
  }
  Signature sig;
  if (Status st = FromHex(line.substr(10), sig, "signature"); !st.ok()) return error(st.message());
  if (pos != text.size()) {
    ++line_no;
    return error("unexpected text after the signature line");
  }
  if (pinned_root.has_value() && *pinned_root != list.root_) {
    return Status(StatusCode::kPermissionDenied, "trust list is signed by root key " + ToHex(list.root_).substr(0, 16) +
                                                     "…, not by the pinned root key " + ToHex(*pinned_root).substr(0, 16) +
                                                     "…; refusing it");
  }
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  if (!VerifySignature(list.root_, std::span<const uint8_t>(p, signed_end), sig)) {
    return Status(StatusCode::kPermissionDenied, "trust list signature does not verify with its root key (altered or forged list)");
  }
  list.pinned_ = pinned_root.has_value();
  std::set<std::pair<uint32_t, uint16_t>> seen;
  for (const auto& e : list.entries_) {
    if (!seen.insert({e.region, e.key_id}).second) {
      return Status(StatusCode::kAlreadyExists, "trust list has key id " + std::to_string(e.key_id) + " of issuer " +
                                                    RegionText(e.region) + " twice (duplicate key id)");
    }
  }
  for (const auto& e : list.entries_) {
    if (e.valid_to <= now.seconds) {
      return Status::FailedPrecondition("trust list entry " + EntryName(e) + " expired at " +
                                        FormatTimestamp(Timestamp{e.valid_to}) + "; the list is stale, export or fetch a fresh one");
    }
  }
  std::sort(list.entries_.begin(), list.entries_.end(), [](const IssuerEntry& a, const IssuerEntry& b) {
    return std::pair(a.region, a.key_id) < std::pair(b.region, b.key_id);
  });
  return list;
}

const IssuerEntry* TrustList::Find(uint32_t region, uint16_t key_id) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), std::pair(region, key_id),
                             [](const IssuerEntry& e, const std::pair<uint32_t, uint16_t>& k) {
                               return std::pair(e.region, e.key_id) < k;
                             });
  if (it == entries_.end() || it->region != region || it->key_id != key_id) return nullptr;
  return &*it;
}

StatusOr<PublicKey> ParseRootKeyFile(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  PublicKey key;
  ONECODE_RETURN_IF_ERROR(FromHex(text, key, "root public key file"));
  return key;
}

}  // namespace onecode::codes
