// The officer's desk: routes, sign-in and sessions, the CSRF check, the officer's reach, and the
// pages (desk.hpp). Every page is built with Html (html.hpp), so no text from a request or the
// register reaches a page unescaped; every write goes through core/app with the officer as the
// one on whose behalf it is made.
#include "desk/desk.hpp"

#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/follow_ups.hpp"
#include "app/officer_accounts.hpp"
#include "app/officer_desk.hpp"
#include "app/planning.hpp"
#include "desk/html.hpp"
#include "desk/sessions.hpp"

namespace followup::core::desk {

namespace {

namespace chrono = std::chrono;

/// The cookie that names the session. Its attributes: HttpOnly (no script reads it), SameSite=Strict
/// (no other site's page sends it), Path=/ (the whole desk), Secure behind TLS.
constexpr const char* cookie_name = "desk";
/// The sign-in form's CSRF token, before there is a session (sign_in_page).
constexpr const char* sign_in_cookie_name = "desk-sign-in";

/// The configuration's language: Swedish unless it says English.
struct Words {
    bool english = false;
    std::string_view operator()(std::string_view sv, std::string_view en) const { return english ? en : sv; }
};

// Mobile first: one column, nothing with a fixed width, long words broken, so that no page is
// wider than a 375 px screen; colours with at least 4.5:1 contrast (WCAG 2.1 AA), a visible focus.
constexpr Literal style_sheet =
    "*{box-sizing:border-box}"
    "body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}"
    "header{background:#00385c;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}"
    "header a{color:#fff}header form{margin:0}"
    "main{padding:1rem;max-width:48rem;margin:0 auto;overflow-wrap:anywhere}"
    "h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.2rem;margin-top:1.5rem}"
    "ul.items{list-style:none;padding:0}"
    "ul.items li{border:1px solid #767676;border-radius:4px;padding:.5rem;margin:.5rem 0}"
    "label,legend{display:block;font-weight:600;margin-top:.75rem}"
    "input,select,textarea,button{font:inherit;max-width:100%}"
    "input[type=text],input[type=password],input[type=date],select,textarea{width:100%;padding:.4rem;border:1px solid #595959;"
    "border-radius:4px;background:#fff;color:#1a1a1a}"
    "button{margin-top:1rem;padding:.5rem 1rem;background:#00385c;color:#fff;border:0;border-radius:4px;cursor:pointer}"
    "header button{margin:0;padding:.25rem .75rem;background:#fff;color:#00385c}"
    "fieldset{border:1px solid #767676;border-radius:4px;margin:.75rem 0;padding:.5rem}"
    ".problems{border:2px solid #a00000;padding:.5rem 1rem;color:#a00000}"
    ".done{border:2px solid #0a5c2b;padding:.5rem 1rem}"
    ".differs{font-weight:600}"
    "a{color:#00529b}"
    "a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #c05600;outline-offset:2px}";

std::string cookie_value(const httplib::Request& req, std::string_view name) {
    const std::string header = req.get_header_value("Cookie");
    std::size_t from = 0;
    while (from < header.size()) {
        std::size_t end = header.find(';', from);
        if (end == std::string::npos) end = header.size();
        std::string_view pair(header.data() + from, end - from);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
            return std::string(pair.substr(name.size() + 1));
        from = end + 1;
    }
    return {};
}

/// The date as an officer reads it on this page: ISO, unambiguous in both languages.
std::string day(sdk::Date d) { return sdk::format_date(d); }

/// A condition's words as a heading or a list item: its text without the sentence's full stop.
std::string condition_words(const std::map<std::string, std::string>& conditions, const std::string& id) {
    const auto it = conditions.find(id);
    if (it == conditions.end() || it->second.empty()) return id;
    return it->second.ends_with('.') ? it->second.substr(0, it->second.size() - 1) : it->second;
}

std::string window(const sdk::Period& p) { return p.first == p.last ? day(p.first) : day(p.first) + " – " + day(p.last); }

sdk::Date today_here() { return sdk::Date{chrono::floor<chrono::days>(chrono::system_clock::now())}; }

class Desk {
public:
    explicit Desk(const ServeOptions& options, const DeskSettings& settings)
        : options_(options), settings_(settings), words_{settings.english} {
        routes();
    }

    httplib::Server& server() { return server_; }

private:
    // ---- The officer's reach: the one place it is decided ----------------------------------

    enum class Reach { theirs, not_theirs, no_such_unit };

    static bool their_board(const Officer& officer, const std::string& board_id) {
        return !board_id.empty() && std::find(officer.boards.begin(), officer.boards.end(), board_id) != officer.boards.end();
    }

