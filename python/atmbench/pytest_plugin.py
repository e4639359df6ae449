"""The atmbench pytest plugin.

- YAML scenario files (a mapping with `title` and `steps`) are collected as pytest items, one per scenario
  instance, so `pytest scenarios/` runs the conformance suite. They run through the same C++ runner as
  `atmbench run`, so the verdicts are the same.
- Fixtures: `bench` (an unstarted atmbench.Bench configured from the `atmbench` marker), `terminal`, `host` and
  `devices` (views of the started bench). Each test gets its own host, devices, terminal process, ports and
  work folder, so tests run in parallel under pytest-xdist (`-n 2`).
- After a test using `bench` returns, the bench is finished and judged: a broken rule fails the test with the
  rule, its clause and the trace excerpt that proves it. A bench that could not run is a pytest ERROR: for YAML
  scenarios and start-up in setup; a step that cannot be carried out mid-test raises atmbench.BenchError, which
  the plugin reports as ERROR (not FAILED) unless the terminal also broke a rule.
- Markers: `@pytest.mark.clause("7.3.6.5 b")` (the clause a test proves, a JUnit property);
  `@pytest.mark.atmbench(devices=…, faults=[…], host_rules=[…], terminal_config={…}, rules=[…],
  custom_rules=[…], expect_in_service=…, defects=[…])`.
- Options: --atmbench-terminal PROFILE, --atmbench-report DIR (JUnit, JSON, HTML and traces; under xdist each
  worker writes DIR/gwN and the controller merges them into DIR), --atmbench-seed N, --atmbench-defect NAME (repeatable).
- Custom rules (atmbench.rule) in a conftest.py apply to every test and scenario under its folder.
- Ctrl-C or SIGTERM (cancel.py): from the first bench on, both reach the C++ core at once, which ends its waits and
  stops every terminal; pytest then tears down (each bench finishes NOT RUN) and still writes the reports, with
  every scenario that did not finish as not-run; pytest exits 2 (interrupted). A second signal: hard stop, 130.
"""

import glob
import os
import tempfile

import pytest

from . import _core
from .bench import Bench, find_profile
from .cancel import SignalCancel
from .custom_rules import apply_rules, rules_for
from .failure_text import describe, properties
from .views import DevicesView, HostView, TerminalView

STATE = pytest.StashKey()
BENCH = pytest.StashKey()


class RunState:
    """Per pytest process: the profile, where reports and traces go, and every result for the reports."""

    def __init__(self, config):
        self.config = config
        self.terminal_option = config.getoption("atmbench_terminal")
        self._profile = None
        self.seed = config.getoption("atmbench_seed")
        self.defects = list(config.getoption("atmbench_defect") or [])
        report = config.getoption("atmbench_report")
        # This process's own xdist worker id, not $PYTEST_XDIST_WORKER: that one is inherited by any pytest a test
        # starts (pytester, a self-test), which is no worker.
        worker = getattr(config, "workerinput", {}).get("workerid")
        self.report_dir = os.path.join(os.path.abspath(report), worker) if report and worker else (
            os.path.abspath(report) if report else None)
        self.results = []
        self._trace_dir = None
        self.cancel = SignalCancel()

    def arm_cancel(self):
        """SIGINT/SIGTERM to the core from the first bench or scenario of this process on (not in pytest runs that
        never drive the bench)."""
        self.cancel.install()

    @property
    def profile(self):
        if self._profile is None:
            self._profile = find_profile(self.terminal_option)
        return self._profile

    def trace_dir(self):
        """Traces outlive the test (a failure message points at one): the report folder, else pytest's temporary
        folder of this run (pytest keeps the last few)."""
        if self.report_dir:
            return os.path.join(self.report_dir, "traces")
        if self._trace_dir is None:
            factory = getattr(self.config, "_tmp_path_factory", None)
            self._trace_dir = str(factory.mktemp("atmbench-traces", numbered=True)) if factory else (
                tempfile.mkdtemp(prefix="atmbench-traces-"))
        return self._trace_dir


def pytest_addoption(parser):
    group = parser.getgroup("atmbench", "atmbench conformance bench")
    group.addoption("--atmbench-terminal", default=os.environ.get("ATMBENCH_TERMINAL", "reference"),
                    help="terminal profile: a file, or a name in fixtures/terminals (default: reference)")
    group.addoption("--atmbench-report", default=None, metavar="DIR",
                    help="write JUnit, JSON and HTML reports and the traces here (under xdist: each worker's in "
                         "DIR/<worker>, merged into DIR when the run ends)")
    group.addoption("--atmbench-seed", type=int, default=1, help="seed of the simulated host (default 1)")
    group.addoption("--atmbench-defect", action="append", default=[], metavar="NAME",
                    help="start the terminal with this defect switch (the profile's defect_args); repeatable")


