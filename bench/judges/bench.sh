#!/usr/bin/env bash
# The full judged benchmark in one command (see "The judged benchmark" in README.md in this folder).
#   bench/judges/bench.sh [--quick] [--full] [--redis-only [--repeat N]]
# Runs `backoff bench --endpoint` (the CLI jar, through bin/backoff) against each real rate limiter on
# loopback, one fresh judge per row, and prints one Markdown table on stdout: per row and per strategy the
# requests admitted, the 429s, the span, the best span and span/best, all read from the judge's own access
# log by score.py (never from the client's report). Progress goes to stderr.
#   --quick  only the 300 RPM rows (the four judges at 1 s windows, fixed-xrl at a 60 s window)
#   --full   also runs fixed-margin on the 400-request row of fixed-xrl --window 60 (about 80 s more)
#   --redis-only  only the Redis row (nginx 600 RPM, 3 worker JVMs on one key), --repeat N times (default 1)
# Stops every judge (and the Redis) it started, and only those, also on Ctrl-C.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
backoff="$root/bin/backoff"

say() { echo "bench.sh: $*" >&2; }
usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

quick="" full="" redis_only="" repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=yes; shift ;;
    --full) full=yes; shift ;;
    --redis-only) redis_only=yes; shift ;;
    --repeat)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { say "--repeat needs a positive whole number"; usage; }
      repeat="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) say "unknown argument '$1'"; usage ;;
  esac
done

command -v python3 >/dev/null 2>&1 || { say "python3 is needed (score.py and the table)"; exit 1; }

started_at=$(date +%s)
run="$(mktemp -d /tmp/judges-bench-XXXXXX)"
results="$run/results.jsonl"
: >"$results"
judge_dirs=()   # every DIR given to judge.sh start, stopped on exit (a no-op for stopped ones)
child=""        # the bench (or judge.sh) running in the background, if any
redis_pid="" redis_port=""
failures=0

# ---------------------------------------------------------------- cleanup (only what this run started)

# pids of $1's descendants, deepest first
descendants() {
  local pid="$1" kid
  for kid in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    descendants "$kid"
    echo "$kid"
  done
}

stop_child() {
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    local pids
    pids="$(descendants "$child" | tr '\n' ' ') $child"
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  child=""
}

stop_redis() {
  [ -n "$redis_pid" ] || return 0
  # ours: the pid we launched, still a redis-server on our port
  if kill -0 "$redis_pid" 2>/dev/null && tr '\0' ' ' <"/proc/$redis_pid/cmdline" 2>/dev/null \
      | grep -q "redis-server.*$redis_port"; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  redis_pid=""
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_child
  local dir
  for dir in "${judge_dirs[@]}"; do
    if [ -f "$dir/pgids" ]; then
      bash "$here/judge.sh" stop "$dir" || say "could not stop the judge in $dir"
    fi
  done
  stop_redis
  exit "$status"
}
trap cleanup EXIT
trap 'say "interrupted; stopping what this run started"; exit 130' INT
trap 'say "terminated; stopping what this run started"; exit 143' TERM

