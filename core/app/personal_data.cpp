// `followup erase` (personal_data.hpp).
#include "app/personal_data.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "app/session.hpp"
#include "schedule/cases.hpp"
#include "store/register_location.hpp"

namespace followup::core {

namespace {

std::string rows_said(const ErasedValue& erased) {
    std::string out;
    std::int64_t total = 0;
    for (const auto& [kind, count] : erased.rows) {
        out += fmt::format("{}{} {}", out.empty() ? "" : ", ", kind, count);
        total += count;
    }
    return fmt::format("{} row{} ({})", total, total == 1 ? "" : "s", out);
}

/// The latest day the register has anything of the provider on: its authorizations' grants and
/// ends, its follow-ups' windows and days done, their decisions and closings, its signals, its
/// key figures' periods, the support measures offered to it and its staff's changed-needs reports. Empty when it has nothing dated.
std::string last_day_of(const Register& store, const std::string& provider) {
    std::string last;
    auto later = [&](const RecordKind& kind, const Row& row, std::initializer_list<std::string_view> columns) {
        for (std::string_view column : columns) last = std::max(last, value_of(kind, row, column));
    };
    const RecordKind& authorizations = *find_record_kind("authorizations");
    for (const Row& row : store.rows_where(authorizations, "provider", provider)) later(authorizations, row, {"granted", "ended"});
    const RecordKind& signals = *find_record_kind("signals");
    for (const Row& row : store.rows_where(signals, "provider", provider)) later(signals, row, {"received"});
    const RecordKind& indicators = *find_record_kind("indicators");
    for (const Row& row : store.rows_where(indicators, "provider", provider)) later(indicators, row, {"period_to"});
    const RecordKind& measures = *find_record_kind("support_measures");
    for (const Row& row : store.rows_where(measures, "provider", provider)) later(measures, row, {"offered"});
    const RecordKind& needs = *find_record_kind("needs_reports");
    for (const Row& row : store.rows_where(needs, "provider", provider)) later(needs, row, {"received", "reassessed"});
    const RecordKind& follow_ups = *find_record_kind("follow_ups");
    const RecordKind& decisions = *find_record_kind("decisions");
    const RecordKind& closures = *find_record_kind("closures");
    for (const Row& row : store.rows_where(follow_ups, "provider", provider)) {
        later(follow_ups, row, {"planned_to", "done"});
        const std::string& id = value_of(follow_ups, row, "id");
        for (const Row& d : store.rows_where(decisions, "follow_up", id)) later(decisions, d, {"decided"});
        for (const Row& c : store.rows_where(closures, "follow_up", id)) later(closures, c, {"closed"});
    }
    return last;
}

/// Why the provider's number is kept although its retention has run out; nothing when it is not.
/// A careful officer keeps what the follow-up duty still needs: a provider still authorized
/// (active or suspended, not ended by `at`) is followed up, and a deficiency case not closed
/// (open, to be verified, or remedied and awaiting its recorded closing) is still being handled.
std::optional<std::string> still_needed(const Register& store, const std::vector<DeficiencyCase>& cases, const std::string& provider,
                                        const std::string& at) {
    const RecordKind& authorizations = *find_record_kind("authorizations");
    for (const Row& row : store.rows_where(authorizations, "provider", provider)) {
        const std::string& status = value_of(authorizations, row, "status");
        const std::string& ended = value_of(authorizations, row, "ended");
        if (status != "revoked" && (ended.empty() || ended >= at))
            return fmt::format("its authorization in {} granted {} is {}{}", value_of(authorizations, row, "area"),
                               value_of(authorizations, row, "granted"), status, ended.empty() ? "" : " until " + ended);
    }
    for (const DeficiencyCase& c : cases)
        if (c.provider == provider && c.state != DeficiencyCase::State::closed)
            return fmt::format("its deficiency case of unit '{}' in {}, opened {}, is not closed", c.unit_id, c.area_id,
                               sdk::format_date(c.opened));
    return std::nullopt;
}

}  // namespace

Outcome erase_personal_data(const RegisterOptions& options, const EraseRequest& request) {
    Outcome outcome;
    if (request.personal_number.has_value() == request.expired) {
        outcome.problems.push_back("erase: give either --personal-number NUMBER or --expired");
        return outcome;
    }
    std::optional<std::string> number;
    if (request.personal_number) {
        number = canonical_org_number(*request.personal_number);
        if (!number) {
            outcome.problems.push_back(fmt::format("--personal-number: found '{}'; expected a personal identity number, ten or twelve "
                                                   "digits with or without the hyphen (YYMMDD-NNNN), with a valid check digit",
                                                   escaped_for_terminal(*request.personal_number)));
            return outcome;
        }
        if (!is_personal_identity_number(*number)) {
            outcome.problems.push_back(fmt::format("--personal-number: {} is a legal person's organisation number (its digits 3-4 are 20 "
                                                   "or more), not a person's: it is no personal data, and is not erased",
                                                   *number));
            return outcome;
        }
    }
    auto session = open_session(options, request.expired ? Plugins::tolerant : Plugins::none, outcome);
    if (!session) return outcome;
    Register& store = *session->store;
    const std::string where = location_for_people(register_location(options, &session->config));

    std::vector<std::string> to_erase;
    std::string why = "request";
    if (number) {
        to_erase.push_back(*number);
    } else {
        why = "retention";
        const auto years = session->config.retention_personal_identity_number_years;
        if (!years) {
            outcome.problems.push_back(fmt::format("erase --expired: '{}' sets no retention: [register.retention] "
                                                   "personal_identity_number_years is not given, so every personal identity number is "
                                                   "kept until erased on request; nothing was erased",
                                                   options.config.string()));
            return outcome;
        }
        const sdk::Date at = request.at.value_or(today());
        const std::string day = sdk::format_date(at);
        const std::string cutoff = sdk::format_date(sdk::Date{at.year() - std::chrono::years{*years}, at.month(),
                                                              at.month() == std::chrono::February && at.day() == std::chrono::day{29}
                                                                  ? std::chrono::day{28}
                                                                  : at.day()});
        const std::vector<DeficiencyCase> cases = deficiency_cases(session->config, store);
        for (const PersonalValue& v : store.personal_values()) {
            if (v.kind != personal_identity_number_kind) continue;
            std::string last = last_day_of(store, v.value);
            if (last.empty()) last = v.since.substr(0, 10);
            if (!(last < cutoff)) continue;  // within its retention
            if (auto needed = still_needed(store, cases, v.value, day)) {
                outcome.warnings.push_back(fmt::format("{} is kept although its last day in the register, {}, is more than {} years "
                                                       "before {}: {}",
                                                       v.value, last, *years, day, *needed));
                continue;
            }
            if (v.in_the_clear()) {
                outcome.warnings.push_back(fmt::format("{} is past its retention (last day {}) but is not erased: the audit trail "
                                                       "holds it in the clear (written before followup kept personal identity numbers out of its trail); `followup erase "
                                                       "--personal-number` says which entries",
                                                       v.value, last));
                continue;
            }
            to_erase.push_back(v.value);
        }
        if (to_erase.empty()) {
            outcome.done.push_back(fmt::format("erase --expired: nothing to erase in '{}' on {}: no personal identity number is "
                                               "past its retention of {} years and no longer needed",
                                               where, day, *years));
            return outcome;
        }
    }

    // One transaction: every number erased, or none.
    std::vector<ErasedValue> erased;
    try {
        auto writer = store.begin(options.actor);
        for (const std::string& value : to_erase) erased.push_back(writer->erase_personal_value(value, why));
        writer->commit();
    } catch (const StoreError& e) {
        outcome.problems.push_back(e.what());
        return outcome;
    }
    for (const ErasedValue& e : erased)
        outcome.done.push_back(fmt::format("erased the personal identity number {} ({}): {} now hold its token {} in its place, "
                                           "which is all the audit trail ever held of it; the audit entry 'erase personal_data {}' "
                                           "records the erase",
                                           e.erased.value, why == "request" ? "on request" : "past its retention", rows_said(e),
                                           e.erased.token, e.erased.token));
    for (std::string& warning : store.forget_erased()) outcome.warnings.push_back(std::move(warning));
    outcome.done.push_back(fmt::format("'{}' holds no trace of {}; backups made before this hold {} until they are culled",
                                       where, erased.size() == 1 ? "it" : "them", erased.size() == 1 ? "it" : "them"));
    return outcome;
}

}  // namespace followup::core
