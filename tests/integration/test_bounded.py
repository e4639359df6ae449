"""Bounded memory, frames and connections (issue 13, docs/security.md): the host's message record and the devices'
wire record keep at most their bound and count what they drop, views come in windows (`limit`), a length header
announcing more than the profile's max_frame closes the connection, half a message is not kept open past the read
timeout, the connection cap closes the one too many, and every accept loop survives running out of descriptors."""
import json
import os
import socket
import struct
import subprocess
import time

import pytest

from conftest import BIN, FIXTURES, SIGN_ON, Host, ServiceProcess
from xfs_client import XfsClient


class BoundedDevices(ServiceProcess):
    """`atmbench devices` with extra arguments (and optionally a command in front, e.g. prlimit)."""

    name = "atmbench devices"

    def __init__(self, extra=(), prefix=()):
        info = self._start([*prefix, BIN, "devices", "--config", FIXTURES / "devices" / "standard.yaml", *extra])
        self.publisher = info["publisher"]
        self.control_url = info.get("control")


class LimitedHost(Host):
    """`atmbench host` started behind a command (prlimit) that lowers its limits."""

    def __init__(self, prefix, **kwargs):
        self._prefix = list(prefix)
        super().__init__(**kwargs)

    def _start(self, args):
        return super()._start([*self._prefix, *args])


@pytest.fixture
def started():
    procs = []
    yield procs
    for p in procs:
        p.stop()


def connect(address):
    host, port = address.rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=5)
    return s


def closed_within(s, seconds):
    """True when the peer closes the socket (EOF or reset) within `seconds`; False when it is still open then."""
    s.settimeout(seconds)
    try:
        return s.recv(100) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def events(host):
    return [m.get("note", "") for m in host.control("GET", "/messages?limit=100000")[1]["messages"] if m["direction"] == "event"]


def churn(address, n):
    """n connections opened and closed: two host records each (accepted, closed)."""
    for _ in range(n):
        s = connect(address)
        s.close()


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s: {what}")


def test_host_record_keeps_its_bound_and_counts_what_it_dropped(started):
    h = Host(extra=["--record-max-messages", "10"])
    started.append(h)
    churn(h.address, 50)  # 100 records, 10x the bound
    wait_for(lambda: h.control("GET", "/health")[1]["record"]["recorded"] >= 100, 10, "100 records")
    health = h.control("GET", "/health")[1]
    assert health["record"]["kept"] == 10
    assert health["record"]["dropped"] == health["record"]["recorded"] - 10
    page = h.control("GET", "/messages")[1]
    assert len(page["messages"]) == 10 and page["dropped"] == health["record"]["dropped"]
    assert [m["seq"] for m in page["messages"]] == list(range(page["recorded"] - 9, page["recorded"] + 1))


def test_host_views_come_in_windows(started):
    h = Host()
    started.append(h)
    churn(h.address, 10)
    wait_for(lambda: h.control("GET", "/health")[1]["record"]["recorded"] >= 20, 10, "20 records")
    status, page = h.control("GET", "/messages?since=3&limit=5")
    assert status == 200, page
    assert [m["seq"] for m in page["messages"]] == [4, 5, 6, 7, 8] and page["more"] is True
    status, body = h.control("GET", "/messages?limit=0")
    assert status == 400 and "limit must be" in body["error"]
    status, body = h.control("GET", "/messages?limt=5")
    assert status == 400 and "unknown query parameter 'limt'" in body["error"]


def test_a_bound_that_is_not_a_number_is_a_usage_error():
    cp = subprocess.run([BIN, "host", "--profile", "cup-atm", "--accounts", FIXTURES / "accounts", "--keys",
                         FIXTURES / "keys" / "terminals.yaml", "--record-max-messages", "ten"],
                        capture_output=True, text=True, timeout=30)
    assert cp.returncode == 2 and "record-max-messages" in cp.stderr


def test_host_closes_a_connection_whose_length_header_exceeds_max_frame(started):
    h = Host(extra=["--length-header", "binary4"])
    started.append(h)
    s = connect(h.address)
    s.sendall(struct.pack(">I", 0x7FFFFFFF) + b"x" * 10)  # 2 GiB announced
    assert closed_within(s, 2), "the host kept reading a 2 GiB message"
    wait_for(lambda: any("oversize frame" in e for e in events(h)), 5, "the oversize close recorded")
    bad = [m for m in h.control("GET", "/messages")[1]["messages"] if "more than the profile's max_frame" in m.get("error", "")]
    assert bad and bad[0]["raw"].startswith("7FFFFFFF")


def test_host_closes_half_a_header_after_the_read_timeout(started):
    h = Host(extra=["--read-timeout", "300"])
    started.append(h)
    s = connect(h.address)
    t0 = time.monotonic()
    s.sendall(b"\x00")  # one byte of a two-byte length header, then nothing
    assert closed_within(s, 3), "half a header kept the connection open"
    took = time.monotonic() - t0
    assert 0.25 <= took < 2.5, took
    wait_for(lambda: any(e.startswith("read timeout") for e in events(h)), 5, "the read timeout recorded")


def test_host_drip_fed_header_is_closed_all_the_same(started):
    # A byte every 100 ms never lets the connection go silent: the bound runs from the partial message's first byte.
    h = Host(extra=["--read-timeout", "300", "--length-header", "ascii4"])
    started.append(h)
    s = connect(h.address)
    t0 = time.monotonic()
    closed = False
    for b in b"0099" + b"x" * 30:
        try:
            s.sendall(bytes([b]))
        except OSError:
            closed = True
            break
        time.sleep(0.1)
        if time.monotonic() - t0 > 1.5:
            break
    assert closed or closed_within(s, 1), "a drip-fed message kept the connection open"


