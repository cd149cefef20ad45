// The compilation's RegisterSnapshot must answer every RegisterView question exactly as the
// SQLite register does, in the same order: it replaces the register for the plugins during a
// compile. Checked over the small fixture (every kind of record, every area), and the bulk read
// (for_each_provider) against the SDK's default, which asks provider by provider.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "config/municipality_config.hpp"
#include "store/importer.hpp"
#include "store/register_snapshot.hpp"
#include "store/sqlite_register.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace sdk = followup::sdk;
using namespace followup::core;
using namespace followup::test;

namespace {

std::string text(const std::optional<sdk::Date>& d) { return d ? sdk::format_date(*d) : "-"; }
std::string text(const sdk::FollowUpActivity& a) {
    return fmt::format("{}|{}|{}|{}|{}|{}..{}|{}|{}|{}|{}", a.id, a.form_id, a.area_id, a.provider, a.unit_id, sdk::format_date(a.planned.first),
                       sdk::format_date(a.planned.last), text(a.done), static_cast<int>(a.status), a.inspector, static_cast<int>(a.trigger));
}
std::string text(const sdk::Decision& d) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}", sdk::to_string(d.kind), d.serious_maladministration, text(d.deadline), d.reason,
                       text(d.decided), d.reference, d.legal_ground);
}
std::string text(const sdk::ProviderRecord& r) {
    std::string out = fmt::format("{} {} {}\n", r.provider.org_number, r.provider.name, sdk::to_string(r.provider.ownership));
    for (const auto& a : r.authorizations)
        out += fmt::format("  auth {} {} {} {} {}\n", a.provider, a.area_id, sdk::to_string(a.status), sdk::format_date(a.granted), text(a.ended));
    for (const auto& o : r.follow_ups) {
        out += "  " + text(o.activity) + "\n";
        for (const auto& g : o.grades) out += fmt::format("    grade {}/{} x{}\n", g.grade.scale_id, g.grade.level_id, g.count);
        for (const auto& d : o.decisions) out += "    decision " + text(d) + "\n";
        if (o.next_due || o.recheck || !o.risk_category.empty())
            out += fmt::format("    assessed: next due {}, re-check {}, risk '{}' '{}'\n", text(o.next_due),
                               o.recheck ? sdk::format_date(o.recheck->last) : "-", o.risk_category, o.risk_reason);
        if (o.closure) out += fmt::format("    closed {} {} {}\n", sdk::format_date(o.closure->closed), o.closure->basis, o.closure->reason);
    }
    for (const auto& u : r.units) out += "  unit " + u.id + " " + u.area_id + "\n";
    for (const auto& s : r.signals)
        out += fmt::format("  signal {} {} {}\n", s.id, sdk::format_date(s.received), s.summary);
    return out;
}

/// What a view says about an area, asked one question at a time.
std::string per_question(const sdk::RegisterView& view, const std::string& area, const std::vector<std::string>& key_figures) {
    std::string out;
    for (const auto& p : view.providers_in_area(area)) {
        out += p.org_number + " " + p.name + "\n";
        for (const auto& a : view.authorizations(p.org_number, area)) out += "  auth " + sdk::format_date(a.granted) + text(a.ended) + "\n";
        for (const auto& u : view.units_of(p.org_number)) out += "  unit " + u.id + " " + u.name + " " + u.address + "\n";
        for (const auto& a : view.follow_ups(p.org_number, area)) {
            out += "  " + text(a) + "\n";
            for (const auto& d : view.decisions(a.id)) out += "    decision " + text(d) + "\n";
            for (const auto& f : view.findings(a.id)) out += "    finding " + f.condition_id + " " + f.grade.level_id + " " + f.text + "\n";
        }
        for (const auto& s : view.signals(p.org_number, area)) out += "  signal " + s.id + "\n";
        for (const auto& k : key_figures)
            for (const auto& v : view.indicator_series(k, p.org_number))
                out += fmt::format("  {} {} {} {} {}\n", k, v.unit_id, sdk::format_date(v.period.first), v.value, v.answers.value_or(-1));
    }
    return out;
}

