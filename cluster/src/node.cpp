// libdqlite's node life cycle behind RAII: see node.hpp.
#include "node.hpp"

#include <unistd.h>

// dqlite.h declares C functions without extern "C" of its own.
extern "C" {
#include <dqlite.h>
}

#include <cerrno>
#include <cstring>
#include <system_error>

#include "node_address.hpp"

namespace dorm_node {

namespace {

std::string where(const NodeSettings& settings) {
  return "node " + std::to_string(settings.id) + " at " + settings.address;
}

// The folder exists (created when missing), is a folder, and this process can write in it;
// checked here because dqlite reports these only later, as a start failure without the path.
bool prepare_data_dir(const std::filesystem::path& dir) {
  std::error_code error;
  const bool existed = std::filesystem::exists(dir, error);
  if (!existed && !std::filesystem::create_directories(dir, error) && error) {
    throw NodeError("cannot create the data folder " + dir.string() + ": " + error.message());
  }
  if (!std::filesystem::is_directory(dir, error)) {
    throw NodeError("the data folder " + dir.string() + " is not a folder");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw NodeError("cannot write in the data folder " + dir.string() + ": " + std::strerror(errno));
  }
  return !existed || std::filesystem::is_empty(dir, error);
}

}  // namespace

Node::Node(const NodeSettings& settings) {
  if (settings.id == 0) throw NodeError("a node id is a positive number (1 bootstraps a new cluster)");
  try {
    check_node_address(settings.address, "the node address");
  } catch (const std::invalid_argument& error) {
    throw NodeError(error.what());
  }
  fresh_ = prepare_data_dir(settings.data_dir);
  if (int rv = dqlite_node_create(settings.id, settings.address.c_str(), settings.data_dir.c_str(), &node_); rv != 0) {
    node_ = nullptr;
    throw NodeError("cannot create " + where(settings) + " with data in " + settings.data_dir.string() +
                    " (dqlite error " + std::to_string(rv) + ")");
  }
  try {
    // bind() fails before dqlite closes its socket, and a successful close() leaves errno alone,
    // so errno still says why (EADDRINUSE, EADDRNOTAVAIL).
    errno = 0;
    if (dqlite_node_set_bind_address(node_, settings.address.c_str()) != 0) {
      const int cause = errno;
      throw NodeError("cannot listen on " + settings.address + ": " +
                      (cause != 0 ? std::strerror(cause) : std::string("dqlite refused the address")));
    }
    if (settings.network_latency_ms &&
        dqlite_node_set_network_latency_ms(node_, *settings.network_latency_ms) != 0) {
      throw NodeError("dqlite refused a network latency of " + std::to_string(*settings.network_latency_ms) +
                      " ms (1 to 3,600,000)");
    }
    if (int rv = dqlite_node_start(node_); rv != 0) {
      throw NodeError("cannot start " + where(settings) + ": " + dqlite_node_errmsg(node_) + " (dqlite error " +
                      std::to_string(rv) + ")");
    }
  } catch (...) {
    dqlite_node_destroy(node_);
    throw;
  }
  // dqlite_node_start bootstraps node 1 when its Raft state is empty (and ignores an existing one).
  bootstrapped_ = settings.id == 1 && fresh_;
}

Node::~Node() {
  dqlite_node_stop(node_);
  dqlite_node_destroy(node_);
}

}  // namespace dorm_node
