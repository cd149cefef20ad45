#include "desk/html.hpp"

namespace followup::core::desk {

std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

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
