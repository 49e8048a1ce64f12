#include "dorm/session/commit_order.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace dorm {

namespace {

std::string cycle_message(const std::vector<std::string>& tables) {
  std::string path;
  for (const auto& table : tables) path += "'" + table + "' -> ";
  path += "'" + tables.front() + "'";
  return "[dorm.commit_order.cycle] tables " + path +
         " reference each other through NOT NULL foreign keys: no insert order puts every parent first; make one of "
         "these foreign keys nullable (it is then inserted NULL and set by an UPDATE)";
}

/// A foreign key between two tables of the list, by index: `child` references `parent`.
struct Edge {
  std::size_t child;
  std::size_t parent;
  const ForeignKeyLink* link;
  bool deferred = false;
};

std::size_t index_of(std::span<const TableLinks> tables, std::string_view name) {
  for (std::size_t i = 0; i < tables.size(); ++i)
    if (tables[i].table == name) return i;
  return tables.size();
}

/// reach[a][b]: table b is reachable from table a along child -> parent edges not deferred.
std::vector<std::vector<bool>> reachability(std::size_t n, const std::vector<Edge>& edges) {
  std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
  for (std::size_t start = 0; start < n; ++start) {
    std::vector<std::size_t> stack{start};
    while (!stack.empty()) {
      const std::size_t at = stack.back();
      stack.pop_back();
      for (const Edge& e : edges) {
        if (e.deferred || e.child != at || reach[start][e.parent]) continue;
        reach[start][e.parent] = true;
        stack.push_back(e.parent);
      }
    }
  }
  return reach;
}

/// Tables in insert order (a table after every parent it has through an edge not deferred),
/// picking the first ready table of the list each time; stops short when the rest are a cycle.
std::vector<std::size_t> parents_first(std::size_t n, const std::vector<Edge>& edges) {
  std::vector<std::size_t> order;
  std::vector<bool> placed(n, false);
  while (order.size() < n) {
    std::size_t next = n;
    for (std::size_t i = 0; i < n && next == n; ++i) {
      if (placed[i]) continue;
      const bool ready = std::none_of(edges.begin(), edges.end(),
                                      [&](const Edge& e) { return !e.deferred && e.child == i && !placed[e.parent]; });
      if (ready) next = i;
    }
    if (next == n) break;
    placed[next] = true;
    order.push_back(next);
  }
  return order;
}

/// A cycle among the tables parents_first() could not place: each of them has an unplaced
/// parent, so following parents from any of them comes back to a table already seen.
std::vector<std::string> find_cycle(std::span<const TableLinks> tables, const std::vector<Edge>& edges,
                                    const std::vector<std::size_t>& order) {
  std::vector<bool> placed(tables.size(), false);
  for (std::size_t i : order) placed[i] = true;
  std::size_t at = 0;
  while (placed[at]) ++at;
  std::vector<std::size_t> path;
  while (std::find(path.begin(), path.end(), at) == path.end()) {
    path.push_back(at);
    for (const Edge& e : edges) {
      if (!e.deferred && e.child == at && !placed[e.parent]) {
        at = e.parent;
        break;
      }
    }
  }
  std::vector<std::string> cycle;
  for (auto it = std::find(path.begin(), path.end(), at); it != path.end(); ++it) cycle.emplace_back(tables[*it].table);
  return cycle;
}

}  // namespace

ForeignKeyCycle::ForeignKeyCycle(std::vector<std::string> tables) : Error(cycle_message(tables)), tables_(std::move(tables)) {}

CommitOrder commit_order(std::span<const TableLinks> tables) {
  const std::size_t n = tables.size();
  CommitOrder result;
  std::vector<Edge> edges;
  for (std::size_t child = 0; child < n; ++child) {
    for (const ForeignKeyLink& link : tables[child].foreign_keys) {
      const std::size_t parent = index_of(tables, link.parent_table);
      if (parent == n) continue;  // its rows are not written here
      if (parent == child) {
        auto& list = link.nullable ? result.deferred : result.ordered_within;
        list.push_back({tables[child].table, link.column, link.parent_table, link.parent_column});
        continue;
      }
      edges.push_back({child, parent, &link});
    }
  }
  std::vector<std::size_t> order = parents_first(n, edges);
  if (order.size() < n) {
    // Break the cycles at their nullable foreign keys: an edge is in a cycle when its parent
    // reaches its child back.
    const auto reach = reachability(n, edges);
    for (Edge& e : edges) {
      if (e.link->nullable && reach[e.parent][e.child]) {
        e.deferred = true;
        result.deferred.push_back({tables[e.child].table, e.link->column, e.link->parent_table, e.link->parent_column});
      }
    }
    order = parents_first(n, edges);
    if (order.size() < n) throw ForeignKeyCycle(find_cycle(tables, edges, order));
  }
  for (std::size_t i : order) result.inserts.push_back(tables[i].table);
  result.deletes.assign(result.inserts.rbegin(), result.inserts.rend());
  return result;
}

}  // namespace dorm
