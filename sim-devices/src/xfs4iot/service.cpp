#include "atmbench/xfs4iot/service.hpp"

namespace atmbench::xfs4iot {

void Service::status_changed(const boost::json::object& changed) const {
    // 2023-2+: the event payload has the shape of Common.Status, holding only what changed.
    broadcast("Common.StatusChangedEvent", changed);
}

}  // namespace atmbench::xfs4iot
