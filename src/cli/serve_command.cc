// `onecode serve` (the HTTP API and pages) and `onecode users add` (operator
// accounts for it).
#include <pthread.h>
#include <rocksdb/write_batch.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "api/users.h"
#include "codes/key_store.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/region.h"
#include "server/app.h"
#include "store/store.h"

namespace onecode::cli {
namespace {

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, bind = "127.0.0.1", init_keys;
    int port = 8080, threads = 2, workers = 2, max_in_flight = 256, max_connections = 4096;
    double max_loop_lag_ms = server::HttpServerOptions{}.max_loop_lag_ms;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand("serve", "The HTTP API and web pages (/me, /gate, /admin) over a store");
  cmd->add_option("--store", opt->store, "Store directory")->required();
  cmd->add_option("--port", opt->port, "TCP port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", opt->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--threads", opt->threads, "Network threads")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--workers", opt->workers, "Worker threads for blocking requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-in-flight", opt->max_in_flight, "Requests in flight before new ones get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-loop-lag-ms", opt->max_loop_lag_ms,
                  "Overload shedding: while the network loop's median lag over a window (>= 100 ms, "
                  ">= 50 requests) exceeds this many ms, a share of new requests (1 in 64, growing to "
                  "8 in 64) gets 503 + Retry-After (0 = off)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10000.0));
  cmd->add_option("--max-connections", opt->max_connections, "Open connections before new ones get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--init-keys", opt->init_keys,
                  "If the store has no keys yet, create them for this 6-digit region first (as onecode keys init)");
  cmd->callback([opt, exit_code] {
    auto st = store::Store::Open(opt->store, /*create=*/false);
    if (!st.ok()) {
      std::fprintf(stderr, "onecode serve: %s\n", st.status().message().c_str());
      *exit_code = st.status().code() == StatusCode::kNotFound ? 2 : 1;
      return;
    }
    // Keys for code generation and verification (docs/server.md, "Keys").
    {
      const codes::KeyStore keys(opt->store);
      const bool have_keys = keys.RootPublicKey().ok();
      if (!opt->init_keys.empty() && !have_keys) {
        auto region = RegionCode::Parse(opt->init_keys);
        if (!region.ok()) {
          std::fprintf(stderr, "onecode serve: --init-keys: %s\n", region.status().message().c_str());
          *exit_code = 2;
          return;
        }
        auto entry = keys.Init(*region, SystemClock().Now(), codes::kDefaultKeyLifetimeSeconds);
        if (!entry.ok()) {
          std::fprintf(stderr, "onecode serve: --init-keys: %s\n", entry.status().message().c_str());
          *exit_code = entry.status().code() == StatusCode::kIoError ? 1 : 2;
          return;
        }
        std::printf("Created node keys in %s (region %s, issuer key %u)\n", keys.dir().c_str(),
                    region->ToString().c_str(), static_cast<unsigned>(entry->key_id));
      } else if (!have_keys) {
        std::fprintf(stderr,
                     "onecode serve: node keys not initialised; /api/v1/me/code, /api/v1/verify and "
                     "/api/v1/trust-list answer 503 until `onecode keys init` (or serve --init-keys REGION)\n");
      }
    }
    // SIGINT/SIGTERM are blocked in every thread and taken here with sigwait.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    SystemClock clock;
    server::HttpServerOptions http;
    http.bind = opt->bind;
    http.port = static_cast<uint16_t>(opt->port);
    http.io_threads = opt->threads;
    http.worker_threads = opt->workers;
    http.max_in_flight = opt->max_in_flight;
    http.max_connections = opt->max_connections;
    http.max_loop_lag_ms = opt->max_loop_lag_ms;
    server::App server(**st, clock, http);
    const Status started = server.Start();
    if (!started.ok()) {
      std::fprintf(stderr, "onecode serve: %s\n", started.message().c_str());
      *exit_code = started.code() == StatusCode::kInvalidArgument ? 2 : 1;
      return;
    }
    const std::string host = opt->bind.find(':') != std::string::npos ? "[" + opt->bind + "]" : opt->bind;
    std::printf("OneCode serving %s on http://%s:%u/  (pages: /me /gate /admin; API: /api/v1; /metrics /healthz)\n",
                opt->store.c_str(), host.c_str(), server.port());
    std::fflush(stdout);
    int sig = 0;
    sigwait(&signals, &sig);
    std::fprintf(stderr, "onecode serve: %s, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
    std::printf("OneCode server stopped\n");
  });
}

void RegisterUsersCommand(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, role, name;
    bool password_stdin = false, json = false;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* users = app.add_subcommand("users", "Operator accounts of the server (gate, official, auditor, admin)");
  users->require_subcommand(1);
  CLI::App* add = users->add_subcommand(
      "add", "Add an account; the password is read from stdin (--password-stdin) or generated and printed once");
  add->add_option("--store", opt->store, "Store directory")->required();
  add->add_option("--role", opt->role, "gate | official | auditor | admin")
      ->required()
      ->check(CLI::IsMember({"gate", "official", "auditor", "admin"}));
  add->add_option("--name", opt->name, "User name ([A-Za-z0-9._-], 1-64)")->required();
  add->add_flag("--password-stdin", opt->password_stdin, "Read the password from the first line of stdin");
  add->add_flag("--json", opt->json, "Print one JSON object");
  add->callback([opt, exit_code] {
    auto fail = [&](int code, const std::string& message) {
      std::fprintf(stderr, "onecode users add: %s\n", message.c_str());
      *exit_code = code;
    };
    if (Status s = api::ValidateUserName(opt->name); !s.ok()) return fail(2, s.message());
    std::string password;
    const bool generated = !opt->password_stdin;
    if (opt->password_stdin) {
      if (!std::getline(std::cin, password)) return fail(2, "no password on stdin");
      if (!password.empty() && password.back() == '\r') password.pop_back();
    } else {
      password = api::GeneratePassword();
    }
    if (Status s = api::ValidatePassword(password); !s.ok()) return fail(2, s.message());
    auto st = store::Store::Open(opt->store, /*create=*/false);
    if (!st.ok()) return fail(st.status().code() == StatusCode::kNotFound ? 2 : 1, st.status().message());
    auto existing = api::LoadUser(**st, opt->name);
    if (!existing.ok()) return fail(1, existing.status().message());
    if (existing->has_value()) return fail(2, "user " + opt->name + " already exists");
    auto hash = api::HashPassword(password);
    if (!hash.ok()) return fail(70, hash.status().message());
    api::UserRecord user{opt->name, *api::ParseRole(opt->role), *hash, SystemClock().Now().seconds};
    rocksdb::WriteBatch batch;
    api::PutUser(user, &batch);
    if (Status s = (*st)->Commit(&batch, /*sync=*/true); !s.ok()) return fail(1, s.message());
    if (opt->json) {
      boost::json::object out{{"name", opt->name}, {"role", opt->role}};
      if (generated) out["password"] = password;
      std::printf("%s\n", boost::json::serialize(out).c_str());
    } else if (generated) {
      std::printf("Added %s (%s). Password (shown once): %s\n", opt->name.c_str(), opt->role.c_str(), password.c_str());
    } else {
      std::printf("Added %s (%s).\n", opt->name.c_str(), opt->role.c_str());
    }
  });
}

}  // namespace

void RegisterServe(CLI::App& app, int* exit_code) {
  RegisterServeCommand(app, exit_code);
  RegisterUsersCommand(app, exit_code);
}

}  // namespace onecode::cli
