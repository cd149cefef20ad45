// Compiled as cli/ is: every header of the use-case floor, and the type-only headers it hands
// back, compile without the store (the counterpart of cli_reaches_rows.cpp, which must not).
#include "app/authorizations.hpp"
#include "app/compilation.hpp"
#include "app/follow_ups.hpp"
#include "app/planning.hpp"
#include "app/register_admin.hpp"
#include "app/register_options.hpp"
#include "lifecycle/entries.hpp"
#include "schedule/status.hpp"
