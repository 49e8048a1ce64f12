// The same queries against blog/models.hpp generated from schemas/blog (JSON Schema) and from
// schemas/blog_annotated (annotated structs). Built once against each header; the test compares
// what the two programs print: the DDL statements, then query results.
#include <cstdlib>
#include <iostream>

#include "blog/models.hpp"

int main() {
  try {
    for (std::string_view statement : blog::schema_statements) std::cout << statement << ";\n";

    auto db = dorm::Database::open(":memory:");
    blog::migrate(db);
    blog::migrate(db);  // idempotent
    using blog::comments;
    using blog::posts;
    using blog::users;

    blog::User ada{.email = "ada@example.com", .name = "Ada", .age = 36};
    blog::User bob{.email = "bob@example.com", .name = "Bob"};
    db.insert(ada);
    db.insert(bob);
    blog::Post notes{.author_id = ada.id, .title = "Notes", .body = "On the engine", .status = "published"};
    blog::Post draft{.author_id = ada.id, .title = "Draft", .body = "..."};
    blog::Post hello{.author_id = bob.id, .title = "Hello", .body = "Hi", .status = "published", .views = 7};
    for (blog::Post* p : {&notes, &draft, &hello}) db.insert(*p);
    blog::Comment first{.post_id = notes.id, .author_id = bob.id, .body = "First!"};
    blog::Comment second{.post_id = notes.id, .body = "Anonymous", .approved = true};
    db.insert(first);
    db.insert(second);
    blog::Tag history{.name = "history"};
    db.insert(history);
    blog::posts.tags.attach(db, notes, history);

    std::cout << "users: " << db.select<blog::User>().count() << '\n';
    std::cout << "created_at filled: " << ada.created_at.has_value() << '\n';
    for (const auto& p : db.select<blog::Post>().where(posts.status == "published").order_by(posts.title).all()) {
      std::cout << "published: " << p.title << " views " << p.views << '\n';
    }
    std::cout << "drafts: " << db.select<blog::Post>().where(posts.status == "draft").count() << '\n';
    std::cout << "adults: " << db.select<blog::User>().where(users.age >= 18).count() << '\n';
    std::cout << "no age: " << db.select<blog::User>().where(users.age.is_null()).count() << '\n';
    auto found = db.find_or_fail<blog::Post>(notes.id);
    std::cout << "found: " << found.title << " by " << blog::posts.author.load(db, found)->name << '\n';
    std::cout << "comments: " << blog::posts.comments.load(db, found).size() << ", tags: "
              << blog::posts.tags.load(db, found).size() << '\n';
    std::cout << "ada's posts: " << blog::users.posts.load(db, ada).size() << '\n';

    auto feed = db.select<blog::Post>()
                    .with(posts.author, posts.tags, posts.comments.with(comments.author))
                    .order_by(posts.id)
                    .all();
    for (auto post : feed) {
      std::cout << "feed: " << post->title << " by " << post[posts.author]->name << ", "
                << post[posts.comments].size() << " comment(s)";
      for (auto comment : post[posts.comments]) {
        if (auto author = comment[comments.author]) std::cout << ", one by " << author->name;
      }
      std::cout << '\n';
    }
    for (const auto& [name, post_count, total_views] : db.select<blog::User>()
                                                           .join<blog::Post>(posts.author_id == users.id)
                                                           .columns(users.name, dorm::count(), dorm::sum(posts.views))
                                                           .group_by(users.name)
                                                           .order_by(users.name)
                                                           .all()) {
      std::cout << name << " wrote " << post_count << " post(s), " << total_views << " views\n";
    }
    found.views = 42;
    db.update(found);
    std::cout << "views now: " << db.find_or_fail<blog::Post>(notes.id).views << '\n';
    db.remove(draft);
    std::cout << "posts left: " << db.select<blog::Post>().count() << '\n';
    return EXIT_SUCCESS;
  } catch (const dorm::Error& e) {
    std::cerr << "blog_queries: " << e.what() << '\n';
    return EXIT_FAILURE;
  }
}
