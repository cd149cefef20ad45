// Compiled as part of the store domain, which sits below report: this include must not compile.
// tests/CMakeLists.txt builds it and expects the compiler to say the header cannot be found.
#include "report/document.hpp"
