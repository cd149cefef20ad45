// Personal identity numbers in the register (store/personal_data.hpp; docs/data.md, "Record of
// processing"): the rows keep them, the audit trail holds only a token for each, on both
// databases and through both ways of writing (row by row, and PostgreSQL's bulk upsert of a file
// of 64 rows or more); erasing one leaves a trail that verifies; a legal person's number is no
// personal data and stays itself; a register from before the table personal_data keeps what its trail
// holds in the clear, and erasing such a number is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "config/municipality_config.hpp"
#include "store/importer.hpp"
#include "store/register_location.hpp"
#include "store/sqlite_register.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

namespace followup::core {
const std::vector<std::string>& register_migrations();  // sqlite_schema.cpp
}

namespace fs = std::filesystem;
using namespace followup::core;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

namespace {

// 1980-01-01, a person's; 556012-1914, a company's (both with valid check digits).
const std::string person = "800101-1231";
const std::string company = "556012-1914";

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

TEST(PersonalIdentityNumberStore, TheThirdDigitTellsAPersonFromALegalPerson) {
    EXPECT_TRUE(is_personal_identity_number(person));
    EXPECT_TRUE(is_personal_identity_number("851231-0005"));
    EXPECT_FALSE(is_personal_identity_number(company));        // aktiebolag
    EXPECT_FALSE(is_personal_identity_number("212000-0142"));  // a municipality
    EXPECT_FALSE(is_personal_identity_number("802400-0013"));  // ideell förening
    EXPECT_FALSE(is_personal_identity_number("pnr-0123456789abcdef"));  // an erased number's token
    EXPECT_FALSE(is_personal_identity_number("8001011231"));   // not canonical: the register keeps NNNNNN-NNNN
}

class PersonalDataStore : public testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
        ASSERT_TRUE(loaded.diagnostics.empty());
        config = std::move(loaded.config);
        if (GetParam() == "postgresql") database = std::make_unique<TestDatabase>();
        store = open_register(database ? database->url() : (dir / "register.sqlite").string(), RegisterCreation::create_if_missing,
                              dir / "audit-key");
    }

    ImportReport import(const char* kind_name, const std::string& csv) {
        return import_csv(*store, kind(kind_name), csv, &config, "tester", false);
    }

    /// Every entry of the trail, as one text: keys and images.
    std::string trail() const {
        std::string all;
        for (const auto& e : store->audit_log("", "")) all += e.kind + " " + e.key + " " + e.before + " " + e.after + "\n";
        return all;
    }

    TempDir dir;
    std::unique_ptr<TestDatabase> database;
    MunicipalityConfig config;
    std::unique_ptr<Register> store;
};

INSTANTIATE_TEST_SUITE_P(EveryDatabase, PersonalDataStore, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& tested) { return tested.param; });

