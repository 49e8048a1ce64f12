// ir::resolve_relations (defaults, inference, pivot synthesis) and the relation rules of
// ir::validate, driven from JSON text so every diagnostic is checked at its schema location.
#include <catch2/catch.hpp>

#include "memory_db.hpp"
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "emit/sql_ddl.hpp"
#include "frontend/json/json_schema_reader.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"
#include "ir/validate.hpp"

using namespace dorm::ir;
using dorm::frontend::json::read_schema_text;

namespace {

/// What the generator pipeline makes of one schema file: the resolved IR and validate()'s lines.
struct Resolved {
  Schema schema;
  std::string diagnostics;
};

/// Reads `text` as `t.json` (which must read cleanly), then resolves, names and validates it.
Resolved resolve(std::string_view text) {
  Resolved out;
  Diagnostics read_diags;
  read_schema_text(text, "t.json", out.schema, read_diags);
  REQUIRE(read_diags.str() == "");
  resolve_relations(out.schema);
  assign_names(out.schema);
  Diagnostics diags;
  validate(out.schema, diags);
  out.diagnostics = diags.str();
  return out;
}

const Table& table(const Schema& schema, std::string_view name) {
  const Table* t = schema.find_table(name);
  REQUIRE(t != nullptr);
  return *t;
}

const Relation& relation(const Schema& schema, std::string_view table_name, std::string_view name) {
  const Table& t = table(schema, table_name);
  auto it = std::find_if(t.relations.begin(), t.relations.end(), [&](const Relation& r) { return r.name == name; });
  INFO("relation " << table_name << "." << name);
  REQUIRE(it != t.relations.end());
  return *it;
}

std::vector<std::string> relation_names(const Table& t) {
  std::vector<std::string> out;
  for (const Relation& r : t.relations) out.push_back(r.name);
  return out;
}

// users(id), posts(id, author_id -> users.id), tags(id, name): the blog's shape in one file.
// `posts_relations` / `users_relations` / `tags_relations` are spliced in as written.
std::string blog(std::string_view users_relations, std::string_view posts_relations, std::string_view tags_relations = "") {
  auto rel = [](std::string_view r) { return r.empty() ? std::string() : ",\n  \"x-dorm-relations\": {" + std::string(r) + "}"; };
  return "{\"$defs\": {\n"
         "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}" +
         rel(users_relations) +
         "},\n"
         "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
         "  \"author_id\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}}}" +
         rel(posts_relations) +
         "},\n"
         "\"tags\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}, \"name\": {}}" +
         rel(tags_relations) + "}}}";
}

using dorm_test::MemoryDb;
using dorm_test::Rows;

}  // namespace

// ---- defaults ----

TEST_CASE("a belongs_to defaults to <name>_id joined to the target's primary key", "[generator][relations]") {
  auto r = resolve(blog("", R"("writer": {"kind": "belongs_to", "target": "users", "foreignKey": "author_id"})"));
  CHECK(r.diagnostics == "");
  const Relation& writer = relation(r.schema, "posts", "writer");
  CHECK(writer.kind == Relation::Kind::belongs_to);
  CHECK(writer.foreign_key == "author_id");
  CHECK(writer.local_key == "id");
  CHECK_FALSE(writer.inferred);
  CHECK(writer.cpp_name == "writer");

  auto d = resolve(blog("", R"("author": {"kind": "belongs_to", "target": "users"})"));
  CHECK(d.diagnostics == "");
  CHECK(relation(d.schema, "posts", "author").foreign_key == "author_id");
  CHECK(relation(d.schema, "posts", "author").local_key == "id");
}

TEST_CASE("has_many and has_one default to <singular of this table>_id on the target", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"categories\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                   "  \"x-dorm-relations\": {\"items\": {\"kind\": \"has_many\", \"target\": \"items\"},\n"
                   "                       \"banner\": {\"kind\": \"has_one\", \"target\": \"banners\"}}},\n"
                   "\"items\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"category_id\": {\"type\": \"integer\"}}},\n"
                   "\"banners\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"category_id\": {\"type\": \"integer\", \"x-dorm-unique\": true}}}}}");
  CHECK(r.diagnostics == "");
  const Relation& items = relation(r.schema, "categories", "items");
  CHECK(items.kind == Relation::Kind::has_many);
  CHECK(items.foreign_key == "category_id");
  CHECK(items.local_key == "id");
  const Relation& banner = relation(r.schema, "categories", "banner");
  CHECK(banner.kind == Relation::Kind::has_one);
  CHECK(banner.foreign_key == "category_id");
  CHECK(banner.local_key == "id");
  CHECK(banner.loc.str() == "t.json:4:24");
}

