#!/usr/bin/env python3
"""The naive reference client: starts request i at i x 1.02 x 60/RPM, on W worker threads, and retries
a 429 after its Retry-After (seconds) or 1 s. Stdlib only. Prints one summary line.

    fixed_spacing.py --url http://127.0.0.1:PORT/v1 --rpm 300 --requests 100 --workers 8 --label x --key k
"""
import argparse, json, threading, time, urllib.error, urllib.request

p = argparse.ArgumentParser()
p.add_argument("--url", required=True)
p.add_argument("--rpm", type=float, required=True)
p.add_argument("--requests", type=int, default=100)
p.add_argument("--workers", type=int, default=8)
p.add_argument("--label", default="fixed-spacing")
p.add_argument("--key", default="fixed-spacing")
a = p.parse_args()
spacing = 1.02 * 60.0 / a.rpm
body = json.dumps({"model": "judge", "messages": [{"role": "user", "content": "hi"}]}).encode()
headers = {"Authorization": f"Bearer {a.key}", "X-Bench-Run": a.label, "Content-Type": "application/json"}
lock, nxt, stats = threading.Lock(), [0], {"ok": 0, "429": 0, "other": 0}


def send():
    req = urllib.request.Request(a.url.rstrip("/") + "/chat/completions", body, headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            return r.status, None
    except urllib.error.HTTPError as e:
        e.read()
        return e.code, e.headers.get("Retry-After")


def worker(t0):
    while True:
        with lock:
            i, nxt[0] = nxt[0], nxt[0] + 1
        if i >= a.requests:
            return
        time.sleep(max(0.0, t0 + i * spacing - time.monotonic()))
        while True:
            status, retry_after = send()
            if status != 429:
                break
            with lock:
                stats["429"] += 1
            try:
                wait = float(retry_after)
            except (TypeError, ValueError):
                wait = 1.0
            time.sleep(max(0.0, wait))
        with lock:
            stats["ok" if 200 <= status < 300 else "other"] += 1


t0 = time.monotonic()
threads = [threading.Thread(target=worker, args=(t0,)) for _ in range(a.workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"label={a.label} requests={a.requests} ok={stats['ok']} 429s={stats['429']} other={stats['other']} "
      f"elapsed_s={time.monotonic() - t0:.3f} spacing_s={spacing:.4f}")