# runs "$@" in the background and waits for it, so that a signal reaches the traps at once (and the trap
# stops it and its own children, e.g. the worker JVMs)
run_child() {
  "$@" &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

# ---------------------------------------------------------------- one row

# start_judge NAME KIND RPM [WINDOW]: sets dir, url, log
start_judge() {
  local name="$1" kind="$2" rpm="$3" window="${4:-}"
  dir="$run/$name"
  judge_dirs+=("$dir")
  if ! bash "$here/judge.sh" start "$kind" --rpm "$rpm" ${window:+--window "$window"} --dir "$dir" \
      >"$run/$name.start"; then
    say "the $kind judge did not start (judge.sh's output is above)"
    exit 1
  fi
  url="$(sed -n 's/^url=//p' "$run/$name.start")"
  log="$(sed -n 's/^log=//p' "$run/$name.start")"
}

# record NAME KIND RPM WINDOW SETTING BENCH_EXIT: scores the stopped judge's log into results.jsonl
record() {
  local name="$1" kind="$2" rpm="$3" window="$4" setting="$5" bench_exit="$6"
  python3 "$here/score.py" "$log" --kind "$kind" --rpm "$rpm" ${window:+--window "$window"} --format json \
    >"$dir/score.json"
  python3 - "$results" "$name" "$kind" "$setting" "$bench_exit" "$dir/score.json" <<'EOF'
import json, sys
results, name, kind, setting, bench_exit, score = sys.argv[1:]
with open(score) as f:
    labels = json.load(f)
with open(results, "a") as f:
    f.write(json.dumps({"name": name, "judge": kind, "setting": setting, "bench_exit": int(bench_exit),
                        "labels": labels}) + "\n")
EOF
}

# row NAME KIND RPM WINDOW REQUESTS CONCURRENCY STRATEGIES SETTING
row() {
  local name="$1" kind="$2" rpm="$3" window="$4" requests="$5" concurrency="$6" strategies="$7" setting="$8"
  local t0 rc=0
  t0=$(date +%s)
  say "[$name] $kind${window:+ --window $window} --rpm $rpm: $strategies, $requests requests, $concurrency threads"
  start_judge "$name" "$kind" "$rpm" "$window"
  run_child "$backoff" bench --endpoint "$url" --rpm "$rpm" --requests "$requests" --concurrency "$concurrency" \
    --strategies "$strategies" --format json >"$dir/bench.json" || rc=$?
  bash "$here/judge.sh" stop "$dir" 2>/dev/null   # once it has exited, every request it answered is logged
  if [ "$rc" -ne 0 ]; then
    say "[$name] backoff bench exited $rc (the row shows what the judge logged)"
    failures=$((failures + 1))
  fi
  record "$name" "$kind" "$rpm" "$window" "$setting" "$rc"
  say "[$name] done in $(( $(date +%s) - t0 )) s: $(python3 "$here/score.py" "$log" --kind "$kind" --rpm "$rpm" \
    ${window:+--window "$window"} | tr '\n' ';')"
}

# ---------------------------------------------------------------- Redis (the multi-process row)

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

need_redis_server() {
  command -v redis-server >/dev/null 2>&1 && return 0
  say "installing redis-server"
  (
    flock 9
    made_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep Debian's postinst from starting a system Redis
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      made_policy=yes
    fi
    rc=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } >&2 || rc=$?
    if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
    exit "$rc"
  ) 9>/tmp/progressive-backoff-judges-apt.lock
}

redis_answers() {
  python3 - "$redis_port" <<'EOF' 2>/dev/null
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
    s.sendall(b"PING\r\n")
    sys.exit(0 if s.recv(64).startswith(b"+PONG") else 1)
EOF
}

# a throwaway Redis on a free loopback port, no persistence, in the run directory
start_redis() {
  need_redis_server
  local attempt i
  mkdir -p "$run/redis"
  for attempt in 1 2 3; do
    redis_port="$(free_port)"
    (cd "$run/redis" && exec redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
      --daemonize no </dev/null >>"$run/redis/redis.log" 2>&1) &
    redis_pid=$!
    for i in $(seq 1 50); do
      kill -0 "$redis_pid" 2>/dev/null || break
      if redis_answers; then
        say "redis-server up on 127.0.0.1:$redis_port (pid $redis_pid)"
        return 0
      fi
      sleep 0.1
    done
    stop_redis
    say "attempt $attempt: redis-server did not answer on port $redis_port"
  done
  tail -n 20 "$run/redis/redis.log" >&2 || true
  exit 1
}

# redis_row NAME RPM REQUESTS CONCURRENCY WORKERS SETTING: nginx, WORKERS JVMs sharing one key through Redis
redis_row() {
  local name="$1" rpm="$2" requests="$3" concurrency="$4" workers="$5" setting="$6" t0 rc=0
  t0=$(date +%s)
  say "[$name] nginx --rpm $rpm: $workers worker JVMs on one key through Redis, $requests requests, $concurrency threads each"
  start_redis
  start_judge "$name" nginx "$rpm"
  run_child "$backoff" bench --endpoint "$url" --rpm "$rpm" --requests "$requests" --concurrency "$concurrency" \
    --workers "$workers" --redis "redis://127.0.0.1:$redis_port" --format json >"$dir/bench.json" || rc=$?
  bash "$here/judge.sh" stop "$dir" 2>/dev/null
  stop_redis
  if [ "$rc" -ne 0 ]; then
    say "[$name] backoff bench exited $rc (the row shows what the judge logged)"
    failures=$((failures + 1))
  fi
  record "$name" nginx "$rpm" "" "$setting" "$rc"
  say "[$name] done in $(( $(date +%s) - t0 )) s: $(python3 "$here/score.py" "$log" --kind nginx --rpm "$rpm" | tr '\n' ';')"
}