    /// Whether the unit is the officer's to see and to write about: its area's board (the
    /// configuration's) is one of the officer's boards. Every route about a unit, or about a
    /// follow-up of a unit, asks this before it shows or writes anything (a follow-up's route
    /// reads the follow-up first, to know its unit).
    Reach reach(const DeskSession& s, const std::string& unit_id, UnitPlace& place) const {
        place = unit_place(options_.options, unit_id);
        if (!place.ok()) throw std::runtime_error(place.problems.front());
        if (!place.found) return Reach::no_such_unit;
        return their_board(s.officer, place.board_id) ? Reach::theirs : Reach::not_theirs;
    }

    // ---- Sessions and forms ---------------------------------------------------------------

    RegisterOptions as_officer(const DeskSession& s) const {
        RegisterOptions o = options_.options;
        o.actor = s.officer.id;  // the trail records the officer beside the process's user
        return o;
    }

    std::optional<DeskSession> session_of(const httplib::Request& req) {
        const std::string id = cookie_value(req, cookie_name);
        return id.empty() ? std::nullopt : sessions_.find(id);
    }

    /// A page's session, or a redirect to the sign-in page.
    std::optional<DeskSession> signed_in_or_redirect(const httplib::Request& req, httplib::Response& res) {
        auto s = session_of(req);
        if (!s) res.set_redirect("/sign-in", 303);
        return s;
    }

    /// A post's session with its CSRF token, or 403 and nothing done: a post without a session,
    /// or whose form does not carry the session's token (another site's form, an old page), is
    /// refused before anything is read or written.
    std::optional<DeskSession> signed_in_post(const httplib::Request& req, httplib::Response& res) {
        auto s = session_of(req);
        if (!s) {
            error_page(res, nullptr, 403, words_("Du är inte inloggad", "You are not signed in"),
                       words_("Logga in och försök igen. Inget har sparats.", "Sign in and try again. Nothing was saved."));
            return std::nullopt;
        }
        if (!same_token(req.get_param_value("csrf"), s->csrf)) {
            error_page(res, &*s, 403, words_("Formuläret kunde inte godtas", "The form was not accepted"),
                       words_("Formuläret saknar sin kontrollkod eller kommer från en äldre sida. Ladda om sidan och försök igen. "
                              "Inget har sparats.",
                              "The form lacks its check code or comes from an older page. Reload the page and try again. "
                              "Nothing was saved."));
            return std::nullopt;
        }
        return s;
    }

    static void csrf_field(Html& h, const DeskSession& s) { h.empty("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", s.csrf}}); }

    // ---- The frame of every page ----------------------------------------------------------

    void send(httplib::Response& res, int status, const DeskSession* s, std::string_view title, const Html& body) const {
        Html h;
        h.markup("<!DOCTYPE html>").open("html", {{"lang", words_.english ? "en" : "sv"}}).open("head");
        h.empty("meta", {{"charset", "utf-8"}});
        h.empty("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
        h.element("title", std::string(title) + " – " + settings_.municipality);
        h.open("style").markup(style_sheet).close("style").close("head").open("body");
        h.open("header");
        h.element("span", settings_.municipality + " · " + std::string(words_("Uppföljning", "Follow-up")));
        if (s != nullptr) {
            h.open("nav", {{"aria-label", std::string(words_("Huvudmeny", "Main menu"))}});
            h.element("a", words_("Min vecka", "My week"), {{"href", "/"}});
            h.close("nav");
            h.element("span", s->officer.name);
            h.open("form", {{"method", "post"}, {"action", "/sign-out"}});
            csrf_field(h, *s);
            h.element("button", words_("Logga ut", "Sign out"), {{"type", "submit"}});
            h.close("form");
        }
        h.close("header").open("main").element("h1", title).append(body).close("main").close("body").close("html");
        res.status = status;
        res.set_header("Cache-Control", "no-store");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        res.set_header("Referrer-Policy", "no-referrer");
        res.set_content(h.str(), "text/html; charset=utf-8");
    }

    void error_page(httplib::Response& res, const DeskSession* s, int status, std::string_view title, std::string_view message) const {
        Html body;
        body.element("p", message);
        if (s != nullptr) body.open("p").element("a", words_("Till Min vecka", "To My week"), {{"href", "/"}}).close("p");
        send(res, status, s, title, body);
    }

    void not_theirs(httplib::Response& res, const DeskSession& s) const {
        error_page(res, &s, 403, words_("Inte din nämnds enhet", "Not your board's unit"),
                   words_("Enheten hör till en nämnd du inte arbetar för. Inget har visats eller sparats.",
                          "The unit belongs to a board you do not work for. Nothing was shown or saved."));
    }

    static void problems_box(Html& h, const std::vector<std::string>& problems, std::string_view heading) {
        if (problems.empty()) return;
        h.open("div", {{"class", "problems"}, {"role", "alert"}}).element("h2", heading).open("ul");
        for (const auto& p : problems) h.element("li", p);
        h.close("ul").close("div");
    }

    // ---- Sign-in --------------------------------------------------------------------------

    // The sign-in form has its CSRF token too, before there is a session to keep it in: the same
    // random token in a cookie of its own and in the form (a double submit). Another site's page
    // cannot read the cookie, and a SameSite=Strict cookie is not sent with its post, so it cannot
    // sign an officer's browser in to an account of its choosing (login CSRF), whose pages the
    // officer might then fill in.
    void sign_in_page(httplib::Response& res, int status, const std::string& officer, const std::string& refusal) const {
        const std::string token = random_token();
        res.set_header("Set-Cookie", fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/sign-in{}", sign_in_cookie_name, token,
                                                 options_.secure_cookies ? "; Secure" : ""));
        Html b;
        if (!refusal.empty()) b.open("div", {{"class", "problems"}, {"role", "alert"}}).element("p", refusal).close("div");
        b.open("form", {{"method", "post"}, {"action", "/sign-in"}});
        b.empty("input", {{"type", "hidden"}, {"name", "csrf"}, {"value", token}});
        b.element("label", words_("Användar-id", "Officer id"), {{"for", "officer"}});
        b.empty("input", {{"type", "text"}, {"id", "officer"}, {"name", "officer"}, {"value", officer}, {"autocomplete", "username"},
                          {"required", "required"}});
        b.element("label", words_("Lösenord", "Password"), {{"for", "password"}});
        b.empty("input", {{"type", "password"}, {"id", "password"}, {"name", "password"}, {"autocomplete", "current-password"},
                          {"required", "required"}});
        b.element("button", words_("Logga in", "Sign in"), {{"type", "submit"}});
        b.close("form");
        send(res, status, nullptr, words_("Logga in", "Sign in"), b);
    }

