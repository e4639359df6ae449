#include "atmbench/host/control_endpoint.hpp"

#include "atmbench/host/host_server.hpp"
#include "atmbench/http/json_endpoint.hpp"

#include <boost/json.hpp>

namespace atmbench::host {

http::Response control_request(HostServer& server, const http::Request& req) {
    const std::string& path = req.path;
    const std::string& method = req.method;
    auto wrong_method = [&] { return http::error(405, "method " + method + " not allowed on " + path); };
    auto ok = [](boost::json::value body) { return http::Response{200, std::move(body)}; };

    if (path == "/health") {
        if (method != "GET") return wrong_method();
        return ok(server.status_json());
    }
    if (path == "/messages") {
        if (method != "GET") return wrong_method();
        try {
            return ok(server.messages_page(common::parse_view_query(req.query)));
        } catch (const std::invalid_argument& e) {
            return http::error(400, e.what());
        }
    }
    if (path == "/ledger") {
        if (method != "GET") return wrong_method();
        return ok(server.ledger_json());
    }
    if (path == "/rules") {
        if (method == "GET") return ok(boost::json::object{{"rules", server.rules_json()}});
        if (method == "DELETE") {
            server.clear_rules();
            return ok(boost::json::object{{"removed", "all"}});
        }
        if (method != "POST") return wrong_method();
        try {
            RuleFile file = parse_rules(load_yaml_text(req.body, "control request"), "control request");
            if (file.rules.empty()) return http::error(400, "no rule in the request body");
            boost::json::array ids;
            for (auto& r : file.rules) ids.push_back(boost::json::value(server.add_rule(std::move(r))));
            return ok(boost::json::object{{"added", ids}});
        } catch (const FixtureError& e) {
            return http::error(400, e.what());
        }
    }
    if (path.rfind("/rules/", 0) == 0) {
        if (method != "DELETE") return wrong_method();
        std::string id = path.substr(7);
        if (!server.remove_rule(id)) return http::error(404, "no rule " + id);
        return ok(boost::json::object{{"removed", id}});
    }
    if (path == "/shutdown") {
        if (method != "POST") return wrong_method();
        server.request_shutdown();
        return ok(boost::json::object{{"status", "shutting down"}});
    }
    return http::error(404, "no such endpoint: " + path);
}

}  // namespace atmbench::host
