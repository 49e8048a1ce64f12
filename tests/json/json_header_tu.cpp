// Compiled with clang++ -fsyntax-only by the test json.header_compiles_with_clang: a generated
// json.hpp with dorm/json/serializer.hpp, both directions instantiated for a row of every kind.
#include "blog/json.hpp"
#include "profiles/json.hpp"

namespace {
[[maybe_unused]] void convert(const profiles::Profile& profile, const blog::User& user) {
  const nlohmann::json a = profile;
  const nlohmann::ordered_json b = user;
  [[maybe_unused]] auto profile_back = a.get<profiles::Profile>();
  [[maybe_unused]] auto user_back = b.get<blog::User>();
}
}  // namespace
