// Pieces of `onecode trace` that other commands use: the contacts export and
// the contact scores of `onecode eval`.
#ifndef ONECODE_CLI_TRACE_COMMANDS_H_
#define ONECODE_CLI_TRACE_COMMANDS_H_

#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

#include "core/status.h"
#include "mobility/mobility.h"
#include "store/store.h"
#include "tracing/params.h"

#include <CLI/CLI.hpp>

namespace onecode::cli {

// Writes every stored edge as CSV (docs/formats/exports.md).
Status ExportContacts(const store::Store& store, const std::string& path, uint64_t* rows);

// Traces all cases in memory in the default and the plain Chengdu mode and
// adds "contacts" and "contacts_chengdu" scores to `result`.
Status EvalContacts(const store::Store& store, const mobility::MobilityData& data, const std::string& truth_dir,
                    const tracing::TraceParams& params, int threads, boost::json::object* result);

// Adds the tracing parameter options (--grid-m, --min-minutes, ...) to `cmd`.
void AddTraceParamOptions(CLI::App* cmd, tracing::TraceParams* params);

}  // namespace onecode::cli

#endif  // ONECODE_CLI_TRACE_COMMANDS_H_
