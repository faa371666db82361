// Pieces of the assessment commands other commands use.
#ifndef ONECODE_CLI_ASSESS_COMMANDS_H_
#define ONECODE_CLI_ASSESS_COMMANDS_H_

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>

#include "core/status.h"
#include "pipeline/assess.h"
#include "store/store.h"

namespace onecode::cli {

// `onecode rules dryrun` and `onecode rules publish`, added to the `rules` group.
void RegisterRulesStore(CLI::App& group, int* exit_code);
// Writes every stored colour as CSV (docs/formats/exports.md).
Status ExportColours(const store::Store& store, const std::string& path, uint64_t* rows);

}  // namespace onecode::cli

#endif  // ONECODE_CLI_ASSESS_COMMANDS_H_
