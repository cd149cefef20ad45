// The per-board write rights of a shared PostgreSQL register (docs/sql/postgres-roles.sql): an
// officer of one board records in their board's areas, and a write into another board's records
// is refused, leaves nothing behind (no row, no audit entry, the trail still verifies) and is
// logged by the server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "store/importer.hpp"
#include "store/register_location.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

using namespace followup::core;
using namespace followup::test;
using testing::HasSubstr;

namespace {

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

Row follow_up(const std::string& id, const std::string& area) {
    return row_of(kind("follow_ups"), {{"id", id},
                                       {"provider", org_number(1)},
                                       {"area", area},
                                       {"form", "tillsyn"},
                                       {"planned_from", "2025-01-01"},
                                       {"planned_to", "2025-12-31"},
                                       {"status", "planned"},
                                       {"trigger", "planned"}});
}

class PostgresRoles : public testing::Test {
protected:
    void SetUp() override {
        owner = open_register(database.url(), RegisterCreation::create_if_missing, key);
        auto writer = owner->begin("administrator");
        writer->upsert(kind("providers"), row_of(kind("providers"), {{"org_number", org_number(1)}, {"name", "Ekorren AB"},
                                                                     {"ownership", "private"}}));
        writer->upsert(kind("follow_ups"), follow_up("school-1", "forskola"));
        writer->upsert(kind("follow_ups"), follow_up("care-1", "hemtjanst"));
        writer->commit();
        std::random_device rd;
        officer = "ingrid_" + std::to_string(rd() % 100000000u);
        const auto roles = database.sql(read_file(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "docs" / "sql" / "postgres-roles.sql") +
                                        "\nINSERT INTO board_areas (board, area) VALUES ('utbildning', 'forskola'), "
                                        "('aldre', 'hemtjanst');\n"
                                        "CREATE ROLE " + officer + " LOGIN IN ROLE followup_officer;\n"
                                        "INSERT INTO officer_boards (officer, board) VALUES ('" + officer + "', 'utbildning');\n");
        ASSERT_EQ(roles.exit_code, 0) << roles.output;
        store = open_register(database.url_as(officer), RegisterCreation::must_exist, key);
        entries = owner->audit_entries();
    }

    /// What a refused write must not change, as the owner reads it (an officer's role reads only
    /// their boards' records and their own entries of the trail).
    std::string everything() const {
        std::string all;
        for (const auto& k : record_kinds()) all += k.name + ":\n" + export_csv(*owner, k);
        return all + "audit entries: " + std::to_string(owner->audit_entries());
    }

    /// The test cluster's server log (tests/postgres/cluster.sh keeps its folder in STATE.dir).
    static std::string server_log() {
        std::string folder = read_file(std::string(FOLLOWUP_TEST_POSTGRES_STATE) + ".dir");
        folder.erase(folder.find('\n'));
        return read_file(fs::path(folder) / "server.log");
    }

