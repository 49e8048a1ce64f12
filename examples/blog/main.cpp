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
      blog::Tag history{.name = "history"};
      if (auto existing = db.select<blog::Tag>().where(blog::tags.name == "history").first()) {
        history = *existing;
      } else {
        db.insert(history);
      }
      blog::posts.tags.attach(db, post, history);  // a typed many-to-many link
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

    // Relations of one row: one query each.
    if (auto first_post = db.select<blog::Post>().order_by(posts.id).first()) {
      std::cout << "first post by " << first_post->author(db)->name << " has " << first_post->comments(db).size()
                << " comment(s) and " << first_post->tags(db).size() << " tag(s)\n";
    }

    // Eager loading: posts, their authors, comments and the comments' authors in 4 queries,
    // however many posts there are.
    std::int64_t statements = 0;
    db.on_statement([&](std::string_view) { ++statements; });
    auto feed = db.select<blog::Post>()
                    .with(posts.author, posts.tags, posts.comments.with(blog::comments.author))
                    .order_by(posts.id.desc())
                    .limit(5)
                    .all();
    db.on_statement({});
    for (auto post : feed) {
      std::cout << "  " << post->title << " by " << post[posts.author]->name << ": " << post[posts.comments].size()
                << " comment(s)";
      for (auto comment : post[posts.comments]) {
        if (auto author = comment[blog::comments.author]) std::cout << ", one by " << author->name;
      }
      std::cout << '\n';
    }
    std::cout << "loaded " << feed.size() << " posts with relations in " << statements << " statements\n";

    // Projections and aggregates: rows are tuples typed from the columns.
    for (const auto& [name, post_count, total_views] :
         db.select<blog::User>()
             .join<blog::Post>(posts.author_id == users.id)
             .columns(users.name, dorm::count(), dorm::sum(posts.views))
             .group_by(users.name)
             .all()) {
      std::cout << name << " wrote " << post_count << " post(s), " << total_views << " views in total\n";
    }

    // Validation from the schema: a row that breaks rules is not written, and the error lists
    // every broken rule (users.json: email has format email, name minLength 1, age maximum 150).
    try {
      blog::User bad{.email = "ada-at-example.com", .name = "", .age = 200};
      db.insert(bad);
    } catch (const dorm::ValidationError& e) {
      std::cout << "rejected a user, " << e.errors().size() << " rules broken:\n";
      for (const dorm::FieldError& failure : e.errors()) std::cout << "  " << failure.message << '\n';
    }

    // Soft deletes (comments.json has "x-dorm-soft-delete": true): remove() sets deleted_at,
    // and queries, counts and relations skip the row unless they ask for trashed rows.
    if (auto post = db.select<blog::Post>().order_by(posts.id.desc()).first()) {
      blog::Comment spam{.post_id = post->id, .body = "Buy cheap watches!"};
      db.insert(spam);
      const auto visible_before = post->comments(db).size();
      db.remove(spam);  // soft: sets spam.deleted_at
      std::cout << "soft-deleted a comment: post #" << post->id << " shows " << post->comments(db).size()
                << " comment(s) (was " << visible_before << "), "
                << db.select<blog::Comment>().only_trashed().count() << " in the trash, "
                << db.select<blog::Comment>().with_trashed().count() << " stored\n";
      db.restore(spam);  // back again; force_remove(spam) would delete it for good
      std::cout << "restored it: post #" << post->id << " shows " << post->comments(db).size() << " comment(s)\n";
      db.force_remove(spam);
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
