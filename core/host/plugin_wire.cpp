#include "host/plugin_wire.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "records/sdk_fields.hpp"

namespace followup::core::wire {
namespace {

// Every overload is declared before the templates that call it: the templates' calls are looked
// up where the templates are defined (and by ADL). A record's members are written and read in
// the order of its field list (records/sdk_fields.hpp), the one list the row bridge walks too.
struct Writer;
struct Reader;
void put(Writer&, const std::string&);
void put(Writer&, bool);
void put(Writer&, int);
void put(Writer&, std::uint32_t);
void put(Writer&, double);
void put(Writer&, const sdk::Date&);
void put(Writer&, const sdk::GradingScale&);
template <typename E>
    requires std::is_enum_v<E>
void put(Writer&, E);
template <typename T>
void put(Writer&, const std::optional<T>&);
template <typename T>
void put(Writer&, const std::vector<T>&);
template <fields::Listed T>
void put(Writer&, const T&);
void get(Reader&, std::string&);
void get(Reader&, bool&);
void get(Reader&, int&);
void get(Reader&, std::uint32_t&);
void get(Reader&, double&);
void get(Reader&, sdk::Date&);
void get(Reader&, std::vector<sdk::GradingScale>&);
template <typename E>
    requires std::is_enum_v<E>
void get(Reader&, E&);
template <typename T>
void get(Reader&, std::optional<T>&);
template <typename T>
void get(Reader&, std::vector<T>&);
template <fields::Listed T>
void get(Reader&, T&);

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
void put(Writer& w, double v) {
    // Its bits, so that the value read is the value written (a NaN, -0.0 and the last digit included).
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    w.u64(bits);
}
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
template <fields::Listed T>
void put(Writer& w, const T& record) {
    fields::for_each(record, [&](std::string_view, const auto& member) { put(w, member); });
}
void put(Writer& w, const sdk::GradingScale& s) {
    put(w, s.id());
    put(w, s.name());
    put(w, s.levels());
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
void get(Reader& r, double& v) {
    const std::uint64_t bits = r.u64();
    std::memcpy(&v, &bits, sizeof v);
}
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
template <fields::Listed T>
void get(Reader& r, T& record) {
    fields::for_each(record, [&](std::string_view, auto& member) { get(r, member); });
}
void get(Reader& r, std::vector<sdk::GradingScale>& scales) {
    const std::size_t n = r.count();
    scales.clear();
    for (std::size_t i = 0; i < n; ++i) {
        std::string id, name;
        std::vector<sdk::GradeLevel> levels;
        get(r, id);
        get(r, name);
        get(r, levels);
        scales.emplace_back(std::move(id), std::move(name), std::move(levels));  // valid in the child, so here
    }
}

template <typename T>
std::string encode_one(const T& value) {
    Writer w;
    put(w, value);
    return std::move(w.bytes);
}

template <typename T>
T decode_one(const std::string& bytes) {
    Reader r{bytes};
    T value{};
    get(r, value);
    if (r.at != bytes.size()) throw std::runtime_error("the answer from the plugin's process has bytes left over");
    return value;
}

}  // namespace

template <typename T>
std::string encode_value(const T& value) {
    return encode_one(value);
}
template <typename T>
T decode_value(const std::string& bytes) {
    return decode_one<T>(bytes);
}
// What the register answers a long-lived child (host/remote_register.cpp), and a question's words.
#define FOLLOWUP_WIRE_VALUE(...)                                    \
    template std::string encode_value<__VA_ARGS__>(const __VA_ARGS__&); \
    template __VA_ARGS__ decode_value<__VA_ARGS__>(const std::string&)
FOLLOWUP_WIRE_VALUE(std::vector<std::string>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::Provider>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::Authorization>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::Unit>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::FollowUpActivity>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::Finding>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::Decision>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::ProcessStep>);
FOLLOWUP_WIRE_VALUE(std::optional<sdk::Closure>);
FOLLOWUP_WIRE_VALUE(std::optional<sdk::Assessment>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::Signal>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::IndicatorValue>);
FOLLOWUP_WIRE_VALUE(std::vector<sdk::ProviderRecord>);
#undef FOLLOWUP_WIRE_VALUE

std::string encode(const sdk::ModelDescription& value) { return encode_one(value); }
std::string encode(const std::vector<sdk::ConfigIssue>& value) { return encode_one(value); }
std::string encode(const std::vector<sdk::PlannedFollowUp>& value) { return encode_one(value); }
std::string encode(const sdk::Assessment& value) { return encode_one(value); }
std::string encode(const sdk::BoardSection& value) { return encode_one(value); }
std::string encode(const std::vector<sdk::RequirementClaim>& value) { return encode_one(value); }
std::string encode(const sdk::FollowUpRecord& value) { return encode_one(value); }
std::string encode(const sdk::PlanRequest& value) { return encode_one(value); }
std::string encode(const sdk::SectionRequest& value) { return encode_one(value); }

sdk::ModelDescription decode_description(const std::string& bytes) { return decode_one<sdk::ModelDescription>(bytes); }
std::vector<sdk::ConfigIssue> decode_issues(const std::string& bytes) { return decode_one<std::vector<sdk::ConfigIssue>>(bytes); }
std::vector<sdk::PlannedFollowUp> decode_plan(const std::string& bytes) { return decode_one<std::vector<sdk::PlannedFollowUp>>(bytes); }
sdk::Assessment decode_assessment(const std::string& bytes) { return decode_one<sdk::Assessment>(bytes); }
sdk::BoardSection decode_section(const std::string& bytes) { return decode_one<sdk::BoardSection>(bytes); }
std::vector<sdk::RequirementClaim> decode_claims(const std::string& bytes) { return decode_one<std::vector<sdk::RequirementClaim>>(bytes); }
sdk::FollowUpRecord decode_follow_up_record(const std::string& bytes) { return decode_one<sdk::FollowUpRecord>(bytes); }
sdk::PlanRequest decode_plan_request(const std::string& bytes) { return decode_one<sdk::PlanRequest>(bytes); }
sdk::SectionRequest decode_section_request(const std::string& bytes) { return decode_one<sdk::SectionRequest>(bytes); }

}  // namespace followup::core::wire
