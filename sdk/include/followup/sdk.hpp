// Everything a plugin author includes. Read in this order: version.hpp, types.hpp, scale.hpp,
// assessment.hpp, host.hpp, plugin.hpp, export.hpp; config_reader.hpp when you read your [model] table;
// numbers.hpp to write numbers as your reader does.
#pragma once

#include "followup/sdk/assessment.hpp"
#include "followup/sdk/config_reader.hpp"
#include "followup/sdk/error.hpp"
#include "followup/sdk/export.hpp"
#include "followup/sdk/host.hpp"
#include "followup/sdk/numbers.hpp"
#include "followup/sdk/plugin.hpp"
#include "followup/sdk/scale.hpp"
#include "followup/sdk/types.hpp"
#include "followup/sdk/version.hpp"
