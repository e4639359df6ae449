// wss:// (docs/references.md [XFS4IoT] §1 "TLS"): with a certificate and key the server speaks TLS only, hands out wss://
// URIs (publisher and GetServices alike), serves commands over TLS, turns away plain ws:// cleanly, and refuses to
// start — naming the file — on a missing, broken or mismatched certificate or key.
#include "tls_support.hpp"
#include "ws_client.hpp"

#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

namespace atmbench::xfs4iot::test {

namespace json = boost::json;

namespace {

class EchoDevice : public Service {
public:
    std::string name() const override { return "Echo1"; }
    std::vector<std::string> interfaces() const override { return {"Echo"}; }
    std::map<std::string, CommandInfo> commands() const override { return {{"Echo.Say", {}}}; }
    void execute(const std::shared_ptr<Command>& cmd) override { cmd->complete(CompletionCode::Success, cmd->payload()); }
    json::object status() const override { return {{"common", json::object{{"device", "online"}}}}; }
};

ServerOptions tls_options(const std::string& cert, const std::string& key) {
    ServerOptions o{"127.0.0.1:0", "atmbench-test", 8};
    o.tls_certificate = cert;
    o.tls_key = key;
    return o;
}

// The message of what start() throws, or "" when it starts.
std::string start_error(const std::string& cert, const std::string& key) {
    XfsServer server(tls_options(cert, key));
    server.add_service(std::make_shared<EchoDevice>());
    try {
        server.start();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

class XfsTlsTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.add_service(std::make_shared<EchoDevice>());
        server.start();
    }
    TestCertificate pki;
    XfsServer server{tls_options(pki.cert, pki.key)};
};

TEST_F(XfsTlsTest, UrisAreWss) {
    EXPECT_EQ(server.publisher_uri().rfind("wss://127.0.0.1:", 0), 0u) << server.publisher_uri();
    EXPECT_EQ(server.service_uri("Echo1").rfind("wss://127.0.0.1:", 0), 0u);
}

TEST_F(XfsTlsTest, GetServicesAndCommonStatusOverWss) {
    WssClient publisher(server.publisher_uri(), pki.cert);
    publisher.command("ServicePublisher.GetServices", 1);
    auto done = publisher.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(header_str(*done, "completionCode"), "success");
    const auto& services = done->at("payload").at("services").as_array();
    ASSERT_EQ(services.size(), 1u);
    std::string uri(services[0].at("serviceURI").as_string());
    EXPECT_EQ(uri, server.service_uri("Echo1"));
    EXPECT_EQ(uri.rfind("wss://", 0), 0u);

    WssClient service(uri, pki.cert);
    service.command("Common.Status", 7);
    auto ack = service.next();
    ASSERT_TRUE(ack);
    EXPECT_EQ(header_str(*ack, "type"), "acknowledge");
    auto status = service.until("completion", 7);
    ASSERT_TRUE(status);
    EXPECT_EQ(header_str(*status, "completionCode"), "success");
    EXPECT_EQ(status->at("payload").at("common").at("device").as_string(), "online");

    // A larger message both ways (several TLS records, a 16-bit WebSocket length).
    std::string big(100000, 'x');
    service.command("Echo.Say", 8, json::object{{"text", big}});
    auto echoed = service.until("completion", 8);
    ASSERT_TRUE(echoed);
    EXPECT_EQ(echoed->at("payload").at("text").as_string(), big);
}

TEST_F(XfsTlsTest, PlainWebSocketToTheTlsServerFailsCleanly) {
    // A ws:// client's HTTP upgrade is not a TLS ClientHello: the server drops the connection, the client's
    // handshake fails (bounded here), and the server goes on serving wss://.
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    asio::io_context io;
    beast::websocket::stream<asio::ip::tcp::socket> ws(io);
    std::string hostport = server.address();
    unsigned short port = static_cast<unsigned short>(std::stoi(hostport.substr(hostport.find(':') + 1)));
    beast::error_code result = asio::error::timed_out;
    bool finished = false;
    ws.next_layer().async_connect({asio::ip::make_address("127.0.0.1"), port}, [&](beast::error_code ec) {
        if (ec) {
            result = ec;
            finished = true;
            return;
        }
        ws.async_handshake(hostport, "/xfs4iot/v1.0", [&](beast::error_code hec) {
            result = hec;
            finished = true;
        });
    });
    io.run_for(std::chrono::seconds(5));
    if (!finished) {
        boost::system::error_code ignored;
        ws.next_layer().close(ignored);
        io.restart();
        io.run_for(std::chrono::seconds(1));
    }
    EXPECT_TRUE(finished) << "the server must drop a plain connection, not leave it hanging";
    EXPECT_TRUE(result) << "a plain WebSocket handshake must not succeed against wss://";
    EXPECT_NE(result, asio::error::timed_out);

    WssClient after(server.service_uri("Echo1"), pki.cert);
    after.command("Common.Status", 1);
    EXPECT_TRUE(after.until("completion", 1));
}

TEST(XfsTlsConfig, BadCertificateOrKeyIsAnErrorNamingTheFile) {
    TestCertificate pki;
    TestCertificate other;
    std::string missing = pki.dir + "/nope.pem";
    std::string garbage = pki.file("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

    std::string e = start_error(missing, pki.key);
    EXPECT_NE(e.find(missing), std::string::npos) << e;
    e = start_error(pki.cert, missing);
    EXPECT_NE(e.find(missing), std::string::npos) << e;
    e = start_error(garbage, pki.key);
    EXPECT_NE(e.find(garbage), std::string::npos) << e;
    EXPECT_NE(e.find("certificate"), std::string::npos) << e;
    e = start_error(pki.cert, garbage);
    EXPECT_NE(e.find(garbage), std::string::npos) << e;
    e = start_error(pki.key, pki.key);  // a key where the certificate belongs
    EXPECT_NE(e.find(pki.key), std::string::npos) << e;
    e = start_error(pki.cert, other.key);  // a key of another certificate
    EXPECT_NE(e.find(other.key), std::string::npos) << e;
    EXPECT_NE(e.find("does not belong"), std::string::npos) << e;
    e = start_error(pki.cert, pki.encrypted_key);  // needs a pass phrase: an error, never a prompt
    EXPECT_NE(e.find(pki.encrypted_key), std::string::npos) << e;
    e = start_error(pki.cert, "");
    EXPECT_NE(e.find("both"), std::string::npos) << e;
    EXPECT_EQ(start_error(pki.cert, pki.key), "");
}

}  // namespace atmbench::xfs4iot::test
