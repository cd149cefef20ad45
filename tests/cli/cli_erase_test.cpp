// `followup erase` (issue 30, point 2): a sole trader's organisation number is its owner's
// personal identity number. Erased, it leaves no trace in the register, in a backup made
// afterwards, in any export or in the audit trail, and `audit verify` still passes; on SQLite and
// on PostgreSQL (cli_support.hpp). What the tests look at is read with the sqlite3 shell or psql,
// and the files' raw bytes, not through followup.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

// Anna Andersson, born 1 January 1980: her sole trader's business is registered under her number.
const std::string anna = "800101-1231";
// Every form the number is written in: ten or twelve digits, with or without the hyphen.
const std::vector<std::string> anna_forms{"800101-1231", "8001011231", "19800101-1231", "198001011231"};

class CliErase : public CliTest {
protected:
    void SetUp() override {
        ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); },
                                         {"providers", "units", "authorizations", "follow_ups", "findings"}));
        import_sole_trader(anna, "Anna Andersson Omsorg", "uA", "revoked", "2018-06-30");
    }

    /// A sole trader with a unit, an authorization in forskola and a follow-up of 2017 with a finding.
    void import_sole_trader(const std::string& number, const std::string& name, const std::string& unit, const std::string& status,
                            const std::string& ended) {
        write_file(dir / "p.csv", "org_number;name;ownership;continuity_plan\n" + number + ";" + name + ";private;\n");
        write_file(dir / "u.csv", "id;provider;name;address;area\n" + unit + ";" + number + ";Dagbarnvård " + unit +
                                      ";Gatan 1, 131 30 Nacka;forskola\n");
        write_file(dir / "a.csv", "provider;area;granted;status;ended\n" + number + ";forskola;2015-08-01;" + status + ";" + ended + "\n");
        write_file(dir / "f.csv", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\nf" + unit + ";" +
                                      number + ";" + unit + ";forskola;tillsyn;2017-01-01;2017-12-31;2017-03-10;done;utb_ingrid;planned\n");
        write_file(dir / "g.csv", "follow_up;condition;scale;grade;text;basis\nf" + unit + ";lokaler;tillsyn4;tillfredsstallande;;besök\n");
        for (const auto& [kind, file] : std::vector<std::pair<std::string, std::string>>{
                 {"providers", "p.csv"}, {"units", "u.csv"}, {"authorizations", "a.csv"}, {"follow_ups", "f.csv"}, {"findings", "g.csv"}}) {
            // Not assessed: a model's judgement is not what these tests are about.
            const auto r = run(followup("import --no-assess " + kind + " " + quoted(dir / file)));
            ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.output;
        }
    }

    /// The forms of Anna's number `text` holds.
    static std::vector<std::string> anna_in(const std::string& text) {
        std::vector<std::string> found;
        for (const auto& form : anna_forms)
            if (text.find(form) != std::string::npos) found.push_back(form);
        return found;
    }

    /// Every kind exported, as one text.
    std::string exports() const {
        std::string all;
        for (const char* kind : {"providers", "units", "authorizations", "follow_ups", "findings", "decisions", "assessments",
                                 "assessment_deficiencies", "signals", "indicators", "evidence", "steps", "closures", "plans"}) {
            const auto r = run(followup(std::string("export ") + kind));
            EXPECT_EQ(r.exit_code, 0) << kind << ": " << r.output;
            all += r.output;
        }
        return all;
    }

    /// The register's bytes as they are kept: the SQLite file and whatever write-ahead log or
    /// journal is beside it; for PostgreSQL, its data as the server dumps them in plain SQL.
    std::string stored_bytes() const {
        if (register_.engine() == Engine::sqlite) {
            std::string all;
            for (const char* suffix : {"", "-wal", "-shm", "-journal"})
                if (fs::exists(dir / ("r.sqlite" + std::string(suffix)))) all += read_file(dir / ("r.sqlite" + std::string(suffix)));
            return all;
        }
        return run("pg_dump --format=plain --dbname " + quoted(fs::path(register_location()))).output;
    }

    /// A backup made now, as its bytes: the SQLite file, or PostgreSQL's dump (pg_dump's custom
    /// format, compressed) turned back into SQL by pg_restore.
    std::string backup_bytes(const std::string& name) const {
        const auto r = run(followup("backup " + quoted(dir / name)));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        if (register_.engine() == Engine::sqlite) return read_file(dir / name);
        return run("pg_restore --file=- " + quoted(dir / name)).output;
    }

    /// The trail's entries holding `pattern` (SQL LIKE), counted behind followup's back.
    int entries_like(const std::string& pattern) const {
        const auto r = register_.sql("SELECT count(*) FROM audit WHERE key LIKE '" + pattern + "' OR before LIKE '" + pattern +
                                     "' OR after LIKE '" + pattern + "';");
        return std::stoi(r.output);
    }
};

