#pragma once
// Typed REST handlers for one generated model (issue 17 item 7): list with filters, order and
// paging, get, create, update and remove by primary key, each through the typed runtime
// (Database, FilteredSelect) so hooks, timestamps, validation, global scopes, soft deletes and
// the tenant scope apply as they do in C++. RestTable is what the non-template HTTP layer holds;
// RestTableOf<M> implements it for model M. Neither knows HTTP: a handler returns the response
// body and throws HttpError (400, 404, 422) for what it refuses.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dorm/core/database.hpp"
#include "dorm/detail/table_columns.hpp"
#include "dorm/json/serializer.hpp"
#include "dorm/lifecycle/validation.hpp"
#include "dorm/query/filtered_select.hpp"
#include "dorm/server/http_error.hpp"
#include "dorm/tenancy/tenant_scope.hpp"

namespace dorm::server {

/// A refusal of a REST handler that lists broken rules: HTTP 422 with every FieldError.
class UnprocessableRow : public HttpError {
 public:
  explicit UnprocessableRow(std::vector<FieldError> errors)
      : HttpError(422, message_of(errors)), errors_(std::move(errors)) {}
  /// Every rule the row broke, strict reading and validate() together.
  [[nodiscard]] const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  static std::string message_of(const std::vector<FieldError>& errors) {
    std::string text = "the row breaks " + std::to_string(errors.size()) + (errors.size() == 1 ? " rule" : " rules");
    for (const auto& e : errors) text += "; " + e.message;
    return text;
  }
  std::vector<FieldError> errors_;
};

/// A query string as the HTTP layer decoded it: (name, value) pairs in request order.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// The typed routes of one table, type-erased (see RestTableOf).
class RestTable {
 public:
  virtual ~RestTable() = default;
  /// The table's SQL name: the `{table}` of the routes.
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// How many path segments a key has: one per primary key column.
  [[nodiscard]] virtual std::size_t key_size() const = 0;
  /// True when the table has a tenant column (`x-dorm-tenant-column`): its handlers must run
  /// inside a dorm::TenantScope (or a bypass), as every query of it in C++.
  [[nodiscard]] virtual bool tenant_scoped() const = 0;
  /// The tenant named `tenant` (a path's or a token's) as a scope value of the table's tenant
  /// column: the text, or for an integer column the integer it spells; 403 when it spells none.
  [[nodiscard]] virtual TenantId tenant_id(const std::string& tenant) const = 0;
  /// `GET /api/{table}?...`: {"rows": [...], "page": n, "per_page": n, "total": n}. Filters on
  /// declared columns (`column=value`), `order=col[.asc|.desc][,...]`, `limit` (capped by
  /// `max_rows`, default min(100, max_rows)) and `page` (from 1). 400 for what it refuses.
  [[nodiscard]] virtual nlohmann::json list(Database& db, const QueryParams& params, std::int64_t max_rows) const = 0;
  /// `GET /api/{table}/{key}`: the row; 404 when there is none (or it is scoped away).
  [[nodiscard]] virtual nlohmann::json get(Database& db, const std::vector<std::string>& key) const = 0;
  /// `POST /api/{table}`: inserts the body's row (strict reading, then validate(): 422 with
  /// every broken rule) and returns it as stored.
  [[nodiscard]] virtual nlohmann::json create(Database& db, const std::string& body) const = 0;
  /// `PATCH /api/{table}/{key}`: changes the body's properties only (not the key), validated,
  /// through update() so updated_at and hooks apply; returns the row.
  [[nodiscard]] virtual nlohmann::json update(Database& db, const std::vector<std::string>& key,
                                              const std::string& body) const = 0;
  /// `DELETE /api/{table}/{key}`: removes the row (soft delete where declared); 404 when none.
  virtual void remove(Database& db, const std::vector<std::string>& key) const = 0;
};

namespace detail::rest {

/// `text` (a query-string or path value) as column C's value: the JSON string `text` for text,
/// text enum, time point and BLOB (base64) columns; otherwise `text` read as a JSON scalar
/// (`42`, `true`, `null`). A bad value is recorded in `errors` with the serializer's message.
template <class C>
std::optional<typename C::value_type> parse_column_text(std::string_view text, ValidationErrors& errors) {
  using V = typename C::value_type;
  using U = unwrap_optional_t<V>;
  constexpr std::string_view column = dorm::detail::descriptor_of_t<C>::name;
  constexpr bool as_string = std::is_same_v<U, std::string> || std::is_same_v<U, std::vector<std::byte>> ||
                             TextEnum<U> || SystemTimePoint<U>;
  nlohmann::json value;
  if constexpr (as_string) {
    value = std::string(text);
  } else {
    value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded() || value.is_structured()) {
      errors.add(column, "type", "", std::string(text),
                 std::string(column) + ": '" + std::string(text) + "' is not a JSON scalar");
      return std::nullopt;
    }
  }
  V out{};
  if (!dorm::detail::json::read_value(value, out, dorm::detail::json::Reading{errors, column})) return std::nullopt;
  return out;
}

/// A positive integer query parameter (`limit`, `page`); 400 otherwise.
inline std::int64_t positive_parameter(const std::string& name, const std::string& text) {
  std::int64_t n = 0;
  std::size_t used = 0;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || n < 1) {
    throw HttpError(400, "query parameter '" + name + "' must be a positive integer, not '" + text + "'");
  }
  return n;
}

}  // namespace detail::rest

