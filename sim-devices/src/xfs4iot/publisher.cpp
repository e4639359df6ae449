#include "publisher.hpp"

#include <boost/json.hpp>

namespace atmbench::xfs4iot::detail {

void Publisher::execute(const std::shared_ptr<Command>& command) {
    boost::json::array services;
    for (const auto& uri : uris_()) services.push_back(boost::json::object{{"serviceURI", uri}});
    boost::json::object payload{{"vendorName", vendor_}, {"services", services}};
    command->event("ServicePublisher.ServiceDetailEvent", payload);
    command->complete(CompletionCode::Success, payload);
}

boost::json::object Publisher::status() const {
    return {{"common", boost::json::object{{"device", "online"}}}};
}

}  // namespace atmbench::xfs4iot::detail
