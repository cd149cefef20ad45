// The audit trail against someone who edits the register behind followup's back, with the
// sqlite3 shell or psql (and python3 or PL/pgSQL to recompute hashes), on SQLite and on
// PostgreSQL (cli_support.hpp): every tamper is reported by `audit verify` with the entry it
// concerns, and the exit code is 1. The sealed heads are a side file beside a SQLite register and
// the table audit_heads in a PostgreSQL one; the tests read and forge them in either.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliAudit : public CliTest {
protected:
    void SetUp() override {
        // 72 providers (entries 1–72), then one more (entry 73) and a change of its name (74).
        ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers"}));
        write_file(dir / "more.csv", "org_number;name;ownership;continuity_plan\n556677-8899;Förskolan Granen AB;private;\n");
        ASSERT_EQ(run(followup("import providers " + quoted(dir / "more.csv"))).exit_code, 0);
        write_file(dir / "renamed.csv", "org_number;name;ownership;continuity_plan\n556677-8899;Förskolan Granen och Tallen AB;private;\n");
        ASSERT_EQ(run(followup("import providers " + quoted(dir / "renamed.csv"))).exit_code, 0);
        const auto ok = verify();
        ASSERT_EQ(ok.exit_code, 0) << ok.output;
        ASSERT_THAT(ok.output, HasSubstr("74 entries"));
    }

    CommandResult verify() const { return run(followup("audit verify")); }
    /// Runs SQL on the register behind followup's back, as someone with write access to it would.
    void sql(const std::string& statements) const { ASSERT_EQ(register_.sql(statements).exit_code, 0); }
    bool on_sqlite() const { return register_.engine() == Engine::sqlite; }
    /// The side file beside a SQLite register.
    fs::path heads_file() const { return dir / "r.sqlite.audit-heads"; }
    /// The sealed heads, one a line as the side file has them: `followup-audit-head v1 WHY
    /// ENTRIES HASH AT MAC`; a PostgreSQL register's from its table audit_heads.
    std::string heads() const {
        if (on_sqlite()) return read_file(heads_file());
        return register_
            .sql("SELECT 'followup-audit-head v1 ' || why || ' ' || entries || ' ' || hash || ' ' || at || ' ' || mac "
                 "FROM audit_heads ORDER BY line;")
            .output;
    }
    /// Adds a head after the last, as one who can write the side file or the table would.
    void forge_head(const std::string& why, int entries, const std::string& hash, const std::string& at, const std::string& mac) const {
        if (on_sqlite()) {
            write_file(heads_file(), read_file(heads_file()) + "followup-audit-head v1 " + why + " " + std::to_string(entries) + " " +
                                         hash + " " + at + " " + mac + "\n");
        } else {
            sql("INSERT INTO audit_heads (why, entries, hash, at, mac) VALUES ('" + why + "', " + std::to_string(entries) + ", '" + hash +
                "', '" + at + "', '" + mac + "');");
        }
    }
    fs::path key() const { return register_.audit_key(); }
};

TEST_F(CliAudit, TheKeyIsOwnerOnlyAndEveryWriteAppendsASealedHead) {
    struct stat st {};
    ASSERT_EQ(::stat(key().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const std::string text = heads();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;  // three imports, three seals
    EXPECT_THAT(text, HasSubstr("followup-audit-head v1 commit 74 "));
}

TEST_F(CliAudit, DeletingTheTailWithItsRowsIsReported) {
    sql("DELETE FROM providers WHERE org_number = '556677-8899'; DELETE FROM audit WHERE seq >= 73;");
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entries 73 to 74 are gone: the trail was sealed at 74 entries"));
}

TEST_F(CliAudit, ARowEditedBetweenImportsIsReportedAfterTheNextImport) {
    sql("UPDATE providers SET name = 'Bluff AB' WHERE org_number = '559000-0005';");
    // The next import changes that row again: its entry's before-value is the edited row.
    write_file(dir / "again.csv", "org_number;name;ownership;continuity_plan\n559000-0005;Förskolan Ekorren AB;non_profit;\n");
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "again.csv"))).exit_code, 0);
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entry 75 (update providers '559000-0005'"));
    EXPECT_THAT(r.output, HasSubstr("Bluff AB"));
    EXPECT_THAT(r.output, HasSubstr("changed behind followup's back between entries 1 and 75"));
}

