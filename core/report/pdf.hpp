// The compilation as a PDF: the same HTML, typeset by WeasyPrint (Debian's `weasyprint`), which
// honours the print CSS (A4, page numbers "3 (93)", page breaks before each appendix), makes
// bookmarks from the headings, keeps the text selectable and embeds the fonts.
#pragma once

#include <filesystem>
#include <string>

namespace followup::core {

/// Whether the typesetter can be found on PATH.
bool pdf_typesetter_available();

/// Typesets `html_file` into `pdf_file` (written as a temporary file beside it and renamed, so a
/// failed run leaves no half PDF: util/atomic_file). @throws std::runtime_error with the typesetter's own message
/// when it is missing, fails, or takes longer than `timeout_seconds`.
void write_pdf(const std::filesystem::path& html_file, const std::filesystem::path& pdf_file, int timeout_seconds = 600);

}  // namespace followup::core
