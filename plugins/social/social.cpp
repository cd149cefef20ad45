// Socialnämnden: the nine customer-choice areas of social services, followed up under the
// guideline the board shares with elder care (plugins/common/guideline.hpp).
#include <followup/sdk.hpp>

#include "guideline.hpp"

namespace sdk = followup::sdk;

namespace {

class SocialModel final : public followup::models::GuidelineModel {
public:
    explicit SocialModel(sdk::HostServices& host)
        : GuidelineModel(host, {"social", "Socialnämnden"},
                         {"ledsagning_avlosning", "boendestod", "daglig_verksamhet", "familjebehandling",
                          "familjeradgivning", "korttidsvistelse", "sysselsattning_psykisk",
                          "bostad_sarskild_service", "oppenvard_missbruk"},
                         "Socialnämndens riktlinje för uppföljning: planerade och påkallade kvalitetsgranskningar, "
                         "kvalitetsdialoger och avtalsuppföljning. Varje granskning dokumenteras skriftligt, "
                         "rapporteras till nämnden och återkopplas till anordnaren. Individuppföljning görs av "
                         "handläggare i varje ärende och redovisas endast samlat.") {}
};

}  // namespace

FOLLOWUP_EXPORT_PLUGIN(SocialModel)