    void post_sign_in(const httplib::Request& req, httplib::Response& res) {
        const std::string officer = req.get_param_value("officer");
        // Checked before the password: a post without the page's token is not a sign-in attempt
        // and does not count towards the account's pause.
        if (!same_token(req.get_param_value("csrf"), cookie_value(req, sign_in_cookie_name))) {
            sign_in_page(res, 403, officer,
                         std::string(words_("Formuläret kunde inte godtas: det saknar sin kontrollkod eller kommer från en äldre sida. Försök igen.",
                                            "The form was not accepted: it lacks its check code or comes from an older page. Try again.")));
            return;
        }
        const SignInResult r = sign_in(options_.options, officer, req.get_param_value("password"), chrono::system_clock::now());
        if (!r.ok()) {
            for (const auto& p : r.problems) spdlog::error("sign-in: {}", p);
            error_page(res, nullptr, 503, words_("Inloggningen fungerar inte just nu", "Signing in does not work now"),
                       words_("Registret kunde inte läsas. Försök igen om en stund eller kontakta registrets förvaltare.",
                              "The register could not be read. Try again in a while or ask the register's administrator."));
            return;
        }
        if (!r.signed_in) {
            // The floor's refusal, in the page's language: a pause names its end, anything else
            // does not say whether the id exists.
            std::string refusal(words_("Fel användar-id eller lösenord.", "Wrong officer id or password."));
            if (r.refusal.starts_with("paused until "))
                refusal = fmt::format("{} {}.", words_("Kontot är pausat efter för många misslyckade inloggningar, till", "The account is paused after too many failed sign-ins, until"),
                                      r.refusal.substr(13));
            sign_in_page(res, 401, officer, refusal);
            return;
        }
        const std::string id = sessions_.start(Officer{r.officer, r.name, r.boards});
        std::string cookie = fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/", cookie_name, id);
        if (options_.secure_cookies) cookie += "; Secure";
        res.set_header("Set-Cookie", cookie);
        res.set_redirect("/", 303);
    }

    void post_sign_out(const httplib::Request& req, httplib::Response& res) {
        auto s = signed_in_post(req, res);
        if (!s) return;
        sessions_.end(cookie_value(req, cookie_name));
        res.set_header("Set-Cookie", fmt::format("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}", cookie_name,
                                                 options_.secure_cookies ? "; Secure" : ""));
        res.set_redirect("/sign-in", 303);
    }

    // ---- Min vecka ------------------------------------------------------------------------

