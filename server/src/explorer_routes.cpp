#include "explorer_routes.hpp"

#include <httplib.h>

#include <string>

#include "dorm/server/response_json.hpp"
#include "explorer_assets.hpp"

namespace dorm::server {

void answer_explorer_file(std::string_view name, httplib::Response& response) {
  const ExplorerAsset* asset = explorer_asset(name);
  if (asset == nullptr) {
    response.status = 404;
    response.set_content(error_json("no explorer file named '" + std::string(name) + "'", -1).dump(),
                         "application/json");
    return;
  }
  response.status = 200;
  // The page's own script and style sheet only, fetch() to this origin only, no inline script
  // or style, and no framing: SQL results cannot run code in the page, even through a bug.
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  // The files change with the binary; revalidating costs nothing on loopback.
  response.set_header("Cache-Control", "no-cache");
  response.set_content(std::string(asset->content), std::string(asset->content_type));
}

}  // namespace dorm::server
