// The residents' site's keys in [publishing]: read by the configuration loader, in a file of their
// own so the loader stays one screenful per section (see publishing_settings.cpp).
#pragma once

#include "config/municipality_config.hpp"
#include "followup/sdk/config_reader.hpp"

namespace followup::core {

/// Reads municipality_code, base_url, contact, key_figure_descriptions, key_figure_targets and
/// districts from the [publishing] table `r` into `config`; problems go to `r`'s issues.
void read_publishing_site(sdk::ConfigReader& r, MunicipalityConfig& config);

}  // namespace followup::core
