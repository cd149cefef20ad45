// libFuzzer target for `audit verify` on a register edited behind followup's back: the input is
// a list of edits (an audit field changed, entries deleted, reordered or cut off with the rows
// they made, a row changed or deleted, the side file of sealed heads cut short) applied with
// SQLite itself to a copy of a small, sealed register. The oracle: verify never crashes, and
// whenever an edit changed anything, it reports at least one problem, except when the edits put
// the register and its side file back exactly as they stood after an earlier write: that
// rollback leaves a consistent, sealed trail, and only an append-only side file (`chattr +a`)
// prevents it, as docs/data.md says.
//
// Built with clang and -DFOLLOWUP_FUZZ=ON (tests/fuzz/run_fuzzers.sh). With
// FOLLOWUP_AUDIT_FUZZ_DRIVER it has its own main() that runs a few thousand pseudo-random inputs,
// so ctest runs the same oracle on every build (audit_fuzz_smoke).
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/record_kinds.hpp"
#include "store/register.hpp"
#include "store/sqlite_register.hpp"

namespace fs = std::filesystem;
using namespace followup::core;

namespace {

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string dump(sqlite3* db) {
    std::string out;
    for (const char* sql : {"SELECT seq, at, actor, action, entity, key, before, after, prev_hash, hash FROM audit ORDER BY seq",
                            "SELECT org_number, name, ownership, continuity_plan FROM providers ORDER BY org_number"}) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW)
            for (int i = 0; i < sqlite3_column_count(s); ++i) {
                const unsigned char* t = sqlite3_column_text(s, i);
                out += t != nullptr ? reinterpret_cast<const char*>(t) : "<null>";
                out += '\x1f';
            }
        sqlite3_finalize(s);
        out += '\x1e';
    }
    return out;
}

/// A register with three writes (three seals): ten providers, two renamed, one more.
struct Template {
    fs::path dir = fs::temp_directory_path() / ("followup-audit-fuzz-" + std::to_string(::getpid()));
    fs::path db = dir / "template.sqlite";
    /// The register and its side file as they stood after each write: cutting both back to one
    /// of these is what verify cannot see unless the side file is append-only (docs/data.md).
    std::vector<std::string> sealed_states;
    Template() {
        fs::remove_all(dir);
        fs::create_directories(dir);
        auto store = open_sqlite_register(db, RegisterCreation::create_if_missing);
        const RecordKind& providers = *find_record_kind("providers");
        const char* orgs[] = {"556036-0793", "556677-8899", "556677-0011", "559000-0005", "559000-0013"};
        auto write = [&](const std::vector<Row>& rows, const char* actor) {
            auto w = store->begin(actor);
            for (const Row& r : rows) w->upsert(providers, r);
            w->commit();
            sqlite3* raw = nullptr;
            sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
            sealed_states.push_back(dump(raw) + read_all(db.string() + ".audit-heads"));
            sqlite3_close(raw);
        };
        std::vector<Row> first;
        for (const char* org : orgs) first.push_back({org, std::string("Anordnare ") + org, "private", ""});
        write(first, "anna");
        write({{orgs[1], "Omdöpt AB", "private", ""}, {orgs[2], "Annat AB", "non_profit", "2025-01-01"}}, "bertil");
        write({{"556000-0001", "Ny AB", "municipal", ""}}, "cecilia");
        store.reset();  // WAL checkpointed into the file
    }
    ~Template() { fs::remove_all(dir); }
};

const Template& pristine() {
    static const Template t;
    return t;
}

