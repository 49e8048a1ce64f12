#include <catch2/catch.hpp>

#include "ir/names.hpp"

using namespace dorm::ir;

TEST_CASE("identifiers are double-quoted with embedded quotes doubled", "[names]") {
  CHECK(quote_identifier("users") == R"("users")");
  CHECK(quote_identifier(R"(a"b)") == R"("a""b")");
  CHECK(quote_identifier("") == R"("")");
}

TEST_CASE("text literals are single-quoted with embedded quotes doubled", "[names]") {
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("'); DROP TABLE users; --") == "'''); DROP TABLE users; --'");
}

TEST_CASE("table names become singular PascalCase struct names", "[names]") {
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

TEST_CASE("column names become valid C++ member names", "[names]") {
  CHECK(member_name_for_column("email") == "email");
  CHECK(member_name_for_column("first name") == "first_name");
  CHECK(member_name_for_column("e-mail") == "e_mail");
  CHECK(member_name_for_column("2fa") == "_2fa");
  CHECK(member_name_for_column("class") == "class_");
  CHECK(member_name_for_column("createdAt") == "createdAt");
}

TEST_CASE("table names become valid C++ table object names", "[names]") {
  CHECK(object_name_for_table("users") == "users");
  CHECK(object_name_for_table("blog-posts") == "blog_posts");
  CHECK(object_name_for_table("delete") == "delete_");
}

TEST_CASE("C++ keywords and alternative tokens are recognised", "[names]") {
  CHECK(is_cpp_keyword("class"));
  CHECK(is_cpp_keyword("and"));
  CHECK(is_cpp_keyword("co_await"));
  CHECK(is_cpp_keyword("requires"));
  CHECK_FALSE(is_cpp_keyword("id"));
  CHECK_FALSE(is_cpp_keyword(""));
}

TEST_CASE("C++ string literals escape quotes, backslashes and control characters", "[names]") {
  CHECK(cpp_string_literal("plain") == R"("plain")");
  CHECK(cpp_string_literal("say \"hi\"\n") == R"("say \"hi\"\n")");
  CHECK(cpp_string_literal("a\\b\t") == R"("a\\b\t")");
  CHECK(cpp_string_literal(std::string_view("\x01" "1", 2)) == R"("\0011")");
  CHECK(cpp_string_literal("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
}

TEST_CASE("did_you_mean finds close names and ignores distant ones", "[names]") {
  const std::vector<std::string> keywords{"x-dorm-unique", "x-dorm-index", "x-dorm-primary-key"};
  CHECK(did_you_mean("x-dorm-uniq", keywords) == "x-dorm-unique");
  CHECK(did_you_mean("emial", {"id", "email"}) == "email");
  CHECK(did_you_mean("Email", {"email"}) == "email");
  CHECK_FALSE(did_you_mean("zzz", {"id", "email"}));
}

TEST_CASE("assign_names fills only names the schema left empty", "[names]") {
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

TEST_CASE("enum classes are named struct + PascalCase column, enumerators like members", "[names]") {
  CHECK(enum_class_name("Account", "role") == "AccountRole");
  CHECK(enum_class_name("Post", "review_state") == "PostReviewState");
  CHECK(enum_class_name("Post", "review-state 2") == "PostReviewState2");
  CHECK(enumerator_name("read-only") == "read_only");
  CHECK(enumerator_name("2x") == "_2x");
  CHECK(enumerator_name("delete") == "delete_");
  CHECK(enumerator_name("Admin") == "Admin");
  CHECK(enumerator_name("") == "_");
}

TEST_CASE("C++ identifiers are ASCII words that are neither keywords nor reserved", "[names]") {
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

TEST_CASE("assign_names names x-dorm-enum-class enums and their enumerators", "[names]") {
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
