"""`atmbench escpos-printer`: the simulated ESC/POS receipt printer on a pseudo-terminal, driven from Python as a
terminal's printer driver would drive a USB-serial printer (raw termios). Every wait is bounded; the printer process
is stopped (quit, then kill) at the end of each test."""
import json
import os
import select
import subprocess
import termios
import time
import tty

import pytest

from conftest import BIN, quit_then_kill, started

ESC, GS, FS, DLE, EOT = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04"
TRADE_OK = "交易成功 金额 100.00"


class PrinterProcess:
    """The printer process: its ready line, its JSON lines on stdout, control lines on stdin, and its pty."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([BIN, "escpos-printer", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self._buffer = b""
        self.pty = None
        try:
            self.ready = self.next_line(10)
            if "pty" in self.ready:  # not with --usbip
                self.pty = os.open(self.ready["pty"], os.O_RDWR | os.O_NOCTTY)
                tty.setraw(self.pty, termios.TCSANOW)  # no echo, no CR/LF translation: bytes as a printer takes them
        except Exception:
            self.stop()
            raise

    def next_line(self, timeout=5):
        """The next JSON line on stdout, waiting at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"no line from atmbench escpos-printer within {timeout} s")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise EOFError("atmbench escpos-printer exited: " + self.proc.stderr.read().decode(errors="replace"))
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def control(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        return self.next_line()

    def send(self, data):
        os.write(self.pty, data)

    def read_pty(self, count, timeout=2):
        """Exactly `count` bytes from the printer, or what came before `timeout` seconds passed."""
        deadline = time.monotonic() + timeout
        got = b""
        while len(got) < count:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.pty], [], [], max(left, 0))
            if not ready:
                break
            got += os.read(self.pty, count - len(got))
        return got

    def status(self, n):
        self.send(DLE + EOT + bytes([n]))
        answer = self.read_pty(1)
        assert len(answer) == 1, f"no answer to DLE EOT {n}"
        return answer[0]

    def stop(self):
        if self.pty is not None:
            os.close(self.pty)
            self.pty = None
        quit_then_kill(self.proc)


@pytest.fixture
def printer():
    with started(PrinterProcess) as start:
        yield start


def test_prints_a_chinese_receipt_sent_on_the_pty(printer):
    p = printer()
    assert p.ready["device"] == "escpos-printer" and p.ready["pty"].startswith("/dev/pts/")
    receipt = (ESC + b"@" + FS + b"&" + ESC + b"a\x01" + ESC + b"E\x01" + b"ATMBENCH BANK\n" + ESC + b"E\x00" +
               ESC + b"a\x00" + TRADE_OK.encode("gb18030") + b"\n" + GS + b"V\x42\x00")
    # In two writes split inside a Chinese character: the printer joins them.
    p.send(receipt[:20])
    time.sleep(0.05)
    p.send(receipt[20:])
    line = p.next_line()
    assert line["event"] == "receipt" and line["number"] == 1
    assert line["text"] == "ATMBENCH BANK\n" + TRADE_OK
    assert line["cut"] == "partial"
    assert line["lines"][0]["align"] == "center" and line["lines"][0]["bold"] is True
    assert line["lines"][1]["bold"] is False
    assert line["lost"] == []


def test_status_bytes_follow_the_paper_end_fault_and_lost_lines_are_reported(printer):
    p = printer()
    assert [p.status(n) for n in (1, 2, 3, 4)] == [0x12, 0x12, 0x12, 0x12]
    answer = p.control("fault paper-end")
    assert answer["event"] == "fault" and answer["status"]["paper_end"] is True
    assert [p.status(n) for n in (1, 2, 4)] == [0x1A, 0x32, 0x7E]
    p.send(b"lost line\n" + GS + b"V\x00")
    assert p.status(1) == 0x1A  # answered after the printer read what came before it
    state = p.control("status")
    assert state["current"]["lost"] == ["lost line", "[cut]"]
    assert state["status"]["dle_eot"] == [0x1A, 0x32, 0x12, 0x7E]
    assert p.control("clear")["status"]["ready"] is True
    assert [p.status(n) for n in (1, 2, 3, 4)] == [0x12, 0x12, 0x12, 0x12]
    p.send(b"after\n" + GS + b"V\x01")
    line = p.next_line()
    assert line["text"] == "after" and line["lost"] == ["lost line", "[cut]"] and line["cut"] == "partial"


def test_a_status_request_inside_an_image_is_answered_at_once(printer):
    p = printer()
    p.send(GS + b"v0\x00\x04\x00\x01\x00" + DLE + EOT + b"\x01")  # 3 of the image's 4 bytes
    assert p.read_pty(1) == b"\x12"
    p.send(b"z" + GS + b"V\x00")  # its last byte, then the cut
    assert p.next_line()["text"] == "[IMAGE 32x1]"


def test_bad_control_lines_are_answered_and_the_printer_goes_on(printer):
    p = printer("--paper-lines", "1")
    assert "expected paper-end" in p.control("fault jam")["error"]
    assert "unknown control line" in p.control("reboot")["error"]
    p.send(b"one\ntwo\n" + GS + b"V\x00")
    assert p.status(4) == 0x7E  # answered after the printer read what came before it
    state = p.control("status")
    assert state["current"]["lost"] == ["two", "[cut]"] and state["status"]["paper_end"] is True
    p.proc.stdin.write(b"quit\n")
    p.proc.stdin.flush()
    assert p.proc.wait(timeout=5) == 0


def test_help_and_usage():
    out = subprocess.run([BIN, "escpos-printer", "--help"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0 and "--paper-lines" in out.stdout
    usage = subprocess.run([BIN, "--help"], capture_output=True, text=True, timeout=10)
    assert "  escpos-printer  serve the simulated ESC/POS receipt printer" in usage.stdout
    bad = subprocess.run([BIN, "escpos-printer", "--paper-lines", "-3"], capture_output=True, text=True, timeout=10)
    assert bad.returncode == 2 and "--paper-lines must be 0 or more" in bad.stderr
