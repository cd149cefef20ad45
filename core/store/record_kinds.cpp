#include "store/record_kinds.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace followup::core {

std::size_t RecordKind::column_index(std::string_view column) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == column) return i;
    return columns.size();
}

std::vector<std::string> RecordKind::column_names() const {
    std::vector<std::string> names;
    for (const auto& c : columns) names.push_back(c.name);
    return names;
}

ColumnSelection select_columns(const RecordKind& kind, const std::vector<std::string>& wanted) {
    ColumnSelection s;
    for (const auto& name : wanted) {
        const std::size_t i = kind.column_index(name);
        if (i == kind.columns.size()) {
            if (s.missing.empty()) s.missing = name;
            continue;
        }
        s.columns += (s.columns.empty() ? "" : ", ") + name;
        s.types.push_back(kind.columns[i].type);
    }
    for (const auto& k : kind.key) s.order += (s.order.empty() ? "" : ", ") + k;
    return s;
}

std::vector<std::string> row_of(const RecordKind& kind, std::initializer_list<std::pair<std::string_view, std::string>> values) {
    std::vector<std::string> row(kind.columns.size());
    for (const auto& [column, value] : values) {
        const std::size_t i = kind.column_index(column);
        if (i == kind.columns.size()) throw std::logic_error(kind.name + " has no column '" + std::string(column) + "'");
        row[i] = value;
    }
    return row;
}

const std::string& value_of(const RecordKind& kind, const std::vector<std::string>& row, std::string_view column) {
    const std::size_t i = kind.column_index(column);
    if (i >= row.size()) throw std::logic_error(kind.name + " has no column '" + std::string(column) + "'");
    return row[i];
}

std::vector<std::size_t> RecordKind::key_indexes() const {
    std::vector<std::size_t> out;
    for (const auto& k : key) out.push_back(column_index(k));
    return out;
}