/// Every RegisterView question passed on to `inner`, for the wrappers below.
template <class Base, class Inner>
class PassesOn : public Base {
public:
    explicit PassesOn(const Inner& inner) : inner_(inner) {}
    std::vector<sdk::Provider> providers_in_area(std::string_view a) const override { return inner_.providers_in_area(a); }
    std::vector<sdk::Authorization> authorizations(std::string_view p, std::string_view a) const override { return inner_.authorizations(p, a); }
    std::vector<sdk::Unit> units_of(std::string_view p) const override { return inner_.units_of(p); }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view p, std::string_view a) const override { return inner_.follow_ups(p, a); }
    std::vector<sdk::Finding> findings(std::string_view id) const override { return inner_.findings(id); }
    std::vector<sdk::Decision> decisions(std::string_view id) const override { return inner_.decisions(id); }
    std::vector<sdk::Signal> signals(std::string_view p, std::string_view a) const override { return inner_.signals(p, a); }
    std::vector<sdk::ProcessStep> steps(std::string_view id) const override { return inner_.steps(id); }
    std::optional<sdk::Closure> closure(std::string_view id) const override { return inner_.closure(id); }
    std::optional<sdk::Assessment> stored_assessment(std::string_view id) const override { return inner_.stored_assessment(id); }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view k, std::string_view p) const override { return inner_.indicator_series(k, p); }

protected:
    const Inner& inner_;
};

/// The SDK's own for_each_provider, which asks the per-provider questions.
class Unoptimised final : public PassesOn<sdk::RegisterView, sdk::RegisterView> {
public:
    using PassesOn::PassesOn;
};

/// A register whose second reader (another_reader) reads another file, in another state: as if
/// a write had been committed between the two readers' first reads. The snapshot must then read
/// the findings itself, not take the other reader's.
class SecondReaderElsewhere final : public PassesOn<Register, Register> {
public:
    SecondReaderElsewhere(const Register& inner, fs::path elsewhere) : PassesOn(inner), elsewhere_(std::move(elsewhere)) {}
    std::unique_ptr<const Register> another_reader() const override { return open_sqlite_register(elsewhere_); }
    std::string state() const override { return inner_.state(); }
    bool contains(const RecordKind& k, const std::string& key) const override { return inner_.contains(k, key); }
    std::optional<Row> find(const RecordKind& k, const std::string& key) const override { return inner_.find(k, key); }
    std::vector<Row> rows_where(const RecordKind& k, const std::string& c, const std::string& v) const override { return inner_.rows_where(k, c, v); }
    std::unique_ptr<RegisterWriter> begin(const std::string&) override { return nullptr; }
    void for_each(const RecordKind& k, const std::function<void(const Row&)>& visit) const override { inner_.for_each(k, visit); }
    void read_consistently(const std::function<void()>& reads) const override { inner_.read_consistently(reads); }
    void for_each(const RecordKind& k, const std::vector<std::string>& c, const std::function<void(const Row&)>& visit) const override {
        inner_.for_each(k, c, visit);
    }
    std::vector<AuditProblem> verify_audit() const override { return inner_.verify_audit(); }
    std::int64_t audit_entries() const override { return inner_.audit_entries(); }
    std::vector<AuditRecord> audit_log(const std::string& k, const std::string& key) const override { return inner_.audit_log(k, key); }
    std::vector<PersonalValue> personal_values() const override { return inner_.personal_values(); }
    std::optional<OfficerCredential> credential(const std::string& officer) const override { return inner_.credential(officer); }
    std::vector<OfficerCredential> credentials() const override { return inner_.credentials(); }
    void backup_to(const fs::path& file) const override { inner_.backup_to(file); }

private:
    fs::path elsewhere_;
};

/// The small fixture imported into a register at `file`.
std::unique_ptr<Register> small_register(const fs::path& file, const MunicipalityConfig& config) {
    auto store = open_sqlite_register(file);
    const fs::path fixture = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "fixtures" / "small";
    for (const auto& k : record_kinds()) {
        const fs::path csv = fixture / (k.name + ".csv");
        if (!fs::exists(csv)) continue;
        const ImportReport report = import_csv(*store, k, read_file(csv), &config, "tester", false);
        EXPECT_TRUE(report.written) << csv;
    }
    return store;
}

