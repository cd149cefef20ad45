// Compiled as cli/ is (core/CMakeLists.txt: the view of app and the domains below the store):
// the store's rows are the store's business, so this include must not compile.
// tests/CMakeLists.txt builds it and expects the compiler to say the header cannot be found.
#include "store/rows.hpp"
