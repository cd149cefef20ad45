// LoadedPlugin::start_compilation and finish_compilation: the four calls the compilation makes of
// a board's model, in one child process when isolated. Why one child: a fork of a host holding a
// national register in memory costs tens of milliseconds (its page tables are copied, and every
// page the host writes afterwards takes a fault), so four per board were a second of a national
// compilation.
#include "host/plugin_host.hpp"

#include <array>

#include "host/answer_checks.hpp"
#include "host/isolation.hpp"
#include "host/plugin_wire.hpp"

namespace followup::core {

LoadedPlugin::StartedCompilation LoadedPlugin::start_compilation(const sdk::SectionRequest& section, const sdk::PlanRequest& next_year) {
    StartedCompilation started{section, next_year, {}};
    if (!calls_.isolated) return started;
    // In the child: each answer but the last is sent as a part as soon as it is ready, so that a
    // failure is placed in the call after the last part received, and the time limit runs per call.
    started.child = start_child(
        [this, &section, &next_year] {
            // Each call's answer is sent once the call left no process of its own behind.
            auto done = [](std::string answer) {
                check_no_process_left();
                return answer;
            };
            send_part_to_host(done(wire::encode(model_for_call().describe())));
            send_part_to_host(done(wire::encode(model_for_call().write_section(section))));
            send_part_to_host(done(wire::encode(model_for_call().regulation_claims())));
            return done(wire::encode(model_for_call().plan_year(next_year)));
        },
        calls_.time_limit, true, child_setup("its compilation calls"));
    return started;
}

LoadedPlugin::CompilationAnswers LoadedPlugin::finish_compilation(StartedCompilation& started) {
    static constexpr std::array<const char*, 4> calls{"describe", "write_section", "regulation_claims", "plan_year"};
    if (!calls_.isolated) {
        CompilationAnswers answers;
        answers.description = describe();
        answers.section = write_section(started.section);
        answers.claims = regulation_claims();
        answers.next_year = plan_year(started.next_year);
        return answers;
    }
    const ChildCall child = finish_child(started.child);
    const char* failed_in = calls[std::min(child.parts.size(), calls.size() - 1)];
    if (child.ending == ChildCall::Ending::threw) throw PluginCallError(id_, failed_in, child.answer);
    if (child.ending != ChildCall::Ending::answered)
        throw PluginCallError(id_, failed_in, describe_ending(child, calls_.time_limit), true);
    // The four calls ran in one child; the mark before each part tells whose the lines were.
    for (std::size_t i = 0; i < child.part_printed.size() && i < calls.size(); ++i)
        if (child.part_printed[i] > 0) throw PluginCallError(id_, calls[i], printed_failure(child.part_printed[i]));
    if (child.printed > 0) throw PluginCallError(id_, failed_in, printed_failure(child.printed));
    try {
        if (child.parts.size() != 3) throw std::runtime_error("the child sent " + std::to_string(child.parts.size()) + " answers, expected 3");
        CompilationAnswers answers;
        // Each answer checked as the one-at-a-time calls' are (answer_checks.hpp).
        auto check = [&](auto answer, const char* call, const std::string& about) {
            try {
                check_answer(answer);
            } catch (const std::exception& e) {
                throw PluginCallError(id_, call, about.empty() ? std::string(e.what()) : about + ": " + e.what(), true);
            }
            return answer;
        };
        const std::string board = "for board '" + started.section.board_id + "', year ";
        answers.description = check(wire::decode_description(child.parts[0]), calls[0], "");
        answers.section = check(wire::decode_section(child.parts[1]), calls[1], board + std::to_string(started.section.year));
        answers.claims = check(wire::decode_claims(child.parts[2]), calls[2], "");
        answers.next_year = check(wire::decode_plan(child.answer), calls[3], board + std::to_string(started.next_year.year));
        return answers;
    } catch (const PluginCallError&) {
        throw;
    } catch (const std::exception& e) {
        throw PluginCallError(id_, failed_in, e.what(), true);
    }
}

}  // namespace followup::core