    void follow_up_item(Html& h, const FollowUpLine& f, bool link_visit) const {
        const sdk::FollowUpActivity& a = f.activity;
        h.open("li");
        if (!a.unit_id.empty()) h.element("a", f.unit_name.empty() ? a.unit_id : f.unit_name, {{"href", "/enhet/" + a.unit_id}});
        else h.element("span", f.provider_name);
        h.text(fmt::format(" — {}, {} ({})", f.form_name.empty() ? a.form_id : f.form_name, f.area_name, a.id));
        h.open("br").text(a.done ? fmt::format("{} {}", words_("Gjord", "Done"), day(*a.done)) : fmt::format("{} {}", words_("Planerad", "Planned"), window(a.planned)));
        if (!f.inspector_name.empty()) h.text(fmt::format(" · {}", f.inspector_name));
        if (link_visit && a.status == sdk::ActivityStatus::planned)
            h.open("br").element("a", words_("Registrera besök", "Record the visit"), {{"href", "/besok/" + a.id}});
        h.close("li");
    }

    void list_of(Html& h, std::string_view heading, const std::vector<FollowUpLine>& items, std::string_view none) const {
        h.element("h2", heading);
        if (items.empty()) {
            h.element("p", none);
            return;
        }
        h.open("ul", {{"class", "items"}});
        for (const auto& f : items) follow_up_item(h, f, true);
        h.close("ul");
    }

    std::string case_text(const DeficiencyCase& c, const std::map<std::string, std::string>& names) const {
        auto name = [&](const std::string& id) {
            const auto it = names.find(id);
            return it == names.end() ? id : it->second;
        };
        return fmt::format("{} ({}) — {}: {} {}, {} {}", c.provider_name, c.unit_id.empty() ? c.provider : name(c.unit_id), name(c.area_id),
                           words_("öppnat", "opened"), day(c.opened), words_("senast omkontroll", "re-check by"), day(c.recheck_due));
    }

    void get_my_week(const httplib::Request& req, httplib::Response& res) {
        auto s = signed_in_or_redirect(req, res);
        if (!s) return;
        sdk::Date at = today_here();
        if (req.has_param("dag")) {
            const auto asked = sdk::parse_date(req.get_param_value("dag"));
            if (!asked) {
                error_page(res, &*s, 400, words_("Fel datum", "Wrong date"),
                           words_("dag ska vara ett datum ÅÅÅÅ-MM-DD.", "dag must be a date YYYY-MM-DD."));
                return;
            }
            at = *asked;
        }
        const chrono::sys_days d{at};
        const chrono::weekday wd{d};
        const chrono::sys_days monday = d - (wd - chrono::Monday);
        const sdk::Date week_from{monday}, week_to{monday + chrono::days{6}};
        const sdk::Date month_from{at.year() / at.month() / 1}, month_to{at.year() / at.month() / chrono::last};
        const RegisterOptions o = as_officer(*s);
        PlannedFollowUps planned = planned_follow_ups(o, std::min(week_from, month_from), std::max(week_to, month_to), s->officer.boards);
        const StatusResult status = status_at(o, at, false);
        if (!planned.ok() || !status.ok()) {
            std::vector<std::string> problems = planned.problems;
            problems.insert(problems.end(), status.problems.begin(), status.problems.end());
            Html b;
            problems_box(b, problems, words_("Registret kunde inte läsas", "The register could not be read"));
            send(res, 500, &*s, words_("Min vecka", "My week"), b);
            return;
        }
        // Own first: follow-ups whose inspector is the officer (by id or name), then the board's others.
        auto own = [&](const FollowUpLine& f) { return f.activity.inspector == s->officer.id || (!f.inspector_name.empty() && f.inspector_name == s->officer.name); };
        std::stable_partition(planned.follow_ups.begin(), planned.follow_ups.end(), own);
        auto meets = [](const FollowUpLine& f, sdk::Date from, sdk::Date to) { return !(f.activity.planned.last < from || to < f.activity.planned.first); };
        std::vector<FollowUpLine> week, month;
        for (const auto& f : planned.follow_ups) {
            if (meets(f, week_from, week_to)) week.push_back(f);
            else if (meets(f, month_from, month_to)) month.push_back(f);
        }
        Html b;
        b.element("p", fmt::format("{} {} – {}", words_("Veckan", "The week of"), day(week_from), day(week_to)));
        list_of(b, words_("Planerat den här veckan", "Planned this week"), week, words_("Inget planerat den här veckan.", "Nothing planned this week."));
        list_of(b, words_("Resten av månaden", "The rest of the month"), month, words_("Inget mer planerat i månaden.", "Nothing more planned this month."));

        b.element("h2", words_("Försenade uppföljningar", "Overdue follow-ups"));
        std::vector<const OverdueFollowUp*> overdue;
        for (const auto& o2 : status.status.overdue) {
            const auto area = settings_.area_boards.find(o2.activity.area_id);
            if (area != settings_.area_boards.end() && their_board(s->officer, area->second)) overdue.push_back(&o2);
        }
        if (overdue.empty()) b.element("p", words_("Inga försenade uppföljningar.", "No overdue follow-ups."));
        else {
            b.open("ul", {{"class", "items"}});
            for (const OverdueFollowUp* o2 : overdue) {
                FollowUpLine line;
                line.activity = o2->activity;
                line.provider_name = o2->provider_name;
                auto name = [&](const std::string& id) { const auto it = status.names.find(id); return it == status.names.end() ? std::string() : it->second; };
                line.unit_name = name(o2->activity.unit_id);
                line.form_name = name(o2->activity.form_id);
                line.area_name = name(o2->activity.area_id);
                follow_up_item(b, line, true);
            }
            b.close("ul");
        }
        auto cases = [&](std::string_view heading, const std::vector<DeficiencyCase>& all, std::string_view none) {
            b.element("h2", heading);
            std::size_t shown = 0;
            for (const auto& c : all) {
                if (!their_board(s->officer, c.board_id)) continue;
                if (shown++ == 0) b.open("ul", {{"class", "items"}});
                b.open("li");
                b.text(case_text(c, status.names));
                if (!c.unit_id.empty()) b.open("br").element("a", words_("Enhetens sida", "The unit's page"), {{"href", "/enhet/" + c.unit_id}});
                b.close("li");
            }
            if (shown > 0) b.close("ul");
            else b.element("p", none);
        };
        cases(words_("Ärenden efter omkontrollens sista dag", "Cases past their re-check"), status.status.overdue_cases,
              words_("Inga försenade ärenden.", "No overdue cases."));
        cases(words_("Avhjälpta ärenden att avsluta", "Remedied cases to close"), status.status.awaiting_closure,
              words_("Inga ärenden att avsluta.", "No cases to close."));
        send(res, 200, &*s, words_("Min vecka", "My week"), b);
    }

