#pragma once
// How a database is opened: the options every connection engine reads.
#include "dorm/core/milliseconds.hpp"

namespace dorm {

/// How a database file is opened.
struct OpenOptions {
  bool create = true;       ///< create the file when missing
  bool read_only = false;   ///< open read-only (no WAL switch, no writes)
  bool wal = true;          ///< journal_mode=WAL: readers don't block the writer
  bool foreign_keys = true; ///< enforce FOREIGN KEY constraints
  Milliseconds busy_timeout{5000};  ///< wait this long for a lock before BusyError (`= 250ms`)
  /// synchronous=NORMAL is durable in WAL mode except for the last commits on power loss; set
  /// false for synchronous=FULL.
  bool synchronous_normal = true;
};

}  // namespace dorm
