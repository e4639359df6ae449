"""Issue 13 "no secret out": one run of the shipped suite with every output (--trace, --json, --junit, --html)
saves no full PAN of the card fixtures, no track data, no PIN block and no key — searched here independently of
the bench's own scan — and the bench's scan of its saved outputs turns a run whose files hold a card number into
an ERROR naming FILE:LINE (docs/security.md)."""
import base64
import re
import subprocess

import pytest
import yaml

from conftest import BIN, FIXTURES, ROOT


def atmbench(*args, timeout=600):
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def cards():
    return yaml.safe_load((FIXTURES / "cards" / "test-cards.yaml").read_text())["cards"]


def accounts():
    return yaml.safe_load((FIXTURES / "accounts" / "test-accounts.yaml").read_text())["accounts"]


def clear_pin_block(pin, pan):
    """ISO 9564-1 format 0 before encryption: the PIN field XOR the 12 rightmost PAN digits without the check digit."""
    pin_field = bytes.fromhex(f"0{len(pin)}{pin}".ljust(16, "F"))
    pan_field = bytes.fromhex("0000" + pan[-13:-1])
    return bytes(a ^ b for a, b in zip(pin_field, pan_field)).hex()


def secrets():
    """What no saved output may hold: (regular expression, what it is)."""
    out = []
    for c in cards():
        if c.get("pan"):
            out.append((rf"(?<!\d){c['pan']}(?!\d)", f"the full PAN of {c['id']}"))
            out.append((rf"{c['pan']}[=D]\d{{4}}", f"track 2 data of {c['id']}"))
        for t in ("track1", "track2", "track3"):
            if c.get(t):
                out.append((re.escape(c[t]), f"{t} of {c['id']}"))
    for a in accounts():
        block = clear_pin_block(a["pin"], a["pan"])
        out.append((rf"(?i){block}", f"the clear PIN block of {a['pan'][-4:]}"))
    for t in yaml.safe_load((FIXTURES / "keys" / "terminals.yaml").read_text())["terminals"]:
        key = t["master_key"]
        out.append((rf"(?i){key}", f"the master key of {t['id']} (hex)"))
        out.append((re.escape(base64.b64encode(bytes.fromhex(key)).decode()), f"the master key of {t['id']} (base64)"))
    return out


def found_in(folder):
    """{what: [file:line, …]} of every secret found in the files under `folder`."""
    patterns = [(re.compile(p), what) for p, what in secrets()]
    hits = {}
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
            for rx, what in patterns:
                if rx.search(line):
                    hits.setdefault(what, []).append(f"{f.relative_to(folder)}:{n}")
    return hits


def test_the_patterns_find_what_they_look_for(tmp_path):
    # The grep below must be able to fail: each kind of secret, written plainly, is found.
    pan = cards()[0]["pan"]
    (tmp_path / "leak.txt").write_text(f'{{"customerData":"{pan}"}}\n{cards()[0]["track2"]}\n'
                                       f'{clear_pin_block("123456", pan).upper()}\n0123456789abcdeffedcba9876543210\n')
    hits = found_in(tmp_path)
    assert {"the full PAN of zhang-mag", "track 2 data of zhang-mag", "track2 of zhang-mag",
            "the master key of ATM00001 (hex)"} <= set(hits)
    assert any(w.startswith("the clear PIN block") for w in hits)


def test_the_shipped_suite_saves_no_pan_track_pin_block_or_key(tmp_path):
    out = atmbench("run", ROOT / "scenarios" / "conformance", "--terminal", "reference", "-j", "2",
                   "--trace", tmp_path / "traces", "--json", tmp_path / "results.json",
                   "--junit", tmp_path / "junit.xml", "--html", tmp_path / "html")
    assert "secret found" not in out.stdout, out.stdout[-3000:]
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert len(list((tmp_path / "traces").glob("*.jsonl"))) >= 70
    hits = found_in(tmp_path)
    assert not hits, {what: where[:5] + [f"… {len(where)} in all"] for what, where in hits.items()}
    # The PIN pad's customerData is still recorded, masked first 6 + last 4 (what used to leak, 198 times a run).
    assert "622202*********0018" in (tmp_path / "traces" / "withdrawal-approved.trace.jsonl").read_text()


def test_a_run_whose_saved_outputs_hold_a_card_number_is_an_error(tmp_path):
    # A scenario's title is the author's text, written into the reports as it is: with a card number in it the
    # bench's own scan of the saved files finds it, names the file and line, and the run is an ERROR (exit 2).
    pan = cards()[0]["pan"]
    scenario = yaml.safe_load((ROOT / "scenarios" / "conformance" / "withdrawal-approved.yaml").read_text())
    scenario["title"] = f"withdrawal with card {pan}"
    (tmp_path / "leaky.yaml").write_text(yaml.safe_dump(scenario))
    out = atmbench("run", tmp_path / "leaky.yaml", "--terminal", "reference", "--json", tmp_path / "results.json",
                   "--trace", tmp_path / "traces")
    assert out.returncode == 2, out.stdout + out.stderr
    assert re.search(r"secret found in \S*results\.json:1: a full PAN( of the card fixtures)? \(622202\*{9}0018\)", out.stdout), out.stdout
    assert pan not in out.stdout
    assert out.stdout.rstrip().endswith("1 passed, 0 failed, 1 secret(s) in saved outputs"), out.stdout