TEST_CASE("explicit keys are kept as written", "[generator][relations]") {
  auto r = resolve(blog(R"("posts": {"kind": "has_many", "target": "posts", "foreignKey": "author_id", "localKey": "id"})", ""));
  CHECK(r.diagnostics == "");
  CHECK(relation(r.schema, "users", "posts").foreign_key == "author_id");
}

TEST_CASE("a many_to_many defaults its pivot to both table names sorted, keyed by singulars", "[generator][relations]") {
  auto r = resolve(blog("", R"("tags": {"kind": "many_to_many", "target": "tags"})"));
  CHECK(r.diagnostics == "");
  const Relation& tags = relation(r.schema, "posts", "tags");
  CHECK(tags.pivot == "posts_tags");
  CHECK(tags.pivot_foreign_key == "post_id");
  CHECK(tags.pivot_related_key == "tag_id");
  CHECK(tags.local_key == "id");
  CHECK(tags.related_key == "id");
}

TEST_CASE("singular_snake gives the default key prefix of a table", "[generator][relations][names]") {
  CHECK(singular_snake("users") == "user");
  CHECK(singular_snake("categories") == "category");
  CHECK(singular_snake("blog_posts") == "blog_post");
  CHECK(singular_snake("BlogPosts") == "blog_post");
  CHECK(singular_snake("user-accounts") == "user_account");
  CHECK(singular_snake("people") == "person");
  CHECK(singular_snake("statuses") == "status");
}

// ---- inference ----

TEST_CASE("a <name>_id reference infers a belongs_to located at the reference", "[generator][relations]") {
  auto r = resolve(blog("", ""));
  CHECK(r.diagnostics == "");
  const Relation& author = relation(r.schema, "posts", "author");
  CHECK(author.inferred);
  CHECK(author.kind == Relation::Kind::belongs_to);
  CHECK(author.target == "users");
  CHECK(author.foreign_key == "author_id");
  CHECK(author.local_key == "id");
  CHECK(author.cpp_name == "author");
  CHECK(author.loc.str() == "t.json:4:36");
}

TEST_CASE("inference yields to a declared belongs_to of that key, and warns when a column has its name", "[generator][relations]") {
  auto declared = resolve(blog("", R"("author": {"kind": "belongs_to", "target": "users"})"));
  CHECK(declared.diagnostics == "");
  CHECK(relation_names(table(declared.schema, "posts")) == std::vector<std::string>{"author"});
  CHECK_FALSE(relation(declared.schema, "posts", "author").inferred);

  auto column = resolve("{\"$defs\": {\n"
                        "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                        "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                        "  \"author\": {},\n"
                        "  \"author_id\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}}}}}}");
  CHECK(column.diagnostics ==
        "t.json:5:36: warning: column 'author_id' references 'users.id' but gets no belongs_to: its name 'author' is "
        "taken by column 'author' of table 'posts' [dorm-inferred-relation-name]\n"
        "t.json:5:36: note: to load it, declare it under a free name: \"x-dorm-relations\": {\"user\": {\"kind\": "
        "\"belongs_to\", \"target\": \"users\", \"foreignKey\": \"author_id\", \"localKey\": \"id\"}}\n");
  CHECK(table(column.schema, "posts").relations.empty());
}

TEST_CASE("a reference named neither <key> nor <name>_id infers a belongs_to named after its target", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                   "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"owner\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}},\n"
                   "  \"editor_id\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"user\", \"column\": \"id\"}}}}}}");
  CHECK(r.diagnostics ==
        "t.json:5:36: error: column 'editor_id' references unknown table 'user' [dorm-unknown-reference]\n"
        "t.json:5:36: note: did you mean 'users'?\n");
  CHECK(relation_names(table(r.schema, "posts")) == std::vector<std::string>{"user"});
  CHECK(relation(r.schema, "posts", "user").foreign_key == "owner");
  CHECK(relation(r.schema, "posts", "user").inferred);
}

