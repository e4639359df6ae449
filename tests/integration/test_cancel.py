"""Clean cancel (issue 13, docs/security.md "Cancelling a run"): SIGINT or SIGTERM to `atmbench run`, or to a pytest
run driving the bench, stops every terminal process, leaves no work folder and still writes the reports, with the
scenarios that did not finish marked not-run. Each test runs a suite of slow scenarios (a customer who waits a
minute), signals it once the terminals are in service, and looks at what is left."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("ATMBENCH_BIN", str(ROOT / "build" / "harness" / "atmbench"))
CANCEL_BOUND_S = 15  # the profile's stop grace (3 s) per terminal, host and devices, the reports: well inside
SLOW = "title: a customer who waits a minute\nsteps:\n  - sleep_ms: 60000\n"
FAST = "title: a customer who waits a moment\nsteps:\n  - sleep_ms: 1\n"


def suite(tmp_path, slow=3):
    """a-fast (finishes), then slow ones: with -j 2 two are under way at the signal, the others never start."""
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "a-fast.yaml").write_text(FAST)
    for i in range(slow):
        (folder / f"b-slow-{i}.yaml").write_text(SLOW)
    return folder


def in_service_pids(trace_dir, expected, pattern="b-slow-*", bound_s=60):
    """The pids of the terminals of `expected` scenarios under way, read from their traces once each terminal
    printed its in-service line (bounded)."""
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        pids = {}
        for f in pathlib.Path(trace_dir).glob(pattern + ".trace.jsonl"):
            events = [json.loads(line) for line in f.read_text().splitlines() if line.strip()]
            started = [e["data"]["pid"] for e in events if e["source"] == "terminal" and e["kind"] == "start"]
            ready = any(e["source"] == "terminal" and e["data"].get("mode") == "in_service" for e in events)
            if started and ready:
                pids[f.name] = started[-1]
        if len(pids) >= expected:
            return sorted(pids.values())
        time.sleep(0.1)
    raise AssertionError(f"{expected} terminals did not come into service within {bound_s} s")


def alive(pid):
    """True when `pid` is a live process (not gone, not a zombie)."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in ("Z", "X")


def in_group(groups):
    """Live processes whose process group is one of `groups` (a terminal and whatever it started)."""
    found = []
    for d in pathlib.Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups and fields[0] not in ("Z", "X"):
            found.append(int(d.name))
    return found


def wait_gone(pids, bound_s=5):
    """A terminal killed with its group is reaped by init once atmbench is gone: bounded wait for that."""
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline and in_group(pids):
        time.sleep(0.05)
    return in_group(pids)


def start_run(tmp_path, folder, *extra):
    work = tmp_path / "tmp"  # the work folders' root (TMPDIR): empty before, must be empty after
    work.mkdir()
    out = tmp_path / "out"
    args = [BIN, "run", str(folder), "--terminal", "reference", "-j", "2", "--json", str(out / "results.json"),
            "--junit", str(out / "junit.xml"), "--html", str(out / "html"), "--trace", str(out / "traces"), *extra]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(work)}, start_new_session=True)
    return proc, work, out


