// TLS for the XFS4IoT tests: a throw-away self-signed certificate made with OpenSSL's API at test time (EC P-256,
// subjectAltName IP:127.0.0.1, valid one day, in a temporary folder removed afterwards), and a blocking wss://
// client whose every step is bounded (connect, TLS and WebSocket handshakes, reads).
#pragma once

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace atmbench::xfs4iot::test {

class TestCertificate {
public:
    TestCertificate() {
        char tmpl[] = "/tmp/atmbench-tls-XXXXXX";
        if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        dir = tmpl;
        cert = dir + "/cert.pem";
        key = dir + "/key.pem";
        std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(EVP_EC_gen("P-256"), EVP_PKEY_free);
        std::unique_ptr<X509, decltype(&X509_free)> x509(X509_new(), X509_free);
        if (!pkey || !x509) throw std::runtime_error("OpenSSL: cannot make a key or certificate");
        X509_set_version(x509.get(), 2);  // v3, for subjectAltName
        ASN1_INTEGER_set(X509_get_serialNumber(x509.get()), 1);
        X509_gmtime_adj(X509_getm_notBefore(x509.get()), -60);
        X509_gmtime_adj(X509_getm_notAfter(x509.get()), 24 * 3600);
        X509_set_pubkey(x509.get(), pkey.get());
        X509_NAME* name = X509_get_subject_name(x509.get());
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("atmbench test"),
                                   -1, -1, 0);
        X509_set_issuer_name(x509.get(), name);
        add_extension(x509.get(), NID_subject_alt_name, "IP:127.0.0.1");
        add_extension(x509.get(), NID_basic_constraints, "critical,CA:TRUE");
        if (X509_sign(x509.get(), pkey.get(), EVP_sha256()) <= 0) throw std::runtime_error("OpenSSL: cannot sign");
        write(cert, [&](FILE* f) { return PEM_write_X509(f, x509.get()); });
        write(key, [&](FILE* f) { return PEM_write_PrivateKey(f, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr); });
        encrypted_key = dir + "/encrypted-key.pem";
        static char pass[] = "secret";
        write(encrypted_key, [&](FILE* f) {
            return PEM_write_PrivateKey(f, pkey.get(), EVP_aes_128_cbc(), nullptr, 0, nullptr, pass);
        });
    }
    ~TestCertificate() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    TestCertificate(const TestCertificate&) = delete;
    TestCertificate& operator=(const TestCertificate&) = delete;

    // A file in the same temporary folder (removed with it).
    std::string file(const std::string& name, const std::string& content) const {
        std::string path = dir + "/" + name;
        FILE* f = std::fopen(path.c_str(), "w");
        std::fputs(content.c_str(), f);
        std::fclose(f);
        return path;
    }

    std::string dir, cert, key;
    std::string encrypted_key;  // the same key under a pass phrase

private:
    static void add_extension(X509* x, int nid, const char* value) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        if (!ext) throw std::runtime_error("OpenSSL: bad extension");
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    template <class F>
    static void write(const std::string& path, F fn) {
        FILE* f = std::fopen(path.c_str(), "w");
        if (!f || !fn(f)) throw std::runtime_error("cannot write " + path);
        std::fclose(f);
    }
};

// wss://127.0.0.1:PORT/path, trusting only `ca_file` and checking the server's name is 127.0.0.1.
class WssClient {
public:
    WssClient(const std::string& uri, const std::string& ca_file, int read_timeout_ms = 2000)
        : ssl_(boost::asio::ssl::context::tls_client), ws_(io_, ssl_), timeout_ms_(read_timeout_ms) {
        if (uri.rfind("wss://", 0) != 0) throw std::invalid_argument("not a wss:// URI: " + uri);
        std::string rest = uri.substr(6);
        std::string hostport = rest.substr(0, rest.find('/'));
        std::string path = rest.substr(rest.find('/'));
        std::string host = hostport.substr(0, hostport.find(':'));
        unsigned short port = static_cast<unsigned short>(std::stoi(hostport.substr(hostport.find(':') + 1)));
        ssl_.load_verify_file(ca_file);
        ssl_.set_verify_mode(boost::asio::ssl::verify_peer);
        ws_.next_layer().set_verify_callback(boost::asio::ssl::host_name_verification(host));
        boost::beast::error_code ec;
        bounded([&](auto done) { boost::beast::get_lowest_layer(ws_).async_connect({boost::asio::ip::make_address(host), port}, done); }, ec);
        if (!ec) bounded([&](auto done) { ws_.next_layer().async_handshake(boost::asio::ssl::stream_base::client, done); }, ec);
        if (!ec) bounded([&](auto done) { ws_.async_handshake(hostport, path, done); }, ec);
        if (ec) throw boost::system::system_error(ec, "wss connect to " + uri);
    }

    void send_text(const std::string& text) {
        boost::beast::error_code ec;
        ws_.text(true);
        bounded([&](auto done) { ws_.async_write(boost::asio::buffer(text), [done](auto e, std::size_t) { done(e); }); }, ec);
        if (ec) throw boost::system::system_error(ec, "wss write");
    }

    void command(const std::string& name, std::int64_t id, boost::json::value payload = nullptr) {
        boost::json::object h{{"type", "command"}, {"name", name}, {"requestId", id}, {"version", "2.0"}};
        send_text(boost::json::serialize(boost::json::object{{"header", h}, {"payload", payload}}));
    }

    // The next message, or nullopt when none arrives within the read timeout (the stream is then unusable).
    std::optional<boost::json::object> next() {
        if (broken_) return std::nullopt;
        boost::beast::flat_buffer buf;
        boost::beast::error_code ec;
        bounded([&](auto done) { ws_.async_read(buf, [done](auto e, std::size_t) { done(e); }); }, ec);
        if (ec) return std::nullopt;
        return boost::json::parse(boost::beast::buffers_to_string(buf.data())).as_object();
    }

    std::optional<boost::json::object> until(const std::string& type, std::int64_t id) {
        for (int i = 0; i < 100; ++i) {
            auto m = next();
            if (!m) return std::nullopt;
            const auto& h = m->at("header").as_object();
            if (h.at("type").as_string() == type && h.contains("requestId") && h.at("requestId").as_int64() == id)
                return m;
        }
        return std::nullopt;
    }

private:
    // Starts `op(done)` and runs the I/O for at most the read timeout; a timeout closes the socket (and marks the
    // stream broken) so nothing is left pending.
    template <class Op>
    void bounded(Op op, boost::beast::error_code& ec) {
        bool finished = false;
        op([&](boost::beast::error_code e) {
            ec = e;
            finished = true;
        });
        io_.restart();
        io_.run_for(std::chrono::milliseconds(timeout_ms_));
        if (finished) return;
        broken_ = true;
        boost::system::error_code ignored;
        boost::beast::get_lowest_layer(ws_).close(ignored);
        io_.restart();
        io_.run_for(std::chrono::seconds(1));
        ec = boost::asio::error::timed_out;
    }

    boost::asio::io_context io_;
    boost::asio::ssl::context ssl_;
    boost::beast::websocket::stream<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> ws_;
    int timeout_ms_;
    bool broken_ = false;
};

}  // namespace atmbench::xfs4iot::test
