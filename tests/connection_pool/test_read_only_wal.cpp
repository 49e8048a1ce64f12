// Database::open with read_only on a WAL database in a folder the process cannot write. SQLite
// needs the -wal and -shm (WAL index) files: when one is missing and cannot be created the open
// fails, and the message names the file, the folder and the ways out; while a read-write
// connection keeps them in place, or after a crash left them, it works and sees the commits
// still in the -wal; an `immutable=1` URI works without them but ignores the -wal.
//
// The read-only attempts run in a child process. As root (CI containers), permissions do not
// apply, so the child drops to the user `nobody` (uid 65534), for whom the folder is not
// writable; otherwise the folder is made 0555. When neither is possible the test says so.
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <string>

#include "connection_pool_support.hpp"

namespace {

constexpr uid_t nobody = 65534;

// Runs `attempt` in a child process that cannot write `folder` and returns what it returned,
// or nullopt (with a warning) when no such child could be made.
std::optional<std::string> in_unprivileged_child(const std::filesystem::path& folder,
                                                 const std::function<std::string()>& attempt) {
  ::chmod(folder.c_str(), 0555);  // for a non-root user; root ignores it
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::string result;
    if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0)) {
      result = "skip: cannot drop root privileges";
    } else if (::access(folder.c_str(), W_OK) == 0) {
      result = "skip: the folder is still writable";
    } else if (::access(folder.c_str(), R_OK | X_OK) != 0) {
      // Some containers (fresh-debian.sh's chroot) keep `nobody` out of the temp dir altogether.
      result = "skip: user nobody cannot reach the folder at all";
    } else {
      try {
        result = attempt();
      } catch (const std::exception& e) {
        result = std::string("error: ") + e.what();
      }
    }
    [[maybe_unused]] const ssize_t written = ::write(out[1], result.data(), result.size());
    ::_exit(0);
  }
  ::close(out[1]);
  std::string text;
  char buffer[1024];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::chmod(folder.c_str(), 0755);  // so TempDir can remove it
  REQUIRE(WIFEXITED(status));
  if (text.rfind("skip: ", 0) == 0) {
    WARN("not tested: " << text.substr(6) << " (the read-only folder case needs a user who cannot write it)");
    return std::nullopt;
  }
  return text;
}

/// A WAL database `app.db` in `tmp` with one row, closed (so no -wal or -shm file remains),
/// readable by everyone.
std::string closed_wal_database(const TempDir& tmp) {
  const std::string file = tmp.file("app.db");
  {
    auto db = dorm::Database::open(file);
    cp_test::migrate(db);
    add_entry(db, 1, 1);
  }
  ::chmod(file.c_str(), 0644);
  return file;
}

std::string count_read_only(const std::string& file) {
  dorm::OpenOptions read_only;
  read_only.read_only = true;
  auto db = dorm::Database::open(file, read_only);
  return "rows: " + std::to_string(entry_count(db));
}

}  // namespace

TEST_CASE("a read-only open of a WAL database in a read-only folder without its -shm says why and what to do",
          "[connection_pool]") {
  TempDir tmp;
  const std::string file = closed_wal_database(tmp);
  REQUIRE_FALSE(std::filesystem::exists(file + "-shm"));
  const auto result = in_unprivileged_child(tmp.path(), [&] { return count_read_only(file); });
  if (!result) return;
  INFO(*result);
  CHECK_THAT(*result, Catch::StartsWith("error: [dorm.sqlite.1544] cannot open database '" + file + "'"));
  CHECK_THAT(*result, Catch::Contains("WAL mode") &&
                          Catch::Contains("'" + file + "-wal' and '" + file + "-shm' cannot be created in the folder '" +
                                          tmp.path().string() + "' (not writable by this process)") &&
                          Catch::Contains("journal_mode = DELETE") && Catch::Contains("immutable=1"));
}

TEST_CASE("a read-only open of a WAL database in a read-only folder names the one side file that is missing",
          "[connection_pool]") {
  TempDir tmp;
  const std::string file = closed_wal_database(tmp);
  {
    auto writer = dorm::Database::open(file);
    std::filesystem::copy_file(file + "-shm", tmp.file("saved-shm"));
  }
  std::filesystem::copy_file(tmp.file("saved-shm"), file + "-shm");  // a -shm left behind, no -wal
  const auto result = in_unprivileged_child(tmp.path(), [&] { return count_read_only(file); });
  if (!result) return;
  INFO(*result);
  CHECK_THAT(*result, Catch::StartsWith("error: [dorm.sqlite.1544]") &&
                          Catch::Contains(": '" + file + "-wal' cannot be created in the folder"));
}

TEST_CASE("a read-only open of a WAL database in a read-only folder works with the -wal and -shm a crash left",
          "[connection_pool]") {
  TempDir tmp;
  const std::string file = closed_wal_database(tmp);
  {
    auto writer = dorm::Database::open(file);
    add_entry(writer, 1, 2);  // in the -wal file only
    std::filesystem::copy_file(file + "-wal", tmp.file("saved-wal"));
    std::filesystem::copy_file(file + "-shm", tmp.file("saved-shm"));
  }  // the last connection checkpoints and removes both
  std::filesystem::copy_file(tmp.file("saved-wal"), file + "-wal");  // as a killed writer leaves them
  std::filesystem::copy_file(tmp.file("saved-shm"), file + "-shm");
  const auto result = in_unprivileged_child(tmp.path(), [&] { return count_read_only(file); });
  if (!result) return;
  CHECK(*result == "rows: 2");
}

TEST_CASE("a read-only open of a WAL database in a read-only folder works while a writer keeps -shm and -wal",
          "[connection_pool]") {
  TempDir tmp;
  const std::string file = closed_wal_database(tmp);
  auto writer = dorm::Database::open(file);
  add_entry(writer, 1, 2);  // committed, still in the -wal file only
  REQUIRE(std::filesystem::exists(file + "-shm"));
  const auto result = in_unprivileged_child(tmp.path(), [&] {
    std::string seen = count_read_only(file);
    dorm::OpenOptions read_only;
    read_only.read_only = true;
    auto immutable = dorm::Database::open("file:" + file + "?immutable=1", read_only);
    return seen + ", immutable: " + std::to_string(entry_count(immutable));
  });
  if (!result) return;
  // The reader sees both commits; immutable=1 reads the database file alone, without the -wal.
  CHECK(*result == "rows: 2, immutable: 1");
}

TEST_CASE("immutable=1 opens a WAL database in a read-only folder without its -shm", "[connection_pool]") {
  TempDir tmp;
  const std::string file = closed_wal_database(tmp);
  const auto result = in_unprivileged_child(tmp.path(), [&] {
    dorm::OpenOptions read_only;
    read_only.read_only = true;
    auto db = dorm::Database::open("file:" + file + "?immutable=1", read_only);
    return "rows: " + std::to_string(entry_count(db));
  });
  if (!result) return;
  CHECK(*result == "rows: 1");
}
