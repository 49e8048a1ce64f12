#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <initializer_list>

#include "emit/header_emitter.hpp"
#include "ir/names.hpp"
#include "ir/relations.hpp"

using namespace dorm::ir;

TEST_CASE("identifiers are double-quoted with embedded quotes doubled", "[generator][names]") {
  CHECK(quote_identifier("users") == R"("users")");
  CHECK(quote_identifier(R"(a"b)") == R"("a""b")");
  CHECK(quote_identifier("") == R"("")");
}

TEST_CASE("text literals are single-quoted with embedded quotes doubled", "[generator][names]") {
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("'); DROP TABLE users; --") == "'''); DROP TABLE users; --'");
}

TEST_CASE("control characters in a text literal become char() calls, so the SQL text holds none", "[generator][names]") {
  using namespace std::string_literals;
  CHECK(quote_literal("foo\rbar") == "'foo' || char(13) || 'bar'");
  CHECK(quote_literal("hello\0there"s) == "'hello' || char(0) || 'there'");
  CHECK(quote_literal("\n") == "char(10)");
  CHECK(quote_literal("\tit's\x7f") == "char(9) || 'it''s' || char(127)");
  CHECK(quote_literal("") == "''");
  CHECK(literal_needs_expression("a\nb"));
  CHECK_FALSE(literal_needs_expression("plain text, 日本語"));
}

TEST_CASE("a C++ literal of text holding a NUL states its length", "[generator][names]") {
  using namespace std::string_literals;
  CHECK(cpp_string_literal("hello\0there"s) == R"(std::string_view{"hello\000there", 11})");
  CHECK(cpp_std_string_literal("hello\0there"s) == R"(std::string("hello\000there", 11))");
  CHECK(cpp_std_string_literal("no nul\r") == R"("no nul\r")");
}

TEST_CASE("table names become singular PascalCase struct names", "[generator][names]") {
  CHECK(struct_name_for_table("blog_posts") == "BlogPost");
  CHECK(struct_name_for_table("users") == "User");
  CHECK(struct_name_for_table("categories") == "Category");
  CHECK(struct_name_for_table("addresses") == "Address");
  CHECK(struct_name_for_table("statuses") == "Status");
  CHECK(struct_name_for_table("user-accounts") == "UserAccount");
  CHECK(struct_name_for_table("boxes") == "Box");
  CHECK(struct_name_for_table("matches") == "Match");
  CHECK(struct_name_for_table("people") == "Person");
  CHECK(struct_name_for_table("houses") == "House");
  CHECK(struct_name_for_table("status") == "Status");
  CHECK(struct_name_for_table("news") == "News");
  CHECK(struct_name_for_table("todo") == "Todo");
  CHECK(struct_name_for_table("userAccounts") == "UserAccount");
  CHECK(struct_name_for_table("2fa_codes") == "_2faCode");
}

TEST_CASE("column names become valid C++ member names", "[generator][names]") {
  CHECK(member_name_for_column("email") == "email");
  CHECK(member_name_for_column("first name") == "first_name");
  CHECK(member_name_for_column("e-mail") == "e_mail");
  CHECK(member_name_for_column("2fa") == "_2fa");
  CHECK(member_name_for_column("class") == "class_");
  CHECK(member_name_for_column("createdAt") == "createdAt");
}

TEST_CASE("table names become snake_case table objects that no struct name can equal", "[generator][names]") {
  CHECK(object_name_for_table("users") == "users");
  CHECK(object_name_for_table("blog-posts") == "blog_posts");
  CHECK(object_name_for_table("delete") == "delete_");
  CHECK(object_name_for_table("Artist") == "artist");
  CHECK(object_name_for_table("InvoiceLine") == "invoice_line");
  CHECK(object_name_for_table("userAccounts") == "user_accounts");
  CHECK(object_name_for_table("Order Details") == "order_details");
  CHECK(object_name_for_table("2fa") == "_2fa");
  CHECK(object_name_for_table("linux") == "linux_");
  CHECK(struct_name_for_table("Artist") == "Artist");
  CHECK(struct_name_for_table("InvoiceLine") == "InvoiceLine");
  CHECK(struct_name_for_table("Order Details") == "OrderDetail");
  CHECK(struct_name_for_table("class") == "Class");
  CHECK(struct_name_for_table("NULL") == "NULL_");
}