TEST(RegisterSnapshot, TakesASecondReadersFindingsOnlyWhenItSawTheSameRegister) {
    TempDir dir;
    auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
    ASSERT_TRUE(loaded.diagnostics.empty());
    auto store = small_register(dir / "register.sqlite", loaded.config);
    // Elsewhere: the same register with one more write, and every finding graded otherwise.
    auto other = small_register(dir / "other.sqlite", loaded.config);
    std::vector<Row> findings;
    other->for_each(*find_record_kind("findings"), [&](const Row& row) { findings.push_back(row); });
    ASSERT_FALSE(findings.empty());
    {
        auto writer = other->begin("tester");
        for (Row row : findings) {
            const auto g = find_record_kind("findings")->column_index("grade");
            row[g] = row[g] == "uppfyllt" ? "ej_uppfyllt" : "uppfyllt";
            writer->upsert(*find_record_kind("findings"), row);
        }
        writer->commit();
    }
    const SecondReaderElsewhere seen_mid_write(*store, dir / "other.sqlite");
    const RegisterSnapshot snapshot(seen_mid_write);
    const RegisterSnapshot direct(*store);
    std::size_t compared = 0;
    for (const auto& row : findings) {
        const auto from_store = store->findings(row[0]);
        const auto graded = snapshot.graded_conditions(row[0]);
        ASSERT_EQ(graded.size(), from_store.size()) << row[0];
        for (std::size_t i = 0; i < graded.size(); ++i) {
            EXPECT_EQ(*graded[i].condition, from_store[i].condition_id);
            EXPECT_EQ(*graded[i].grade, from_store[i].grade) << row[0] << " " << from_store[i].condition_id;
            ++compared;
        }
        EXPECT_EQ(direct.graded_conditions(row[0]).size(), from_store.size());
    }
    EXPECT_GT(compared, 10u);
}

TEST(RegisterSnapshot, AnswersEveryQuestionAsTheRegisterDoes) {
    TempDir dir;
    auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
    ASSERT_TRUE(loaded.diagnostics.empty());
    const MunicipalityConfig& config = loaded.config;
    auto store = open_sqlite_register(dir / "register.sqlite");
    const fs::path fixture = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "fixtures" / "small";
    for (const auto& k : record_kinds()) {
        const fs::path file = fixture / (k.name + ".csv");
        if (!fs::exists(file)) continue;
        const ImportReport report = import_csv(*store, k, read_file(file), &config, "tester", false);
        ASSERT_TRUE(report.written) << file;
    }
    std::vector<std::string> key_figures;
    store->for_each(*find_record_kind("indicators"), [&](const Row& row) {
        if (std::find(key_figures.begin(), key_figures.end(), row[0]) == key_figures.end()) key_figures.push_back(row[0]);
    });
    ASSERT_FALSE(key_figures.empty());

    const RegisterSnapshot snapshot(*store);
    const Unoptimised by_question(*store);
    std::size_t records = 0, follow_ups = 0, decisions = 0, signals = 0;
    for (const auto& area : config.areas) {
        EXPECT_EQ(per_question(snapshot, area.id, key_figures), per_question(*store, area.id, key_figures)) << area.id;
        std::string bulk, expected;
        snapshot.for_each_provider(area.id, [&](const sdk::ProviderRecord& r) {
            bulk += text(r);
            ++records, follow_ups += r.follow_ups.size(), signals += r.signals.size();
            for (const auto& o : r.follow_ups) decisions += o.decisions.size();
        });
        by_question.for_each_provider(area.id, [&](const sdk::ProviderRecord& r) { expected += text(r); });
        EXPECT_EQ(bulk, expected) << area.id;
    }
    // The fixture exercises every part of a record (a test over empty records would prove nothing).
    EXPECT_GT(records, 20u);
    EXPECT_GT(follow_ups, 50u);
    EXPECT_GT(decisions, 0u);
    EXPECT_GT(signals, 0u);
    EXPECT_GE(snapshot.follow_up_count(), follow_ups);
}

}  // namespace

// The snapshot finds a follow-up by its id's first eight bytes, then by the whole id: ids that
// share a long beginning (a municipality's "uppfoljning-2025-0001", ...) must still each be found,
// and one that is not there must not be.
TEST(RegisterSnapshot, FindsFollowUpsWhoseIdsShareTheirFirstBytes) {
    TempDir dir;
    auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
    ASSERT_TRUE(loaded.diagnostics.empty());
    auto store = small_register(dir / "register.sqlite", loaded.config);
    const RecordKind& follow_ups = *find_record_kind("follow_ups");
    const RecordKind& decisions = *find_record_kind("decisions");
    std::optional<Row> follow_up, decision;
    store->for_each(follow_ups, [&](const Row& row) { if (!follow_up) follow_up = row; });
    store->for_each(decisions, [&](const Row& row) { if (!decision) decision = row; });
    ASSERT_TRUE(follow_up && decision);
    const std::vector<std::string> ids{"uppfoljning-2025-0001", "uppfoljning-2025-0002", "uppfoljning-2025-0010", "uppfoljning-2025-01"};
    {
        auto writer = store->begin("tester");
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Row f = *follow_up, d = *decision;
            f[follow_ups.column_index("id")] = ids[i];
            d[decisions.column_index("follow_up")] = ids[i];
            d[decisions.column_index("reason")] = "skäl " + std::to_string(i);
            writer->upsert(follow_ups, f);
            writer->upsert(decisions, d);
        }
        writer->commit();
    }
    const RegisterSnapshot snapshot(*store);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto found = snapshot.decisions(ids[i]);
        ASSERT_EQ(found.size(), 1u) << ids[i];
        EXPECT_EQ(found[0].reason, "skäl " + std::to_string(i)) << ids[i];
        EXPECT_EQ(text(found[0]), text(store->decisions(ids[i])[0])) << ids[i];
    }
    for (const std::string missing : {"uppfoljning-2025-0003", "uppfoljning-2025-00", "uppfoljning-2025-1", "uppfolj", ""})
        EXPECT_TRUE(snapshot.decisions(missing).empty()) << missing;
}

