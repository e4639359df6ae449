// The service publisher (docs/references.md [XFS4IoT] §1 "Discovery"): ServicePublisher.GetServices answers
// {vendorName, services:[{serviceURI}]}, after a ServiceDetailEvent with the same payload. It never lists itself.
#pragma once

#include "atmbench/xfs4iot/service.hpp"

#include <functional>

namespace atmbench::xfs4iot::detail {

class Publisher : public Service {
public:
    Publisher(std::string vendor, std::function<std::vector<std::string>()> service_uris)
        : vendor_(std::move(vendor)), uris_(std::move(service_uris)) {}

    std::string name() const override { return "ServicePublisher"; }
    std::vector<std::string> interfaces() const override { return {"ServicePublisher"}; }
    std::map<std::string, CommandInfo> commands() const override {
        return {{"ServicePublisher.GetServices", {"2.0", true}}};
    }
    std::vector<std::string> events() const override { return {"ServicePublisher.ServiceDetailEvent"}; }
    void execute(const std::shared_ptr<Command>& command) override;
    boost::json::object status() const override;

private:
    std::string vendor_;
    std::function<std::vector<std::string>()> uris_;
};

}  // namespace atmbench::xfs4iot::detail
