// The out-of-line executor of the typed-API floor (floor_api.hpp; docs/performance.md, "The
// floor of a typed API"): non-template, so a query costs its TU one call. Compiled once,
// outside the measured TU, as the library's own sources are.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>

#include "floor_api.hpp"

namespace dorm_floor {
namespace {

/// The statement slots of every shape that ran (a deque: registering never moves the others).
std::deque<dorm::StaticSql>& registry() {
  static std::deque<dorm::StaticSql> shapes;
  return shapes;
}

const dorm::StaticSql& registered(Shape& shape) {
  if (shape.index == static_cast<std::size_t>(-1)) {
    registry().push_back(dorm::make_static_sql(shape.text));
    shape.index = registry().size() - 1;
  }
  return registry()[shape.index];
}

void bind_all(dorm::Statement& st, std::span<const Value> values) {
  int index = 1;
  for (const Value& v : values) {
    switch (v.kind) {
      case Value::Kind::integer: dorm::bind_value(st, index++, v.integer); break;
      case Value::Kind::real: dorm::bind_value(st, index++, v.real); break;
      case Value::Kind::text: dorm::bind_value(st, index++, v.text); break;
    }
  }
}

}  // namespace

void run_rows(dorm::Database& db, Shape& shape, std::span<const Value> values, RowReader read, void* out) {
  dorm::StatementLease st = db.statements().lease(registered(shape));
  bind_all(*st, values);
  while (st->step()) read(*st, out);
}

std::int64_t run_scalar(dorm::Database& db, Shape& shape, std::span<const Value> values) {
  dorm::StatementLease st = db.statements().lease(registered(shape));
  bind_all(*st, values);
  std::int64_t n = 0;
  if (st->step()) dorm::read_value(*st, 0, n);
  return n;
}

std::int64_t run_write(dorm::Database& db, Shape& shape, std::span<const Value> values) {
  dorm::StatementCache& cache = db.statements();
  dorm::detail::Executor::require_writable(cache, dorm::StatementKind::update, {}, shape.text);
  dorm::StatementLease st = cache.lease(registered(shape));
  bind_all(*st, values);
  while (st->step()) {
  }
  return st->changes();
}

}  // namespace dorm_floor
