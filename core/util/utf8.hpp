// Cutting text for a chart label or a sheet name without breaking a character: by code point,
// never inside a UTF-8 sequence, and never between a letter and a combining mark that follows it.
// Written here rather than with ICU's grapheme iterator: the labels are names we generate
// (Swedish letters, precomposed), and one truncation does not warrant a 30 MB dependency.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace followup::core {

/// The code point starting at `text[i]` and its length in bytes (1 for a stray byte).
inline std::pair<char32_t, std::size_t> utf8_code_point(std::string_view text, std::size_t i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + n > text.size()) return {b, 1};
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    return {cp, n};
}

/// Combining marks that belong to the character before them (the common blocks).
inline bool is_combining_mark(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200D;
}

/// The invisible controls of the text's direction: embeddings and overrides (U+202A–U+202E),
/// isolates (U+2066–U+2069) and the marks U+200E and U+200F. One in a name can make the text after
/// it read backwards ("Trojan Source").
inline bool is_bidi_control(char32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

/// The characters of no width: U+200B–U+200D, the word joiner U+2060 and U+FEFF. Two ids that
/// look the same can differ by one.
inline bool is_zero_width(char32_t cp) { return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF; }

/// How many characters `text` shows: code points, not counting combining marks.
inline std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto [cp, len] = utf8_code_point(text, i);
        n += is_combining_mark(cp) ? 0 : 1;
        i += len;
    }
    return n;
}

/// At most `max_chars` characters of `text`; when it had to cut, the last of them is `ellipsis`
/// (pass "" to cut without one).
inline std::string utf8_truncate(std::string_view text, std::size_t max_chars, std::string_view ellipsis = "…") {
    std::size_t chars = 0, i = 0;
    for (std::size_t j = 0; j < text.size(); ++chars) j += utf8_code_point(text, j).second;
    if (chars <= max_chars) return std::string(text);
    const std::size_t keep = max_chars - (ellipsis.empty() ? 0 : 1);
    for (std::size_t kept = 0; i < text.size() && kept < keep; ++kept) {
        i += utf8_code_point(text, i).second;
        while (i < text.size() && is_combining_mark(utf8_code_point(text, i).first)) i += utf8_code_point(text, i).second;
    }
    return std::string(text.substr(0, i)) + std::string(ellipsis);
}

}  // namespace followup::core
