"""Issue 11 (false verdicts): a scenario that would run other than it says is refused before anything runs — by
`atmbench validate` (exit 2, FILE:LINE: FIELD: what was expected), by `atmbench run` (a bench ERROR, exit 2, no
terminal started) and by the devices' control endpoint (a fault point the device never reaches is HTTP 400)."""
import subprocess
import textwrap

import pytest

from conftest import BIN, ROOT


def atmbench(*args, timeout=120):
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=timeout)


BAD = {
    # A misspelt step key was ignored and the step ran with its default bound.
    "typo.yaml": ("title: t\nsteps:\n  - withdraw: {amount: 300}\n  - take_cash: {timout_ms: 2000}\n",
                  ":4: timout_ms: unknown key in take_cash (did you mean 'timeout_ms'?)"),
    # "maybe" is not true: the step was silently not optional.
    "maybe.yaml": ("title: t\nsteps:\n  - take_receipt: {optional: \"maybe\"}\n", ":3: optional: expected true or false"),
    "huge-timeout.yaml": ("title: t\nsteps:\n  - take_card\ntimeout_ms: 99999999999999999999\n",
                          ":4: timeout_ms: expected a whole number from 1000 to 3600000"),
    # A jam armed at cashIn on the dispenser never fires: the scenario ran without its fault.
    "unreachable-jam.yaml": ("title: t\nfaults:\n  - {device: cash, name: jam, at: cashIn}\nsteps:\n  - take_card\n",
                             ":3: at: fault jam on cash: at: the device never reaches \"cashIn\""),
    "unknown-card.yaml": ("title: t\nsteps:\n  - insert_card: {card: zhang-mgn}\n",
                          ":3: card: no card \"zhang-mgn\" in fixtures/cards/test-cards.yaml (did you mean 'zhang-mag'?)"),
    "bad-code.yaml": ("title: t\nhost:\n  rules:\n    - {code: \"E\"}\nsteps:\n  - take_card\n",
                      ":4: code: expected a 2-character response code"),
    "bad-admin.yaml": ("title: t\nsteps:\n  - admin: {command: reboot}\n", ":3: command: no admin command 'reboot'"),
    # The step table decides every step's name, arguments and their types.
    "unknown-step.yaml": ("title: t\nsteps:\n  - withdrw: {amount: 300}\n",
                          ":3: withdrw: unknown step (did you mean 'withdraw'?)"),
    "missing-argument.yaml": ("title: t\nsteps:\n  - choose: {timeout_ms: 100}\n", ":3: choose: missing its 'function' (required)"),
    "ill-typed-argument.yaml": ("title: t\nsteps:\n  - take_cash: {count: many}\n",
                                ":3: count: expected a whole number from 0 to 1000000"),
    "not-allowed.yaml": ("title: t\nsteps:\n  - choose: {function: withdrawl}\n",
                         ":3: function: expected one of inquiry, withdrawal, deposit, transfer (found \"withdrawl\")"),
}


@pytest.fixture
def bad_files(tmp_path):
    for name, (text, _) in BAD.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_validate_names_file_line_field_and_what_was_expected(bad_files):
    cp = atmbench("validate", bad_files)
    assert cp.returncode == 2, cp.stdout + cp.stderr
    for name, (_, message) in BAD.items():
        assert f"{bad_files / name}{message}" in cp.stderr, (name, cp.stderr)
    assert cp.stdout.strip().endswith(f"{len(BAD)} invalid"), cp.stdout  # every file reported, not the first only


def test_every_shipped_scenario_validates():
    cp = atmbench("validate", ROOT / "scenarios" / "conformance", ROOT / "scenarios" / "python")
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout.strip().endswith(" 0 invalid"), cp.stdout


@pytest.mark.parametrize("name", ["typo.yaml", "unreachable-jam.yaml", "bad-admin.yaml"])
def test_run_on_a_bad_file_is_a_bench_error_before_any_terminal_starts(bad_files, tmp_path, name):
    trace = tmp_path / "traces"
    cp = atmbench("run", bad_files / name, "--terminal", "reference", "--trace", trace, "--json", tmp_path / "r.json")
    assert cp.returncode == 2, cp.stdout + cp.stderr
    assert f"{bad_files / name}{BAD[name][1]}" in cp.stderr, cp.stderr
    assert "PASS" not in cp.stdout and "[  1/1]" not in cp.stdout, "nothing ran"
    assert not (tmp_path / "r.json").exists(), "no results: nothing ran"


