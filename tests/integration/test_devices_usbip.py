"""`atmbench devices --usbip`: a device set whose kiosk application drives its own USB devices — a CCNET bill
validator and an ESC/POS receipt printer (fixtures/devices/kiosk-usb.yaml) — exported on one USB/IP server, and
without --usbip each on its own pty.

What ran, said plainly: vhci-hcd was NOT used. CI cannot load kernel modules, so no kernel attached these devices
and no host driver enumerated them; the tests speak the USB/IP wire protocol themselves (usbip_client.py: the
OP_REQ_DEVLIST / OP_REQ_IMPORT / USBIP_CMD_SUBMIT a host's usbip tool and vhci-hcd send) and drive the models with
real CCNET frames and ESC/POS bytes over bulk URBs. A real `usbip attach` is the lab procedure of usbip/README.md.
Every wait is bounded, ports are ephemeral loopback ones and each process is stopped at the end of its test."""
import json
import os
import select
import termios
import time
import tty

import pytest

from conftest import FIXTURES, Devices, run_atmbench
from test_ccnet import ACK, ENABLE, POLL, RESET, STACK, crc16, frame
from usbip_client import UsbipClient

POWER_UP, INITIALIZE, UNIT_DISABLED, IDLING, ACCEPTING, STACKING = 0x10, 0x13, 0x19, 0x14, 0x15, 0x17
ESCROW, BILL_STACKED, CASSETTE_FULL = 0x80, 0x81, 0x41
DLE_EOT_PAPER = b"\x10\x04\x04"


@pytest.fixture
def kiosk():
    started, clients = [], []

    def start(*extra):
        d = Devices(config="kiosk-usb", extra=extra)
        started.append(d)
        return d

    def client(address):
        c = UsbipClient(address)
        clients.append(c)
        return c

    start.client = client
    yield start
    for c in clients:
        c.close()
    for d in started:
        d.stop()


def whole_frame(read, timeout=2.0):
    """One CCNET answer frame from `read()` (bytes per call), its CRC checked; bounded by `timeout` seconds."""
    buffer = b""
    deadline = time.monotonic() + timeout
    while not (len(buffer) >= 3 and len(buffer) >= buffer[2]):
        assert time.monotonic() < deadline, f"no whole frame within {timeout} s (got {buffer.hex(' ')})"
        buffer += read()
    assert buffer[0] == 0x02 and crc16(buffer[:-2]) == buffer[-2] | buffer[-1] << 8, buffer.hex(" ")
    return buffer


class UsbValidator:
    """The kiosk's CCNET driver on the validator's bulk pipes (endpoint 1 both ways)."""

    def __init__(self, usb):
        self.usb = usb

    def send(self, *payload):
        """A command; the payload of the answer, ACKed when it carries data (harness-usb.md §3.2)."""
        self.usb.bulk_out(1, frame(payload))
        body = list(whole_frame(lambda: self.usb.bulk_in(1))[3:-2])
        if body not in ([ACK], [0xFF], [0x30]):
            self.usb.bulk_out(1, frame([ACK]))
        return body


def wire_lines(d, service):
    """The {"deviceLine": …} records of one device in the set's wire record."""
    status, page = d.control("GET", "/wire")
    assert status == 200, page
    return [m["message"]["deviceLine"] for m in page["messages"]
            if m["service"] == service and "deviceLine" in m.get("message", {})]