def finish(proc, bound_s):
    t0 = time.monotonic()
    try:
        stdout, stderr = proc.communicate(timeout=bound_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"atmbench run did not end within {bound_s} s of the signal")
    return stdout, stderr, time.monotonic() - t0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_every_terminal_removes_work_folders_and_writes_the_reports(tmp_path, sig):
    proc, work, out = start_run(tmp_path, suite(tmp_path))
    try:
        pids = in_service_pids(out / "traces", expected=2)
    except AssertionError:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    proc.send_signal(sig)
    stdout, stderr, took = finish(proc, CANCEL_BOUND_S)
    assert proc.returncode == 130, (stdout, stderr)
    assert not wait_gone(pids), f"terminal processes left: {in_group(pids)}"
    assert list(work.iterdir()) == [], "work folders left behind"
    results = json.loads((out / "results.json").read_text())
    status = {s["id"]: s["status"] for s in results["scenarios"]}
    assert status == {"a-fast": "passed", "b-slow-0": "not-run", "b-slow-1": "not-run", "b-slow-2": "not-run"}, status
    assert results["totals"] == {"passed": 1, "failed": 0, "errors": 0, "not_run": 3}
    why = {s["id"]: s["error"] for s in results["scenarios"]}
    assert sum("not finished" in why[i] for i in status if i != "a-fast") == 2, why  # the two under way
    assert sum("not started" in why[i] for i in status if i != "a-fast") == 1, why
    assert all(sig.name in why[i] for i in status if i != "a-fast"), why
    root = ET.parse(out / "junit.xml").getroot()
    assert root.get("skipped") == "3" and root.get("failures") == "0" and root.get("errors") == "0"
    skipped = {c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None}
    assert skipped == {"b-slow-0", "b-slow-1", "b-slow-2"}
    assert "CANCELLED" in (out / "html" / "index.html").read_text()
    assert "1 passed, 0 failed, 3 not run" in stdout and f"cancelled ({sig.name})" in stdout


def test_keep_keeps_the_work_folders_of_a_cancelled_run(tmp_path):
    proc, work, out = start_run(tmp_path, suite(tmp_path, slow=2), "--keep")
    pids = in_service_pids(out / "traces", expected=2)
    proc.send_signal(signal.SIGINT)
    finish(proc, CANCEL_BOUND_S)
    assert proc.returncode == 130
    assert not wait_gone(pids)
    assert len(list(work.iterdir())) == 3  # a-fast and the two under way


def test_a_second_signal_stops_at_once_and_still_kills_the_terminals(tmp_path):
    proc, work, out = start_run(tmp_path, suite(tmp_path))
    pids = in_service_pids(out / "traces", expected=2)
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGINT)
    stdout, stderr, took = finish(proc, 5)
    assert proc.returncode == 130, (stdout, stderr)
    assert took < 2, f"the hard stop took {took:.1f} s"
    assert not wait_gone(pids), f"terminal processes left: {in_group(pids)}"


PYTEST_SLOW = '''
def test_waits(bench, terminal):
    bench.sleep_ms(60000)
'''


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_pytest_stops_the_terminals_and_writes_the_reports(tmp_path, sig):
    # Collected in this order: a-fast.yaml (passes), test_slow.py (a Python test's bench, interrupted while it
    # waits), z-slow.yaml (never started).
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "a-fast.yaml").write_text(FAST)
    (folder / "test_slow.py").write_text(PYTEST_SLOW)
    (folder / "z-slow.yaml").write_text(SLOW)
    work = tmp_path / "tmp"
    work.mkdir()
    out = tmp_path / "rep"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST_")}
    env["TMPDIR"] = str(work)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "build" / "python"), env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "atmbench.pytest_plugin", "-p", "no:cacheprovider",
                             "-p", "no:randomly", str(folder), "--atmbench-report", str(out), "-v",
                             "--rootdir", str(folder), "-c", os.devnull],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
                            start_new_session=True)
    try:
        pids = in_service_pids(out / "traces", expected=1, pattern="test_waits*")
    except AssertionError:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    proc.send_signal(sig)
    stdout, stderr, took = finish(proc, CANCEL_BOUND_S)
    assert proc.returncode == 2, (stdout, stderr)  # pytest's "interrupted"
    assert not wait_gone(pids), f"terminal processes left: {in_group(pids)}"
    left = [p for p in work.rglob("atmbench-*") if p.is_dir()]
    assert left == [], f"work folders left behind: {left}"
    results = json.loads((out / "results.json").read_text())
    status = {s["id"]: s["status"] for s in results["scenarios"]}
    assert status == {"a-fast": "passed", "test_waits": "not-run", "z-slow": "not-run"}, (status, stdout)
    assert results["totals"] == {"passed": 1, "failed": 0, "errors": 0, "not_run": 2}