TEST_P(PersonalDataStore, ThePersonsNumberIsATokenInTheTrailTheCompanysItselfAndAnEraseLeavesATrailThatVerifies) {
    // 70 providers in one file: PostgreSQL writes a file of 64 rows or more in bulk.
    std::string providers = "org_number;name;ownership;continuity_plan\n" + person + ";Anna Andersson Omsorg;private;\n" + company +
                            ";Bolaget AB;private;\n";
    for (int i = 1; i <= 68; ++i) providers += org_number(i) + ";Förskola " + std::to_string(i) + " AB;private;\n";
    ASSERT_TRUE(import("providers", providers).written);
    ASSERT_TRUE(import("units", "id;provider;name;address\nuA;" + person + ";Annas dagbarnvård;Gatan 1, 131 30 Nacka\n").written);
    ASSERT_TRUE(import("authorizations", "provider;area;granted;status;ended\n" + person + ";forskola;2015-08-01;revoked;2018-06-30\n").written);
    // Row by row this time: a changed name, its before-image with the token too.
    ASSERT_TRUE(import("providers", "org_number;name;ownership;continuity_plan\n" + person + ";Anna Andersson Barnomsorg;private;\n").written);

    const std::vector<PersonalValue> values = store->personal_values();
    ASSERT_EQ(values.size(), 1u);  // the company's number is not personal data
    const PersonalValue held = values.front();
    EXPECT_EQ(held.value, person);
    EXPECT_EQ(held.kind, "personal_identity_number");
    EXPECT_THAT(held.token, StartsWith("pnr-"));
    EXPECT_EQ(held.token.size(), 20u);

    // The rows keep the number; the trail holds the token only, and the company's number itself.
    ASSERT_TRUE(store->find(kind("providers"), person).has_value());
    EXPECT_THAT(trail(), Not(HasSubstr("800101")));
    EXPECT_EQ(store->audit_log("providers", held.token).size(), 2u);  // inserted, renamed
    EXPECT_THAT(store->audit_log("providers", held.token).back().before, HasSubstr(held.token));
    EXPECT_EQ(store->audit_log("authorizations", held.token + "/forskola/2015-08-01").size(), 1u);
    ASSERT_EQ(store->audit_log("providers", company).size(), 1u);
    EXPECT_THAT(store->audit_log("providers", company).front().after, HasSubstr(company));
    EXPECT_TRUE(store->verify_audit().empty());

    auto writer = store->begin("tester");
    const ErasedValue erased = writer->erase_personal_value(person, "request");
    writer->commit();
    EXPECT_EQ(erased.erased.token, held.token);
    EXPECT_EQ(erased.rows, (std::vector<std::pair<std::string, std::int64_t>>{{"providers", 1}, {"units", 1}, {"authorizations", 1}}));
    EXPECT_TRUE(store->forget_erased().size() <= 1u);  // PostgreSQL says what the server's log keeps

    EXPECT_FALSE(store->find(kind("providers"), person).has_value());
    ASSERT_TRUE(store->find(kind("providers"), held.token).has_value());
    EXPECT_EQ(value_of(kind("units"), *store->find(kind("units"), "uA"), "provider"), held.token);
    EXPECT_TRUE(store->personal_values().empty());
    const auto entries = store->audit_log("personal_data", held.token);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries.front().action, "erase");
    EXPECT_THAT(entries.front().after, HasSubstr("request"));
    EXPECT_THAT(trail(), Not(HasSubstr("800101")));
    const auto problems = store->verify_audit();
    EXPECT_TRUE(problems.empty()) << problems.front().message;

    // Erased is erased: a second time, and a company's number, are refused.
    auto again = store->begin("tester");
    EXPECT_THROW(again->erase_personal_value(person, "request"), StoreError);
}

TEST_P(PersonalDataStore, ANumberTypedIntoAnyTextOfTheTrailIsNotErased) {
    ASSERT_TRUE(import("providers", "org_number;name;ownership;continuity_plan\n" + person + ";Anna Andersson Omsorg;private;\n").written);
    ASSERT_TRUE(import("signals", "id;provider;area;kind;received;summary\ns1;" + person + ";forskola;complaint;2025-05-20;om " + "8001011231\n").written);
    const std::int64_t before = store->audit_entries();
    auto writer = store->begin("tester");
    try {
        writer->erase_personal_value(person, "request");
        FAIL() << "erased although the trail holds it";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("is not erased: its audit trail holds it in the clear, in 1 entry ("));
        EXPECT_THAT(e.what(), HasSubstr("Nothing was changed"));
    }
    writer.reset();  // rolled back
    EXPECT_EQ(store->audit_entries(), before);
    EXPECT_TRUE(store->find(kind("providers"), person).has_value());
    EXPECT_EQ(store->personal_values().size(), 1u);
}

// A register written before the table personal_data (schema version 3) holds its sole traders' numbers in its trail: the
// migration records each as its own token, so that the writers go on writing the trail as it is
// (and it verifies), and `followup erase` refuses to claim an erase the trail would belie.
TEST(PersonalDataStoreMigration, ATrailFromBeforeVersion4KeepsItsNumbersInTheClearAndErasingOneIsRefused) {
    TempDir dir;
    const fs::path file = dir / "old.sqlite";
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        for (std::size_t v = 0; v < 3; ++v) db.exec(register_migrations()[v]);
        db.exec("PRAGMA user_version = 3");
        db.exec("INSERT INTO providers VALUES ('" + person + "', 'Anna Andersson Omsorg', 'private', NULL)");
        db.exec("INSERT INTO audit VALUES (1, '2024-01-01T00:00:00Z', 'anna', 'insert', 'providers', '" + person +
                "', '', '[\"" + person + "\",\"Anna Andersson Omsorg\",\"private\",\"\"]', '', 'h')");
    }
    auto store = open_sqlite_register(file, RegisterCreation::must_exist, dir / "audit-key");
    const auto values = store->personal_values();
    ASSERT_EQ(values.size(), 1u);
    EXPECT_TRUE(values.front().in_the_clear());
    EXPECT_EQ(values.front().since, "2024-01-01T00:00:00Z");
    auto writer = store->begin("tester");
    try {
        writer->erase_personal_value(person, "request");
        FAIL() << "erased although the trail holds it in the clear";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("in 1 entry (1)"));
        EXPECT_THAT(e.what(), HasSubstr("the schema migration that made its table personal_data"));
    }
}

}  // namespace
