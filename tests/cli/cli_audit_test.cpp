// The audit trail against someone who edits the register file behind followup's back, with the
// sqlite3 shell (and python3 to recompute hashes): every tamper is reported by `audit verify`
// with the entry it concerns, and the exit code is 1.
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
    /// Runs SQL on the register with the sqlite3 shell, as someone with write access to the file would.
    void sql(const std::string& statements) const {
        const auto r = run("sqlite3 " + quoted(register_file()) + " \"" + statements + "\"");
        ASSERT_EQ(r.exit_code, 0) << "sqlite3 is needed: " << r.output;
    }
    fs::path heads() const { return register_file().string() + ".audit-heads"; }
    fs::path key() const { return register_file().string() + ".audit-key"; }
};

TEST_F(CliAudit, TheKeyIsOwnerOnlyAndEveryWriteAppendsASealedHead) {
    struct stat st {};
    ASSERT_EQ(::stat(key().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const std::string text = read_file(heads());
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
    const auto py = run("python3 " + quoted(dir / "rewrite.py") + " " + quoted(register_file()));
    ASSERT_EQ(py.exit_code, 0) << py.output;
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, Not(HasSubstr("does not match its hash"))) << "the rewrite should keep the chain consistent";
    EXPECT_THAT(r.output, HasSubstr("entry 72: the trail up to it is not the one sealed at"));
    EXPECT_THAT(r.output, HasSubstr("an entry from 1 to 72 was rewritten"));
}

TEST_F(CliAudit, ASealForgedWithoutTheKeyIsReported) {
    std::string text = read_file(heads());
    text += "followup-audit-head v1 commit 74 " + std::string(64, 'a') + " 2026-01-01T00:00:00Z " + std::string(64, 'b') + "\n";
    write_file(heads(), text);
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

TEST_F(CliAudit, ARestoreIsSealedSoTheRestoredTrailVerifies) {
    ASSERT_EQ(run(followup("backup " + quoted(dir / "b.sqlite"))).exit_code, 0);
    write_file(dir / "third.csv", "org_number;name;ownership;continuity_plan\n556677-0011;Ny AB;private;\n");
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "third.csv"))).exit_code, 0);
    const auto restored = run(followup("restore " + quoted(dir / "b.sqlite")));
    ASSERT_EQ(restored.exit_code, 0) << restored.output;
    const auto r = verify();
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(read_file(heads()), HasSubstr("followup-audit-head v1 restored 74 "));
}

}  // namespace
