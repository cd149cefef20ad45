// The plugin interface: one board's follow-up model.
//
// Rules for every function below, unless its comment says otherwise:
//  - the host calls it from one thread, never concurrently with another call on the same object;
//  - it may throw sdk::Error or any std::exception; the host catches it at the boundary and
//    reports it with the plugin's id and the function's name. It never takes the host down,
//    but the board's result for that call is lost (its compilation section is marked failed);
//  - arguments are borrowed for the duration of the call; return values are owned by the host.
//
// Which command calls which function, in what order and how often: docs/writing-a-plugin.md,
// "The call map".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "followup/sdk/assessment.hpp"
#include "followup/sdk/config_reader.hpp"
#include "followup/sdk/host.hpp"
#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

/// What a model is: the board(s) and areas it serves, its follow-up forms and its scale.
/// @since 0.1; `scales` @since 3.0
struct ModelDescription {
    std::vector<Board> boards;
    std::vector<std::string> area_ids;
    std::vector<FollowUpForm> forms;
    std::string scale_id;  ///< the id of a scale the host knows (HostServices::scale) or one of `scales`
    std::string summary;   ///< the model in brief, for the compilation (Swedish)
    /// Scales the model ships itself. The host registers them beside the built-in and configured
    /// ones when it loads the plugin; an id already taken by another scale is refused, with the
    /// reason, like any configuration error.
    std::vector<GradingScale> scales{};
};

/// What the municipality's configuration says about one board, as the core read and checked it.
/// @since 0.1; `scale_id` @since 3.0
struct BoardSetup {
    Board board;
    std::vector<Area> areas;
    std::vector<FollowUpForm> forms;
    std::vector<AuthorizationCondition> conditions;  ///< the general ones and those of the board's areas
    std::vector<ScheduleRule> schedule;
    std::vector<SanctionLadder> sanction_ladders;
    std::string scale_id{};  ///< the board's scale (its `scale` key, else the model's own)
};

/// @since 0.1; `board_id` @since 3.0
struct PlanRequest {
    int year = 0;
    std::string board_id{};  ///< the board the plan is for (a model may serve several)
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

/// A recorded follow-up, handed to the model to assess.
struct FollowUpRecord {
    FollowUpActivity activity;
    Provider provider;
    std::vector<Finding> findings;
    std::vector<Evidence> evidence;
    std::vector<ProcessStep> steps;
};

enum class Language { sv, en };
/// "sv", "en". @since 3.0
std::string_view to_string(Language) noexcept;

/// @since 0.1; `board_id` @since 3.0
struct SectionRequest {
    int year = 0;
    Language language = Language::sv;
    std::string board_id{};  ///< the board the section is for (a model may serve several)
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
/// "good_quality", "uniform_assessment", "predictable". @since 3.0
std::string_view to_string(Requirement) noexcept;

/// How the model meets one requirement, and what in it shows that, so the core can check the
/// claim against the configuration and the register. Each evidence token is one of:
///   form:ID            a follow-up form of the model that the board uses
///   scale:ID           the scale the board grades on
///   schedule:AREA/FORM a [[schedule]] rule of the configuration ("schedule" alone: one per area)
///   ladder:AREA        a sanction ladder of the area ("sanction_ladders": every sanctioning area)
///   condition:ID       an authorization condition of the board ("conditions": any with a check point)
///   model:KEY          a key present in the board's [model] table
/// ("sanction_ladders" counts every area of the board). A token the core cannot check makes the
/// requirement *not shown*, never met; so does a claim of good quality on a board with no unit
/// followed up in the year (docs/writing-a-plugin.md, "Regulation claims").
struct RequirementClaim {
    Requirement requirement = Requirement::good_quality;
    std::string how;
    std::vector<std::string> evidence;
};

/// A board's follow-up model. The host makes one per plugin through the factory named in the
/// plugin's version record (export.hpp) and destroys it before unloading the library.
/// Every function: called from one thread at a time, never concurrently on the same object (with
/// --trust-plugins the compilation asks several boards' models at once, each on its own thread:
/// state shared by the objects of one plugin, a global or a static, must be guarded by the plugin,
/// as two boards may use it); a throw is caught at
/// the boundary and reported with the plugin's id and the call (the board's part of that command
/// fails, the other boards' work completes).
///
/// A model's state has one meaning, with or without --trust-plugins: every call but configure()
/// starts from the model as configure() left it. What configure() sets in the model is kept;
/// what any other call changes in it (a cache, a counter) is seen by no later call. Unless
/// `followup` runs with --trust-plugins, each call runs in a child process forked from the host
/// (one long-lived child per plugin answers call after call), with a time limit ([plugins]
/// call_timeout_seconds): a crash, an exit() or a hang fails that call like a throw, the next
/// call gets a new child, and the host's model is the one configure() left. Between the calls one
/// process makes (in-process with --trust-plugins, or in a child), the host makes the model again with the factory and calls configure() again for each board, with
/// the same setup and table, before a call that follows another. So work out in configure() what
/// every call needs; the factory and configure() run more than once (also in a child first) and
/// must give the same model each time. docs/writing-a-plugin.md, "Each call runs in a child
/// process".
class BoardModel {
public:
    virtual ~BoardModel();

