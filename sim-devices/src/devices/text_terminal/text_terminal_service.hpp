// The text terminal as the XFS4IoT service "TextTerminal1", interface TextTerminal (docs/references.md [XFS4IoT] §3):
// Write, ClearScreen, Read (solicited TextTerminal.KeyEvent per accepted key, completion {input}), Beep,
// GetKeyDetail (information), Reset. A Read stays executing until a key ends it, or Common.Cancel / the header
// timeout stops it.
#pragma once

#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "devices/text_terminal/text_terminal.hpp"

#include <boost/json/value.hpp>

namespace atmbench::devices {

class TextTerminalService : public XfsWireFace {
public:
    explicit TextTerminalService(TextTerminal& model);

    std::string name() const override { return "TextTerminal1"; }
    std::vector<std::string> interfaces() const override { return {"TextTerminal"}; }
    std::vector<std::string> events() const override { return {"TextTerminal.KeyEvent", "Common.StatusChangedEvent"}; }
    boost::json::object status() const override;
    boost::json::object capabilities() const override;

    // The customer presses keys (single characters or command key names): one KeyEvent per accepted key, then
    // the Read's completion when a key ends it. Returns {accepted, ignored:[{key, why}], completed}.
    boost::json::value press_keys(const std::vector<std::string>& keys);
    void device_state_changed();

private:
    void write(const std::shared_ptr<xfs4iot::Command>& cmd);
    void clear_screen(const std::shared_ptr<xfs4iot::Command>& cmd);
    void key_detail(const std::shared_ptr<xfs4iot::Command>& cmd);
    void read(const std::shared_ptr<xfs4iot::Command>& cmd);

    TextTerminal& model_;
    std::shared_ptr<xfs4iot::Command> read_;  // the Read waiting for keys
};

}  // namespace atmbench::devices
