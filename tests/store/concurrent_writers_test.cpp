// Several officers at once on the PostgreSQL register: eight processes, each with its own
// connection, recording follow-ups one transaction at a time and importing files of them, while
// all of them keep changing one shared record. Afterwards every row each wrote is there, the
// shared record holds the last write, and `audit verify` finds the chain and every row intact.
//
// `ctest -R ConcurrentWriters --repeat until-fail:20` is the check that it holds every time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "store/importer.hpp"
#include "store/register_location.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

using namespace followup::core;
using namespace followup::test;

namespace {

constexpr int writers = 8;
constexpr int recorded_per_writer = 40;  ///< one transaction each
constexpr int imported_per_writer = 40;  ///< in one file each

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

std::string follow_up_line(const std::string& id, int provider) {
    return id + ";" + org_number(provider) + ";;forskola;tillsyn;2025-01-01;2025-12-31;;planned;;planned\n";
}

/// One officer's process: its own connection, its own transactions. Returns the exit code.
int officer(const std::string& url, const std::filesystem::path& key, int number) {
    try {
        auto store = open_register(url, RegisterCreation::must_exist, key);
        const std::string actor = "officer " + std::to_string(number);
        for (int i = 0; i < recorded_per_writer; ++i) {
            auto writer = store->begin(actor);
            writer->upsert(kind("follow_ups"),
                           row_of(kind("follow_ups"), {{"id", "w" + std::to_string(number) + "-r" + std::to_string(i)},
                                                       {"provider", org_number(1 + i % 3)},
                                                       {"area", "forskola"},
                                                       {"form", "tillsyn"},
                                                       {"planned_from", "2025-01-01"},
                                                       {"planned_to", "2025-12-31"},
                                                       {"status", "planned"},
                                                       {"trigger", "planned"}}));
            // The record every officer changes: the last writer's name stays, and each change's
            // before-image must be the one the previous writer left.
            writer->upsert(kind("providers"), row_of(kind("providers"), {{"org_number", org_number(1)},
                                                                         {"name", "Ekorren, ändrad av " + actor + " " + std::to_string(i)},
                                                                         {"ownership", "private"}}));
            writer->commit();
            if (i == recorded_per_writer / 2) {
                std::string csv = "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n";
                for (int j = 0; j < imported_per_writer; ++j)
                    csv += follow_up_line("w" + std::to_string(number) + "-i" + std::to_string(j), 1 + j % 3);
                const ImportReport report = import_csv(*store, kind("follow_ups"), csv, nullptr, actor, false);
                if (!report.written) return 3;
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "officer %d: %s\n", number, e.what());
        return 2;
    }
}

TEST(ConcurrentWriters, EightOfficersAtOnceLoseNoWriteAndKeepTheChainWhole) {
    TestDatabase database;
    TempDir dir;
    const auto key = dir / "audit-key";
    {
        auto store = open_register(database.url(), RegisterCreation::create_if_missing, key);
        std::string csv = "org_number;name;ownership;continuity_plan\n";
        for (int p = 1; p <= 3; ++p) csv += org_number(p) + ";Förskola " + std::to_string(p) + " AB;private;\n";
        ASSERT_TRUE(import_csv(*store, kind("providers"), csv, nullptr, "setup", false).written);
    }
    std::vector<pid_t> children;
    for (int w = 0; w < writers; ++w) {
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) ::_exit(officer(database.url(), key, w));
        children.push_back(child);
    }
    for (pid_t child : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "an officer's process failed: status " << status;
    }

    auto store = open_register(database.url(), RegisterCreation::must_exist, key);
    std::set<std::string> ids;
    store->for_each(kind("follow_ups"), [&](const Row& row) { ids.insert(value_of(kind("follow_ups"), row, "id")); });
    for (int w = 0; w < writers; ++w) {
        for (int i = 0; i < recorded_per_writer; ++i) EXPECT_TRUE(ids.count("w" + std::to_string(w) + "-r" + std::to_string(i)));
        for (int j = 0; j < imported_per_writer; ++j) EXPECT_TRUE(ids.count("w" + std::to_string(w) + "-i" + std::to_string(j)));
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(writers * (recorded_per_writer + imported_per_writer)));
    // 3 providers, then per writer: each recorded follow-up with its change of the shared record,
    // and each imported follow-up.
    EXPECT_EQ(store->audit_entries(), 3 + writers * (2 * recorded_per_writer + imported_per_writer));
    const auto last = store->audit_log("providers", org_number(1)).back();
    const auto shared = store->find(kind("providers"), org_number(1));
    ASSERT_TRUE(shared.has_value());
    EXPECT_THAT(last.after, testing::HasSubstr(value_of(kind("providers"), *shared, "name")));
    const auto problems = store->verify_audit();
    for (const auto& p : problems) ADD_FAILURE() << p.message;
}

}  // namespace
