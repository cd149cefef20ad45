#include "desk/html.hpp"

#include "report/render.hpp"

namespace followup::core::desk {

// The compilation's and the residents' site's escaping (report/render.hpp), not a second one: the
// same five characters, and the same invisible direction controls left out, so that a unit's name
// with one in it cannot make the words after it read backwards on the desk either.
std::string escaped(std::string_view text) { return html_escape(text); }

Html& Html::markup(Literal literal) {
    out_ += literal.view();
    return *this;
}

void Html::attributes(std::initializer_list<Attribute> list) {
    for (const Attribute& a : list) {
        out_ += ' ';
        out_ += a.name.view();
        out_ += "=\"";
        out_ += escaped(a.value);
        out_ += '"';
    }
}

Html& Html::open(Literal tag, std::initializer_list<Attribute> list) {
    out_ += '<';
    out_ += tag.view();
    attributes(list);
    out_ += '>';
    return *this;
}

Html& Html::close(Literal tag) {
    out_ += "</";
    out_ += tag.view();
    out_ += '>';
    return *this;
}

Html& Html::empty(Literal tag, std::initializer_list<Attribute> list) { return open(tag, list); }

Html& Html::text(std::string_view text) {
    out_ += escaped(text);
    return *this;
}

Html& Html::element(Literal tag, std::string_view text, std::initializer_list<Attribute> list) {
    return open(tag, list).text(text).close(tag);
}

Html& Html::append(const Html& part) {
    out_ += part.out_;
    return *this;
}

}  // namespace followup::core::desk
