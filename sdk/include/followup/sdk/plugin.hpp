// The plugin interface: one board's follow-up model.
//
// Rules for every function below, unless its comment says otherwise:
//  - the host calls it from one thread, never concurrently with another call on the same object;
//  - it may throw sdk::Error or any std::exception; the host catches it at the boundary and
//    reports it with the plugin's id and the function's name. It never takes the host down,
//    but the board's result for that call is lost (its compilation section is marked failed);
//  - arguments are borrowed for the duration of the call; return values are owned by the host.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "followup/sdk/host.hpp"
#include "followup/sdk/types.hpp"

namespace followup::sdk::inline v2 {

/// What a model is: the board(s) and areas it serves, its follow-up forms and its scale.
struct ModelDescription {
    std::vector<Board> boards;
    std::vector<std::string> area_ids;
    std::vector<FollowUpForm> forms;
    std::string scale_id;  ///< the id of a scale the host knows (HostServices::scale)
    std::string summary;   ///< the model in brief, for the compilation (Swedish)
};

/// A configuration error in a board's [model] table. `key_path` is dotted from that table
/// ("indicators[0].target"); line and column come from the offending node (0 if unknown).
struct ConfigIssue {
    std::string key_path;
    std::string message;  ///< what was found and what was expected
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// Makes a ConfigIssue located at `node` (which may be null when the key is missing).
ConfigIssue config_issue(const toml::node* node, std::string key_path, std::string message);

/// What the municipality's configuration says about one board, as the core read and checked it.
struct BoardSetup {
    Board board;
    std::vector<Area> areas;
    std::vector<FollowUpForm> forms;
    std::vector<AuthorizationCondition> conditions;  ///< the general ones and those of the board's areas
    std::vector<ScheduleRule> schedule;
    std::vector<SanctionLadder> sanction_ladders;
};

struct PlanRequest {
    int year = 0;
};

/// One follow-up the model wants done in the year; the core dates it and assigns an inspector.
struct PlannedFollowUp {
    std::string area_id;
    std::string provider;
    std::string unit_id;
    std::string form_id;
    Period window;       ///< when it must take place
    std::string reason;  ///< why it is in the plan ("deficiency 2024 re-checked", "every 2 years")
    Trigger trigger = Trigger::planned;
};

/// A document or fact shown for a condition, e.g. a criminal-record extract for one of the
/// people registered at the address of a pedagogical-care provider. `subject` is anonymous
/// ("person 2"); `dated` is the document's date (or its validity end, for an insurance), empty
/// when the document was not shown.
struct Evidence {
    std::string condition_id;
    std::string subject;
    std::string document;
    std::optional<Date> dated;
};

/// A step of a follow-up's process that was done, e.g. "documented", "reported_to_board",
/// "communicated_to_provider", "report_received", "report_reviewed".
struct ProcessStep {
    std::string step;
    Date done;
};

/// A recorded follow-up, handed to the model to assess.
struct FollowUpRecord {
    FollowUpActivity activity;
    Provider provider;
    std::vector<Finding> findings;
    std::vector<Evidence> evidence;
    std::vector<ProcessStep> steps;
};

struct Assessment {
    std::vector<Finding> deficiencies;  ///< the findings graded as deficiencies
    Decision proposed;                  ///< the decision the model proposes to the board
    std::optional<Date> next_due;       ///< when the next follow-up is due
    std::string explanation;            ///< why, in words an officer can pass on
    std::vector<std::string> missing_steps;  ///< process steps the model requires that are not done
};

enum class Language { sv, en };

struct SectionRequest {
    int year = 0;
    Language language = Language::sv;
};

struct Table {
    std::string caption;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

/// A sign of possible welfare crime or maladministration the model found, with its reasons.
struct RiskSignal {
    std::string provider;
    std::string area_id;
    std::string kind;         ///< e.g. "delivered_above_decided", "sudden_growth", "peer_outlier"
    std::string explanation;  ///< the figures behind it, in words
};

/// A board's section of the cross-board annual compilation.
struct BoardSection {
    std::string title;
    std::vector<std::string> paragraphs;
    std::vector<Table> tables;
    std::vector<RiskSignal> risk_signals;
};

/// The regulation's three requirements on every board's follow-up model.
enum class Requirement {
    good_quality,        ///< the model ensures good quality of the service
    uniform_assessment,  ///< uniform assessment at authorization and in the choice of sanctions
    predictable,         ///< uniform, transparent and predictable follow-up
};

/// How the model meets one requirement, and what in it shows that (form ids, rule keys,
/// scale ids) so the core can check the claim against the configuration and the register.
struct RequirementClaim {
    Requirement requirement = Requirement::good_quality;
    std::string how;
    std::vector<std::string> evidence;
};

/// A board's follow-up model. The host makes one per plugin through the factory named in the
/// plugin's version record (export.hpp) and destroys it before unloading the library.
class BoardModel {
public:
    virtual ~BoardModel();

    /// Called once, right after construction, and again whenever the host lists the model.
    /// Must not depend on configure() having been called.
    virtual ModelDescription describe() const = 0;

    /// Called once per board the model serves, before any other call below, with what the
    /// configuration says about the board and the board's own [model] table. Returns every
    /// problem found in `model` (empty: valid); it should not throw for bad configuration, only
    /// for its own failures. `setup` is borrowed for the call: keep a copy of what you need.
    virtual std::vector<ConfigIssue> configure(const BoardSetup& setup, const toml::table& model) = 0;

    /// The follow-ups the model wants in `request.year`, undated beyond their windows.
    virtual std::vector<PlannedFollowUp> plan_year(const PlanRequest& request) = 0;

    /// Turns a recorded follow-up into grades-derived deficiencies, a proposed decision and the
    /// next due date. Reads earlier history through HostServices::register_view().
    virtual Assessment assess(const FollowUpRecord& record) = 0;

    /// Writes the board's section of the annual compilation for `request.year`.
    virtual BoardSection write_section(const SectionRequest& request) = 0;

    /// How the model meets each of the regulation's three requirements. The core checks every
    /// claim's evidence; an unsupported claim is reported, not trusted.
    virtual std::vector<RequirementClaim> regulation_claims() const = 0;
};

}  // namespace followup::sdk::inline v2
