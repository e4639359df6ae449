"""`atmbench usb sniff`: a USB device opened through libusb, exported over USB/IP, and every transfer a host's driver
makes recorded as a pcapng file of Linux usbmon events (usb/README.md, "Recording a vendor driver's exchange").

The device is the simulated ESC/POS printer of tests/plugs/usb_printer_plug.cpp, preloaded into the real `atmbench`
after umockdev's preload (LD_PRELOAD=libumockdev-preload.so.0:PLUG): libusb's real Linux backend opens it, claims
it, and does bulk and control transfers to it. The "vendor driver" is our USB/IP client (usbip_client.py) speaking the wire protocol; CI
has no vhci-hcd (usbip/README.md). The capture is read back with a strict pcapng reader written here
(draft-ietf-opsawg-pcapng §3-4; Documentation/usb/usbmon.rst for the 64-byte header), and with tshark only when it
is installed."""
import ctypes.util
import json
import os
import pathlib
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time

import pytest

from conftest import BIN, run_atmbench
from usbip_client import DIR_IN, UsbipClient

UMOCKDEV_PRELOAD = ctypes.util.find_library("umockdev-preload")
PLUG = pathlib.Path(BIN).resolve().parents[1] / "tests" / "libatmbench_usb_printer_plug.so"

DLE_EOT_1 = b"\x10\x04\x01"
RECEIPT = b"\x1b@" + b"USB SNIFF 0001\n" + b"\x1dVB\x00"
DEVICE_ID = b"MFG:Bench;MDL:Receipt printer;CMD:ESC/POS;"
EINPROGRESS, ECONNRESET = 115, 104

needs_plug = pytest.mark.skipif(UMOCKDEV_PRELOAD is None or not PLUG.exists(),
                                reason="needs libumockdev-preload (apt install libumockdev0) and the simulated printer "
                                       f"{PLUG} (ninja atmbench_usb_printer_plug)")


@pytest.fixture
def preloaded():
    """The environment `atmbench` runs in with the printer plugged in. Not through umockdev-wrapper: its own shell
    would load the plug too, without the preload first. TMPDIR: umockdev's testbed folder goes to a folder of the
    test's, removed after it (a killed run cannot remove its own); short, as the testbed's socket paths must be."""
    folder = tempfile.mkdtemp(prefix="sniff-")
    yield dict(os.environ, LD_PRELOAD=f"libumockdev-preload.so.0:{PLUG}", TMPDIR=folder)
    shutil.rmtree(folder, ignore_errors=True)


class Sniff:
    """`atmbench usb sniff` against the preloaded printer: its ready line, its stdout lines, and its end."""

    def __init__(self, env, capture, *extra, match="0b00:0001"):
        self.proc = subprocess.Popen([BIN, "usb", "sniff", "--match", match, "--usbip", "127.0.0.1:0",
                                      "--pcapng", str(capture), *extra],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._buffer = b""
        try:
            self.ready = self.next_line(20)
        except Exception:
            self.kill()
            raise

    def next_line(self, timeout=10):
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self.proc.stdout], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise TimeoutError(f"no line from atmbench usb sniff within {timeout} s")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise EOFError("atmbench usb sniff exited: " + self.proc.stderr.read().decode(errors="replace"))
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def vendor_driver(self):
        """A host attached to the export, as `usbip attach` would attach it."""
        client = UsbipClient(self.ready["usbip"])
        client.attach(self.ready["busid"])
        return client

    def finish(self, timeout=10):
        """Waits for the end; returns (exit status, the stopped line, stderr)."""
        stopped = self.next_line(timeout)
        code = self.proc.wait(timeout=timeout)
        err = self.proc.stderr.read().decode(errors="replace")
        self.kill()
        return code, stopped, err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()


@pytest.fixture
def sniff(tmp_path, preloaded):
    made = []

    def start(*extra, **kwargs):
        made.append(Sniff(preloaded, tmp_path / "capture.pcapng", *extra, **kwargs))
        return made[-1]

    yield start
    for s in made:
        s.kill()


# --- a strict pcapng reader: every field checked, nothing skipped over -------------------------------------------

USBMON = struct.Struct("<QcBBBHBBqiiII8siiII")  # usbmon.rst, struct usbmon_packet: 64 bytes
assert USBMON.size == 64


def read_options(raw):
    """§3.5: code, length, value padded to 32 bits, ending with opt_endofopt; returns {code: value}."""
    options, at = {}, 0
    while True:
        assert at + 4 <= len(raw), "options without opt_endofopt"
        code, length = struct.unpack_from("<HH", raw, at)
        at += 4
        if code == 0:
            assert length == 0 and at == len(raw), "opt_endofopt ends the options"
            return options
        padded = (length + 3) // 4 * 4
        value = raw[at:at + length]
        assert raw[at + length:at + padded] == b"\0" * (padded - length), "option padding is zeros"
        options[code] = value
        at += padded