TEST_CASE("every single-column reference infers a belongs_to, whatever the column is called", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"books\": {\"properties\": {\"isbn\": {\"type\": \"string\", \"x-dorm-primary-key\": true}}},\n"
                   "\"Artist\": {\"properties\": {\"ArtistId\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                   "\"Employee\": {\"properties\": {\"EmployeeId\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"ReportsTo\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"Employee\", \"column\": \"EmployeeId\"}}}},\n"
                   "\"loans\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"book_isbn\": {\"type\": \"string\", \"x-dorm-references\": {\"table\": \"books\", \"column\": \"isbn\"}},\n"
                   "  \"ArtistId\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"Artist\", \"column\": \"ArtistId\"}},\n"
                   "  \"SupportRepId\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"Employee\", \"column\": \"EmployeeId\"}}}}}}");
  CHECK(r.diagnostics == "");
  CHECK(relation_names(table(r.schema, "loans")) == std::vector<std::string>{"book", "artist", "support_rep"});
  CHECK(relation(r.schema, "loans", "book").foreign_key == "book_isbn");
  CHECK(relation(r.schema, "loans", "book").local_key == "isbn");
  CHECK(relation(r.schema, "loans", "artist").target == "Artist");
  CHECK(relation(r.schema, "Employee", "employee").foreign_key == "ReportsTo");
  CHECK(relation(r.schema, "Employee", "employee").target == "Employee");
}

TEST_CASE("a second reference that would infer a taken name is a warning with a free name to declare", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"books\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"isbn\": {\"type\": \"string\", \"x-dorm-unique\": true}}},\n"
                   "\"loans\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"book_id\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"books\", \"column\": \"id\"}},\n"
                   "  \"book_isbn\": {\"type\": \"string\", \"x-dorm-references\": {\"table\": \"books\", \"column\": \"isbn\"}}}}}}");
  CHECK(r.diagnostics ==
        "t.json:6:35: warning: column 'book_isbn' references 'books.isbn' but gets no belongs_to: its name 'book' is "
        "taken by relation 'book' of table 'loans' [dorm-inferred-relation-name]\n"
        "t.json:6:35: note: to load it, declare it under a free name: \"x-dorm-relations\": {\"book_2\": {\"kind\": "
        "\"belongs_to\", \"target\": \"books\", \"foreignKey\": \"book_isbn\", \"localKey\": \"isbn\"}}\n");
  CHECK(relation_names(table(r.schema, "loans")) == std::vector<std::string>{"book"});
}

// ---- pivots ----

TEST_CASE("a many_to_many synthesizes its pivot table, which SQLite accepts", "[generator][relations]") {
  auto r = resolve(blog("", R"("tags": {"kind": "many_to_many", "target": "tags"})"));
  CHECK(r.diagnostics == "");
  REQUIRE(r.schema.tables.size() == 4);
  const Table& pivot = table(r.schema, "posts_tags");
  CHECK(pivot.is_generated_pivot);
  CHECK(pivot.primary_key == std::vector<std::string>{"post_id", "tag_id"});
  CHECK(pivot.loc.str() == relation(r.schema, "posts", "tags").loc.str());
  CHECK(pivot.cpp_name == "PostsTag");
  CHECK(pivot.relations.empty());

  MemoryDb db;
  for (const char* name : {"users", "posts", "tags", "posts_tags"}) db.create(table(r.schema, name));
  // cid, name, type, notnull, dflt_value, pk
  CHECK(db.query("PRAGMA table_info('posts_tags')") ==
        Rows{{"0", "post_id", "INTEGER", "1", "NULL", "1"}, {"1", "tag_id", "INTEGER", "1", "NULL", "2"}});
  // id, seq, table, from, to, on_update, on_delete, match
  CHECK(db.query("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('posts_tags') "
                 "ORDER BY \"from\"") ==
        Rows{{"posts", "post_id", "id", "CASCADE"}, {"tags", "tag_id", "id", "CASCADE"}});
  CHECK(db.query("SELECT name, \"unique\", origin FROM pragma_index_list('posts_tags') ORDER BY name") ==
        Rows{{"idx_posts_tags_post_id", "0", "c"}, {"idx_posts_tags_tag_id", "0", "c"},
             {"sqlite_autoindex_posts_tags_1", "1", "pk"}});
}

