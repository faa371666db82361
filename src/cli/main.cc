// onecode: the one binary. Parses the command line and dispatches to a
// subcommand; exit status 0 on success, non-zero with a one-line reason on
// stderr otherwise (see docs/cli.md).
#include <sodium.h>

#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "onecode: libsodium failed to initialise\n");
    return 1;
  }
  CLI::App app{"OneCode: one health code that works everywhere"};
  app.require_subcommand(1);
  int exit_code = 0;
  onecode::cli::RegisterSim(app, &exit_code);
  onecode::cli::RegisterIngest(app, &exit_code);
  onecode::cli::RegisterMobility(app, &exit_code);
  onecode::cli::RegisterServe(app, &exit_code);
  onecode::cli::RegisterTrace(app, &exit_code);
  onecode::cli::RegisterColours(app, &exit_code);
  onecode::cli::RegisterDemo(app, &exit_code);
  onecode::cli::RegisterCodes(app, &exit_code);
  onecode::cli::RegisterRules(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "onecode: internal error: %s\n", e.what());
    return 70;
  }
  return exit_code;
}
