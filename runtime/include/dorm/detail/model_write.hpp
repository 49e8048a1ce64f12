#pragma once
// Definitions of dorm::Database's model writes (declared in dorm/core/database.hpp, which includes
// this file at its end): the lifecycle path (hooks, timestamps, validation, soft deletes, tenant
// scoping) and the bare statements both paths end in.
//
// Tenant tables (dorm/tenancy/tenant_scope.hpp) always take the lifecycle path: the write checks for an
// active scope before anything runs, inserts and updates set the row's tenant column to the
// scope's tenant, and every row statement is a builder's statement whose condition is the row's
// key AND its tenant (`"t"."org_id" = ?`), so a row object carrying another tenant's key changes
// nothing. No SQL text is built or spliced here: updates and deletes are the query builders'
// statements, inserts and find() the table's SQL (dorm/detail/table_sql.hpp), built once per table.
#include <optional>
#include <span>
#include <tuple>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "dorm/core/database.hpp"
#include "dorm/detail/table_traits.hpp"
#include "dorm/lifecycle/hooks.hpp"
#include "dorm/core/statement_cache.hpp"
#include "dorm/tenancy/tenant_scope.hpp"
#include "dorm/lifecycle/timestamp.hpp"
#include "dorm/lifecycle/validation.hpp"

