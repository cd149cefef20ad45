#include "report/compile.hpp"

#include "report/compile_internal.hpp"

namespace followup::core {

Document compile_document(const CompileInputs& inputs) { return compilation::Compiler(inputs).run(); }

}  // namespace followup::core
