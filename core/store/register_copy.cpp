// `followup register copy` (register_copy.hpp): the source verified, its rows and trail put into
// the empty destination as they are, the destination verified.
#include "store/register_copy.hpp"

#include <fmt/format.h>

namespace followup::core {

using namespace audit_detail;

namespace {

std::string first_problems(const std::vector<AuditProblem>& problems) {
    std::string out;
    for (std::size_t i = 0; i < problems.size() && i < 3; ++i) out += (out.empty() ? "" : "; ") + problems[i].message;
    if (problems.size() > 3) out += fmt::format("; and {} more (followup audit verify lists them)", problems.size() - 3);
    return out;
}

}  // namespace

CopyReport copy_register(const Register& from, Register& to) {
    const auto* trail = dynamic_cast<const TrailSource*>(&from);
    auto* target = dynamic_cast<VerbatimTarget*>(&to);
    if (trail == nullptr || target == nullptr) throw StoreError("this register cannot be copied");
    CopyReport report;
    // One snapshot of the source: its rows and its trail as one writer left them.
    from.read_consistently([&] {
        if (const auto problems = from.verify_audit(); !problems.empty())
            throw StoreError(fmt::format("the register to copy does not verify ({} problem(s)): {}; nothing was copied",
                                         problems.size(), first_problems(problems)));
        auto load = target->begin_verbatim_load();
        // References first, as the foreign keys require: record_kinds() is in dependency order.
        for (const RecordKind& kind : record_kinds())
            from.for_each(kind, [&](const Row& row) {
                load->row(kind, row);
                ++report.rows;
            });
        for (const PersonalValue& value : from.personal_values()) load->personal_value(value);
        for (const OfficerCredential& account : from.credentials()) load->credential(account);
        trail->for_each_entry([&](const AuditEntry& e) {
            load->entry(e);
            ++report.entries;
        });
        load->commit();
    });
    if (const auto problems = to.verify_audit(); !problems.empty())
        throw StoreError(fmt::format("the copy does not verify ({} problem(s)): {}", problems.size(), first_problems(problems)));
    return report;
}

}  // namespace followup::core