// What the boards' models found (assessment_deficiencies), from memory: each follow-up's in the
// model's order, none for one assessed without any, nothing for one never assessed; the same
// deficiencies as the register's stored assessment gives back.
TEST(RegisterSnapshot, KeepsTheModelsDeficienciesOfEachAssessedFollowUp) {
    TempDir dir;
    auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
    ASSERT_TRUE(loaded.diagnostics.empty());
    auto store = small_register(dir / "register.sqlite", loaded.config);
    const RecordKind& follow_ups = *find_record_kind("follow_ups");
    std::vector<std::string> ids;
    store->for_each(follow_ups, [&](const Row& row) {
        if (ids.size() < 3) ids.push_back(row[follow_ups.column_index("id")]);
    });
    ASSERT_EQ(ids.size(), 3u);
    // ids[0]: two deficiencies; ids[1]: assessed, none; ids[2]: never assessed.
    std::string assessments = "follow_up;board;model;assessed;deficiencies;proposed;serious_maladministration;deadline;legal_ground;reason;"
                              "recheck_from;recheck_to;next_due;risk_category;risk_reason;missing_steps;explanation\n";
    assessments += ids[0] + ";utbildning;education 1.0.0;2025-04-02;2;injunction;nej;;;;2025-05-01;2025-10-01;2025-10-01;;;;\n";
    assessments += ids[1] + ";utbildning;education 1.0.0;2025-04-02;0;no_action;nej;;;;;;2027-04-01;;;;\n";
    ASSERT_TRUE(import_csv(*store, *find_record_kind("assessments"), assessments, &loaded.config, "tester", false).written);
    ASSERT_TRUE(import_csv(*store, *find_record_kind("assessment_deficiencies"),
                           "follow_up;ordinal;condition;scale;grade;text;basis\n" + ids[0] +
                               ";1;ansvarsforsakring;tillsyn4;allvarlig_brist;ingen ansvarsförsäkring uppvisad;uppvisade handlingar\n" + ids[0] +
                               ";2;registerutdrag_adressen;tillsyn4;allvarlig_brist;1 av 3 folkbokförda på adressen har inte visat "
                               "registerutdrag;uppvisade handlingar\n",
                           &loaded.config, "tester", false)
                    .written);
    const RegisterSnapshot snapshot(*store);
    const auto found = snapshot.model_deficiencies(ids[0]);
    ASSERT_TRUE(found.has_value());
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].condition_id, "ansvarsforsakring");
    EXPECT_EQ((*found)[1].text, "1 av 3 folkbokförda på adressen har inte visat registerutdrag");
    EXPECT_EQ((*found)[1].activity_id, ids[0]);
    const auto stored = store->stored_assessment(ids[0]);
    ASSERT_TRUE(stored.has_value());
    ASSERT_EQ(stored->deficiencies.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ((*found)[i].condition_id, stored->deficiencies[i].condition_id);
        EXPECT_EQ((*found)[i].grade.level_id, stored->deficiencies[i].grade.level_id);
        EXPECT_EQ((*found)[i].text, stored->deficiencies[i].text);
        EXPECT_EQ((*found)[i].basis, stored->deficiencies[i].basis);
    }
    ASSERT_TRUE(snapshot.model_deficiencies(ids[1]).has_value());
    EXPECT_TRUE(snapshot.model_deficiencies(ids[1])->empty());
    EXPECT_FALSE(snapshot.model_deficiencies(ids[2]).has_value());
}
