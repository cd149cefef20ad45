// The PostgreSQL register: connecting, creating and migrating its tables, reading rows.
#include <atomic>
#include <cstdlib>

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/postgres_internal.hpp"

namespace followup::core {
namespace fs = std::filesystem;

using postgres_detail::PostgresRegister;

bool is_postgres_url(std::string_view location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string url_for_people(std::string_view url) {
    std::string out(url);
    // user:password@ in the authority.
    const std::size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        const std::size_t at = out.find('@', start);
        const std::size_t slash = out.find('/', start);
        if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
            const std::size_t colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.replace(colon, at - colon, ":***");
        }
    }
    // password=… among the parameters.
    for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
        const std::size_t end = out.find('&', p);
        out.replace(p + 9, (end == std::string::npos ? out.size() : end) - (p + 9), "***");
    }
    return out;
}

namespace {
/// A change was begun on the server and not committed (set by a writer, cleared by its commit):
/// whether a lost connection lost a change, which a command that only reads never has.
std::atomic<bool> change_under_way{false};
}  // namespace

void note_postgres_change(bool under_way) noexcept { change_under_way = under_way; }

std::optional<std::string> postgres_situation(const std::exception& e) {
    if (const auto* refused = dynamic_cast<const pqxx::sql_error*>(&e))
        return fmt::format("the PostgreSQL server refused a statement (SQLSTATE {}): {}", refused->sqlstate(), e.what());
    // A lost connection, and libpq's other failures of the connection itself ("Could not obtain
    // client encoding" after a server restart): the user's situation, in the project's words.
    if (dynamic_cast<const pqxx::failure*>(&e) != nullptr) {
        std::string why = e.what();
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return fmt::format("the connection to the PostgreSQL server was lost or failed ({}){}. Check that the server runs, then run "
                           "the command again",
                           why, change_under_way ? "; the change under way was not kept (the server rolls it back whole)" : "");
    }
    return std::nullopt;
}

std::string no_postgres_register_message(const std::string& url) {
    return fmt::format("the database at '{}' holds no register yet (--db, else the configuration's [register] url); is the "
                       "name right? `followup import`, `followup demo generate --import` or `followup register copy` creates "
                       "one",
                       url_for_people(url));
}

namespace {

/// What to tell the user when the server cannot be reached or refuses the connection.
StoreError connection_error(const std::string& url, const std::exception& e) {
    std::string why = e.what();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return StoreError(fmt::format("cannot connect to the PostgreSQL register at '{}': {}. Check that the server runs and "
                                  "listens there (host, port or socket folder), that the database exists (createdb) and that "
                                  "the user may log in (pg_hba.conf, the password)",
                                  url_for_people(url), why));
}

bool tables_exist(pqxx::transaction_base& t) {
    return !t.exec("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'register_schema'")
                .empty();
}

}  // namespace

bool postgres_register_exists(const std::string& url) {
    try {
        pqxx::connection c(url);
        pqxx::nontransaction t(c);
        return tables_exist(t) && !t.exec("SELECT version FROM register_schema").empty();
    } catch (const pqxx::broken_connection& e) {
        throw connection_error(url, e);
    }
}

std::unique_ptr<Register> open_postgres_register(const std::string& url, RegisterCreation creation,
                                                 const std::optional<fs::path>& audit_key) {
    std::unique_ptr<PostgresRegister> store;
    try {
        store = std::make_unique<PostgresRegister>(url, audit_key);
    } catch (const pqxx::broken_connection& e) {
        throw connection_error(url, e);
    }
    try {
        if (creation == RegisterCreation::must_exist) {
            bool exists = false;
            store->in_transaction([&](pqxx::transaction_base& t) {
                exists = tables_exist(t) && !t.exec("SELECT version FROM register_schema").empty();
            });
            if (!exists) throw StoreError(no_postgres_register_message(url));
        }
        store->migrate();
    } catch (const pqxx::sql_error& e) {
        throw StoreError(fmt::format("'{}' cannot be opened as a register: {}", url_for_people(url), e.what()));
    }
    return store;
}

}  // namespace followup::core

