// Helpers shared by the tests: test_files.hpp (temporary folders, running a command, paths of
// the test plugins) and valid organisation numbers, which need the store's check digit (a test
// that includes this links followup_store).
#pragma once

#include <string>

#include "store/record_kinds.hpp"
#include "test_files.hpp"

namespace followup::test {

/// A valid Swedish organisation number (Luhn check digit) from a serial: 556xxx-xxxC.
inline std::string org_number(int serial) {
    return followup::core::org_number_with_check_digit("556" + std::to_string(100000 + serial % 900000));
}

}  // namespace followup::test
