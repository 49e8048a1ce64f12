#include "dorm/server/token.hpp"

namespace dorm::server {

std::optional<std::string> tenant_refusal(const Token& token, std::optional<std::string_view> tenant) {
  if (!token.tenant) return std::nullopt;
  if (!tenant) {
    return "token '" + token.name + "' is bound to tenant '" + *token.tenant + "' and reaches only its routes (/t/" +
           *token.tenant + "/...)";
  }
  if (*tenant == *token.tenant) return std::nullopt;
  return "token '" + token.name + "' is bound to tenant '" + *token.tenant + "' and cannot reach another tenant";
}

}  // namespace dorm::server