namespace followup::core::postgres_detail {

std::unique_ptr<pqxx::tablewriter> copy_into(pqxx::transaction_base& t, const std::string& table,
                                             const std::vector<std::string>& columns) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return std::make_unique<pqxx::tablewriter>(t, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
}

void append_copy_field(std::string& line, std::size_t index, const std::optional<std::string>& value) {
    if (index > 0) line += '\t';
    if (!value) {
        line += "\\N";
        return;
    }
    for (char c : *value) {
        switch (c) {
            case '\\': line += "\\\\"; break;
            case '\t': line += "\\t"; break;
            case '\n': line += "\\n"; break;
            case '\r': line += "\\r"; break;
            default: line += c;
        }
    }
}

std::string column_list(const RecordKind& kind) {
    std::string columns;
    for (const auto& c : kind.columns) columns += (columns.empty() ? "" : ", ") + c.name;
    return columns;
}

void read_canonical(std::string& out, const pqxx::field& field, ColumnType type) {
    if (field.is_null()) {
        out.clear();
        return;
    }
    switch (type) {
        // Integers come as their decimal text already; a number is read and written again as
        // SQLite's register writes it (the shortest text that reads back as the same double).
        case ColumnType::number: out = fmt::format("{}", std::strtod(field.c_str(), nullptr)); return;
        case ColumnType::boolean: out = std::strtoll(field.c_str(), nullptr, 10) != 0 ? "ja" : "nej"; return;
        default: out.assign(field.c_str(), field.size());
    }
}

std::optional<std::string> stored(const RecordKind& kind, std::size_t column, const std::string& value) {
    const ColumnType t = kind.columns[column].type;
    const bool key = std::find(kind.key.begin(), kind.key.end(), kind.columns[column].name) != kind.key.end();
    if (value.empty() && !key &&
        (t == ColumnType::note || t == ColumnType::date_or_empty || t == ColumnType::integer_or_empty))
        return std::nullopt;  // NULL, as in SQLite's register
    if (t == ColumnType::integer || t == ColumnType::integer_or_empty) return std::to_string(std::stoll(value));
    if (t == ColumnType::number) return fmt::format("{}", std::stod(value));
    if (t == ColumnType::boolean) return std::string(value == "ja" ? "1" : "0");
    return value;
}

PostgresRegister::PostgresRegister(const std::string& url, std::optional<fs::path> audit_key)
    : url_(url_for_people(url)), connect_url_(url), connection_(std::make_unique<pqxx::connection>(url)), connected_in_(::getpid()),
      audit_key_(std::move(audit_key)) {}

namespace {

/// The connections a child inherited from its host (session()): never closed, never freed, and
/// reachable from here so that a leak checker in a child that ends with exit() does not report them.
std::vector<pqxx::connection*>& inherited_connections() {
    static auto* kept = new std::vector<pqxx::connection*>;
    return *kept;
}

}  // namespace

pqxx::connection& PostgresRegister::session() const {
    if (::getpid() == connected_in_) return *connection_;
    // A child of the host, forked for an isolated plugin call whose model reads the register
    // (a unit's history, through its RegisterView). The inherited connection is the host's own
    // session with the server: the child's statements would go into it, the statements it
    // prepares would be unknown to the host, whose next one then gets the same name ("prepared
    // statement already exists"), and a child killed mid-statement would leave the host's socket
    // mid-message. So the child connects anew. The inherited connection is kept, not closed:
    // closing it would tell the server to end the host's session.
    if (current_ != nullptr)
        // The host's open transaction cannot be shared with another session; a plugin is never
        // called inside one (writes follow the models' answers), so this is a bug, said plainly.
        throw StoreError(fmt::format("'{}': a child process cannot read inside its host's open transaction", url_));
    inherited_connections().push_back(connection_.release());
    prepared_.clear();
    connection_ = std::make_unique<pqxx::connection>(connect_url_);
    connected_in_ = ::getpid();
    return *connection_;
}

namespace {

bool may_hold_personal_data(const RecordKind& kind) {
    return std::any_of(kind.columns.begin(), kind.columns.end(), [](const ColumnSpec& c) { return c.type == ColumnType::org_number; });
}

}  // namespace

PostgresRegister::~PostgresRegister() { log_reads(); }

void PostgresRegister::note_read(const RecordKind& kind, std::size_t rows) const {
    if (rows > 0 && may_hold_personal_data(kind)) personal_reads_[kind.name] += rows;
}

void PostgresRegister::log_reads() noexcept {
    // Once per command, by the process that read (a plugin's child reads for its model, whose
    // answer the host stores; the host's reads are what the command shows or writes out).
    if (personal_reads_.empty() || ::getpid() != connected_in_ || current_ != nullptr) return;
    std::string what;
    for (const auto& [kind, rows] : personal_reads_) what += fmt::format("{}{} {}", what.empty() ? "" : ", ", kind, rows);
    personal_reads_.clear();
    try {
        pqxx::nontransaction t(*connection_);
        const CommandDescription& described = described_command();
        t.exec_params("SELECT followup_log_read($1, $2, $3)", described.command, described.on_behalf_of, what);
    } catch (const std::exception& e) {
        // The command has done its work; a read log that could not be written is said, not hidden.
        spdlog::warn("'{}': the read of personal data ({}) was not logged: {}", url_, what, e.what());
    }
}



void PostgresRegister::migrate() {
    // Up to date: nothing to write. An officer's role may not create tables (docs/data.md, roles),
    // and opens the register without trying to.
    {
        pqxx::nontransaction look(session());
        if (tables_exist(look)) {
            const pqxx::result r = look.exec("SELECT version FROM register_schema");
            if (!r.empty() && r[0][0].as<std::int64_t>() == static_cast<std::int64_t>(postgres_migrations().size())) return;
        }
    }
    pqxx::work t(session());
    // Quiet: CREATE TABLE IF NOT EXISTS of a table that exists is a notice, not news.
    t.exec("SET LOCAL client_min_messages = warning");
    t.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock);
    const bool fresh = !tables_exist(t);
    if (fresh) {
        const std::string other = t.exec("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")[0][0].c_str();
        if (other != "0")
            throw StoreError(fmt::format("the database at '{}' holds other tables but no register; use an empty database for "
                                         "the register (createdb)",
                                         url_));
    }
    t.exec(postgres_bookkeeping());
    pqxx::result r = t.exec("SELECT version FROM register_schema");
    std::int64_t version = r.empty() ? 0 : r[0][0].as<std::int64_t>();
    const auto& migrations = postgres_migrations();
    if (version > static_cast<std::int64_t>(migrations.size()))
        throw StoreError(fmt::format("'{}' has register schema version {}; this followup understands versions up to {}. Open "
                                     "it with a newer followup.",
                                     url_, version, migrations.size()));
    if (r.empty()) t.exec("INSERT INTO register_schema (version) VALUES (0)");
    for (; version < static_cast<std::int64_t>(migrations.size()); ++version) {
        t.exec(migrations[static_cast<std::size_t>(version)]);
        t.exec_params("UPDATE register_schema SET version = $1", version + 1);
    }
    t.exec(postgres_functions());
    t.commit();
}