def pytest_configure(config):
    config.addinivalue_line("markers", "clause(text): the clause of the standard this test proves")
    config.addinivalue_line("markers", "atmbench(**options): the bench's devices, faults, host rules, terminal "
                                       "configuration, rules claimed and custom rules for this test")
    config.stash[STATE] = RunState(config)


def _state(config):
    return config.stash[STATE]


def _judged(item, bench):
    """The bench's result, finishing it on first use and recording it once for the reports and JUnit properties."""
    result = bench.finish()  # idempotent: the test may have finished it itself
    if result not in _state(item.config).results:
        _record(item, result)
    return result


def _record(item, result):
    state = _state(item.config)
    state.results.append(result)
    item.user_properties.extend(properties(result))
    for m in item.iter_markers("clause"):
        item.user_properties.append(("clause", " ".join(str(a) for a in m.args)))


def pytest_unconfigure(config):
    state = config.stash.get(STATE, None)
    if state:
        state.cancel.uninstall()


@pytest.hookimpl(trylast=True)  # after pytest's own, which tears the fixtures down: each bench is judged by then
def pytest_sessionfinish(session, exitstatus):
    state = session.config.stash.get(STATE, None)
    if not state or not state.report_dir:
        return
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        _add_not_run(session, state)
    if state.results:
        _write_reports(state, state.results, state.report_dir)
    elif _is_xdist_controller(session.config):
        _merge_worker_reports(state)


def _add_not_run(session, state):
    """An interrupted run: every scenario item without a result (never started, or cut short before its result
    came back) goes into the reports as not-run, so they list the whole suite."""
    done = {(r.scenario.file, r.scenario.id) for r in state.results}
    for item in session.items:
        if isinstance(item, ScenarioItem) and (item.scenario.file, item.scenario.id) not in done:
            state.results.append(_core.not_run(item.scenario, state.seed))


def _write_reports(state, results, folder, jobs=1):
    os.makedirs(folder, exist_ok=True)
    _core.write_reports(results, junit=os.path.join(folder, "junit.xml"), json=os.path.join(folder, "results.json"),
                        html=os.path.join(folder, "html"), terminal=state.profile.name, defects=state.defects,
                        seed=state.seed, jobs=jobs)


def _is_xdist_controller(config):
    return not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no"


def _worker_folders(report_dir):
    return sorted(d for d in glob.glob(os.path.join(report_dir, "gw*")) if os.path.isfile(os.path.join(d, "results.json")))


def _merge_worker_reports(state):
    """Under xdist each worker writes DIR/gwN; the controller (which ran no test) merges them into one report in
    DIR itself, in a stable order (by scenario file and id), so CI reads DIR/junit.xml whatever -n was."""
    workers = _worker_folders(state.report_dir)
    results = [r for d in workers for r in _core.read_results(os.path.join(d, "results.json"))]
    if results:
        results.sort(key=lambda r: (r.scenario.file, r.scenario.id))
        _write_reports(state, results, state.report_dir, jobs=len(workers))


# -- YAML scenarios as pytest items ------------------------------------------------------------------------------

def _is_scenario_file(path):
    if path.suffix not in (".yaml", ".yml"):
        return False
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    keys = {line.split(":", 1)[0] for line in text.splitlines() if line and not line[0].isspace() and ":" in line}
    return "title" in keys and "steps" in keys


def pytest_collect_file(file_path, parent):
    if _is_scenario_file(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):
        try:
            scenarios = _core.load_scenarios(str(self.path))
        except (_core.InputError, ValueError) as e:
            raise self.CollectError(f"atmbench: bad scenario file: {e}") from None
        for s in scenarios:
            yield ScenarioItem.from_parent(self, name=s.id, scenario=s)