namespace dorm {

namespace detail {

/// Throws [dorm.insert.no_row]: an INSERT into `table` ended without an error but stored
/// `stored` of `rows` rows (a view, or a trigger's RAISE(IGNORE)). Out of line: the insert path
/// keeps only the test.
[[noreturn]] void throw_insert_stored_no_row(std::string_view table, std::string_view sql, std::size_t rows,
                                             std::int64_t stored);

/// created_at = now when empty (imports keep a historical value), updated_at = now.
template <class M>
void stamp_insert(M& row, const std::string& now) {
  using T = table_of<M>;
  if constexpr (timestamped_table<T>) {
    auto& created_at = row.*T::created_at_column::member;
    if (created_at.empty()) created_at = now;
    row.*T::updated_at_column::member = now;
  }
}

/// updated_at = now (tables with timestamps).
template <class M>
void stamp_update(M& row, const std::string& now) {
  using T = table_of<M>;
  if constexpr (timestamped_table<T>) row.*T::updated_at_column::member = now;
}

/// What a soft delete writes: deleted_at = now (and updated_at).
template <class M>
void stamp_soft_delete(M& row, const std::string& now) {
  row.*table_of<M>::deleted_at_column::member = now;
  stamp_update(row, now);
}

/// What a restore writes: deleted_at = NULL (and updated_at = now).
template <class M>
void stamp_restore(M& row, const std::string& now) {
  row.*table_of<M>::deleted_at_column::member = std::nullopt;
  stamp_update(row, now);
}

/// The row of `M` with `row`'s primary key as a query condition, `"t"."id" = ? AND ...`, from
/// the generated key descriptor (`T::primary_key`): a row is `find(key)`, as Diesel's
/// Identifiable, and its writes are the builders' statements. The key is bound from `row` by
/// reference (the row outlives the statement), so a text key is not copied.
template <class M, class... K>
auto row_key_condition(const M& row, type_list<K...>*) {
  static_assert(sizeof...(K) > 0, "dorm: a row write (update, remove, restore) needs a primary key");
  return and_all(Comparison<CompareOp::eq, K, Param<const typename K::value_type&>>{{row.*K::member}}...);
}
template <class M>
auto row_key_condition(const M& row) {
  return row_key_condition(row, static_cast<typename table_of<M>::primary_key*>(nullptr));
}

/// `condition`, and on a tenant table `AND "org_id" = ?` with the row's tenant (set to the
/// scope's, or kept in a bypass region): a row object carrying another tenant's key matches no
/// row.
template <Model M, class Condition>
auto row_condition(const M& row, Condition condition, std::string_view operation) {
  using T = table_of<M>;
  if constexpr (tenant_table<T>) {
    using TenantColumn = typename T::tenant_column;
    using Value = typename TenantColumn::value_type;
    // The tenant value moves into the condition (one copy, as the key is bound by reference).
    return std::move(condition) &&
           Comparison<CompareOp::eq, TenantColumn, Param<Value>>{{row_tenant_value(row, operation)}};
  } else {
    (void)row;
    (void)operation;
    return condition;
  }
}

/// The columns update(row) writes from the row: every non-key column, or for a table of key
/// columns only its key, set to itself (the update then only checks that the row exists). The
/// version column is not among them: update(row) sets it to the row's version + 1.
template <class T, class Columns = typename T::columns>
struct row_update_columns;
template <class T, class... Cs>
struct row_update_columns<T, type_list<Cs...>> {
  using type = type_list_concat_t<std::conditional_t<(!has_non_key_columns<T> || !is_key_column<T, Cs>) &&
                                                         !is_version_column<T, Cs>(),
                                                     type_list<Cs>, type_list<>>...>;
};

/// The SET terms of update(row), `"c" = ?` for each column of row_update_columns, as
/// update_all<T>().set(...) takes them, but binding the row's values by reference: no copy of
/// the row, and no second validation (UpdateQuery skips terms that bind by reference; the row
/// was validated whole first).
/// `extra` SET terms follow the row's (the version's).
template <class M, class... Cs, class... Extra>
auto row_assignments(const M& row, type_list<Cs...>*, const Extra&... extra) {
  return terms<Assignment<Cs, const typename Cs::value_type&>..., Extra...>{{{{row.*Cs::member}}..., {extra}...}};
}
template <class M>
auto row_assignments(const M& row) {
  using T = table_of<M>;
  using Columns = typename row_update_columns<T>::type;
  if constexpr (versioned_table<T>) {
    // `"version" = ?` bound to the loaded version + 1: the WHERE requires the loaded version, so
    // this is `version + 1` written as a builder's SET term.
    using V = typename T::version_column;
    using Value = typename V::value_type;
    return row_assignments(row, static_cast<Columns*>(nullptr),
                           Assignment<V, Value>{static_cast<Value>(row.*V::member + 1)});
  } else {
    return row_assignments(row, static_cast<Columns*>(nullptr));
  }
}

/// `condition`, and on a table with a version column `AND "version" = ?` with the row's
/// version: the row as it was loaded (optimistic locking).
template <Model M, class Condition>
auto row_version_condition(const M& row, const Condition& condition) {
  using T = table_of<M>;
  if constexpr (versioned_table<T>) {
    using V = typename T::version_column;
    return condition && Comparison<CompareOp::eq, V, Param<const typename V::value_type&>>{{row.*V::member}};
  } else {
    (void)row;
    return condition;
  }
}

/// A new row's version: 1, unless the row carries one of at least 1 (an import keeps it).
template <class M>
void stamp_version_on_insert(M& row) {
  using T = table_of<M>;
  if constexpr (versioned_table<T>) {
    auto& version = row.*T::version_column::member;
    if (version < 1) version = 1;
  }
}

/// The row's version after a successful update(row).
template <class M>
void bump_version(M& row) {
  using T = table_of<M>;
  if constexpr (versioned_table<T>) ++(row.*T::version_column::member);
}

/// A key value as ConcurrentModification names it: a number as is, text in single quotes.
template <class V>
std::string key_value_text(const V& value) {
  if constexpr (std::is_integral_v<V> && !std::is_same_v<V, bool>) {
    return std::to_string(value);
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    return "'" + std::string(std::string_view(value)) + "'";
  } else {
    return "(a value)";
  }
}

/// `id = 7`, `post_id = 1, tag_id = 2`: the row's primary key, for messages.
template <class M, class... K>
std::string key_text(const M& row, type_list<K...>*) {
  std::string text;
  ((text += (text.empty() ? "" : ", ") + std::string(K::name) + " = " + key_value_text(row.*K::member)), ...);
  return text;
}
template <class M>
std::string key_text(const M& row) {
  return key_text(row, static_cast<typename table_of<M>::primary_key*>(nullptr));
}

/// Throws [dorm.concurrent_modification]: `operation` ("update of") found `row`'s key but not its version.
template <class M>
[[noreturn]] void throw_concurrent_modification(const M& row, std::string_view operation, std::string sql) {
  using T = table_of<M>;
  std::string key = key_text(row);
  std::string message = "[dorm.concurrent_modification] " + std::string(operation) + " table '" + std::string(T::name) +
                        "': the row with " + key + " was changed since it was loaded (its version is no longer " +
                        std::to_string(row.*T::version_column::member) +
                        "); nothing was written: load it again and reapply the change";
  throw ConcurrentModification(std::move(message), std::string(T::name), std::move(key), std::move(sql));
}

}  // namespace detail

// ---- the lifecycle path ----

template <Model M>
bool Database::lifecycle_writes() noexcept {
  if constexpr (detail::timestamped_table<table_of<M>> || detail::tenant_table<table_of<M>> ||
                detail::versioned_table<table_of<M>>) {
    return true;
  } else {
    return hooks<M>().any();
  }
}

template <Model M>
void Database::insert_many_with_lifecycle(std::span<M> rows) {
  detail::require_tenant_for_write<M>("insert into");
  detail::Executor::require_writable(statements(), StatementKind::insert, table_of<M>::name);
  std::vector<M> work(rows.begin(), rows.end());
  const bool hooked = hooks<M>().any();
  transaction([&] {
    for (M& row : work) detail::stamp_tenant(row, "insert into");
    if (hooked) {
      for (M& row : work) {
        detail::run_before_hooks(Event::saving, row, "insert into");
        detail::run_before_hooks(Event::creating, row, "insert into");
      }
      for (M& row : work) detail::stamp_tenant(row, "insert into");
    }
    if constexpr (detail::timestamped_table<table_of<M>>) {
      const std::string now = utc_timestamp();
      for (M& row : work) detail::stamp_insert(row, now);
    }
    for (M& row : work) detail::stamp_version_on_insert(row);
    for (const M& row : work) validate(row);
    insert_chunks(std::span<M>(work));
    if (hooked) {
      for (const M& row : work) {
        detail::run_after_hooks(Event::created, row);
        detail::run_after_hooks(Event::saved, row);
      }
    }
  });
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = std::move(work[i]);
}

namespace detail {

/// The row writes that run the model lifecycle; remove is a soft delete on a soft-delete table.
enum class WriteKind { insert, upsert, update, remove, force_remove, restore };

inline constexpr Event insert_before_events[] = {Event::saving, Event::creating};
inline constexpr Event insert_after_events[] = {Event::created, Event::saved};
inline constexpr Event upsert_before_events[] = {Event::saving};
inline constexpr Event upsert_after_events[] = {Event::saved};
inline constexpr Event update_before_events[] = {Event::saving, Event::updating};
inline constexpr Event update_after_events[] = {Event::updated, Event::saved};
inline constexpr Event remove_before_events[] = {Event::deleting};
inline constexpr Event remove_after_events[] = {Event::deleted};
inline constexpr Event restore_before_events[] = {Event::restoring};
inline constexpr Event restore_after_events[] = {Event::restored};

/// What a `Kind` write of a row of table `T` does around its statement (docs/lifecycle.md):
/// the hook events before and after it, the tenant and timestamps it sets, whether it validates.
template <WriteKind Kind, class T>
struct WriteSteps {
  static constexpr bool saves = Kind == WriteKind::insert || Kind == WriteKind::upsert || Kind == WriteKind::update;
  static constexpr bool soft_delete = Kind == WriteKind::remove && soft_delete_table<T>;
  /// The operation as error messages name it: "update of table 'users'".
  static constexpr std::string_view operation = Kind == WriteKind::insert   ? "insert into"
                                                : Kind == WriteKind::upsert ? "upsert into"
                                                : Kind == WriteKind::update ? "update of"
                                                : Kind == WriteKind::restore ? "restore of"
                                                                             : "delete from";
  static constexpr StatementKind statement = Kind == WriteKind::insert || Kind == WriteKind::upsert ? StatementKind::insert
                                             : Kind == WriteKind::update || Kind == WriteKind::restore
                                                 ? StatementKind::update
                                                 : StatementKind::remove;
  static constexpr std::span<const Event> before = Kind == WriteKind::insert   ? std::span<const Event>(insert_before_events)
                                                   : Kind == WriteKind::upsert ? std::span<const Event>(upsert_before_events)
                                                   : Kind == WriteKind::update ? std::span<const Event>(update_before_events)
                                                   : Kind == WriteKind::restore
                                                       ? std::span<const Event>(restore_before_events)
                                                       : std::span<const Event>(remove_before_events);
  static constexpr std::span<const Event> after = Kind == WriteKind::insert   ? std::span<const Event>(insert_after_events)
                                                  : Kind == WriteKind::upsert ? std::span<const Event>(upsert_after_events)
                                                  : Kind == WriteKind::update ? std::span<const Event>(update_after_events)
                                                  : Kind == WriteKind::restore
                                                      ? std::span<const Event>(restore_after_events)
                                                      : std::span<const Event>(remove_after_events);
  /// The statement binds or the row records the time: timestamps, a soft delete's deleted_at.
  static constexpr bool needs_now = timestamped_table<T> || soft_delete;

