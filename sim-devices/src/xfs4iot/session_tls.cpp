// wss:// connections (docs/references.md [XFS4IoT] §1 "TLS": XFS4IoT = TLS + WebSocket + JSON, the device being the TLS
// server) and the OpenSSL context they share. Only this file includes the TLS headers.
#include "session.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace atmbench::xfs4iot::detail {

namespace ssl = asio::ssl;

namespace {

struct TlsTransport {
    using Next = ssl::stream<tcp::socket>;
    template <class Handler>
    static void handshake(Next& stream, Handler&& handler) {
        stream.async_handshake(ssl::stream_base::server, std::forward<Handler>(handler));
    }
};

std::string read_pem(const std::string& path, const char* what) {
    if (path.empty()) throw std::runtime_error(std::string(what) + ": no file given");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string(what) + " '" + path + "': cannot open (" + std::strerror(errno) + ")");
    std::stringstream buf;
    buf << in.rdbuf();
    if (buf.str().empty()) throw std::runtime_error(std::string(what) + " '" + path + "': file is empty");
    return buf.str();
}

// The first OpenSSL error on the queue as text (and the queue cleared, so it does not leak into later calls).
std::string openssl_reason(const boost::system::system_error& e) {
    std::string r = e.code().message();
    ERR_clear_error();
    return r;
}

}  // namespace

std::shared_ptr<void> make_tls_context(const std::string& certificate, const std::string& key) {
    std::string cert_pem = read_pem(certificate, "TLS certificate");
    std::string key_pem = read_pem(key, "TLS key");
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    // An encrypted key would make OpenSSL prompt on the terminal for a pass phrase; here it is answered with none
    // (the context's callback, and no_pass_phrase below), so loading fails with an error we can report.
    ctx->set_password_callback([](std::size_t, ssl::context::password_purpose) { return std::string(); });
    try {
        ctx->use_certificate_chain(asio::buffer(cert_pem));
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("TLS certificate '" + certificate + "': not a PEM certificate (" + openssl_reason(e) + ")");
    }
    // The key is read here rather than by use_private_key so that "not a key" and "not this certificate's key"
    // are told apart (OpenSSL reports both as a failure to use the key).
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())),
                                                  BIO_free);
    auto no_pass_phrase = [](char*, int, int, void*) { return 0; };
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_pass_phrase, nullptr) : nullptr, EVP_PKEY_free);
    if (!pkey) {
        ERR_clear_error();
        throw std::runtime_error("TLS key '" + key + "': not an unencrypted PEM private key");
    }
    if (SSL_CTX_use_PrivateKey(ctx->native_handle(), pkey.get()) != 1 ||
        SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("TLS key '" + key + "' does not belong to certificate '" + certificate + "'");
    }
    return ctx;
}

void start_tls_session(tcp::socket socket, XfsServer::Impl& server) {
    auto& ctx = *static_cast<ssl::context*>(server.tls.get());
    std::make_shared<Session<TlsTransport>>(server, std::move(socket), ctx)->start();
}

}  // namespace atmbench::xfs4iot::detail
