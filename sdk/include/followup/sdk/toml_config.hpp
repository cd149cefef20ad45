// The host's side of ConfigReader: making one over a parsed TOML table, and reaching the TOML
// behind it. For the host (and tests of a host); a plugin never includes this file — that is
// what keeps toml++ out of the plugin contract. @since 3.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "followup/sdk/config_reader.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

/// A reader over `table`, which must outlive it; problems go to `out`. `path` is the table's own
/// key path ("" for a file's root or a board's [model], "areas[2]" for an element).
ConfigReader toml_reader(std::vector<ConfigIssue>& out, const toml::table& table, std::string path);
/// The table behind a reader.
const toml::table& toml_table(const ConfigReader& reader);
/// The sub-table at `key`, marked as read; nullptr when absent (a problem if `required`) or not
/// a table (always a problem).
const toml::table* toml_subtable(ConfigReader& reader, std::string_view key, bool required);
/// Reports a problem located at `at` (the table itself when null).
void error_at(ConfigReader& reader, std::string_view key, const toml::node* at, std::string message);
/// A problem located at `node` (0, 0 when null).
ConfigIssue config_issue(const toml::node* node, std::string key_path, std::string message);

FOLLOWUP_SDK_END_NAMESPACE
