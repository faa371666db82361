#include "codes/key_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace onecode::codes {
namespace {

constexpr std::string_view kRootHeader = "onecode root key 1";
constexpr std::string_view kIssuerHeader = "onecode issuer key 1";
constexpr std::string_view kCodeIdHeader = "onecode code-id key 1";

std::string IssuerFile(uint16_t key_id, const char* ext) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "issuer-%05u.%s", static_cast<unsigned>(key_id), ext);
  return buf;
}

std::string Errno(const std::string& path) { return path + ": " + std::strerror(errno); }

// Writes `content` to a new file `path` (O_EXCL) with `mode`, fsynced.
Status WriteNewFile(const std::string& path, std::string_view content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status(StatusCode::kAlreadyExists, path + " exists; refusing to overwrite a key");
    return Status::IoError(Errno(path));
  }
  Status st;
  if (::fchmod(fd, mode) != 0) st = Status::IoError(Errno(path));
  size_t done = 0;
  while (st.ok() && done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      st = Status::IoError(Errno(path));
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (st.ok() && ::fsync(fd) != 0) st = Status::IoError(Errno(path));
  if (::close(fd) != 0 && st.ok()) st = Status::IoError(Errno(path));
  if (!st.ok()) ::unlink(path.c_str());
  return st;
}

Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(Errno(dir));
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Status::IoError(Errno(dir));
}

StatusOr<std::string> ReadWholeFile(const std::string& path, size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(Errno(path));
  }
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Status::IoError(Errno(path));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > limit) {
      ::close(fd);
      return Status::InvalidArgument(path + ": file too large");
    }
  }
  sodium_memzero(buf, sizeof buf);
  ::close(fd);
  return out;
}

}  // namespace

KeyStore::KeyStore(const std::string& store_dir) : store_dir_(store_dir), dir_(store_dir + "/keys") {}

Status KeyStore::WriteSecret(const std::string& name, std::string_view header, const SecretBytes& secret) const {
  std::string content(header);
  content += '\n';
  content += ToHex(secret.bytes());
  content += '\n';
  Status st = WriteNewFile(dir_ + "/" + name, content, 0600);
  sodium_memzero(content.data(), content.size());
  return st;
}

StatusOr<SecretBytes> KeyStore::ReadSecret(const std::string& name, std::string_view header) const {
  const std::string path = dir_ + "/" + name;
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) {
    if (errno == ENOENT) {
      return Status::FailedPrecondition(path + " is missing (run `onecode keys init --store " + store_dir_ + " --region R`)");
    }
    return Status::IoError(Errno(path));
  }
  if ((sb.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(sb.st_mode & 07777));
    return Status::FailedPrecondition(path + " has mode " + mode + "; a private key file must be 0600 (chmod 600 it)");
  }
  auto text = ReadWholeFile(path, 4096);
  if (!text.ok()) return text.status();
  SecretBytes secret;
  std::string_view t = *text;
  Status st;
  if (t.size() != header.size() + 1 + 64 + 1 || t.substr(0, header.size()) != header || t[header.size()] != '\n' ||
      t.back() != '\n') {
    st = Status::InvalidArgument(path + ": not a '" + std::string(header) + "' file");
  } else {
    st = FromHex(t.substr(header.size() + 1, 64), secret.mutable_bytes(), path);
  }
  sodium_memzero(text->data(), text->size());
  if (!st.ok()) return st;
  return secret;
}

StatusOr<IssuerEntry> KeyStore::CreateIssuer(RegionCode region, uint16_t key_id, Timestamp now, int64_t lifetime) const {
  if (lifetime <= 0) return Status::InvalidArgument("key lifetime must be positive");
  const SecretBytes seed = SecretBytes::Random();
  IssuerEntry e;
  e.region = region.value();
  e.key_id = key_id;
  e.public_key = SigningKey::FromSeed(seed).public_key();
  e.valid_from = now.seconds;
  e.valid_to = now.seconds + lifetime;
  ONECODE_RETURN_IF_ERROR(WriteSecret(IssuerFile(key_id, "key"), kIssuerHeader, seed));
  ONECODE_RETURN_IF_ERROR(WriteNewFile(dir_ + "/" + IssuerFile(key_id, "pub"), e.Line() + "\n", 0644));
  ONECODE_RETURN_IF_ERROR(SyncDir(dir_));
  return e;
}

