// ws:// connections: the WebSocket straight on the TCP socket.
#include "session.hpp"

namespace atmbench::xfs4iot::detail {

namespace {
struct PlainTransport {
    using Next = tcp::socket;
    template <class Handler>
    static void handshake(Next&, Handler&& handler) {
        handler(beast::error_code{});  // nothing below the WebSocket to set up
    }
};
}  // namespace

void start_plain_session(tcp::socket socket, XfsServer::Impl& server) {
    std::make_shared<Session<PlainTransport>>(server, std::move(socket))->start();
}

}  // namespace atmbench::xfs4iot::detail