TEST_CASE("names split into words at separators and case humps", "[generator][names]") {
  CHECK(name_words("InvoiceLine") == std::vector<std::string>{"Invoice", "Line"});
  CHECK(name_words("user_account") == std::vector<std::string>{"user", "account"});
  CHECK(name_words("HTTPServer") == std::vector<std::string>{"HTTP", "Server"});
  CHECK(name_words("EmployeeID") == std::vector<std::string>{"Employee", "ID"});
  CHECK(name_words("caf\xC3\xA9 2") == std::vector<std::string>{"caf", "2"});
  CHECK(name_words("--").empty());
  CHECK(snake_case("SupportRepId") == "support_rep_id");
  CHECK(snake_case("v2Api") == "v2_api");
}

TEST_CASE("member names avoid the spellings C++ reserves", "[generator][names]") {
  CHECK(member_name_for_column("a__b") == "a_b");
  CHECK(member_name_for_column("_Id") == "Id");
  CHECK(member_name_for_column("errno") == "errno_");
  CHECK(member_name_for_column("") == "_");
  CHECK_FALSE(is_cpp_identifier("linux"));
}

TEST_CASE("words pluralize by the English rules table names use", "[generator][names]") {
  CHECK(pluralize("category") == "categories");
  CHECK(pluralize("day") == "days");
  CHECK(pluralize("box") == "boxes");
  CHECK(pluralize("match") == "matches");
  CHECK(pluralize("status") == "statuses");
  CHECK(pluralize("person") == "people");
  CHECK(pluralize("Person") == "People");
  CHECK(pluralize("news") == "news");
  CHECK(pluralize("Track") == "Tracks");
  CHECK(pluralize("USER") == "USERS");
  CHECK(plural_snake("InvoiceLine") == "invoice_lines");
  CHECK(plural_snake("users") == "users");
  CHECK(plural_snake("Employee") == "employees");
  CHECK(singularize("Categories") == "Category");
}

TEST_CASE("a reference's belongs_to is named after its column, else after its target", "[generator][names]") {
  CHECK(belongs_to_name("author_id", "id", "users") == "author");
  CHECK(belongs_to_name("book_isbn", "isbn", "books") == "book");
  CHECK(belongs_to_name("ArtistId", "ArtistId", "Artist") == "artist");
  CHECK(belongs_to_name("SupportRepId", "EmployeeId", "Employee") == "support_rep");
  CHECK(belongs_to_name("ReportsTo", "EmployeeId", "Employee") == "employee");
  CHECK(belongs_to_name("owner", "id", "users") == "user");
  CHECK(belongs_to_name("id", "id", "people") == "person");
}

TEST_CASE("a pivot column is named after the table's singular and the key it holds", "[generator][names]") {
  CHECK(pivot_column_name("posts", "id") == "post_id");
  CHECK(pivot_column_name("books", "isbn") == "book_isbn");
  CHECK(pivot_column_name("Track", "TrackId") == "track_id");
  CHECK(pivot_column_name("orders", "") == "order_id");
}

TEST_CASE("a taken name gets the first free numeric suffix", "[generator][names]") {
  const std::vector<std::string> taken{"user_account", "user_account_2", "UserAccount", "class_", "Table2"};
  const auto is_taken = [&](const std::string& x) { return std::find(taken.begin(), taken.end(), x) != taken.end(); };
  CHECK(first_free_name("user_account", is_taken) == "user_account_3");
  CHECK(first_free_name("UserAccount", is_taken) == "UserAccount2");
  CHECK(first_free_name("class_", is_taken) == "class_2");
  CHECK(first_free_name("Table2", is_taken) == "Table2_2");
  CHECK(first_free_name("free", is_taken) == "free");
}

TEST_CASE("C++ keywords and alternative tokens are recognised", "[generator][names]") {
  CHECK(is_cpp_keyword("class"));
  CHECK(is_cpp_keyword("and"));
  CHECK(is_cpp_keyword("co_await"));
  CHECK(is_cpp_keyword("requires"));
  CHECK_FALSE(is_cpp_keyword("id"));
  CHECK_FALSE(is_cpp_keyword(""));
}