namespace {

using T = ColumnType;
using C = ConfigReference;

ColumnSpec col(std::string name, T type, std::string doc) { return {std::move(name), type, {}, "", C::none, std::move(doc)}; }
ColumnSpec ref(std::string name, std::string kind, std::string doc, T type = T::text) {
    return {std::move(name), type, {}, std::move(kind), C::none, std::move(doc)};
}
ColumnSpec conf(std::string name, C what, std::string doc) { return {std::move(name), T::text, {}, "", what, std::move(doc)}; }
ColumnSpec choice(std::string name, std::vector<std::string> choices, std::string doc) {
    return {std::move(name), T::choice, std::move(choices), "", C::none, std::move(doc)};
}
/// A column of register schema version 2 (SDK 3): optional in an older file's header.
ColumnSpec later(ColumnSpec spec) {
    spec.added_later = true;
    return spec;
}
const std::vector<std::string> decision_kinds{"no_action", "pointed_out", "remark", "injunction", "injunction_with_fine", "revocation"};

std::vector<RecordKind> make_kinds() {
    return {
        {"providers", "Anordnare",
         {{"org_number", T::org_number, {}, "", C::none, "organisation number, NNNNNN-NNNN, with a valid check digit"},
          col("name", T::text, "the provider's name"),
          choice("ownership", {"private", "non_profit", "municipal"}, "who owns it"),
          col("continuity_plan", T::date_or_empty, "when its crisis continuity plan was last received, empty if never")},
         {"org_number"}, "Providers (anordnare, utförare, huvudmän)."},
        {"units", "Enheter",
         {col("id", T::text, "the unit's id"), ref("provider", "providers", "the provider's organisation number", T::org_number),
          col("name", T::text, ""), col("address", T::note, "street address, postcode and town"),
          later({"area", T::note, {}, "", C::area, "the area the unit serves; empty when it is not known"}),
          later(col("registered_persons", T::integer_or_empty,
                    "pedagogical care: how many people are registered (folkbokförda) at the address; empty when not known"))},
         {"id"}, "Units where the service is given (a preschool, a home-care office)."},
        {"authorizations", "Auktorisationer",
         {ref("provider", "providers", "", T::org_number), conf("area", C::area, "a configured area"),
          col("granted", T::date, "when the authorization took effect"),
          choice("status", {"active", "suspended", "revoked"}, ""), col("ended", T::date_or_empty, "when it ended, if it has")},
         {"provider", "area", "granted"}, "Authorizations per provider and area."},
        {"follow_ups", "Uppföljningar",
         {col("id", T::text, "the follow-up's id"), ref("provider", "providers", "", T::org_number),
          {"unit", T::note, {}, "units", C::none, "a unit of the provider, or empty for the whole provider"},
          conf("area", C::area, ""), conf("form", C::form, "a form of the area's board"),
          col("planned_from", T::date, "the planned window's first day"), col("planned_to", T::date, "... and last day"),
          col("done", T::date_or_empty, "when it was done"), choice("status", {"planned", "done", "cancelled"}, ""),
          col("inspector", T::note, "the inspector's id"), choice("trigger", {"planned", "signal"}, "")},
         {"id"}, "Follow-up activities: supervision, insyn, quality reviews, dialogues, reports, visits."},
        {"findings", "Iakttagelser",
         {ref("follow_up", "follow_ups", "the follow-up's id"), col("condition", T::text, "the authorization condition (or indicator) assessed"),
          conf("scale", C::scale, "a grading scale"), conf("grade", C::level, "a level of that scale"),
          col("text", T::note, "what was found"), col("basis", T::note, "what the grade rests on: visit, document, statement")},
         {"follow_up", "condition"}, "Findings of a follow-up, one per condition."},
        {"decisions", "Beslut",
         {ref("follow_up", "follow_ups", ""),
          choice("kind", decision_kinds, ""),
          col("decided", T::date, "when the board decided"),
          col("serious_maladministration", T::boolean, "the board judged it a serious maladministration (allvarligt missförhållande)"),
          col("deadline", T::date_or_empty, "when the deficiency must be remedied"), col("reason", T::note, ""),
          later(col("reference", T::note, "the board's reference (diarienummer)")),
          later(col("legal_ground", T::note, "the rule the decision rests on"))},
         {"follow_up", "kind"}, "Decisions the board adopted on a follow-up (its model's proposal is in assessments)."},
        {"assessments", "Bedömningar",
         {ref("follow_up", "follow_ups", "the assessed follow-up"),
          conf("board", C::board, "the board whose model assessed it"),
          col("model", T::text, "the plugin and its version: education 1.2.0"),
          col("assessed", T::date, "when the model assessed it"),
          col("deficiencies", T::integer, "how many deficiencies the model found (each in assessment_deficiencies)"),
          choice("proposed", decision_kinds, "the decision the model proposes"),
          col("serious_maladministration", T::boolean, "the proposal marks a serious maladministration"),
          col("deadline", T::date_or_empty, "the proposed deadline for remedy"),
          col("legal_ground", T::note, "the rule the proposal rests on"),
          col("reason", T::note, "the proposal's reason"),
          col("recheck_from", T::date_or_empty, "the re-check window's first day, if deficiencies were found"),
          col("recheck_to", T::date_or_empty, "... and its last day"),
          col("next_due", T::date_or_empty, "the unit's next regular follow-up, at the latest"),
          col("risk_category", T::note, "the unit's risk category, if the model has them"),
          col("risk_reason", T::note, "why that category"),
          col("missing_steps", T::note, "process steps required and not done, comma-separated"),
          col("explanation", T::note, "the model's explanation")},
         {"follow_up"}, "The board's model's judgement of each recorded follow-up (followup assess)."},
        // The deficiencies themselves, not only their number: a model finds some in what no finding
        // grades (a targeted supervision's documents: "1 av 3 folkbokförda på adressen har inte
        // visat registerutdrag"), and those open a deficiency case as a deficient finding does.
        // Replaced with the assessment, in its transaction (schema 3).
        {"assessment_deficiencies", "Bedömda brister",
         {ref("follow_up", "follow_ups", "the assessed follow-up"),
          col("ordinal", T::integer, "1, 2, ...: the deficiency's place in the model's list"),
          col("condition", T::text, "the authorization condition (or indicator) found deficient"),
          conf("scale", C::scale, "a grading scale"), conf("grade", C::level, "a level of that scale"),
          col("text", T::note, "what the model found, in its words"),
          col("basis", T::note, "what it rests on: visit, document, statement")},
         {"follow_up", "ordinal"}, "The deficiencies the board's model found in each assessed follow-up, in its order."},
        {"signals", "Signaler",
         {col("id", T::text, ""), ref("provider", "providers", "", T::org_number), conf("area", C::area, ""),
          choice("kind", {"complaint", "incident", "tip"}, ""), col("received", T::date, ""),
          col("summary", T::note, "never personal data"),
          later({"unit", T::note, {}, "units", C::none, "the unit concerned, or empty"}),
          later(choice("substantiated", {"", "ja", "nej"}, "after investigation: ja, nej, or empty while not known")),
          later(col("outcome", T::note, "what came of it"))},
         {"id"}, "Signals: complaints, incident reports, tips."},
        {"indicators", "Indikatorvärden",
         {col("key_figure", T::text, "e.g. nojdhet_undervisning, beslutade_timmar, utforda_timmar"),
          ref("provider", "providers", "", T::org_number),
          {"unit", T::note, {}, "units", C::none, "a unit, or empty for the provider"},
          col("period_from", T::date, ""), col("period_to", T::date, ""), col("value", T::number, ""),
          col("answers", T::integer_or_empty, "the number of answers or cases behind the value")},
         {"key_figure", "provider", "unit", "period_from"}, "Values of key figures: surveys, statistics, decided and delivered hours."},
        {"evidence", "Underlag",
         {ref("follow_up", "follow_ups", ""), col("condition", T::text, ""),
          col("subject", T::text, "anonymous: 'person 2', 'anordnaren'"), col("document", T::text, ""),
          col("dated", T::date_or_empty, "the document's date (an insurance: valid until); empty if not shown")},
         {"follow_up", "condition", "subject"}, "Documents shown for a condition, e.g. criminal-record extracts."},
        {"steps", "Processteg",
         {ref("follow_up", "follow_ups", ""), col("step", T::text, "documented, reported_to_board, communicated_to_provider, report_received, report_reviewed"),
          col("done", T::date, "")},
         {"follow_up", "step"}, "Steps of a follow-up's process that were done."},
        {"closures", "Avslutade ärenden",
         {ref("follow_up", "follow_ups", "the re-check that found the deficiencies remedied"),
          col("closed", T::date, "when the case was closed"),
          choice("basis", {"visit", "document"}, "what the closing rests on: a re-check visit or a reviewed document (never the provider's statement alone)"),
          col("reason", T::text, "why the deficiencies are considered remedied")},
         {"follow_up"}, "Deficiency cases closed, each on a recorded basis with its reason."},
        // Seed 000: "nämnderna årligen fatta beslut om en uppföljningsplan för respektive kundval
        // samt att detta återrapporteras till kommunstyrelsen". Schema 8: one per kundval area.
        {"plans", "Uppföljningsplaner",
         {conf("board", C::board, ""), col("year", T::integer, ""), col("adopted", T::date, "when the board adopted the plan"),
          col("reported", T::date_or_empty, "when it was reported to the executive board"),
          later({"area", T::note, {}, "", C::area,
                 "the kundval area the plan is for; empty: one plan the board adopted for all its areas"})},
         {"board", "year", "area"}, "Each board's follow-up plan per kundval area and year."},
        // What was checked of the authorization conditions outside a follow-up: at authorization
        // (the application), every year, and after a signal (the condition-timing table's
        // `checked`). Schema 6: before it, a grant kept no trace of what it rested on.
        {"condition_checks", "Villkorskontroller",
         {ref("provider", "providers", "", T::org_number), conf("area", C::area, "a configured area"),
          col("condition", T::text, "the authorization condition checked (a general one or the area's own)"),
          col("checked", T::date, "when it was checked"),
          choice("occasion", {"authorization", "annually", "signal"},
                 "why: the application, the yearly check, or a signal (the condition-timing table)"),
          conf("scale", C::scale, "the board's grading scale"), conf("grade", C::level, "a level of that scale"),
          col("note", T::note, "what the check rests on (the evidence, e.g. an extract from Skatteverket)"),
          {"signal", T::note, {}, "signals", C::none, "occasion signal: the signal that called for the check"}},
         {"provider", "area", "condition", "checked"}, "Checks of the authorization conditions: at authorization, yearly, on a signal."},
        // What the seeds name beside the follow-ups themselves (issue 29, point 7; schema 7).
        // The council's programme for private providers: kommunallagen (2017:725) 10 kap. 7 §
        // has the council adopt one for each term of office (seed 001: "Program för uppföljning
        // av kommunala och privata utförare", seed 004: "Program för kontroll av kommunal
        // verksamhet som utförs av privata utförare"). Municipality-wide: no board, no area.
        {"programmes", "Program för privata utförare",
         {col("adopted", T::date, "when the council adopted the programme"),
          col("term_from", T::integer, "the first year of the term of office it is adopted for"),
          col("term_to", T::integer, "the last year of that term"),
          col("reference", T::note, "the case's diary number (diarienummer)"),
          col("title", T::note, "the programme's title as adopted")},
         {"adopted"}, "The council's programme for municipal matters performed by private providers, one per term of office."},
        // Seed 004: "Enheten ska dessutom stödja verksamheter i att komma till rätta med eventuella
        // fel, föreslå kompetenshöjande åtgärder mm."
        {"support_measures", "Stöd och kompetenshöjande åtgärder",
         {ref("provider", "providers", "the provider it was offered to", T::org_number), conf("area", C::area, "a configured area"),
          col("offered", T::date, "when it was offered"),
          choice("kind", {"support", "competence"}, "support to put an error right, or a competence-raising measure"),
          col("description", T::text, "what was offered"),
          {"follow_up", T::note, {}, "follow_ups", C::none, "the follow-up it follows from, of the same provider and area, or empty"}},
         {"provider", "area", "offered", "kind"}, "Support and competence-raising measures offered to providers."},
        // A board's own steps of its annual process, each with the day it was done: labour's
        // steps 1, 3, 6, 7 and 8 (seed 001); its steps 2, 4 and 5 are each provider's and are
        // recorded as follow-ups and their steps. Which steps a board records is its
        // configuration's ([board] recorded_steps).
        {"board_steps", "Nämndens processteg",
         {conf("board", C::board, "a configured board"), col("year", T::integer, "the year whose process the step belongs to"),
          col("step", T::integer, "the step's number in the board's process, one of its [board] recorded_steps"),
          col("done", T::date, "when it was done"),
          col("reference", T::note, "where it is recorded: the minutes' paragraph of the board's decision, a diary number")},
         {"board", "year", "step"}, "The steps of each board's annual process that the board does itself, when each was done."},
        // Seed 004: "... kan anmäla till kommunen när en person behöver mer eller mindre omsorg ...
        // Efter anmälan sker en ny biståndsbedömning som beslutar om det behövs fler eller färre
        // insatser." No person is named: the case is in the social services' own case system.
        {"needs_reports", "Anmälningar om ändrade behov",
         {col("id", T::text, "the report's id"), ref("provider", "providers", "the provider whose staff reported", T::org_number),
          conf("area", C::area, "a configured area"),
          {"unit", T::note, {}, "units", C::none, "the provider's unit that reported, or empty"},
          col("received", T::date, "when the municipality received the report"),
          choice("direction", {"more", "less"}, "the person needs more or less care"),
          col("reassessed", T::date_or_empty, "the day of the new needs assessment (biståndsbedömning), empty while awaited"),
          col("outcome", T::note, "what the new assessment decided, never personal data")},
         {"id"}, "Reports of changed needs from providers' staff, and the new needs assessment each led to."},
    };
}

}  // namespace

