"""`atmbench run` end to end: the conformance suite against the reference terminal, reports, and the runner's own
guarantees — isolation, bounded steps, a terminal that never starts or dies, bad scenario files, ERROR kept apart
from FAIL."""
import json
import os
import pathlib
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import BIN, ROOT

SUITE = ROOT / "scenarios" / "conformance"
PROFILE = ROOT / "fixtures" / "terminals" / "reference.yaml"


def atmbench(*args, timeout=300):
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=timeout)


CONFORMANCE_DOC = ROOT / "docs" / "conformance.md"


def documented_rules():
    """The rule tables of docs/conformance.md: {id: (section letter, clause)}. Sections A–H are the rules the bench
    judges; section I lists rules not judged yet (kept apart so they cannot count as implemented)."""
    judged, planned, section = {}, {}, None
    for n, line in enumerate(CONFORMANCE_DOC.read_text(encoding="utf-8").splitlines(), 1):
        heading = re.match(r"^## ([A-Z])\. ", line)
        if heading:
            section = heading.group(1)
            continue
        row = re.match(r"^\| ([A-Z]+(?:-[A-Z0-9]+)+) \| ([^|]+?) \|", line)
        if not row:
            continue
        assert section, f"{CONFORMANCE_DOC}:{n}: rule {row.group(1)} outside a lettered section"
        table = planned if section == "I" else judged
        assert row.group(1) not in judged and row.group(1) not in planned, \
            f"{CONFORMANCE_DOC}:{n}: rule {row.group(1)} listed twice"
        table[row.group(1)] = (section, row.group(2).strip().strip("`"))
    return judged, planned


def conformance_ids():
    return set(documented_rules()[0])


def test_rule_catalogue_and_docs_conformance_agree():
    out = atmbench("rules", "--json")
    assert out.returncode == 0, out.stderr
    catalogue = {r["id"]: (r["section"], r["clause"]) for r in json.loads(out.stdout)}
    judged, planned = documented_rules()
    assert len(catalogue) >= 53 and len(judged) >= 53
    assert set(catalogue) - set(judged) == set(), "rules in the code but not in docs/conformance.md A–H"
    assert set(judged) - set(catalogue) == set(), "rules in docs/conformance.md A–H without an implementation"
    wrong = {i: (judged[i], catalogue[i]) for i in catalogue if judged[i] != catalogue[i]}
    assert not wrong, f"section/clause differ between docs/conformance.md and the catalogue (doc, code): {wrong}"
    assert not set(planned) & set(catalogue), "a rule of section I (not yet judged) is in the catalogue: move it"


def test_repository_docs_link_only_inside_the_repository():
    # A user's clone has nothing beside it: every relative link in the docs must resolve inside the tree.
    tracked = subprocess.run(["git", "-C", ROOT, "ls-files", "*.md"], capture_output=True, text=True, timeout=30)
    docs = [ROOT / f for f in tracked.stdout.split()] if tracked.returncode == 0 else [ROOT / "README.md"]
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{doc} points outside the repository (../shared)"
        for target in re.findall(r"\]\((?!https?:|#|mailto:)([^)#]+)", text):
            resolved = (doc.parent / target).resolve()
            assert resolved.is_relative_to(ROOT.resolve()), f"{doc}: link {target} leaves the repository"
            assert resolved.exists(), f"{doc}: link {target} does not exist"


