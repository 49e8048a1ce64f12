// The blog example: create a database file, add users, posts and comments, and query them
// with dorm's typed API. Run it twice: migrate() is idempotent and the data accumulates.
#include <cstdlib>
#include <iostream>

#include "blog/models.hpp"

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "blog.db";
  try {
    auto db = dorm::Database::open(path);
    blog::migrate(db);

    using blog::posts;
    using blog::users;

    // Everything or nothing: a failure inside rolls the whole block back.
    db.transaction([&] {
      blog::User ada{.email = "ada@example.com", .name = "Ada Lovelace", .age = 36};
      if (auto existing = db.select<blog::User>().where(users.email == ada.email).first()) {
        ada = *existing;
      } else {
        db.insert(ada);  // fills ada.id and ada.created_at
      }
      blog::Post post{.author_id = ada.id, .title = "Notes on the Analytical Engine",
                      .body = "The engine might compose elaborate pieces of music.", .status = "published"};
      db.insert(post);
      blog::Comment comment{.post_id = post.id, .author_id = ada.id, .body = "First!"};
      db.insert(comment);
    });

    std::cout << "users: " << db.select<blog::User>().count() << '\n';
    auto recent = db.select<blog::Post>()
                      .where(posts.status == "published" && posts.title.like("Notes%"))
                      .order_by(posts.id.desc())
                      .limit(3)
                      .all();
    for (const auto& post : recent) {
      auto author = db.find_or_fail<blog::User>(post.author_id);
      std::cout << "post #" << post.id << " \"" << post.title << "\" by " << author.name << " (" << post.views
                << " views)\n";
    }

    // Streaming: rows are read one at a time, never all in memory.
    std::int64_t comments = 0;
    for (const blog::Comment& c : db.select<blog::Comment>().where(blog::comments.approved == false).cursor()) {
      comments += c.body.empty() ? 0 : 1;
    }
    std::cout << "unapproved comments: " << comments << '\n';
    std::cout << "database: " << db.path() << '\n';
    return EXIT_SUCCESS;
  } catch (const dorm::Error& e) {
    std::cerr << "blog_example: " << e.what() << '\n';
    return EXIT_FAILURE;
  }
}
