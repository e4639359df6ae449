"""The suite's self-test: for every defect switch of the reference terminal, the conformance suite fails, and fails
on exactly the rules the switch claims to break (its catalogue line in `atmbench-terminal --list-defects`) — no
other rule, and no scenario ERRORs. A suite that cannot catch a defect, or blames the wrong rule, fails here."""
import json
import subprocess

import pytest

from conftest import BIN, ROOT
from terminal_bench import TERMINAL_BIN


def defects():
    out = subprocess.run([TERMINAL_BIN, "--list-defects"], capture_output=True, text=True, timeout=10)
    rows = [line.split("\t") for line in out.stdout.splitlines() if line.strip()]
    return {name: set(rules.split(",")) for name, rules, _ in rows}


DEFECTS = defects()

# A codec defect (llvar-counts-bytes, pad-wrong-side) leaves the terminal unable to complete any transaction: every
# scenario whose steps need a host answer cannot go on, a bench ERROR by design ("a step whose precondition never
# arose"). Such a defect is proved on the scenario about the message format, which tolerates a terminal that gets no
# answer.
SCOPE = {frozenset({"HOST-FORMAT"}): ROOT / "scenarios" / "conformance" / "host-format.yaml"}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_suite_catches_the_defect_on_the_rules_it_claims(defect, tmp_path):
    suite = SCOPE.get(frozenset(DEFECTS[defect]), ROOT / "scenarios" / "conformance")
    cp = subprocess.run([BIN, "run", suite, "--terminal", "reference", "-j", "3",
                         "--defect", defect, "--json", tmp_path / "r.json"], capture_output=True, text=True, timeout=900)
    results = json.loads((tmp_path / "r.json").read_text())
    errors = [(s["id"], s["error"]) for s in results["scenarios"] if s["status"] == "error"]
    failed = {v["rule"] for s in results["scenarios"] for v in s["verdicts"]
              if v["outcome"] == "fail" and not v["rule"].startswith("EXPECT-")}
    assert not errors, f"{defect}: scenarios could not be judged: {errors}"
    assert cp.returncode == 1, cp.stdout[-2000:]
    assert failed == DEFECTS[defect], f"{defect} claims {sorted(DEFECTS[defect])}, the suite failed {sorted(failed)}"
