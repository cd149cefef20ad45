// libFuzzer target for the configuration loader. The input is a municipality file, optionally
// followed by a line "#---" and a board file; the municipality file can include the board file
// as "board.toml". Whatever the bytes, the loader must return diagnostics, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "config/municipality_config.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("followup-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string board;
    if (const auto split = text.find("\n#---\n"); split != std::string::npos) {
        board = text.substr(split + 6);
        text.resize(split);
    }
    std::ofstream(dir / "board.toml", std::ios::binary | std::ios::trunc) << board;
    const auto loaded = followup::core::load_configuration_text(text, dir / "municipality.toml");
    // Format every message too: that is what an administrator would see.
    static volatile std::size_t sink = 0;
    for (const auto& d : loaded.diagnostics) sink = sink + followup::core::to_string(d).size();
    return 0;
}
