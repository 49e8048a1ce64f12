#pragma once
// Eager loading: select<Post>().with(posts.author, posts.comments.with(comments.author)).all()
// runs the select, then one query per relation (nested ones too): 1 + (number of relations)
// statements whatever the number of rows, never one per row. The result keeps the rows and
// the loaded relations side by side; EagerRow views join them on access. Each relation query
// applies its target model's global scopes (soft deletes included), as the relation loaders do.
#include <memory>
#include <tuple>
#include <type_traits>
#include <vector>

#include "dorm/query/rules.hpp"
#include "dorm/query/select.hpp"
#include "dorm/query/relation.hpp"

namespace dorm {

namespace detail {

template <class List, class T>
using append_unique_t = std::conditional_t<type_list_contains<List, T>::value, List, type_list_concat_t<List, type_list<T>>>;

template <class Acc, class... Ts>
struct unique_types {
  using type = Acc;
};
template <class Acc, class T, class... Ts>
struct unique_types<Acc, T, Ts...> : unique_types<append_unique_t<Acc, T>, Ts...> {};

template <class Spec>
struct spec_relations {
  using type = type_list<Spec>;
};
template <class R, class... Children>
struct spec_relations<Nested<R, Children...>> {
  using type = type_list_concat_t<type_list<R>, typename spec_relations<Children>::type...>;
};

template <class List>
struct flatten_specs;
template <class... Specs>
struct flatten_specs<type_list<Specs...>> {
  template <class L>
  struct unique;
  template <class... Rs>
  struct unique<type_list<Rs...>> : unique_types<type_list<>, Rs...> {};
  using type = typename unique<type_list_concat_t<typename spec_relations<Specs>::type...>>::type;
};

}  // namespace detail

/// The loaded data of every relation in `Relations` (a type_list), one map per relation.
template <class Relations>
struct RelationStore;
template <class... Relations>
struct RelationStore<type_list<Relations...>> {
  std::tuple<typename Relations::loaded_type...> data;
  using relations = type_list<Relations...>;

  template <class R>
  static constexpr bool holds = type_list_contains<type_list<Relations...>, R>::value;

  template <class R>
  typename R::loaded_type& get() {
    return std::get<index_of<R>()>(data);
  }
  template <class R>
  const typename R::loaded_type& get() const {
    return std::get<index_of<R>()>(data);
  }

 private:
  template <class R>
  static constexpr std::size_t index_of() {
    std::size_t i = 0;
    std::size_t found = 0;
    ((std::is_same_v<R, Relations> ? (found = i, ++i) : ++i), ...);
    return found;
  }
};

template <class M, class Store>
class EagerList;

/// The deleted `row[relation]` of an eager row for a relation not in `Loaded` (the relations
/// its query loaded): the return type names the rule. A base of EagerRow with one template
/// parameter keeps the error line short.
template <class Loaded>
struct EagerRowRules {
  template <class R>
    requires(!type_list_contains<Loaded, R>::value)
  error::relation_not_loaded<R, Loaded> operator[](const R&) const = delete;
};

/// A row of an eager query (or a related row) with access to the loaded relations:
/// `row->title`, `row[posts.author]` (an EagerRow, empty when there is none),
/// `row[posts.comments]` (an EagerList).
template <class M, class Store>
class EagerRow : public EagerRowRules<typename Store::relations> {
 public:
  EagerRow(const M* row, const Store* store) noexcept : row_(row), store_(store) {}

  /// False for a belongs_to / has_one relation that found no row.
  explicit operator bool() const noexcept { return row_ != nullptr; }
  const M& operator*() const noexcept { return *row_; }
  const M* operator->() const noexcept { return row_; }
  [[nodiscard]] const M& row() const noexcept { return *row_; }

  /// The loaded relation `R` of this row; one its query did not load does not compile.
  using EagerRowRules<typename Store::relations>::operator[];
  template <class R>
    requires(Store::template holds<R>)
  [[nodiscard]] auto operator[](const R&) const {
    static_assert(std::is_same_v<typename R::parent_model, M>, "dorm: this relation belongs to another model");
    using Target = typename R::target_model;
    const auto* found = R::find_loaded(store_->template get<R>(), *row_);
    if constexpr (R::kind == RelationKind::belongs_to || R::kind == RelationKind::has_one) {
      return EagerRow<Target, Store>(found, store_);
    } else {
      return EagerList<Target, Store>(found, store_);
    }
  }

 private:
  const M* row_;
  const Store* store_;
};

/// The rows of a has_many / many_to_many relation, as EagerRows.
template <class M, class Store>
class EagerList {
 public:
  EagerList(const std::vector<M>* rows, const Store* store) noexcept : rows_(rows), store_(store) {}

  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = EagerRow<M, Store>;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const M* at, const Store* store) : at_(at), store_(store) {}
    EagerRow<M, Store> operator*() const { return {at_, store_}; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    iterator operator++(int) {
      auto copy = *this;
      ++at_;
      return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.at_ == b.at_; }

   private:
    const M* at_ = nullptr;
    const Store* store_ = nullptr;
  };

