// A municipality's configuration, as read from its TOML files and checked.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/diagnostics.hpp"
#include "followup/sdk/plugin.hpp"
#include "followup/sdk/types.hpp"
#include "scales/scale_registry.hpp"

namespace followup::core {

enum class Language { sv, en };

struct MunicipalitySettings {
    std::string name;
    Language language = Language::sv;
    std::string reference_prefix;
    /// A configuration made to show the system (the bundled example): its published contact and
    /// web address may be placeholders (example.se). Anywhere else they are refused.
    bool example = false;
};

/// Where a thing was defined, for messages raised after loading (e.g. by a plugin).
struct Origin {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

struct BoardSettings {
    sdk::Board board;
    std::string plugin_id;
    std::string scale_id;
    /// Who signs the board's decision letters to providers ([board] signatory, signatory_title):
    /// the chair, or an officer the board has delegated the decision to.
    std::string signatory, signatory_title;
    /// The steps of the board's annual process that the board does itself and records with the
    /// day each was done (board_steps), by their number in its process ([board] recorded_steps):
    /// labour's 1, 3, 6, 7 and 8 (seed 001). Empty: the board records no steps of its own.
    std::vector<int> recorded_steps;
    std::optional<std::string> plugin_sha256;
    std::vector<sdk::FollowUpForm> forms;
    /// What each form's grade of a condition rests on (`basis` in [[forms]]): an inspector's
    /// visit or a reviewed document can verify that a deficiency is remedied; the provider's own
    /// statement only moves it to "to be verified"; "none" (a survey, a dialogue) says nothing
    /// about a condition. Core-side, because closing cases is the core's (SDK structs are frozen
    /// within a major version).
    std::map<std::string, std::string> form_basis;
    /// Which ownerships a form applies to (`ownership` in [[forms]], e.g. insyn: municipal);
    /// a form without the key applies to all. Checked in store/consistency.
    std::map<std::string, std::vector<std::string>> form_ownership;
    /// [signal_kinds]: the words the compilation prints for each kind of risk signal the board's
    /// model raises ("delivered_above_decided" = "Fler utförda timmar än beslutade"); the bundled
    /// models' kinds have names in the core's catalogue, a plugin's own kinds are named here.
    std::map<std::string, std::string> signal_kind_names;
    /// Whether a form follows up a unit or the provider as a whole (`level` in [[forms]]:
    /// "unit" when it is a visit, else "provider"). A unit-level follow-up of a provider with
    /// units must name the unit.
    std::map<std::string, std::string> form_level;
    toml::table model;  ///< the [model] table, handed to the board's plugin
    Origin origin;      ///< the board file
};

using ScheduleRule = sdk::ScheduleRule;
using SanctionLadder = sdk::SanctionLadder;

struct Inspector {
    std::string id;
    std::string name;
    std::string board_id;
    int monthly_capacity = 0;             ///< follow-ups per month
    std::vector<std::string> disqualified; ///< providers (org numbers) they must not follow up
    std::optional<std::string> employed_by; ///< a provider (org number) they work for, if any
    std::optional<std::string> member_of;   ///< the municipality's own operation they belong to, if any
};

/// [[officers]]: who works in the register, and for which boards. On a PostgreSQL register `id`
/// is their login role: `followup officers sync` writes who is whose officer and which areas each
/// board has into the tables row-level security reads (docs/sql/postgres-roles.sql), so that an
/// officer reads and writes only their boards' records. On SQLite the file's owner and group are
/// the access control (docs/data.md).
struct Officer {
    std::string id;
    std::string name;
    std::vector<std::string> boards;
};

/// A part of the municipality's own organisation that runs units (seed 004: "the unit that
/// follows up must be independent of the municipality's own provider units"): an inspector who
/// belongs to it never follows up its units.
struct Operation {
    std::string id;
    std::string name;
    std::string provider;             ///< the municipality's organisation number
    std::vector<std::string> areas;   ///< the areas it runs units in; empty: all of the provider's
    std::vector<std::string> units;   ///< the units it runs; empty: all in those areas
};

/// What a key figure's values are, and so which values can be true: a share is a percentage
/// from 0 to 100 (a survey's satisfied, the participants gone on to work or studies), a count
/// counts something (reports, follow-ups, persons registered at an address) and hours are hours
/// of care (decided, delivered); neither is ever negative.
enum class KeyFigureUnit { share, count, hours };

/// "share", "count", "hours": as written in [[key_figures]] `unit`.
std::string_view to_string(KeyFigureUnit unit) noexcept;

/// A key figure the register takes values of ([[key_figures]], in the municipality file or a
/// board's file): `followup import indicators` refuses a value of a key figure not declared, and
/// one outside its unit's range.
struct KeyFigure {
    std::string id;
    KeyFigureUnit unit = KeyFigureUnit::share;
    Origin origin;  ///< where it is declared
};

/// A quality bonus simulated for an area: who would qualify, and what it would cost.
struct QualityBonusRule {
    std::string area_id;
    double amount = 0;                  ///< SEK per qualifying provider and year
    std::string max_grade;              ///< the worst grade a qualifying provider may have had this year
    std::optional<std::string> indicator;  ///< and, optionally, a key figure at or above min_value
    double min_value = 0;
    int min_answers = 0;
};

/// Texts of the annual compilation that are the municipality's own.
struct CompilationTexts {
    std::string proposed_decision;      ///< empty: the standard text
    std::string consequences_children;
    std::string consequences_economy;
    /// A table longer than this shows its first rows in the document; every row goes to a CSV
    /// file beside it (a plan appendix of a hundred thousand rows is not read, it is searched).
    std::size_t max_table_rows = 1000;
    /// A table of a board's appendix with more rows is a listing (report/document.hpp): the
    /// executive board reads the appendix on paper, the officers the spreadsheet.
    std::size_t max_printed_rows = 40;
    /// The case's diary number (diarienummer) for the year's compilation, e.g. "KFKS 2026/142";
    /// `compile --reference` overrides it. Empty: the heading says it is not yet registered.
    std::string reference;
    /// The share of a board's providers followed up in time (percent) at which its plan meets
    /// "a good quality of the service": the executive office's ground of assessment, not the
    /// regulation's (which names no share), so it is configured and stated beside the verdict.
    int on_time_percent = 90;
    /// The day of the year by which each board reports its follow-up plans for the year to the
    /// executive board (`plans_reported_by = "03-31"`): the municipality's regulation's day (the
    /// seeds say "årligen", not which day). A plan reported after it is late, and not "Uppfyllt";
    /// none configured: lateness is not judged.
    std::optional<std::chrono::month_day> plans_reported_by;
    /// Who signs the decision document, as seed 001 ends: name, title, and office.
    struct Signatory {
        std::string name;
        std::string title;
        std::string office;
    };
    std::vector<Signatory> signatories;
};

struct MunicipalityConfig {
    std::filesystem::path file;  ///< the municipality file
    MunicipalitySettings municipality;
    std::vector<std::filesystem::path> plugin_dirs;  ///< absolute
    /// [plugins] call_timeout_seconds: a call into a board's model running longer is stopped and
    /// reported (only when plugins run isolated, the default).
    int plugin_call_timeout_seconds = 300;
    /// [plugins] child_memory_mib and child_cpu_seconds: what a plugin's child process may use
    /// (0: no limit); empty: the host's defaults (host/plugin_host.hpp, PluginCalls).
    std::optional<std::size_t> plugin_child_memory_mib;
    std::optional<int> plugin_child_cpu_seconds;
    std::optional<std::filesystem::path> database;   ///< [register] database, absolute; none: the default
    /// [register] url: a PostgreSQL register (`postgresql://user@host/dbname`), used instead of
    /// `database` when given.
    std::optional<std::string> register_url;
    /// [register] audit_key, absolute: the key the audit trail's heads are sealed with; none:
    /// `<register>.audit-key` beside the register.
    std::optional<std::filesystem::path> audit_key;
    /// [register] group: the group (of this machine) whose members may read the files the register
    /// makes — the register, its side files, backups, exports — created 0640 and given to it; none:
    /// their owner's only (0600). The audit key stays its owner's.
    struct RegisterGroup {
        std::string name;
        unsigned id = 0;
    };
    std::optional<RegisterGroup> register_group;
    /// [register] wait_seconds: how long a command waits for another's write to the SQLite
    /// register before it gives up and says so (10 s by default; 0: not at all).
    int register_wait_seconds = 10;
    /// [register.retention] personal_identity_number_years: how many years after a sole trader's
    /// last authorization, follow-up, decision, signal or key figure `followup erase --expired`
    /// erases its personal identity number (docs/data.md, "Record of processing"); none: kept
    /// until erased on request.
    std::optional<int> retention_personal_identity_number_years;
    int min_group_size = 5;
    std::vector<std::string> published_key_figures;  ///< [publishing] key_figures: what residents compare
    /// [publishing.key_figure_names]: the words a resident reads for each key figure, with its
    /// unit ("Nöjdhet med bemötandet, andel %"); a key without one is a configuration error.
    std::map<std::string, std::string> key_figure_names;
    /// [publishing] municipality_code: the municipality's four-digit code (kommunkod, "0182"), by
    /// which open data is keyed as in Kolada; empty when not configured.
    std::string municipality_code;
    /// [publishing] base_url: where the residents' site is served ("https://jamfor.example.se/",
    /// ending in '/'); the sitemap's addresses start with it. Empty: no sitemap.xml is written,
    /// since a sitemap's addresses must be absolute.
    std::string publishing_base_url;
    /// [publishing] contact: who answers questions about the published data (an e-mail address
    /// or a web page); the data catalogue names it. Empty: the municipality's name.
    std::string publishing_contact;
    /// [publishing.key_figure_descriptions]: what each key figure measures, in a resident's words.
    std::map<std::string, std::string> key_figure_descriptions;
    /// [publishing.key_figure_targets]: the municipality's target value of a key figure, shown
    /// beside each unit's value and the area's average.
    std::map<std::string, double> key_figure_targets;
    /// [publishing.districts]: district (kommundel) → the postcodes, or their leading digits, of
    /// the addresses in it, in the order written. Residents filter units by district; without
    /// this table a unit's district is the postal town of its address.
    std::vector<std::pair<std::string, std::vector<std::string>>> districts;
    /// [desk] secure_cookies: the officer's desk (`followup serve`) is reached over TLS, behind the
    /// municipality's reverse proxy, so its session cookie is marked Secure and a browser never
    /// sends it over plain HTTP. Off by default: on the loopback interface there is no TLS.
    bool desk_secure_cookies = false;
    ScaleRegistry scales = ScaleRegistry::with_builtin_scales();
    std::vector<BoardSettings> boards;
    std::vector<sdk::Area> areas;
    std::vector<sdk::AuthorizationCondition> conditions;
    std::vector<ScheduleRule> schedule;
    std::vector<SanctionLadder> sanction_ladders;
    std::vector<Inspector> inspectors;
    std::vector<Officer> officers;
    std::vector<Operation> operations;
    std::vector<QualityBonusRule> quality_bonus;
    std::vector<KeyFigure> key_figures;  ///< [[key_figures]], in the order declared
    CompilationTexts compilation;

