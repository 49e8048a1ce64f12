// @generated from cases/extraction.md:24 by tests/docs/extract_snippets.cmake
#line 25 "cases/extraction.md"
#include "blog/models.hpp"
int main() {}
