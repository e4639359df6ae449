# A site rule for every test and scenario in this folder (the atmbench pytest plugin applies it beside the
# built-in rules of docs/conformance.md). Copy this file to start your own.
import atmbench


@atmbench.rule("SITE-NO-DISPENSE-RETRY", clause="7.3.6.7 a",
               title="A failed dispense is never retried within the same transaction")
def no_dispense_retry(trace):
    """A dispense that failed left notes somewhere in the transport: trying again can pay the customer twice.
    Every Dispense after a failed one must follow a new approved withdrawal request (0200)."""
    dispenses = trace.xfs(name="CashDispenser.Dispense", type="command")
    if not dispenses:
        return atmbench.rule.not_applicable("no dispense in this scenario")

    def key(e):  # a completion answers the command with the same requestId on the same connection
        return e["data"]["connection"], e["data"]["message"]["header"]["requestId"]

    completions = {key(e): e for e in trace.xfs(name="CashDispenser.Dispense", type="completion")}
    requests = trace.host(mti="0200", direction="in")
    for first, second in zip(dispenses, dispenses[1:]):
        done = completions.get(key(first))
        failed = done is not None and done["data"]["message"]["header"].get("completionCode") != "success"
        new_request = any(first["t_ns"] < r["t_ns"] < second["t_ns"] for r in requests)
        if failed and not new_request:
            return atmbench.rule.failed(f"Dispense retried {trace.ms_between(done, second):.0f} ms after it failed, "
                                        "with no new withdrawal request in between",
                                        evidence=[first, done, second])
    return atmbench.rule.passed(f"{len(dispenses)} dispense(s), none retried after a failure", evidence=dispenses)