    TempDir dir;
    fs::path key = dir / "audit-key";
    TestDatabase database;
    std::string officer;
    std::unique_ptr<Register> owner;  ///< the register as its owner opens it
    std::unique_ptr<Register> store;  ///< as the officer opens it
    std::int64_t entries = 0;
};

TEST_F(PostgresRoles, AnOfficerRecordsInTheirOwnBoardsAreas) {
    auto writer = store->begin(officer);
    EXPECT_EQ(writer->upsert(kind("follow_ups"), follow_up("school-2", "forskola")), Change::inserted);
    writer->upsert(kind("findings"), row_of(kind("findings"), {{"follow_up", "school-1"}, {"condition", "barngrupper"},
                                                               {"scale", "tillsyn4"}, {"grade", "mindre_brist"}}));
    writer->commit();
    EXPECT_TRUE(store->contains(kind("follow_ups"), "school-2"));
    EXPECT_EQ(owner->audit_entries(), entries + 2);
    EXPECT_THAT(owner->audit_log("follow_ups", "school-2").front().actor, officer);
    EXPECT_EQ(owner->audit_log("follow_ups", "school-2").front().on_behalf_of, "") << "the officer acted for themselves";
    EXPECT_TRUE(owner->verify_audit().empty());
}

// A re-assessment replaces its model's deficiencies: an officer deletes those of their own
// boards' follow-ups (audited), never another board's.
TEST_F(PostgresRoles, AnOfficerDeletesTheModelsDeficienciesOfTheirOwnBoardsFollowUpsOnly) {
    const RecordKind& deficiencies = kind("assessment_deficiencies");
    auto deficiency = [&](const char* follow_up) {
        return row_of(deficiencies, {{"follow_up", follow_up}, {"ordinal", "1"}, {"condition", "registerutdrag_adressen"},
                                     {"scale", "tillsyn4"}, {"grade", "allvarlig_brist"},
                                     {"text", "1 av 3 folkbokförda på adressen har inte visat registerutdrag"}});
    };
    {
        auto writer = owner->begin("administrator");
        writer->upsert(deficiencies, deficiency("school-1"));
        writer->upsert(deficiencies, deficiency("care-1"));
        writer->commit();
    }
    const std::int64_t before = owner->audit_entries();
    {
        auto writer = store->begin(officer);
        EXPECT_TRUE(writer->remove(deficiencies, deficiency("school-1")));
        EXPECT_FALSE(writer->remove(deficiencies, deficiency("school-1"))) << "gone already";
        writer->commit();
    }
    EXPECT_EQ(owner->audit_entries(), before + 1);
    EXPECT_EQ(store->audit_log("assessment_deficiencies", "school-1/1").back().action, "delete");
    const std::string after_own = everything();
    {
        // The officer's role does not see another board's rows: for it there is nothing to delete.
        auto writer = store->begin(officer);
        EXPECT_FALSE(writer->remove(deficiencies, deficiency("care-1")));
        writer->commit();
    }
    EXPECT_EQ(everything(), after_own);
    EXPECT_TRUE(owner->verify_audit().empty());
}

TEST_F(PostgresRoles, AWriteIntoAnotherBoardsAreaIsRefusedLeavesNothingAndIsLogged) {
    const std::string before = everything();
    {
        auto writer = store->begin(officer);
        writer->upsert(kind("follow_ups"), follow_up("school-3", "forskola"));  // allowed, but in the same transaction
        try {
            writer->upsert(kind("follow_ups"), follow_up("care-2", "hemtjanst"));
            FAIL() << "an officer of utbildning wrote a follow-up in hemtjanst";
        } catch (const StoreError& e) {
            EXPECT_THAT(e.what(), HasSubstr("refuses the follow_ups 'care-2'"));
            EXPECT_THAT(e.what(), HasSubstr("the role '" + officer + "' may not write it"));
        }
    }  // the writer is dropped uncommitted, as the importer and the CLI do after an error
    EXPECT_EQ(everything(), before);
    EXPECT_FALSE(store->contains(kind("follow_ups"), "school-3"));
    EXPECT_TRUE(owner->verify_audit().empty());
    EXPECT_THAT(server_log(), HasSubstr("new row violates row-level security policy for table \"follow_ups\""));
}

TEST_F(PostgresRoles, MovingAnotherBoardsFollowUpIntoOnesOwnAreaIsRefused) {
    const std::string before = everything();
    {
        auto writer = store->begin(officer);
        EXPECT_THROW(writer->upsert(kind("follow_ups"), follow_up("care-1", "forskola")), StoreError);
    }
    EXPECT_EQ(everything(), before);
    EXPECT_EQ(value_of(kind("follow_ups"), *owner->find(kind("follow_ups"), "care-1"), "area"), "hemtjanst");
    EXPECT_TRUE(owner->verify_audit().empty());
}

TEST_F(PostgresRoles, AnImportWithOneRowOfAnotherBoardImportsNothingAndNamesTheRow) {
    const std::string before = everything();
    // Enough rows for the COPY path (postgres_bulk.cpp); line 52 is the other board's.
    std::string csv = "follow_up;condition;scale;grade;text;basis\n";
    for (int i = 0; i < 80; ++i)
        csv += std::string(i == 50 ? "care-1" : "school-1") + ";villkor_" + std::to_string(i) + ";tillsyn4;mindre_brist;;\n";
    // The officer's role does not see the other board's follow-up: the row's reference is refused
    // as one to a follow-up that is not there (for this reader), before anything is written.
    const ImportReport report = import_csv(*store, kind("findings"), csv, nullptr, officer, false);
    EXPECT_FALSE(report.written);
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems.front().line, 52u);
    EXPECT_THAT(report.problems.front().message, HasSubstr("care-1"));
    EXPECT_EQ(everything(), before);
    EXPECT_TRUE(owner->verify_audit().empty());
}

}  // namespace

