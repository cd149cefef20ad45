// Where a long command's time and memory go: each lap is logged with its duration and the
// process's peak memory so far (`--log-level info` or `debug` shows them).
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <string_view>

#include <spdlog/spdlog.h>

namespace followup::core {

class Stopwatch {
public:
    explicit Stopwatch(spdlog::level::level_enum level) : level_(level) {}

    void lap(std::string_view what) {
        const auto now = std::chrono::steady_clock::now();
        rusage usage{};
        ::getrusage(RUSAGE_SELF, &usage);
        spdlog::log(level_, "{} in {:.3f} s (peak memory so far {} MiB)", what, std::chrono::duration<double>(now - last_).count(),
                    usage.ru_maxrss / 1024);
        last_ = now;
    }

private:
    spdlog::level::level_enum level_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace followup::core
