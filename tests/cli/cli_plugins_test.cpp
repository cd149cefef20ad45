// The real `followup` binary on real plugin files: what a user sees, and its exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "followup/sdk/version.hpp"
#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

const std::string cli = followup_binary();

TEST(CliPlugins, VersionAndUsage) {
    auto r = run(cli + " --version");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_THAT(r.output, HasSubstr("plugin ABI " + std::to_string(FOLLOWUP_SDK_ABI_VERSION)));
    r = run(cli + " plugins frobnicate");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    r = run(cli + " --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_THAT(r.output, HasSubstr("plugins"));
    EXPECT_THAT(r.output, HasSubstr("postgresql:// URL")) << "--db takes either engine's register";
}

TEST(CliPlugins, ListRunsNoPluginCode) {
    TempDir dir;
    const fs::path mark = dir / "mark";
    const std::string env = "FOLLOWUP_TEST_MARK=" + quoted(mark) + " ";
    auto r = run(env + cli + " plugins list --plugin-dir " + quoted(test_plugin_dir("static_mark")));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("static_mark"));
    EXPECT_THAT(r.output, HasSubstr("compatible"));
    EXPECT_FALSE(fs::exists(mark)) << "plugins list ran the plugin's static initializer";

    // The control: loading the plugin does run it, so the mark above could have appeared.
    r = run(env + cli + " plugins check " + quoted(test_plugin("static_mark")));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(fs::exists(mark));
}

TEST(CliPlugins, CheckOfTheWrongSdkVersionNamesFileAndVersions) {
    const auto r = run(cli + " plugins check " + quoted(test_plugin("wrong_abi")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("SDK version mismatch"));
    EXPECT_THAT(r.output, HasSubstr(test_plugin("wrong_abi").string()));
    EXPECT_THAT(r.output, HasSubstr("built for SDK ABI version 999"));
    EXPECT_THAT(r.output, HasSubstr("this host expects SDK ABI version " + std::to_string(FOLLOWUP_SDK_ABI_VERSION)));
}

TEST(CliPlugins, AnSdk2PluginIsRefusedWithBothVersionsAndWhatToChange) {
    const auto r = run(cli + " plugins check " + quoted(test_plugin("sdk_v2")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("built for SDK ABI version 2;"));
    EXPECT_THAT(r.output, HasSubstr("this host expects SDK ABI version 3"));
    EXPECT_THAT(r.output, HasSubstr("What to change for SDK 3"));
}

TEST(CliPlugins, APluginOfANewerMinorVersionIsRefusedAndOneOfThisMinorLoads) {
    auto r = run(cli + " plugins check " + quoted(test_plugin("newer_minor")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr(fmt::format("built for SDK ABI version {}.{}", FOLLOWUP_SDK_ABI_VERSION, FOLLOWUP_SDK_ABI_MINOR + 1)));
    EXPECT_THAT(r.output, HasSubstr(fmt::format("supports SDK ABI version {}.0 to {}.{}", FOLLOWUP_SDK_ABI_VERSION,
                                                FOLLOWUP_SDK_ABI_VERSION, FOLLOWUP_SDK_ABI_MINOR)));
    r = run(cli + " plugins check " + quoted(test_plugin("good")));
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(CliPlugins, CheckOfAGoodPluginReportsItsDeclarations) {
    const auto r = run(cli + " plugins check " + quoted(test_plugin("good")));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("plugin 'good' 1.0.0"));
    EXPECT_THAT(r.output, HasSubstr("boards: test (Testnämnden)"));
    EXPECT_THAT(r.output, HasSubstr("regulation, predictable follow-up: test"));
    EXPECT_THAT(r.output, HasSubstr("OK"));
}

TEST(CliPlugins, ACrashingPluginIsReportedNotFatal) {
    const auto r = run(cli + " plugins check " + quoted(test_plugin("crashes")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("crashed the checking process"));
    EXPECT_THAT(r.output, HasSubstr("during describe()"));
}

TEST(CliPlugins, CheckRefusesAPinMismatch) {
    const auto r = run(cli + " plugins check --sha256 " + std::string(64, 'a') + " " + quoted(test_plugin("good")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("SHA-256 mismatch"));
}

TEST(CliPlugins, ListGivesEachRefusalItsReason) {
    TempDir dir;
    auto manifest = [&](const std::string& name, const std::string& id) {
        write_file(dir / (name + ".plugin.toml"), "id = \"" + id + "\"\nversion = \"1\"\ndisplay_name = \"x\"\n"
                                                  "sdk_abi = 1\nlibrary = \"" + name + ".so\"\n");
    };
    write_file(dir / "text.so", "not a library");
    manifest("text", "text");
    write_file(dir / "half.so", read_file(test_plugin("good")).substr(0, 3000));
    manifest("half", "half");
    fs::copy_file(test_plugin("wrong_abi"), dir / "wrong.so");
    manifest("wrong", "wrong");
    fs::copy_file(test_plugin("no_entry"), dir / "noentry.so");
    manifest("noentry", "noentry");
    manifest("gone", "gone");

    const auto r = run(cli + " plugins list --plugin-dir " + quoted(dir.path()));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("why: not a shared library: '" + (dir / "text.so").string()));
    EXPECT_THAT(r.output, HasSubstr("why: truncated library: '" + (dir / "half.so").string()));
    EXPECT_THAT(r.output, HasSubstr("why: SDK version mismatch: '" + (dir / "wrong.so").string()));
    EXPECT_THAT(r.output, HasSubstr("why: no entry point: '" + (dir / "noentry.so").string()));
    EXPECT_THAT(r.output, HasSubstr("why: file missing: '" + (dir / "gone.so").string()));
    // The bundled plugins come first in the search path and are compatible; none of these is.
    EXPECT_THAT(r.output, Not(testing::ContainsRegex("compatible +" + dir.path().string())));
    EXPECT_THAT(r.output, HasSubstr("Plugin folders: " + fs::path(FOLLOWUP_TEST_BUNDLED_PLUGINS).lexically_normal().string()));
}

TEST(CliPlugins, ListsTheBundledPluginsByDefault) {
    const auto r = run("env -u FOLLOWUP_PLUGIN_PATH " + cli + " plugins list");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const char* id : {"education ", "social ", "eldercare ", "culture ", "labour "})
        EXPECT_THAT(r.output, HasSubstr(id));
    EXPECT_THAT(r.output, HasSubstr("compatible"));
    EXPECT_THAT(r.output, Not(HasSubstr("refused")));
    EXPECT_THAT(r.output, Not(HasSubstr("hello"))) << "the example plugin is not one of the municipality's";
}

TEST(CliPlugins, EveryBundledManifestValidatesAgainstTheInstalledSchema) {
    // An independent reader: Python's tomllib and jsonschema, against the schema the SDK installs.
    const fs::path schema = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "sdk" / "cmake" / "followup-plugin-manifest.schema.json";
    const auto r = run("/usr/bin/python3 -c \"import glob, json, sys, tomllib, jsonschema; "
                       "schema = json.load(open('" + schema.string() + "')); "
                       "files = sorted(glob.glob('" + std::string(FOLLOWUP_TEST_BUNDLED_PLUGINS) + "/*.plugin.toml')); "
                       "[jsonschema.validate(tomllib.load(open(f, 'rb')), schema) for f in files]; "
                       "print(len(files), 'manifests valid')\"");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("5 manifests valid"));
}

}  // namespace
