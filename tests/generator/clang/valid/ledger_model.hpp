// Annotated structs whose members are user types with a dorm::type_mapping: the Clang front end
// maps each to its specialization's storage_type (tests/generator/clang/valid/ledger_test.cpp).
#pragma once
#include <dorm/annotations.hpp>
#include <dorm/core/type_mapping.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ledger {

/// An amount in cents.
struct Cents {
  std::int64_t value = 0;
  friend bool operator==(const Cents&, const Cents&) = default;
};

/// A reference text that compares only with other references.
struct Reference {
  std::string text;
  friend bool operator==(const Reference&, const Reference&) = default;
};

}  // namespace ledger

template <>
struct dorm::type_mapping<ledger::Cents> {
  using storage_type = std::int64_t;
  static std::int64_t to_storage(const ledger::Cents& c) { return c.value; }
  static ledger::Cents from_storage(std::int64_t value) { return ledger::Cents{value}; }
};

template <>
struct dorm::type_mapping<ledger::Reference> {
  using storage_type = std::string;
  static std::string to_storage(const ledger::Reference& r) { return r.text; }
  static ledger::Reference from_storage(const std::string& text) { return ledger::Reference{text}; }
};

namespace ledger {

struct DORM_TABLE("entries") Entry {
  DORM_PRIMARY_KEY DORM_AUTO_INCREMENT std::int64_t id = 0;
  Cents amount{};
  std::optional<Cents> fee{};
  Reference reference{};
};

}  // namespace ledger
