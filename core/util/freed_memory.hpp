// Giving memory the program has freed back to the operating system at the points where a large
// piece of work is done with it, so that the next one does not sit on top of it.
#pragma once

namespace followup::core {

/// Returns the pages the allocator holds freed to the system: jemalloc's arenas purged when the
/// program runs on jemalloc (the `followup` executable, FOLLOWUP_JEMALLOC), glibc's heap trimmed
/// otherwise. Costs a few milliseconds; worth it between phases that each hold hundreds of
/// megabytes, not in a loop.
void return_freed_memory();

}  // namespace followup::core
