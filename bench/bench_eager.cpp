// W6: 1,000 posts with their authors and comments (100 users, 5 comments per post).
// dorm:     select<Post>().with(posts.author, posts.comments).all() (3 statements).
// n_plus_1: hand-written C API, the posts, then per post one author and one comments query
//           (2,001 executions of 3 prepared statements).
// two_query: hand-written C API, posts JOIN users, then the comments of those posts, grouped
//           into their posts through a hash map of post id -> index.
// Every variant then walks the result the same way (title, author name, comment bodies).
#include <benchmark/benchmark.h>

#include <unordered_map>

#include "common.hpp"
#include "dorm_bench_eager/models.hpp"

namespace {

namespace m = dorm_bench_eager;

// The hand-written result: each post with its author and its comments, by value.
struct PostWithRelations {
  m::Post post;
  std::optional<m::User> author;
  std::vector<m::Comment> comments;
};

std::string column_string(sqlite3_stmt* st, int i) {
  return {reinterpret_cast<const char*>(sqlite3_column_text(st, i)), static_cast<std::size_t>(sqlite3_column_bytes(st, i))};
}
void read_post(sqlite3_stmt* st, int at, m::Post& p) {
  p.id = sqlite3_column_int64(st, at);
  p.author_id = sqlite3_column_int64(st, at + 1);
  p.title = column_string(st, at + 2);
  p.body = column_string(st, at + 3);
}
void read_user(sqlite3_stmt* st, int at, m::User& u) {
  u.id = sqlite3_column_int64(st, at);
  u.name = column_string(st, at + 1);
  if (sqlite3_column_type(st, at + 2) != SQLITE_NULL) u.email = column_string(st, at + 2);
}
void read_comment(sqlite3_stmt* st, int at, m::Comment& c) {
  c.id = sqlite3_column_int64(st, at);
  c.post_id = sqlite3_column_int64(st, at + 1);
  c.body = column_string(st, at + 2);
}

std::size_t walk(const std::vector<PostWithRelations>& posts) {
  std::size_t sink = 0;
  for (const auto& p : posts) {
    sink += p.post.title.size();
    if (p.author) sink += p.author->name.size();
    for (const auto& c : p.comments) sink += c.body.size();
  }
  return sink;
}

void check_loaded(benchmark::State& state, std::size_t posts, std::size_t comments) {
  if (posts != static_cast<std::size_t>(bench::eager_posts) ||
      comments != static_cast<std::size_t>(bench::eager_posts * bench::comments_per_post))
    state.SkipWithError("wrong result");
}

void W6_dorm(benchmark::State& state) {
  auto db = dorm::Database::open(bench::eager_db());
  using m::posts;
  for (auto _ : state) {
    auto result = db.select<m::Post>().with(posts.author, posts.comments).all();
    std::size_t sink = 0;
    std::size_t comments = 0;
    for (auto p : result) {
      sink += p->title.size();
      if (auto author = p[posts.author]) sink += author->name.size();
      for (auto c : p[posts.comments]) {
        sink += c->body.size();
        ++comments;
      }
    }
    check_loaded(state, result.size(), comments);
    benchmark::DoNotOptimize(sink);
  }
}

void W6_n_plus_1(benchmark::State& state) {
  sqlite3* db = bench::open_raw(bench::eager_db());
  sqlite3_stmt* all_posts = bench::prepare(db, "SELECT id, author_id, title, body FROM posts");
  sqlite3_stmt* author = bench::prepare(db, "SELECT id, name, email FROM users WHERE id = ?");
  sqlite3_stmt* comments = bench::prepare(db, "SELECT id, post_id, body FROM comments WHERE post_id = ?");
  for (auto _ : state) {
    std::vector<PostWithRelations> result;
    while (sqlite3_step(all_posts) == SQLITE_ROW) read_post(all_posts, 0, result.emplace_back().post);
    sqlite3_reset(all_posts);
    std::size_t n_comments = 0;
    for (auto& p : result) {
      sqlite3_bind_int64(author, 1, p.post.author_id);
      if (sqlite3_step(author) == SQLITE_ROW) read_user(author, 0, p.author.emplace());
      sqlite3_reset(author);
      sqlite3_bind_int64(comments, 1, p.post.id);
      while (sqlite3_step(comments) == SQLITE_ROW) read_comment(comments, 0, p.comments.emplace_back());
      sqlite3_reset(comments);
      n_comments += p.comments.size();
    }
    check_loaded(state, result.size(), n_comments);
    benchmark::DoNotOptimize(walk(result));
  }
  sqlite3_finalize(all_posts);
  sqlite3_finalize(author);
  sqlite3_finalize(comments);
  sqlite3_close_v2(db);
}

void W6_two_query(benchmark::State& state) {
  sqlite3* db = bench::open_raw(bench::eager_db());
  sqlite3_stmt* with_authors = bench::prepare(
      db, "SELECT p.id, p.author_id, p.title, p.body, u.id, u.name, u.email FROM posts p LEFT JOIN users u ON u.id = p.author_id");
  sqlite3_stmt* comments = bench::prepare(
      db, "SELECT c.id, c.post_id, c.body FROM comments c WHERE c.post_id IN (SELECT id FROM posts)");
  for (auto _ : state) {
    std::vector<PostWithRelations> result;
    std::unordered_map<std::int64_t, std::size_t> index;
    while (sqlite3_step(with_authors) == SQLITE_ROW) {
      auto& p = result.emplace_back();
      read_post(with_authors, 0, p.post);
      if (sqlite3_column_type(with_authors, 4) != SQLITE_NULL) read_user(with_authors, 4, p.author.emplace());
      index.emplace(p.post.id, result.size() - 1);
    }
    sqlite3_reset(with_authors);
    std::size_t n_comments = 0;
    while (sqlite3_step(comments) == SQLITE_ROW) {
      auto it = index.find(sqlite3_column_int64(comments, 1));
      if (it == index.end()) continue;
      read_comment(comments, 0, result[it->second].comments.emplace_back());
      ++n_comments;
    }
    sqlite3_reset(comments);
    check_loaded(state, result.size(), n_comments);
    benchmark::DoNotOptimize(walk(result));
  }
  sqlite3_finalize(with_authors);
  sqlite3_finalize(comments);
  sqlite3_close_v2(db);
}

}  // namespace

BENCHMARK(W6_dorm)->Name("W6_eager_1000_posts/dorm")->Unit(benchmark::kMillisecond);
BENCHMARK(W6_n_plus_1)->Name("W6_eager_1000_posts/c_api_n_plus_1")->Unit(benchmark::kMillisecond);
BENCHMARK(W6_two_query)->Name("W6_eager_1000_posts/c_api_two_query")->Unit(benchmark::kMillisecond);
