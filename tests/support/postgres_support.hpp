// The throw-away PostgreSQL cluster the tests run against (tests/postgres/cluster.sh, started by
// ctest's postgres_cluster fixture): a fresh database per test, dropped at the end, so that
// tests running at once never see each other's registers. Uses psql, so that a CLI test links
// nothing of the core.
#pragma once

#include <random>
#include <stdexcept>
#include <string>

#include "test_files.hpp"

namespace followup::test {

/// The cluster's URL, naming its maintenance database `postgres`.
inline std::string postgres_cluster_url() {
    std::string url = read_file(FOLLOWUP_TEST_POSTGRES_STATE);
    while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
    if (url.empty())
        throw std::runtime_error("no PostgreSQL test cluster: '" + std::string(FOLLOWUP_TEST_POSTGRES_STATE) +
                                 "' is missing; ctest starts it (the postgres_cluster fixture; tests/postgres/cluster.sh)");
    return url;
}

/// `url` with another database's name.
inline std::string postgres_url_of(const std::string& url, const std::string& database, const std::string& user = "followup") {
    const std::size_t at = url.find('@');
    const std::size_t slash = url.find('/', at);
    const std::size_t query = url.find('?', slash);
    return "postgresql://" + user + "@/" + database + url.substr(query);
}

/// A fresh, empty database on the test cluster, dropped with everything in it at the end of scope.
class TestDatabase {
public:
    TestDatabase() {
        std::random_device rd;
        name_ = "followup_test_" + std::to_string(rd() % 100000000u) + "_" + std::to_string(rd() % 100000000u);
        admin_ = postgres_cluster_url();
        const auto made = run(psql() + " -c 'CREATE DATABASE " + name_ + "'");
        if (made.exit_code != 0) throw std::runtime_error("cannot create a test database: " + made.output);
        url_ = postgres_url_of(admin_, name_);
    }
    ~TestDatabase() { run(psql() + " -c 'DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)'"); }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& url() const { return url_; }
    /// The URL for logging in as another role.
    std::string url_as(const std::string& user) const { return postgres_url_of(admin_, name_, user); }
    /// Runs SQL in the database as the cluster's superuser; the output of psql.
    CommandResult sql(const std::string& statements) const {
        TempDir scratch;
        write_file(scratch / "statements.sql", statements + "\n");
        return run("psql -X -q -t -A -v ON_ERROR_STOP=1 '" + url_ + "' -f " + quoted(scratch / "statements.sql"));
    }

private:
    std::string psql() const { return "psql -X -q -v ON_ERROR_STOP=1 '" + admin_ + "'"; }
    std::string name_, admin_, url_;
};

}  // namespace followup::test