void PostgresRegister::in_transaction(const std::function<void(pqxx::transaction_base&)>& work) const {
    if (current_ != nullptr) {
        work(*current_);
        return;
    }
    pqxx::nontransaction t(session());
    work(t);
}

std::string PostgresRegister::prepared(const std::string& sql) const {
    pqxx::connection& connection = session();  // first: in a child, the host's statements are not on its session
    auto it = prepared_.find(sql);
    if (it != prepared_.end()) return it->second;
    const std::string name = fmt::format("followup_{}", prepared_.size());
    connection.prepare(name, sql);
    return prepared_.emplace(sql, name).first->second;
}

void PostgresRegister::note_inserted(const RecordKind& kind, const Row& row) {
    auto it = known_keys_.find(kind.name);
    if (it != known_keys_.end() && it->second.loaded) it->second.keys.insert(row[kind.column_index(kind.key.front())]);
}

bool PostgresRegister::contains(const RecordKind& kind, const std::string& key) const {
    if (writing_) {
        KnownKeys& known = known_keys_[kind.name];
        if (!known.loaded && ++known.lookups >= load_keys_after) {
            in_transaction([&](pqxx::transaction_base& t) {
                for (const auto& r : t.exec(fmt::format("SELECT DISTINCT {} FROM {}", kind.key.front(), kind.name)))
                    known.keys.emplace(r[0].c_str(), r[0].size());
            });
            known.loaded = true;
        }
        if (known.loaded) return known.keys.count(key) > 0;
    }
    bool found = false;
    const std::string statement = prepared(fmt::format("SELECT 1 FROM {} WHERE {} = $1", kind.name, kind.key.front()));
    in_transaction([&](pqxx::transaction_base& t) { found = !t.exec_prepared(statement, key).empty(); });
    return found;
}

