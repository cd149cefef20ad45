#include "host/answer_checks.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scales/scale_registry.hpp"

namespace followup::core {
namespace {

namespace limits = answer_limits;

/// A value as a message shows it: quoted and cut, so that a 5 MB text does not become a 5 MB
/// message; control characters are escaped by whoever logs it.
std::string shown(std::string_view text) {
    constexpr std::size_t at_most = 60;
    if (text.size() <= at_most) return fmt::format("'{}'", text);
    std::size_t cut = at_most;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;  // not inside a UTF-8 character
    return fmt::format("'{}…' ({} bytes)", text.substr(0, cut), text.size());
}

[[noreturn]] void refuse(const std::string& field, const std::string& found, const std::string& expected) {
    throw std::runtime_error(fmt::format("its answer's {} is {}; expected {}", field, found, expected));
}

// Each check takes its field's name as a string or as a function that makes it: a national
// section has a million cells, whose names are made only for the one that breaks a rule.
template <typename Field>
std::string name(const Field& field) {
    if constexpr (std::is_invocable_v<const Field&>) return field();
    else return std::string(field);
}

/// The name of item `i` of the list named `list` (a name or a function making it).
template <typename List>
auto at(List list, std::size_t i) {
    return [list, i] { return fmt::format("{}[{}]", name(list), i); };
}

/// `field` + `member`, made when needed.
template <typename Field>
auto dot(Field field, const char* member) {
    return [field, member] { return name(field) + member; };
}

template <typename Field>
void count(const Field& field, std::size_t n, std::size_t most) {
    if (n > most) refuse(name(field), fmt::format("a list of {} items", n), fmt::format("at most {}", most));
}

template <typename Field>
void text(const Field& field, const std::string& value, std::size_t most) {
    if (value.size() > most)
        refuse(name(field), fmt::format("{} bytes long ({})", value.size(), shown(value)), fmt::format("at most {} bytes", most));
}

template <typename Field>
void word(const Field& field, const std::string& value) {
    text(field, value, limits::word_bytes);
}

template <typename Field>
void date(const Field& field, const sdk::Date& day) {
    if (!day.ok())
        refuse(name(field),
               fmt::format("{}-{:02}-{:02}, not a day of the calendar", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                           static_cast<unsigned>(day.day())),
               "a real date");
    const int year = static_cast<int>(day.year());
    if (year < limits::first_year || year > limits::last_year)
        refuse(name(field), sdk::format_date(day), fmt::format("a date in the years {}–{}", limits::first_year, limits::last_year));
}

template <typename Field>
void date(const Field& field, const std::optional<sdk::Date>& day) {
    if (day) date(field, *day);
}

template <typename Field>
void period(const Field& field, const sdk::Period& p) {
    date(dot(field, ".first"), p.first);
    date(dot(field, ".last"), p.last);
    if (p.last < p.first)
        refuse(name(field), fmt::format("{} – {}, ending before it starts", sdk::format_date(p.first), sdk::format_date(p.last)),
               "a first day on or before the last");
}

/// An enumerator within its type's values (an answer decoded from a child's bytes, or a plugin's
/// cast, can hold any number).
template <typename Field, typename Enum>
void choice(const Field& field, Enum value, Enum last, std::string_view values) {
    const auto n = static_cast<long long>(value);
    if (n < 0 || n > static_cast<long long>(last))
        refuse(name(field), fmt::format("{} (not one of its values)", n), fmt::format("one of {}", values));
}

void decision(const char* field, const sdk::Decision& d) {
    choice(dot(field, ".kind"), d.kind, sdk::DecisionKind::revocation,
           "no_action, pointed_out, remark, injunction, injunction_with_fine, revocation");
    date(dot(field, ".deadline"), d.deadline);
    text(dot(field, ".reason"), d.reason, limits::text_bytes);
    date(dot(field, ".decided"), d.decided);
    word(dot(field, ".reference"), d.reference);
    text(dot(field, ".legal_ground"), d.legal_ground, limits::text_bytes);
}

}  // namespace

void check_answer(const sdk::ModelDescription& answer) {
    count("boards", answer.boards.size(), limits::declarations);
    for (std::size_t i = 0; i < answer.boards.size(); ++i) {
        word(dot(at("boards", i), ".id"), answer.boards[i].id);
        text(dot(at("boards", i), ".name"), answer.boards[i].name, limits::text_bytes);
    }
    count("area_ids", answer.area_ids.size(), limits::declarations);
    for (std::size_t i = 0; i < answer.area_ids.size(); ++i) word(at("area_ids", i), answer.area_ids[i]);
    count("forms", answer.forms.size(), limits::declarations);
    for (std::size_t i = 0; i < answer.forms.size(); ++i) {
        const auto f = at("forms", i);
        word(dot(f, ".id"), answer.forms[i].id);
        text(dot(f, ".name"), answer.forms[i].name, limits::text_bytes);
        text(dot(f, ".description"), answer.forms[i].description, limits::text_bytes);
    }
    word("scale_id", answer.scale_id);
    text("summary", answer.summary, limits::text_bytes);
    count("scales", answer.scales.size(), limits::declarations);
    for (std::size_t i = 0; i < answer.scales.size(); ++i) {
        const sdk::GradingScale& scale = answer.scales[i];
        word(dot(at("scales", i), ".id"), scale.id());
        text(dot(at("scales", i), ".name"), scale.name(), limits::text_bytes);
        count(dot(at("scales", i), ".levels"), scale.levels().size(), limits::declarations);
        for (std::size_t l = 0; l < scale.levels().size(); ++l) {
            const auto level = at(dot(at("scales", i), ".levels"), l);
            word(dot(level, ".id"), scale.levels()[l].id);
            text(dot(level, ".label_sv"), scale.levels()[l].label_sv, limits::text_bytes);
            text(dot(level, ".label_en"), scale.levels()[l].label_en, limits::text_bytes);
        }
    }
}

void check_answer(const std::vector<sdk::ConfigIssue>& answer) {
    count("issues", answer.size(), limits::issues);
    for (std::size_t i = 0; i < answer.size(); ++i) {
        text(dot(at("issues", i), ".key_path"), answer[i].key_path, limits::text_bytes);
        text(dot(at("issues", i), ".message"), answer[i].message, limits::text_bytes);
    }
}

void check_answer(const std::vector<sdk::PlannedFollowUp>& answer) {
    count("plan", answer.size(), limits::planned);
    for (std::size_t i = 0; i < answer.size(); ++i) {
        const sdk::PlannedFollowUp& p = answer[i];
        const auto bare = at("plan", i);
        word(dot(bare, ".provider"), p.provider);
        word(dot(bare, ".unit_id"), p.unit_id);
        // Named by what the officer knows it by, once its words are known to be short.
        const auto item = [&p, bare] {
            return name(bare) + (p.unit_id.empty() ? fmt::format(" (provider {})", p.provider)
                                                   : fmt::format(" (provider {}, unit {})", p.provider, p.unit_id));
        };
        word(dot(item, ".area_id"), p.area_id);
        word(dot(item, ".form_id"), p.form_id);
        period(dot(item, ".window"), p.window);
        text(dot(item, ".reason"), p.reason, limits::text_bytes);
        choice(dot(item, ".trigger"), p.trigger, sdk::Trigger::signal, "planned, signal");
    }
}

void check_answer(const sdk::Assessment& answer, const ScaleRegistry* scales) {
    count("deficiencies", answer.deficiencies.size(), limits::deficiencies);
    for (std::size_t i = 0; i < answer.deficiencies.size(); ++i) {
        const sdk::Finding& f = answer.deficiencies[i];
        const auto item = at("deficiencies", i);
        word(dot(item, ".activity_id"), f.activity_id);
        word(dot(item, ".condition_id"), f.condition_id);
        word(dot(item, ".grade.scale_id"), f.grade.scale_id);
        word(dot(item, ".grade.level_id"), f.grade.level_id);
        text(dot(item, ".text"), f.text, limits::text_bytes);
        word(dot(item, ".basis"), f.basis);
        if (scales == nullptr) continue;
        const sdk::GradingScale* scale = scales->find(f.grade.scale_id);
        if (scale == nullptr) refuse(name(dot(item, ".grade.scale_id")), shown(f.grade.scale_id), fmt::format("one of the scales: {}", fmt::join(scales->ids(), ", ")));
        if (scale->level(f.grade.level_id) == nullptr) {
            std::vector<std::string> levels;
            for (const auto& l : scale->levels()) levels.push_back(l.id);
            refuse(name(dot(item, ".grade.level_id")), shown(f.grade.level_id), fmt::format("a level of scale '{}': {}", scale->id(), fmt::join(levels, ", ")));
        }
    }
    decision("proposed", answer.proposed);
    date("next_due", answer.next_due);
    text("explanation", answer.explanation, limits::text_bytes);
    count("missing_steps", answer.missing_steps.size(), limits::steps);
    for (std::size_t i = 0; i < answer.missing_steps.size(); ++i) word(at("missing_steps", i), answer.missing_steps[i]);
    if (answer.recheck) period("recheck", *answer.recheck);
    word("risk_category", answer.risk_category);
    text("risk_reason", answer.risk_reason, limits::text_bytes);
}

void check_answer(const sdk::BoardSection& answer) {
    std::size_t total = 0;
    auto part = [&](const auto& field, const std::string& value, std::size_t most) {
        text(field, value, most);
        total += value.size();
        if (total > limits::section_bytes)
            refuse(name(field), fmt::format("where the section's texts pass {} bytes", limits::section_bytes),
                   fmt::format("a section of at most {} MiB in all", limits::section_bytes / (1024 * 1024)));
    };
    part("title", answer.title, limits::text_bytes);
    count("paragraphs", answer.paragraphs.size(), limits::paragraphs);
    for (std::size_t i = 0; i < answer.paragraphs.size(); ++i) part(at("paragraphs", i), answer.paragraphs[i], limits::paragraph_bytes);
    count("tables", answer.tables.size(), limits::tables);
    for (std::size_t t = 0; t < answer.tables.size(); ++t) {
        const sdk::Table& table = answer.tables[t];
        const auto table_name = at("tables", t);
        part(dot(table_name, ".caption"), table.caption, limits::text_bytes);
        count(dot(table_name, ".columns"), table.columns.size(), limits::declarations);
        for (std::size_t c = 0; c < table.columns.size(); ++c) part(at(dot(table_name, ".columns"), c), table.columns[c], limits::text_bytes);
        count(dot(table_name, ".rows"), table.rows.size(), limits::rows);
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            count(at(dot(table_name, ".rows"), r), table.rows[r].size(), limits::declarations);
            for (std::size_t c = 0; c < table.rows[r].size(); ++c) part(at(at(dot(table_name, ".rows"), r), c), table.rows[r][c], limits::text_bytes);
        }
    }
    count("risk_signals", answer.risk_signals.size(), limits::rows);
    for (std::size_t i = 0; i < answer.risk_signals.size(); ++i) {
        const sdk::RiskSignal& s = answer.risk_signals[i];
        const auto item = at("risk_signals", i);
        word(dot(item, ".provider"), s.provider);
        word(dot(item, ".area_id"), s.area_id);
        word(dot(item, ".kind"), s.kind);
        part(dot(item, ".explanation"), s.explanation, limits::text_bytes);
    }
}

void check_answer(const std::vector<sdk::RequirementClaim>& answer) {
    count("claims", answer.size(), limits::declarations);
    for (std::size_t i = 0; i < answer.size(); ++i) {
        const sdk::RequirementClaim& c = answer[i];
        const auto item = at("claims", i);
        choice(dot(item, ".requirement"), c.requirement, sdk::Requirement::predictable, "good_quality, uniform_assessment, predictable");
        text(dot(item, ".how"), c.how, limits::text_bytes);
        count(dot(item, ".evidence"), c.evidence.size(), limits::declarations);
        for (std::size_t e = 0; e < c.evidence.size(); ++e) word(at(dot(item, ".evidence"), e), c.evidence[e]);
    }
}

}  // namespace followup::core
