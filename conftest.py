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
if importlib.util.find_spec("atmbench") is not None and "atmbench.pytest_plugin" not in sys.modules:
    pytest_plugins.append("atmbench.pytest_plugin")
