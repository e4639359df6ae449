// The device types whose face is their own protocol on USB (ccnetValidator, escposPrinter; usb_wire_face.hpp):
// their config read with errors naming file:line:key, the USB identity they show, the bench's hand (actions,
// faults of the type's table, truth) on the model the face drives, and every exchange through the face recorded.
#include "atmbench/ccnet/frame.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "atmbench/devices/usb_wire_face.hpp"
#include "devices/device_type.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace atmbench::devices {
namespace {

namespace json = boost::json;

std::string fixture_error(const std::string& yaml) {
    try {
        parse_device_fixture(yaml, "kiosk.yaml");
    } catch (const common::FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

std::string text(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

struct Recorded {
    std::string face;
    json::object view;
};

// One device of `type` built from `config_yaml` as a device set builds it, recording into `records`.
std::unique_ptr<SimulatedDevice> build(const std::string& type, const std::string& id, const std::string& config_yaml,
                                       std::vector<Recorded>& records) {
    DeviceFixture f = parse_device_fixture("devices:\n  - {type: " + type + ", id: " + id + ", config: " + config_yaml + "}\n", "kiosk.yaml");
    static const CardCatalogue cards;
    DeviceContext context{cards};
    context.id = id;
    context.wire_exchange = [&records](const std::string& face, json::object view) { records.push_back({face, std::move(view)}); };
    return find_device_type(type)->make(f.devices.at(0).config, context);
}

UsbWireFace& usb_face(SimulatedDevice& d) {
    auto faces = d.wire_faces();
    EXPECT_EQ(faces.size(), 1u);
    EXPECT_TRUE(d.services().empty()) << "no XFS4IoT service";
    return dynamic_cast<UsbWireFace&>(*faces.at(0));
}

// The validator's answer state to one POLL (its payload's first byte), ACKed so the next POLL moves on (§3.2).
std::uint8_t poll(UsbWireFace& face) {
    ccnet::FrameReader reader;
    reader.feed(face.receive(ccnet::encode(ccnet::Address::BillValidator, static_cast<std::uint8_t>(ccnet::Command::Poll))));
    auto answer = reader.next();
    EXPECT_TRUE(answer.has_value());
    face.receive(ccnet::encode(ccnet::Address::BillValidator, static_cast<std::uint8_t>(ccnet::Command::Ack)));
    return answer ? answer->payload.at(0) : 0;
}

TEST(UsbDeviceConfig, ErrorsNameTheFileTheLineAndTheKey) {
    const std::string bills = fixture_error("devices:\n  - type: ccnetValidator\n    config: {bills: \"CNY:1,x\"}\n");
    EXPECT_EQ(bills.rfind("kiosk.yaml:3: bills: ", 0), 0u) << bills;
    EXPECT_NE(bills.find("e.g. \"CNY:1,5,10,20,50,100\""), std::string::npos) << bills;
    const std::string unknown = fixture_error("devices:\n  - type: escposPrinter\n    config:\n      paper: 10\n");
    EXPECT_EQ(unknown.rfind("kiosk.yaml:4: paper: ", 0), 0u) << unknown;
    const std::string capacity = fixture_error("devices:\n  - type: ccnetValidator\n    config: {cassette_capacity: 0}\n");
    EXPECT_EQ(capacity.rfind("kiosk.yaml:3: cassette_capacity: ", 0), 0u) << capacity;
}

TEST(CcnetValidatorDevice, ShowsTheValidatorsUsbIdentityAndRecordsEachExchange) {
    std::vector<Recorded> records;
    auto d = build("ccnetValidator", "validator", "{bills: \"CNY:10,100\", cassette_capacity: 5}", records);
    EXPECT_EQ(d->id(), "validator");
    UsbWireFace& face = usb_face(*d);
    EXPECT_EQ(face.protocol(), "usb");
    EXPECT_EQ(face.wire_protocol(), "ccnet");
    EXPECT_EQ(face.face_name(), "validator");
    EXPECT_EQ(face.usb().vendor_id, 0x1a86);
    EXPECT_EQ(face.usb().interface_class, 0xFF);
    EXPECT_EQ(poll(face), 0x10);  // POWER UP
    ASSERT_EQ(records.size(), 3u) << "POLL, its answer, the ACK (which has no answer)";
    EXPECT_EQ(records[0].face, "validator");
    EXPECT_EQ(text(records[0].view.at("protocol")), "ccnet");
    EXPECT_EQ(text(records[0].view.at("direction")), "toDevice");
    EXPECT_EQ(text(records[0].view.at("text")), "\\x02\\x03\\x063\\xDA\\x81");
    EXPECT_EQ(text(records[1].view.at("direction")), "fromDevice");
    EXPECT_EQ(d->physical_truth().at("cassette_capacity").to_number<std::int64_t>(), 5);
}

TEST(CcnetValidatorDevice, ActionsAndFaultsReachTheModelTheFaceDrives) {
    std::vector<Recorded> records;
    auto d = build("ccnetValidator", "validator", "{}", records);
    UsbWireFace& face = usb_face(*d);
    try {
        d->act("insertNote", {{"note", "100"}});
        ADD_FAILURE() << "a note while powering up is refused";
    } catch (const ActionError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("validator.insertNote: ", 0), 0u) << e.what();
    }
    EXPECT_THROW(d->act("insertNote", {}), ActionError);  // note is required
    EXPECT_EQ(d->fault_names(), (std::vector<std::string>{"validatorJam", "stackerJam", "cheated", "cassetteRemoved",
                                                          "cassetteFull", "failure", "powerUpBill"}));
    EXPECT_THROW(d->inject_fault(FaultSpec{.name = "cassetteFull", .persistent = true}), ActionError);
    EXPECT_THROW(d->inject_fault(FaultSpec{.name = "paperEnd"}), ActionError);
    d->inject_fault(FaultSpec{.name = "failure", .value = 0x65});
    EXPECT_EQ(poll(face), 0x10) << "POWER UP is no rest: the failure waits";
    face.receive(ccnet::encode(ccnet::Address::BillValidator, static_cast<std::uint8_t>(ccnet::Command::Reset)));
    EXPECT_EQ(poll(face), 0x13);  // INITIALIZE
    EXPECT_EQ(poll(face), 0x47) << "FAILURE at the next POLL at rest";
    EXPECT_EQ(text(d->physical_truth().at("state")), "FAILURE");
    d->clear_faults();
    EXPECT_NE(text(d->physical_truth().at("state")), "FAILURE");
    d->act("powerCycle", {});
    EXPECT_EQ(text(d->physical_truth().at("state")), "POWER UP");
}

TEST(EscposPrinterDevice, ARollOfTheConfiguredLengthEndsAndLoadPaperPutsANewOneIn) {
    std::vector<Recorded> records;
    auto d = build("escposPrinter", "receiptPrinter", "{paper_lines: 2, near_end_lines: 0}", records);
    UsbWireFace& face = usb_face(*d);
    EXPECT_EQ(face.usb().interface_class, 0x07);
    EXPECT_EQ(face.usb().ieee1284_id.rfind("MFG:atmbench;", 0), 0u);
    const std::string receipt = std::string("one\n\x1dVB") + '\0' + "two\nthree\n";
    face.receive(std::vector<std::uint8_t>(receipt.begin(), receipt.end()));
    EXPECT_EQ(face.receive(std::vector<std::uint8_t>{0x10, 0x04, 0x04}), std::vector<std::uint8_t>{0x7E}) << "DLE EOT 4: paper end";
    json::object truth = d->physical_truth();
    EXPECT_EQ(truth.at("status").at("paper_end"), true) << json::serialize(truth);
    EXPECT_EQ(truth.at("receipts_printed").as_uint64(), 1u);
    json::value loaded = d->act("loadPaper", {});
    EXPECT_EQ(loaded.at("status").at("paper_end"), false);
    d->inject_fault(FaultSpec{.name = "coverOpen"});
    EXPECT_EQ(d->physical_truth().at("status").at("cover_open"), true);
    d->clear_faults();
    EXPECT_EQ(d->physical_truth().at("status").at("cover_open"), false);
    ASSERT_EQ(records.size(), 3u) << "the receipt (no answer), DLE EOT 4 and its answer";
    EXPECT_EQ(text(records[0].view.at("protocol")), "escpos");
    EXPECT_EQ(text(records[2].view.at("direction")), "fromDevice");
    EXPECT_EQ(text(records[2].view.at("text")), "~");
    EXPECT_EQ(text(records[0].view.at("text")), "one\\x0A\\x1DVB\\x00two\\x0Athree\\x0A");
}

}  // namespace
}  // namespace atmbench::devices