    // ---- A unit's page --------------------------------------------------------------------

    void get_unit(const httplib::Request& req, httplib::Response& res) {
        auto s = signed_in_or_redirect(req, res);
        if (!s) return;
        const std::string unit_id = req.matches[1];
        UnitPlace place;
        switch (reach(*s, unit_id, place)) {
            case Reach::no_such_unit:
                error_page(res, &*s, 404, words_("Ingen sådan enhet", "No such unit"), words_("Ingen enhet har det id:t.", "No unit has that id."));
                return;
            case Reach::not_theirs: not_theirs(res, *s); return;
            case Reach::theirs: break;
        }
        const RegisterOptions o = as_officer(*s);
        const sdk::Date at = today_here();
        sdk::Date since{at.year() - chrono::years{5}, at.month(), at.day()};
        if (!since.ok()) since = since.year() / since.month() / chrono::last;  // 29 February five years on
        const UnitHistory history = unit_history(o, unit_id, since);
        const AssessmentsShown assessed = show_assessments(o, unit_id);
        Html b;
        b.element("p", fmt::format("{} ({}) · {} · {}", place.provider_name, place.provider, place.area_name, place.board_name));
        problems_box(b, history.problems, words_("Registret kunde inte läsas", "The register could not be read"));
        b.element("h2", words_("Uppföljningar de senaste fem åren", "Follow-ups of the last five years"));
        if (history.follow_ups.empty()) b.element("p", words_("Inga uppföljningar.", "No follow-ups."));
        else {
            b.open("ul", {{"class", "items"}});
            for (const auto& f : history.follow_ups) follow_up_item(b, f, true);
            b.close("ul");
        }
        b.element("h2", words_("Öppna ärenden", "Open cases"));
        if (history.open_cases.empty()) b.element("p", words_("Inga öppna ärenden.", "No open cases."));
        else {
            b.open("ul", {{"class", "items"}});
            for (const auto& c : history.open_cases) {
                b.open("li").text(fmt::format("{} {} · {} {}", words_("Öppnat", "Opened"), day(c.opened), words_("omkontroll senast", "re-check by"),
                                              day(c.recheck_due)));
                for (const auto& condition : c.open_conditions) b.open("br").text(condition_words(assessed.words.conditions, condition));
                b.close("li");
            }
            b.close("ul");
        }
        b.element("h2", words_("Modellens bedömning och nämndens beslut", "The model's assessment and the board's decisions"));
        problems_box(b, assessed.problems, words_("Bedömningarna kunde inte läsas", "The assessments could not be read"));
        bool any = false;
        for (const auto& item : assessed.items) {
            if (!item.assessment) continue;
            if (!any) b.open("ul", {{"class", "items"}});
            any = true;
            b.open("li");
            assessment(b, *item.assessment, assessed.words);
            b.close("li");
        }
        if (any) b.close("ul");
        else b.element("p", words_("Inga lagrade bedömningar.", "No stored assessments."));
        send(res, 200, &*s, place.unit_name, b);
    }

