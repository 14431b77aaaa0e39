#!/usr/bin/env python3
"""Scores a fixed-tokens judge's access log: for each X-Bench-Run label, how close the client came to the
shortest span the judge's token budget allows.

    score_tokens.py LOG --tpm N [--window S] [--format text|json]

LOG lines are "<epoch seconds.ms> <status> <label> <tokens>", written by `judge.sh start fixed-tokens`
(rate-limiter-flexible, points = the request's tokens as the judge counts them, q = tpm x window / 60 per key
per fixed window). Per label, in order of first arrival:

    requests       all logged requests of that label
    ok             2xx
    rate_limited   429
    tokens         the tokens of the ok requests, from the judge's own count
    span_s         last logged arrival - first logged arrival
    best_s         (ceil(tokens / q) - 1) x window: a perfect client spends q tokens at its first arrival
                   and q more in every window after that (the library opens a key's window at its first
                   request, and the next one at the first request after it ended)
    ideal_s        tokens x 60 / tpm: the token-bound ideal of a limiter without windows
    ratio          span_s / best_s, or null when best_s is 0
Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import json
import math
import sys


def parse_log(lines) -> tuple[list[tuple[float, int, str, int]], int]:
    """(arrival, status, label, tokens) of the well-formed lines, and how many non-empty lines were not."""
    entries, bad = [], 0
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        try:
            entries.append((float(parts[0]), int(parts[1]), parts[2], int(parts[3])))
        except (ValueError, IndexError):
            bad += 1
    return entries, bad


def score(entries, tpm: int, window: int) -> list[dict]:
    if tpm <= 0 or window <= 0 or (tpm * window) % 60 != 0:
        raise ValueError(f"q = tpm x window / 60 = {tpm} x {window} / 60 is not a positive integer")
    q = tpm * window // 60
    by_label: dict[str, dict] = {}
    for at, status, label, tokens in entries:
        s = by_label.setdefault(label, {"label": label, "requests": 0, "ok": 0, "rate_limited": 0,
                                        "tokens": 0, "first": at, "last": at})
        s["requests"] += 1
        s["first"], s["last"] = min(s["first"], at), max(s["last"], at)
        if 200 <= status < 300:
            s["ok"] += 1
            s["tokens"] += tokens
        elif status == 429:
            s["rate_limited"] += 1
    scores = []
    for s in sorted(by_label.values(), key=lambda s: (s["first"], s["label"])):
        span = s.pop("last") - s.pop("first")
        best = max(0, math.ceil(s["tokens"] / q) - 1) * float(window)
        s.update(span_s=round(span, 3), best_s=round(best, 3), ideal_s=round(s["tokens"] * 60 / tpm, 3),
                 ratio=round(span / best, 4) if best > 0 else None)
        scores.append(s)
    return scores


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Score a fixed-tokens judge's access log per X-Bench-Run label.")
    p.add_argument("log", help="the judge's access.log ('-' for stdin)")
    p.add_argument("--tpm", required=True, type=int)
    p.add_argument("--window", type=int, default=1, help="window in seconds (default 1)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    try:
        if args.log == "-":
            entries, bad = parse_log(sys.stdin)
        else:
            with open(args.log, encoding="utf-8", errors="replace") as f:
                entries, bad = parse_log(f)
        scores = score(entries, args.tpm, args.window)
    except ValueError as e:
        print(f"score_tokens.py: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"score_tokens.py: {e}", file=sys.stderr)
        return 1
    if bad:
        print(f"score_tokens.py: skipped {bad} malformed line(s)", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(scores))
    else:
        for s in scores:
            print(" ".join(f"{k}={'null' if v is None else v}" for k, v in s.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