# ---------------------------------------------------------------- the table

table() {
  python3 - "$results" <<'EOF'
import json, sys

STRATEGIES = (("paced", ("paced", "paced-redis")), ("fixed-margin", ("fixed-margin",)))

def cells(labels, names):
    for s in labels:
        if s["label"] in names:
            ok = str(s["ok"]) + (f" (+{s['other']} other)" if s["other"] else "")
            ratio = "–" if s["ratio"] is None else f"{s['ratio']:.3f}"
            return [ok, str(s["rate_limited"]), f"{s['span_s']:.2f}", f"{s['best_s']:.2f}", ratio]
    return ["–"] * 5

head = ["judge", "setting"]
for strategy, _ in STRATEGIES:
    head += [f"{strategy} ok", "429s", "span s", "best s", "span/best"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        labels = r["labels"]
        extra = sorted({s["label"] for s in labels} - {"paced", "paced-redis", "fixed-margin"})
        setting = r["setting"] + (f" (also logged: {', '.join(extra)})" if extra else "")
        if r["bench_exit"]:
            setting += f" (bench exited {r['bench_exit']})"
        row = [f"`{r['judge']}`", setting]
        for _, names in STRATEGIES:
            row += cells(labels, names)
        print("| " + " | ".join(row) + " |")
EOF
}

# ---------------------------------------------------------------- main

say "run directory (judge logs, scores, client reports): $run"
say "building the CLI jar if needed (bin/backoff)"
"$backoff" bench --help >/dev/null

both="paced,fixed-margin"
redis_setting="600 RPM, 3 worker JVMs on one key through Redis (label paced-redis), 180 requests, 4 threads each"
if [ -n "$redis_only" ]; then
  for ((i = 1; i <= repeat; i++)); do
    redis_row "nginx-600-redis-$i" 600 180 4 3 "$redis_setting (run $i)"
  done
  table
  say "took $(( $(date +%s) - started_at )) s; logs, scores and client reports in $run"
  [ "$failures" -eq 0 ] || exit 1
  exit 0
fi
for kind in nginx haproxy fixed-ietf fixed-xrl; do
  if [ "$kind" = nginx ]; then w="" note="300 RPM"; else w=1 note="300 RPM, 1 s window"; fi
  row "$kind-300" "$kind" 300 "$w" 100 8 "$both" "$note, 100 requests, 8 threads"
done
if [ -z "$quick" ]; then
  for kind in nginx haproxy fixed-ietf fixed-xrl; do
    if [ "$kind" = nginx ]; then w="" note="60 RPM"; else w=1 note="60 RPM, 1 s window"; fi
    row "$kind-60" "$kind" 60 "$w" 30 4 "$both" "$note, 30 requests, 4 threads"
  done
fi
row fixed-xrl-w60-100 fixed-xrl 300 60 100 8 "$both" "300 RPM, 60 s window, 100 requests, 8 threads"
if [ -n "$full" ]; then
  row fixed-xrl-w60-400 fixed-xrl 300 60 400 8 "$both" "300 RPM, 60 s window, 400 requests, 8 threads"
else
  row fixed-xrl-w60-400 fixed-xrl 300 60 400 8 paced "300 RPM, 60 s window, 400 requests, 8 threads (paced only; --full adds fixed-margin)"
fi
if [ -z "$quick" ]; then
  redis_row nginx-600-redis 600 180 4 3 "$redis_setting"
fi

table
elapsed=$(( $(date +%s) - started_at ))
say "took $((elapsed / 60)) min $((elapsed % 60)) s; logs, scores and client reports in $run"
if [ "$failures" -gt 0 ]; then
  say "$failures bench run(s) exited non-zero"
  exit 1
fi
