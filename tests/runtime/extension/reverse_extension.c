/* A tiny loadable SQLite extension for tests/runtime/test_extensions.cpp: reverse(text) returns
   the text with its bytes in reverse order (NULL for NULL). Built as a shared library of its own;
   its default entry point is sqlite3_extension_init, and dorm_reverse_init is a second one, to
   test OpenOptions::extensions with a named entry point. */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stdlib.h>

static void reverse_text(sqlite3_context* context, int argc, sqlite3_value** argv) {
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const unsigned char* text = sqlite3_value_text(argv[0]);
  const int size = sqlite3_value_bytes(argv[0]);
  char* out = sqlite3_malloc(size + 1);
  if (out == NULL) {
    sqlite3_result_error_nomem(context);
    return;
  }
  for (int i = 0; i < size; ++i) out[i] = (char)text[size - 1 - i];
  out[size] = '\0';
  sqlite3_result_text(context, out, size, sqlite3_free);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  (void)error;
  SQLITE_EXTENSION_INIT2(api);
  return sqlite3_create_function(db, "reverse", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, reverse_text, NULL, NULL);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int dorm_reverse_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  return sqlite3_extension_init(db, error, api);
}

/* An entry point that refuses to load, with a message: the error path of OpenOptions::extensions. */
#ifdef _WIN32
__declspec(dllexport)
#endif
int dorm_refusing_init(sqlite3* db, char** error, const sqlite3_api_routines* api) {
  (void)db;
  SQLITE_EXTENSION_INIT2(api);
  *error = sqlite3_mprintf("the test extension refuses to load");
  return SQLITE_ERROR;
}
