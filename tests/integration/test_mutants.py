"""The mutation campaign's patches (tests/mutants/*.patch, run by bench/mutation-score) must not rot silently: each
has its header (defect, rules broken, why a vendor could ship it), touches only the reference terminal's sources,
adds no defect switch, and still applies to the current tree. Nothing is built or run here."""
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MUTANTS = sorted((ROOT / "tests" / "mutants").glob("*.patch"))

# docs/conformance.md section of a rule id, by prefix.
SECTIONS = {"INV-": "A", "INIT-": "B", "HOST-": "C", "RESULT-": "C", "CARD-": "C", "FUNC-": "C", "CASH-": "C",
            "REV-": "D", "NOREV-": "D", "DEP-": "E", "TMO-": "F", "REC-": "G", "RCPT-": "G", "DATA-": "G",
            "OPS-": "H", "DEV-": "H", "KEY-": "H"}
RULE_ID = re.compile(r"\b(?:INV|INIT|HOST|RESULT|CARD|FUNC|CASH|REV|NOREV|DEP|TMO|REC|RCPT|DATA|OPS|DEV|KEY)-[A-Z0-9-]*[A-Z0-9]\b")


def header(patch):
    text = patch.read_text()
    head = text.split("diff --git", 1)[0]
    return head, text


def section(rule):
    return next((s for prefix, s in SECTIONS.items() if rule.startswith(prefix)), None)


def known_defect_switches():
    text = (ROOT / "reference-terminal" / "src" / "defects.cpp").read_text()
    return set(re.findall(r'^\s*\{"([a-z0-9-]+)",', text, re.M))


def test_there_are_enough_mutants_over_every_section():
    assert len(MUTANTS) >= 28, f"only {len(MUTANTS)} mutants in tests/mutants"
    covered = set()
    for p in MUTANTS:
        head, _ = header(p)
        breaks = re.search(r"^# Breaks: (.*)$", head, re.M)
        assert breaks, p.name
        covered.add(section(RULE_ID.findall(breaks.group(1))[0]))
    assert covered >= set("ABCDEFGH"), f"sections without a mutant: {set('ABCDEFGH') - covered}"
    numbers = [p.name.split("-", 1)[0] for p in MUTANTS]
    assert len(numbers) == len(set(numbers)), "two mutants share a number"


@pytest.mark.parametrize("patch", MUTANTS, ids=[p.stem for p in MUTANTS])
def test_mutant_has_header_and_applies(patch, tmp_path):
    head, text = header(patch)
    assert "diff --git" in text, "no diff in the patch"
    assert re.search(r"^# Mutant: " + re.escape(patch.stem) + r"$", head, re.M), "header: '# Mutant: <file name>'"
    for label in ("Defect:", "Breaks:", "Why a vendor could ship it:"):
        assert re.search(r"^# " + re.escape(label) + r" \S", head, re.M), f"header lacks '# {label} …'"
    breaks = re.search(r"^# Breaks: (.*)$", head, re.M).group(1)
    rules = RULE_ID.findall(breaks)
    assert rules and all(section(r) for r in rules), f"no known rule id in 'Breaks: {breaks}'"
    assert all(line.startswith("#") or not line.strip() for line in head.splitlines()), "header lines start with #"

    files = re.findall(r"^\+\+\+ b/(\S+)", text, re.M)
    assert files and all(f.startswith("reference-terminal/src/") for f in files), files
    switches = known_defect_switches()
    for line in text.splitlines():
        if line.startswith("+") and not line.startswith("+++"):
            for name in re.findall(r'defects_\.on\("([^"]+)"\)', line):
                assert name in switches, f"the patch adds a defect switch '{name}' (mutants are real code changes)"

    if (ROOT / ".git").exists() and shutil.which("git"):
        r = subprocess.run(["git", "apply", "--check", str(patch)], cwd=ROOT, capture_output=True, text=True)
    else:
        r = subprocess.run(["patch", "-p1", "--dry-run", "--batch", "--forward", "-d", str(ROOT), "-i", str(patch)],
                           capture_output=True, text=True)
    assert r.returncode == 0, f"{patch.name} no longer applies to the tree: {r.stdout}{r.stderr}"
