// What the card reader tells the world: one method per XFS4IoT CardReader event, plus Common.StatusChangedEvent.
#pragma once

#include "devices/device_state.hpp"

#include <string_view>

namespace atmbench::devices {

class CardListener {
public:
    virtual ~CardListener() = default;
    virtual void insert_card() {}                                   // CardReader.InsertCardEvent (ready for a card)
    virtual void media_inserted() {}                                // CardReader.MediaInsertedEvent
    virtual void invalid_media() {}                                 // CardReader.InvalidMediaEvent
    virtual void media_removed() {}                                 // CardReader.MediaRemovedEvent (card taken)
    virtual void media_detected(std::string_view /*position*/) {}   // CardReader.MediaDetectedEvent
    virtual void status_changed(DeviceState /*state*/) {}           // Common.StatusChangedEvent
};

}  // namespace atmbench::devices
