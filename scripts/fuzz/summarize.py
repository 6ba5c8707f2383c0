"""Summarise one Schemathesis run over Roster (scripts/fuzz/run.sh) for people and for the exit status.

Reads the NDJSON event stream Schemathesis 4 writes (`--report ndjson`), the optional JSON run
report (`--report json`) and the ingress / worker logs (pino JSON lines), and prints:

- how many operations and test cases ran, per phase;
- every distinct failure: check, operation, response status, the request that caused it
  (method, URL, body excerpt) and the response body excerpt;
- engine errors (network errors: connection refused/reset, timeouts — the server crashed or hung);
- server-side errors logged by ingress ("unhandled error" with its message) and the worker.

Exit status: 1 when any 5xx, crash (engine network error, a Roster process that died) or unhandled
server error was found, or, with --strict 1, any failure at all; 2 when engine errors left
operations untested; else 0. Uses only the standard
library so it runs in the fuzz venv or any Python 3.9+.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

EXCERPT = 400
SERVER_ERROR_CHECK = "not_a_server_error"
NETWORK_ERROR = re.compile(r"connection|timed? ?out|reset|refused|aborted|RemoteDisconnected", re.I)


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """One line, control characters escaped (bodies and logs can hold NUL bytes), cut to `limit`."""
    text = CONTROL.sub(lambda m: "\\n" if m.group() == "\n" else f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"


def decode_body(body: Any) -> str:
    if body is None:
        return ""
    if isinstance(body, dict) and "$base64" in body:
        raw = base64.b64decode(body["$base64"])
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(raw)} bytes, not UTF-8: {raw[:80]!r}>"
    if isinstance(body, str):
        return body
    return json.dumps(body, ensure_ascii=False)


def read_events(path: Path) -> list[dict[str, Any]]:
    events = []
    if not path.is_file() and Path(f"{path}.gz").is_file():
        path = Path(f"{path}.gz")
    if not path.is_file():
        return events
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a run killed mid-write leaves a partial last line
    return events


class Finding:
    def __init__(self, check: str, code: str, title: str, operation: str, status: Any, message: str):
        self.check = check
        self.code = code
        self.title = title
        self.operation = operation
        self.status = status
        self.message = message
        self.count = 0
        self.phases: Counter[str] = Counter()
        self.example: dict[str, Any] | None = None


def failure_key(check: str, failure: dict[str, Any], operation: str, status: Any) -> tuple:
    message = (failure.get("message") or "").strip()
    # Schema violations differ in the offending instance; the validator's complaint is the signal.
    first = re.sub(r"\s+", " ", message.splitlines()[0] if message else "")
    return (check, failure.get("code"), operation, status, first[:160])


def analyse(events: list[dict[str, Any]]) -> dict[str, Any]:
    findings: "OrderedDict[tuple, Finding]" = OrderedDict()
    cases_per_phase: Counter[str] = Counter()
    cases_per_operation: Counter[str] = Counter()
    status_counts: Counter[int] = Counter()
    responses_per_operation: dict[str, Counter[int]] = {}
    errors: list[dict[str, Any]] = []
    operations_total = operations_selected = None
    engine: dict[str, Any] = {}
    interrupted = False

    for event in events:
        (kind, data), = event.items()
        if kind == "Initialize":
            engine["version"], engine["seed"] = data.get("schemathesis_version"), data.get("seed")
        elif kind == "LoadingFinished":
            stats = data.get("statistic", {}).get("operations", {})
            operations_total, operations_selected = stats.get("total"), stats.get("selected")
        elif kind in ("ScenarioFinished", "FuzzScenarioFinished"):
            phase = data.get("phase") or "fuzzing"
            recorder = data.get("recorder") or {}
            label = recorder.get("label", "?")
            cases = recorder.get("cases", {})
            interactions = recorder.get("interactions", {})
            for case_id, node in cases.items():
                case = node.get("value", {})
                operation = f"{case.get('method', '?')} {case.get('path', '?')}" if case else label
                cases_per_phase[phase] += 1
                cases_per_operation[operation] += 1
                response = (interactions.get(case_id) or {}).get("response")
                if response:
                    status_counts[response["status_code"]] += 1
                    responses_per_operation.setdefault(operation, Counter())[response["status_code"]] += 1
            for case_id, checks in recorder.get("checks", {}).items():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = (check.get("failure_info") or {}).get("failure") or {}
                    case = (cases.get(case_id) or {}).get("value", {})
                    interaction = interactions.get(case_id) or {}
                    request = interaction.get("request") or {}
                    response = interaction.get("response") or {}
                    operation = failure.get("operation") or f"{case.get('method', '?')} {case.get('path', '?')}"
                    status = response.get("status_code")
                    key = failure_key(check["name"], failure, operation, status)
                    finding = findings.get(key)
                    if finding is None:
                        finding = Finding(
                            check["name"],
                            failure.get("code", ""),
                            failure.get("title", ""),
                            operation,
                            status,
                            (failure.get("message") or "").strip(),
                        )
                        findings[key] = finding
                    finding.count += 1
                    finding.phases[phase] += 1
                    if finding.example is None:
                        finding.example = {
                            "method": request.get("method") or case.get("method"),
                            "uri": request.get("uri"),
                            "media_type": case.get("media_type"),
                            "headers": {
                                k: v
                                for k, v in (case.get("headers") or {}).items()
                                if k.lower() not in ("authorization",)
                            },
                            "query": case.get("query"),
                            "request_body": decode_body(request.get("body")),
                            "response_body": decode_body(response.get("content")),
                        }
        elif kind == "NonFatalError":
            value = data.get("value")
            errors.append(
                {
                    "label": data.get("label"),
                    "phase": data.get("phase"),
                    "error": value if isinstance(value, str) else json.dumps(value)[:EXCERPT],
                }
            )
        elif kind == "FatalError":
            errors.append({"label": "engine", "phase": None, "error": json.dumps(data.get("exception"))[:EXCERPT]})
        elif kind == "Interrupted":
            interrupted = True
        elif kind == "EngineFinished":
            engine.update(running_time=data.get("running_time"), stop_reason=data.get("stop_reason"))

    return {
        "findings": list(findings.values()),
        "cases_per_phase": cases_per_phase,
        "cases_per_operation": cases_per_operation,
        "responses_per_operation": responses_per_operation,
        "status_counts": status_counts,
        "errors": errors,
        "operations_total": operations_total,
        "operations_selected": operations_selected,
        "engine": engine,
        "interrupted": interrupted,
    }


def declared_operations(events: list[dict[str, Any]]) -> set[str]:
    """Operation labels of the suites Schemathesis ran (coverage also probes undeclared methods)."""
    labels = set()
    for event in events:
        (kind, data), = event.items()
        if kind == "ScenarioFinished" and data.get("phase") in ("examples", "fuzzing"):
            label = (data.get("recorder") or {}).get("label")
            if label:
                labels.add(label)
    return labels


def server_log_errors(path: Path | None) -> Counter[str]:
    """pino lines at level >= 50 (error), grouped by message + error type/message."""
    found: Counter[str] = Counter()
    if path is None or not path.is_file():
        return found
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                if line.strip():
                    found[f"(non-JSON output) {excerpt(line.strip(), 200)}"] += 1
                continue
            if not isinstance(entry, dict) or entry.get("level", 0) < 50:
                continue
            err = entry.get("err") or {}
            stack = (err.get("stack") or "").splitlines()
            where = next((s.strip() for s in stack[1:] if "node_modules" not in s and "node:" not in s), "")
            text = f"{entry.get('msg', '')}: {err.get('type', '')}: {err.get('message', '')}".strip(": ")
            if where:
                text += f" [{where}]"
            if entry.get("msg") == "request errored" or (entry.get("res") and not err):
                continue  # pino-http's per-request line; the cause is logged separately
            found[excerpt(text, 300)] += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=Path, required=True)
    parser.add_argument("--json-report", type=Path)
    parser.add_argument("--ingress-log", type=Path)
    parser.add_argument("--worker-log", type=Path)
    parser.add_argument("--schemathesis-version", default="?", help="when there is no JSON report")
    parser.add_argument("--seed", default="?", help="when there is no JSON report")
    parser.add_argument("--timed-out", default="0")
    parser.add_argument("--dead", default="")
    parser.add_argument("--strict", default="0")
    args = parser.parse_args()

    events = read_events(args.events)
    if not events:
        print(f"No Schemathesis events in {args.events}: the campaign did not run.")
        return 2
    result = analyse(events)
    report: dict[str, Any] = {}
    if args.json_report is not None and args.json_report.is_file():
        try:
            report = json.loads(args.json_report.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            report = {}

    out = []
    say = out.append
    declared = declared_operations(events)
    version = report.get("schemathesis_version") or result["engine"].get("version") or args.schemathesis_version
    seed = report.get("seed") or result["engine"].get("seed") or args.seed
    say("=" * 78)
    say(f"Roster SCIM fuzz campaign — Schemathesis {version}, seed {seed}")
    ops = report.get("operations") or {}
    total_cases = sum(result["cases_per_phase"].values())
    say(
        f"Operations: {ops.get('tested', len(declared))} tested of "
        f"{ops.get('selected', result['operations_selected'])} selected "
        f"({ops.get('total', result['operations_total'])} in the spec)"
    )
    generated = (report.get("test_cases") or {}).get("generated")
    say(
        f"Test cases: {total_cases} sent"
        + (f" (Schemathesis counts {generated} generated)" if generated is not None else "")
        + " — by phase: "
        + ", ".join(f"{phase} {count}" for phase, count in sorted(result["cases_per_phase"].items()))
    )
    say("Responses by status: " + ", ".join(f"{s}: {c}" for s, c in sorted(result["status_counts"].items())))
    engine = result["engine"]
    if "running_time" in engine:
        say(f"Running time: {engine.get('running_time', 0):.0f} s, stop reason: {engine.get('stop_reason')}")
    if args.timed_out == "1" or result["interrupted"]:
        say("NOTE: stopped by the time budget before every phase finished.")
    say("")
    say("Per operation (test cases; response statuses):")
    undeclared_cases = 0
    undeclared_statuses: Counter[int] = Counter()
    for operation, count in sorted(result["cases_per_operation"].items()):
        statuses = result["responses_per_operation"].get(operation, Counter())
        if declared and operation not in declared:
            undeclared_cases += count
            undeclared_statuses.update(statuses)
            continue
        say(f"  {operation:<32} {count:>6}   " + ", ".join(f"{s}×{c}" for s, c in sorted(statuses.items())))
    if undeclared_cases:
        say(
            f"  {'(methods the spec does not declare)':<32} {undeclared_cases:>6}   "
            + ", ".join(f"{s}×{c}" for s, c in sorted(undeclared_statuses.items()))
        )

    findings = result["findings"]
    server_errors = [f for f in findings if f.check == SERVER_ERROR_CHECK]
    say("")
    say(f"Failures: {len(findings)} distinct ({sum(f.count for f in findings)} failing checks)")
    by_check = Counter(f.check for f in findings)
    for check, count in sorted(by_check.items()):
        say(f"  {check}: {count} distinct")
    for number, finding in enumerate(findings, 1):
        ex = finding.example or {}
        say("")
        say(f"[{number}] {finding.check} ({finding.code} {finding.title}) — {finding.operation} → {finding.status}"
            f"  ×{finding.count} ({', '.join(f'{p} {c}' for p, c in finding.phases.items())})")
        if finding.message:
            for line in finding.message.splitlines()[:12]:
                say(f"      {excerpt(line, 300)}")
        say(f"    request:  {ex.get('method')} {ex.get('uri')}")
        if ex.get("headers"):
            say(f"    headers:  {excerpt(json.dumps(ex['headers'], ensure_ascii=False), 200)}")
        if ex.get("request_body"):
            say(f"    body ({ex.get('media_type')}): {excerpt(ex['request_body'])}")
        if ex.get("response_body"):
            say(f"    response: {excerpt(ex['response_body'])}")

    errors = result["errors"]
    network_errors = [e for e in errors if NETWORK_ERROR.search(str(e["error"]))]
    say("")
    say(f"Engine errors: {len(errors)} ({len(network_errors)} network errors or timeouts: the server crashed or hung)")
    for error in errors:
        kind = "NETWORK" if error in network_errors else "Schemathesis-internal"
        say(f"  - [{kind}] {error['label']} [{error['phase']}]: {excerpt(str(error['error']), 300)}")

    ingress_errors = server_log_errors(args.ingress_log)
    worker_errors = server_log_errors(args.worker_log)
    say("")
    say(f"Ingress log errors: {sum(ingress_errors.values())}")
    for text, count in ingress_errors.most_common(20):
        say(f"  ×{count} {text}")
    say(f"Worker log errors: {sum(worker_errors.values())}")
    for text, count in worker_errors.most_common(20):
        say(f"  ×{count} {text}")
    if args.dead:
        say("")
        say(f"CRASH: {args.dead} was not running any more when the campaign ended.")

    crashed = bool(args.dead) or bool(network_errors)
    failed = bool(server_errors) or crashed or bool(ingress_errors) or bool(worker_errors)
    if args.strict == "1" and (findings or errors):
        failed = True
    # Other engine errors mean some operations were not (fully) tested. Hypothesis' FlakyFailure in
    # Schemathesis' own coverage-phase generator is a known tool flake; anything else (a broken hook,
    # an unusable schema) makes the campaign incomplete.
    broken = [e for e in errors if e not in network_errors and "FlakyFailure" not in str(e["error"])]
    say("")
    verdict = "FAIL" if failed else "INCOMPLETE" if broken else "PASS"
    say(
        f"Verdict: {verdict} — {len(server_errors)} distinct 5xx, "
        f"{'a crash' if crashed else 'no crash'}, "
        f"{len(findings) - len(server_errors)} other distinct check failures"
        f"{' (not fatal without FUZZ_STRICT=1)' if findings and not server_errors and args.strict != '1' else ''}"
    )
    say("=" * 78)
    print("\n".join(out))
    return 1 if failed else 2 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