    const BoardSettings* board(std::string_view id) const;
    const sdk::Area* area(std::string_view id) const;
    const KeyFigure* key_figure(std::string_view id) const;
    std::map<std::string, std::string> pinned_sha256() const;  ///< plugin id → pin
    /// What a board's plugin is told about its board (BoardModel::configure).
    sdk::BoardSetup setup_of(const BoardSettings& board) const;
};

struct LoadedConfig {
    MunicipalityConfig config;
    Diagnostics diagnostics;  ///< empty: the configuration is valid (as far as the core can tell)
};

/// Reads the municipality file and every board file it includes, and checks them. Never throws
/// for bad input: every problem found, in every file, is in `diagnostics`.
LoadedConfig load_configuration(const std::filesystem::path& municipality_file);

/// The same, for a municipality file's text already in memory (board files are still read from
/// disk, relative to `as_file`). Used by the fuzz target.
LoadedConfig load_configuration_text(const std::string& text, const std::filesystem::path& as_file);

/// Why `inspector` may not follow up this provider's unit (employed by it, disqualified for it,
/// or a member of the municipal operation that runs it), or nothing when they may. The one rule
/// the planner's assignments and `record --inspector` share.
std::optional<std::string> independence_conflict(const MunicipalityConfig& config, const Inspector& inspector,
                                                 const std::string& provider, const std::string& area_id,
                                                 const std::string& unit_id);

}  // namespace followup::core
