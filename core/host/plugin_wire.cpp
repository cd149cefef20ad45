#include "host/plugin_wire.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace followup::core::wire {
namespace {

// Every overload is declared before the templates that call it: the templates' calls are looked
// up where the templates are defined (and by ADL, which does not see this namespace).
struct Writer;
struct Reader;
#define FOLLOWUP_WIRE_TYPE(T) void put(Writer&, const T&); void get(Reader&, T&);
FOLLOWUP_WIRE_TYPE(sdk::Board)
FOLLOWUP_WIRE_TYPE(sdk::FollowUpForm)
FOLLOWUP_WIRE_TYPE(sdk::GradeLevel)
FOLLOWUP_WIRE_TYPE(sdk::ConfigIssue)
FOLLOWUP_WIRE_TYPE(sdk::PlannedFollowUp)
FOLLOWUP_WIRE_TYPE(sdk::Grade)
FOLLOWUP_WIRE_TYPE(sdk::Finding)
FOLLOWUP_WIRE_TYPE(sdk::Decision)
FOLLOWUP_WIRE_TYPE(sdk::Assessment)
FOLLOWUP_WIRE_TYPE(sdk::Table)
FOLLOWUP_WIRE_TYPE(sdk::RiskSignal)
FOLLOWUP_WIRE_TYPE(sdk::BoardSection)
FOLLOWUP_WIRE_TYPE(sdk::RequirementClaim)
FOLLOWUP_WIRE_TYPE(sdk::ModelDescription)
FOLLOWUP_WIRE_TYPE(sdk::Date)
FOLLOWUP_WIRE_TYPE(sdk::Period)
FOLLOWUP_WIRE_TYPE(std::string)
#undef FOLLOWUP_WIRE_TYPE
void put(Writer&, const sdk::GradingScale&);

// ---- writing ----

struct Writer {
    std::string bytes;

    void u64(std::uint64_t v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void flag(bool v) { bytes.push_back(v ? '\1' : '\0'); }
    void text(const std::string& v) {
        u64(v.size());
        bytes.append(v);
    }
};

void put(Writer& w, const std::string& v) { w.text(v); }
void put(Writer& w, bool v) { w.flag(v); }
void put(Writer& w, int v) { w.i64(v); }
void put(Writer& w, std::uint32_t v) { w.u64(v); }
template <typename E>
    requires std::is_enum_v<E>
void put(Writer& w, E v) {
    w.i64(static_cast<std::int64_t>(v));
}
void put(Writer& w, const sdk::Date& d) {
    // Stored as its fields, not as days since the epoch: a plugin may return a date that is not
    // ok() (2025-02-30), and the host must see exactly what it returned.
    w.i64(static_cast<int>(d.year()));
    w.i64(static_cast<unsigned>(d.month()));
    w.i64(static_cast<unsigned>(d.day()));
}
void put(Writer& w, const sdk::Period& p) {
    put(w, p.first);
    put(w, p.last);
}
template <typename T>
void put(Writer& w, const std::optional<T>& v) {
    w.flag(v.has_value());
    if (v) put(w, *v);
}
template <typename T>
void put(Writer& w, const std::vector<T>& v) {
    w.u64(v.size());
    for (const T& item : v) put(w, item);
}
void put(Writer& w, const sdk::Board& b) {
    put(w, b.id);
    put(w, b.name);
}
void put(Writer& w, const sdk::FollowUpForm& f) {
    put(w, f.id);
    put(w, f.name);
    put(w, f.may_sanction);
    put(w, f.description);
    put(w, f.visit);
    put(w, f.unannounced);
}
void put(Writer& w, const sdk::GradeLevel& l) {
    put(w, l.id);
    put(w, l.label_sv);
    put(w, l.label_en);
    put(w, l.deficiency);
    put(w, l.severity);
}
void put(Writer& w, const sdk::GradingScale& s) {
    put(w, s.id());
    put(w, s.name());
    put(w, s.levels());
}
void put(Writer& w, const sdk::ConfigIssue& i) {
    put(w, i.key_path);
    put(w, i.message);
    put(w, i.line);
    put(w, i.column);
}
void put(Writer& w, const sdk::PlannedFollowUp& p) {
    put(w, p.area_id);
    put(w, p.provider);
    put(w, p.unit_id);
    put(w, p.form_id);
    put(w, p.window);
    put(w, p.reason);
    put(w, p.trigger);
}
void put(Writer& w, const sdk::Grade& g) {
    put(w, g.scale_id);
    put(w, g.level_id);
}
void put(Writer& w, const sdk::Finding& f) {
    put(w, f.activity_id);
    put(w, f.condition_id);
    put(w, f.grade);
    put(w, f.text);
    put(w, f.basis);
}
void put(Writer& w, const sdk::Decision& d) {
    put(w, d.kind);
    put(w, d.serious_maladministration);
    put(w, d.deadline);
    put(w, d.reason);
    put(w, d.decided);
    put(w, d.reference);
    put(w, d.legal_ground);
}
void put(Writer& w, const sdk::Assessment& a) {
    put(w, a.deficiencies);
    put(w, a.proposed);
    put(w, a.next_due);
    put(w, a.explanation);
    put(w, a.missing_steps);
    put(w, a.recheck);
    put(w, a.risk_category);
    put(w, a.risk_reason);
}
void put(Writer& w, const sdk::Table& t) {
    put(w, t.caption);
    put(w, t.columns);
    put(w, t.rows);
}
void put(Writer& w, const sdk::RiskSignal& s) {
    put(w, s.provider);
    put(w, s.area_id);
    put(w, s.kind);
    put(w, s.explanation);
}
void put(Writer& w, const sdk::BoardSection& s) {
    put(w, s.title);
    put(w, s.paragraphs);
    put(w, s.tables);
    put(w, s.risk_signals);
}
void put(Writer& w, const sdk::RequirementClaim& c) {
    put(w, c.requirement);
    put(w, c.how);
    put(w, c.evidence);
}
void put(Writer& w, const sdk::ModelDescription& m) {
    put(w, m.boards);
    put(w, m.area_ids);
    put(w, m.forms);
    put(w, m.scale_id);
    put(w, m.summary);
    put(w, m.scales);
}

// ---- reading ----

struct Reader {
    const std::string& bytes;
    std::size_t at = 0;

