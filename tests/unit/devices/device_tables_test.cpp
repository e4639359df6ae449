// A device's one table of actions and its XFS4IoT face's one table of commands: act() checks the declared
// argument types before the handler runs, actions() and commands() are read off the tables, and every device
// reaches the wire through its wire faces.
#include "devices/lights/lights_device.hpp"
#include "devices/printer/printer_device.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace atmbench::devices {
namespace {

namespace json = boost::json;

std::string act_error(SimulatedDevice& d, const std::string& action, const json::object& args) {
    try {
        d.act(action, args);
    } catch (const ActionError& e) {
        return e.what();
    }
    return "<no error>";
}

TEST(ActionTable, ChecksDeclaredArgumentsThenRunsTheHandler) {
    auto printer = make_printer_device(PrinterConfig{200, 20});
    EXPECT_EQ(act_error(*printer, "loadPaper", {{"lines", "many"}}),
              "printer.loadPaper: lines: expected integer (1 … 1000000, default a full roll), got \"many\"");
    EXPECT_EQ(act_error(*printer, "feedCat", {}), "printer: unknown action \"feedCat\" (expected takeReceipt, loadPaper)");
    EXPECT_EQ(act_error(*printer, "takeReceipt", {}), "printer.takeReceipt: no receipt waits at the exit");
    EXPECT_EQ(printer->act("loadPaper", {{"lines", 50}}).as_object().at("paperLinesLeft").as_int64(), 50);

    auto lights = make_lights_device();
    EXPECT_EQ(act_error(*lights, "wave", {}), "lights: unknown action \"wave\" (lights has no customer actions)");
    EXPECT_TRUE(lights->actions().empty());
}

TEST(ActionTable, ActionsAreReadOffTheTable) {
    auto printer = make_printer_device();
    auto actions = printer->actions();
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].name, "takeReceipt");
    EXPECT_EQ(actions[0].description, "the customer takes the receipt waiting at the exit: {}");
    EXPECT_EQ(actions[1].description,
              "the operator loads a paper roll: {lines?: integer (1 … 1000000, default a full roll)}");
}

TEST(WireFaces, TheXfs4IoTFaceAnswersTheCommandsOfItsTable) {
    auto printer = make_printer_device();
    auto faces = printer->wire_faces();
    ASSERT_EQ(faces.size(), 1u);
    EXPECT_EQ(faces[0]->protocol(), "xfs4iot");
    EXPECT_EQ(faces[0]->face_name(), "Printer1");
    auto services = printer->services();
    ASSERT_EQ(services.size(), 1u);
    auto commands = services[0]->commands();
    EXPECT_EQ(commands.size(), 5u);
    ASSERT_TRUE(commands.contains("Printer.GetFormList"));
    EXPECT_TRUE(commands.at("Printer.GetFormList").information);
    EXPECT_EQ(commands.at("Printer.PrintRaw").version, "3.0");
}

}  // namespace
}  // namespace atmbench::devices
