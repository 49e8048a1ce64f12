#pragma once
// Annotations that make a C++ struct a dorm table: dorm-gen's Clang front end reads them and
// generates the table object, typed columns, relation loaders and DDL for the struct itself.
//
//   #include <dorm/annotations.hpp>
//   struct Post;
//   struct DORM_TABLE("users") User {
//     DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
//     DORM_UNIQUE std::string email;
//     std::optional<std::string> bio;                     // nullable
//     DORM_HAS_MANY(posts, Post, "foreign_key=author_id");  // no data member: a type alias
//   };
//
// Under Clang every macro is a `[[clang::annotate("dorm.<kind>", args...)]]`; elsewhere (GCC,
// MSVC) it is nothing, so the header compiles warning-free everywhere and the struct keeps its
// layout. The full grammar, with the errors each mistake gives, is in docs/annotations.md.
//
// Placement:
//   class annotations  between the class-key and the name:  struct DORM_TABLE("t") DORM_X(...) T {};
//   field annotations  before the member's type:            DORM_UNIQUE std::string email;
//   relations          a member declaration of their own:   DORM_HAS_MANY(posts, Post);
// Options are "key=value" strings (DORM_REFERENCES("users", "id", "on_delete=CASCADE")).

#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::annotate)
#define DORM_ANNOTATIONS_ENABLED 1
#endif
#endif

#ifdef DORM_ANNOTATIONS_ENABLED
#define DORM_ANNOTATE(...) [[clang::annotate(__VA_ARGS__)]]
#else
#define DORM_ANNOTATE(...)
#endif

// ---- class annotations ----

/// The struct is table `name`: `struct DORM_TABLE("users") User { ... };`
#define DORM_TABLE(name) DORM_ANNOTATE("dorm.table", name)
/// created_at and updated_at, set by dorm on insert and update (like "x-dorm-timestamps"); the
/// struct declares them: `std::string created_at{}; std::string updated_at{};`.
#define DORM_TIMESTAMPS DORM_ANNOTATE("dorm.timestamps")
/// Soft deletes (like "x-dorm-soft-delete"): remove() sets deleted_at; the struct declares
/// `std::optional<std::string> deleted_at{};`.
#define DORM_SOFT_DELETE DORM_ANNOTATE("dorm.soft_delete")
/// Row-level tenant scoping (like "x-dorm-tenant-column"): while a dorm::TenantScope is active,
/// every query of the table filters on this column and insert sets it: DORM_TENANT_COLUMN("org_id").
#define DORM_TENANT_COLUMN(column) DORM_ANNOTATE("dorm.tenant_column", column)
/// A primary key over several columns (SQL names, in key order): DORM_COMPOSITE_KEY("post_id", "tag_id").
#define DORM_COMPOSITE_KEY(...) DORM_ANNOTATE("dorm.composite_key", __VA_ARGS__)
/// A UNIQUE (a, b) table constraint: DORM_UNIQUE_TOGETHER("tenant_id", "email").
#define DORM_UNIQUE_TOGETHER(...) DORM_ANNOTATE("dorm.unique_together", __VA_ARGS__)
/// CREATE INDEX over columns; "name=idx_x" names it (default idx_<table>_<col>_<col>).
#define DORM_INDEX_ON(...) DORM_ANNOTATE("dorm.index_on", __VA_ARGS__)
/// CREATE UNIQUE INDEX over columns; "name=idx_x" names it.
#define DORM_UNIQUE_INDEX_ON(...) DORM_ANNOTATE("dorm.unique_index_on", __VA_ARGS__)

// ---- field annotations ----

/// The column is the table's primary key (one per struct; see DORM_COMPOSITE_KEY).
#define DORM_PRIMARY_KEY DORM_ANNOTATE("dorm.primary_key")
/// AUTOINCREMENT on the single integer primary key.
#define DORM_AUTO_INCREMENT DORM_ANNOTATE("dorm.auto_increment")
/// Inline UNIQUE.
#define DORM_UNIQUE DORM_ANNOTATE("dorm.unique")
/// CREATE INDEX "idx_<table>_<column>".
#define DORM_INDEX DORM_ANNOTATE("dorm.index")
/// CREATE INDEX with the given name.
#define DORM_INDEX_NAMED(name) DORM_ANNOTATE("dorm.index", name)
/// A literal default: DORM_DEFAULT(0), DORM_DEFAULT("draft"), DORM_DEFAULT(false), DORM_DEFAULT(1.5).
#define DORM_DEFAULT(value) DORM_ANNOTATE("dorm.default", value)
/// A constant SQL expression default: DORM_DEFAULT_SQL("CURRENT_TIMESTAMP").
#define DORM_DEFAULT_SQL(expr) DORM_ANNOTATE("dorm.default_sql", expr)
/// A foreign key: DORM_REFERENCES("users", "id"[, "on_delete=CASCADE"][, "on_update=..."]).
#define DORM_REFERENCES(...) DORM_ANNOTATE("dorm.references", __VA_ARGS__)
/// The optimistic lock's version (an integer member, not a key; one per struct): update(row)
/// writes only when the stored version is the row's, and increments it (docs/lifecycle.md).
#define DORM_VERSION DORM_ANNOTATE("dorm.version")
/// The SQL column name, when it differs from the member's name: DORM_COLUMN("e-mail").
#define DORM_COLUMN(name) DORM_ANNOTATE("dorm.column", name)
/// The member is not a column.
#define DORM_IGNORE DORM_ANNOTATE("dorm.ignore")
/// NOT NULL on a std::optional member that the database fills (with DORM_DEFAULT_SQL).
#define DORM_NOT_NULL DORM_ANNOTATE("dorm.not_null")
/// An enum member stored as its enumerator's name (TEXT) instead of its value (INTEGER).
#define DORM_AS_TEXT DORM_ANNOTATE("dorm.as_text")
/// Validation rules, as JSON Schema's keywords: "min_length=1", "max_length=200" (code points),
/// "minimum=0", "maximum=150", "exclusive_minimum=0", "exclusive_maximum=100" (numbers),
/// "pattern=^#[0-9a-f]{6}$", "format=email" (email, uuid, date, date-time are checked),
/// "enum=draft|published" (the allowed values, '|'-separated; numbers on a number column).
/// They become CHECK constraints where SQLite can express them, and the generated validate().
#define DORM_CHECK(...) DORM_ANNOTATE("dorm.check", __VA_ARGS__)

// ---- relations: `using <name> = <Target>;` member aliases, so the struct gains no data ----
// Options: "foreign_key=...", "local_key=..."; many_to_many also "pivot=...",
// "pivot_foreign_key=...", "pivot_related_key=...", "related_key=...". Keys default as in JSON.

#define DORM_BELONGS_TO(name, target, ...) \
  using name DORM_ANNOTATE("dorm.belongs_to" __VA_OPT__(, ) __VA_ARGS__) = target
#define DORM_HAS_ONE(name, target, ...) \
  using name DORM_ANNOTATE("dorm.has_one" __VA_OPT__(, ) __VA_ARGS__) = target
#define DORM_HAS_MANY(name, target, ...) \
  using name DORM_ANNOTATE("dorm.has_many" __VA_OPT__(, ) __VA_ARGS__) = target
#define DORM_MANY_TO_MANY(name, target, ...) \
  using name DORM_ANNOTATE("dorm.many_to_many" __VA_OPT__(, ) __VA_ARGS__) = target