def read_pcapng(path):
    """Returns (section options, interface (link type, snaplen, options), [(timestamp µs, packet bytes)])."""
    data = path.read_bytes()
    blocks, at = [], 0
    while at < len(data):
        assert len(data) - at >= 12, f"a truncated block at {at}"
        kind, total = struct.unpack_from("<II", data, at)
        assert total % 4 == 0 and total >= 12 and at + total <= len(data), (at, kind, total)
        assert struct.unpack_from("<I", data, at + total - 4)[0] == total, "the total length at both ends"
        blocks.append((kind, data[at + 8:at + total - 4]))
        at += total
    (shb_kind, shb), (idb_kind, idb), *epbs = blocks
    assert shb_kind == 0x0A0D0D0A
    magic, major, minor, section_length = struct.unpack_from("<IHHq", shb)
    assert (magic, major, minor, section_length) == (0x1A2B3C4D, 1, 0, -1)
    section = read_options(shb[16:])
    assert idb_kind == 1
    link_type, reserved, snaplen = struct.unpack_from("<HHI", idb)
    assert reserved == 0
    interface = (link_type, snaplen, read_options(idb[8:]))
    packets = []
    for kind, body in epbs:
        assert kind == 6, f"only enhanced packet blocks after the interface, not {kind:#x}"
        interface_id, high, low, captured, original = struct.unpack_from("<IIIII", body)
        assert interface_id == 0
        assert captured == original <= snaplen, "the bench never cuts a packet: usbmon's len_cap does"
        padded = (captured + 3) // 4 * 4
        assert len(body) == 20 + padded, "no options on the packets"
        assert body[20 + captured:] == b"\0" * (padded - captured)
        packets.append((high << 32 | low, body[20:20 + captured]))
    return section, interface, packets


def usbmon_events(packets):
    """Each packet's usbmon header as a dict, its data checked against len_cap and its time against the EPB's."""
    events = []
    for timestamp, packet in packets:
        (urb, kind, xfer, ep, devnum, busnum, flag_setup, flag_data, sec, usec, status, length, len_cap, setup,
         interval, start_frame, flags, ndesc) = USBMON.unpack_from(packet)
        assert len(packet) == 64 + len_cap
        assert timestamp == sec * 1_000_000 + usec and 0 <= usec < 1_000_000
        assert (start_frame, ndesc) == (0, 0), "no isochronous transfers"
        events.append(dict(urb=urb, type=kind.decode(), xfer=xfer, ep=ep, devnum=devnum, busnum=busnum,
                           flag_setup=flag_setup, flag_data=flag_data, status=status, length=length,
                           setup=setup, interval=interval, data=packet[64:], time=timestamp))
    return events


def transfers(events):
    """Pairs each URB's submission with its completion (each exactly once, submission first, same endpoint)."""
    opened, pairs = {}, []
    for e in events:
        if e["type"] == "S":
            assert e["urb"] not in opened, f"URB {e['urb']} submitted twice"
            assert e["status"] == -EINPROGRESS
            opened[e["urb"]] = e
        else:
            assert e["type"] == "C", e
            s = opened.pop(e["urb"])
            assert (e["ep"], e["xfer"]) == (s["ep"], s["xfer"]) and e["time"] >= s["time"]
            pairs.append((s, e))
    assert not opened, f"submitted, never completed: {sorted(opened)}"
    return sorted(pairs, key=lambda p: p[0]["urb"])


def check_submission_and_completion(s, c, ep, xfer, sent=b"", answered=b"", asked=None, setup=None):
    """One URB's two events as the kernel's mon_bin.c would write them."""
    is_in = ep & 0x80
    assert (s["ep"], s["xfer"], c["ep"], c["xfer"]) == (ep, xfer, ep, xfer)
    assert (s["busnum"], s["devnum"]) == (1, 2), "the real device's bus and address"
    assert s["length"] == (asked if is_in else len(sent))
    assert s["data"] == (b"" if is_in else sent)
    assert s["flag_data"] == (ord("<") if is_in else 0)
    if setup is None:
        assert s["flag_setup"] == ord("-") and s["setup"] == b"\0" * 8
    else:
        assert s["flag_setup"] == 0 and s["setup"] == setup
    assert c["flag_setup"] == ord("-") and c["status"] == 0
    assert c["length"] == (len(answered) if is_in else len(sent))
    assert c["data"] == (answered if is_in else b"")
    assert c["flag_data"] == (0 if is_in else ord(">"))


# --- the tests ----------------------------------------------------------------------------------------------------

