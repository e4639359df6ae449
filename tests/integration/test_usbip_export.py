"""`atmbench escpos-printer --usbip` and `atmbench ccnet-validator --usbip`: the simulated devices exported over
USB/IP, attached and driven as a host's usbip client would (tests/integration/usbip_client.py). CI has no
vhci-hcd: this checks the export end to end at the wire level — list, import, bulk transfers to the device model —
not a kernel attaching it (usbip/README.md)."""
import subprocess

import pytest

from conftest import BIN
from test_ccnet import ValidatorProcess, crc16
from test_escpos import PrinterProcess
from usbip_client import UsbipClient


@pytest.fixture
def exported():
    started, clients = [], []

    def start(cls, *args):
        p = cls(*args, "--usbip", "127.0.0.1:0")
        started.append(p)
        address = p.ready["usbip"] if hasattr(p, "ready") else p.info["usbip"]
        listing = UsbipClient(address)
        devices = listing.devlist()  # the server closes a listing connection, as usbipd does
        listing.close()
        c = UsbipClient(address)
        clients.append(c)
        return p, devices, c

    yield start
    for c in clients:
        c.close()
    for p in started:
        p.stop()


def test_the_escpos_printer_is_a_printer_class_device_that_prints_over_usbip(exported):
    printer, devices, usb = exported(PrinterProcess)
    assert printer.ready["busid"] == "1-1" and "pty" not in printer.ready
    [device] = devices
    assert (device["busid"], device["vendor"], device["product"]) == ("1-1", 0x0416, 0x5011)
    assert device["interface_classes"] == [(7, 1, 2)], "USB printer class, bidirectional"
    usb.attach("1-1")
    usb.bulk_out(1, b"\x10\x04\x04")  # DLE EOT 4: paper roll sensor
    assert usb.bulk_in(1) == b"\x12", "paper present"
    usb.bulk_out(1, b"\x1b@" + "交易成功".encode("gb18030") + b" USBIP\n" + b"\x1dVB\x00")
    receipt = printer.next_line(5)
    assert (receipt["event"], receipt["text"]) == ("receipt", "交易成功 USBIP")
    printer.control("fault paper-end")
    usb.bulk_out(1, b"\x10\x04\x04")
    assert usb.bulk_in(1) == b"\x7e", "near-end and paper-end sensors"


def test_the_ccnet_validator_answers_a_poll_over_usbip(exported):
    validator, devices, usb = exported(ValidatorProcess)
    [device] = devices
    assert (device["vendor"], device["interface_classes"]) == (0x1A86, [(0xFF, 0, 0)])
    usb.attach("1-1")
    poll = bytes([0x02, 0x03, 0x06, 0x33])
    usb.bulk_out(1, poll + crc16(poll).to_bytes(2, "little"))
    answer = usb.bulk_in(1)
    assert answer[:4] == bytes([0x02, 0x03, 0x06, 0x10]), answer.hex()  # POWER UP
    assert answer[4:6] == crc16(answer[:4]).to_bytes(2, "little")


def test_an_address_beyond_loopback_needs_expose():
    cp = subprocess.run([BIN, "escpos-printer", "--usbip", "0.0.0.0:0"], stdin=subprocess.DEVNULL,
                        capture_output=True, text=True, timeout=10)
    assert cp.returncode == 2 and "--expose" in cp.stderr, cp.stderr