TEST_F(CliErase, ASoleTradersNumberLeavesNoTraceInTheRegisterABackupMadeAfterwardsTheExportsOrTheTrail) {
    // Before: the rows, the exports and the register's bytes hold it (else the test could not fail);
    // the trail holds its token only.
    EXPECT_FALSE(anna_in(exports()).empty());
    EXPECT_FALSE(anna_in(stored_bytes()).empty());
    EXPECT_EQ(entries_like("%800101%"), 0);
    EXPECT_EQ(entries_like("%8001011231%"), 0);
    const int tokens_before = entries_like("%pnr-%");
    EXPECT_EQ(tokens_before, 4);  // the provider, its unit, authorization and follow-up

    const auto erased = run(followup("erase --personal-number 198001011231"));  // twelve digits, no hyphen
    ASSERT_EQ(erased.exit_code, 0) << erased.output;
    EXPECT_THAT(erased.output, HasSubstr("erased the personal identity number 800101-1231 (on request): 4 rows (providers 1, units 1, "
                                         "authorizations 1, follow_ups 1) now hold its token pnr-"));

    const auto verified = run(followup("audit verify"));
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
    EXPECT_THAT(anna_in(exports()), testing::IsEmpty());
    EXPECT_THAT(anna_in(stored_bytes()), testing::IsEmpty());
    EXPECT_THAT(anna_in(backup_bytes("after.backup")), testing::IsEmpty());
    const auto log = run(followup("audit log"));
    ASSERT_EQ(log.exit_code, 0) << log.output;
    EXPECT_THAT(anna_in(log.output), testing::IsEmpty());
    EXPECT_THAT(log.output, HasSubstr("erase   personal_data pnr-"));
    // Behind followup's back: the trail holds the token (one entry more: the erase), never the
    // number in any form; the erasable table is empty; the rows name the token.
    EXPECT_EQ(entries_like("%800101%"), 0);
    EXPECT_EQ(entries_like("%8001011231%"), 0);
    EXPECT_EQ(entries_like("%pnr-%"), tokens_before + 1);
    EXPECT_EQ(register_.sql("SELECT count(*) FROM personal_data;").output, "0\n");
    EXPECT_EQ(register_.sql("SELECT count(*) FROM follow_ups WHERE provider LIKE 'pnr-%';").output, "1\n");
}

TEST_F(CliErase, ANumberTheRegisterDoesNotHoldOrACompanysNumberIsAnErrorAndNothingChanges) {
    const std::string before = run(followup("audit verify")).output;
    // 760615-1236: a valid personal identity number, nobody's in this register.
    auto r = run(followup("erase --personal-number 7606151236"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("holds no personal identity number 760615-1236"));
    EXPECT_THAT(r.output, HasSubstr("nothing was changed"));
    r = run(followup("erase --personal-number 559000-0005"));  // a company's, in the register
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("559000-0005 is a legal person's organisation number"));
    r = run(followup("erase --personal-number 800101-1232"));  // a wrong check digit
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("with a valid check digit"));
    EXPECT_EQ(run(followup("audit verify")).output, before);  // the same number of entries
    EXPECT_FALSE(anna_in(run(followup("export providers")).output).empty());
}

TEST_F(CliErase, PastTheRetentionOnlyTheNumbersNoLongerNeededAreErased) {
    // Without a retention configured nothing is past it.
    auto r = run(followup("erase --expired"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("[register.retention] personal_identity_number_years is not given"));

    // Another sole trader, still authorized (since 2015, its last follow-up in 2017).
    import_sole_trader("760615-1236", "Bertil Berg Barnomsorg", "uB", "active", "");
    fs::copy(example_config().parent_path(), dir / "cfg", fs::copy_options::recursive);
    write_file(dir / "cfg" / "municipality.toml",
               read_file(dir / "cfg" / "municipality.toml") + "\n[register.retention]\npersonal_identity_number_years = 5\n");
    config = dir / "cfg" / "municipality.toml";
    // On 2023-06-30 Anna's last day (her authorization's end, 2018-06-30) is five years back, not more.
    r = run(followup("erase --expired --at 2023-06-30"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("nothing to erase"));
    EXPECT_FALSE(anna_in(run(followup("export providers")).output).empty());
    r = run(followup("erase --expired --at 2026-12-01"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("erased the personal identity number 800101-1231 (past its retention)"));
    EXPECT_THAT(r.output, HasSubstr("760615-1236 is kept although its last day in the register, 2017-12-31, is more than 5 years "
                                    "before 2026-12-01: its authorization in forskola granted 2015-08-01 is active"));
    const std::string providers = run(followup("export providers")).output;
    EXPECT_THAT(anna_in(providers), testing::IsEmpty());
    EXPECT_THAT(providers, HasSubstr("760615-1236"));
    const auto verified = run(followup("audit verify"));
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
    EXPECT_THAT(run(followup("audit log --kind personal_data")).output, HasSubstr("\"retention\""));
}

}  // namespace
