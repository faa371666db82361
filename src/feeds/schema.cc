#include "feeds/schema.h"

namespace onecode {
namespace {

using T = ColumnType;

constexpr Column kPersons[] = {
    {"person", T::kPerson, false, "pseudonym: home county + keyed hash of the national ID"},
    {"name", T::kText, false, "full name, UTF-8"},
    {"home_region", T::kRegion, false, "county of residence"},
    {"phone_tail", T::kText, false, "last 4 digits of the phone number"},
};
constexpr Column kCells[] = {
    {"cell", T::kId, false, "operator cell id"},
    {"lon", T::kDecimal, false, "degrees east, 6 decimals"},
    {"lat", T::kDecimal, false, "degrees north, 6 decimals"},
    {"radius_m", T::kInteger, false, "nominal coverage radius, metres"},
    {"region", T::kRegion, false, "county the tower stands in"},
};
constexpr Column kCdr[] = {
    {"person", T::kPerson, false, ""},
    {"cell", T::kId, false, "serving cell"},
    {"start", T::kTimestamp, false, "first moment seen on the cell"},
    {"end", T::kTimestamp, false, "moment the phone left the cell (exclusive, > start)"},
};
constexpr Column kTransport[] = {
    {"person", T::kPerson, false, ""},
    {"mode", T::kEnum, false, "flight | train | coach"},
    {"vehicle", T::kId, false, "flight or train number, e.g. CA4112, G2031"},
    {"date", T::kDate, false, "local date of departure"},
    {"dep_time", T::kTimestamp, false, ""},
    {"arr_time", T::kTimestamp, false, ""},
    {"from_region", T::kRegion, false, "county of the departure station"},
    {"to_region", T::kRegion, false, "county of the arrival station"},
    {"seat", T::kId, false, "train/coach: CC-RRL (carriage, row, letter); flight: row and letter, e.g. 7C, 23F"},
};
constexpr Column kVenues[] = {
    {"venue", T::kId, false, "venue code id"},
    {"name", T::kText, false, ""},
    {"lon", T::kDecimal, false, ""},
    {"lat", T::kDecimal, false, ""},
    {"region", T::kRegion, false, "county"},
};
constexpr Column kVenueScans[] = {
    {"person", T::kPerson, false, ""},
    {"venue", T::kId, false, ""},
    {"time", T::kTimestamp, false, ""},
};
constexpr Column kCases[] = {
    {"case", T::kId, false, ""},
    {"person", T::kPerson, false, ""},
    {"status", T::kEnum, false, "confirmed | suspected | asymptomatic | cleared"},
    {"onset", T::kTimestamp, true, "symptom onset; empty when asymptomatic or unknown"},
    {"reported", T::kTimestamp, false, "time reported; confirmed/asymptomatic cases are isolated from then on"},
    {"region", T::kRegion, false, "county responsible for the case: the person's home county"},
};
constexpr Column kRiskAreas[] = {
    {"region", T::kRegion, false, "county"},
    {"level", T::kEnum, false, "low | medium | high"},
    {"from", T::kTimestamp, false, ""},
    {"to", T::kTimestamp, false, "exclusive end"},
};
constexpr Column kTests[] = {
    {"person", T::kPerson, false, ""},
    {"sampled", T::kTimestamp, false, "time the sample was taken"},
    {"result", T::kEnum, false, "negative | positive"},
    {"lab", T::kId, false, ""},
};
constexpr Column kDeclarations[] = {
    {"person", T::kPerson, false, ""},
    {"time", T::kTimestamp, false, ""},
    {"temperature_c", T::kDecimal, true, "degrees Celsius, 1 decimal"},
    {"symptoms", T::kText, true, "';'-separated: fever, cough, sore_throat, fatigue, loss_of_smell"},
    {"note", T::kText, true, "free text"},
};
constexpr Column kRegions[] = {
    {"region", T::kRegion, false, ""},
    {"name", T::kText, false, ""},
    {"level", T::kEnum, false, "province | city | county"},
    {"parent", T::kRegion, true, "empty for a province"},
    {"lon", T::kDecimal, false, "seat of government"},
    {"lat", T::kDecimal, false, ""},
};
constexpr Column kTruthPlaces[] = {
    {"place", T::kId, false, "V... venues (hotels, stations, hospitals included), H... homes"},
    {"kind", T::kEnum, false, "home | office | school | shop | restaurant | station | airport | hotel | hospital | park"},
    {"lon", T::kDecimal, false, ""},
    {"lat", T::kDecimal, false, ""},
    {"region", T::kRegion, false, ""},
};
constexpr Column kTruthStays[] = {
    {"person", T::kPerson, false, ""},
    {"place", T::kId, false, ""},
    {"lon", T::kDecimal, false, ""},
    {"lat", T::kDecimal, false, ""},
    {"start", T::kTimestamp, false, ""},
    {"end", T::kTimestamp, false, ""},
};
constexpr Column kTruthContacts[] = {
    {"person", T::kPerson, false, "a person who became a case (status confirmed or asymptomatic)"},
    {"other", T::kPerson, false, "the person they were close to"},
    {"kind", T::kEnum, false, "colocation | cotravel"},
    {"where", T::kId, false, "place id, or vehicle id for cotravel"},
    {"start", T::kTimestamp, false, ""},
    {"end", T::kTimestamp, false, ""},
    {"minutes", T::kInteger, false, "time together"},
};
constexpr Column kTruthInfections[] = {
    {"person", T::kPerson, false, ""},
    {"infected_at", T::kTimestamp, false, ""},
    {"infector", T::kPerson, true, "empty for seeded infections"},
    {"where", T::kId, true, "place or vehicle of transmission"},
    {"onset", T::kTimestamp, true, "empty when asymptomatic"},
    {"reported", T::kTimestamp, true, "empty when never reported within the simulation"},
    {"case", T::kId, true, "case id when reported"},
};
constexpr Column kTruthItineraries[] = {
    {"person", T::kPerson, false, ""},
    {"date", T::kDate, false, "local (+08:00) date"},
    {"region", T::kRegion, false, "county"},
    {"minutes", T::kInteger, false, "time spent in stays there that day (>= 240)"},
};
constexpr Column kTruthForwardedScans[] = {
    {"person", T::kPerson, false, "scanned a forwarded photo of a venue code"},
    {"venue", T::kId, false, ""},
    {"time", T::kTimestamp, false, ""},
};

constexpr TableSchema kTables[] = {
    {Table::kPersons, "persons", false, kPersons},
    {Table::kCells, "cells", false, kCells},
    {Table::kCdr, "cdr", false, kCdr},
    {Table::kTransport, "transport", false, kTransport},
    {Table::kVenues, "venues", false, kVenues},
    {Table::kVenueScans, "venue_scans", false, kVenueScans},
    {Table::kCases, "cases", false, kCases},
    {Table::kRiskAreas, "risk_areas", false, kRiskAreas},
    {Table::kTests, "tests", false, kTests},
    {Table::kDeclarations, "declarations", false, kDeclarations},
    {Table::kRegions, "regions", false, kRegions},
    {Table::kTruthPlaces, "places", true, kTruthPlaces},
    {Table::kTruthStays, "stays", true, kTruthStays},
    {Table::kTruthContacts, "contacts", true, kTruthContacts},
    {Table::kTruthInfections, "infections", true, kTruthInfections},
    {Table::kTruthItineraries, "itineraries", true, kTruthItineraries},
    {Table::kTruthForwardedScans, "forwarded_scans", true, kTruthForwardedScans},
};

}  // namespace

const TableSchema& SchemaOf(Table table) { return kTables[static_cast<size_t>(table)]; }

std::span<const TableSchema> AllTables() { return kTables; }

const TableSchema* FindTable(std::string_view name, bool is_truth) {
  for (const TableSchema& s : kTables) {
    if (s.name == name && s.is_truth == is_truth) return &s;
  }
  return nullptr;
}

std::string HeaderLine(const TableSchema& schema) {
  std::string line;
  for (const Column& c : schema.columns) {
    if (!line.empty()) line += ',';
    line += c.name;
  }
  return line;
}

std::string RelativePath(const TableSchema& schema) {
  return std::string(schema.is_truth ? "truth/" : "feeds/") + std::string(schema.name) + ".csv";
}

}  // namespace onecode