    /// The model's proposal beside the board's decisions, in the configuration's words.
    void assessment(Html& b, const ProposalAndDecision& p, const AssessmentWords& w) const {
        auto word = [](const std::map<std::string, std::string>& m, const std::string& key) {
            const auto it = m.find(key);
            return it == m.end() || it->second.empty() ? key : it->second;
        };
        auto kind = [&](sdk::DecisionKind k) { return word(w.decision_kinds, std::string(sdk::to_string(k))); };
        const sdk::Assessment& a = p.proposal;
        b.element("strong", fmt::format("{} {}", words_("Uppföljning", "Follow-up"), p.follow_up));
        b.open("br").text(fmt::format("{} ({}, {}): {}", words_("Modellens förslag", "The model's proposal"), p.model, day(p.assessed), kind(a.proposed.kind)));
        if (!a.proposed.reason.empty()) b.text(" — " + a.proposed.reason);
        if (!a.deficiencies.empty()) {
            b.open("ul");
            for (const sdk::Finding& d : a.deficiencies)
                b.element("li", fmt::format("{}: {}{}", condition_words(w.conditions, d.condition_id), word(w.grades, d.grade.scale_id + "|" + d.grade.level_id),
                                            d.text.empty() ? "" : " — " + d.text));
            b.close("ul");
        }
        if (a.recheck) b.open("br").text(fmt::format("{} {} – {}", words_("Omkontroll", "Re-check"), day(a.recheck->first), day(a.recheck->last)));
        if (p.adopted.empty()) b.open("br").text(words_("Nämndens beslut: inget beslut registrerat ännu.", "The board's decision: none recorded yet."));
        for (const auto& d : p.adopted)
            b.open("br").text(fmt::format("{}: {} {}{}", words_("Nämndens beslut", "The board's decision"), kind(d.kind), d.decided ? day(*d.decided) : "",
                                          d.reference.empty() ? "" : ", " + d.reference));
        if (!p.adopted.empty() && p.differs())
            b.open("br").element("span", words_("Nämnden beslutade annat än modellen föreslog.", "The board decided otherwise than the model proposed."),
                                 {{"class", "differs"}});
    }

    // ---- Registrera besök -----------------------------------------------------------------

    /// The visit's follow-up, when the officer may work on it; otherwise the answer is sent.
    std::optional<VisitForm> visit_in_reach(const DeskSession& s, const std::string& id, httplib::Response& res) {
        VisitForm form = visit_form(as_officer(s), id);
        if (!form.found) {
            if (!form.ok()) throw std::runtime_error(form.problems.front());
            error_page(res, &s, 404, words_("Ingen sådan uppföljning", "No such follow-up"), words_("Ingen uppföljning har det id:t.", "No follow-up has that id."));
            return std::nullopt;
        }
        const sdk::FollowUpActivity& a = form.follow_up.activity;
        UnitPlace place;
        // A follow-up of a unit is the unit's board's; one of a provider as a whole, its area's board's.
        const bool theirs = a.unit_id.empty() ? their_board(s.officer, form.follow_up.board_id) : reach(s, a.unit_id, place) == Reach::theirs;
        if (!theirs) {
            not_theirs(res, s);
            return std::nullopt;
        }
        return form;
    }