@needs_plug
def test_a_vendor_drivers_exchange_is_captured_both_ways_as_usbmon_in_pcapng(sniff, tmp_path):
    started_us = time.time_ns() // 1000
    s = sniff()
    assert s.ready["busid"] == "1-1" and s.ready["pcapng"] == str(tmp_path / "capture.pcapng")
    assert s.ready["device"] == "usb 1-2 (0b00:0001)"
    listing = UsbipClient(s.ready["usbip"])
    [device] = listing.devlist()
    listing.close()
    assert (device["vendor"], device["product"], device["interface_classes"]) == (0x0B00, 0x0001, [(7, 1, 2)])

    usb = s.vendor_driver()
    descriptor = usb.control_in(0x80, 6, 0x0100, 0, 18)  # GET_DESCRIPTOR(DEVICE)
    assert descriptor[8:12] == bytes([0x00, 0x0B, 0x01, 0x00]), descriptor.hex()
    device_id = usb.control_in(0xA1, 0, 0, 0, 1024)  # the printer class's GET_DEVICE_ID, read from the real device
    assert device_id[2:] == DEVICE_ID
    usb.bulk_out(1, DLE_EOT_1)
    status = usb.bulk_in(2)  # bulk IN 0x82, as the real device has it
    assert status == b"\x12", "the real device's answer: online, no error"
    usb.bulk_out(1, RECEIPT)
    usb.close()
    s.proc.stdin.close()  # the end of input stops it
    code, stopped, err = s.finish()
    assert code == 0, err
    assert (stopped["event"], stopped["reason"], stopped["stalls"]) == ("stopped", "end of input", 0)

    section, (link_type, snaplen, if_options), packets = read_pcapng(tmp_path / "capture.pcapng")
    assert section == {4: b"atmbench usb sniff"}
    assert (link_type, snaplen) == (220, 262144)
    assert if_options == {2: b"usbip 1-1: usb 1-2 (0b00:0001)"}
    assert stopped["packets"] == len(packets) == 10
    events = usbmon_events(packets)
    assert started_us <= events[0]["time"] <= events[-1]["time"] <= time.time_ns() // 1000
    assert [e["time"] for e in events] == sorted(e["time"] for e in events)
    (s1, c1), (s2, c2), (s3, c3), (s4, c4), (s5, c5) = transfers(events)
    assert [p[0]["urb"] for p in transfers(events)] == [1, 2, 3, 4, 5], "the host's seqnums as URB ids"
    check_submission_and_completion(s1, c1, 0x80, 2, answered=descriptor, asked=18,
                                    setup=bytes([0x80, 6, 0, 1, 0, 0, 18, 0]))
    check_submission_and_completion(s2, c2, 0x80, 2, answered=device_id, asked=1024,
                                    setup=bytes([0xA1, 0, 0, 0, 0, 0, 0, 4]))
    check_submission_and_completion(s3, c3, 0x01, 3, sent=DLE_EOT_1)
    check_submission_and_completion(s4, c4, 0x82, 3, answered=b"\x12", asked=64)
    check_submission_and_completion(s5, c5, 0x01, 3, sent=RECEIPT)


@needs_plug
def test_an_unlinked_read_completes_with_connreset_in_the_capture(sniff, tmp_path):
    s = sniff()
    usb = s.vendor_driver()
    usb.seq += 1
    read = usb.seq
    usb.sock.sendall(struct.pack(">IIIIIIIIII", 1, read, usb.devid, DIR_IN, 2, 0, 64, 0, 0, 0) + b"\0" * 8)
    time.sleep(0.1)  # nothing to read: the URB waits, as a driver's read does
    usb.seq += 1
    usb.sock.sendall(struct.pack(">IIIIII", 2, usb.seq, usb.devid, 0, 2, read) + b"\0" * 24)  # CMD_UNLINK
    command, seq, _, _, _, status = struct.unpack(">IIIIIi", usb._recv(48)[:24])
    assert (command, seq, status) == (4, usb.seq, -ECONNRESET)
    usb.close()
    s.proc.stdin.close()
    code, stopped, err = s.finish()
    assert code == 0, err
    [(submitted, completed)] = transfers(usbmon_events(read_pcapng(tmp_path / "capture.pcapng")[2]))
    assert (submitted["urb"], submitted["ep"], completed["status"], completed["length"]) == (read, 0x82, -ECONNRESET, 0)


@needs_plug
def test_a_killed_run_still_leaves_a_readable_capture(sniff, tmp_path):
    s = sniff()
    usb = s.vendor_driver()
    usb.bulk_out(1, DLE_EOT_1)
    assert usb.bulk_in(2) == b"\x12"
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait(timeout=5)
    usb.close()
    pairs = transfers(usbmon_events(read_pcapng(tmp_path / "capture.pcapng")[2]))
    assert [(p[0]["ep"], p[0]["data"], p[1]["data"]) for p in pairs] == [(0x01, DLE_EOT_1, b""), (0x82, b"", b"\x12")]