class ScenarioFailed(AssertionError):
    pass


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario, **kw):
        super().__init__(**kw)
        self.scenario = scenario
        self.result = None
        self.extra_keyword_matches.update(scenario.rules)  # `pytest scenarios -k REV-REQUIRED`
        self.extra_keyword_matches.update(scenario.tags)

    def setup(self):
        # The run is the setup: a scenario the bench cannot run is a pytest ERROR, a broken rule a FAILURE.
        state = _state(self.config)
        state.arm_cancel()
        self.result = _core.run_scenario(self.scenario, state.profile, defects=state.defects, seed=state.seed,
                                         trace_dir=state.trace_dir())
        if self.result.status == "not-run":
            _record(self, self.result)
            raise KeyboardInterrupt(self.result.error)  # cancelled: pytest stops as for Ctrl-C
        custom = rules_for(self.path)
        if custom and self.result.status != "error":
            apply_rules(self.result, custom)
        _record(self, self.result)
        if self.result.status == "error":
            raise _core.BenchError(describe(self.result))

    def runtest(self):
        if self.result.status == "failed":
            raise ScenarioFailed(describe(self.result))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (ScenarioFailed, _core.BenchError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, 0, f"scenario {self.scenario.id}: {self.scenario.title}"


# -- fixtures for Python tests -----------------------------------------------------------------------------------

@pytest.fixture
def bench(request):
    """An unstarted atmbench.Bench for this test (configured from @pytest.mark.atmbench); start() it or use the
    `terminal` fixture. Finished and judged when the test returns."""
    state = _state(request.config)
    state.arm_cancel()
    options = {}
    for m in reversed(list(request.node.iter_markers("atmbench"))):  # the closest marker wins
        options.update(m.kwargs)
    custom = list(options.pop("custom_rules", []))
    defects = list(options.pop("defects", [])) + state.defects
    options.setdefault("title", request.node.nodeid)
    custom += [r for r in rules_for(request.node.path) if r not in custom]
    b = Bench(state.profile, name=request.node.name, defects=defects, seed=state.seed, trace_dir=state.trace_dir(),
              folder=str(request.node.path.parent), custom_rules=custom, **options)
    request.node.stash[BENCH] = b
    yield b
    _judged(request.node, b)  # whatever happened in the test: stop everything and keep the record


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # A signal reached the core but Python has not raised KeyboardInterrupt (it was swallowed on the way back from
    # a call into the core): no further test starts.
    if _core.cancel_requested():
        raise KeyboardInterrupt("the run was cancelled")


@pytest.fixture
def terminal(bench):
    """The terminal under test, started with host and devices and in service (TerminalView)."""
    if not bench.started:
        bench.start()
    return TerminalView(bench)


@pytest.fixture
def host(bench, terminal):
    """The simulated bank host of this test (HostView)."""
    return HostView(bench)


@pytest.fixture
def devices(bench, terminal):
    """The simulated XFS4IoT devices of this test (DevicesView)."""
    return DevicesView(bench)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # A test that stopped with an exception (a wait that never came, an assertion) is judged too: when the terminal
    # broke a rule, that is the headline of the failure, not the symptom the test tripped over.
    outcome = yield
    report = outcome.get_result()
    b = item.stash.get(BENCH, None)
    if report.when != "call" or not report.failed or b is None or not b.started or call.excinfo is None:
        return
    own_verdict = call.excinfo.errisinstance(pytest.fail.Exception) and b.result is not None
    if call.excinfo.errisinstance(_core.BenchError):
        b.stop_on(str(call.excinfo.value))  # the test could not go on: ERROR unless a rule broke
    result = _judged(item, b)
    report.user_properties = list(item.user_properties)
    if result.status == "error":
        # The bench could not carry the test out (a step failed, the terminal crashed): a harness ERROR, never a
        # terminal FAIL (OpenHTF's split). pytest only calls setup/teardown failures errors, so the report says so.
        report.atmbench_error = True
    if own_verdict:
        return  # the plugin's own verdict failure: already described
    if result.failures:
        report.longrepr = (describe(result) + "\n\nThe test itself stopped with " +
                           f"{call.excinfo.typename}: {call.excinfo.value}")


def pytest_report_teststatus(report, config):
    # Survives xdist: the attribute travels with the serialised report.
    if report.when == "call" and getattr(report, "atmbench_error", False):
        return "error", "E", ("ERROR", {"red": True})
    return None


@pytest.hookimpl(trylast=True)
def pytest_runtest_call(item):
    # Runs after the test function returned without an exception: judge the bench it used.
    b = item.stash.get(BENCH, None)
    if b is None or not b.started:
        return
    result = _judged(item, b)
    if result.status == "not-run":
        raise KeyboardInterrupt(result.error)  # cancelled: pytest stops as for Ctrl-C, the test is no failure
    if result.status != "passed":
        pytest.fail(describe(result), pytrace=False)