    void need(std::size_t n) const {
        if (bytes.size() - at < n) throw std::runtime_error("the answer from the plugin's process ends early");
    }
    std::uint64_t u64() {
        need(sizeof(std::uint64_t));
        std::uint64_t v = 0;
        std::memcpy(&v, bytes.data() + at, sizeof v);
        at += sizeof v;
        return v;
    }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    bool flag() {
        need(1);
        return bytes[at++] != '\0';
    }
    std::string text() {
        const std::uint64_t n = u64();
        need(n);
        std::string v = bytes.substr(at, n);
        at += n;
        return v;
    }
    /// A count of items that each take at least one byte: never more than what is left, so a
    /// corrupt count cannot make us reserve gigabytes.
    std::size_t count() {
        const std::uint64_t n = u64();
        need(n);
        return static_cast<std::size_t>(n);
    }
};

void get(Reader& r, std::string& v) { v = r.text(); }
void get(Reader& r, bool& v) { v = r.flag(); }
void get(Reader& r, int& v) { v = static_cast<int>(r.i64()); }
void get(Reader& r, std::uint32_t& v) { v = static_cast<std::uint32_t>(r.u64()); }
template <typename E>
    requires std::is_enum_v<E>
void get(Reader& r, E& v) {
    v = static_cast<E>(r.i64());
}
void get(Reader& r, sdk::Date& d) {
    const auto y = static_cast<int>(r.i64());
    const auto m = static_cast<unsigned>(r.i64());
    const auto day = static_cast<unsigned>(r.i64());
    d = sdk::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
}
void get(Reader& r, sdk::Period& p) {
    get(r, p.first);
    get(r, p.last);
}
template <typename T>
void get(Reader& r, std::optional<T>& v) {
    if (r.flag()) {
        T item{};
        get(r, item);
        v = std::move(item);
    } else {
        v.reset();
    }
}
template <typename T>
void get(Reader& r, std::vector<T>& v) {
    const std::size_t n = r.count();
    v.clear();
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) get(r, v.emplace_back());
}
void get(Reader& r, sdk::Board& b) {
    get(r, b.id);
    get(r, b.name);
}
void get(Reader& r, sdk::FollowUpForm& f) {
    get(r, f.id);
    get(r, f.name);
    get(r, f.may_sanction);
    get(r, f.description);
    get(r, f.visit);
    get(r, f.unannounced);
}
void get(Reader& r, sdk::GradeLevel& l) {
    get(r, l.id);
    get(r, l.label_sv);
    get(r, l.label_en);
    get(r, l.deficiency);
    get(r, l.severity);
}
sdk::GradingScale get_scale(Reader& r) {
    std::string id, name;
    std::vector<sdk::GradeLevel> levels;
    get(r, id);
    get(r, name);
    get(r, levels);
    return sdk::GradingScale(std::move(id), std::move(name), std::move(levels));  // valid in the child, so here
}
void get(Reader& r, sdk::ConfigIssue& i) {
    get(r, i.key_path);
    get(r, i.message);
    get(r, i.line);
    get(r, i.column);
}
void get(Reader& r, sdk::PlannedFollowUp& p) {
    get(r, p.area_id);
    get(r, p.provider);
    get(r, p.unit_id);
    get(r, p.form_id);
    get(r, p.window);
    get(r, p.reason);
    get(r, p.trigger);
}
void get(Reader& r, sdk::Grade& g) {
    get(r, g.scale_id);
    get(r, g.level_id);
}
void get(Reader& r, sdk::Finding& f) {
    get(r, f.activity_id);
    get(r, f.condition_id);
    get(r, f.grade);
    get(r, f.text);
    get(r, f.basis);
}
void get(Reader& r, sdk::Decision& d) {
    get(r, d.kind);
    get(r, d.serious_maladministration);
    get(r, d.deadline);
    get(r, d.reason);
    get(r, d.decided);
    get(r, d.reference);
    get(r, d.legal_ground);
}
void get(Reader& r, sdk::Assessment& a) {
    get(r, a.deficiencies);
    get(r, a.proposed);
    get(r, a.next_due);
    get(r, a.explanation);
    get(r, a.missing_steps);
    get(r, a.recheck);
    get(r, a.risk_category);
    get(r, a.risk_reason);
}
void get(Reader& r, sdk::Table& t) {
    get(r, t.caption);
    get(r, t.columns);
    get(r, t.rows);
}
void get(Reader& r, sdk::RiskSignal& s) {
    get(r, s.provider);
    get(r, s.area_id);
    get(r, s.kind);
    get(r, s.explanation);
}
void get(Reader& r, sdk::BoardSection& s) {
    get(r, s.title);
    get(r, s.paragraphs);
    get(r, s.tables);
    get(r, s.risk_signals);
}
void get(Reader& r, sdk::RequirementClaim& c) {
    get(r, c.requirement);
    get(r, c.how);
    get(r, c.evidence);
}
void get(Reader& r, sdk::ModelDescription& m) {
    get(r, m.boards);
    get(r, m.area_ids);
    get(r, m.forms);
    get(r, m.scale_id);
    get(r, m.summary);
    const std::size_t n = r.count();
    m.scales.clear();
    for (std::size_t i = 0; i < n; ++i) m.scales.push_back(get_scale(r));
}

template <typename T>
std::string encode_value(const T& value) {
    Writer w;
    put(w, value);
    return std::move(w.bytes);
}

template <typename T>
T decode_value(const std::string& bytes) {
    Reader r{bytes};
    T value{};
    get(r, value);
    if (r.at != bytes.size()) throw std::runtime_error("the answer from the plugin's process has bytes left over");
    return value;
}

}  // namespace