std::optional<Row> PostgresRegister::find(const RecordKind& kind, const std::string& key) const {
    const std::vector<Row> rows = select_rows(kind, kind.key.front() + " = $1", kind.key.front(), {key});
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<Row> PostgresRegister::rows_where(const RecordKind& kind, const std::string& column, const std::string& value) const {
    if (kind.column_index(column) == kind.columns.size()) throw StoreError(fmt::format("{} has no column '{}'", kind.name, column));
    std::string order;
    for (const auto& k : kind.key) order += (order.empty() ? "" : ", ") + k;
    return select_rows(kind, column + " = $1", order, {value});
}

std::unique_ptr<RegisterWriter> PostgresRegister::begin(const std::string& actor) {
    if (current_ != nullptr) throw StoreError(fmt::format("'{}': a transaction is already open on this connection", url_));
    return std::make_unique<PostgresWriter>(*this, actor);
}

void PostgresRegister::read_consistently(const std::function<void()>& reads) const {
    if (current_ != nullptr) {  // inside a writer or another consistent read: it is the snapshot
        reads();
        return;
    }
    // Repeatable read: every statement of the transaction sees the snapshot its first one took.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> t(session());
    current_ = &t;
    try {
        reads();
    } catch (...) {
        current_ = nullptr;
        throw;
    }
    current_ = nullptr;
    t.commit();
}

void PostgresRegister::for_each(const RecordKind& kind, const std::function<void(const Row&)>& visit) const {
    for_each(kind, kind.column_names(), visit);
}

void PostgresRegister::for_each(const RecordKind& kind, const std::vector<std::string>& wanted,
                                const std::function<void(const Row&)>& visit) const {
    const ColumnSelection selected = select_columns(kind, wanted);
    if (!selected.missing.empty()) throw StoreError(fmt::format("{} has no column '{}'", kind.name, selected.missing));
    const std::string& columns = selected.columns;
    const std::string& order = selected.order;
    const std::vector<ColumnType>& types = selected.types;
    // A cursor read in batches: at national scale a table is millions of rows, which a result
    // would hold in memory all at once.
    const std::string cursor = fmt::format("followup_rows_{}", ++cursors_);
    auto read = [&](pqxx::transaction_base& t) {
        t.exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR SELECT {} FROM {} ORDER BY {}", cursor, columns, kind.name, order));
        Row row(types.size());
        for (;;) {
            const pqxx::result batch = t.exec(fmt::format("FETCH 20000 FROM {}", cursor));
            note_read(kind, batch.size());
            for (const auto& r : batch) {
                for (std::size_t i = 0; i < types.size(); ++i) read_canonical(row[i], r[static_cast<int>(i)], types[i]);
                visit(row);
            }
            if (batch.size() < 20000) break;
        }
        t.exec(fmt::format("CLOSE {}", cursor));
    };
    if (current_ != nullptr) {
        read(*current_);
    } else {
        // A cursor lives in a transaction.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> t(session());
        current_ = &t;
        try {
            read(t);
        } catch (...) {
            current_ = nullptr;
            throw;
        }
        current_ = nullptr;
        t.commit();
    }
}

std::int64_t PostgresRegister::audit_entries() const {
    std::int64_t count = 0;
    in_transaction([&](pqxx::transaction_base& t) { count = t.exec("SELECT count(*) FROM audit")[0][0].as<std::int64_t>(); });
    return count;
}

}  // namespace followup::core::postgres_detail