def test_control_endpoint_refuses_a_fault_point_the_device_never_reaches(devices):
    d = devices()
    status, body = d.control("POST", "/devices/cash/faults", {"name": "jam", "at": "cashIn"})
    assert status == 400, body
    assert body["field"] == "at" and body["expected"] == ["dispense"], body
    assert "never reaches \"cashIn\"" in body["error"], body
    status, body = d.control("POST", "/devices/cash/faults", {"name": "jamm"})
    assert status == 400 and body["field"] == "name" and "jam" in body["expected"], body
    status, body = d.control("POST", "/devices/printer/faults", {"name": "offline", "at": "print"})
    assert status == 400 and body["field"] == "at", body
    status, body = d.control("POST", "/devices/cash/faults", {"name": "missingFields", "at": "CashDispenser.Dispens"})
    assert status == 400 and "CashDispenser.Dispense" in body["expected"], body
    # What is reachable is still armed, and /health says where each fault can fire.
    d.fault("cash", name="jam", at="dispense", count=1)
    d.fault("cash", name="missingFields", at="CashDispenser.Dispense")
    health = d.control("GET", "/health")[1]
    assert health["devices"]["cash"]["fault_points"]["jam"] == ["dispense"]


def test_python_loader_refuses_the_same_files(bad_files):
    atmbench_py = pytest.importorskip("atmbench")
    with pytest.raises(Exception) as e:
        atmbench_py.load_scenarios(str(bad_files / "unreachable-jam.yaml"))
    assert ":3: at:" in str(e.value)


@pytest.mark.parametrize("command, committed", [("schema", "scenarios/scenario.schema.json"), ("steps", "docs/steps.md")])
def test_committed_step_artefacts_are_the_step_tables_output(command, committed):
    # The JSON Schema and the step reference are generated from the step table (harness steps.hpp): a step or
    # argument changed in the table must be regenerated, never edited by hand.
    cp = atmbench(command)
    assert cp.returncode == 0, cp.stderr
    assert (ROOT / committed).read_text() == cp.stdout, (
        f"{committed} is not the step table's: regenerate it with  build/harness/atmbench {command} > {committed}")


def test_the_json_schema_knows_the_loaders_steps_and_refuses_what_it_refuses(bad_files):
    # The schema is for editors; the loader is the judge. They must agree on the step kinds and on what a typo is.
    jsonschema = pytest.importorskip("jsonschema")
    atmbench_py = pytest.importorskip("atmbench")
    import json
    import yaml
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    branches = schema["properties"]["steps"]["items"]["oneOf"][1:]
    in_schema = {next(iter(b["properties"])) for b in branches}
    assert in_schema == set(dict(atmbench_py.step_kinds())), in_schema ^ set(dict(atmbench_py.step_kinds()))
    for name in ("typo.yaml", "maybe.yaml", "huge-timeout.yaml", "unknown-step.yaml", "missing-argument.yaml",
                 "ill-typed-argument.yaml", "not-allowed.yaml"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(yaml.safe_load((bad_files / name).read_text()), schema)
    # What the loader accepts, the schema does: a quoted amount is an amount.
    jsonschema.validate({"title": "t", "steps": [{"amount": "300"}, {"withdraw": {"amount": "300"}}, "take_card"]}, schema)


def test_python_step_methods_are_made_from_the_step_table():
    atmbench_py = pytest.importorskip("atmbench")
    import inspect
    import typing
    table = {s["name"]: s for s in atmbench_py._core.step_table()}
    for name, spec in table.items():
        method = getattr(atmbench_py.Bench, name)
        assert method.__doc__ and method.__doc__.strip(), name
        if not spec["free_args"]:
            assert spec["doc"] in method.__doc__, name
            params = inspect.signature(method).parameters
            assert {a["name"] for a in spec["args"]} <= set(params), name
            assert "optional" in params and ("timeout_ms" in params) == spec["bounded"], name
    withdraw = inspect.signature(atmbench_py.Bench.withdraw).parameters
    assert withdraw["amount"].default is inspect.Parameter.empty and withdraw["card"].default is None
    assert withdraw["amount"].annotation == (int | str)
    assert typing.get_args(inspect.signature(atmbench_py.Bench.choose).parameters["function"].annotation) == (
        "inquiry", "withdrawal", "deposit", "transfer")
    assert "Waits for the amount screen" in atmbench_py.Bench.amount.__doc__


def test_python_steps_are_checked_like_a_files_steps(tmp_path):
    atmbench_py = pytest.importorskip("atmbench")
    b = atmbench_py.Bench(name="steps-checked", work_root=str(tmp_path)).start(terminal=False)
    try:
        with pytest.raises(atmbench_py.BenchError, match=r"step take_cash: cuont: .*did you mean 'count'\?"):
            b.step("take_cash", cuont=2)
        with pytest.raises(atmbench_py.BenchError, match=r"at: .*never reaches \"cashIn\""):
            b.fault("cash", "jam", at="cashIn")
        with pytest.raises(atmbench_py.BenchError, match=r"command: no admin command 'reboot'"):
            b.step("admin", command="reboot")
        b.fault("cash", "jam", at="dispense", count=1)  # what can fire is armed
    finally:
        b.finish()