    void visit_page(httplib::Response& res, int status, const DeskSession& s, const VisitForm& form, const httplib::Request* posted,
                    const std::vector<std::string>& problems) const {
        const FollowUpLine& f = form.follow_up;
        const sdk::FollowUpActivity& a = f.activity;
        Html b;
        b.element("p", fmt::format("{} — {}, {} · {} {}", a.unit_id.empty() ? f.provider_name : f.unit_name, f.form_name.empty() ? a.form_id : f.form_name,
                                   f.area_name, words_("planerad", "planned"), window(a.planned)));
        problems_box(b, problems, words_("Besöket sparades inte", "The visit was not saved"));
        if (!form.ok()) {
            send(res, status, &s, words_("Registrera besök", "Record the visit"), b);
            return;
        }
        if (a.status != sdk::ActivityStatus::planned) {
            b.element("p", words_("Uppföljningen är redan registrerad som gjord eller inställd.", "The follow-up is already recorded as done or cancelled."));
            if (!a.unit_id.empty()) b.open("p").element("a", words_("Enhetens sida", "The unit's page"), {{"href", "/enhet/" + a.unit_id}}).close("p");
            send(res, status, &s, words_("Registrera besök", "Record the visit"), b);
            return;
        }
        auto given = [&](const std::string& name, const std::string& otherwise) {
            return posted != nullptr && posted->has_param(name) ? posted->get_param_value(name) : otherwise;
        };
        b.open("form", {{"method", "post"}, {"action", "/besok/" + a.id}});
        csrf_field(b, s);
        b.element("label", words_("Besöksdag", "Day of the visit"), {{"for", "dag"}});
        b.empty("input", {{"type", "date"}, {"id", "dag"}, {"name", "dag"}, {"value", given("dag", day(today_here()))}, {"required", "required"}});
        for (const auto& c : form.conditions) {
            const std::string grade_name = "betyg_" + c.id, text_name = "text_" + c.id;
            const std::string chosen = given(grade_name, "");
            b.open("fieldset").element("legend", c.text);
            b.element("label", words_("Bedömning", "Grade"), {{"for", grade_name}});
            b.open("select", {{"id", grade_name}, {"name", grade_name}});
            b.element("option", words_("Ej bedömt vid besöket", "Not assessed at the visit"), {{"value", ""}});
            for (const sdk::GradeLevel& l : form.levels) {
                const std::string& label = words_.english && !l.label_en.empty() ? l.label_en : l.label_sv;
                if (l.id == chosen) b.element("option", label, {{"value", l.id}, {"selected", "selected"}});
                else b.element("option", label, {{"value", l.id}});
            }
            b.close("select");
            b.element("label", words_("Iakttagelse", "What was found"), {{"for", text_name}});
            b.element("textarea", given(text_name, ""), {{"id", text_name}, {"name", text_name}, {"rows", "2"}});
            b.close("fieldset");
        }
        b.element("button", words_("Spara besöket", "Save the visit"), {{"type", "submit"}});
        b.close("form");
        send(res, status, &s, words_("Registrera besök", "Record the visit"), b);
    }

    void get_visit(const httplib::Request& req, httplib::Response& res) {
        auto s = signed_in_or_redirect(req, res);
        if (!s) return;
        const auto form = visit_in_reach(*s, req.matches[1], res);
        if (!form) return;
        visit_page(res, 200, *s, *form, nullptr, form->problems);
    }

    void post_visit(const httplib::Request& req, httplib::Response& res) {
        auto s = signed_in_post(req, res);
        if (!s) return;
        const auto form = visit_in_reach(*s, req.matches[1], res);
        if (!form) return;
        if (!form->ok() || form->follow_up.activity.status != sdk::ActivityStatus::planned) {
            visit_page(res, 409, *s, *form, &req, form->problems);
            return;
        }
        // What is recorded is the planned follow-up as the register holds it (its provider,
        // unit, area and form), never what a form says of them; the form gives the day and grades.
        const sdk::FollowUpActivity& a = form->follow_up.activity;
        std::vector<std::string> problems;
        RecordRequest request;
        FollowUpEntry& entry = request.entry;
        entry.id = a.id;
        entry.provider = a.provider;
        entry.unit_id = a.unit_id;
        entry.area_id = a.area_id;
        entry.form_id = a.form_id;
        entry.inspector = a.inspector;
        entry.trigger = a.trigger;
        const std::string given_day = req.get_param_value("dag");
        if (const auto d = sdk::parse_date(given_day)) entry.done = *d;
        else problems.push_back(fmt::format("{} \"{}\": {}", words_("Besöksdag", "Day of the visit"), given_day,
                                            words_("ange ett datum ÅÅÅÅ-MM-DD", "give a date YYYY-MM-DD")));
        for (const auto& c : form->conditions) {
            const std::string level = req.get_param_value("betyg_" + c.id);
            if (level.empty()) continue;
            if (std::none_of(form->levels.begin(), form->levels.end(), [&](const sdk::GradeLevel& l) { return l.id == level; })) {
                problems.push_back(fmt::format("{}: {}", c.text, words_("välj en bedömning i listan", "choose a grade from the list")));
                continue;
            }
            entry.findings.push_back(sdk::Finding{a.id, c.id, {form->scale_id, level}, req.get_param_value("text_" + c.id), "besök"});
        }
        if (!problems.empty()) {
            visit_page(res, 422, *s, *form, &req, problems);
            return;
        }
        const RecordResult recorded = record_follow_up(as_officer(*s), std::move(request));
        if (!recorded.written) {
            // The floor's refusal, beside the form, with what the officer entered kept.
            visit_page(res, 422, *s, *form, &req, recorded.problems);
            return;
        }
        spdlog::info("desk: {} recorded follow-up {}", s->officer.id, recorded.recorded.id);
        Html b;
        b.open("div", {{"class", "done"}, {"role", "status"}})
            .element("p", fmt::format("{} {}. {} {}.", words_("Besöket är registrerat:", "The visit is recorded:"), recorded.recorded.id,
                                      words_("Bedömda villkor:", "Conditions graded:"), recorded.recorded.findings.size()))
            .close("div");
        problems_box(b, recorded.assessed.problems, words_("Modellen kunde inte bedöma besöket", "The model could not assess the visit"));
        b.element("h2", words_("Modellens bedömning", "The model's assessment"));
        for (const auto& p : recorded.assessed.shown) {
            b.open("div");
            assessment(b, p, recorded.assessed.words);
            b.close("div");
        }
        if (!a.unit_id.empty()) b.open("p").element("a", words_("Enhetens sida", "The unit's page"), {{"href", "/enhet/" + a.unit_id}}).close("p");
        send(res, 200, &*s, words_("Besöket är registrerat", "The visit is recorded"), b);
    }

