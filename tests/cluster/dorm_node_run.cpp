#include "dorm_node_run.hpp"

#include "../crash/child_process.hpp"

namespace dorm_cluster_test {

Finished run_dorm_node(const std::vector<std::string>& args, std::chrono::milliseconds line_wait) {
  using dorm_crash::ChildProcess;
  std::string command = DORM_NODE_PROGRAM;
  for (const std::string& arg : args) command += " '" + arg + "'";
  ChildProcess child("/bin/sh", {"-c", command + " 2>&1"});
  std::string output;
  while (auto line = child.read_line(ChildProcess::Clock::now() + line_wait)) output += *line + "\n";
  return {child.reap(std::chrono::milliseconds(10'000)), output};
}

}  // namespace dorm_cluster_test
