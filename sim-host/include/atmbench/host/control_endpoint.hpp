// The host's loopback HTTP control endpoint (JSON), served by the shared http::JsonEndpoint:
//   GET    /health              {"status":"ok", ...}
//   GET    /messages?since=N&limit=M  recorded messages after seq N, at most M (default 1000), with the record's
//                                     counters (recorded, kept, dropped) and `more` when kept ones follow
//   GET    /ledger              postings and account balances
//   GET    /rules               rules with their match/fire counters
//   POST   /rules               body: one rule, a list, or {rules:[...]} in JSON or YAML → {"added":["r3"]}
//   DELETE /rules               remove all rules;   DELETE /rules/ID  remove one
//   POST   /shutdown            stop the host
// Bad requests answer 400 with {"error": "..."}; unknown paths 404; wrong methods 405.
#pragma once

#include "atmbench/http/json_endpoint.hpp"

namespace atmbench::host {

class HostServer;

http::Response control_request(HostServer& server, const http::Request& request);

}  // namespace atmbench::host
