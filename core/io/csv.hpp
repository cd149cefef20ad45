// CSV as Swedish municipalities have it: UTF-8 with or without a byte-order mark, ';' (what
// Swedish Excel writes) or ',' as separator, RFC 4180 quoting, CRLF or LF line ends.
//
// Written here rather than taken from a library: Debian 12 packages no maintained C++ CSV reader
// that reports the line and column of every problem and keeps going (libcsv stops at the first),
// and an importer that names every bad row is the point. tests/fuzz/csv_fuzz.cpp fuzzes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace followup::core {

struct CsvRecord {
    std::size_t line = 0;  ///< the physical line the record starts on (1-based)
    std::vector<std::string> fields;
};

struct CsvProblem {
    std::size_t line = 0;
    std::size_t column = 0;  ///< 1-based byte column; 0 when it concerns the whole line
    std::string message;
};

struct CsvDocument {
    char separator = ',';
    std::vector<CsvRecord> records;  ///< blank lines skipped; the header is records[0]
    std::vector<CsvProblem> problems;
};

inline constexpr std::size_t max_csv_field = 64 * 1024;

/// Parses `text`. The separator is ';' or ',', whichever the first line has more of outside
/// quotes. Invalid UTF-8 and malformed quoting are problems (every one, with its place); the
/// records parsed around them are still returned so that other rows can be checked too.
CsvDocument parse_csv(std::string_view text);

/// The field as it must be written: quoted (with doubled quotes) when it contains the
/// separator, a quote, a line break, or leading or trailing spaces.
std::string csv_field(std::string_view value, char separator);
/// csv_field() appended to `out`: no string per field (a national compilation writes millions).
void append_csv_field(std::string& out, std::string_view value, char separator);

/// The byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t invalid_utf8_at(std::string_view text);

}  // namespace followup::core
