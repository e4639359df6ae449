"""The `Bench`'s step methods, made from the C++ step table (`_core.step_table()`, harness steps.hpp) when the
package is imported: one method per scenario step, with the step's arguments as parameters (type hints from each
argument's type, Literal for its allowed values) and a docstring from its documentation. A step added to the table
is a method here without a line of Python; `help(Bench.withdraw)` and `inspect.signature` show what it takes.

Each method only builds the step's arguments: the C++ core checks them exactly as it checks a scenario file's
(unknown or ill-typed argument: InputError/BenchError with the field and what was expected) and carries them out.
"""

import difflib
import inspect
import typing

from . import _core

_P = inspect.Parameter


def _hint(arg):
    """The argument's type hint: its allowed values as a Literal, else its type's Python hint."""
    if arg["allowed"]:
        values = tuple(v == "true" if arg["python"] == "bool" else v for v in arg["allowed"])
        return typing.Literal[values]
    return eval(arg["python"], {})  # "int | str", "list[dict]": builtins only, from our own table


def _docstring(spec):
    lines = [spec["doc"], "", f"Scenario step `{spec['name']}: {spec['signature']}` (docs/steps.md).", ""]
    if spec["free_args"]:
        lines.append("Arguments: the spec as the scenario file writes it (see docs/steps.md).")
    else:
        lines.append("Args:")
        for a in spec["args"]:
            need = "required" if a["required"] else "may be left out"
            only = f"; only with {a['only_with']}" if a.get("only_with") else ""
            lines.append(f"    {a['name']} ({a['python']}, {need}{only}): {a['doc']} — {a['value']}")
    lines.append("    optional (bool): a step that may not happen: running out of its bound skips it")
    if spec["bounded"]:
        lines.append("    timeout_ms (int): the step's bound in ms (default 8000)")
    lines.append("")
    lines.append("Returns the bench, so steps chain. BenchError when the step cannot be carried out.")
    return "\n".join(lines)


def _signature(spec):
    params = [_P("self", _P.POSITIONAL_OR_KEYWORD)]
    if spec["free_args"]:
        params.append(_P("spec", _P.VAR_KEYWORD, annotation=typing.Any))
        return inspect.Signature(params)
    # The one-value argument may be given by position ("bench.amount(300)"), the rest by name.
    for a in sorted(spec["args"], key=lambda a: a["name"] != spec["value_as"]):
        kind = _P.POSITIONAL_OR_KEYWORD if a["name"] == spec["value_as"] else _P.KEYWORD_ONLY
        default = _P.empty if a["required"] and not spec["one_of"] else None
        hint = _hint(a)
        params.append(_P(a["name"], kind, default=default, annotation=hint if default is _P.empty else hint | None))
    params.append(_P("optional", _P.KEYWORD_ONLY, default=False, annotation=bool))
    if spec["bounded"]:
        params.append(_P("timeout_ms", _P.KEYWORD_ONLY, default=None, annotation=int | None))
    return inspect.Signature(params, return_annotation="Bench")


def _make(spec):
    name = spec["name"]
    signature = _signature(spec)

    def method(self, *args, **kwargs):
        unknown = [k for k in kwargs if k not in signature.parameters or k == "self"]
        if unknown and "spec" not in signature.parameters:
            # A misspelt argument is named first, with the nearest known one, as the scenario loader names it.
            known = [p for p in signature.parameters if p != "self"]
            near = difflib.get_close_matches(unknown[0], known, n=1)
            raise TypeError(f"{name} {spec['signature']}: no argument '{unknown[0]}'"
                            + (f" (did you mean '{near[0]}'?)" if near else f" (expected one of: {', '.join(known)})"))
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{name} {spec['signature']}: {e}") from None
        step_args = {}
        for key, value in list(bound.arguments.items())[1:]:
            if key == "spec":
                step_args.update(value)
            elif value is not None and not (key == "optional" and value is False):
                step_args[key] = value
        return self.step(name, **step_args)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = _docstring(spec)
    method.__signature__ = signature
    method.__annotations__ = {p.name: p.annotation for p in list(signature.parameters.values())[1:]
                              if p.annotation is not _P.empty}
    return method


def add_step_methods(cls):
    """Adds one method per step of the table to `cls`, except where `cls` defines its own (fault, host_rule)."""
    for spec in _core.step_table():
        if spec["name"] not in cls.__dict__:
            setattr(cls, spec["name"], _make(spec))
    return cls
