#pragma once
// The responses of the data explorer's page: GET {prefix}/ and its script and style sheet.
#include <string_view>

namespace httplib {
struct Response;
}

namespace dorm::server {

/// Answers `response` with the embedded explorer file `name` ("index.html", "explorer.js",
/// "explorer.css"), its Content-Type and a Content-Security-Policy that lets the page load
/// only its own files and talk only to this server; 404 for a name that is not embedded.
void answer_explorer_file(std::string_view name, httplib::Response& response);

}  // namespace dorm::server
