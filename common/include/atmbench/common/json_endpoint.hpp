// A small loopback HTTP/1.1 endpoint that answers JSON, shared by the bench's control endpoints (the host's and the
// devices'). Each request goes to one handler; the handler returns a status and a JSON body. Beast stays in the
// .cpp. Control endpoints change behaviour and reveal internals, so they listen on loopback only, and every request
// passes the RequestGuard (request_guard.hpp: loopback Host and Origin, the per-run token, a JSON content type on
// state-changing methods) before its handler sees it; a refused request gets 401, 403 or 415 and changes nothing.
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace atmbench::http {

struct Request {
    std::string method;  // "GET", "POST", "DELETE", …
    std::string path;    // without the query
    std::string query;   // after '?', may be empty
    std::string body;
};

struct Response {
    int status = 200;
    boost::json::value body;
};

// Answers {"error": message} with the given status.
Response error(int status, const std::string& message);

class JsonEndpoint {
public:
    using Handler = std::function<Response(const Request&)>;

    JsonEndpoint(boost::asio::io_context& io, Handler handler);
    ~JsonEndpoint();
    // Throws std::invalid_argument for a non-loopback address, std::runtime_error when it cannot listen.
    void start(const std::string& address, unsigned short port);
    void stop();
    unsigned short port() const;
    // The per-run token (new_run_token(), drawn when the endpoint is made) every request must carry; the process
    // prints it in its ready line.
    const std::string& token() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::http
