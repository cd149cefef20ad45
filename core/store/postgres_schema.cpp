// The register's schema on PostgreSQL: SQLite's migrations (sqlite_schema.cpp), one for one and
// numbered alike, translated into PostgreSQL's dialect here rather than written twice, so that a
// column added by a new migration reaches both databases at once.
//
// The translation, and why:
//  - TEXT is `TEXT COLLATE "C"`: SQLite compares and orders text by its bytes, and the register's
//    answers (RegisterView's documented orders, the compilation's JSON) must come out in the same
//    order whatever locale the server's cluster was made with;
//  - INTEGER is BIGINT (SQLite's integers are 64 bits; PostgreSQL's INTEGER is 32), and REAL is
//    DOUBLE PRECISION (PostgreSQL's REAL is 32 bits);
//  - WITHOUT ROWID, SQLite's storage hint, has no counterpart.
#include <string>
#include <vector>

#include "store/postgres_internal.hpp"

namespace followup::core {
namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

std::string to_postgres(std::string sql) {
    replace_all(sql, " WITHOUT ROWID", "");
    replace_all(sql, " TEXT", " TEXT COLLATE \"C\"");
    replace_all(sql, " INTEGER", " BIGINT");
    replace_all(sql, " REAL", " DOUBLE PRECISION");
    return sql;
}

}  // namespace

const std::vector<std::string>& postgres_migrations() {
    static const std::vector<std::string> migrations = [] {
        std::vector<std::string> out;
        for (const std::string& m : register_migrations()) out.push_back(to_postgres(m));
        return out;
    }();
    return migrations;
}

const std::string& postgres_bookkeeping() {
    // register_schema: the one row saying which migrations ran (SQLite's PRAGMA user_version).
    // audit_heads: the sealed heads (SQLite's side file), written in the transaction of the write
    // they seal. Only the register's owner may change or remove a row of it or of the trail
    // (docs/data.md, roles): the other roles may only add.
    static const std::string sql = R"SQL(
CREATE TABLE IF NOT EXISTS register_schema (
    version BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_heads (
    line BIGSERIAL PRIMARY KEY,
    why TEXT COLLATE "C" NOT NULL,
    entries BIGINT NOT NULL,
    hash TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    mac TEXT COLLATE "C" NOT NULL
);
)SQL";
    return sql;
}

}  // namespace followup::core