def test_spec_citations_name_a_topic_of_docs_references():
    # Comments cite specifications as `docs/references.md [KEY] §N`; each KEY and §N must be listed there, and no
    # file may cite the notes the bench was written from (they do not travel with a clone).
    refs = (ROOT / "docs" / "references.md").read_text(encoding="utf-8")
    topics, key = {}, None
    for line in refs.splitlines():
        if m := re.match(r"## \[(\w+)\]", line):
            key = m.group(1)
            topics[key] = set()
        elif key and (m := re.match(r"\| (§[\d.]+(?:, §[\d.]+)*)", line)):
            topics[key] |= set(re.findall(r"§[\d.]+", m.group(1)))
    assert {"XFS4IoT", "ISO8583"} <= set(topics) and all(topics.values()), topics
    tracked = subprocess.run(["git", "-C", ROOT, "ls-files"], capture_output=True, text=True, timeout=30)
    assert tracked.returncode == 0, tracked.stderr
    checked = 0
    for name in tracked.stdout.split():
        path = ROOT / name
        if path.suffix not in {".cpp", ".hpp", ".py", ".json", ".yaml", ".md", ".txt", ".cmake", ".html"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            assert not re.search(r"reference/(xfs4iot|iso8583-host)\.md", line), \
                f"{name}:{n}: cites the notes outside the repository; cite docs/references.md [KEY] §N"
            for m in re.finditer(r"\[(XFS4IoT|ISO8583)\]((?:,? ?§[\d.]*\d)*)", line):
                for topic in re.findall(r"§[\d.]*\d", m.group(2)):
                    checked += 1
                    assert topic in topics[m.group(1)], \
                        f"{name}:{n}: [{m.group(1)}] {topic} is not a topic of docs/references.md"
    assert checked >= 50, f"only {checked} citations found: is the pattern still right?"


# Rules no scenario can exercise against the reference terminal yet: kept explicit so the list only shrinks.
NOT_YET_EXERCISED = set()


def test_every_rule_has_a_scenario_that_proves_it():
    claimed = set()
    for f in SUITE.glob("*.yaml"):
        m = re.search(r"^rules: \[(.*)\]", f.read_text(), re.M)
        if m:
            claimed |= {r.strip() for r in m.group(1).split(",")}
    missing = conformance_ids() - claimed - NOT_YET_EXERCISED
    assert not missing, f"rules without a scenario in scenarios/conformance: {missing}"


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("suite")
    cp = atmbench("run", SUITE, "--terminal", PROFILE, "-j", "2", "--junit", out / "junit.xml", "--json",
                  out / "results.json", "--html", out / "html", "--trace", out / "traces", timeout=600)
    return cp, out


def test_conformance_suite_is_green_against_the_reference_terminal(suite_run):
    cp, out = suite_run
    assert cp.returncode == 0, cp.stdout[-3000:] + cp.stderr[-2000:]
    last = cp.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed, 0 failed", last), last
    results = json.loads((out / "results.json").read_text())
    assert results["totals"]["failed"] == 0 and results["totals"]["errors"] == 0
    for s in results["scenarios"]:
        judged = {v["rule"]: v["outcome"] for v in s["verdicts"]}
        for rule in s["rules"]:
            assert judged.get(rule) == "pass", f"{s['id']}: {rule} is {judged.get(rule)}"


def test_junit_has_one_case_per_scenario_with_trace_and_seed(suite_run):
    _, out = suite_run
    root = ET.parse(out / "junit.xml").getroot()
    cases = root.findall(".//testcase")
    results = json.loads((out / "results.json").read_text())
    assert len(cases) == len(results["scenarios"])
    for case in cases:
        props = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
        assert pathlib.Path(props["trace"]).exists(), "the trace the report points to exists"
        assert props["seed"] == "1"
    assert (out / "html" / "index.html").stat().st_size > 1000


def test_traces_are_json_lines_with_every_source(suite_run):
    _, out = suite_run
    trace = out / "traces" / "withdrawal-approved.trace.jsonl"
    sources = {json.loads(l)["source"] for l in trace.read_text().splitlines()}
    assert {"xfs", "host", "terminal", "journal", "customer", "bench", "truth", "ledger"} <= sources
    lines = trace.read_text().splitlines()
    assert not any("6222020000000000018=" in l for l in lines), "no track data"
    assert not any('"123456"' in l for l in lines if json.loads(l)["source"] != "customer"), \
        "the PIN appears only as the customer's own action"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_bad_scenario_file_names_file_line_and_expectation(tmp_path):
    bad = write(tmp_path, "bad.yaml", "title: x\nsteps:\n  - withdraw: {amount: 300}\n  - teleport: {to: mars}\n")
    v = atmbench("validate", bad)
    assert v.returncode == 2
    assert f"{bad}:4" in v.stderr and "unknown step" in v.stderr and "withdraw" in v.stderr
    r = atmbench("run", bad, "--terminal", PROFILE)
    assert r.returncode == 2 and "bad.yaml:4" in r.stderr


def test_unknown_rule_in_a_scenario_is_invalid(tmp_path):
    bad = write(tmp_path, "r.yaml", "title: x\nrules: [NO-SUCH-RULE]\nsteps:\n  - sleep_ms: 1\n")
    v = atmbench("validate", bad)
    assert v.returncode == 2 and "NO-SUCH-RULE" in v.stderr


def profile_with(tmp_path, script):
    exe = write(tmp_path, "fake-terminal.sh", "#!/bin/sh\n" + script)
    exe.chmod(0o755)
    text = PROFILE.read_text()
    text = re.sub(r'command: \[.*\]', f'command: ["{exe}", "{{config}}"]', text)
    text = text.replace("config_template: reference-config.yaml", f"config_template: {PROFILE.parent / 'reference-config.yaml'}")
    text = text.replace("timeout_ms: 15000", "timeout_ms: 1500")
    return write(tmp_path, "fake.yaml", text)


def test_terminal_that_never_comes_into_service_is_an_error_not_a_fail(tmp_path):
    prof = profile_with(tmp_path, "echo starting; sleep 30\n")
    r = atmbench("run", SUITE / "withdrawal-approved.yaml", "--terminal", prof, "--json", tmp_path / "r.json", timeout=60)
    assert r.returncode == 2, r.stdout
    s = json.loads((tmp_path / "r.json").read_text())["scenarios"][0]
    assert s["status"] == "error" and "did not come into service" in s["error"]
    assert r.stdout.strip().endswith("0 passed, 0 failed, 1 errors")


def test_a_terminal_program_named_without_a_path_is_looked_up_on_path(tmp_path):
    """A profile's start.command may name a program on PATH (`node`, `python3`), as a shell would find it; a name
    that is on no PATH directory is a bench ERROR that says so."""
    prof = profile_with(tmp_path, "echo starting; sleep 30\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "fake-terminal.sh").rename(bin_dir / "my-terminal")
    on_path = write(tmp_path, "on-path.yaml", re.sub(r'command: \[.*\]', 'command: ["my-terminal", "{config}"]',
                                                      prof.read_text()))
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    r = subprocess.run([BIN, "run", SUITE / "withdrawal-approved.yaml", "--terminal", on_path, "--json",
                        tmp_path / "r.json"], capture_output=True, text=True, timeout=60, env=env)
    s = json.loads((tmp_path / "r.json").read_text())["scenarios"][0]
    assert s["status"] == "error" and "did not come into service" in s["error"], s["error"]
    r = atmbench("run", SUITE / "withdrawal-approved.yaml", "--terminal", on_path, "--json", tmp_path / "r2.json",
                 timeout=60)
    s = json.loads((tmp_path / "r2.json").read_text())["scenarios"][0]
    assert r.returncode == 2 and "terminal program my-terminal is not on PATH" in s["error"], s["error"]


def test_terminal_that_dies_mid_scenario_is_reported_with_its_output(tmp_path):
    prof = profile_with(tmp_path, 'echo \'{"event":"mode","mode":"in_service"}\'; echo "about to crash" >&2; sleep 0.3; exit 3\n')
    scen = write(tmp_path, "crash.yaml", "title: crash\nsteps:\n  - withdraw: {amount: 300}\n")
    r = atmbench("run", scen, "--terminal", prof, "--json", tmp_path / "r.json", timeout=60)
    s = json.loads((tmp_path / "r.json").read_text())["scenarios"][0]
    assert r.returncode == 2 and s["status"] == "error"
    assert "exited" in s["error"] and "about to crash" in s["terminal_output"]


def test_a_hanging_terminal_is_bounded_by_the_step(tmp_path):
    prof = profile_with(tmp_path, 'echo \'{"event":"mode","mode":"in_service"}\'; sleep 60\n')
    scen = write(tmp_path, "hang.yaml", "title: hang\nsteps:\n  - insert_card: {card: zhang-mag, timeout_ms: 800}\n")
    r = atmbench("run", scen, "--terminal", prof, "--json", tmp_path / "r.json", timeout=60)
    s = json.loads((tmp_path / "r.json").read_text())["scenarios"][0]
    assert r.returncode == 2 and s["status"] == "error" and "800 ms" in s["error"]
    assert s["seconds"] < 10, "the step's bound, not the terminal's sleep, ended it"


def test_parallel_runs_are_isolated_and_give_the_same_verdicts(tmp_path):
    picks = ["withdrawal-approved.yaml", "rev-required-dispense-jam.yaml", "dep-approved.yaml", "card-luhn.yaml"]
    args = [SUITE / p for p in picks]
    one = atmbench("run", *args, "--terminal", PROFILE, "-j", "1", "--json", tmp_path / "one.json")
    two = atmbench("run", *args, "--terminal", PROFILE, "-j", "4", "--json", tmp_path / "two.json")
    assert one.returncode == 0 and two.returncode == 0, two.stdout
    verdicts = lambda f: {s["id"]: sorted((v["rule"], v["outcome"]) for v in s["verdicts"])
                          for s in json.loads(f.read_text())["scenarios"]}
    assert verdicts(tmp_path / "one.json") == verdicts(tmp_path / "two.json")


def test_filter_selects_by_rule_and_excludes(tmp_path):
    r = atmbench("run", SUITE, "--terminal", PROFILE, "--filter", "REV-REQUIRED,!rec-exception", "--json", tmp_path / "r.json")
    ids = [s["id"] for s in json.loads((tmp_path / "r.json").read_text())["scenarios"]]
    # Exactly the scenarios whose file lists REV-REQUIRED, less those whose id says rec-exception.
    listing = sorted(f.stem for f in SUITE.glob("*.yaml")
                     if "REV-REQUIRED" in (yaml.safe_load(f.read_text()).get("rules") or []) and "rec-exception" not in f.stem)
    assert "rev-required-dispense-jam" in ids and not any("rec-exception" in i for i in ids), ids
    assert sorted({i.split("[")[0] for i in ids}) == listing, (ids, listing)


def test_a_failing_terminal_exits_1_and_names_the_rule_and_clause(tmp_path):
    r = atmbench("run", SUITE / "norev-not-taken.yaml", "--terminal", PROFILE, "--defect", "reverse-when-not-taken",
                 "--junit", tmp_path / "j.xml")
    assert r.returncode == 1
    assert "NOREV-NOT-TAKEN [7.3.6.7 c 4]" in r.stdout
    failure = ET.parse(tmp_path / "j.xml").getroot().find(".//failure")
    assert "NOREV-NOT-TAKEN (7.3.6.7 c 4)" in failure.get("message") and "#" in failure.text, "evidence events listed"


def test_every_shipped_scenario_matches_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    for f in sorted((ROOT / "scenarios").rglob("*.yaml")):
        jsonschema.validate(yaml.safe_load(f.read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "steps": [{"teleport": {}}]}, schema)
