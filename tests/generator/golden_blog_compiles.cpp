// Compiles the golden blog header (tests/generator/cases/blog/expected) as users would include it.
#include "blog/models.hpp"

static_assert(dorm::Model<blog::User>);
static_assert(dorm::Model<blog::Post>);
static_assert(dorm::Model<blog::Comment>);
static_assert(dorm::Model<blog::Tag>);
