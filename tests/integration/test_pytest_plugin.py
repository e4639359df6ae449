"""The pytest plugin and the Python module, tested the way a QA engineer uses them: pytester runs an inner pytest
in a subprocess over YAML scenarios and Python tests against the real reference terminal, and the verdicts are
compared with `atmbench run`'s."""
import json
import os
import pathlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import atmbench  # built into build/python by scripts/setup; the root conftest.py puts it on the path
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUITE = ROOT / "scenarios" / "conformance"
PROFILE = ROOT / "fixtures" / "terminals" / "reference.yaml"
BIN = ROOT / "build" / "harness" / "atmbench"


@pytest.fixture(autouse=True)
def no_outer_xdist(monkeypatch):
    """Under `pytest -n 2` these tests run in an xdist worker; its PYTEST_XDIST_* variables must not reach the inner
    pytest, which is no worker (its reports would land in DIR/gwN)."""
    for name in list(os.environ):
        if name.startswith("PYTEST_XDIST_"):
            monkeypatch.delenv(name)


def inner(pytester, *args, timeout=240):
    """An inner pytest run in its own process, with the plugin loaded the way outside users load it."""
    return pytester.runpytest_subprocess("-p", "atmbench.pytest_plugin", "-p", "no:cacheprovider", *map(str, args),
                                         timeout=timeout)


def copy_scenarios(pytester, *names):
    for n in names:
        shutil.copy(SUITE / n, pytester.path / n)


def junit_cases(path):
    return {c.get("name"): c for c in ET.parse(path).getroot().iter("testcase")}


def props(case):
    return {p.get("name"): p.get("value") for p in case.iter("property")}


def test_yaml_scenarios_are_collected_run_and_reported(pytester):
    copy_scenarios(pytester, "withdrawal-approved.yaml", "card-luhn.yaml")
    r = inner(pytester, "--atmbench-report", "rep", "--junitxml", "j.xml", "-v")
    r.assert_outcomes(passed=2)
    r.stdout.fnmatch_lines(["*card-luhn.yaml::card-luhn PASSED*", "*withdrawal-approved.yaml::withdrawal-approved PASSED*"])
    rep = pytester.path / "rep"
    results = json.loads((rep / "results.json").read_text())
    assert results["totals"] == {"passed": 2, "failed": 0, "errors": 0, "not_run": 0}
    assert (rep / "junit.xml").exists() and (rep / "html" / "index.html").exists()
    case = junit_cases(pytester.path / "j.xml")["withdrawal-approved"]
    p = props(case)
    assert p["atmbench_status"] == "passed" and "INV-MONEY" in p["atmbench_rules"].split(",")
    assert pathlib.Path(p["atmbench_trace"]).is_file() and p["atmbench_seed"] == "1"


def test_a_broken_rule_fails_with_its_clause_and_the_trace_excerpt(pytester):
    copy_scenarios(pytester, "rev-required-dispense-jam.yaml")
    # A Python test that trips over the symptom (no reversal to wait for): the broken rule is still the headline.
    pytester.makepyfile(test_jam='''
import pytest

@pytest.mark.atmbench(faults=[{"device": "cash", "name": "jam", "at": "dispense", "count": 1}])
def test_jam(bench, terminal):
    bench.withdraw(amount=300)
    bench.take_receipt(optional=True, timeout_ms=3000)
    bench.take_card()
    bench.wait_for(source="host", kind="in", name="0400", timeout=1)
''')
    r = inner(pytester, "--atmbench-defect", "no-reversal-after-dispense-failure", "--junitxml", "j.xml")
    r.assert_outcomes(failed=2)
    out = r.stdout.str()
    r.stdout.fnmatch_lines(["*_ test_jam _*", "atmbench: test_jam: the terminal broke 1 rule(s)", "  REV-REQUIRED (clause*",
                            "*The test itself stopped with BenchError: host in 0400 did not appear within 1 s"])
    assert "REV-REQUIRED (clause 7.3.6.7 a" in out
    assert "evidence:" in out and re.search(r"#\d+ +\+ *\d+\.\d ms  xfs command CashDispenser.Dispense  CashModule1 \{", out), out
    assert re.search(r"host in 0200  F3=01\d+ F4=0+30000 F11=\d{6}", out), out
    assert "trace: " in out
    p = props(junit_cases(pytester.path / "j.xml")["rev-required-dispense-jam"])
    assert p["atmbench_status"] == "failed" and p["atmbench_failed_rules"].split(",")[0] == "REV-REQUIRED"