TEST_F(CliAudit, AChangedActorIsReportedWithItsEntry) {
    sql("UPDATE audit SET actor = 'someone else' WHERE seq = 40;");
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entry 40 (insert providers"));
    EXPECT_THAT(r.output, HasSubstr("by someone else): its content does not match its hash"));
}

TEST_F(CliAudit, ReorderedEntriesAreReported) {
    sql("UPDATE audit SET seq = -1 WHERE seq = 10; UPDATE audit SET seq = 10 WHERE seq = 11; UPDATE audit SET seq = 11 WHERE seq = -1;");
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entry 10 ("));
    EXPECT_THAT(r.output, HasSubstr("does not follow the entry before it"));
}

TEST_F(CliAudit, AChainRewrittenWithoutTheKeyIsReported) {
    // Change an actor and recompute every hash from there on, exactly as followup computes them:
    // the chain itself is then consistent; only the seals, made with the key, tell.
    if (on_sqlite()) {
        const std::string script =
            "import hashlib, sqlite3, sys\n"
            "db = sqlite3.connect(sys.argv[1])\n"
            "db.execute(\"UPDATE audit SET actor = 'someone else' WHERE seq = 40\")\n"
            "prev = ''\n"
            "for row in db.execute('SELECT seq, at, actor, action, entity, key, before, after FROM audit ORDER BY seq').fetchall():\n"
            "    seq = row[0]\n"
            "    text = '\\x1f'.join([prev, str(seq)] + list(row[1:]))\n"
            "    h = hashlib.sha256(text.encode('utf-8')).hexdigest()\n"
            "    db.execute('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?', (prev, h, seq))\n"
            "    prev = h\n"
            "db.commit()\n";
        write_file(dir / "rewrite.py", script);
        const auto py = run("python3 " + quoted(dir / "rewrite.py") + " " + quoted(fs::path(register_location())));
        ASSERT_EQ(py.exit_code, 0) << py.output;
    } else {
        sql("UPDATE audit SET actor = 'someone else' WHERE seq = 40;\n"
            "DO $$ DECLARE prev text := ''; h text; e record; BEGIN\n"
            "  FOR e IN SELECT seq, at, actor, action, entity, key, before, after FROM audit ORDER BY seq LOOP\n"
            "    h := encode(sha256(convert_to(concat_ws(chr(31), prev, e.seq::text, e.at, e.actor, e.action, e.entity, e.key,\n"
            "                                            e.before, e.after), 'UTF8')), 'hex');\n"
            "    UPDATE audit SET prev_hash = prev, hash = h WHERE seq = e.seq;\n"
            "    prev := h;\n"
            "  END LOOP;\n"
            "END $$;");
    }
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, Not(HasSubstr("does not match its hash"))) << "the rewrite should keep the chain consistent";
    EXPECT_THAT(r.output, HasSubstr("entry 72: the trail up to it is not the one sealed at"));
    EXPECT_THAT(r.output, HasSubstr("an entry from 1 to 72 was rewritten"));
}

TEST_F(CliAudit, ASealForgedWithoutTheKeyIsReported) {
    forge_head("commit", 74, std::string(64, 'a'), "2026-01-01T00:00:00Z", std::string(64, 'b'));
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("line 4 (the head at 74 entries, 2026-01-01T00:00:00Z): its seal does not match the audit key"));
}

