// Compiled as part of the store domain: config is below it, so this compiles (the control for
// upward_include.cpp — the probe's include path works, and only the direction is refused).
#include "config/municipality_config.hpp"
#include "store/register.hpp"