TEST_CASE("a pivot key is typed like the key it holds and named after it", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"docs\": {\"properties\": {\"slug\": {\"type\": \"string\", \"format\": \"uuid\", \"x-dorm-primary-key\": true}},\n"
                   "  \"x-dorm-relations\": {\"labels\": {\"kind\": \"many_to_many\", \"target\": \"labels\"}}},\n"
                   "\"labels\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}}}}");
  CHECK(r.diagnostics == "");
  const Table& pivot = table(r.schema, "docs_labels");
  REQUIRE(pivot.columns.size() == 2);
  CHECK(pivot.columns[0].name == "doc_slug");
  CHECK(pivot.columns[0].storage == Storage::text);
  CHECK(pivot.columns[0].format == "uuid");
  CHECK(pivot.columns[1].name == "label_id");
  CHECK(pivot.columns[1].storage == Storage::integer);

  auto books = resolve("{\"$defs\": {\n"
                       "\"books\": {\"properties\": {\"isbn\": {\"type\": \"string\", \"x-dorm-primary-key\": true}},\n"
                       "  \"x-dorm-relations\": {\"authors\": {\"kind\": \"many_to_many\", \"target\": \"authors\"}}},\n"
                       "\"authors\": {\"properties\": {\"AuthorId\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}}}}");
  CHECK(books.diagnostics == "");
  CHECK(table(books.schema, "authors_books").primary_key == std::vector<std::string>{"book_isbn", "author_id"});
}

TEST_CASE("a generated pivot whose key columns are named like their tables warns about nothing", "[generator][relations]") {
  auto r = resolve(blog("", R"("tags": {"kind": "many_to_many", "target": "tags", "pivotForeignKey": "post", "pivotRelatedKey": "tag"})"));
  CHECK(r.diagnostics == "");
  CHECK(table(r.schema, "posts_tags").primary_key == std::vector<std::string>{"post", "tag"});
}

TEST_CASE("both sides of a many_to_many share one pivot", "[generator][relations]") {
  auto r = resolve(blog("", R"("tags": {"kind": "many_to_many", "target": "tags"})",
                        R"("posts": {"kind": "many_to_many", "target": "posts"})"));
  CHECK(r.diagnostics == "");
  CHECK(r.schema.tables.size() == 4);
  const Relation& back = relation(r.schema, "tags", "posts");
  CHECK(back.pivot == "posts_tags");
  CHECK(back.pivot_foreign_key == "tag_id");
  CHECK(back.pivot_related_key == "post_id");
  CHECK(table(r.schema, "posts_tags").columns.size() == 2);
}

TEST_CASE("an existing pivot table is used as it is", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                   "  \"x-dorm-relations\": {\"tags\": {\"kind\": \"many_to_many\", \"target\": \"tags\", \"pivot\": \"taggings\"}}},\n"
                   "\"tags\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                   "\"taggings\": {\"x-dorm-primary-key\": [\"post_id\", \"tag_id\"], \"properties\": {\n"
                   "  \"post_id\": {\"type\": \"integer\"}, \"tag_id\": {\"type\": \"integer\"}, \"added_at\": {}}}}}");
  CHECK(r.diagnostics == "");
  CHECK(r.schema.tables.size() == 3);
  CHECK_FALSE(table(r.schema, "taggings").is_generated_pivot);
  CHECK(table(r.schema, "taggings").columns.size() == 3);
}

// ---- errors ----

TEST_CASE("a relation to an unknown table is an error with a suggestion", "[generator][relations]") {
  CHECK(resolve(blog("", R"("editor": {"kind": "belongs_to", "target": "user", "foreignKey": "author_id"})")).diagnostics ==
        "t.json:5:24: error: relation 'editor' of table 'posts' targets unknown table 'user' "
        "[dorm-unknown-relation-target]\n"
        "t.json:5:24: note: did you mean 'users'?\n");
}

