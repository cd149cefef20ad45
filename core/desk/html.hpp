// HTML escaped by construction, for the desk's pages. Text reaches a page only through
// Html::text (or an attribute's value), which escapes it; markup (element and attribute names,
// the page's fixed frame) only as a Literal, which the compiler accepts only from a constant
// written in the source: a value read from a request or the register cannot become markup,
// because no function takes it as such.
//
// Written by hand, and small, because nothing in Debian fits: Boost has no HTML escaper, the
// template engines packaged for C++ (inja through nlohmann-json, mustache) escape by convention in
// the template (one triple brace is raw), not by the type of what is passed, and cpp-httplib
// escapes URLs, not HTML. The escaping itself is the compilation's (report/render.hpp), so the
// desk, the compilation and the residents' site escape by one rule.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace followup::core::desk {

/// Markup written in the source: constructible only in a constant expression (consteval), so
/// only from a literal or a constant, never from a runtime string.
class Literal {
public:
    consteval Literal(const char* text) : text_(text) {}  // NOLINT: implicit, so that "p" is a Literal
    std::string_view view() const { return text_; }

private:
    std::string_view text_;
};

/// One attribute: a name from the source, a value that is escaped.
struct Attribute {
    Literal name;
    std::string value;
};

/// `text` with &, <, >, " and ' written as character references and the invisible direction
/// controls left out (report/render.hpp's html_escape): safe in text and in a quoted attribute's value.
std::string escaped(std::string_view text);

/// A page or a part of one, built in order. Every open() needs its close(); the builder does
/// not check nesting (the pages are short and the tests parse them).
class Html {
public:
    /// Fixed markup from the source (the doctype, the style sheet).
    Html& markup(Literal literal);
    /// `<tag name="value" ...>`, each value escaped.
    Html& open(Literal tag, std::initializer_list<Attribute> attributes = {});
    Html& close(Literal tag);
    /// An element without content (input, meta, br).
    Html& empty(Literal tag, std::initializer_list<Attribute> attributes = {});
    /// Text, escaped.
    Html& text(std::string_view text);
    /// `<tag ...>text</tag>`.
    Html& element(Literal tag, std::string_view text, std::initializer_list<Attribute> attributes = {});
    /// Another part, built the same way (so already escaped).
    Html& append(const Html& part);

    const std::string& str() const { return out_; }

private:
    void attributes(std::initializer_list<Attribute> list);
    std::string out_;
};

}  // namespace followup::core::desk
