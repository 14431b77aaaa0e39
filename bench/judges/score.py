#!/usr/bin/env python3
"""Scores a judge's access log: for each X-Bench-Run label, how close the client came to the best span.

    score.py LOG --kind KIND --rpm N [--window S] [--format text|json]

LOG lines are "<epoch seconds.ms> <status> <label>" (written by the judge, see README.md). For each label
(in order of first arrival; "-" is the label of requests sent without X-Bench-Run):

    requests      all logged requests of that label
    ok            2xx
    rate_limited  429
    other         any other status
    span_s        last logged arrival - first logged arrival
    best_s        shortest span a perfect client could reach for the same number of admitted (ok) requests
    ratio         span_s / best_s, or null when best_s is 0

best_s per kind (q = rpm x window / 60):
    nginx      (ok - 1) x the smallest spacing limit_req admits: ceil(10^6 / floor(rpm x 1000 / 60)) ms,
               which is 60/rpm s whenever 60000/rpm is a whole number of ms (nginx keeps the rate in
               requests per 1000 s as an integer and the clock in ms)
    haproxy    (ok - 1) x 60 / rpm (a client cannot know how much burst the rate estimate would allow)
    fixed-ietf, fixed-xrl
               (ceil(ok / q) - 1) x window: both libraries open a key's window at its first request and
               the next one at the first request at or after the previous one ended, so a perfect client
               sends q at its first arrival and q more every window after that.
Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass

KINDS = ("nginx", "haproxy", "fixed-ietf", "fixed-xrl")
FIXED_WINDOW_KINDS = ("fixed-ietf", "fixed-xrl")


class UsageError(ValueError):
    """Bad --rpm/--window/--kind: the command exits 2."""


@dataclass
class Entry:
    at: float
    status: int
    label: str


@dataclass
class LabelScore:
    label: str
    requests: int = 0
    ok: int = 0
    rate_limited: int = 0
    other: int = 0
    first: float = math.inf
    last: float = -math.inf
    best_s: float = 0.0
    ratio: float | None = None

    @property
    def span_s(self) -> float:
        return 0.0 if self.requests == 0 else self.last - self.first

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "requests": self.requests,
            "ok": self.ok,
            "rate_limited": self.rate_limited,
            "other": self.other,
            "span_s": round(self.span_s, 3),
            "best_s": round(self.best_s, 3),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
        }


def parse_line(line: str) -> Entry | None:
    parts = line.strip().split(" ", 2)
    if len(parts) < 2:
        return None
    try:
        at = float(parts[0])
        status = int(parts[1])
    except ValueError:
        return None
    label = parts[2].strip() if len(parts) == 3 and parts[2].strip() else "-"
    return Entry(at, status, label)


def parse_log(lines) -> tuple[list[Entry], int]:
    """Entries of the well-formed lines, and how many non-empty lines were not."""
    entries, bad = [], 0
    for line in lines:
        if not line.strip():
            continue
        entry = parse_line(line)
        if entry is None:
            bad += 1
        else:
            entries.append(entry)
    return entries, bad


def requests_per_window(rpm: int, window: int) -> int:
    if rpm <= 0 or window <= 0 or (rpm * window) % 60 != 0:
        raise UsageError(
            f"q = rpm x window / 60 = {rpm} x {window} / 60 is not a positive integer; "
            f"with --rpm {rpm} use a --window that is a multiple of {60 // math.gcd(rpm, 60)} s")
    return rpm * window // 60


def nginx_spacing_s(rpm: int) -> float:
    """Smallest spacing of two admitted requests under limit_req rate=<rpm>r/m, burst 0."""
    rate = rpm * 1000 // 60  # requests per 1000 s, as ngx_http_limit_req_zone stores it
    if rate <= 0:
        raise UsageError(f"nginx cannot express rate={rpm}r/m (rounds to 0)")
    return -(-1_000_000 // rate) / 1000.0  # ceil(10^6 / rate) ms


def best_span(kind: str, rpm: int, window: int, ok: int) -> float:
    if ok <= 1:
        return 0.0
    if kind == "nginx":
        return (ok - 1) * nginx_spacing_s(rpm)
    if kind == "haproxy":
        return (ok - 1) * 60.0 / rpm
    if kind in FIXED_WINDOW_KINDS:
        q = requests_per_window(rpm, window)
        return (math.ceil(ok / q) - 1) * float(window)
    raise UsageError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


def score(entries: list[Entry], kind: str, rpm: int, window: int | None = None) -> list[LabelScore]:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if rpm <= 0:
        raise UsageError("--rpm must be a positive integer")
    if window is None:
        window = 1
    if kind != "nginx":
        requests_per_window(rpm, window)
    by_label: dict[str, LabelScore] = {}
    for e in entries:
        s = by_label.get(e.label)
        if s is None:
            s = by_label[e.label] = LabelScore(e.label)
        s.requests += 1
        if 200 <= e.status < 300:
            s.ok += 1
        elif e.status == 429:
            s.rate_limited += 1
        else:
            s.other += 1
        s.first = min(s.first, e.at)
        s.last = max(s.last, e.at)
    scores = sorted(by_label.values(), key=lambda s: (s.first, s.label))
    for s in scores:
        s.best_s = best_span(kind, rpm, window, s.ok)
        s.ratio = s.span_s / s.best_s if s.best_s > 0 else None
    return scores


def format_text(s: LabelScore) -> str:
    d = s.as_dict()
    ratio = "null" if d["ratio"] is None else f"{d['ratio']:.3f}"
    return (f"label={d['label']} requests={d['requests']} ok={d['ok']} rate_limited={d['rate_limited']} "
            f"other={d['other']} span_s={d['span_s']:.3f} best_s={d['best_s']:.3f} ratio={ratio}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Score a judge access log per X-Bench-Run label.")
    p.add_argument("log", help="the judge's access.log ('-' for stdin)")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--rpm", required=True, type=int)
    p.add_argument("--window", type=int, default=None,
                   help="window in seconds (default 1; nginx ignores it)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    try:
        if args.log == "-":
            entries, bad = parse_log(sys.stdin)
        else:
            with open(args.log, encoding="utf-8", errors="replace") as f:
                entries, bad = parse_log(f)
        scores = score(entries, args.kind, args.rpm, args.window)
    except UsageError as e:
        print(f"score.py: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"score.py: {e}", file=sys.stderr)
        return 1
    if bad:
        print(f"score.py: skipped {bad} malformed line(s)", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([s.as_dict() for s in scores], indent=None))
    else:
        for s in scores:
            print(format_text(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
