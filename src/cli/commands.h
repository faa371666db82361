// Subcommands of the onecode binary. Each Register* adds one subcommand to
// the CLI11 app; the callback it installs sets the process exit code.
#ifndef ONECODE_CLI_COMMANDS_H_
#define ONECODE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace onecode::cli {

// `onecode sim`.
void RegisterSim(CLI::App& app, int* exit_code);
// `onecode ingest`.
void RegisterIngest(CLI::App& app, int* exit_code);
// `onecode itinerary`, `onecode export`, `onecode eval`.
void RegisterMobility(CLI::App& app, int* exit_code);
// `onecode serve`, `onecode users add` (issue 7).
void RegisterServe(CLI::App& app, int* exit_code);
// `onecode trace`.
void RegisterTrace(CLI::App& app, int* exit_code);
// `onecode colours`.
void RegisterColours(CLI::App& app, int* exit_code);
// `onecode demo`.
void RegisterDemo(CLI::App& app, int* exit_code);
// `onecode keys`, `onecode trust`, `onecode code`, `onecode verify` (issue 6).
void RegisterCodes(CLI::App& app, int* exit_code);
// `onecode rules eval`, `onecode rules check` (issue 5; `rules dryrun` joins them).
void RegisterRules(CLI::App& app, int* exit_code);

}  // namespace onecode::cli

#endif  // ONECODE_CLI_COMMANDS_H_
