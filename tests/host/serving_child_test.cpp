// A plugin's long-lived child (ServingChild, host/isolation.hpp): one process answers call after
// call; a call that crashes, ends or hangs it fails alone and the next call gets a new child;
// nothing a call prints reaches the channel; what the child asks the host is answered from the
// host as it is at that moment; and no child outlives its owner.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <sys/resource.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdexcept>
#include <string>

#include "host/isolation.hpp"
#include "host/plugin_wire.hpp"
#include "host/remote_register.hpp"
#include "store/memory_register.hpp"

using namespace followup::core;
using namespace std::chrono_literals;
using testing::HasSubstr;

namespace {

/// What the test child does with a request: "pid" answers its process id, "segfault", "abort",
/// "exit" and "hang" misbehave so, "throw" throws, "print" writes to stdout and stderr (frame-like
/// bytes included) before answering, "ask:Q" asks the host Q and answers what the host said.
std::string serve(const std::string& request) {
    if (request == "pid") return std::to_string(::getpid());
    if (request == "segfault") ::raise(SIGSEGV);
    if (request == "abort") std::abort();
    if (request == "exit") std::exit(3);
    if (request == "hang")
        for (;;) ::pause();
    if (request == "throw") throw std::runtime_error("broke on purpose");
    if (request == "print") {
        std::cout << std::string("A\x05\0\0\0\0\0\0\0hello", 14) << std::endl;
        std::printf("T%c%c%c%c%c%c%c%cmore\n", 3, 0, 0, 0, 0, 0, 0, 0);
        std::fflush(stdout);
        std::cerr << "to stderr\n";
        return "printed";
    }
    if (request == "fork" || request == "daemon") {
        // "fork" leaves a process of its own running; "daemon" one that is not its child (the
        // one between ends at once), which it cannot see but which is in its process group.
        const pid_t first = ::fork();
        if (first == 0) {
            if (request == "daemon" && ::fork() != 0) ::_exit(0);
            for (int s = 0; s < 600; ++s) ::usleep(100000);
            ::_exit(0);
        }
        if (request == "fork") {
            std::FILE* file = std::fopen(std::getenv("SERVING_CHILD_TEST_PID_FILE"), "w");
            std::fprintf(file, "%d\n", static_cast<int>(first));
            std::fclose(file);
            return "forked";
        }
        int status = 0;
        ::waitpid(first, &status, 0);
        return "daemon started";
    }
    if (request == "close_output") {
        // A plugin that closes its stdout and stderr, then works a while.
        ::close(1);
        ::close(2);
        ::usleep(300'000);
        return "closed";
    }
    if (request.starts_with("ask:")) return "host said " + ask_host(request.substr(4));
    return "unknown request " + request;
}

std::string no_questions(const std::string& q) { throw std::runtime_error("unexpected question " + q); }

/// Whether `pid` is gone: no process, not even a zombie waiting to be reaped.
bool gone(int pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

/// The processes of the process group `group`, from /proc: none once the group was killed whole
/// (a zombie still waiting for its new parent, init, to reap it counts as gone).
/// With `wait`, looks again for up to 5 s until there are none.
std::vector<int> members_of(int group, bool wait = true) {
    std::vector<int> members;
    for (int look = 0; look < 50; ++look) {
        members.clear();
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const std::string name = entry.path().filename().string();
            if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
            std::ifstream stat(entry.path() / "stat");
            std::string line;
            std::getline(stat, line);
            const auto paren = line.rfind(')');
            if (paren == std::string::npos) continue;
            std::istringstream rest(line.substr(paren + 2));
            char state = 0;
            int parent = 0, pgrp = 0;
            rest >> state >> parent >> pgrp;
            if (pgrp == group && state != 'Z') members.push_back(std::stoi(name));
        }
        if (members.empty() || !wait) return members;
        ::usleep(100000);
    }
    return members;
}

TEST(ServingChild, OneChildAnswersManyCallsAndIsNotTheHost) {
    ServingChild child(serve);
    EXPECT_FALSE(child.running());
    const ChildCall first = child.call("pid", 5s, no_questions);
    ASSERT_EQ(first.ending, ChildCall::Ending::answered) << describe_ending(first, 5s);
    EXPECT_NE(first.answer, std::to_string(::getpid()));
    EXPECT_EQ(first.answer, std::to_string(child.pid()));
    for (int i = 0; i < 50; ++i) EXPECT_EQ(child.call("pid", 5s, no_questions).answer, first.answer);
}

TEST(ServingChild, ACallThatEndsTheChildFailsAloneAndTheNextCallGetsANewChild) {
    struct Way {
        std::string request;
        ChildCall::Ending ending;
        std::string said;
    };
    const Way ways[] = {{"segfault", ChildCall::Ending::signalled, "crashed with signal 11"},
                        {"abort", ChildCall::Ending::signalled, "crashed with signal 6"},
                        {"exit", ChildCall::Ending::exited, "ended the process with exit(3) instead of returning"},
                        {"hang", ChildCall::Ending::timed_out, "did not return within 300 ms; stopped"}};
    for (const Way& way : ways) {
        ServingChild child(serve);
        const std::string before = child.call("pid", 5s, no_questions).answer;
        const auto started = std::chrono::steady_clock::now();
        const ChildCall failed = child.call(way.request, 300ms, no_questions);
        EXPECT_EQ(failed.ending, way.ending) << way.request;
        EXPECT_THAT(describe_ending(failed, 300ms), HasSubstr(way.said)) << way.request;
        EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << way.request;
        EXPECT_FALSE(child.running()) << way.request;
        EXPECT_TRUE(gone(std::stoi(before))) << way.request << ": the dead child was not reaped";
        const ChildCall next = child.call("pid", 5s, no_questions);
        ASSERT_EQ(next.ending, ChildCall::Ending::answered) << way.request;
        EXPECT_NE(next.answer, before) << way.request;
    }
}

TEST(ServingChild, AnExceptionFailsTheCallWithItsMessageAndTheChildGoesOn) {
    ServingChild child(serve);
    const std::string before = child.call("pid", 5s, no_questions).answer;
    const ChildCall threw = child.call("throw", 5s, no_questions);
    EXPECT_EQ(threw.ending, ChildCall::Ending::threw);
    EXPECT_EQ(threw.answer, "broke on purpose");
    EXPECT_EQ(child.call("pid", 5s, no_questions).answer, before);
}

TEST(ServingChild, WhatAPluginPrintsNeverReachesTheChannel) {
    ServingChild child(serve);
    for (int i = 0; i < 3; ++i) {
        const ChildCall printed = child.call("print", 5s, no_questions);
        ASSERT_EQ(printed.ending, ChildCall::Ending::answered) << describe_ending(printed, 5s);
        EXPECT_EQ(printed.answer, "printed");
    }
}

TEST(ServingChild, WhatAPluginPrintsBecomesTheHostsLogLinesNamedAndEscaped) {
    std::ostringstream log;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
    spdlog::default_logger()->sinks().push_back(sink);
    ServingChild child(serve, {}, ChildSetup{{}, "plugin 'test'"});
    const ChildCall printed = child.call("print", 5s, no_questions, "describe");
    spdlog::default_logger()->sinks().pop_back();
    ASSERT_EQ(printed.ending, ChildCall::Ending::answered) << describe_ending(printed, 5s);
    EXPECT_THAT(log.str(), HasSubstr("plugin 'test' in describe() printed: A\\x05\\x00\\x00"));
    EXPECT_THAT(log.str(), HasSubstr("plugin 'test' in describe() printed: to stderr"));
    EXPECT_EQ(log.str().find('\x05'), std::string::npos) << "a control character reached the log raw";
}

TEST(ServingChild, AChildThatClosedItsOutputIsWaitedForWithoutSpinning) {
    ServingChild child(serve);
    auto host_cpu = [] {
        rusage used{};
        ::getrusage(RUSAGE_SELF, &used);
        return std::chrono::seconds(used.ru_utime.tv_sec + used.ru_stime.tv_sec) +
               std::chrono::microseconds(used.ru_utime.tv_usec + used.ru_stime.tv_usec);
    };
    const auto before = host_cpu();
    const ChildCall closed = child.call("close_output", 5s, no_questions);
    EXPECT_EQ(closed.answer, "closed");
    EXPECT_EQ(child.call("close_output", 5s, no_questions).answer, "closed");
    // The host waited 0.6 s in all; a pipe at its end polled in a loop would have used most of it.
    EXPECT_LT(host_cpu() - before, 150ms);
}

TEST(ServingChild, ACallThatLeavesAProcessRunningFailsAndTheProcessGoesWithTheChild) {
    const std::string pid_file = testing::TempDir() + "serving_child_test.pid";
    ::setenv("SERVING_CHILD_TEST_PID_FILE", pid_file.c_str(), 1);
    ServingChild child(serve);
    const int before = std::stoi(child.call("pid", 5s, no_questions).answer);
    const ChildCall forked = child.call("fork", 5s, no_questions);
    EXPECT_EQ(forked.ending, ChildCall::Ending::threw);
    EXPECT_THAT(forked.answer, HasSubstr("left a process it started running when the call returned"));
    std::ifstream file(pid_file);
    int grandchild = 0;
    file >> grandchild;
    ASSERT_GT(grandchild, 0);
    EXPECT_TRUE(members_of(before).empty()) << "the child's group lives on";
    const ChildCall next = child.call("pid", 5s, no_questions);
    EXPECT_EQ(next.ending, ChildCall::Ending::answered);
    EXPECT_NE(next.answer, std::to_string(before)) << "the next call gets a new child";
}

TEST(ServingChild, AProcessTheChildStartedInItsGroupDoesNotOutliveItsOwner) {
    int group = 0;
    {
        ServingChild child(serve);
        group = std::stoi(child.call("pid", 5s, no_questions).answer);
        EXPECT_EQ(child.call("daemon", 5s, no_questions).answer, "daemon started");
        EXPECT_EQ(members_of(group, false).size(), 2u) << "the child and the process it started, in its own group";
    }
    EXPECT_TRUE(members_of(group).empty()) << "a process of the child's group outlived its owner";
}

TEST(ServingChild, TheChildsQuestionsAreAnsweredFromTheHostAsItIsAtEachCall) {
    // The host's state changes between calls; a copy made at the fork would not see that.
    int stored = 1;
    auto host = [&](const std::string& question) { return question + "=" + std::to_string(stored); };
    ServingChild child(serve);
    EXPECT_EQ(child.call("ask:count", 5s, host).answer, "host said count=1");
    stored = 2;
    EXPECT_EQ(child.call("ask:count", 5s, host).answer, "host said count=2");
    // What answering throws reaches the child as an exception, which fails that call only.
    const ChildCall refused = child.call("ask:x", 5s, [](const std::string&) -> std::string { throw std::runtime_error("no register"); });
    EXPECT_EQ(refused.ending, ChildCall::Ending::threw);
    EXPECT_EQ(refused.answer, "no register");
    // The time the host takes to answer is not the plugin's.
    auto slow_host = [](const std::string&) {
        ::usleep(400'000);
        return std::string("late");
    };
    EXPECT_EQ(child.call("ask:y", 300ms, slow_host).answer, "host said late");
}

TEST(ServingChild, NoChildOutlivesItsOwner) {
    int pid = 0;
    {
        ServingChild child(serve);
        pid = std::stoi(child.call("pid", 5s, no_questions).answer);
        EXPECT_FALSE(gone(pid));
    }
    EXPECT_TRUE(gone(pid)) << "the child was not killed and reaped with its owner";
    ServingChild stopped(serve);
    pid = std::stoi(stopped.call("pid", 5s, no_questions).answer);
    stopped.stop();
    EXPECT_TRUE(gone(pid));
    EXPECT_EQ(stopped.call("pid", 5s, no_questions).ending, ChildCall::Ending::answered);
}

TEST(ServingChild, AChildKilledBetweenCallsIsReplacedWithoutFailingTheNextCall) {
    // A signal to the whole process group (Ctrl-C) ends an idle child that had nothing to do with the next call.
    ServingChild child(serve);
    const int pid = std::stoi(child.call("pid", 5s, no_questions).answer);
    ::kill(pid, SIGKILL);
    ::usleep(100'000);  // dead, not yet reaped: the owner reaps it
    const ChildCall next = child.call("pid", 5s, no_questions);
    ASSERT_EQ(next.ending, ChildCall::Ending::answered) << describe_ending(next, 5s);
    EXPECT_NE(next.answer, std::to_string(pid));
}

namespace sdk = followup::sdk;
namespace wire = followup::core::wire;

/// Every answer of `view` about the test register, as bytes: the same bytes whether asked here
/// or through the host.
std::string everything(const sdk::RegisterView& view) {
    std::vector<std::string> out;
    out.push_back(wire::encode_value(view.providers_in_area("forskola")));
    out.push_back(wire::encode_value(view.authorizations("556000-0001", "forskola")));
    out.push_back(wire::encode_value(view.units_of("556000-0001")));
    out.push_back(wire::encode_value(view.follow_ups("556000-0001", "forskola")));
    out.push_back(wire::encode_value(view.follow_ups("556000-0001", "forskola")));  // asked twice in one call
    for (const char* id : {"f1", "f2", "f3", "none"}) {
        out.push_back(wire::encode_value(view.findings(id)));
        out.push_back(wire::encode_value(view.decisions(id)));
        out.push_back(wire::encode_value(view.steps(id)));
        out.push_back(wire::encode_value(view.closure(id)));
        out.push_back(wire::encode_value(view.stored_assessment(id)));
    }
    out.push_back(wire::encode_value(view.signals("556000-0001", "forskola")));
    out.push_back(wire::encode_value(view.indicator_series("nki", "556000-0001")));
    std::vector<sdk::ProviderRecord> area;
    view.for_each_provider("forskola", [&](const sdk::ProviderRecord& record) { area.push_back(record); });
    out.push_back(wire::encode_value(area));
    return wire::encode_value(out);
}

TEST(ServingChild, ARegisterReadThroughTheHostAnswersWhatTheRegisterSaysAtEachCall) {
    MemoryRegister reg;
    reg.providers.push_back({"556000-0001", "Förskolan Ekorren AB", sdk::Ownership::private_company});
    reg.authorizations_list.push_back({"556000-0001", "forskola", sdk::AuthorizationStatus::active, std::chrono::year{2020} / 1 / 1, std::nullopt});
    reg.units.push_back({"u1", "556000-0001", "Ekorren", "Gatan 1", "forskola", 3});
    const sdk::Date day = std::chrono::year{2024} / 5 / 2;
    sdk::FollowUpActivity done;
    done.id = "f1", done.form_id = "tillsyn", done.area_id = "forskola", done.provider = "556000-0001", done.unit_id = "u1";
    done.planned = {day, day}, done.done = day, done.status = sdk::ActivityStatus::done;
    sdk::FollowUpActivity second = done;
    second.id = "f2", second.done = std::chrono::year{2025} / 3 / 3;
    sdk::FollowUpActivity planned = done;
    planned.id = "f3", planned.done.reset(), planned.status = sdk::ActivityStatus::planned;
    reg.activities = {done, second, planned};
    reg.findings_list.push_back({"f1", "lokaler", {"tillsyn4", "mindre_brist"}, std::string("text\0with a NUL", 16), "basis"});
    reg.findings_list.push_back({"f3", "lokaler", {"tillsyn4", "uppfyllt"}, "planned, yet a finding", ""});
    sdk::Decision decision;
    decision.kind = sdk::DecisionKind::remark, decision.decided = day, decision.reason = "why";
    reg.decisions_by_activity.push_back({"f1", decision});
    reg.steps_by_activity.push_back({"f1", {"documented", day}});
    reg.closures_by_activity.push_back({"f1", {day, "documents", "remedied"}});
    sdk::Assessment stored;
    stored.explanation = "stored", stored.recheck = sdk::Period{day, day};
    reg.assessments_by_activity.push_back({"f1", stored});
    reg.indicators.push_back({"nki", "556000-0001", "u1", {day, day}, 0.1 + 0.2, 12});
    sdk::Signal signal;
    signal.id = "s1", signal.provider = "556000-0001", signal.area_id = "forskola", signal.received = day, signal.summary = "klagomål";
    reg.signals_list.push_back(signal);

    RemoteRegisterView remote;
    ServingChild child([&remote](const std::string& request) {
        remote.forget();
        if (!request.empty()) remote.take_along(request);
        return everything(remote);
    });
    auto host = [&reg](const std::string& question) { return answer_register_question(reg, question); };
    const ChildCall first = child.call("", 5s, host);
    ASSERT_EQ(first.ending, ChildCall::Ending::answered) << describe_ending(first, 5s) << first.answer;
    EXPECT_TRUE(first.answer == everything(reg)) << "the register read through the host answers differently";
    // Changed between calls, with the follow-ups brought along with the call: what it says now.
    reg.findings_list.push_back({"f2", "personal", {"tillsyn4", "brist"}, "new", ""});
    reg.assessments_by_activity.push_back({"f2", stored});
    const ChildCall second_call = child.call(follow_ups_to_take_along(reg, "556000-0001", "forskola"), 5s, host);
    ASSERT_EQ(second_call.ending, ChildCall::Ending::answered) << second_call.answer;
    EXPECT_TRUE(second_call.answer == everything(reg)) << "the second call saw the register as it was at the first";
    EXPECT_FALSE(second_call.answer == first.answer);
}

TEST(ServingChild, AskingTheHostOutsideAServingChildIsRefused) {
    EXPECT_THROW(ask_host("anything"), std::runtime_error);
}

}  // namespace