TEST_F(CliAudit, WithoutItsKeyTheRegisterIsNotWrittenAndVerifySaysWhy) {
    fs::rename(key(), dir / "elsewhere.key");
    write_file(dir / "third.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
    const auto refused = run(followup("import providers " + quoted(dir / "third.csv")));
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_THAT(refused.output, HasSubstr("is not written: the audit key"));
    EXPECT_THAT(refused.output, HasSubstr("Put the key back"));
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("the audit key '" + key().string() + "' is missing"));
    // A key that others may read seals nothing.
    fs::rename(dir / "elsewhere.key", key());
    fs::permissions(key(), fs::perms::group_read, fs::perm_options::add);
    EXPECT_THAT(verify().output, HasSubstr("may be read by others (mode 0640)"));
}

TEST_F(CliAudit, WithTheSealedHeadsGoneNothingIsWrittenAndVerifySaysWhy) {
    // Deleting the heads once let the next routine import "adopt" whatever trail was there, a
    // rewritten one included, and seal it anew.
    if (on_sqlite()) fs::remove(heads_file());
    else sql("DELETE FROM audit_heads;");
    write_file(dir / "third.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
    const auto refused = run(followup("import providers " + quoted(dir / "third.csv")));
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_THAT(refused.output, HasSubstr("is not written: its trail has 74 entries, so it was sealed, and the sealed heads"));
    EXPECT_THAT(refused.output, HasSubstr("followup restore"));
    EXPECT_THAT(run(followup("export providers")).output, Not(HasSubstr("556677-0011"))) << "nothing imported";
    const auto again = run(followup("import providers " + quoted(dir / "third.csv")));
    EXPECT_EQ(again.exit_code, 1) << "still refused: nothing adopted the trail";
    EXPECT_EQ(verify().exit_code, 1);
}

TEST_F(CliAudit, WithAnotherKeyInTheKeysPlaceNothingIsWritten) {
    fs::remove(key());
    write_file(key(), std::string(64, 'c') + "\n");
    fs::permissions(key(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    write_file(dir / "third.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
    const auto refused = run(followup("import providers " + quoted(dir / "third.csv")));
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_THAT(refused.output, HasSubstr("does not verify under the audit key"));
    EXPECT_THAT(run(followup("export providers")).output, Not(HasSubstr("556677-0011"))) << "nothing imported";
    EXPECT_EQ(verify().exit_code, 1);
}

TEST_F(CliAudit, WithTheHeadsCutBackByTheirLastSealNothingIsWritten) {
    // The side file (or table) as it stood one write ago: the latest seal is of 73 entries, the
    // trail has 74. Every writer seals under the writers' lock before it lets go, so this is a cut.
    if (on_sqlite()) {
        std::string text = read_file(heads_file());
        text.pop_back();
        write_file(heads_file(), text.substr(0, text.rfind('\n') + 1));
    } else {
        sql("DELETE FROM audit_heads WHERE line = (SELECT max(line) FROM audit_heads);");
    }
    write_file(dir / "third.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
    const auto refused = run(followup("import providers " + quoted(dir / "third.csv")));
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_THAT(refused.output, HasSubstr("is of a trail of 73 entries, and the trail now has 74"));
    EXPECT_THAT(refused.output, HasSubstr("the heads were cut back"));
    EXPECT_THAT(run(followup("export providers")).output, Not(HasSubstr("556677-0011"))) << "nothing imported";
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entries 74 to 74 were added after the last seal"));
}

/// A register with every kind of the small fixture, for the writes of every way in.
class CliSeal : public CliTest {
protected:
    void SetUp() override { ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); })); }
    bool on_sqlite() const { return register_.engine() == Engine::sqlite; }
    long count(const std::string& table) const { return std::stol(register_.sql("SELECT count(*) FROM " + table + ";").output); }
    /// What a write would change: the trail, the providers (import), the follow-ups (record).
    std::vector<long> counts() const { return {count("audit"), count("providers"), count("follow_ups")}; }
    void remove_heads() const {
        if (on_sqlite()) ASSERT_TRUE(fs::remove(dir / "r.sqlite.audit-heads"));
        else ASSERT_EQ(register_.sql("DELETE FROM audit_heads;").exit_code, 0);
    }
    CommandResult import_a_provider() const {
        write_file(dir / "more.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
        return run(followup("import providers " + quoted(dir / "more.csv")));
    }
    CommandResult record() const {
        return run(followup("record --id seal1 --provider 559100-0038 --area hemtjanst --form kvalitetsgranskning --done 2025-03-03"));
    }
};

TEST_F(CliSeal, WithTheHeadsDeletedImportAndRecordWriteNothingAndVerifyFails) {
    const std::vector<long> before = counts();
    ASSERT_GT(before[0], 0);
    remove_heads();
    const auto imported = import_a_provider();
    EXPECT_EQ(imported.exit_code, 1) << imported.output;
    EXPECT_THAT(imported.output, HasSubstr("so it was sealed, and the sealed heads"));
    EXPECT_THAT(imported.output, HasSubstr("are missing"));
    EXPECT_THAT(imported.output, HasSubstr("`followup audit reseal`"));
    const auto recorded = record();
    EXPECT_EQ(recorded.exit_code, 1) << recorded.output;
    EXPECT_THAT(recorded.output, HasSubstr("are missing"));
    EXPECT_EQ(counts(), before) << "nothing written";
    const auto verified = run(followup("audit verify"));
    EXPECT_EQ(verified.exit_code, 1) << verified.output;
    EXPECT_THAT(verified.output, HasSubstr("are missing, but the trail has " + std::to_string(before[0]) + " entries"));
    EXPECT_THAT(verified.output, HasSubstr("`followup audit reseal`"));

    // The key deleted as well: the trail is still the mark that it was sealed, and no key is made
    // for a write that is refused.
    fs::remove(register_.audit_key());
    EXPECT_EQ(import_a_provider().exit_code, 1);
    EXPECT_FALSE(fs::exists(register_.audit_key()));
    EXPECT_EQ(counts(), before);

    // An administrator who checked the trail reseals it (under a new key here); writes go on.
    const auto resealed = run(followup("audit reseal"));
    ASSERT_EQ(resealed.exit_code, 0) << resealed.output;
    EXPECT_THAT(resealed.output, HasSubstr("resealed the trail of " + std::to_string(before[0]) + " entries"));
    EXPECT_THAT(resealed.output, HasSubstr("under a new audit key"));
    EXPECT_THAT(resealed.output, HasSubstr("warning: accepted by this reseal: the sealed heads"));
    const auto after_reseal = record();
    EXPECT_EQ(after_reseal.exit_code, 0) << after_reseal.output;
    EXPECT_EQ(count("follow_ups"), before[2] + 1);
    const auto verified_again = run(followup("audit verify"));
    EXPECT_EQ(verified_again.exit_code, 0) << verified_again.output;
}

TEST_F(CliSeal, WithAnotherKeyRecordWritesNothing) {
    const std::vector<long> before = counts();
    fs::remove(register_.audit_key());
    write_file(register_.audit_key(), std::string(64, 'c') + "\n");
    fs::permissions(register_.audit_key(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    const auto recorded = record();
    EXPECT_EQ(recorded.exit_code, 1) << recorded.output;
    EXPECT_THAT(recorded.output, HasSubstr("does not verify under the audit key"));
    EXPECT_EQ(import_a_provider().exit_code, 1);
    EXPECT_EQ(counts(), before) << "nothing written";
    EXPECT_EQ(run(followup("audit verify")).exit_code, 1);
}

/// The files the register makes, read as an administrator reads them.
class CliPrivateFiles : public CliTest {
protected:
    bool on_sqlite() const { return register_.engine() == Engine::sqlite; }
    static std::string mode(const fs::path& file) { return run("stat -c %a " + quoted(file)).output; }
    static std::string group(const fs::path& file) { return run("stat -c %G " + quoted(file)).output; }
    /// The example configuration copied, with `extra` at its end.
    fs::path configuration_with(const std::string& extra) const {
        fs::copy(example_config().parent_path(), dir / "k", fs::copy_options::recursive);
        const fs::path file = dir / "k" / "municipality.toml";
        write_file(file, read_file(file) + "\n" + extra);
        return file;
    }
    /// The register's own files: the SQLite file with its side files (a PostgreSQL register's rows
    /// are in the server), a backup and an export.
    std::vector<fs::path> made() const {
        std::vector<fs::path> files{dir / "b.backup", dir / "providers.csv"};
        if (on_sqlite()) {
            files.push_back(dir / "r.sqlite");
            files.push_back(dir / "r.sqlite.audit-heads");
            for (const char* side : {"-wal", "-shm"})
                if (fs::exists(dir / (std::string("r.sqlite") + side))) files.push_back(dir / (std::string("r.sqlite") + side));
        }
        return files;
    }
    void make_them() const {
        ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers"}));
        const auto backup = run(followup("backup " + quoted(dir / "b.backup")));
        ASSERT_EQ(backup.exit_code, 0) << backup.output;
        ASSERT_EQ(run(followup("export providers --out " + quoted(dir / "providers.csv"))).exit_code, 0);
    }
};

TEST_F(CliPrivateFiles, WithoutAGroupTheyAreTheOwnersOnly) {
    make_them();
    for (const auto& file : made()) EXPECT_EQ(mode(file), "600\n") << file;
    EXPECT_EQ(mode(register_.audit_key()), "600\n");
}

TEST_F(CliPrivateFiles, WithAGroupConfiguredTheGroupMayReadThemButNotTheKey) {
    // The test user's own primary group: one a file of theirs may be given to.
    std::string own = run("id -gn").output;
    own.pop_back();
    config = configuration_with("[register]\ngroup = \"" + own + "\"\n");
    make_them();
    for (const auto& file : made()) {
        EXPECT_EQ(mode(file), "640\n") << file;
        EXPECT_EQ(group(file), own + "\n") << file;
    }
    EXPECT_EQ(mode(register_.audit_key()), "600\n") << "the key is never the group's";
}

TEST_F(CliPrivateFiles, AGroupThatIsNotThereIsAnErrorOfItsKey) {
    config = configuration_with("[register]\ngroup = \"no-such-group-of-followup\"\n");
    const auto r = run(followup("validate"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("register.group: found \"no-such-group-of-followup\", which is no group of this machine"));
}

// `restore` puts a SQLite file back; a PostgreSQL register is restored with pg_restore, not by
// followup (cli_postgres_test).
class CliAuditSqliteFile : public CliAudit {};

TEST_F(CliAuditSqliteFile, TheRegisterItsSideFilesItsBackupAndAnExportAreTheOwnersOnly) {
    // They hold personal data (a sole trader's organisation number is a personal identity
    // number): SQLite would make them 0644, readable by every user of the machine.
    ASSERT_EQ(run(followup("backup " + quoted(dir / "b.sqlite"))).exit_code, 0);
    ASSERT_EQ(run(followup("export providers --out " + quoted(dir / "providers.csv"))).exit_code, 0);
    std::vector<fs::path> files{dir / "r.sqlite", heads_file(), key(), dir / "b.sqlite", dir / "providers.csv"};
    for (const char* side : {"-wal", "-shm"})
        if (fs::exists(dir / (std::string("r.sqlite") + side))) files.push_back(dir / (std::string("r.sqlite") + side));
    for (const auto& file : files) {
        const auto stat = run("stat -c %a " + quoted(file));  // as an administrator checks it
        EXPECT_EQ(stat.output, "600\n") << file;
    }
}

TEST_F(CliAuditSqliteFile, ARestoreIsSealedSoTheRestoredTrailVerifies) {
    ASSERT_EQ(run(followup("backup " + quoted(dir / "b.sqlite"))).exit_code, 0);
    write_file(dir / "third.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "third.csv"))).exit_code, 0);
    const auto restored = run(followup("restore " + quoted(dir / "b.sqlite")));
    ASSERT_EQ(restored.exit_code, 0) << restored.output;
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(heads(), HasSubstr("followup-audit-head v1 restored 74 "));
}

}  // namespace
