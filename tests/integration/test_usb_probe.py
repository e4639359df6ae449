"""`atmbench usb probe` against a USB device umockdev describes (usb/testdata/receipt-printer.umockdev): libusb's
real Linux backend enumerates the faked /sys and /dev/bus/usb, and the probe reports what it found. Skipped only
when umockdev-run is not installed (scripts/setup installs it)."""
import json
import shutil
import subprocess

import pytest

from conftest import BIN, ROOT, run_atmbench

PRINTER = ROOT / "usb" / "testdata" / "receipt-printer.umockdev"
UMOCKDEV_RUN = shutil.which("umockdev-run")

pytestmark = pytest.mark.skipif(UMOCKDEV_RUN is None, reason="umockdev-run is not installed (apt install umockdev)")


def probe(*args):
    return subprocess.run([UMOCKDEV_RUN, "-d", str(PRINTER), "--", BIN, "usb", "probe", *args],
                          capture_output=True, text=True, timeout=60)


def test_lists_the_device_with_its_interfaces_and_endpoints():
    r = probe("--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert "match" not in out
    [device] = out["devices"]
    assert device["bus_path"] == "1-2"
    assert (device["bus"], device["address"]) == (1, 2)
    assert device["id"] == "0b00:0001"
    assert (device["vendor_id"], device["product_id"], device["bcd_usb"], device["bcd_device"]) == \
        ("0b00", "0001", "0200", "0100")
    [interface] = device["interfaces"]
    assert (interface["class"], interface["subclass"], interface["protocol"]) == (7, 1, 2)
    assert [(e["address"], e["direction"], e["type"], e["max_packet"]) for e in interface["endpoints"]] == [
        ("0x01", "out", "bulk", 64), ("0x82", "in", "bulk", 64), ("0x83", "in", "interrupt", 8)]
    assert interface["endpoints"][2]["interval"] == 10
    # No ioctl recording: the strings (control transfers) cannot be read, and the probe says why instead.
    if device["product"] is None:
        assert device["strings_error"]


def test_match_by_vid_pid_and_by_bus_path_shows_the_details():
    for match in ("0b00:0001", "1-2"):
        r = probe("--match", match, "--json")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["match"] == match
        assert [d["bus_path"] for d in out["devices"]] == ["1-2"]
    r = probe("--match", "1-2")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usb 1-2 (0b00:0001): bus 1 address 2")
    assert "endpoint 0x82 IN bulk, max packet 64" in r.stdout
    assert "endpoint 0x83 IN interrupt, max packet 8, interval 10" in r.stdout


def test_no_matching_device_fails_and_names_what_is_present():
    r = probe("--match", "0b00:0002")
    assert r.returncode == 1
    assert "no device matches '0b00:0002' (present: 1-2 0b00:0001)" in r.stderr


def test_bad_match_is_an_error_naming_the_text():
    r = run_atmbench("usb", "probe", "--match", "0b0:1")
    assert r.returncode == 2
    assert "usb match '0b0:1': vendor id '0b0' is not 4 hex digits" in r.stderr
    r = run_atmbench("usb", "frobnicate")
    assert r.returncode == 2
    assert "unknown subcommand 'frobnicate'" in r.stderr