def wait_for_lines(d, service, predicate, timeout=3.0):
    """The device's wire records once one satisfies `predicate` (recorded on the devices' I/O thread)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = wire_lines(d, service)
        if any(predicate(l) for l in lines):
            return lines
        assert time.monotonic() < deadline, f"no matching {service} record within {timeout} s: {lines[-6:]}"
        time.sleep(0.05)


def test_the_set_lists_both_usb_devices_with_their_identities(kiosk):
    d = kiosk("--usbip", "127.0.0.1:0")
    validator, printer = d.info["usb"]
    assert (validator["id"], validator["protocol"], validator["busid"]) == ("validator", "ccnet", "1-1")
    assert (printer["id"], printer["protocol"], printer["busid"]) == ("receiptPrinter", "escpos", "1-2")
    assert validator["usbip"] == printer["usbip"] and validator["usbip"].startswith("127.0.0.1:")
    assert "pty" not in validator
    listing = kiosk.client(validator["usbip"])
    devices = {x["busid"]: x for x in listing.devlist()}
    assert set(devices) == {"1-1", "1-2"}
    assert (devices["1-1"]["vendor"], devices["1-1"]["product"]) == (0x1A86, 0x7523)
    assert devices["1-1"]["interface_classes"] == [(0xFF, 0, 0)], "vendor class bulk pair"
    assert (devices["1-2"]["vendor"], devices["1-2"]["product"]) == (0x0416, 0x5011)
    assert devices["1-2"]["interface_classes"] == [(7, 1, 2)], "USB printer class, bidirectional"
    # The XFS4IoT devices of the kiosk are there as before; the USB ones have no service.
    names = {u.rstrip("/").rsplit("/", 1)[1] for u in d.services}
    assert names == {"CardReader1", "PinPad1", "TextTerminal1", "Lights1", "Auxiliaries1"}
    health = d.control("GET", "/health")[1]
    assert health["devices"]["validator"]["type"] == "ccnetValidator"
    assert set(health["devices"]["validator"]["actions"]) == {"insertNote", "clearFault", "emptyCassette", "powerCycle"}
    assert health["devices"]["validator"]["faults"] == ["validatorJam", "stackerJam", "cheated", "cassetteRemoved",
                                                         "cassetteFull", "failure", "powerUpBill"]
    assert "invalidJson" in health["devices"]["cardReader"]["faults"]
    assert health["usb"] == d.info["usb"]


def test_a_note_inserted_through_the_control_endpoint_is_stacked_over_usbip(kiosk):
    d = kiosk("--usbip", "127.0.0.1:0")
    usb = kiosk.client(d.info["usb"][0]["usbip"])
    assert usb.attach("1-1")["vendor"] == 0x1A86
    v = UsbValidator(usb)
    assert v.send(POLL) == [POWER_UP]
    assert v.send(RESET) == [ACK]
    assert v.send(POLL) == [INITIALIZE]
    assert v.send(POLL) == [UNIT_DISABLED]
    assert v.send(ENABLE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF) == [ACK]
    assert v.send(POLL) == [IDLING]
    assert d.act("validator", "insertNote", note="100") == {"state": "ACCEPTING"}
    assert v.send(POLL) == [ACCEPTING]
    assert v.send(POLL) == [ESCROW, 5], "bill type 5: 100 CNY"
    assert v.send(STACK) == [ACK]
    assert v.send(POLL) == [STACKING]
    assert v.send(POLL) == [BILL_STACKED, 5]
    assert v.send(POLL) == [IDLING]
    truth = d.truth()["validator"]
    assert (truth["stacked"], truth["cassette_notes"], truth["note_at"]) == ({"100": 1}, 1, "")
    assert truth["state"] == "IDLING"
    # Every exchange is in the set's wire record, both ways: the ESCROW POSITION answer among them.
    escrow = "\\x02\\x03\\x07\\x80\\x05"
    lines = wait_for_lines(d, "validator", lambda l: l["text"].startswith(escrow))
    assert {l["protocol"] for l in lines} == {"ccnet"}
    assert {l["direction"] for l in lines} == {"toDevice", "fromDevice"}
    # A note the validator is not idling for stays in the customer's hand: 400 naming why.
    assert d.act("validator", "insertNote", note="100")  # idling again: drawn in
    status, body = d.control("POST", "/devices/validator/actions/insertNote", {"note": "100"})
    assert status == 400 and body["error"].startswith("validator.insertNote: "), body


def test_a_fault_armed_through_the_control_endpoint_shows_on_the_wire(kiosk):
    d = kiosk("--usbip", "127.0.0.1:0")
    usb = kiosk.client(d.info["usb"][0]["usbip"])
    usb.attach("1-1")
    v = UsbValidator(usb)
    assert v.send(RESET) == [ACK]
    assert v.send(POLL) == [INITIALIZE]
    assert v.send(POLL) == [UNIT_DISABLED]
    # Checked like every other device's fault: an unknown name and an `at` are refused, naming what fits.
    status, body = d.control("POST", "/devices/validator/faults", {"name": "jamm"})
    assert status == 400 and body["field"] == "name" and "cassetteFull" in body["expected"], body
    status, body = d.control("POST", "/devices/validator/faults", {"name": "cassetteFull", "at": "POLL"})
    assert status == 400 and body["field"] == "at", body
    status, body = d.control("POST", "/devices/validator/faults", {"name": "cassetteFull", "persistent": True})
    assert status == 400 and "fires once" in body["error"], body
    # An XFS4IoT answer fault would spoil an answer the validator never sends: refused, not armed for nothing.
    status, body = d.control("POST", "/devices/validator/faults", {"name": "invalidJson"})
    assert status == 400 and body["field"] == "name" and "no XFS4IoT service" in body["error"], body
    d.fault("validator", name="cassetteFull")
    assert v.send(POLL) == [CASSETTE_FULL]
    wait_for_lines(d, "validator", lambda l: l["direction"] == "fromDevice" and l["text"].startswith("\\x02\\x03\\x06A"))
    d.act("validator", "clearFault")
    assert v.send(POLL) == [INITIALIZE]


def test_the_printer_prints_and_reports_its_paper_over_usbip(kiosk):
    d = kiosk("--usbip", "127.0.0.1:0")
    usb = kiosk.client(d.info["usb"][1]["usbip"])
    assert usb.attach("1-2")["vendor"] == 0x0416
    usb.bulk_out(1, DLE_EOT_PAPER)
    assert usb.bulk_in(1) == b"\x12", "paper present"
    usb.bulk_out(1, b"\x1b@" + "缴费成功".encode("gb18030") + b" KIOSK\n" + b"\x1dVB\x00")
    truth = d.truth()["receiptPrinter"]
    assert truth["receipts_printed"] == 1
    assert truth["receipts"][-1]["text"] == "缴费成功 KIOSK" and truth["receipts"][-1]["cut"] == "partial"
    d.fault("receiptPrinter", name="paperEnd")
    usb.bulk_out(1, DLE_EOT_PAPER)
    assert usb.bulk_in(1) == b"\x7e", "near-end and paper-end sensors"
    assert d.truth()["receiptPrinter"]["status"]["paper_end"] is True
    d.act("receiptPrinter", "loadPaper")
    usb.bulk_out(1, DLE_EOT_PAPER)
    assert usb.bulk_in(1) == b"\x12", "a new roll"
    lines = wait_for_lines(d, "receiptPrinter", lambda l: l["text"] == "\\x12")
    assert any(" KIOSK\\x0A" in l["text"] and l["direction"] == "toDevice" for l in lines), lines
    assert {l["protocol"] for l in lines} == {"escpos"}


def open_raw(path):
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    tty.setraw(fd)
    termios.tcflush(fd, termios.TCIOFLUSH)
    return fd


def read_some(fd, timeout=2.0):
    ready, _, _ = select.select([fd], [], [], timeout)
    return os.read(fd, 256) if ready else b""


def test_without_usbip_each_usb_device_is_on_its_own_pty(kiosk, tmp_path):
    record = tmp_path / "wire.jsonl"
    d = kiosk("--record", str(record))
    validator, printer = d.info["usb"]
    assert "busid" not in validator and validator["pty"].startswith("/dev/pts/")
    assert printer["pty"].startswith("/dev/pts/") and printer["pty"] != validator["pty"]
    fd = open_raw(validator["pty"])
    try:
        os.write(fd, frame([POLL]))
        assert list(whole_frame(lambda: read_some(fd))[3:-2]) == [POWER_UP]
    finally:
        os.close(fd)
    fd = open_raw(printer["pty"])
    try:
        os.write(fd, DLE_EOT_PAPER)
        assert read_some(fd) == b"\x12"
    finally:
        os.close(fd)
    wait_for_lines(d, "validator", lambda l: l["direction"] == "fromDevice")
    wait_for_lines(d, "receiptPrinter", lambda l: l["direction"] == "fromDevice")
    # The wire listener (what --record writes and a scenario's trace is fed from) sees them too.
    recorded = [json.loads(line) for line in record.read_text().splitlines()]
    lines = [(r["service"], r["message"]["deviceLine"]["direction"]) for r in recorded if "deviceLine" in r["message"]]
    assert ("validator", "toDevice") in lines and ("receiptPrinter", "fromDevice") in lines, lines


def test_a_usbip_address_beyond_loopback_needs_expose():
    cp = run_atmbench("devices", "--config", FIXTURES / "devices" / "kiosk-usb.yaml", "--usbip", "0.0.0.0:0", timeout=10)
    assert cp.returncode == 2 and "--usbip 0.0.0.0:0" in cp.stderr and "--expose" in cp.stderr, cp.stderr


def test_usbip_for_a_set_without_a_usb_device_is_an_error():
    cp = run_atmbench("devices", "--config", FIXTURES / "devices" / "standard.yaml", "--usbip", "127.0.0.1:0", timeout=10)
    assert cp.returncode == 2 and "no USB device to export" in cp.stderr, cp.stderr


def test_a_scenario_on_the_usb_kiosk_is_checked_like_any_other(tmp_path):
    """The scenario loader knows the USB devices' actions and faults, and refuses what could never happen."""
    head = 'title: "kiosk-usb"\nrules: [INV-MONEY]\ndevices: kiosk-usb\nfaults:\n'
    step = 'steps:\n  - act: {device: validator, action: insertNote, args: {note: "100"}}\n'
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(head + "  - {device: validator, name: cassetteFull}\n" + step)
    bad.write_text(head + "  - {device: validator, name: invalidJson}\n" + step)
    cp = run_atmbench("validate", good)
    assert cp.returncode == 0, cp.stdout + cp.stderr
    cp = run_atmbench("validate", bad)
    assert cp.returncode == 2 and f"{bad}:5: name: fault invalidJson on validator" in cp.stdout + cp.stderr, cp.stderr
