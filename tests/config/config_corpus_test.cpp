// The corpus of broken configurations under tests/config/broken/: each case's `expected` file
// lists, in order, every error the loader must report (file relative to the case, line, column,
// key path, message). All errors come in one run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "config/municipality_config.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;
using namespace followup::core;

namespace {

const fs::path corpus = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "config" / "broken";

std::vector<std::string> cases() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(corpus))
        if (entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

class BrokenConfiguration : public testing::TestWithParam<std::string> {};

TEST_P(BrokenConfiguration, ReportsEveryExpectedErrorWithItsLocation) {
    const fs::path dir = corpus / GetParam();
    const LoadedConfig loaded = load_configuration(dir / "municipality.toml");
    std::vector<std::string> actual;
    const std::string prefix = fs::absolute(dir).lexically_normal().string() + "/";
    for (const Diagnostic& d : loaded.diagnostics) {
        std::string line = to_string(d);
        for (std::size_t at; (at = line.find(prefix)) != std::string::npos;) line.erase(at, prefix.size());
        actual.push_back(line);
    }
    EXPECT_THAT(actual, testing::ElementsAreArray(lines_of(followup::test::read_file(dir / "expected"))));
}

INSTANTIATE_TEST_SUITE_P(Corpus, BrokenConfiguration, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<std::string>& param) { return param.param; });

TEST(Configuration, TheExampleMunicipalityLoadsWithoutErrors) {
    const LoadedConfig loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
    for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
    const MunicipalityConfig& c = loaded.config;
    EXPECT_EQ(c.boards.size(), 5u);
    EXPECT_GE(c.areas.size(), 17u);
    for (const char* area : {"forskola", "pedagogisk_omsorg", "hemtjanst", "kulturskola", "vuxenutbildning"})
        EXPECT_NE(c.area(area), nullptr) << area;
    // The targeted supervision of pedagogical care and crisis preparedness are conditions.
    auto has_condition = [&](const std::string& id) {
        return std::any_of(c.conditions.begin(), c.conditions.end(), [&](const auto& x) { return x.id == id; });
    };
    EXPECT_TRUE(has_condition("registerutdrag_adressen"));
    EXPECT_TRUE(has_condition("ansvarsforsakring"));
    EXPECT_TRUE(has_condition("kontinuitetsplan"));
}

TEST(Configuration, WhatInitWritesLoadsWithoutErrors) {
    followup::test::TempDir dir;
    const auto run = followup::test::run(followup::test::quoted(FOLLOWUP_CLI) + " init " + followup::test::quoted(dir / "cfg"));
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const LoadedConfig loaded = load_configuration(dir / "cfg" / "municipality.toml");
    for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
}

}  // namespace
