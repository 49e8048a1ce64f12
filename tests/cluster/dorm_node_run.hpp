#pragma once
// Runs the dorm-node program to its end (a command such as `members`, or a start that fails),
// for the tests of tests/cluster.
#include <chrono>
#include <string>
#include <vector>

namespace dorm_cluster_test {

/// How a dorm-node run ended.
struct Finished {
  int status;          ///< as waitpid gives it
  std::string output;  ///< stdout and stderr together
};

/// Runs dorm-node with `args`, waiting at most `line_wait` for each line of output and 10 s for
/// the exit once the output ends.
Finished run_dorm_node(const std::vector<std::string>& args,
                       std::chrono::milliseconds line_wait = std::chrono::milliseconds(10'000));

}  // namespace dorm_cluster_test
