// Who may read and write what in a shared PostgreSQL register: the tables the roles' row-level
// security reads (docs/sql/postgres-roles.sql), kept as the configuration's [[officers]] and
// boards say by `followup officers sync`.
#include <set>

#include "store/postgres_internal.hpp"

namespace followup::core::postgres_detail {

std::vector<std::string> PostgresRegister::grant_officers(const std::vector<std::pair<std::string, std::string>>& board_areas,
                                                         const std::vector<std::pair<std::string, std::string>>& officer_boards) {
    if (current_ != nullptr) throw StoreError(fmt::format("'{}': a transaction is already open on this connection", url_));
    std::vector<std::string> said;
    pqxx::work t(connection());
    const auto has = [&](const char* table) {
        return t.exec_params1("SELECT to_regclass($1) IS NOT NULL", std::string(table))[0].as<bool>();
    };
    if (!has("board_areas") || !has("officer_boards"))
        throw StoreError(fmt::format("'{}' has no officers' tables yet: its owner runs docs/sql/postgres-roles.sql first (psql "
                                     "-v ON_ERROR_STOP=1 -f docs/sql/postgres-roles.sql), then this again",
                                     url_));
    const auto replace = [&](const char* table, const char* first, const char* second,
                             const std::vector<std::pair<std::string, std::string>>& wanted) {
        std::set<std::pair<std::string, std::string>> there, want(wanted.begin(), wanted.end());
        for (const auto& r : t.exec(fmt::format("SELECT {}, {} FROM {}", first, second, table))) there.emplace(r[0].c_str(), r[1].c_str());
        for (const auto& [a, b] : there)
            if (!want.count({a, b})) {
                t.exec_params(fmt::format("DELETE FROM {} WHERE {} = $1 AND {} = $2", table, first, second), a, b);
                said.push_back(fmt::format("{}: removed {} '{}', {} '{}'", table, first, a, second, b));
            }
        for (const auto& [a, b] : want)
            if (!there.count({a, b})) {
                t.exec_params(fmt::format("INSERT INTO {} ({}, {}) VALUES ($1, $2)", table, first, second), a, b);
                said.push_back(fmt::format("{}: added {} '{}', {} '{}'", table, first, a, second, b));
            }
    };
    try {
        replace("board_areas", "board", "area", board_areas);
        replace("officer_boards", "officer", "board", officer_boards);
    } catch (const pqxx::insufficient_privilege& e) {
        throw StoreError(fmt::format("'{}': the role '{}' may not change who is whose officer; the register's owner does it "
                                     "({})",
                                     url_, connection().username(), e.what()));
    }
    // A login role is made by whoever administers the server's accounts (and single sign-on):
    // followup says which officers have none yet, or are not in followup_officer.
    std::set<std::string> officers;
    for (const auto& [officer, board] : officer_boards) officers.insert(officer);
    for (const std::string& officer : officers) {
        const pqxx::result role = t.exec_params(
            "SELECT rolcanlogin, pg_has_role(oid, 'followup_officer', 'MEMBER') FROM pg_roles WHERE rolname = $1", officer);
        if (role.empty())
            said.push_back(fmt::format("officer '{}' has no role on the server yet: CREATE ROLE \"{}\" LOGIN IN ROLE followup_officer",
                                       officer, officer));
        else if (!role[0][0].as<bool>() || !role[0][1].as<bool>())
            said.push_back(fmt::format("officer '{}' cannot sign in as an officer yet: ALTER ROLE \"{}\" LOGIN; GRANT followup_officer "
                                       "TO \"{}\"",
                                       officer, officer, officer));
    }
    t.commit();
    return said;
}

}  // namespace followup::core::postgres_detail
