// Personal data in the register under the GDPR (docs/data.md, "Record of processing"): a sole
// trader's organisation number is its owner's personal identity number. `followup erase` erases
// one on request, or every one past the retention the configuration sets; the register's audit
// trail only ever held a token for it, and keeps verifying.
#pragma once

#include <optional>
#include <string>

#include "app/register_options.hpp"
#include "followup/sdk/types.hpp"

namespace followup::core {

struct EraseRequest {
    /// A personal identity number as typed: ten or twelve digits, with or without the hyphen.
    std::optional<std::string> personal_number;
    /// Every personal identity number past [register.retention] personal_identity_number_years.
    bool expired = false;
    /// The day the retention is counted to (--at); today when none.
    std::optional<sdk::Date> at;
};

/// Erases what `request` names: each number's rows then hold its token, one audit entry per number
/// records the erase, and the bytes are made sure to be gone from the register's files. A number
/// the register does not hold, or holds in its trail in the clear, is a problem and nothing is
/// changed; with `expired`, a provider still authorized or with a deficiency case not closed is
/// kept, and said so.
Outcome erase_personal_data(const RegisterOptions& options, const EraseRequest& request);

}  // namespace followup::core
