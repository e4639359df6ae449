// A certification run: discovery through the vendor's service publisher (ServicePublisher.GetServices), then for
// each service its Common.Capabilities, the suites of the interfaces it declares, and the wire audit of the whole
// conversation (docs/references.md [XFS4IoT] §1 discovery, §2 envelope).
#pragma once

#include "atmbench/certify/operator.hpp"
#include "atmbench/certify/result.hpp"
#include "atmbench/certify/wire.hpp"

#include <chrono>
#include <functional>
#include <set>
#include <string>

namespace atmbench::certify {

struct CertifyOptions {
    std::string publisher;                 // ws[s]://HOST:PORT/xfs4iot/v1.0
    std::set<std::string> classes;         // interface names to certify; empty = every one found
    TlsClientOptions tls;
    std::chrono::milliseconds connect_bound{5000};
    std::function<void(const std::string&)> progress;  // one line per check as it ends (console)
    boost::json::object environment;       // extra facts for the certificate (the device set, …)
};

// Never throws: what stopped the run is in Certificate::errors (exit 2).
Certificate certify(const CertifyOptions& options, Operator& op);

// The interfaces there is a suite for, in the order they run ("Common", "CardReader", …).
std::vector<std::string> certifiable_interfaces();

}  // namespace atmbench::certify
