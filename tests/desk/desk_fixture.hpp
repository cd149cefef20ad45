// The officer's desk's tests share this: the real `followup serve` on a free loopback port, on the
// example municipality with officers of different boards and the small fixture register, driven
// with cpp-httplib's client (desk_test.cpp) or a browser (desk_browser_test.cpp). What the desk
// wrote is read with the sqlite3 shell, not through followup.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "cli_support.hpp"

namespace followup::test {

inline const std::string anna_password = "anna-lösenord-1";
inline const std::string karl_password = "karl-lösenord-2";
inline const std::string berit_password = "berit-lösenord-3";

/// The example municipality with officers of the education board (anna, berit) and of elder care
/// and social services (karl); the small fixture's providers, units and authorizations (all the
/// units are preschools: the education board's), and two planned supervisions of March 2025.
class Desk : public CliTest {
protected:
    void SetUp() override {
        fs::copy(example_config().parent_path(), dir / "config", fs::copy_options::recursive);
        config = dir / "config" / "municipality.toml";
        std::ofstream(config, std::ios::app) << "\n[[officers]]\nid = \"anna\"\nname = \"Anna Berg\"\nboards = [\"utbildning\"]\n"
                                             << "\n[[officers]]\nid = \"berit\"\nname = \"Berit Lund\"\nboards = [\"utbildning\"]\n"
                                             << "\n[[officers]]\nid = \"karl\"\nname = \"Karl Ek\"\nboards = [\"aldre\", \"social\"]\n";
        ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers", "units", "authorizations"}));
        write_file(dir / "planned.csv",
                   "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                   "p1;559000-0005;u0;forskola;tillsyn;2025-03-10;2025-03-21;;planned;utb_ingrid;planned\n"
                   "p2;559000-0013;u1;forskola;tillsyn;2025-03-24;2025-03-28;;planned;utb_ingrid;planned\n");
        auto r = run(followup("import follow_ups " + quoted(dir / "planned.csv")));
        ASSERT_EQ(r.exit_code, 0) << r.output;
        for (const auto& [officer, password] : {std::pair{"anna", anna_password}, {"karl", karl_password}, {"berit", berit_password}}) {
            r = run("printf '%s\\n' '" + password + "' | " + followup(std::string("officer password ") + officer));
            ASSERT_EQ(r.exit_code, 0) << r.output;
        }
        start_desk();
    }

    void TearDown() override { stop_desk(); }

    void stop_desk() {
        if (desk_ > 0) {
            ::kill(desk_, SIGTERM);
            // Within 20 s, or it is killed and the test fails (a desk that ignores SIGTERM would
            // otherwise hang the test until ctest's own timeout).
            int status = 0;
            for (int waited = 0; ::waitpid(desk_, &status, WNOHANG) == 0; ++waited) {
                if (waited == 2000) {
                    ADD_FAILURE() << "followup serve did not stop within 20 s of SIGTERM";
                    ::kill(desk_, SIGKILL);
                    ::waitpid(desk_, &status, 0);
                    break;
                }
                ::usleep(10000);
            }
            desk_ = -1;
            // A clean stop on SIGTERM: the server's threads are joined, the exit code is 0.
            EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "followup serve ended with status " << status;
        }
    }

    /// `followup serve --listen 127.0.0.1:0` in the background, with `serve_options` after it; the port
    /// is what it says it serves on.
    void start_desk(const std::string& serve_options = "") {
        int out[2];
        ASSERT_EQ(::pipe(out), 0);
        desk_ = ::fork();
        ASSERT_GE(desk_, 0);
        if (desk_ == 0) {
            ::dup2(out[1], 1);
            ::close(out[0]);
            ::close(out[1]);
            // `env`: the command may start with the register's assignments (PostgreSQL's audit
            // key), which `exec` alone would take for the program; env execs in turn, so the
            // pid stays the desk's.
            const std::string command = "exec env " + followup("serve --listen 127.0.0.1:0 " + serve_options);
            ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        std::string line;
        char c = 0;
        while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(out[0]);
        std::smatch m;
        ASSERT_TRUE(std::regex_search(line, m, std::regex("serving the desk on http://127\\.0\\.0\\.1:([0-9]+)/"))) << line;
        port_ = std::stoi(m[1]);
    }

    httplib::Client client() const { return httplib::Client("127.0.0.1", port_); }

    /// Signs in; the session's cookie ("desk=…") and the Set-Cookie header as sent.
    struct SignedIn {
        std::string cookie, set_cookie;
    };
    /// Posts the sign-in form as a browser does: the page first, for its token and the cookie that
    /// carries the same token, then the form with both.
    httplib::Result post_sign_in(const std::string& officer, const std::string& password) const {
        auto page = client().Get("/sign-in");
        EXPECT_TRUE(page);
        std::string token, cookie;
        if (page) {
            token = csrf_of(page->body);
            const std::string set = page->get_header_value("Set-Cookie");
            cookie = set.substr(0, set.find(';'));
            EXPECT_THAT(cookie, ::testing::StartsWith("desk-sign-in=")) << set;
        }
        return client().Post("/sign-in", httplib::Headers{{"Cookie", cookie}},
                             httplib::Params{{"officer", officer}, {"password", password}, {"csrf", token}});
    }
    SignedIn sign_in(const std::string& officer, const std::string& password) const {
        auto res = post_sign_in(officer, password);
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, 303) << res->body;
        const std::string set = res->get_header_value("Set-Cookie");
        return {set.substr(0, set.find(';')), set};
    }
    httplib::Result get(const std::string& path, const std::string& cookie) const {
        return client().Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
    }
    httplib::Result post(const std::string& path, const std::string& cookie, const httplib::Params& form) const {
        return client().Post(path.c_str(), httplib::Headers{{"Cookie", cookie}}, form);
    }
    /// The CSRF token of the first form on the page.
    static std::string csrf_of(const std::string& page) {
        std::smatch m;
        return std::regex_search(page, m, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\"")) ? m[1].str() : "";
    }

    std::string sql(const std::string& statement) const { return register_.sql(statement).output; }
    std::string audit_entries() const { return sql("SELECT count(*) FROM audit;"); }

    pid_t desk_ = -1;
    int port_ = 0;
};

}  // namespace followup::test