def test_a_terminal_that_never_comes_into_service_is_a_pytest_error_not_a_failure(pytester):
    exe = pytester.path / "fake-terminal.sh"
    exe.write_text("#!/bin/sh\necho starting; sleep 30\n")
    exe.chmod(0o755)
    text = PROFILE.read_text()
    text = re.sub(r"command: \[.*\]", f'command: ["{exe}", "{{config}}"]', text)
    text = text.replace("config_template: reference-config.yaml", f"config_template: {PROFILE.parent / 'reference-config.yaml'}")
    text = text.replace("timeout_ms: 15000", "timeout_ms: 1500")
    (pytester.path / "fake.yaml").write_text(text)
    copy_scenarios(pytester, "withdrawal-approved.yaml")
    pytester.makepyfile(test_fixture="def test_uses_terminal(terminal):\n    pass\n")
    r = inner(pytester, "--atmbench-terminal", "fake.yaml", "withdrawal-approved.yaml", "test_fixture.py")
    r.assert_outcomes(errors=2)
    r.stdout.fnmatch_lines(["*bench ERROR (could not run; not a terminal failure): the terminal did not come into service*"])


def test_a_test_that_cannot_go_on_mid_test_is_an_error_not_a_failure(pytester):
    # Like a YAML step that ran out of time: a BenchError the test does not handle makes the result a bench ERROR
    # (console, summary and JUnit property), unless the terminal broke a rule; one it catches changes nothing.
    pytester.makepyfile(test_stuck='''
import atmbench, pytest

def test_stuck(bench, terminal):
    bench.wait_for(source="host", kind="in", name="0999", timeout=0.3)

def test_absence_checked(bench, terminal):
    with pytest.raises(atmbench.BenchError):
        bench.wait_for(source="host", kind="in", name="0999", timeout=0.3)
''')
    r = inner(pytester, "--junitxml", "j.xml", "-v", "--atmbench-report", "rep")
    r.assert_outcomes(passed=1, errors=1)
    r.stdout.fnmatch_lines(["*test_stuck.py::test_stuck ERROR*", "*test_stuck.py::test_absence_checked PASSED*"])
    assert r.ret == 1
    cases = junit_cases(pytester.path / "j.xml")
    assert props(cases["test_stuck"])["atmbench_status"] == "error"
    assert props(cases["test_absence_checked"])["atmbench_status"] == "passed"
    results = json.loads((pytester.path / "rep" / "results.json").read_text())
    assert results["totals"] == {"passed": 1, "failed": 0, "errors": 1, "not_run": 0}
    (stuck,) = [s for s in results["scenarios"] if s["status"] == "error"]
    assert "host in 0999 did not appear within 0.3 s" in stuck["error"], stuck


def test_a_bad_scenario_file_is_a_collection_error_naming_file_and_line(pytester):
    pytester.path.joinpath("bad.yaml").write_text("title: bad\nsteps:\n  - withdraw: {amount: 300}\n  - fly: {}\n")
    r = inner(pytester)
    r.assert_outcomes(errors=1)
    r.stdout.fnmatch_lines(["*bad scenario file:*bad.yaml:4*fly*unknown step*"])


def test_python_tests_get_fixtures_markers_and_custom_rules(pytester):
    pytester.makeconftest('''
import atmbench

@atmbench.rule("SITE-NO-INQUIRY", clause="site 1", title="This site forbids balance inquiries")
def no_inquiry(trace):
    inquiries = [e for e in trace.host(direction="in") if trace.field(e, 3).startswith("31")]
    if inquiries:
        return atmbench.rule.failed(f"{len(inquiries)} inquiry request(s)", evidence=inquiries)
    return atmbench.rule.passed("no inquiry")
''')
    pytester.makepyfile(test_site='''
import atmbench
import pytest

@pytest.mark.clause("7.3.6.1")
def test_withdrawal(bench, terminal, host, devices):
    assert host.address.startswith("127.0.0.1:") and devices.publisher_uri.startswith("ws://127.0.0.1:")
    bench.withdraw(amount=300)
    # wait_until re-evaluates its predicate each time the trace grows; a condition never met ends at its timeout.
    replies = bench.wait_until(lambda t: [e for e in t if e["source"] == "host" and e["name"] == "0210"], timeout=10)
    assert replies[0]["kind"] == "out"
    with pytest.raises(atmbench.BenchError, match="never did not happen within 0.2 s"):
        bench.wait_until(lambda t: False, timeout=0.2, what="never")
    bench.take_cash()
    bench.take_receipt(optional=True, timeout_ms=3000)
    bench.take_card()
    bench.wait(idle=True)
    assert bench.wait_for(source="host", kind="in", name="0200", timeout=1)["name"] == "0200"
    assert len(host.messages(mti="0200", direction="in")) == 1

def test_inquiry(bench, terminal):
    bench.insert_card(card="zhang-mag")
    bench.enter_pin(pin="123456")
    bench.choose(function="inquiry")
    bench.take_receipt(optional=True, timeout_ms=3000)
    bench.take_card(timeout_ms=15000)
''')
    r = inner(pytester, "--junitxml", "j.xml", "--atmbench-report", "rep")
    r.assert_outcomes(passed=1, failed=1)
    r.stdout.fnmatch_lines(["*SITE-NO-INQUIRY (clause site 1): This site forbids balance inquiries*",
                            "*1 inquiry request(s)*", "*host in 0200*"])
    cases = junit_cases(pytester.path / "j.xml")
    assert props(cases["test_withdrawal"])["clause"] == "7.3.6.1"
    assert "SITE-NO-INQUIRY" in props(cases["test_withdrawal"])["atmbench_rules"].split(",")
    assert props(cases["test_inquiry"])["atmbench_failed_rules"] == "SITE-NO-INQUIRY"
    assert json.loads((pytester.path / "rep" / "results.json").read_text())["totals"]["passed"] == 1


