#include "util/freed_memory.hpp"

#include <cstddef>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// jemalloc's control interface, declared weak: the libraries of the core are linked into programs
// with jemalloc (the `followup` executable) and without it (the tests, a sanitizer build, the
// benchmarks), and only the executable knows which. Where jemalloc is not linked the symbol is
// null and glibc's heap is trimmed instead.
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen) __attribute__((weak));

namespace followup::core {

void return_freed_memory() {
    if (mallctl != nullptr) {
        // "arena.<MALLCTL_ARENAS_ALL>.purge" (4096 in jemalloc 5): every arena's unused dirty pages
        // returned now, instead of after jemalloc's decay time (10 s by default), by which time
        // a national compilation has built its next phase on top of them. jemalloc's header is
        // not included: the executable links it, the library does not.
        mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
        return;
    }
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace followup::core
