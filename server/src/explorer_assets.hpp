#pragma once
// The data explorer's static files (server/explorer/), embedded at build time by
// cmake/EmbedExplorer.cmake.
#include <string_view>

namespace dorm::server {

/// One embedded file: its bytes and the Content-Type it is served with.
struct ExplorerAsset {
  std::string_view content;
  std::string_view content_type;
};

/// The embedded file named `name` ("index.html", "explorer.js", ...), or nullptr.
[[nodiscard]] const ExplorerAsset* explorer_asset(std::string_view name);

}  // namespace dorm::server
