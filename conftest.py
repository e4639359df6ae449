# The repository's own pytest set-up: makes the built `atmbench` Python package importable (build/python, see
# python/README.md) and loads its plugin, so `pytest scenarios/` runs the conformance suite; pytester serves the
# plugin's own tests. Outside the repository: `cmake --install` it and `pytest -p atmbench` (README.md, "Install").
import importlib.util
import os
import sys

_BUILD_PYTHON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build", "python")
if os.path.isdir(_BUILD_PYTHON) and _BUILD_PYTHON not in sys.path:
    sys.path.insert(0, _BUILD_PYTHON)
    # Child processes (pytester's subprocess runs, the self-test) find the package too.
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_BUILD_PYTHON, os.environ.get("PYTHONPATH")) if p)

pytest_plugins = ["pytester"]
# An installed atmbench (cmake --install) may already have registered the plugin through its pytest11 entry point,
# before this file runs; a second registration under the module's name would be refused.
# A checkout whose Python module is not built (no `_core` yet: only some targets were built) still runs the tests that
# need only the programs; the plugin's own tests then fail on their import, saying what is missing.
_MODULE_MISSING = None
if importlib.util.find_spec("atmbench") is not None and "atmbench.pytest_plugin" not in sys.modules:
    try:
        import atmbench  # noqa: F401  (the package imports its compiled _core)
    except ImportError as error:
        _MODULE_MISSING = f"the atmbench Python module cannot be imported ({error}); build it: cmake --build build --target _core"
    else:
        pytest_plugins.append("atmbench.pytest_plugin")


def pytest_report_header(config):
    return _MODULE_MISSING
