#include "records/sdk_fields.hpp"

namespace followup::core::fields {
namespace {

/// The choice among the first `count` of E whose sdk::to_string is `text`.
template <class E>
bool choice_among(std::string_view text, int count, E& out) {
    for (int i = 0; i < count; ++i)
        if (sdk::to_string(static_cast<E>(i)) == text) {
            out = static_cast<E>(i);
            return true;
        }
    return false;
}

}  // namespace

// The counts are each enum's number of choices (types.hpp); a choice added there and not here
// is never read back, which tests/unit/sdk_fields_test.cpp would show for the record using it.
bool choice_from_text(std::string_view text, sdk::Ownership& out) { return choice_among(text, 3, out); }
bool choice_from_text(std::string_view text, sdk::AuthorizationStatus& out) { return choice_among(text, 3, out); }
bool choice_from_text(std::string_view text, sdk::ActivityStatus& out) { return choice_among(text, 3, out); }
bool choice_from_text(std::string_view text, sdk::Trigger& out) { return choice_among(text, 2, out); }
bool choice_from_text(std::string_view text, sdk::DecisionKind& out) { return choice_among(text, 6, out); }
bool choice_from_text(std::string_view text, sdk::SignalKind& out) { return choice_among(text, 3, out); }

}  // namespace followup::core::fields