/// The typed routes of model `M` (see RestTable). Register it with
/// dorm::server::add_rest_routes<M...>(server).
template <Model M>
class RestTableOf final : public RestTable {
  using T = table_of<M>;

 public:
  [[nodiscard]] std::string_view name() const override { return T::name; }
  [[nodiscard]] std::size_t key_size() const override { return dorm::detail::key_count<T>; }
  [[nodiscard]] bool tenant_scoped() const override { return dorm::detail::tenant_table<T>; }

  [[nodiscard]] TenantId tenant_id(const std::string& tenant) const override {
    if constexpr (dorm::detail::tenant_table<T>) {
      using V = typename T::tenant_column::value_type;
      if constexpr (std::is_same_v<V, std::string>) {
        return TenantId(tenant);
      } else {
        ValidationErrors errors(T::name);
        if (auto id = detail::rest::parse_column_text<typename T::tenant_column>(tenant, errors)) return TenantId(*id);
        throw HttpError(403, "refused: tenant '" + tenant + "' is not a value of the integer tenant column '" +
                                 std::string(dorm::detail::descriptor_of_t<typename T::tenant_column>::name) +
                                 "' of table '" + std::string(T::name) + "'");
      }
    } else {
      return TenantId(tenant);
    }
  }

  [[nodiscard]] nlohmann::json list(Database& db, const QueryParams& params, std::int64_t max_rows) const override {
    auto query = dorm::filtered(db.select<M>());
    std::int64_t page = 1;
    std::int64_t per_page = std::min<std::int64_t>(100, max_rows);
    for (const auto& [name, text] : params) {
      if (name == "order") {
        add_order(query, text);
      } else if (name == "limit") {
        per_page = std::min(detail::rest::positive_parameter(name, text), max_rows);
      } else if (name == "page") {
        page = detail::rest::positive_parameter(name, text);
      } else {
        add_filter(query, name, text);
      }
    }
    // (page - 1) * per_page is the OFFSET: a page past any table would overflow it.
    if (page - 1 > std::numeric_limits<std::int64_t>::max() / per_page) {
      throw HttpError(400, "query parameter 'page' is too large: page " + std::to_string(page) + " of " +
                               std::to_string(per_page) + " rows starts past any table");
    }
    const Page<M> rows = query.paginate(page, per_page);
    nlohmann::json out = {{"rows", nlohmann::json::array()},
                          {"page", rows.current_page},
                          {"per_page", rows.per_page},
                          {"total", rows.total}};
    for (const M& row : rows.data) out["rows"].push_back(as_json(row));
    return out;
  }

  [[nodiscard]] nlohmann::json get(Database& db, const std::vector<std::string>& key) const override {
    return as_json(find(db, key));
  }

  [[nodiscard]] nlohmann::json create(Database& db, const std::string& body) const override {
    M row{};
    std::vector<FieldError> errors = read_properties(body, row, false);
    insert_or_update(db, row, std::move(errors), true);
    return as_json(row);
  }

  [[nodiscard]] nlohmann::json update(Database& db, const std::vector<std::string>& key,
                                      const std::string& body) const override {
    M row = find(db, key);
    std::vector<FieldError> errors = read_properties(body, row, true);
    insert_or_update(db, row, std::move(errors), false);
    return as_json(row);
  }

  void remove(Database& db, const std::vector<std::string>& key) const override {
    const bool removed = std::apply([&](const auto&... k) { return db.remove<M>(k...); }, parse_key(key));
    if (!removed) throw not_found(key);
  }

 private:
  static nlohmann::json as_json(const M& row) {
    nlohmann::json out;
    JsonSerializer<M>::to_json(out, row);
    return out;
  }

  static HttpError not_found(const std::vector<std::string>& key) {
    std::string shown;
    for (const auto& k : key) shown += (shown.empty() ? "" : "/") + k;
    return HttpError(404, "no row in table '" + std::string(T::name) + "' with key '" + shown + "'");
  }

  // The key's path segments as the key columns' values, in key order; 400 for a bad one.
  static auto parse_key(const std::vector<std::string>& key) {
    if (key.size() != dorm::detail::key_count<T>) {
      throw HttpError(400, "table '" + std::string(T::name) + "' has a key of " +
                               std::to_string(dorm::detail::key_count<T>) + " column(s): give one path segment each");
    }
    ValidationErrors errors(T::name);
    // Segment I is key column I's value (an index, not a counter: g++ warns on `at++` in a pack).
    auto values = [&]<class... Cs, std::size_t... I>(type_list<Cs...>, std::index_sequence<I...>) {
      return std::tuple<typename Cs::value_type...>{
          detail::rest::parse_column_text<Cs>(key[I], errors).value_or(typename Cs::value_type{})...};
    }(typename T::primary_key{}, std::make_index_sequence<dorm::detail::key_count<T>>{});
    if (!errors.empty()) throw HttpError(400, "bad key: " + errors.errors().front().message);
    return values;
  }