TEST_CASE("a key column missing on the table it must be on is an error", "[generator][relations]") {
  CHECK(resolve(blog("", R"("writer": {"kind": "belongs_to", "target": "users"})")).diagnostics ==
        "t.json:5:24: error: relation 'writer' of table 'posts' uses foreign key 'writer_id', which must be a "
        "column of table 'posts' [dorm-unknown-relation-key]\n");
  CHECK(resolve(blog(R"("posts": {"kind": "has_many", "target": "posts"})", "")).diagnostics ==
        "t.json:3:24: error: relation 'posts' of table 'users' uses foreign key 'user_id', which must be a column "
        "of table 'posts' [dorm-unknown-relation-key]\n");
  CHECK(resolve(blog(R"("posts": {"kind": "has_many", "target": "posts", "foreignKey": "authr_id"})", "")).diagnostics ==
        "t.json:3:24: error: relation 'posts' of table 'users' uses foreign key 'authr_id', which must be a column "
        "of table 'posts' [dorm-unknown-relation-key]\n"
        "t.json:3:24: note: did you mean 'author_id'?\n");
  CHECK(resolve(blog("", R"("tags": {"kind": "many_to_many", "target": "tags", "relatedKey": "name_id"})")).diagnostics ==
        "t.json:5:24: error: relation 'tags' of table 'posts' uses related key 'name_id', which must be a column of "
        "table 'tags' [dorm-unknown-relation-key]\n"
        "t.json:5:24: note: did you mean 'name'?\n");
}

TEST_CASE("an existing pivot lacking a pivot column is an error", "[generator][relations]") {
  CHECK(resolve("{\"$defs\": {\n"
                "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                "  \"x-dorm-relations\": {\"tags\": {\"kind\": \"many_to_many\", \"target\": \"tags\"}}},\n"
                "\"tags\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                "\"posts_tags\": {\"x-dorm-primary-key\": [\"post_id\", \"tags_id\"], \"properties\": {\n"
                "  \"post_id\": {\"type\": \"integer\"}, \"tags_id\": {\"type\": \"integer\"}}}}}")
            .diagnostics ==
        "t.json:3:24: error: relation 'tags' of table 'posts' uses pivot related key 'tag_id', which must be a "
        "column of pivot table 'posts_tags' [dorm-unknown-relation-key]\n"
        "t.json:3:24: note: did you mean 'tags_id'?\n");
}

TEST_CASE("key columns of different type classes are an error", "[generator][relations]") {
  CHECK(resolve("{\"$defs\": {\n"
                "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                "  \"x-dorm-relations\": {\"notes\": {\"kind\": \"has_many\", \"target\": \"notes\"}}},\n"
                "\"notes\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                "  \"user_id\": {\"type\": \"string\"}, \"score\": {\"type\": \"number\"}}}}}")
            .diagnostics ==
        "t.json:3:24: error: relation 'notes' of table 'users' joins 'notes.user_id' (TEXT) to 'users.id' (INTEGER); "
        "the values can never match [dorm-relation-key-type]\n");
  // INTEGER and REAL compare by value, so they are one class.
  CHECK(resolve("{\"$defs\": {\n"
                "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                "  \"x-dorm-relations\": {\"notes\": {\"kind\": \"has_many\", \"target\": \"notes\", \"foreignKey\": \"score\"}}},\n"
                "\"notes\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                "  \"score\": {\"type\": \"number\"}}}}}")
            .diagnostics == "");
}

TEST_CASE("an inferred relation leaves a key type mismatch to the reference warning", "[generator][relations]") {
  auto r = resolve("{\"$defs\": {\n"
                   "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                   "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                   "  \"author_id\": {\"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}}}}}}");
  CHECK(r.diagnostics ==
        "t.json:4:17: warning: column 'author_id' (TEXT) references 'users.id' (INTEGER); values will never match "
        "[dorm-reference-type-mismatch]\n");
  CHECK(relation(r.schema, "posts", "author").inferred);
}

