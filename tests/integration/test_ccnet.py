"""`atmbench ccnet-validator`: the simulated CashCode CCNET bill validator on a pseudo-terminal, spoken to as a
kiosk's driver would — the pty opened raw with termios, every frame and CRC built here from the protocol's rules
(device-protocols/ccnet/README.md) — while the test plays the customer and the operator on its stdin. Every wait is
bounded and the process is stopped at the end of each test."""
import json
import os
import select
import subprocess
import termios
import time
import tty

import pytest

from conftest import BIN, quit_then_kill, started

ACK, NAK, POLL, RESET, ENABLE, STACK, BILL_TABLE = 0x00, 0xFF, 0x33, 0x30, 0x34, 0x35, 0x41


def crc16(data):
    """CRC-16, reflected polynomial 0x8408, initial value 0 (CCNET; CRC-16/KERMIT)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def frame(payload, address=3):
    body = bytes([0x02, address, len(payload) + 5, *payload])
    crc = crc16(body)
    return body + bytes([crc & 0xFF, crc >> 8])


def test_crc_matches_the_published_poll_frame():
    assert frame([POLL]).hex(" ") == "02 03 06 33 da 81"


class ValidatorProcess:
    """A running `atmbench ccnet-validator` and a raw serial connection to its pty."""

    def __init__(self, *extra):
        self.proc = subprocess.Popen([BIN, "ccnet-validator", *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.fd = None
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        if not ready:
            self.stop()
            raise RuntimeError("atmbench ccnet-validator printed no ready line within 10 s")
        self.info = json.loads(self.proc.stdout.readline())
        if "pty" in self.info:  # not with --usbip
            self.fd = os.open(self.info["pty"], os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
            tty.setraw(self.fd, termios.TCSANOW)

    def control(self, line):
        """One control line on stdin; its one-line JSON answer."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], 5)
        assert ready, f"no answer to control line {line!r} within 5 s"
        return json.loads(self.proc.stdout.readline())

    def read_frame(self, timeout=2.0):
        """One whole answer frame (bytes), its CRC checked; fails the test after `timeout` seconds."""
        buffer = b""
        deadline = time.monotonic() + timeout
        while True:
            start = buffer.find(b"\x02")
            if start >= 0 and len(buffer) >= start + 3 and len(buffer) >= start + buffer[start + 2]:
                whole = buffer[start:start + buffer[start + 2]]
                assert crc16(whole[:-2]) == whole[-2] | whole[-1] << 8, whole.hex(" ")
                return whole
            left = deadline - time.monotonic()
            assert left > 0, f"no whole frame within {timeout} s (got {buffer.hex(' ')})"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                buffer += os.read(self.fd, 256)

    def send(self, *payload, raw=None):
        """A command (or raw bytes); the payload of the answer, ACKed when it carries data."""
        os.write(self.fd, raw if raw is not None else frame(payload))
        answer = self.read_frame()
        assert answer[1] == 3, answer.hex(" ")
        body = list(answer[3:-2])
        if body not in ([ACK], [NAK], [0x30]):
            os.write(self.fd, frame([ACK]))
        return body

    def poll(self):
        return self.send(POLL)

    def start(self):
        """RESET, to rest, every bill type enabled with escrow: idling."""
        assert self.send(RESET) == [ACK]
        assert self.poll() == [0x13]
        assert self.poll() == [0x19]
        assert self.send(ENABLE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF) == [ACK]
        assert self.poll() == [0x14]

    def stop(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        quit_then_kill(self.proc)


@pytest.fixture
def validator():
    with started(ValidatorProcess) as start:
        yield start


def test_a_deposit_goes_escrow_stack_stacked(validator):
    v = validator()
    assert v.info["protocol"] == "ccnet" and v.info["pty"].startswith("/dev/pts/")
    assert v.poll() == [0x10]
    v.start()
    table = v.send(BILL_TABLE)
    assert len(table) == 120
    assert bytes(table[25:30]) == b"\x01CNY\x02"  # bill type 5: 1 × 10^2 CNY
    assert v.control("insert 100") == {"ok": True, "state": "ACCEPTING"}
    assert v.poll() == [0x15]
    assert v.poll() == [0x80, 5]
    assert v.send(STACK) == [ACK]
    assert v.poll() == [0x17]
    assert v.poll() == [0x81, 5]
    assert v.poll() == [0x14]
    truth = v.control("truth")["truth"]
    assert truth["stacked"] == {"100": 1}
    assert truth["cassette_notes"] == 1
    assert truth["inserted"] == 1 and truth["note_at"] == ""


def test_a_jam_holds_until_the_operator_clears_it(validator):
    v = validator()
    v.start()
    assert v.control("fault jam")["ok"]
    assert v.control("insert 50")["ok"]
    assert v.poll() == [0x15]
    assert v.poll() == [0x43]
    assert v.poll() == [0x43]
    assert v.control("insert 10")["ok"] is False  # the jammed validator draws no note in
    assert v.control("clear")["state"] == "INITIALIZE"
    assert v.poll() == [0x13]
    assert v.poll() == [0x14]
    assert v.control("truth")["truth"]["removed_by_operator"] == 1


def test_a_failure_with_its_code_and_a_power_up_with_a_bill(validator):
    v = validator()
    v.start()
    assert v.control("fault failure:0x55")["ok"]
    assert v.poll() == [0x47, 0x55]
    assert v.control("fault power-up-bill")["ok"]
    assert v.control("power")["state"] == "POWER UP WITH BILL IN VALIDATOR"
    assert v.poll() == [0x11]


def test_a_garbled_frame_is_answered_nak_and_bad_control_lines_are_named(validator):
    v = validator()
    bad = bytearray(frame([POLL]))
    bad[-1] ^= 0x01
    assert v.send(raw=bytes(bad)) == [NAK]
    assert v.poll() == [0x10], "the validator still answers after the garbled frame"
    answer = v.control("insert ten")
    assert answer["ok"] is False and "expected a value such as 100" in answer["error"]
    assert "not a fault the validator knows" in v.control("fault meltdown")["error"]
    assert "unknown control line" in v.control("dance")["error"]
    assert "needs an argument" in v.control("insert")["error"]


def test_quit_and_end_of_stdin_stop_it(validator):
    v = validator()
    v.proc.stdin.write("quit\n")
    v.proc.stdin.flush()
    assert v.proc.wait(timeout=5) == 0
    w = validator()
    w.proc.stdin.close()
    assert w.proc.wait(timeout=5) == 0


def test_help_and_bad_options():
    cp = subprocess.run([BIN, "ccnet-validator", "--help"], capture_output=True, text=True, timeout=10)
    assert cp.returncode == 0 and "insert VALUE|counterfeit" in cp.stdout
    cp = subprocess.run([BIN, "ccnet-validator", "--bills", "CNY:0"], capture_output=True, text=True, timeout=10)
    assert cp.returncode == 2 and "bill table \"CNY:0\"" in cp.stderr
    cp = subprocess.run([BIN, "--help"], capture_output=True, text=True, timeout=10)
    assert "ccnet-validator  serve a simulated CashCode CCNET" in cp.stdout