const std::vector<RecordKind>& record_kinds() {
    static const std::vector<RecordKind> kinds = make_kinds();
    return kinds;
}

const RecordKind* find_record_kind(std::string_view name) {
    for (const auto& k : record_kinds())
        if (k.name == name) return &k;
    return nullptr;
}

namespace {
/// The Luhn sum of digits, weights 2, 1, 2, 1, ... from the first.
int luhn_sum(std::string_view digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        const int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
    }
    return sum;
}
}  // namespace

std::string org_number_with_check_digit(std::string_view first_nine) {
    std::string digits(first_nine);
    digits += static_cast<char>('0' + (10 - luhn_sum(digits) % 10) % 10);
    return digits.substr(0, 6) + "-" + digits.substr(6);
}

std::optional<std::string> canonical_org_number(std::string_view text) {
    std::string digits;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) digits += c;
        else if (c != '-' && c != '+') return std::nullopt;
    }
    if (digits.size() == 12) digits = digits.substr(2);  // with the century
    if (digits.size() != 10) return std::nullopt;
    // Luhn over all ten digits: the sum must be divisible by ten.
    if (luhn_sum(digits) % 10 != 0) return std::nullopt;
    return digits.substr(0, 6) + "-" + digits.substr(6);
}

bool is_personal_identity_number(std::string_view canonical) {
    // Only the canonical form: a token that replaced an erased number ("pnr-…") is none.
    if (canonical.size() != 11 || canonical[6] != '-') return false;
    for (std::size_t i = 0; i < canonical.size(); ++i)
        if (i != 6 && std::isdigit(static_cast<unsigned char>(canonical[i])) == 0) return false;
    return canonical[2] == '0' || canonical[2] == '1';
}

}  // namespace followup::core
