// The officers' local accounts (officer_accounts.hpp): configuration → register, as every piece of
// work of this floor.
#include "app/officer_accounts.hpp"

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

#include "app/session.hpp"
#include "store/officer_credentials.hpp"
#include "store/register_location.hpp"
#include "util/password_hash.hpp"
#include "util/utf8.hpp"

namespace followup::core {

namespace {

const Officer* configured_officer(const MunicipalityConfig& config, const std::string& id) {
    const auto it = std::find_if(config.officers.begin(), config.officers.end(), [&](const Officer& o) { return o.id == id; });
    return it == config.officers.end() ? nullptr : &*it;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string not_an_officer(const MunicipalityConfig& config, const std::string& id) {
    std::string known;
    for (const Officer& o : config.officers) known += (known.empty() ? "" : ", ") + o.id;
    return fmt::format("'{}' is not an officer in '{}' ({}): add an [[officers]] table with id = \"{}\", name and boards "
                       "(docs/configuration.md), then set their password",
                       id, config.file.string(), known.empty() ? "it names no officers" : "its [[officers]] are " + known, id);
}

/// `at` (UTC) in the machine's local time, as an officer in the municipality reads a clock.
std::string local_time(std::chrono::system_clock::time_point at, const char* format) {
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm local{};
    ::localtime_r(&t, &local);
    char text[32];
    return std::string(text, std::strftime(text, sizeof text, format, &local));
}

}  // namespace

Outcome set_officer_password(const RegisterOptions& options, const PasswordRequest& request) {
    Outcome result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    const MunicipalityConfig& config = session->config;
    const Officer* officer = configured_officer(config, request.officer);
    if (officer == nullptr) {
        result.problems.push_back(not_an_officer(config, request.officer));
    } else {
        // The issue's `officer add ID --name … --board …`: the configuration keeps both, so what
        // is said again on the command line must be what it says.
        if (request.name && *request.name != officer->name)
            result.problems.push_back(fmt::format("--name '{}': '{}' names officer '{}' '{}'; an officer's name is kept in the "
                                                  "configuration's [[officers]] only: change it there",
                                                  *request.name, config.file.string(), officer->id, officer->name));
        if (!request.boards.empty()) {
            std::vector<std::string> given = request.boards, configured = officer->boards;
            std::sort(given.begin(), given.end());
            std::sort(configured.begin(), configured.end());
            if (given != configured)
                result.problems.push_back(fmt::format("--board {}: '{}' gives officer '{}' the boards {}; an officer's boards are "
                                                      "kept in the configuration's [[officers]] only: change them there",
                                                      joined(request.boards), config.file.string(), officer->id, joined(officer->boards)));
        }
    }
    const std::size_t length = utf8_length(request.password);
    if (length < minimum_password_length)
        result.problems.push_back(fmt::format("the password read from standard input has {} character{}; it must have at least {} "
                                              "(a passphrase of a few words is easiest to remember)",
                                              length, length == 1 ? "" : "s", minimum_password_length));
    if (!result.ok()) {
        result.summary = fmt::format("no password was set for '{}'", request.officer);
        return result;
    }
    Register& store = *session->store;
    const std::string where = location_for_people(register_location(options, &config));
    try {
        if (request.first && store.credential(officer->id)) {
            result.problems.push_back(fmt::format("officer '{}' has a password already in '{}': use `followup officer password {}` "
                                                  "to change it",
                                                  officer->id, where, officer->id));
            return result;
        }
        // Hashed before the transaction: the register's write lock is not held for the hash's
        // fraction of a second.
        std::string hash;
        try {
            hash = hash_password(request.password);
        } catch (const std::runtime_error& e) {  // no random salt, or no memory for Argon2id
            result.problems.push_back(e.what());
            return result;
        }
        auto writer = store.begin(options.actor);
        writer->set_credential(officer->id, hash);
        writer->commit();
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
        return result;
    }
    result.done.push_back(fmt::format("{} the password of officer '{}' ({}; boards {}) in '{}': stored as an Argon2id hash; "
                                      "their failed sign-ins start anew; the audit trail records who set it and when, never the "
                                      "password or its hash",
                                      request.first ? "added" : "set", officer->id, officer->name, joined(officer->boards), where));
    return result;
}

OfficerList list_officers(const RegisterOptions& options, std::chrono::system_clock::time_point now) {
    OfficerList result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    const MunicipalityConfig& config = session->config;
    if (config.officers.empty()) {
        result.problems.push_back(fmt::format("'{}' names no officers: add an [[officers]] table for each (id, name, boards = "
                                              "[...]; docs/configuration.md)",
                                              config.file.string()));
        return result;
    }
    std::vector<OfficerCredential> accounts;
    try {
        accounts = session->store->credentials();
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
        return result;
    }
    for (const Officer& officer : config.officers) {
        OfficerAccount shown{officer.id, officer.name, officer.boards, false, "", 0, std::nullopt};
        const auto account = std::find_if(accounts.begin(), accounts.end(), [&](const auto& a) { return a.officer == officer.id; });
        if (account != accounts.end()) {
            shown.password_set = true;
            shown.password_changed = account->changed;
            shown.failed_sign_ins = account->failed_sign_ins;
            if (paused_at(*account, now)) {
                const auto until = parse_utc_text(account->paused_until);
                shown.paused_until = until ? local_time(*until, "%Y-%m-%d %H:%M")
                                           : fmt::format("(unreadable: '{}'; set a new password to end it)", account->paused_until);
            }
        }
        result.officers.push_back(std::move(shown));
    }
    std::stable_sort(result.officers.begin(), result.officers.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const OfficerCredential& account : accounts)
        if (configured_officer(config, account.officer) == nullptr)
            result.warnings.push_back(fmt::format("the register holds a password for '{}', who is not among the [[officers]] of '{}': "
                                                  "they cannot sign in",
                                                  account.officer, config.file.string()));
    return result;
}

SignInResult sign_in(const RegisterOptions& options, const std::string& officer_id, const std::string& password,
                     std::chrono::system_clock::time_point now) {
    SignInResult result;
    static const std::string wrong = "wrong officer id or password";
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    Register& store = *session->store;
    const Officer* officer = configured_officer(session->config, officer_id);
    try {
        const std::optional<OfficerCredential> account = officer ? store.credential(officer->id) : std::nullopt;
        if (account && paused_at(*account, now)) {
            const auto until = parse_utc_text(account->paused_until);
            result.refusal = "paused until " + (until ? local_time(*until, "%H:%M") : account->paused_until);
            return result;
        }
        // Checked against a hash in any case: an id without an account takes as long to refuse.
        bool matches = false;
        try {
            matches = password_matches(password, account ? account->hash : hash_of_no_password()) && account.has_value();
        } catch (const std::runtime_error& e) {  // a stored hash libargon2 cannot read
            result.problems.push_back(fmt::format("officer '{}': {}; set a new password with `followup officer password {}`",
                                                  officer_id, e.what(), officer_id));
            return result;
        }
        if (!account) {
            result.refusal = wrong;
            return result;
        }
        auto writer = store.begin(options.actor);
        const std::optional<OfficerCredential> after = writer->record_sign_in(officer->id, matches, now);
        writer->commit();
        if (!matches) {
            result.refusal = wrong;
            if (after && paused_at(*after, now))
                if (const auto until = parse_utc_text(after->paused_until))
                    result.refusal += fmt::format(": paused until {} after {} failed sign-ins in a row", local_time(*until, "%H:%M"),
                                                  SignInPause::after_failures);
            return result;
        }
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
        return result;
    }
    result.signed_in = true;
    result.officer = officer->id;
    result.name = officer->name;
    result.boards = officer->boards;
    return result;
}

}  // namespace followup::core