TEST_CASE("a relation named like a column, or like another relation, is an error", "[generator][relations]") {
  CHECK(resolve(blog("", R"("author_id": {"kind": "belongs_to", "target": "users", "foreignKey": "author_id"})")).diagnostics ==
        "t.json:5:24: error: relation 'author_id' of table 'posts' has the name of a column; name the relation after "
        "what it loads [dorm-relation-name-clash]\n"
        "t.json:4:3: note: column 'author_id' is here\n"
        "t.json:5:24: note: rename it, for example to 'author', a name no column or relation of 'posts' has\n");
  CHECK(resolve(blog(R"("id": {"kind": "has_many", "target": "posts", "foreignKey": "author_id"})", "")).diagnostics ==
        "t.json:3:24: error: relation 'id' of table 'users' has the name of a column; name the relation after what it "
        "loads [dorm-relation-name-clash]\n"
        "t.json:2:26: note: column 'id' is here\n"
        "t.json:3:24: note: rename it, for example to 'posts', a name no column or relation of 'users' has\n");

  // JSON cannot hold one key twice, so a second relation of one name comes from another front end.
  Schema schema;
  Diagnostics read_diags;
  read_schema_text(blog("", R"("tags": {"kind": "many_to_many", "target": "tags"})"), "t.json", schema, read_diags);
  REQUIRE(read_diags.str() == "");
  Relation copy = schema.tables[1].relations[0];
  copy.loc = {"t.h", 9, 3};
  schema.tables[1].relations.push_back(copy);
  resolve_relations(schema);
  assign_names(schema);
  Diagnostics diags;
  validate(schema, diags);
  CHECK(diags.str() ==
        "t.h:9:3: error: relation 'tags' of table 'posts' is defined twice [dorm-duplicate-relation]\n"
        "t.json:5:24: note: previous definition of 'tags' is here\n");
}

TEST_CASE("a relation and a column meeting in one C++ member name are told apart", "[generator][relations]") {
  auto declared = resolve("{\"$defs\": {\n"
                "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                "  \"class_\": {}, \"class_id\": {\"type\": \"integer\"}},\n"
                "  \"x-dorm-relations\": {\"class\": {\"kind\": \"belongs_to\", \"target\": \"users\"}}}}}");
  CHECK(declared.diagnostics == "");
  CHECK(relation(declared.schema, "posts", "class").cpp_name == "class_2");
  // Inference never creates such a pair itself: it says why the reference gets no relation.
  auto inferred = resolve("{\"$defs\": {\n"
                          "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                          "\"posts\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                          "  \"class_\": {}, \"class_id\": {\"type\": \"integer\", \"x-dorm-references\": "
                          "{\"table\": \"users\", \"column\": \"id\"}}}}}}");
  CHECK(inferred.diagnostics ==
        "t.json:4:49: warning: column 'class_id' references 'users.id' but gets no belongs_to: its name 'class' is "
        "taken by column 'class_' of table 'posts' [dorm-inferred-relation-name]\n"
        "t.json:4:49: note: to load it, declare it under a free name: \"x-dorm-relations\": {\"user\": {\"kind\": "
        "\"belongs_to\", \"target\": \"users\", \"foreignKey\": \"class_id\", \"localKey\": \"id\"}}\n");
  CHECK(table(inferred.schema, "posts").relations.empty());
}

TEST_CASE("a key that has no default over a composite primary key must be given", "[generator][relations]") {
  CHECK(resolve("{\"$defs\": {\n"
                "\"orders\": {\"x-dorm-primary-key\": [\"shop\", \"number\"], \"properties\": {\n"
                "  \"shop\": {}, \"number\": {\"type\": \"integer\"}},\n"
                "  \"x-dorm-relations\": {\"lines\": {\"kind\": \"has_many\", \"target\": \"lines\"},\n"
                "                       \"tags\": {\"kind\": \"many_to_many\", \"target\": \"tags\"}}},\n"
                "\"lines\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                "  \"order_id\": {\"type\": \"integer\"}}},\n"
                "\"tags\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}}}}")
            .diagnostics ==
        "t.json:4:24: error: relation 'lines' of table 'orders' needs \"localKey\": table 'orders' has no "
        "single-column primary key to default to [dorm-relation-key-required]\n"
        "t.json:5:24: error: relation 'tags' of table 'orders' needs \"localKey\": table 'orders' has no "
        "single-column primary key to default to [dorm-relation-key-required]\n");
}

