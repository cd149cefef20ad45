// One field list per SDK record: each member with its name, in one place. The host's wire format
// (host/plugin_wire.cpp, an isolated call's answer as bytes) and the register's row bridge
// (store/rows.cpp, a record as a row of its kind) both walk these lists, so a member is carried
// by both or by neither, and no converter keeps a list of its own.
//
// Why here, a domain of its own at the floor of core/ (core/CMakeLists.txt): the store and the
// host both use it and neither may include the other; and the names are the register's column
// names (`area` for Unit::area_id, `follow_up` for Finding::activity_id), which are the core's
// business, not a plugin's, so the lists are not in the SDK. A record that is never stored
// (ModelDescription, BoardSection, ...) has its members' own names.
//
// Every list is checked against its struct when this header compiles: a member added to an SDK
// record and not to its list stops the build (member_count below counts the struct's members
// the way the compiler sees them, not by any list). tests/unit/sdk_fields_test.cpp gives every
// member a distinct value and checks that it survives both converters.
#pragma once

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "followup/sdk/plugin.hpp"

namespace followup::core::fields {

/// How many members the aggregate T has: the largest N for which T{x1, ..., xN} compiles with
/// placeholders that convert to any type.
namespace detail {
template <std::size_t>
struct any_member {
    template <class T>
    operator T&() const&&;  // never defined: only asked whether a member could be initialised from it
    template <class T>
    operator T&&() const&&;
};
template <class T, std::size_t... I>
constexpr bool initializable(std::index_sequence<I...>) {
    return requires { T{any_member<I>{}...}; };
}
}  // namespace detail

template <class T, std::size_t N = 0>
constexpr std::size_t member_count() {
    if constexpr (detail::initializable<T>(std::make_index_sequence<N + 1>{})) return member_count<T, N + 1>();
    else return N;
}

/// One member of Record: its name and where it is.
template <class Record, class Member>
struct Field {
    std::string_view name;
    Member Record::*member;
};
// Spelled out because clang before 17 does not deduce an aggregate's template arguments (P1816).
template <class Record, class Member>
Field(std::string_view, Member Record::*) -> Field<Record, Member>;

/// The list of Record's fields, in its declaration order: `list`, a tuple of Field.
template <class Record>
struct Of;

template <class T>
concept Listed = requires { Of<std::remove_const_t<T>>::list; };

/// Calls visit(name, member) for every field of `record`, in order (the members are const when
/// `record` is).
template <class Record, class Visit>
    requires Listed<Record>
constexpr void for_each(Record& record, Visit&& visit) {
    std::apply([&](const auto&... field) { (visit(field.name, record.*(field.member)), ...); }, Of<std::remove_const_t<Record>>::list);
}

#define FOLLOWUP_FIELD_LIST(Record, ...)                                                                          \
    template <>                                                                                                   \
    struct Of<Record> {                                                                                           \
        static constexpr std::tuple list{__VA_ARGS__};                                                            \
    };                                                                                                            \
    static_assert(std::tuple_size_v<decltype(Of<Record>::list)> == member_count<Record>(),                        \
                  "every member of " #Record " must be in its field list (core/records/sdk_fields.hpp)")

// ---- the records the register stores (names: the register's columns, record_kinds.cpp) ----

/// A span of days: stored as two columns, `<name>_from` and `<name>_to` (planned_from, period_to).
FOLLOWUP_FIELD_LIST(sdk::Period, Field{"from", &sdk::Period::first}, Field{"to", &sdk::Period::last});
/// Stored inside a finding: its columns are `scale` and `grade`.
FOLLOWUP_FIELD_LIST(sdk::Grade, Field{"scale", &sdk::Grade::scale_id}, Field{"grade", &sdk::Grade::level_id});
/// The providers kind also has `continuity_plan`, which the SDK's Provider does not carry.
FOLLOWUP_FIELD_LIST(sdk::Provider, Field{"org_number", &sdk::Provider::org_number}, Field{"name", &sdk::Provider::name},
                    Field{"ownership", &sdk::Provider::ownership});
FOLLOWUP_FIELD_LIST(sdk::Unit, Field{"id", &sdk::Unit::id}, Field{"provider", &sdk::Unit::provider}, Field{"name", &sdk::Unit::name},
                    Field{"address", &sdk::Unit::address}, Field{"area", &sdk::Unit::area_id},
                    Field{"registered_persons", &sdk::Unit::registered_persons});
FOLLOWUP_FIELD_LIST(sdk::Authorization, Field{"provider", &sdk::Authorization::provider}, Field{"area", &sdk::Authorization::area_id},
                    Field{"status", &sdk::Authorization::status}, Field{"granted", &sdk::Authorization::granted},
                    Field{"ended", &sdk::Authorization::ended});
FOLLOWUP_FIELD_LIST(sdk::FollowUpActivity, Field{"id", &sdk::FollowUpActivity::id}, Field{"form", &sdk::FollowUpActivity::form_id},
                    Field{"area", &sdk::FollowUpActivity::area_id}, Field{"provider", &sdk::FollowUpActivity::provider},
                    Field{"unit", &sdk::FollowUpActivity::unit_id}, Field{"planned", &sdk::FollowUpActivity::planned},
                    Field{"done", &sdk::FollowUpActivity::done}, Field{"status", &sdk::FollowUpActivity::status},
                    Field{"inspector", &sdk::FollowUpActivity::inspector}, Field{"trigger", &sdk::FollowUpActivity::trigger});
/// The grade's two columns sit in the finding's row itself (an empty name: no prefix).
FOLLOWUP_FIELD_LIST(sdk::Finding, Field{"follow_up", &sdk::Finding::activity_id}, Field{"condition", &sdk::Finding::condition_id},
                    Field{"", &sdk::Finding::grade}, Field{"text", &sdk::Finding::text}, Field{"basis", &sdk::Finding::basis});
/// The decisions kind's row also names its follow-up, which the SDK's Decision does not carry;
/// so do evidence, steps and closures.
FOLLOWUP_FIELD_LIST(sdk::Decision, Field{"kind", &sdk::Decision::kind},
                    Field{"serious_maladministration", &sdk::Decision::serious_maladministration},
                    Field{"deadline", &sdk::Decision::deadline}, Field{"reason", &sdk::Decision::reason},
                    Field{"decided", &sdk::Decision::decided}, Field{"reference", &sdk::Decision::reference},
                    Field{"legal_ground", &sdk::Decision::legal_ground});
FOLLOWUP_FIELD_LIST(sdk::Evidence, Field{"condition", &sdk::Evidence::condition_id}, Field{"subject", &sdk::Evidence::subject},
                    Field{"document", &sdk::Evidence::document}, Field{"dated", &sdk::Evidence::dated});
FOLLOWUP_FIELD_LIST(sdk::ProcessStep, Field{"step", &sdk::ProcessStep::step}, Field{"done", &sdk::ProcessStep::done});
FOLLOWUP_FIELD_LIST(sdk::Closure, Field{"closed", &sdk::Closure::closed}, Field{"basis", &sdk::Closure::basis},
                    Field{"reason", &sdk::Closure::reason});
FOLLOWUP_FIELD_LIST(sdk::Signal, Field{"id", &sdk::Signal::id}, Field{"provider", &sdk::Signal::provider},
                    Field{"area", &sdk::Signal::area_id}, Field{"kind", &sdk::Signal::kind}, Field{"received", &sdk::Signal::received},
                    Field{"summary", &sdk::Signal::summary}, Field{"unit", &sdk::Signal::unit_id},
                    Field{"substantiated", &sdk::Signal::substantiated}, Field{"outcome", &sdk::Signal::outcome});
FOLLOWUP_FIELD_LIST(sdk::IndicatorValue, Field{"key_figure", &sdk::IndicatorValue::key_figure},
                    Field{"provider", &sdk::IndicatorValue::provider}, Field{"unit", &sdk::IndicatorValue::unit_id},
                    Field{"period", &sdk::IndicatorValue::period}, Field{"value", &sdk::IndicatorValue::value},
                    Field{"answers", &sdk::IndicatorValue::answers});

// ---- the records only a model's answers carry (names: the members') ----

FOLLOWUP_FIELD_LIST(sdk::Board, Field{"id", &sdk::Board::id}, Field{"name", &sdk::Board::name});
FOLLOWUP_FIELD_LIST(sdk::FollowUpForm, Field{"id", &sdk::FollowUpForm::id}, Field{"name", &sdk::FollowUpForm::name},
                    Field{"may_sanction", &sdk::FollowUpForm::may_sanction}, Field{"description", &sdk::FollowUpForm::description},
                    Field{"visit", &sdk::FollowUpForm::visit}, Field{"unannounced", &sdk::FollowUpForm::unannounced});
FOLLOWUP_FIELD_LIST(sdk::GradeLevel, Field{"id", &sdk::GradeLevel::id}, Field{"label_sv", &sdk::GradeLevel::label_sv},
                    Field{"label_en", &sdk::GradeLevel::label_en}, Field{"deficiency", &sdk::GradeLevel::deficiency},
                    Field{"severity", &sdk::GradeLevel::severity});
FOLLOWUP_FIELD_LIST(sdk::ConfigIssue, Field{"key_path", &sdk::ConfigIssue::key_path}, Field{"message", &sdk::ConfigIssue::message},
                    Field{"line", &sdk::ConfigIssue::line}, Field{"column", &sdk::ConfigIssue::column});
FOLLOWUP_FIELD_LIST(sdk::PlannedFollowUp, Field{"area_id", &sdk::PlannedFollowUp::area_id},
                    Field{"provider", &sdk::PlannedFollowUp::provider}, Field{"unit_id", &sdk::PlannedFollowUp::unit_id},
                    Field{"form_id", &sdk::PlannedFollowUp::form_id}, Field{"window", &sdk::PlannedFollowUp::window},
                    Field{"reason", &sdk::PlannedFollowUp::reason}, Field{"trigger", &sdk::PlannedFollowUp::trigger});
/// Stored by store/assessment_rows.cpp in a shape of its own (the deficiencies are counted, not
/// copied); the wire carries all of it.
FOLLOWUP_FIELD_LIST(sdk::Assessment, Field{"deficiencies", &sdk::Assessment::deficiencies}, Field{"proposed", &sdk::Assessment::proposed},
                    Field{"next_due", &sdk::Assessment::next_due}, Field{"explanation", &sdk::Assessment::explanation},
                    Field{"missing_steps", &sdk::Assessment::missing_steps}, Field{"recheck", &sdk::Assessment::recheck},
                    Field{"risk_category", &sdk::Assessment::risk_category}, Field{"risk_reason", &sdk::Assessment::risk_reason});
FOLLOWUP_FIELD_LIST(sdk::Table, Field{"caption", &sdk::Table::caption}, Field{"columns", &sdk::Table::columns},
                    Field{"rows", &sdk::Table::rows});
FOLLOWUP_FIELD_LIST(sdk::RiskSignal, Field{"provider", &sdk::RiskSignal::provider}, Field{"area_id", &sdk::RiskSignal::area_id},
                    Field{"kind", &sdk::RiskSignal::kind}, Field{"explanation", &sdk::RiskSignal::explanation});
FOLLOWUP_FIELD_LIST(sdk::BoardSection, Field{"title", &sdk::BoardSection::title}, Field{"paragraphs", &sdk::BoardSection::paragraphs},
                    Field{"tables", &sdk::BoardSection::tables}, Field{"risk_signals", &sdk::BoardSection::risk_signals});
FOLLOWUP_FIELD_LIST(sdk::RequirementClaim, Field{"requirement", &sdk::RequirementClaim::requirement},
                    Field{"how", &sdk::RequirementClaim::how}, Field{"evidence", &sdk::RequirementClaim::evidence});
/// `scales` holds GradingScale, a class that checks itself when made, not a record: the wire
/// writes it through its accessors and makes it again on the other side.
FOLLOWUP_FIELD_LIST(sdk::ModelDescription, Field{"boards", &sdk::ModelDescription::boards},
                    Field{"area_ids", &sdk::ModelDescription::area_ids}, Field{"forms", &sdk::ModelDescription::forms},
                    Field{"scale_id", &sdk::ModelDescription::scale_id}, Field{"summary", &sdk::ModelDescription::summary},
                    Field{"scales", &sdk::ModelDescription::scales});


// ---- what the host hands a model (names: the members'), which a long-lived child is sent ----

FOLLOWUP_FIELD_LIST(sdk::PlanRequest, Field{"year", &sdk::PlanRequest::year}, Field{"board_id", &sdk::PlanRequest::board_id});
FOLLOWUP_FIELD_LIST(sdk::SectionRequest, Field{"year", &sdk::SectionRequest::year}, Field{"language", &sdk::SectionRequest::language},
                    Field{"board_id", &sdk::SectionRequest::board_id});
FOLLOWUP_FIELD_LIST(sdk::FollowUpRecord, Field{"activity", &sdk::FollowUpRecord::activity},
                    Field{"provider", &sdk::FollowUpRecord::provider}, Field{"findings", &sdk::FollowUpRecord::findings},
                    Field{"evidence", &sdk::FollowUpRecord::evidence}, Field{"steps", &sdk::FollowUpRecord::steps});
// The register's answers a long-lived child asks the host for (host/remote_register.cpp).
FOLLOWUP_FIELD_LIST(sdk::GradeCount, Field{"grade", &sdk::GradeCount::grade}, Field{"count", &sdk::GradeCount::count});
FOLLOWUP_FIELD_LIST(sdk::FollowUpOutcome, Field{"activity", &sdk::FollowUpOutcome::activity},
                    Field{"grades", &sdk::FollowUpOutcome::grades}, Field{"decisions", &sdk::FollowUpOutcome::decisions},
                    Field{"next_due", &sdk::FollowUpOutcome::next_due}, Field{"recheck", &sdk::FollowUpOutcome::recheck},
                    Field{"risk_category", &sdk::FollowUpOutcome::risk_category},
                    Field{"risk_reason", &sdk::FollowUpOutcome::risk_reason}, Field{"closure", &sdk::FollowUpOutcome::closure});
FOLLOWUP_FIELD_LIST(sdk::ProviderRecord, Field{"provider", &sdk::ProviderRecord::provider},
                    Field{"authorizations", &sdk::ProviderRecord::authorizations},
                    Field{"follow_ups", &sdk::ProviderRecord::follow_ups}, Field{"signals", &sdk::ProviderRecord::signals},
                    Field{"units", &sdk::ProviderRecord::units});

#undef FOLLOWUP_FIELD_LIST

}  // namespace followup::core::fields

namespace followup::core::fields {

/// The SDK's choices as the register writes them (sdk::to_string): `out` is set to the choice
/// whose text is `text`, and false is returned when none is.
bool choice_from_text(std::string_view text, sdk::Ownership& out);
bool choice_from_text(std::string_view text, sdk::AuthorizationStatus& out);
bool choice_from_text(std::string_view text, sdk::ActivityStatus& out);
bool choice_from_text(std::string_view text, sdk::Trigger& out);
bool choice_from_text(std::string_view text, sdk::DecisionKind& out);
bool choice_from_text(std::string_view text, sdk::SignalKind& out);

}  // namespace followup::core::fields