TEST_CASE("C++ string literals escape quotes, backslashes and control characters", "[generator][names]") {
  CHECK(cpp_string_literal("plain") == R"("plain")");
  CHECK(cpp_string_literal("say \"hi\"\n") == R"("say \"hi\"\n")");
  CHECK(cpp_string_literal("a\\b\t") == R"("a\\b\t")");
  CHECK(cpp_string_literal(std::string_view("\x01" "1", 2)) == R"("\0011")");
  CHECK(cpp_string_literal("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
}

TEST_CASE("did_you_mean finds close names and ignores distant ones", "[generator][names]") {
  const std::vector<std::string> keywords{"x-dorm-unique", "x-dorm-index", "x-dorm-primary-key"};
  CHECK(did_you_mean("x-dorm-uniq", keywords) == "x-dorm-unique");
  CHECK(did_you_mean("emial", {"id", "email"}) == "email");
  CHECK(did_you_mean("Email", {"email"}) == "email");
  CHECK_FALSE(did_you_mean("zzz", {"id", "email"}));
}

TEST_CASE("assign_names fills only names the schema left empty", "[generator][names]") {
  Schema schema;
  Table t;
  t.name = "blog_posts";
  Column a;
  a.name = "class";
  Column b;
  b.name = "title";
  b.cpp_name = "heading";
  t.columns = {a, b};
  Table u;
  u.name = "users";
  u.cpp_name = "Account";
  schema.tables = {t, u};
  assign_names(schema);
  CHECK(schema.tables[0].cpp_name == "BlogPost");
  CHECK(schema.tables[0].object_name == "blog_posts");
  CHECK(schema.tables[0].columns[0].cpp_name == "class_");
  CHECK(schema.tables[0].columns[1].cpp_name == "heading");
  CHECK(schema.tables[1].cpp_name == "Account");
  CHECK(schema.tables[1].object_name == "users");
}

TEST_CASE("enum classes are named struct + PascalCase column, enumerators like members", "[generator][names]") {
  CHECK(enum_class_name("Account", "role") == "AccountRole");
  CHECK(enum_class_name("Post", "review_state") == "PostReviewState");
  CHECK(enum_class_name("Post", "review-state 2") == "PostReviewState2");
  CHECK(enumerator_name("read-only") == "read_only");
  CHECK(enumerator_name("2x") == "_2x");
  CHECK(enumerator_name("delete") == "delete_");
  CHECK(enumerator_name("Admin") == "Admin");
  CHECK(enumerator_name("") == "_");
}

TEST_CASE("C++ identifiers are ASCII words that are neither keywords nor reserved", "[generator][names]") {
  CHECK(is_cpp_identifier("AccountRole"));
  CHECK(is_cpp_identifier("role_2"));
  CHECK_FALSE(is_cpp_identifier(""));
  CHECK_FALSE(is_cpp_identifier("Account Role"));
  CHECK_FALSE(is_cpp_identifier("2fa"));
  CHECK_FALSE(is_cpp_identifier("class"));
  CHECK_FALSE(is_cpp_identifier("_Role"));
  CHECK_FALSE(is_cpp_identifier("a__b"));
  CHECK_FALSE(is_cpp_identifier("ns::Role"));
}

TEST_CASE("assign_names names x-dorm-enum-class enums and their enumerators", "[generator][names]") {
  Schema schema;
  Table t;
  t.name = "accounts";
  Column role;
  role.name = "role";
  role.wants_enum_class = true;
  role.checks.enum_values = {"\"admin\"", "\"read-only\"", "\"2x\"", "\"delete\""};
  Column plan;
  plan.name = "plan";
  plan.wants_enum_class = true;
  plan.enum_class = "Tier";
  plan.checks.enum_values = {"\"free\""};
  Column status;
  status.name = "status";
  status.checks.enum_values = {"\"on\""};
  t.columns = {role, plan, status};
  schema.tables = {t};
  assign_names(schema);
  const Table& out = schema.tables[0];
  CHECK(out.columns[0].enum_class == "AccountRole");
  CHECK(out.columns[0].cpp_enumerators == std::vector<std::string>{"admin", "read_only", "_2x", "delete_"});
  CHECK(out.columns[1].enum_class == "Tier");
  CHECK(out.columns[1].cpp_enumerators == std::vector<std::string>{"free"});
  CHECK(out.columns[2].enum_class.empty());
  CHECK(out.columns[2].cpp_enumerators.empty());
}

namespace {

Table table_named(std::string name, std::initializer_list<const char*> columns) {
  Table t;
  t.name = std::move(name);
  for (const char* c : columns) {
    Column column;
    column.name = c;
    t.columns.push_back(column);
  }
  if (!t.columns.empty()) t.primary_key = {t.columns.front().name};
  return t;
}

const Table& named(const Schema& schema, std::string_view name) {
  const Table* t = schema.find_table(name);
  REQUIRE(t != nullptr);
  return *t;
}

}  // namespace

TEST_CASE("a PascalCase table gets distinct struct and table object names", "[generator][names]") {
  Schema schema;
  schema.tables = {table_named("Artist", {"ArtistId", "Name"}), table_named("Status", {"Status"})};
  assign_names(schema);
  CHECK(named(schema, "Artist").cpp_name == "Artist");
  CHECK(named(schema, "Artist").object_name == "artist");
  CHECK(named(schema, "Artist").columns[0].cpp_name == "ArtistId");
  CHECK(named(schema, "Status").cpp_name == "Status");
  CHECK(named(schema, "Status").object_name == "status");
  // A data member may share its struct's name: nothing in the struct names the type.
  CHECK(named(schema, "Status").columns[0].cpp_name == "Status");
}

TEST_CASE("tables that map to one name are told apart by their SQL names' byte order, not file order", "[generator][names]") {
  for (const bool reversed : {false, true}) {
    Schema schema;
    schema.tables = {table_named("user_account", {"id"}), table_named("UserAccount", {"id"})};
    if (reversed) std::swap(schema.tables[0], schema.tables[1]);
    assign_names(schema);
    INFO("reversed " << reversed);
    CHECK(named(schema, "UserAccount").cpp_name == "UserAccount");
    CHECK(named(schema, "UserAccount").object_name == "user_account");
    CHECK(named(schema, "user_account").cpp_name == "UserAccount2");
    CHECK(named(schema, "user_account").object_name == "user_account_2");
  }
}

TEST_CASE("names the generated header declares itself are never given to a table", "[generator][names]") {
  Schema schema;
  schema.tables = {table_named("migrate", {"id"}), table_named("migrations", {"id"}),
                   table_named("schema statements", {"id"}), table_named("dorm_table_of", {"id"})};
  assign_names(schema);
  CHECK(named(schema, "migrate").object_name == "migrate_2");
  CHECK(named(schema, "migrations").object_name == "migrations_2");
  CHECK(named(schema, "schema statements").object_name == "schema_statements_2");
  CHECK(named(schema, "dorm_table_of").object_name == "dorm_table_of_2");
}

TEST_CASE("a table object whose derived type names another table uses gets a suffix", "[generator][names]") {
  // `a` with column `b_c` declares a_b_c_column; so would `a_b` with column `c`.
  Schema schema;
  schema.tables = {table_named("a_b", {"c"}), table_named("a", {"b_c"}), table_named("x_table", {"id"}),
                   table_named("x", {"id"})};
  assign_names(schema);
  CHECK(named(schema, "a").object_name == "a");
  CHECK(named(schema, "a_b").object_name == "a_b_2");
  CHECK(named(schema, "x").object_name == "x");
  CHECK(named(schema, "x_table").object_name == "x_table_2");
  const std::vector<std::string> a = table_namespace_names(named(schema, "a"));
  CHECK(a == std::vector<std::string>{"a", "a_table", "a_table_info", "a_b_c_column"});
}

TEST_CASE("columns that map to one member are told apart, the exact spelling first", "[generator][names]") {
  Schema schema;
  schema.tables = {table_named("t", {"id", "first name", "first_name", "First-Name"})};
  assign_names(schema);
  const Table& t = named(schema, "t");
  CHECK(t.columns[1].cpp_name == "first_name_2");
  CHECK(t.columns[2].cpp_name == "first_name");
  CHECK(t.columns[3].cpp_name == "First_Name");
}

TEST_CASE("a member never hides a type its struct uses, nor a key parameter of the generated code", "[generator][names]") {
  Schema schema;
  Table invoices = table_named("invoices", {"statement", "Customer", "InvoiceRole", "role"});
  invoices.columns[3].wants_enum_class = true;
  invoices.columns[3].checks.enum_values = {"\"a\""};
  Relation customer;
  customer.kind = Relation::Kind::belongs_to;
  customer.name = "Invoice";
  customer.target = "customers";
  invoices.relations = {customer};
  schema.tables = {invoices, table_named("customers", {"id"})};
  assign_names(schema);
  const Table& t = named(schema, "invoices");
  CHECK(t.columns[0].cpp_name == "statement_2");  // the primary key: bind_key(statement, ...)
  CHECK(t.columns[1].cpp_name == "Customer2");    // the relation returns std::optional<Customer>
  CHECK(t.columns[3].enum_class == "InvoiceRole");
  CHECK(t.columns[2].cpp_name == "InvoiceRole2");
  CHECK(t.relations[0].cpp_name == "Invoice2");  // a member function may not have its class's name
}

TEST_CASE("names the schema sets win over names dorm derives", "[generator][names]") {
  Schema schema;
  Table people = table_named("people", {"id"});
  Table persons = table_named("persons", {"id"});
  persons.cpp_name = "Person";
  schema.tables = {people, persons};
  assign_names(schema);
  CHECK(named(schema, "persons").cpp_name == "Person");
  CHECK(named(schema, "people").cpp_name == "Person2");

  Schema enums;
  Table accounts = table_named("accounts", {"id", "kind"});
  accounts.columns[1].wants_enum_class = true;
  accounts.columns[1].enum_class = "Account";
  accounts.columns[1].checks.enum_values = {"\"a\""};
  enums.tables = {accounts};
  assign_names(enums);
  CHECK(enums.tables[0].columns[1].enum_class == "Account");
  CHECK(enums.tables[0].cpp_name == "Account2");
}

TEST_CASE("the naming table of docs/json-schema.md is what assign_names gives", "[generator][names]") {
  struct Row {
    const char* sql;
    const char* struct_name;
    const char* object;
    const char* member;
  };
  const Row rows[] = {{"users", "User", "users", "users"},
                      {"blog_posts", "BlogPost", "blog_posts", "blog_posts"},
                      {"Artist", "Artist", "artist", "Artist"},
                      {"InvoiceLine", "InvoiceLine", "invoice_line", "InvoiceLine"},
                      {"Order Details", "OrderDetail", "order_details", "Order_Details"},
                      {"Order", "Order", "order", "Order"},
                      {"group", "Group", "group", "group"},
                      {"class", "Class", "class_", "class_"},
                      {"namespace", "Namespace", "namespace_", "namespace_"},
                      {"errno", "Errno", "errno_", "errno_"},
                      {"2fa codes", "_2faCode", "_2fa_codes", "_2fa_codes"},
                      {"UserAccount", "UserAccount", "user_account", "UserAccount"},
                      {"user_account", "UserAccount2", "user_account_2", "user_account"},
                      {"migrations", "Migration", "migrations_2", "migrations"}};
  Schema schema;
  Table all_columns = table_named("all_columns", {"id"});
  for (const Row& row : rows) {
    schema.tables.push_back(table_named(row.sql, {"id"}));
    Column c;
    c.name = row.sql;
    all_columns.columns.push_back(c);
  }
  schema.tables.push_back(all_columns);
  assign_names(schema);
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    INFO(rows[i].sql);
    CHECK(named(schema, rows[i].sql).cpp_name == rows[i].struct_name);
    CHECK(named(schema, rows[i].sql).object_name == rows[i].object);
    CHECK(named(schema, "all_columns").columns[i + 1].cpp_name == rows[i].member);
  }
  for (const char* macro : {"NULL", "EOF", "errno", "assert", "offsetof", "unix", "linux"}) {
    CHECK(member_name_for_column(macro) == std::string(macro) + "_");
  }
}

TEST_CASE("table_namespace_names lists what the emitted header declares for a table", "[generator][names]") {
  // assign_names keeps these names apart, so they must be the emitter's own spellings.
  Schema schema;
  Table parent = table_named("Parent Rows", {"id", "class"});
  Table child = table_named("children", {"id", "parent_id"});
  child.columns[1].cpp_type = CppType::int64;
  child.columns[1].storage = Storage::integer;
  parent.columns[0].cpp_type = child.columns[0].cpp_type = CppType::int64;
  parent.columns[0].storage = child.columns[0].storage = Storage::integer;
  child.columns[1].references = ForeignKey{"Parent Rows", "id", "", "", {}};
  schema.tables = {parent, child};
  resolve_relations(schema);
  assign_names(schema);
  const std::string text = dorm::emit::emit_models_header(schema, {"ns", {}}).content;
  for (const Table& t : schema.tables) {
    const std::vector<std::string> names = table_namespace_names(t);
    REQUIRE(names.size() == 3 + t.columns.size() + t.relations.size());
    CHECK(text.find(" " + names[0] + "{};") != std::string::npos);  // the table object
    for (std::size_t i = 1; i < names.size(); ++i) {
      INFO(names[i]);
      CHECK(text.find("struct " + names[i] + " ") != std::string::npos);
    }
  }
  CHECK(table_namespace_names(schema.tables[1]).back() == "children_parent_relation");
  // `migrations` is declared only when migrations are embedded (--migrations-dir).
  for (const char* name : {" migrate(", " schema_statements[", " dorm_table_of("}) CHECK(text.find(name) != std::string::npos);
  CHECK(header_namespace_names() == std::vector<std::string>{"migrate", "migrations", "schema_statements", "dorm_table_of"});
}

TEST_CASE("names built from parts never hold the reserved double underscore", "[generator][names]") {
  CHECK(joined_name({"users", "id", "column"}) == "users_id_column");
  CHECK(joined_name({"class_", "table"}) == "class_table");
  CHECK(joined_name({"o", "_2fa", "column"}) == "o_2fa_column");
  CHECK(joined_name({"order", "errno_", "column"}) == "order_errno_column");

  Schema schema;
  schema.tables = {table_named("class", {"id", "_id", "delete"})};
  assign_names(schema);
  const Table& t = named(schema, "class");
  CHECK(table_type_identifier(t) == "class_table");
  CHECK(table_info_type_identifier(t) == "class_table_info");
  CHECK(t.columns[1].cpp_name == "_id_2");  // `_id` would give class_id_column, as `id` does
  CHECK(column_type_identifier(t, t.columns[1]) == "class_id_2_column");
  CHECK(column_type_identifier(t, t.columns[2]) == "class_delete_column");
  for (const std::string& name : table_namespace_names(t)) {
    INFO(name);
    CHECK(name.find("__") == std::string::npos);
  }
}

TEST_CASE("text for a comment keeps what a comment can hold and writes the rest as code points", "[generator][names]") {
  CHECK(cpp_comment_text("a\\b */ \"q\" caf\xc3\xa9") == "a\\b */ \"q\" caf\xc3\xa9");
  CHECK(cpp_comment_text("C:\\") == "C:<U+005C>");
  CHECK(cpp_comment_text("C:\\ \t ") == "C:<U+005C> \t ");
  CHECK(cpp_comment_text("a\nb\rc\x7f\x01\td") == "a<U+000A>b<U+000D>c<U+007F><U+0001>\td");
  CHECK(cpp_comment_text("\xe2\x80\xae x \xe2\x81\xa9 \xd8\x9c \xe2\x80\x8f") ==
        "<U+202E> x <U+2069> <U+061C> <U+200F>");
  CHECK(cpp_comment_text("\xe2\x80\x99") == "\xe2\x80\x99");  // a right single quote is no control
  CHECK(cpp_comment_text("") == "");
}

TEST_CASE("a string literal writes Unicode bidirectional controls as octal escapes", "[generator][names]") {
  CHECK(cpp_string_literal("a\xe2\x80\xae" "b") == "\"a\\342\\200\\256b\"");
  CHECK(cpp_string_literal("\xe2\x80\x99") == "\"\xe2\x80\x99\"");
}