void check(const std::uint8_t* data, std::size_t size) {
    const Template& t = pristine();
    const fs::path db = t.dir / "work.sqlite";
    for (const char* suffix : {"", ".audit-key", ".audit-heads"}) {
        fs::remove(db.string() + suffix);
        fs::copy_file(t.db.string() + suffix, db.string() + suffix);
    }
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(db.string() + suffix);
    fs::permissions(db.string() + ".audit-key", fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);

    sqlite3* raw = nullptr;
    if (sqlite3_open(db.c_str(), &raw) != SQLITE_OK) throw std::runtime_error("cannot open the copy");
    const std::string before = dump(raw) + read_all(db.string() + ".audit-heads");
    static const char* fields[] = {"at", "actor", "action", "entity", "key", "before", "after", "prev_hash", "hash"};
    for (std::size_t i = 0; i + 3 < size && i < 64; i += 4) {
        const int op = data[i] % 7;
        const int seq = 1 + data[i + 1] % 9;  // the template has 8 entries; 9 is past the end
        const char* field = fields[data[i + 2] % 9];
        const char extra = static_cast<char>('a' + data[i + 3] % 26);
        std::string sql;
        switch (op) {
            case 0: sql = std::string("UPDATE audit SET ") + field + " = " + field + " || '" + extra + "' WHERE seq = " + std::to_string(seq); break;
            case 1: sql = "DELETE FROM audit WHERE seq = " + std::to_string(seq); break;
            case 2: sql = "DELETE FROM audit WHERE seq >= " + std::to_string(seq); break;
            case 3:
                sql = std::string("UPDATE providers SET name = name || '") + extra +
                      "' WHERE org_number = (SELECT org_number FROM providers ORDER BY org_number LIMIT 1 OFFSET " +
                      std::to_string(seq % 6) + ")";
                break;
            case 4:
                sql = "UPDATE audit SET seq = -1 WHERE seq = " + std::to_string(seq) + "; UPDATE audit SET seq = " + std::to_string(seq) +
                      " WHERE seq = " + std::to_string(seq + 1) + "; UPDATE audit SET seq = " + std::to_string(seq + 1) + " WHERE seq = -1";
                break;
            case 5:
                sql = "DELETE FROM providers WHERE org_number = (SELECT org_number FROM providers ORDER BY org_number LIMIT 1 OFFSET " +
                      std::to_string(seq % 6) + ")";
                break;
            case 6: {  // the side file cut short by its last line
                std::string heads = read_all(db.string() + ".audit-heads");
                if (!heads.empty()) heads.pop_back();
                heads = heads.substr(0, heads.rfind('\n') == std::string::npos ? 0 : heads.rfind('\n') + 1);
                std::ofstream(db.string() + ".audit-heads", std::ios::binary | std::ios::trunc) << heads;
                continue;
            }
        }
        sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr);  // a failed edit (a key clash) changes nothing
    }
    const std::string after = dump(raw) + read_all(db.string() + ".audit-heads");
    sqlite3_close(raw);

    const auto problems = open_sqlite_register(db, RegisterCreation::must_exist)->verify_audit();
    const bool rolled_back_to_a_seal = std::find(t.sealed_states.begin(), t.sealed_states.end(), after) != t.sealed_states.end();
    if (after != before && problems.empty() && !rolled_back_to_a_seal)
        throw std::logic_error("the register was edited and audit verify found nothing");
    if (after == before && !problems.empty())
        throw std::logic_error("audit verify found a problem in an untouched register: " + problems.front().message);
    for (const auto& p : problems)
        if (p.message.empty()) throw std::logic_error("a problem without a message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check(data, size);
    return 0;
}

#ifdef FOLLOWUP_AUDIT_FUZZ_DRIVER
#include <iostream>
int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::stoi(argv[1]) : 2000;
    // Found by libFuzzer: the last write's row and entry deleted and its seal cut from the side
    // file, a rollback to the second seal, which the oracle must accept (not a missed edit).
    const std::uint8_t rollback[] = {0xfa, 0x3b, 0x54, 0x49, 0x68, 0xe7, 0xff, 0x01, 0x02, 0xfa, 0x96, 0xff};
    check(rollback, sizeof rollback);
    std::mt19937 random(20261125);
    for (int n = 0; n < runs; ++n) {
        std::vector<std::uint8_t> input(4 * (1 + random() % 4));
        for (auto& b : input) b = static_cast<std::uint8_t>(random());
        try {
            check(input.data(), input.size());
        } catch (const std::exception& e) {
            std::cerr << "run " << n << ": " << e.what() << "\ninput:";
            for (auto b : input) std::cerr << ' ' << int(b);
            std::cerr << '\n';
            return 1;
        }
    }
    std::cout << runs << " edited registers, each edit reported\n";
    return 0;
}
#endif