std::string encode(const sdk::ModelDescription& value) { return encode_value(value); }
std::string encode(const std::vector<sdk::ConfigIssue>& value) { return encode_value(value); }
std::string encode(const std::vector<sdk::PlannedFollowUp>& value) { return encode_value(value); }
std::string encode(const sdk::Assessment& value) { return encode_value(value); }
std::string encode(const sdk::BoardSection& value) { return encode_value(value); }
std::string encode(const std::vector<sdk::RequirementClaim>& value) { return encode_value(value); }

sdk::ModelDescription decode_description(const std::string& bytes) { return decode_value<sdk::ModelDescription>(bytes); }
std::vector<sdk::ConfigIssue> decode_issues(const std::string& bytes) { return decode_value<std::vector<sdk::ConfigIssue>>(bytes); }
std::vector<sdk::PlannedFollowUp> decode_plan(const std::string& bytes) { return decode_value<std::vector<sdk::PlannedFollowUp>>(bytes); }
sdk::Assessment decode_assessment(const std::string& bytes) { return decode_value<sdk::Assessment>(bytes); }
sdk::BoardSection decode_section(const std::string& bytes) { return decode_value<sdk::BoardSection>(bytes); }
std::vector<sdk::RequirementClaim> decode_claims(const std::string& bytes) { return decode_value<std::vector<sdk::RequirementClaim>>(bytes); }

}  // namespace followup::core::wire
