"""What a QA engineer reads when a scenario does not pass: the broken rules with their clauses and the trace
excerpt that proves each, or the bench ERROR with the terminal's last output. The same words for YAML scenarios
and Python tests."""

import json

EXCERPT_EVENTS = 8
DATA_CHARS = 160


def _summary(event):
    """The part of an event's data a reader needs: decoded key fields for host messages, the service, completion
    code and payload for XFS4IoT messages, the data itself otherwise."""
    data = event.get("data")
    if not isinstance(data, dict):
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if event["source"] == "host":
        fields = (data.get("message") or {}).get("fields") or {}
        parts = [f"F{n}={fields[str(n)]}" for n in (3, 4, 11, 37, 39, 90) if str(n) in fields]
        parts += [f"{k}={data[k]}" for k in ("note", "rule", "error") if data.get(k)]
        return " ".join(parts) or json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    if event["source"] == "xfs":
        message = data.get("message") or {}
        header = message.get("header") or {}
        code = f" {header['completionCode']}" if header.get("completionCode") else ""
        payload = json.dumps(message.get("payload"), separators=(",", ":"), ensure_ascii=False)
        return f"{data.get('service', '')}{code} {payload}"
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _line(event, t0):
    data = _summary(event)
    if len(data) > DATA_CHARS:
        data = data[:DATA_CHARS - 1] + "…"
    ms = (event["t_ns"] - t0) / 1e6
    what = " ".join(x for x in (event["source"], event["kind"], event["name"]) if x)
    return f"      #{event['index']:<5} +{ms:9.1f} ms  {what}  {data}"


def describe(result):
    """Several lines: FAILED/ERROR, each failed verdict (rule, clause, title, message, evidence), the trace file."""
    lines = []
    failures = result.failures
    if failures:
        trace = result.trace
        t0 = trace[0]["t_ns"] if trace else 0
        by_index = {e["index"]: e for e in trace}
        lines.append(f"atmbench: {result.scenario.id}: the terminal broke {len(failures)} rule(s)")
        for v in failures:
            lines.append(f"  {v.rule} (clause {v.clause or '-'}): {v.title}")
            if v.message:
                lines.append(f"    {v.message}")
            if v.measurements:
                lines.append(f"    measurements: {json.dumps(v.measurements, ensure_ascii=False)}")
            shown = [by_index[i] for i in v.evidence if i in by_index][:EXCERPT_EVENTS]
            if shown:
                lines.append("    evidence:")
                lines.extend(_line(e, t0) for e in shown)
                if len(v.evidence) > len(shown):
                    lines.append(f"      … {len(v.evidence) - len(shown)} more")
    if result.status == "error":
        lines.append(f"atmbench: {result.scenario.id}: bench ERROR (could not run; not a terminal failure): {result.error}")
    elif result.error:
        lines.append(f"  the scenario stopped early: {result.error}")
    if result.error and result.terminal_output:
        lines.append("  terminal output (last lines):")
        lines.extend("    " + x for x in result.terminal_output.rstrip().splitlines()[-15:])
    if result.trace_file:
        lines.append(f"  trace: {result.trace_file}")
    return "\n".join(lines)


def properties(result):
    """JUnit properties of a scenario's result: status, rules (failed first), clauses, trace file, seed."""
    failed = [v.rule for v in result.failures]
    judged = [v.rule for v in result.verdicts if v.outcome in ("pass", "fail")]
    clauses = sorted({v.clause for v in result.verdicts if v.outcome in ("pass", "fail") and v.clause})
    return [
        ("atmbench_status", result.status),
        ("atmbench_failed_rules", ",".join(failed)),
        ("atmbench_rules", ",".join(judged)),
        ("atmbench_clauses", ",".join(clauses)),
        ("atmbench_trace", result.trace_file),
        ("atmbench_seed", str(result.seed)),
    ]
