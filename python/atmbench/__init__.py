"""atmbench for Python: drive a terminal under test against simulated devices and a simulated bank host, judge the
recorded timeline against the conformance rules, write the reports. The C++ core does the work (`_core`); this
package adds a friendlier session API (`Bench`), custom rules in Python (`rule`) and the pytest plugin.

    import atmbench
    with atmbench.Bench() as bench:
        bench.start()
        bench.withdraw(amount=300)
        bench.take_cash(); bench.take_card()
        result = bench.finish()
    print(result.status, [v.rule for v in result.failures])
"""

from ._core import (  # noqa: F401  (the public names of the package)
    BenchError,
    InputError,
    NotFound,
    Profile,
    Result,
    Scenario,
    Session,
    Verdict,
    evaluate,
    load_scenario_text,
    load_scenarios,
    bin_dir,
    fixtures_dir,
    monotonic_ns,
    scenarios_dir,
    read_results,
    rule_catalogue,
    run_scenario,
    run_suite,
    step_kinds,
    summary_line,
    write_reports,
)
from .bench import Bench, default_profile, find_profile  # noqa: F401
from .custom_rules import Rule, TraceView, apply_rules, field, rule  # noqa: F401
from .failure_text import describe  # noqa: F401

__all__ = [
    "Bench", "BenchError", "bin_dir", "describe", "fixtures_dir", "InputError", "NotFound", "Profile", "Result", "Rule", "Scenario", "Session", "Verdict",
    "TraceView", "apply_rules", "default_profile", "field", "evaluate", "find_profile", "load_scenario_text", "load_scenarios",
    "monotonic_ns", "read_results", "rule", "rule_catalogue", "run_scenario", "run_suite", "scenarios_dir", "step_kinds", "summary_line",
    "write_reports",
]
