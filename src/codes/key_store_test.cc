// KeyStore: init and rotate, file modes, refusing to overwrite or to read a
// key others can read, and no secret in any public output.
#include "codes/key_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "codes/trust_list.h"

namespace onecode::codes {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kT0 = 1795651200;

class KeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onecode-keys-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static unsigned Mode(const fs::path& p) {
    struct stat sb;
    EXPECT_EQ(::stat(p.c_str(), &sb), 0) << p;
    return sb.st_mode & 07777;
  }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  // The hex secret of a key file (its second line).
  static std::string SecretHex(const fs::path& p) {
    const std::string t = Read(p);
    return t.substr(t.find('\n') + 1, 64);
  }
  fs::path dir_;
};

TEST_F(KeyStoreTest, InitCreatesPrivateFilesWithMode0600) {
  KeyStore ks(dir_.string());
  auto e = ks.Init(*RegionCode::Parse("110105"), Timestamp{kT0}, 86400 * 30);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->region, 110105u);
  EXPECT_EQ(e->key_id, 1);
  EXPECT_EQ(e->valid_from, kT0);
  EXPECT_EQ(e->valid_to, kT0 + 86400 * 30);
  EXPECT_EQ(Mode(dir_ / "keys"), 0700u);
  for (const char* secret : {"root.key", "code-id.key", "issuer-00001.key"}) EXPECT_EQ(Mode(dir_ / "keys" / secret), 0600u) << secret;
  for (const char* pub : {"root.pub", "issuer-00001.pub"}) EXPECT_EQ(Mode(dir_ / "keys" / pub), 0644u) << pub;
  EXPECT_EQ(Read(dir_ / "keys" / "issuer-00001.pub"), e->Line() + "\n");
}

TEST_F(KeyStoreTest, InitRefusesToOverwrite) {
  KeyStore ks(dir_.string());
  ASSERT_TRUE(ks.Init(*RegionCode::Parse("110105"), Timestamp{kT0}, 86400).ok());
  const std::string before = Read(dir_ / "keys" / "root.key");
  auto again = ks.Init(*RegionCode::Parse("110105"), Timestamp{kT0}, 86400);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Read(dir_ / "keys" / "root.key"), before);
}

TEST_F(KeyStoreTest, RotateAddsKeyIdAndOldKeyStaysInTrustList) {
  KeyStore ks(dir_.string());
  ASSERT_TRUE(ks.Init(*RegionCode::Parse("110105"), Timestamp{kT0}, 86400 * 10).ok());
  auto first = ks.SigningKeyAt(Timestamp{kT0 + 5});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->entry.key_id, 1);
  auto second = ks.Rotate(Timestamp{kT0 + 3600}, 86400 * 10);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->key_id, 2);
  EXPECT_EQ(second->region, 110105u);
  EXPECT_EQ(Mode(dir_ / "keys" / "issuer-00002.key"), 0600u);
  auto active = ks.SigningKeyAt(Timestamp{kT0 + 3600});
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->entry.key_id, 2);
  EXPECT_EQ(active->key.public_key(), second->public_key);
  EXPECT_NE(active->key.public_key(), first->key.public_key());
  // Both keys are in the list while key 1 is valid; only key 2 after.
  auto text = ks.TrustListText(Timestamp{kT0 + 7200});
  ASSERT_TRUE(text.ok());
  auto root = ks.RootPublicKey();
  ASSERT_TRUE(root.ok());
  auto list = TrustList::Parse(*text, *root, Timestamp{kT0 + 7200});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->entries().size(), 2u);
  auto later = ks.TrustListText(Timestamp{kT0 + 86400 * 10 + 1});
  ASSERT_TRUE(later.ok());
  auto later_list = TrustList::Parse(*later, *root, Timestamp{kT0 + 86400 * 10 + 1});
  ASSERT_TRUE(later_list.ok()) << later_list.status().ToString();
  ASSERT_EQ(later_list->entries().size(), 1u);
  EXPECT_EQ(later_list->entries()[0].key_id, 2);
  // After every key ends there is nothing to sign with.
  EXPECT_EQ(ks.SigningKeyAt(Timestamp{kT0 + 86400 * 20}).status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(KeyStoreTest, RefusesKeyFileReadableByOthers) {
  KeyStore ks(dir_.string());
  ASSERT_TRUE(ks.Init(*RegionCode::Parse("110105"), Timestamp{kT0}, 86400).ok());
  ASSERT_EQ(::chmod((dir_ / "keys" / "issuer-00001.key").c_str(), 0644), 0);
  auto key = ks.SigningKeyAt(Timestamp{kT0 + 1});
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("must be 0600"), std::string::npos);
}

TEST_F(KeyStoreTest, NoSecretInPublicOutputs) {
  KeyStore ks(dir_.string());
  auto e = ks.Init(*RegionCode::Parse("110105"), Timestamp{kT0}, 86400);
  ASSERT_TRUE(e.ok());
  auto list = ks.TrustListText(Timestamp{kT0 + 1});
  ASSERT_TRUE(list.ok());
  const std::string pub = Read(dir_ / "keys" / "root.pub") + Read(dir_ / "keys" / "issuer-00001.pub") + *list + e->Line();
  for (const char* secret : {"root.key", "code-id.key", "issuer-00001.key"}) {
    const std::string hex = SecretHex(dir_ / "keys" / secret);
    ASSERT_EQ(hex.size(), 64u);
    EXPECT_EQ(pub.find(hex), std::string::npos) << secret;
    EXPECT_EQ(pub.find(hex.substr(0, 16)), std::string::npos) << secret;
  }
}

TEST_F(KeyStoreTest, MissingKeysAreAClearError) {
  KeyStore ks(dir_.string());
  auto key = ks.SigningKeyAt(Timestamp{kT0});
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("keys init"), std::string::npos);
  EXPECT_FALSE(ks.Rotate(Timestamp{kT0}, 86400).ok());
  EXPECT_FALSE(ks.TrustListText(Timestamp{kT0}).ok());
}

}  // namespace
}  // namespace onecode::codes
