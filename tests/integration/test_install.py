"""`cmake --install` and what it promises: the installed program, run from a folder outside any checkout, finds
its scenarios, fixtures, terminal profile and the reference terminal beside it (share-folder/); ATMBENCH_FIXTURES
and --fixtures override the fixtures; with nothing to find it says every place it looked; and the installed Python
package registers its pytest plugin through a pytest11 entry point (`pytest -p atmbench`, or auto-loaded)."""
import os
import pathlib
import shutil
import subprocess

import pytest

from conftest import BIN, ROOT

BUILD = pathlib.Path(BIN).resolve().parents[1]
SITE = "lib/python3/dist-packages"

TINY_TEST = '''
def test_declined_withdrawal(bench, terminal, host):
    host.rule(when={"mti": "0200"}, code="51")  # insufficient funds
    bench.withdraw(amount=300)
    bench.take_card()
    bench.wait(idle=True)
'''


def clean_env(**extra):
    """The environment of a user outside the repository: none of the repository's or the outer pytest's settings
    (the root conftest.py puts build/python on PYTHONPATH; xdist workers carry PYTEST_XDIST_*)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ATMBENCH_", "PYTEST_")) and k not in ("PYTHONPATH",)}
    env.update(extra)
    return env


def run(args, cwd, timeout=120, **env):
    return subprocess.run([str(a) for a in args], cwd=cwd, env=clean_env(**env), capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    if not (BUILD / "CMakeCache.txt").is_file():
        pytest.skip(f"no build tree at {BUILD}")
    where = tmp_path_factory.mktemp("prefix")
    r = run(["cmake", "--install", BUILD, "--prefix", where], cwd=where, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return where


@pytest.fixture
def outside(tmp_path):
    assert ROOT not in tmp_path.parents, "the test needs a folder outside the checkout"
    return tmp_path


def test_the_install_holds_programs_data_and_the_python_package(prefix):
    for f in ("bin/atmbench", "bin/atmbench-terminal", "share/atmbench/fixtures/terminals/reference.yaml",
              "share/atmbench/fixtures/iso8583/cup-atm.json", "share/atmbench/scenarios/conformance/card-luhn.yaml",
              f"{SITE}/atmbench/__init__.py", f"{SITE}/atmbench/pytest_plugin.py"):
        assert (prefix / f).is_file(), f
    assert list((prefix / SITE / "atmbench").glob("_core*.so"))
    (entry_points,) = (prefix / SITE).glob("atmbench-*.dist-info/entry_points.txt")
    assert entry_points.read_text().split() == ["[pytest11]", "atmbench", "=", "atmbench.pytest_plugin"]


def test_no_path_of_the_checkout_is_compiled_into_what_is_installed(prefix):
    # Source file names (__FILE__) and the debug information's compile folder may remain; a data folder may not.
    for f in [prefix / "bin" / "atmbench", prefix / "bin" / "atmbench-terminal",
              *(prefix / SITE / "atmbench").glob("_core*.so")]:
        data = f.read_bytes()
        for folder in ("fixtures", "scenarios"):
            assert str(ROOT / folder).encode() not in data, f"{f} has {ROOT / folder} compiled in"


def test_the_installed_program_runs_the_shipped_suite_from_outside(prefix, outside):
    # No path given: the shipped scenarios/conformance; --terminal reference: the installed profile, whose command
    # is the terminal installed beside the program.
    r = run([prefix / "bin" / "atmbench", "run", "--terminal", "reference", "--filter", "card-luhn",
             "--json", "results.json"], cwd=outside)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed, 0 failed" in r.stdout
    assert (outside / "results.json").is_file()
    r = run([prefix / "bin" / "atmbench", "validate", prefix / "share/atmbench/scenarios/conformance/tmo-pin.yaml"],
            cwd=outside)
    assert r.returncode == 0, r.stdout + r.stderr


def test_atmbench_fixtures_and_the_flag_override_the_installed_fixtures(prefix, outside):
    mine = outside / "my-fixtures"
    shutil.copytree(prefix / "share/atmbench/fixtures", mine)
    profile = (mine / "iso8583" / "cup-atm.json").read_text().replace('"cup-atm"', '"my-dialect"', 1)
    (mine / "iso8583" / "my-dialect.json").write_text(profile)
    program = prefix / "bin" / "atmbench"
    assert "my-dialect" not in run([program, "iso8583", "profiles"], cwd=outside).stdout
    by_env = run([program, "iso8583", "profiles"], cwd=outside, ATMBENCH_FIXTURES=str(mine))
    assert by_env.returncode == 0 and "my-dialect" in by_env.stdout, by_env.stdout + by_env.stderr
    by_flag = run([program, "iso8583", "profiles", "--fixtures", mine], cwd=outside)
    assert by_flag.returncode == 0 and "my-dialect" in by_flag.stdout, by_flag.stdout + by_flag.stderr
    # An override that is not a folder is an error naming it, not a quiet fall back to the installed fixtures.
    wrong = run([program, "iso8583", "profiles"], cwd=outside, ATMBENCH_FIXTURES=str(outside / "typo"))
    assert wrong.returncode == 2 and f"ATMBENCH_FIXTURES={outside / 'typo'}: not a folder" in wrong.stderr, wrong.stderr


def test_with_nothing_to_find_the_error_names_every_place_looked(prefix, outside):
    lonely = outside / "lonely" / "bin"
    lonely.mkdir(parents=True)
    shutil.copy(prefix / "bin" / "atmbench", lonely)
    r = run([lonely / "atmbench", "run", "--terminal", "reference"], cwd=outside)
    assert r.returncode == 2, r.stdout + r.stderr
    for place in ("no scenarios folder found",
                  f"a checkout at or above the program's folder {lonely}: none",
                  f"a checkout at or above the current folder {outside}: none",
                  f"the installed share folder {outside / 'lonely' / 'share' / 'atmbench' / 'scenarios'}: missing"):
        assert place in r.stderr, r.stderr
    r = run([lonely / "atmbench", "validate", prefix / "share/atmbench/scenarios/conformance/tmo-pin.yaml"], cwd=outside)
    assert r.returncode == 2
    for place in ("no fixtures folder found", "--fixtures DIR: not given", "$ATMBENCH_FIXTURES: not set",
                  "Give --fixtures DIR or set ATMBENCH_FIXTURES"):
        assert place in r.stderr, r.stderr


@pytest.mark.parametrize("how", [["-p", "atmbench"], []], ids=["-p atmbench", "auto-loaded"])
def test_the_installed_plugin_loads_through_its_entry_point(prefix, outside, how):
    (outside / "test_tiny.py").write_text(TINY_TEST)
    # -p atmbench with auto-loading off proves the entry point's name resolves; without -p, auto-loading finds it.
    env = {"PYTHONPATH": str(prefix / SITE), **({"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"} if how else {})}
    r = run(["/usr/bin/python3", "-m", "pytest", *how, "-p", "no:cacheprovider", "-q", "test_tiny.py"], cwd=outside,
            timeout=180, **env)
    assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout + r.stderr
    where = run(["/usr/bin/python3", "-c", "import atmbench; print(atmbench.fixtures_dir()); print(atmbench.bin_dir())"],
                cwd=outside, timeout=30, **env)
    assert where.stdout.split() == [str(prefix / "share/atmbench/fixtures"), str(prefix / "bin")], where.stdout + where.stderr