namespace {

// The trail's "who" is the server's word: the session's login role. What the command line says
// (--actor, here "anna") is kept beside it as "on behalf of"; an entry naming anyone else than
// who signed in is refused by the database itself, whatever client writes it.
TEST_F(PostgresRoles, TheTrailNamesTheSignedInRoleAndKeepsTheClaimBesideIt) {
    {
        auto writer = store->begin("anna");
        writer->upsert(kind("follow_ups"), follow_up("school-4", "forskola"));
        writer->commit();
    }
    const auto entry = owner->audit_log("follow_ups", "school-4").front();
    EXPECT_EQ(entry.actor, officer);
    EXPECT_EQ(entry.on_behalf_of, "anna");
    EXPECT_TRUE(owner->verify_audit().empty());
    const auto forged = run("psql -X -q -v ON_ERROR_STOP=1 '" + database.url_as(officer) +
                            "' -c \"INSERT INTO audit (seq, at, actor, action, entity, key, before, after, prev_hash, hash) "
                            "VALUES (999, 'x', 'anna', 'insert', 'follow_ups', 'x', '', '', '', '')\"");
    EXPECT_NE(forged.exit_code, 0);
    EXPECT_THAT(forged.output, HasSubstr("row-level security"));
}

// An officer's role reads its boards' records only, and the entries of the trail it wrote.
TEST_F(PostgresRoles, AnOfficerReadsOnlyTheirOwnBoardsRecordsAndEntries) {
    EXPECT_TRUE(store->find(kind("follow_ups"), "school-1"));
    EXPECT_FALSE(store->find(kind("follow_ups"), "care-1")) << "another board's follow-up";
    EXPECT_TRUE(owner->find(kind("follow_ups"), "care-1"));
    const std::string listed = export_csv(*store, kind("follow_ups"));
    EXPECT_THAT(listed, HasSubstr("school-1"));
    EXPECT_THAT(listed, testing::Not(HasSubstr("care-1")));
    EXPECT_TRUE(store->audit_log("", "").empty()) << "the owner's entries hold both boards' rows";
    {
        auto writer = store->begin(officer);
        writer->upsert(kind("follow_ups"), follow_up("school-5", "forskola"));
        writer->commit();
    }
    const auto own = store->audit_log("", "");
    ASSERT_EQ(own.size(), 1u);
    EXPECT_EQ(own.front().key, "school-5");
}

}  // namespace

namespace {
// The facts the seeds name beside the follow-ups (schema 7): an officer records a support measure
// and a changed-needs report in their own board's area, never in another board's; a board's own
// process steps and the council's programme are a board admin's to write.
TEST_F(PostgresRoles, AnOfficerRecordsSupportMeasuresAndNeedsReportsInTheirOwnBoardsAreasOnly) {
    const RecordKind& measures = kind("support_measures");
    const RecordKind& reports = kind("needs_reports");
    {
        auto writer = store->begin(officer);
        EXPECT_EQ(writer->upsert(measures, row_of(measures, {{"provider", org_number(1)}, {"area", "forskola"}, {"offered", "2025-04-01"},
                                                             {"kind", "competence"}, {"description", "Utbildning"}})),
                  Change::inserted);
        writer->commit();
    }
    const std::string before = everything();
    auto refused = [&](const RecordKind& k, const Row& row) {
        auto writer = store->begin(officer);
        try {
            writer->upsert(k, row);
            writer->commit();
            ADD_FAILURE() << "an officer of utbildning wrote " << k.name << " outside their boards";
        } catch (const StoreError& e) {
            EXPECT_THAT(e.what(), HasSubstr("the role '" + officer + "' may not write it")) << k.name;
        }
    };
    refused(measures, row_of(measures, {{"provider", org_number(1)}, {"area", "hemtjanst"}, {"offered", "2025-04-01"},
                                        {"kind", "support"}, {"description", "Stöd"}}));
    refused(reports, row_of(reports, {{"id", "n1"}, {"provider", org_number(1)}, {"area", "hemtjanst"}, {"received", "2025-02-03"},
                                      {"direction", "more"}}));
    refused(kind("board_steps"), row_of(kind("board_steps"), {{"board", "utbildning"}, {"year", "2025"}, {"step", "1"}, {"done", "2025-01-20"}}));
    refused(kind("programmes"), row_of(kind("programmes"), {{"adopted", "2023-03-13"}, {"term_from", "2023"}, {"term_to", "2026"}}));
    EXPECT_EQ(everything(), before);
    EXPECT_TRUE(owner->verify_audit().empty());
}
}  // namespace