  static M find(Database& db, const std::vector<std::string>& key) {
    auto row = std::apply([&](const auto&... k) { return db.find<M>(k...); }, parse_key(key));
    if (!row) throw not_found(key);
    return std::move(*row);
  }

  static void add_order(FilteredSelect<SelectQuery<M>>& query, const std::string& text) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find(',', start), text.size());
      std::string term = text.substr(start, end - start);
      bool descending = false;
      if (term.ends_with(".desc")) {
        descending = true;
        term.resize(term.size() - 5);
      } else if (term.ends_with(".asc")) {
        term.resize(term.size() - 4);
      }
      bool known = false;
      dorm::detail::for_each_column<T>([&]<class C>(C column) {
        if (known || dorm::detail::descriptor_of_t<C>::name != term) return;
        known = true;
        query.order_by(column, descending);
      });
      if (!known) {
        throw HttpError(400, "order: table '" + std::string(T::name) + "' has no column '" + term + "'");
      }
      start = end + 1;
    }
  }

  static void add_filter(FilteredSelect<SelectQuery<M>>& query, const std::string& name, const std::string& text) {
    bool known = false;
    ValidationErrors errors(T::name);
    dorm::detail::for_each_column<T>([&]<class C>(C column) {
      if (known || dorm::detail::descriptor_of_t<C>::name != name) return;
      known = true;
      if (auto value = detail::rest::parse_column_text<C>(text, errors)) query.where_equal(column, std::move(*value));
    });
    if (!known) {
      throw HttpError(400, "unknown filter '" + name + "': table '" + std::string(T::name) +
                               "' has no such column (the other parameters are order, limit and page)");
    }
    if (!errors.empty()) {
      throw HttpError(400, "bad value for column '" + name + "': " + errors.errors().front().message);
    }
  }

  // The tenant column, which the write sets from the active tenant scope: not the client's to give.
  static bool filled_by_runtime(std::string_view column) {
    if constexpr (dorm::detail::tenant_table<T>) {
      return dorm::detail::descriptor_of_t<typename T::tenant_column>::name == column;
    } else {
      return false;
    }
  }

  // Reads the JSON object `body` onto `row`, property by property so that every bad property is
  // reported (the serializer stops the row at the first); `patch` refuses key columns.
  static std::vector<FieldError> read_properties(const std::string& body, M& row, bool patch) {
    const nlohmann::json in = nlohmann::json::parse(body, nullptr, false);
    if (in.is_discarded()) throw HttpError(400, "the body is not JSON");
    if (!in.is_object()) throw HttpError(400, "the body must be a JSON object of the row's properties");
    std::vector<FieldError> errors;
    for (auto item = in.begin(); item != in.end(); ++item) {
      const std::string& key = item.key();
      if (patch) {
        bool is_key = false;
        dorm::detail::for_each_column<T>([&]<class C>(C) {
          is_key = is_key || (dorm::detail::is_key_column<T, C> && dorm::detail::descriptor_of_t<C>::name == key);
        });
        if (is_key) {
          errors.push_back({std::string(T::name), key, "readOnly", "true", dorm::detail::json::shown(item.value()),
                            key + ": the key of a row cannot change (PATCH the row at its new key instead)"});
          continue;
        }
      }
      try {
        JsonSerializer<M>::from_json(nlohmann::json{{key, item.value()}}, row);
      } catch (const ValidationError& e) {
        errors.insert(errors.end(), e.errors().begin(), e.errors().end());
      }
    }
    return errors;
  }

  // Writes the row; 422 with every broken rule: those of reading `errors` and validate()'s on the
  // columns that read well, or the write's own validation (it runs after the runtime has set
  // the tenant column and timestamps, so it is the one to trust when everything read well).
  static void insert_or_update(Database& db, M& row, std::vector<FieldError> errors, bool insert) {
    if (!errors.empty()) {
      const ValidationErrors broken = validation_errors(row);
      for (const FieldError& e : broken.errors()) {
        const bool unreadable =
            std::any_of(errors.begin(), errors.end(), [&](const FieldError& r) { return r.column == e.column; });
        if (!unreadable && !filled_by_runtime(e.column)) errors.push_back(e);
      }
      throw UnprocessableRow(std::move(errors));
    }
    try {
      if (insert) {
        db.insert(row);
      } else {
        db.update(row);
      }
    } catch (const ValidationError& e) {
      throw UnprocessableRow(e.errors());
    }
  }
};

}  // namespace dorm::server
