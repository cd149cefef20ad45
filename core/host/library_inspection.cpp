#include "host/library_inspection.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <charconv>
#include <string_view>

#include <fmt/format.h>

#include "followup/sdk/export.hpp"

namespace followup::core {
namespace fs = std::filesystem;
using Verdict = LibraryInspection::Verdict;

namespace {

struct ElfFile {
    int fd = -1;
    Elf* elf = nullptr;
    ~ElfFile() {
        if (elf != nullptr) elf_end(elf);
        if (fd >= 0) ::close(fd);
    }
};

LibraryInspection refuse(Verdict verdict, std::string detail) { return {verdict, std::move(detail), std::nullopt}; }

}  // namespace

LibraryInspection inspect_library(const fs::path& library) {
    std::error_code ec;
    if (!fs::exists(library, ec)) return refuse(Verdict::missing, "no such file");
    if (!fs::is_regular_file(library, ec)) return refuse(Verdict::not_shared_library, "not a regular file");
    const auto file_size = static_cast<std::uint64_t>(fs::file_size(library, ec));
    if (ec) return refuse(Verdict::missing, ec.message());

    if (elf_version(EV_CURRENT) == EV_NONE) return refuse(Verdict::not_shared_library, elf_errmsg(-1));
    ElfFile f;
    f.fd = ::open(library.c_str(), O_RDONLY | O_CLOEXEC);
    if (f.fd < 0) return refuse(Verdict::missing, fmt::format("cannot open: {}", std::strerror(errno)));
    // ELF_C_READ (not _MMAP): libelf reads with read(2), so a short file gives an error, not SIGBUS.
    f.elf = elf_begin(f.fd, ELF_C_READ, nullptr);
    if (f.elf == nullptr || elf_kind(f.elf) != ELF_K_ELF)
        return refuse(Verdict::not_shared_library, "not an ELF file (invalid ELF header)");

    GElf_Ehdr header;
    if (gelf_getehdr(f.elf, &header) == nullptr)
        return refuse(Verdict::truncated, fmt::format("unreadable ELF header: {}", elf_errmsg(-1)));
    if (header.e_type != ET_DYN)
        return refuse(Verdict::not_shared_library,
                      fmt::format("ELF type {} is not a shared library (expected ET_DYN)", header.e_type));
    if (header.e_machine != EM_X86_64 && header.e_machine != EM_AARCH64 && header.e_machine != EM_386 &&
        header.e_machine != EM_ARM && header.e_machine != EM_RISCV)
        return refuse(Verdict::not_shared_library, fmt::format("unknown machine type {}", header.e_machine));

    std::size_t segment_count = 0;
    if (elf_getphdrnum(f.elf, &segment_count) != 0 || segment_count == 0)
        return refuse(Verdict::truncated, "no program headers");
    for (std::size_t i = 0; i < segment_count; ++i) {
        GElf_Phdr segment;
        if (gelf_getphdr(f.elf, static_cast<int>(i), &segment) == nullptr)
            return refuse(Verdict::truncated, fmt::format("program header {} unreadable", i));
        if (segment.p_offset + segment.p_filesz > file_size)
            return refuse(Verdict::truncated,
                          fmt::format("segment {} ends at byte {} but the file has {} bytes", i,
                                      segment.p_offset + segment.p_filesz, file_size));
    }
    if (header.e_shoff + static_cast<std::uint64_t>(header.e_shnum) * header.e_shentsize > file_size)
        return refuse(Verdict::truncated, fmt::format("section headers end past the file's {} bytes", file_size));

    // The entry symbol, from the dynamic symbol table (what dlsym sees).
    constexpr std::string_view prefix = FOLLOWUP_PLUGIN_ENTRY_PREFIX;
    Elf_Scn* section = nullptr;
    bool saw_dynsym = false;
    while ((section = elf_nextscn(f.elf, section)) != nullptr) {
        GElf_Shdr section_header;
        if (gelf_getshdr(section, &section_header) == nullptr) continue;
        if (section_header.sh_type != SHT_DYNSYM) continue;
        saw_dynsym = true;
        if (section_header.sh_entsize == 0) break;
        Elf_Data* data = elf_getdata(section, nullptr);
        if (data == nullptr) return refuse(Verdict::truncated, "dynamic symbol table unreadable");
        const std::size_t count = section_header.sh_size / section_header.sh_entsize;
        for (std::size_t i = 0; i < count; ++i) {
            GElf_Sym symbol;
            if (gelf_getsym(data, static_cast<int>(i), &symbol) == nullptr) break;
            if (symbol.st_shndx == SHN_UNDEF || GELF_ST_BIND(symbol.st_info) == STB_LOCAL) continue;
            const char* name = elf_strptr(f.elf, section_header.sh_link, symbol.st_name);
            if (name == nullptr) continue;
            std::string_view sv(name);
            if (!sv.starts_with(prefix)) continue;
            std::uint32_t abi = 0;
            const char* first = sv.data() + prefix.size();
            const char* last = sv.data() + sv.size();
            auto [ptr, err] = std::from_chars(first, last, abi);
            if (err != std::errc{} || ptr != last) continue;
            return {Verdict::loadable, {}, abi};
        }
    }
    return refuse(Verdict::no_entry_point,
                  saw_dynsym ? fmt::format("no exported '{}<N>' symbol; was the plugin built with "
                                           "FOLLOWUP_EXPORT_PLUGIN and followup_add_plugin()?",
                                           prefix)
                             : std::string("no dynamic symbol table"));
}

}  // namespace followup::core