    /// Called after loading, once per board the model serves (to register its scales and match it
    /// to the board), by `compile` and by `plugins check`; never by `plugins list`, which reads
    /// manifests only. Must not depend on configure() having been called.
    /// @since 0.1
    virtual ModelDescription describe() const = 0;

    /// Called once per board the model serves, before plan_year, assess and write_section (only
    /// `plugins check` without a configuration calls regulation_claims without it), with what the
    /// configuration says about the board and a reader of the board's own [model] table. Read
    /// every key through `model`: it reports wrong types and values itself, `model.error(key,
    /// message)` reports a problem of your own, and after this returns the host reports every
    /// key you did not read as unknown. Do not throw for bad configuration, only for your own
    /// failures. `setup` and `model` are borrowed: keep copies of what you need. @since 3.0
    virtual void configure(const BoardSetup& setup, ConfigReader& model) = 0;

    /// The follow-ups the model wants in `request.year` for `request.board_id`, undated beyond
    /// their windows. Called by `plan` once per board, by `compile` twice per board (the next
    /// year, then the compiled one, after write_section), by `demo generate` per simulated year.
    /// The register view is a snapshot during `compile`. Empty when nothing is due. @since 0.1
    virtual std::vector<PlannedFollowUp> plan_year(const PlanRequest& request) = 0;

    /// The model's judgement of one recorded follow-up (status done, with its date): the
    /// deficiencies, the proposed decision with its legal ground, the re-check window, the unit's
    /// next due date and risk category, missing process steps. Called by `record`, by `import`
    /// of follow-ups or findings, and by `assess --all` after a model or configuration change;
    /// the host stores the result. The register view already holds `record` itself and its
    /// earlier history (decisions adopted by the board included). @since 0.1 (fields: 3.0)
    virtual Assessment assess(const FollowUpRecord& record) = 0;

    /// Writes the board's section of the annual compilation for `request.year`. Called by
    /// `compile`, once per board, before its plan_year calls. @since 0.1
    virtual BoardSection write_section(const SectionRequest& request) = 0;

    /// How the model meets each of the regulation's three requirements. Called by `compile` and
    /// `plugins check`. The core checks every claim's evidence; an unsupported claim is reported,
    /// not trusted. @since 0.1
    virtual std::vector<RequirementClaim> regulation_claims() const = 0;

    /// An optional interface of the model, looked up by its id ("followup.risk_profile/1"), or
    /// nullptr. This is how capabilities are added without breaking the ABI: a host of a later
    /// minor version asks for an interface; an older plugin answers nullptr. The default answers
    /// nullptr for every id. @since 3.0
    virtual void* extension(std::string_view id) noexcept;
};

FOLLOWUP_SDK_END_NAMESPACE