  /// Timestamps written before the statement (saves: created_at, updated_at) or, on success,
  /// after it (deleted_at and updated_at of a soft delete or restore).
  template <class M>
  static void stamp(M& row, const std::string& now) {
    if constexpr (Kind == WriteKind::insert || Kind == WriteKind::upsert) {
      stamp_insert(row, now);
      if constexpr (Kind == WriteKind::insert) stamp_version_on_insert(row);
    } else if constexpr (Kind == WriteKind::update) {
      stamp_update(row, now);
    } else if constexpr (soft_delete) {
      stamp_soft_delete(row, now);
    } else if constexpr (Kind == WriteKind::restore) {
      stamp_restore(row, now);
    }
  }
};

}  // namespace detail

template <detail::WriteKind Kind, Model M, class RunStatement>
bool Database::write_with_lifecycle(const M& row, M* result, RunStatement run_statement) {
  using Steps = detail::WriteSteps<Kind, table_of<M>>;
  detail::require_tenant_for_write<M>(Steps::operation);
  detail::Executor::require_writable(statements(), Steps::statement, table_of<M>::name);
  const bool hooked = hooks<M>().any();
  // `work` is the row the statement writes: a copy whenever something changes it first, so the
  // caller's row changes only once the write has succeeded; `stamped` receives what the
  // statement wrote when the statement alone tells (a soft delete's time).
  auto write = [&](auto& work, M* stamped) {
    constexpr bool changeable = !std::is_const_v<std::remove_reference_t<decltype(work)>>;
    // The tenant is set before the hooks (they see it) and again after (they cannot move it).
    if constexpr (Steps::saves) detail::stamp_tenant(work, Steps::operation);
    if constexpr (changeable) {
      if (hooked) {
        for (Event event : Steps::before) detail::run_before_hooks(event, work, Steps::operation);
        if constexpr (Steps::saves) detail::stamp_tenant(work, Steps::operation);
      }
    }
    const std::string now = Steps::needs_now ? utc_timestamp() : std::string();
    if constexpr (Steps::saves) {
      Steps::stamp(work, now);
      validate(work);
    }
    if (!run_statement(work, now)) return false;
    if constexpr (!Steps::saves) {
      if (stamped != nullptr) Steps::stamp(*stamped, now);
    }
    if (hooked)
      for (Event event : Steps::after) detail::run_after_hooks(event, work);
    return true;
  };
  // A model with hooks writes in a transaction (a savepoint inside an open one), so an after
  // hook that throws undoes the write.
  if constexpr (!Steps::saves) {
    if (!hooked) return write(row, result);
  }
  M work = row;
  const bool written = hooked ? transaction([&] { return write(work, &work); }) : write(work, &work);
  if (written && result != nullptr) *result = std::move(work);
  return written;
}

template <Model M>
void Database::insert_with_lifecycle(M& row) {
  write_with_lifecycle<detail::WriteKind::insert>(row, &row, [this](M& work, const std::string&) {
    insert_statement<true>(work);
    return true;
  });
}

template <Model M, class... ConflictColumns>
void Database::upsert_with_lifecycle(M& row) {
  write_with_lifecycle<detail::WriteKind::upsert>(row, &row, [this](M& work, const std::string&) {
    upsert_statement<true, M, ConflictColumns...>(work);
    return true;
  });
}

template <Model M>
void Database::update_with_lifecycle(const M& row, M* result) {
  // `work` is the lifecycle's copy (saves always copy), so the version can be incremented there.
  write_with_lifecycle<detail::WriteKind::update>(row, result, [this](M& work, const std::string&) {
    update_statement(work);
    detail::bump_version(work);
    return true;
  });
}

template <bool Force, Model M>
bool Database::remove_row(const M& row, M* result) {
  constexpr auto kind = Force ? detail::WriteKind::force_remove : detail::WriteKind::remove;
  return write_with_lifecycle<kind>(row, result, [this](const M& target, const std::string& now) {
    if constexpr (detail::WriteSteps<kind, table_of<M>>::soft_delete) {
      return soft_delete_statement(target, now);
    } else {
      (void)now;
      return delete_statement(target);
    }
  });
}

template <bool Force, Model M, class... Key>
bool Database::remove_key(const Key&... key) {
  using T = table_of<M>;
  detail::require_tenant_for_write<M>("delete from");
  detail::Executor::require_writable(statements(), StatementKind::remove, table_of<M>::name);
  if (hooks<M>().any()) {
    // Hooks get the row: load it, then remove it as remove(row) does (as Laravel's destroy()).
    // A row of another tenant is not found (its hooks must not see it).
    return transaction([&] {
      std::optional<M> row = find_statement<M>(key...);
      if constexpr (detail::tenant_table<T>) {
        if (row && !tenant_scope_bypassed() &&
            (*row).*T::tenant_column::member != detail::tenant_value_for<typename T::tenant_column>("delete from"))
          return false;
      }
      return row.has_value() && remove_row<Force>(*row, static_cast<M*>(nullptr));
    });
  }
  // `AND "org_id" = ?` with the active tenant, unless in a bypass region.
  auto write = [&](const auto& condition) {
    if constexpr (!Force && detail::soft_delete_table<T>) {
      return soft_delete_where<M>(condition, utc_timestamp());
    } else {
      return delete_where<M>(condition);
    }
  };
  if constexpr (detail::tenant_table<T>) {
    if (!tenant_scope_bypassed()) {
      using TenantColumn = typename T::tenant_column;
      return write(detail::key_condition<T>(key...) &&
                   TenantColumn{} == detail::tenant_value_for<TenantColumn>("delete from"));
    }
  }
  return write(detail::key_condition<T>(key...));
}

template <Model M>
bool Database::restore_row(const M& row, M* result) {
  constexpr bool soft = detail::soft_delete_table<table_of<M>>;
  static_assert(soft, "dorm: restore() needs a table with soft deletes; add \"x-dorm-soft-delete\": true to its schema");
  if constexpr (soft) {
    return write_with_lifecycle<detail::WriteKind::restore>(
        row, result, [this](const M& target, const std::string& now) { return restore_statement(target, now); });
  } else {
    return false;
  }
}

// ---- the statements ----

template <bool InPlace, Model M>
void Database::insert_statement(M& row) {
  using T = table_of<M>;
  auto st = detail::Executor::lease<StatementKind::insert>(statements(), detail::insert_sql<T>(detail::has_key_value<T>(row)), T::name);
  Binder bind{*st};
  detail::bind_insert_row<T>(bind, row);
  // An INSERT that ends without an error has stored its row, except into a view without an
  // INSTEAD OF trigger (SQLite 3.40 does nothing there, and RETURNING even returns a row) or
  // when a BEFORE INSERT trigger's RAISE(IGNORE) skips it: `row` would come back looking saved.
  auto check_stored = [&] {
    if (connection_->changes() == 0) [[unlikely]]
      detail::throw_insert_stored_no_row(T::name, st->sql(), 1, 0);
  };
  if (!st->step()) {
    check_stored();
    detail::complete_insert<T>(*st, false, row);
    return;
  }
  // INSERT ... RETURNING: read the returned row, then step to the end, because an autocommit
  // INSERT commits there and the commit can fail (SQLITE_BUSY in rollback-journal mode, a
  // deferred foreign key); a reset would drop that error and the row silently. `row` changes
  // only once the insert has committed (unless it is a scratch copy anyway).
  if constexpr (InPlace) {
    detail::complete_insert<T>(*st, true, row);
    while (st->step()) {
    }
    check_stored();
  } else {
    M completed = row;
    detail::complete_insert<T>(*st, true, completed);
    while (st->step()) {
    }
    check_stored();
    row = std::move(completed);
  }
}

// The rows of insert_many() in order, each run of rows of one key shape in chunks.
template <Model M>
void Database::insert_chunks(std::span<M> rows) {
  using T = table_of<M>;
  std::size_t begin = 0;
  while (begin < rows.size()) {
    const bool keyed = detail::has_key_value<T>(rows[begin]);
    std::size_t end = begin + 1;
    while (end < rows.size() && detail::has_key_value<T>(rows[end]) == keyed) ++end;
    while (begin < end) {
      const std::size_t n = detail::chunk_rows(end - begin, detail::bulk_batch_rows<T>);
      insert_chunk(keyed, rows.subspan(begin, n));
      begin += n;
    }
  }
}

// One statement of insert_many(): `chunk` rows of one key shape, read back in order.
template <Model M>
void Database::insert_chunk(bool keyed, std::span<M> chunk) {
  using T = table_of<M>;
  auto st = detail::Executor::lease<StatementKind::insert>(statements(), detail::bulk_insert_sql<T>(keyed, chunk.size()), T::name);
  Binder bind{*st};
  for (const M& row : chunk) detail::bind_insert_row<T>(bind, row);
  std::size_t returned = 0;
  while (st->step()) {
    if (returned < chunk.size()) detail::read_returning<T>(*st, chunk[returned]);
    ++returned;
  }
  if (!detail::insert_returns_values<T>() && returned == 0 && connection_->changes() != static_cast<std::int64_t>(chunk.size()))
      [[unlikely]]
    detail::throw_insert_stored_no_row(T::name, st->sql(), chunk.size(), connection_->changes());
  if (!!detail::insert_returns_values<T>() && returned != chunk.size()) [[unlikely]]
    throw Error("[dorm.insert_many.returning] the INSERT returned " + std::to_string(returned) + " rows for " +
                    std::to_string(chunk.size()) + " inserted",
                0, 0, std::string(st->sql()));
}

template <bool InPlace, Model M, class... ConflictColumns>
void Database::upsert_statement(M& row) {
  using T = table_of<M>;
  auto st = detail::Executor::lease<StatementKind::insert>(statements(), detail::upsert_sql<T, ConflictColumns...>(detail::has_key_value<T>(row)),
                                                              T::name);
  Binder bind{*st};
  detail::bind_insert_row<T>(bind, row);
  detail::bind_upsert_set<T>(bind, row);
  if constexpr (detail::tenant_table<T>) {
    // upsert_sql() updates a conflicting row only when it has the new row's tenant: when the
    // statement wrote nothing, the conflicting row belongs to another tenant. A returned row was
    // written; without one the statement has run to its end, so the change count is final.
    const std::int64_t total_before = connection_->total_changes();
    const bool returned = st->step();
    if (!returned && detail::has_non_key_columns<T> && connection_->total_changes() == total_before) [[unlikely]]
      detail::throw_other_tenant("upsert into", T::name,
                                 "conflicts with a row of another tenant; nothing was written");
    if (!returned) return;
  } else {
    if (!st->step()) return;  // no RETURNING, or DO NOTHING on a conflict
  }
  // Step to the end before changing `row`: an autocommit statement commits there (see
  // insert_statement()).
  auto read = [&](M& into) {
    detail::read_returning<T>(*st, into);
    // upsert_sql() returns the stored created_at last: an update keeps the old one.
    if constexpr (detail::timestamped_table<T>)
      read_value(*st, st->column_count() - 1, into.*T::created_at_column::member);
  };
  if constexpr (InPlace) {
    read(row);
    while (st->step()) {
    }
  } else {
    M completed = row;
    read(completed);
    while (st->step()) {
    }
    row = std::move(completed);
  }
}

template <Model M, class... Key>
std::optional<M> Database::find_statement(const Key&... key) {
  using T = table_of<M>;
  auto st = detail::Executor::lease<StatementKind::read>(statements(), detail::find_sql<T>(), T::name);
  detail::bind_key<T>(*st, key...);
  if (!st->step()) return std::nullopt;
  std::optional<M> row(std::in_place);
  detail::read_row<T>(*st, *row);
  return row;
}

template <Model M>
void Database::update_statement(const M& row) {
  using T = table_of<M>;
  // update_all<T>().set(<every column>).where(<key> [AND "org_id" = <row's tenant>]), without
  // scopes: the key (and the tenant) say which row, and a trashed row is updated too. The
  // tenant is the row's, set to the scope's (or, in a bypass region, kept), not the executor's
  // tenant scope: in a bypass region a row statement still never moves a row.
  // On a table with a version column, the SET writes the version + 1 and the WHERE requires
  // the row's version; when that matches nothing but the key does, someone else changed the row.
  auto sets = detail::row_assignments(row);
  auto key = detail::row_condition(row, detail::row_key_condition(row), "update of");
  auto condition = detail::row_version_condition(row, key);
  using Update = UpdateQuery<M, decltype(sets), decltype(condition), type_list<>>;
  if (Update(statements(), std::move(sets), std::move(condition)).execute() > 0) return;
  if constexpr (detail::versioned_table<T>) {
    if (select<M>().without_global_scopes().where(key).exists())
      detail::throw_concurrent_modification(row, "update of", std::string(Update::sql()));
  }
  if constexpr (detail::tenant_table<T>) {
    throw NotFound("[dorm.not_found] update of table '" + std::string(T::name) +
                       "' matched no row of the active tenant with that primary key",
                   0, 0, Update::sql());
  } else {
    throw NotFound("[dorm.not_found] update of table '" + std::string(T::name) + "' matched no row with that primary key",
                   0, 0, Update::sql());
  }
}

template <Model M>
bool Database::delete_statement(const M& row) {
  const auto key = detail::row_condition(row, detail::row_key_condition(row), "delete from");
  if (delete_where<M>(detail::row_version_condition(row, key))) return true;
  if constexpr (detail::versioned_table<table_of<M>>) {
    if (select<M>().without_global_scopes().where(key).exists())
      detail::throw_concurrent_modification(row, "delete from", std::string());
  }
  return false;
}

template <Model M>
bool Database::soft_delete_statement(const M& row, const std::string& now) {
  const auto key = detail::row_condition(row, detail::row_key_condition(row), "delete from");
  if (soft_delete_where<M>(detail::row_version_condition(row, key), now)) return true;
  if constexpr (detail::versioned_table<table_of<M>>) {
    // A trashed row stays a miss (false), as without a version; a live one was changed.
    using DeletedAt = typename table_of<M>::deleted_at_column;
    if (select<M>().without_global_scopes().where(key && DeletedAt{}.is_null()).exists())
      detail::throw_concurrent_modification(row, "delete from", std::string());
  }
  return false;
}

template <Model M>
bool Database::restore_statement(const M& row, const std::string& now) {
  using T = table_of<M>;
  using DeletedAt = typename T::deleted_at_column;
  const auto condition = detail::row_condition(row, detail::row_key_condition(row) && DeletedAt{}.is_not_null(), "restore of");
  // No scopes: the key (and the tenant) say which row; a live row is left as it is.
  const UpdateQuery<M, detail::terms<>, NoCondition, type_list<>> update(statements());
  if constexpr (detail::timestamped_table<T>) {
    return update.set(DeletedAt{} = std::nullopt, typename T::updated_at_column{} = now).where(condition).execute() > 0;
  } else {
    (void)now;
    return update.set(DeletedAt{} = std::nullopt).where(condition).execute() > 0;
  }
}

template <Model M, class Condition>
bool Database::delete_where(const Condition& condition) {
  // No scopes and force(): the condition says which row, and a trashed row can be deleted.
  return DeleteQuery<M, NoCondition, type_list<>, true>(statements()).where(condition).execute() > 0;
}

template <Model M, class Condition>
bool Database::soft_delete_where(const Condition& condition, const std::string& now) {
  using T = table_of<M>;
  using DeletedAt = typename T::deleted_at_column;
  // A trashed row stays as it was trashed. deleted_at and updated_at get the caller's `now`,
  // which the row receives too.
  const auto live = condition && DeletedAt{}.is_null();
  const UpdateQuery<M, detail::terms<>, NoCondition, type_list<>> update(statements());
  if constexpr (detail::timestamped_table<T>) {
    return update.set(DeletedAt{} = now, typename T::updated_at_column{} = now).where(live).execute() > 0;
  } else {
    return update.set(DeletedAt{} = now).where(live).execute() > 0;
  }
}

/// True when `row` is soft-deleted (its deleted_at is set). Same as `row.deleted_at.has_value()`.
template <Model M>
[[nodiscard]] bool trashed(const M& row) noexcept {
  constexpr bool soft = detail::soft_delete_table<table_of<M>>;
  static_assert(soft, "dorm: trashed() needs a table with soft deletes (\"x-dorm-soft-delete\": true)");
  if constexpr (soft) {
    return (row.*table_of<M>::deleted_at_column::member).has_value();
  } else {
    return false;
  }
}

}  // namespace dorm