def test_host_closes_the_connection_beyond_its_cap(started):
    h = Host(extra=["--max-connections", "2"])
    started.append(h)
    first, second = connect(h.address), connect(h.address)
    wait_for(lambda: sum("accepted" in e for e in events(h)) == 2, 5, "two connections accepted")
    third = connect(h.address)
    assert closed_within(third, 2), "the third connection was kept"
    assert not closed_within(first, 0.2) and not closed_within(second, 0.2)
    wait_for(lambda: any("refused: 2 connections open" in e for e in events(h)), 5, "the refusal recorded")
    first.close()
    wait_for(lambda: any(e == "terminal closed the connection" for e in events(h)), 5, "the first close seen")
    code, results, err = h.link([SIGN_ON])
    assert code == 0, (results, err)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def exhaust(address, count):
    socks = []
    for _ in range(count):
        try:
            socks.append(connect(address))
        except OSError:
            break
    return socks


def test_host_backs_off_when_out_of_descriptors_and_serves_again(started):
    h = LimitedHost(["prlimit", "--nofile=48:48", "--"], extra=["--max-connections", "1000"])
    started.append(h)
    socks = exhaust(h.address, 80)  # more than the process may open: the rest wait in the listen backlog
    time.sleep(0.5)
    before = cpu_seconds(h.proc.pid)
    time.sleep(1.0)
    spent = cpu_seconds(h.proc.pid) - before
    assert spent < 0.3, f"the accept loop spun: {spent:.2f} s of CPU in 1 s while out of descriptors"
    for s in socks:
        s.close()
    # The control endpoint's and the ISO listener's accept loops are both alive again.
    wait_for(lambda: h.control("GET", "/health")[0] == 200, 10, "the control endpoint answers again")
    code, results, err = h.link([SIGN_ON])
    assert code == 0, (results, err)
    assert any(e.startswith("accept failed: Too many open files") for e in events(h))


def test_devices_publisher_and_control_accept_again_after_running_out_of_descriptors(started):
    d = BoundedDevices(prefix=["prlimit", "--nofile=48:48", "--"])
    started.append(d)
    address = d.publisher.split("/")[2]
    socks = exhaust(address, 80)
    time.sleep(0.5)
    for s in socks:
        s.close()
    wait_for(lambda: d.control("GET", "/health")[0] == 200, 10, "the control endpoint answers again")
    pub = XfsClient(d.publisher)
    r = pub.command("ServicePublisher.GetServices")
    assert r.code == "success"
    pub.close()


def test_devices_wire_record_keeps_its_bound_and_views_come_in_windows(started):
    d = BoundedDevices(extra=["--wire-max-messages", "5"])
    started.append(d)
    pub = XfsClient(d.publisher)
    for _ in range(10):
        pub.command("ServicePublisher.GetServices")  # ack, event, completion + the command: 40 messages
    pub.close()
    wire = d.control("GET", "/health")[1]["wire"]
    assert wire["recorded"] >= 40 and wire["kept"] == 5 and wire["dropped"] == wire["recorded"] - 5
    page = d.control("GET", f"/wire?since={wire['recorded'] - 5}&limit=2")[1]
    assert [m["seq"] for m in page["messages"]] == [wire["recorded"] - 4, wire["recorded"] - 3] and page["more"] is True
    status, body = d.control("GET", "/wire?since=x")
    assert status == 400 and "since must be" in body["error"]


def test_devices_record_file_keeps_every_message_when_the_view_keeps_none(started, tmp_path):
    # The spill file of a long run: with no control endpoint nothing is kept in memory, the file has it all.
    spill = tmp_path / "wire.jsonl"
    d = BoundedDevices(extra=["--control", "none", "--record", str(spill)])
    started.append(d)
    assert d.control_url is None
    pub = XfsClient(d.publisher)
    for _ in range(3):
        pub.command("ServicePublisher.GetServices")
    pub.close()
    wait_for(lambda: spill.exists() and len(spill.read_text().splitlines()) >= 12, 5, "12 lines in the spill file")
    lines = [json.loads(line) for line in spill.read_text().splitlines()]
    assert [m["seq"] for m in lines] == list(range(1, len(lines) + 1)), "every message, in order, none dropped"
    assert {m["direction"] for m in lines} == {"in", "out"}
    named = [json.dumps(m) for m in lines if "ServicePublisher.GetServices" in json.dumps(m)]
    for kind in ("command", "acknowledge", "completion"):  # of each of the three calls
        assert sum(f'"type": "{kind}"' in m for m in named) == 3, (kind, named)


def test_devices_record_file_that_cannot_be_written_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "no-such-folder" / "wire.jsonl"
    cp = subprocess.run([BIN, "devices", "--config", FIXTURES / "devices" / "standard.yaml", "--record", str(bad)],
                        capture_output=True, text=True, timeout=20)
    assert cp.returncode == 2 and str(bad) in cp.stderr and "--record" in cp.stderr, cp.stderr


def test_devices_record_file_masks_card_numbers_and_redacts_track_data(devices, tmp_path):
    from test_device_faults import connect as connect_service, read_card
    spill = tmp_path / "wire.jsonl"
    d = devices(extra=["--record", str(spill)])
    app = connect_service(d, "CardReader1")
    done = read_card(app, d, "zhang-mag")
    assert done.code == "success", done
    wait_for(lambda: "CardReader.ReadRawData" in spill.read_text() and '"completion"' in spill.read_text(), 5,
             "the read's completion in the spill file")
    text = spill.read_text()
    assert "6222020000000000018" not in text, "no full card number of zhang-mag in the saved file"
    assert "<redacted>" in text, "the track data the reader returned is redacted as GET /wire shows it"