def test_under_xdist_every_test_is_isolated_and_the_reports_are_merged(pytester):
    copy_scenarios(pytester, "withdrawal-approved.yaml", "card-luhn.yaml", "dep-approved.yaml", "norev-connect.yaml")
    r = inner(pytester, "-n", "2", "--atmbench-report", "rep")
    r.assert_outcomes(passed=4)
    rep = pytester.path / "rep"
    workers = sorted(p.name for p in rep.iterdir() if p.name.startswith("gw"))
    assert workers == ["gw0", "gw1"], workers
    parts = [json.loads((rep / w / "results.json").read_text()) for w in workers]
    assert sum(p["totals"]["passed"] for p in parts) == 4
    # One report in DIR for CI, whatever -n was: the workers' results in a stable order, verdicts and evidence as
    # each worker judged them, every trace still linked.
    merged = json.loads((rep / "results.json").read_text())
    assert merged["totals"] == {"passed": 4, "failed": 0, "errors": 0, "not_run": 0} and merged["jobs"] == 2
    ids = [s["id"] for s in merged["scenarios"]]
    assert ids == ["card-luhn", "dep-approved", "norev-connect", "withdrawal-approved"], ids
    by_worker = {s["id"]: s for p in parts for s in p["scenarios"]}
    for s in merged["scenarios"]:
        assert s["verdicts"] == by_worker[s["id"]]["verdicts"]
        assert pathlib.Path(s["trace_file"]).is_file()
    assert set(junit_cases(rep / "junit.xml")) == set(ids)
    html = (rep / "html" / "index.html").read_text()
    assert all(i in html for i in ids)


def test_results_files_read_back_for_merging_and_bad_ones_are_named(tmp_path):
    (scenario,) = atmbench.load_scenarios(str(SUITE / "card-luhn.yaml"))
    result = atmbench.run_scenario(scenario, atmbench.Profile.load(str(PROFILE)), trace_dir=str(tmp_path))
    atmbench.write_reports([result], json=str(tmp_path / "results.json"))
    (back,) = atmbench.read_results(str(tmp_path / "results.json"))
    assert (back.scenario.id, back.status, back.trace_file) == (result.scenario.id, result.status, result.trace_file)
    assert [(v.rule, v.outcome, v.evidence) for v in back.verdicts] == [(v.rule, v.outcome, v.evidence) for v in result.verdicts]
    assert back.trace == result.trace
    doc = json.loads((tmp_path / "results.json").read_text())
    doc["scenarios"][0]["verdicts"][1]["outcome"] = "maybe"
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match=r"bad.json: scenarios\[0\]: scenario card-luhn: verdicts\[1\].outcome: expected pass"):
        atmbench.read_results(str(tmp_path / "bad.json"))


def verdicts_by_scenario(results_json):
    return {s["id"]: (s["status"], sorted((v["rule"], v["outcome"]) for v in s["verdicts"])) for s in results_json["scenarios"]}


@pytest.mark.parametrize("defect", ["", "reverse-on-retain"])
def test_pytest_and_atmbench_run_give_identical_verdicts(pytester, defect):
    picks = ["norev-host-retain.yaml", "withdrawal-approved.yaml", "rev-required-dispense-jam.yaml"]
    copy_scenarios(pytester, *picks)
    extra = ["--defect", defect] if defect else []
    cli = subprocess.run([BIN, "run", *picks, "--terminal", PROFILE, "--json", "cli.json", *extra], cwd=pytester.path,
                         capture_output=True, text=True, timeout=240)
    assert cli.returncode in (0, 1), cli.stdout + cli.stderr
    inner(pytester, "--atmbench-report", "rep", *(["--atmbench-defect", defect] if defect else []), *picks)
    ours = verdicts_by_scenario(json.loads((pytester.path / "rep" / "results.json").read_text()))
    theirs = verdicts_by_scenario(json.loads((pytester.path / "cli.json").read_text()))
    assert ours == theirs
    if defect:
        assert ours["norev-host-retain"][0] == "failed"


