// libFuzzer target for the CSV reader: any bytes give records and problems, never a crash, a
// hang or a read out of bounds; and what csv_field writes reads back as the same value.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "io/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto doc = followup::core::parse_csv(text);
    for (const auto& p : doc.problems)
        if (p.line == 0 || p.message.empty()) throw std::logic_error("a problem without a line or a message");
    // Round trip: a field written by csv_field is read back unchanged (for valid UTF-8 without
    // a leading byte-order mark, which the reader strips).
    if (followup::core::invalid_utf8_at(text) == std::string_view::npos && !text.starts_with("\xEF\xBB\xBF")) {
        const std::string value(text);
        const std::string line = "a;" + followup::core::csv_field(value, ';') + "\n";
        const auto back = followup::core::parse_csv("x;y\n" + line);
        if (!back.problems.empty() || back.records.size() != 2 || back.records[1].fields.size() != 2 ||
            (back.records[1].fields[1] != value && value.size() <= followup::core::max_csv_field))
            throw std::logic_error("csv_field did not round-trip");
    }
    return 0;
}