StatusOr<IssuerEntry> KeyStore::Init(RegionCode region, Timestamp now, int64_t lifetime_seconds) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir_ + "/root.key", ec) || fs::exists(dir_ + "/" + IssuerFile(1, "key"), ec)) {
    return Status(StatusCode::kAlreadyExists,
                  dir_ + " already holds keys; refusing to overwrite them (use `onecode keys rotate` for a new key)");
  }
  fs::create_directories(store_dir_, ec);
  if (ec) return Status::IoError(store_dir_ + ": " + ec.message());
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) return Status::IoError(Errno(dir_));
  if (::chmod(dir_.c_str(), 0700) != 0) return Status::IoError(Errno(dir_));
  ONECODE_RETURN_IF_ERROR(WriteSecret("code-id.key", kCodeIdHeader, SecretBytes::Random()));
  const SecretBytes root_seed = SecretBytes::Random();
  ONECODE_RETURN_IF_ERROR(WriteSecret("root.key", kRootHeader, root_seed));
  ONECODE_RETURN_IF_ERROR(WriteNewFile(dir_ + "/root.pub", ToHex(SigningKey::FromSeed(root_seed).public_key()) + "\n", 0644));
  return CreateIssuer(region, 1, now, lifetime_seconds);
}

StatusOr<std::vector<IssuerEntry>> KeyStore::Issuers() const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) {
    return Status::FailedPrecondition(dir_ + ": no keys (run `onecode keys init --store " + store_dir_ + " --region R`)");
  }
  std::vector<IssuerEntry> out;
  for (const auto& f : fs::directory_iterator(dir_, ec)) {
    const std::string name = f.path().filename().string();
    if (name.size() != 16 || name.substr(0, 7) != "issuer-" || name.substr(12) != ".pub") continue;
    auto text = ReadWholeFile(f.path().string(), 4096);
    if (!text.ok()) return text.status();
    std::string_view line = *text;
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    auto e = IssuerEntry::ParseLine(line);
    if (!e.ok()) return Status::InvalidArgument(f.path().string() + ": " + e.status().message());
    if (IssuerFile(e->key_id, "pub") != name) {
      return Status::InvalidArgument(f.path().string() + ": holds key id " + std::to_string(e->key_id));
    }
    out.push_back(*e);
  }
  if (ec) return Status::IoError(dir_ + ": " + ec.message());
  if (out.empty()) {
    return Status::FailedPrecondition(dir_ + ": no issuer keys (run `onecode keys init --store " + store_dir_ + " --region R`)");
  }
  std::sort(out.begin(), out.end(), [](const IssuerEntry& a, const IssuerEntry& b) { return a.key_id < b.key_id; });
  return out;
}

StatusOr<IssuerEntry> KeyStore::Rotate(Timestamp now, int64_t lifetime_seconds) const {
  auto issuers = Issuers();
  if (!issuers.ok()) return issuers.status();
  const IssuerEntry& last = issuers->back();
  if (last.key_id == 65535) return Status::OutOfRange("all 65535 key ids are used");
  auto region = RegionCode::Parse(std::to_string(last.region));
  if (!region.ok()) return region.status();
  return CreateIssuer(*region, static_cast<uint16_t>(last.key_id + 1), now, lifetime_seconds);
}

StatusOr<ActiveIssuer> KeyStore::SigningKeyAt(Timestamp now) const {
  auto issuers = Issuers();
  if (!issuers.ok()) return issuers.status();
  for (auto it = issuers->rbegin(); it != issuers->rend(); ++it) {
    if (it->valid_from <= now.seconds && now.seconds < it->valid_to) {
      auto seed = ReadSecret(IssuerFile(it->key_id, "key"), kIssuerHeader);
      if (!seed.ok()) return seed.status();
      ActiveIssuer active{*it, SigningKey::FromSeed(*seed)};
      if (active.key.public_key() != it->public_key) {
        return Status::FailedPrecondition(dir_ + "/" + IssuerFile(it->key_id, "key") + " does not match its .pub file");
      }
      return active;
    }
  }
  return Status::FailedPrecondition("no issuer key in " + dir_ + " is valid at " + FormatTimestamp(now) +
                                    " (run `onecode keys rotate --store " + store_dir_ + "`)");
}

StatusOr<SecretBytes> KeyStore::CodeIdSecret() const { return ReadSecret("code-id.key", kCodeIdHeader); }

StatusOr<PublicKey> KeyStore::RootPublicKey() const {
  auto text = ReadWholeFile(dir_ + "/root.pub", 4096);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return Status::FailedPrecondition(dir_ + "/root.pub is missing (run `onecode keys init`)");
    }
    return text.status();
  }
  return ParseRootKeyFile(*text);
}

StatusOr<std::string> KeyStore::TrustListText(Timestamp now) const {
  auto issuers = Issuers();
  if (!issuers.ok()) return issuers.status();
  auto seed = ReadSecret("root.key", kRootHeader);
  if (!seed.ok()) return seed.status();
  std::vector<IssuerEntry> live;
  for (const auto& e : *issuers) {
    if (e.valid_to > now.seconds) live.push_back(e);
  }
  return TrustList::Write(std::move(live), now, SigningKey::FromSeed(*seed));
}

}  // namespace onecode::codes
