// Compiled with clang++ -fsyntax-only by the test session.header_compiles_with_clang: the
// session header with generated models, its templates instantiated by a use of each call.
#include <dorm/dorm.hpp>
#include <dorm/session/session.hpp>

#include "blog/models.hpp"
#include "cascade/models.hpp"
#include "graph/models.hpp"
#include "rt/models.hpp"

namespace {
[[maybe_unused]] void use_the_session(dorm::Database& db) {
  dorm::Session session(db);
  [[maybe_unused]] rt::User* user = session.find<rt::User>(1);
  [[maybe_unused]] rt::Membership* member = session.find<rt::Membership>(1, 2);
  [[maybe_unused]] rt::Document* versioned = session.find<rt::Document>(1);
  [[maybe_unused]] auto posts = session.select<blog::Post>()
                                    .where(blog::posts.views > 10)
                                    .with(blog::posts.author, blog::posts.comments.with(blog::comments.author),
                                          blog::posts.tags)
                                    .order_by(blog::posts.id)
                                    .all();
  blog::User& ann = session.persist(blog::User{.email = "ann@example.com", .name = "Ann"});
  blog::Post& post = session.persist(blog::Post{.title = "t", .body = "b"});
  session.link(post, blog::posts.author, ann);
  // A table referencing itself (layers, deferred keys), linked from both sides.
  graph::Employee& lead = session.persist(graph::Employee{.name = "lead"});
  graph::Employee& worker = session.persist(graph::Employee{.name = "worker"});
  session.link(lead, graph::employees.reports, worker);
  session.link(worker, graph::employees.mentor, lead);
  [[maybe_unused]] auto comments = session.load(post, blog::posts.comments);
  [[maybe_unused]] blog::User* author = session.load(post, blog::posts.author);
  session.transaction([&] { session.flush(); });
  session.refresh(post);
  session.remove(ann);
  session.detach(post);
  session.clear();
  // The cascades (relations declaring them).
  cascade::CascadeAuthor& writer = session.persist(cascade::CascadeAuthor{.name = "Ann"});
  cascade::CascadeArticle& article = session.add(writer, cascade::cascade_authors.articles, cascade::CascadeArticle{});
  session.add(article, cascade::cascade_articles.labels, cascade::CascadeLabel{.name = "l"});
  session.add(writer, cascade::cascade_authors.avatar, cascade::CascadeAvatar{});
  cascade::CascadeNote& note = session.add(writer, cascade::cascade_authors.notes, cascade::CascadeNote{});
  session.remove_from(writer, cascade::cascade_authors.notes, note);
  session.remove_from(writer, cascade::cascade_authors.articles, article);
  session.remove(writer);
}
}  // namespace
