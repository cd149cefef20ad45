// The desk's parts on their own (issue 33): the session store's idle end and ids, the CSRF
// comparison, and the HTML builder's escaping. The rest is tested over HTTP (desk_test.cpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "desk/html.hpp"
#include "desk/sessions.hpp"

using namespace followup::core::desk;
using namespace std::chrono_literals;
using testing::MatchesRegex;

namespace {

TEST(DeskSessions, ASessionEndsAfterThirtyMinutesIdleAndEachUseStartsItsIdleTimeAnew) {
    Sessions sessions;
    const auto t0 = Sessions::Clock::time_point{} + 24h;
    const std::string id = sessions.start({"anna", "Anna Berg", {"utbildning"}}, t0);
    ASSERT_TRUE(sessions.find(id, t0 + 29min));
    // Used at 29 minutes: idle from then on.
    EXPECT_TRUE(sessions.find(id, t0 + 58min));
    EXPECT_FALSE(sessions.find(id, t0 + 58min + 30min + 1s));
    // Gone for good, not only refused once.
    EXPECT_FALSE(sessions.find(id, t0 + 58min + 1s));
}

TEST(DeskSessions, IdsAndTokensAre256RandomBitsAndSignOutEndsTheSession) {
    Sessions sessions;
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string id = sessions.start({"anna", "Anna Berg", {"utbildning"}});
        EXPECT_THAT(id, MatchesRegex("[0-9a-f]{64}"));
        const auto s = sessions.find(id);
        ASSERT_TRUE(s);
        EXPECT_THAT(s->csrf, MatchesRegex("[0-9a-f]{64}"));
        EXPECT_NE(s->csrf, id);
        EXPECT_TRUE(seen.insert(id).second);
        EXPECT_TRUE(seen.insert(s->csrf).second);
    }
    const std::string id = *seen.begin();
    sessions.end(id);
    EXPECT_FALSE(sessions.find(id));
    EXPECT_FALSE(sessions.find(""));
}

TEST(DeskSessions, TheCsrfTokenMustBeTheSessionsExactly) {
    const std::string token = random_token();
    EXPECT_TRUE(same_token(token, token));
    EXPECT_FALSE(same_token("", token));
    EXPECT_FALSE(same_token(token.substr(0, 63), token));
    EXPECT_FALSE(same_token(token + "0", token));
    std::string other = token;
    other.back() = other.back() == 'a' ? 'b' : 'a';
    EXPECT_FALSE(same_token(other, token));
    // A session without a token (none is) accepts nothing, not even nothing.
    EXPECT_FALSE(same_token("", ""));
}

TEST(DeskHtml, TextAndAttributeValuesAreEscapedAndMarkupComesOnlyFromTheSource) {
    Html h;
    const std::string hostile = "<script>alert('x')</script> & \"quoted\"";
    h.open("p", {{"title", hostile}}).text(hostile).close("p").element("li", hostile);
    EXPECT_EQ(h.str(),
              "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\">"
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</p>"
              "<li>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</li>");
    // UTF-8 passes as it is.
    EXPECT_EQ(escaped("Förskolan Björken — 5 < 6"), "Förskolan Björken — 5 &lt; 6");
    // (Html::markup(hostile) does not compile: Literal's constructor is consteval.)
}

}  // namespace
