#pragma once
// What the generated suite cases (suite_to_schema.cpp) call: one Outcome per test of the
// JSON-Schema-Test-Suite, with dorm's three verdicts on its data.
#include <string>
#include <vector>

#include <dorm/dorm.hpp>

namespace suite {

/// One test of the suite and what dorm said of its data.
struct Outcome {
  std::string file;   ///< relative to the suite's tests/, e.g. draft7/minLength.json
  std::string group;  ///< the group's description
  std::string test;   ///< the test's description
  bool expected = false;  ///< the suite's "valid"
  std::string skipped;    ///< why the test cannot apply to a typed column; empty when it ran
  bool validate_valid = false;  ///< dorm::validation_errors(row) is empty
  bool insert_valid = false;    ///< db.insert(row) succeeded (validate() and then the CHECKs)
  bool check_valid = false;     ///< a raw INSERT of the value, past validate(), met no CHECK failure
  std::string insert_error;     ///< what insert() threw, when it threw
  std::string refused;          ///< why dorm-gen refuses the group's schema; empty when it takes it

  /// validate() and insert() give the suite's verdict, and the CHECK constraints never refuse a
  /// value validate() accepts (they may accept more: a pattern, or a format's shape, is
  /// validate()'s alone).
  [[nodiscard]] bool agrees() const {
    return refused.empty() && validate_valid == expected && insert_valid == expected && (check_valid || !validate_valid);
  }
};

/// A test left out, with the reason.
inline Outcome skipped(std::string file, std::string group, std::string test, std::string reason) {
  Outcome o;
  o.file = std::move(file);
  o.group = std::move(group);
  o.test = std::move(test);
  o.skipped = std::move(reason);
  return o;
}

/// A test of a group whose schema dorm-gen refuses (`why`): it counts as a difference.
inline Outcome refused(std::string file, std::string group, std::string test, bool expected, std::string why) {
  Outcome o;
  o.file = std::move(file);
  o.group = std::move(group);
  o.test = std::move(test);
  o.expected = expected;
  o.refused = std::move(why);
  return o;
}

/// Asks dorm about `row`, whose member `v` holds the test's data.
template <dorm::Model M>
Outcome check(dorm::Database& db, M row, std::string file, std::string group, std::string test, bool expected) {
  Outcome o;
  o.file = std::move(file);
  o.group = std::move(group);
  o.test = std::move(test);
  o.expected = expected;
  o.validate_valid = dorm::validation_errors(row).empty();
  try {
    db.execute("INSERT INTO " + std::string(dorm::table_of<M>::quoted_name) + " (\"v\") VALUES (?)", row.v);
    o.check_valid = true;
  } catch (const dorm::ConstraintError&) {
    o.check_valid = false;
  }
  try {
    db.insert(row);
    o.insert_valid = true;
  } catch (const dorm::Error& e) {
    o.insert_valid = false;
    o.insert_error = e.what();
  }
  return o;
}

/// Runs every test of the vendored files (generated: suite_cases.cpp).
void run_cases(dorm::Database& db, std::vector<Outcome>& out);

}  // namespace suite