@needs_plug
def test_it_stops_after_the_duration_and_on_sigterm(sniff, tmp_path):
    s = sniff("--duration-ms", "300")
    begun = time.monotonic()
    code, stopped, err = s.finish(timeout=10)
    assert code == 0, err
    assert stopped["reason"] == "duration" and stopped["packets"] == 0
    assert 0.25 <= time.monotonic() - begun < 5
    section, interface, packets = read_pcapng(tmp_path / "capture.pcapng")
    assert interface[0] == 220 and packets == []
    s = sniff()
    s.proc.send_signal(signal.SIGTERM)
    code, stopped, err = s.finish()
    assert (code, stopped["reason"]) == (0, "signal"), err


@needs_plug
def test_no_matching_device_exits_1_naming_what_is_present(tmp_path, preloaded):
    cp = subprocess.run([BIN, "usb", "sniff", "--match", "0b00:0009", "--usbip", "127.0.0.1:0",
                         "--pcapng", str(tmp_path / "x.pcapng")], stdin=subprocess.DEVNULL, capture_output=True,
                        text=True, timeout=30, env=preloaded)
    assert cp.returncode == 1, cp.stderr
    assert "no device matches '0b00:0009' (present: 1-2 0b00:0001)" in cp.stderr
    assert not (tmp_path / "x.pcapng").exists(), "nothing to capture: no file"


@pytest.mark.parametrize("args, message", [
    (["--usbip", "127.0.0.1:0", "--pcapng", "x.pcapng"], "--match is required"),
    (["--match", "0b00:0001", "--pcapng", "x.pcapng"], "--usbip is required"),
    (["--match", "0b00:0001", "--usbip", "127.0.0.1:0"], "--pcapng is required"),
    (["--match", "0b0:1", "--usbip", "127.0.0.1:0", "--pcapng", "x"], "usb match '0b0:1': vendor id '0b0' is not 4 hex digits"),
    (["--match", "0b00:0001", "--usbip", "127.0.0.1:0", "--pcapng", "x", "--duration-ms", "0"],
     "--duration-ms must be a positive number of milliseconds (found 0)"),
    (["--match", "0b00:0001", "--usbip", "127.0.0.1:0", "--pcapng", "x", "--duration-ms", "soon"],
     "the argument ('soon') for option '--duration-ms' is invalid"),
])
def test_bad_input_exits_2_naming_the_option(args, message, tmp_path):
    r = run_atmbench("usb", "sniff", *args)
    assert r.returncode == 2, r.stderr
    assert message in r.stderr
    assert r.stdout == ""


@needs_plug
def test_an_export_beyond_loopback_needs_expose_and_an_unwritable_file_is_named(tmp_path, preloaded):
    base = [BIN, "usb", "sniff", "--match", "1-2"]
    cp = subprocess.run(base + ["--usbip", "0.0.0.0:0", "--pcapng", str(tmp_path / "x.pcapng")],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, env=preloaded)
    assert cp.returncode == 2 and "add --expose" in cp.stderr, cp.stderr
    cp = subprocess.run(base + ["--usbip", "127.0.0.1:0", "--pcapng", str(tmp_path / "no" / "x.pcapng")],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, env=preloaded)
    assert cp.returncode == 2 and f"pcapng {tmp_path / 'no' / 'x.pcapng'}: cannot create" in cp.stderr, cp.stderr


@needs_plug
def test_tshark_reads_the_capture_as_usb(sniff, tmp_path):
    tshark = shutil.which("tshark")
    if tshark is None:
        pytest.skip("tshark is not installed: the capture was checked by this file's strict pcapng reader only")
    s = sniff()
    usb = s.vendor_driver()
    usb.bulk_out(1, DLE_EOT_1)
    assert usb.bulk_in(2) == b"\x12"
    usb.close()
    s.proc.stdin.close()
    assert s.finish()[0] == 0
    cp = subprocess.run([tshark, "-r", str(tmp_path / "capture.pcapng"), "-T", "fields", "-e", "usb.urb_type",
                         "-e", "usb.endpoint_address", "-e", "usb.capdata"], capture_output=True, text=True, timeout=60)
    assert cp.returncode == 0, cp.stderr
    rows = [line.split("\t") for line in cp.stdout.splitlines()]
    assert len(rows) == 4, cp.stdout
    assert [r[0] for r in rows] == ["'S'", "'C'", "'S'", "'C'"] or [r[0] for r in rows] == ["83", "67", "83", "67"]
    assert "10:04:01" in rows[0][2] or "100401" in rows[0][2], rows