def test_module_api_runs_sessions_and_rules_over_saved_traces(tmp_path):
    assert {r["section"] for r in atmbench.rule_catalogue()} == set("ABCDEFGH")
    with pytest.raises(atmbench.InputError, match=r"x.yaml:3.*expected one step per item"):
        atmbench.load_scenario_text("title: t\nsteps:\n  - [1, 2]\n", "x.yaml")
    (scenario,) = atmbench.load_scenarios(str(SUITE / "withdrawal-approved.yaml"))
    profile = atmbench.Profile.load(str(PROFILE))
    result = atmbench.run_scenario(scenario, profile, trace_dir=str(tmp_path))
    assert result.status == "passed", result.error
    # The rules engine over the saved trace file gives the same verdicts as the run.
    again = atmbench.evaluate(scenario, profile, result.trace_file)
    assert [(v.rule, v.outcome) for v in again] == [(v.rule, v.outcome) for v in result.verdicts]
    with atmbench.Bench(profile, name="api") as bench:
        with pytest.raises(atmbench.BenchError, match="start the session"):
            bench.withdraw(amount=300)
        bench.start()
        since = atmbench.monotonic_ns()
        bench.fault("cash", "jam", at="dispense", count=1)
        bench.withdraw(amount=300)
        bench.take_receipt(optional=True, timeout_ms=3000)
        bench.take_card()
        reversal = bench.wait_for(source="host", kind="in", name="0400", since_ns=since, timeout=15)
        with pytest.raises(atmbench.BenchError, match="did not appear within 0.2 s"):
            bench.wait_for(source="host", kind="in", name="0800-never", timeout=0.2)
        result = bench.finish()
    assert result.status == "passed", atmbench.describe(result)
    assert any(v.rule == "REV-REQUIRED" and v.outcome == "pass" for v in result.verdicts)
    assert [e["name"] for e in result.trace if e["t_ns"] == reversal["t_ns"] and e["source"] == "host"] == ["0400"]


def test_a_custom_rule_that_raises_is_a_bench_error(tmp_path):
    broken = atmbench.Rule("SITE-BROKEN", lambda trace: 1 / 0)
    (scenario,) = atmbench.load_scenarios(str(SUITE / "card-luhn.yaml"))
    result = atmbench.run_scenario(scenario, atmbench.Profile.load(str(PROFILE)), trace_dir=str(tmp_path))
    with pytest.raises(atmbench.BenchError, match="SITE-BROKEN raised ZeroDivisionError"):
        atmbench.apply_rules(result, [broken])
    failing = atmbench.Rule("SITE-FAIL", lambda trace: atmbench.rule.failed("no", evidence=[0]), clause="x")
    atmbench.apply_rules(result, [failing])
    assert result.status == "failed" and result.failures[-1].rule == "SITE-FAIL" and result.failures[-1].evidence == [0]


def test_host_and_devices_without_the_bench_terminal_serve_a_terminal_started_elsewhere(tmp_path):
    # A vendor's own terminal, started by their own tooling: the bench provides host and devices and judges.
    with atmbench.Bench(name="external") as bench:
        bench.start(terminal=False)
        assert bench.host_address.startswith("127.0.0.1:") and bench.publisher_uri.startswith("ws://127.0.0.1:")
        terminal = subprocess.Popen([str(ROOT / "build" / "reference-terminal" / "atmbench-terminal"), "--config",
                                     bench.config_file], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            signon = bench.wait_for(source="host", kind="in", name="0800", timeout=10)
            assert atmbench.field(signon, 41) == "ATM00001"
            bench.wait(screen="idle", timeout_ms=5000)
            bench.withdraw(amount=300)
            bench.take_cash()
            bench.take_receipt(optional=True, timeout_ms=3000)
            bench.take_card()
        finally:
            terminal.terminate()
            terminal.wait(timeout=10)
        result = bench.finish()
    assert result.status == "passed", atmbench.describe(result)
    assert any(v.rule == "INV-MONEY" and v.outcome == "pass" for v in result.verdicts)
    # Steps that need the bench's own terminal say so, and the session is then a bench ERROR.
    with atmbench.Bench(name="external-admin") as bench:
        bench.start(terminal=False)
        with pytest.raises(atmbench.BenchError, match="started none"):
            bench.admin(command="pause")
        assert bench.finish().status == "error"
