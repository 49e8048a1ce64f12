#pragma once
// The errors of dorm's dqlite client. A FAILURE answer of a node becomes the same dorm error
// class SQLite's own engine throws for that code (ConstraintError, BusyError, SqliteError, ...);
// what is particular to a cluster gets its own class, so that the engine above can choose:
// retry on another node (NotLeader), report an outcome it cannot know (ConnectionLost,
// LeadershipLost), or give up (NoLeader).
#include <cstdint>
#include <string>
#include <string_view>

#include "dorm/core/error.hpp"

namespace dorm::dqlite {

/// A node could not be used for this request; the cluster might still serve it elsewhere.
class Unavailable : public Error {
 public:
  using Error::Error;
};

/// The node is not the leader and refused the request before running anything, so it is safe
/// to send again to the leader. `[dorm.dqlite.not_leader]`.
class NotLeader : public Unavailable {
 public:
  using Unavailable::Unavailable;
};

/// The node lost leadership while replicating a write: it may or may not be committed.
/// `[dorm.dqlite.leadership_lost]`.
class LeadershipLost : public Unavailable {
 public:
  using Unavailable::Unavailable;
};

/// The TCP connection failed, closed or timed out; a request in flight may or may not have
/// run. The Client is unusable afterwards. `[dorm.dqlite.connection_lost]`.
class ConnectionLost : public Unavailable {
 public:
  using Unavailable::Unavailable;
};

/// No node of the given addresses answered as the leader before the deadline.
/// `[dorm.dqlite.no_leader]`.
class NoLeader : public Unavailable {
 public:
  using Unavailable::Unavailable;
};

/// A message broke the protocol: a garbled message from the node, an answer of the wrong type,
/// or a request the node refused as malformed. When the header itself was garbled the
/// connection is out of step and closed (later requests are ConnectionLost); a garbled body,
/// read whole, leaves it usable. `[dorm.dqlite.protocol]`.
class ProtocolError : public Error {
 public:
  using Error::Error;
};

/// Throws the dorm error for a node's FAILURE answer: `code` (SQLite's extended code, or a
/// dqlite code from 1000 up) and the node's `message`; `sql` is the statement involved, if any.
[[noreturn]] void throw_failure(std::uint64_t code, std::string_view message, std::string_view sql);

/// "[dorm.dqlite.protocol] <what>", as a ProtocolError.
[[noreturn]] void throw_protocol_error(const std::string& what);

}  // namespace dorm::dqlite