TEST_CASE("a self many_to_many needs two distinct pivot keys", "[generator][relations]") {
  auto r = resolve("{\"$id\": \"users\", \"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                   "  \"x-dorm-relations\": {\"friends\": {\"kind\": \"many_to_many\", \"target\": \"users\"}}}");
  CHECK(r.diagnostics ==
        "t.json:2:24: error: relation 'friends' of table 'users' would keep both sides in pivot column 'user_id'; "
        "set \"pivotForeignKey\" and \"pivotRelatedKey\" [dorm-relation-key-required]\n");
  CHECK(r.schema.tables.size() == 1);

  auto fixed = resolve("{\"$id\": \"users\", \"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}},\n"
                       "  \"x-dorm-relations\": {\"friends\": {\"kind\": \"many_to_many\", \"target\": \"users\",\n"
                       "    \"pivot\": \"friendships\", \"pivotRelatedKey\": \"friend_id\"}}}");
  CHECK(fixed.diagnostics == "");
  CHECK(table(fixed.schema, "friendships").primary_key == std::vector<std::string>{"user_id", "friend_id"});
}

TEST_CASE("the blog schemas declare and infer the relations the example uses", "[generator][relations]") {
  Schema schema;
  Diagnostics diags;
  for (const char* name : {"users", "posts", "comments", "tags"}) {
    dorm::frontend::json::read_schema_file(std::string(DORM_SOURCE_DIR) + "/schemas/blog/" + name + ".json", schema, diags);
  }
  resolve_relations(schema);
  assign_names(schema);
  validate(schema, diags);
  CHECK(diags.str() == "");
  CHECK(relation_names(table(schema, "users")) == std::vector<std::string>{"posts", "comments"});
  CHECK(relation_names(table(schema, "posts")) == std::vector<std::string>{"comments", "tags", "author"});
  CHECK(relation_names(table(schema, "comments")) == std::vector<std::string>{"post", "author"});
  CHECK(relation_names(table(schema, "tags")) == std::vector<std::string>{"posts"});
  CHECK(relation(schema, "users", "comments").foreign_key == "author_id");
  CHECK(relation(schema, "posts", "comments").foreign_key == "post_id");
  CHECK(relation(schema, "comments", "author").inferred);
  CHECK(relation(schema, "tags", "posts").pivot == "posts_tags");
  CHECK(table(schema, "posts_tags").is_generated_pivot);
  CHECK(schema.tables.size() == 5);
}

// ---- relations of an introspected schema ----

TEST_CASE("relations inferred from foreign keys do not depend on the order of the tables", "[generator][relations]") {
  // users(id); messages(id, sender_id, recipient_id -> users.id); profiles(user_id pk -> users.id)
  const auto make = [](bool reversed) {
    Schema schema;
    Diagnostics diags;
    read_schema_text("{\"$defs\": {\n"
                     "\"users\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true}}},\n"
                     "\"messages\": {\"properties\": {\"id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true},\n"
                     "  \"sender_id\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}},\n"
                     "  \"recipient_id\": {\"type\": \"integer\", \"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}}}},\n"
                     "\"profiles\": {\"properties\": {\"user_id\": {\"type\": \"integer\", \"x-dorm-primary-key\": true,\n"
                     "  \"x-dorm-references\": {\"table\": \"users\", \"column\": \"id\"}}}}}}",
                     "t.json", schema, diags);
    REQUIRE(diags.str() == "");
    if (reversed) std::reverse(schema.tables.begin(), schema.tables.end());
    infer_relations_from_foreign_keys(schema);
    return schema;
  };
  const Schema forward = make(false);
  const Schema backward = make(true);
  for (const char* name : {"users", "messages", "profiles"}) {
    INFO(name);
    CHECK(relation_names(table(forward, name)) == relation_names(table(backward, name)));
  }
  CHECK(relation_names(table(forward, "users")) ==
        std::vector<std::string>{"messages_as_sender", "messages_as_recipient", "profile"});
  CHECK(relation(forward, "users", "profile").kind == Relation::Kind::has_one);  // the child's whole primary key
  CHECK(relation_names(table(forward, "messages")) == std::vector<std::string>{"sender", "recipient"});
  CHECK(relation_names(table(forward, "profiles")) == std::vector<std::string>{"user"});
}
