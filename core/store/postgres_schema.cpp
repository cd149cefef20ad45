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
    // read_log: who read personal data, when, with which command, and how many records of which
    // kind (docs/data.md, "Who reads it"). Added to through followup_log_read() only, which runs
    // with the owner's rights and takes the reader's name from the server (session_user): no
    // other role may insert, change or read it (postgres-roles.sql).
    // postgres_functions(), followup_audit_head(): the trail's last entry, which every writer chains
    // onto. An officer's role reads only the entries they wrote (row-level security, docs/sql/postgres-roles.sql):
    // the others hold other boards' rows in their images. The function runs with its owner's
    // rights (SECURITY DEFINER) and tells the number and hash, nothing else.
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
CREATE TABLE IF NOT EXISTS read_log (
    line BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    signed_in TEXT COLLATE "C" NOT NULL,
    on_behalf_of TEXT COLLATE "C" NOT NULL,
    command TEXT COLLATE "C" NOT NULL,
    what TEXT COLLATE "C" NOT NULL
);
)SQL";
    return sql;
}

const std::string& postgres_functions() {
    // Made after the migrations (a function's body is checked against the tables as they are).
    static const std::string sql = R"SQL(
CREATE OR REPLACE FUNCTION followup_audit_head(OUT seq BIGINT, OUT hash TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1
$$;
CREATE OR REPLACE FUNCTION followup_log_read(command TEXT, on_behalf_of TEXT, what TEXT) RETURNS VOID
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    INSERT INTO read_log (signed_in, on_behalf_of, command, what) VALUES (session_user, $2, $1, $3)
$$;
)SQL";
    return sql;
}

}  // namespace followup::core