    // ---- Wiring ---------------------------------------------------------------------------

    void routes() {
        server_.Get("/sign-in", [this](const httplib::Request& req, httplib::Response& res) {
            if (session_of(req)) res.set_redirect("/", 303);
            else sign_in_page(res, 200, "", "");
        });
        server_.Post("/sign-in", [this](const httplib::Request& req, httplib::Response& res) { post_sign_in(req, res); });
        server_.Post("/sign-out", [this](const httplib::Request& req, httplib::Response& res) { post_sign_out(req, res); });
        server_.Get("/", [this](const httplib::Request& req, httplib::Response& res) { get_my_week(req, res); });
        server_.Get(R"(/enhet/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { get_unit(req, res); });
        server_.Get(R"(/besok/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { get_visit(req, res); });
        server_.Post(R"(/besok/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { post_visit(req, res); });
        server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (res.status != 404 || !res.body.empty()) return;
            const auto s = session_of(req);
            error_page(res, s ? &*s : nullptr, 404, words_("Sidan finns inte", "No such page"), words_("Det finns ingen sida på den adressen.", "There is no page at that address."));
        });
        server_.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr thrown) {
            std::string what = "unknown";
            try {
                std::rethrow_exception(thrown);
            } catch (const std::exception& e) {
                what = users_situation(e).value_or(e.what());
            } catch (...) {
            }
            spdlog::error("desk: {} {}: {}", req.method, req.path, what);
            error_page(res, nullptr, 500, words_("Något gick fel", "Something went wrong"),
                       words_("Sidan kunde inte visas och inget nytt har sparats av den. Försök igen; felet är loggat.",
                              "The page could not be shown and it saved nothing new. Try again; the error is logged."));
        });
        // A form's fields and a few conditions: far below this; a larger post is not a form of ours.
        server_.set_payload_max_length(256 * 1024);
    }

    ServeOptions options_;
    DeskSettings settings_;
    Words words_;
    Sessions sessions_;
    httplib::Server server_;
};

}  // namespace

std::vector<std::string> serve(const ServeOptions& options, const std::function<void(const std::string&)>& started) {
    const auto colon = options.listen.rfind(':');
    int port = -1;
    if (colon != std::string::npos && colon > 0) {
        try {
            std::size_t used = 0;
            port = std::stoi(options.listen.substr(colon + 1), &used);
            if (used != options.listen.size() - colon - 1) port = -1;
        } catch (const std::exception&) {
            port = -1;
        }
    }
    if (port < 0 || port > 65535)
        return {fmt::format("--listen \"{}\": expected HOST:PORT, such as 127.0.0.1:8080 (port 0: any free port)", options.listen)};
    const std::string host = options.listen.substr(0, colon);

    DeskSettings settings = desk_settings(options.options);
    if (!settings.ok()) return settings.problems;

    // SIGINT and SIGTERM are blocked in every thread (the server's pool inherits the mask) and
    // waited for by one, which stops the server: a handler may not call stop().
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    // Secure when either says so: the flag for one run, the configuration for a deployment.
    ServeOptions effective = options;
    effective.secure_cookies = options.secure_cookies || settings.secure_cookies;
    Desk desk(effective, settings);
    httplib::Server& server = desk.server();
    // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second desk on the
    // same port would start without a word and share the connections, each with its own
    // sessions, so that officers were signed out at random.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound < 0)
        return {fmt::format("--listen \"{}\": cannot listen there (the port is taken, or the address is not this machine's)", options.listen)};
    std::atomic<bool> finished{false};
    std::thread stopper([&server, &finished, stop_signals] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        // stop() does nothing until the server runs: a signal that comes between the socket's
        // bind and the start of its accept loop (a script that stops the desk as soon as it is
        // said to serve) would be lost, and the desk serve on. So it is repeated until it takes.
        while (!finished) {
            if (server.is_running()) {
                server.stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    started(fmt::format("http://{}:{}/", host, bound));
    server.listen_after_bind();
    // Stopped by something other than a signal (the socket failed): the waiting thread is
    // released by a signal of our own.
    finished = true;
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    return {};
}

}  // namespace followup::core::desk