  [[nodiscard]] std::size_t size() const noexcept { return rows_ == nullptr ? 0 : rows_->size(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] iterator begin() const noexcept { return rows_ == nullptr ? iterator() : iterator(rows_->data(), store_); }
  [[nodiscard]] iterator end() const noexcept {
    return rows_ == nullptr ? iterator() : iterator(rows_->data() + rows_->size(), store_);
  }
  [[nodiscard]] EagerRow<M, Store> operator[](std::size_t i) const { return {&(*rows_)[i], store_}; }

 private:
  const std::vector<M>* rows_;
  const Store* store_;
};

/// The rows of an eager query and every relation loaded for them.
template <Model M, class Store>
class EagerResult {
 public:
  EagerResult(std::vector<M> rows, std::unique_ptr<Store> store) : rows_(std::move(rows)), store_(std::move(store)) {}

  using iterator = typename EagerList<M, Store>::iterator;
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
  [[nodiscard]] iterator begin() const noexcept { return iterator(rows_.data(), store_.get()); }
  [[nodiscard]] iterator end() const noexcept { return iterator(rows_.data() + rows_.size(), store_.get()); }
  [[nodiscard]] EagerRow<M, Store> operator[](std::size_t i) const { return {&rows_[i], store_.get()}; }
  /// The selected rows themselves.
  [[nodiscard]] const std::vector<M>& rows() const noexcept { return rows_; }

 private:
  std::vector<M> rows_;
  std::unique_ptr<Store> store_;  // on the heap: views keep pointing at it when the result moves
};

namespace detail {

template <class Spec>
struct spec_traits {
  using relation = Spec;
  using children = type_list<>;
};
template <class R, class... Children>
struct spec_traits<Nested<R, Children...>> {
  using relation = R;
  using children = type_list<Children...>;
};

template <class Spec, class Store, class Parent>
void load_spec(StatementCache& cache, Store& store, const std::vector<const Parent*>& parents);

/// True when `Spec` is a plain relation that `Siblings` also lists with nested relations
/// (`with(posts.comments, posts.comments.with(comments.author))`): loading that one covers it.
template <class Spec, class... Siblings>
inline constexpr bool covered_by_nested_sibling =
    std::is_same_v<typename spec_traits<Spec>::children, type_list<>> &&
    ((std::is_same_v<typename spec_traits<Siblings>::relation, Spec> &&
      !std::is_same_v<typename spec_traits<Siblings>::children, type_list<>>) ||
     ...);

template <class Store, class Parent, class... Children, class... Siblings>
void load_unique_children(StatementCache& cache, Store& store, const std::vector<const Parent*>& parents,
                          type_list<Children...>, type_list<Siblings...>) {
  (
      [&] {
        if constexpr (!covered_by_nested_sibling<Children, Siblings...>) load_spec<Children>(cache, store, parents);
      }(),
      ...);
}

/// Loads the relations `Children` of `parents`. Siblings are loaded for the same parents, so a
/// relation named twice (`with(posts.author, posts.author)`), or both plain and with nested
/// relations, is queried once.
template <class Store, class Parent, class... Children>
void load_children(StatementCache& cache, Store& store, const std::vector<const Parent*>& parents, type_list<Children...>) {
  using Unique = typename unique_types<type_list<>, Children...>::type;
  load_unique_children(cache, store, parents, Unique{}, Unique{});
}

template <class Spec, class Store, class Parent>
void load_spec(StatementCache& cache, Store& store, const std::vector<const Parent*>& parents) {
  using R = typename spec_traits<Spec>::relation;
  using Target = typename R::target_model;
  auto& loaded = store.template get<R>();
  for (auto& [key, value] : R::load_many(cache, parents)) loaded.try_emplace(key, std::move(value));
  using Children = typename spec_traits<Spec>::children;
  if constexpr (!std::is_same_v<Children, type_list<>>) {
    std::vector<const Target*> targets;
    for (const auto& [key, value] : loaded) {
      if constexpr (R::kind == RelationKind::belongs_to || R::kind == RelationKind::has_one) {
        targets.push_back(&value);
      } else {
        for (const auto& t : value) targets.push_back(&t);
      }
    }
    load_children(cache, store, targets, Children{});
  }
}

template <class Eager, Model M>
auto load_eager(StatementCache& cache, std::vector<M> rows) {
  using Store = RelationStore<typename flatten_specs<Eager>::type>;
  auto store = std::make_unique<Store>();
  std::vector<const M*> parents;
  parents.reserve(rows.size());
  for (const auto& row : rows) parents.push_back(&row);
  load_children(cache, *store, parents, Eager{});
  return EagerResult<M, Store>(std::move(rows), std::move(store));
}

}  // namespace detail
}  // namespace dorm
