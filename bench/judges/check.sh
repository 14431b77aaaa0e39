#!/usr/bin/env bash
# The hand check of README.md, scripted: for each KIND given (default: all four) at --rpm RPM (default 300)
# and its default window (or --window W):
#   start it; send q+3 requests back to back with curl (label "burst", key "burst-<kind>") and show the
#   headers of the last answer; wait one window; send 3 requests 1.05 x 60/rpm apart (label "spaced");
#   run fixed_spacing.py (100 requests, 8 workers, label "fixed-spacing", a fresh key); score the log;
#   stop it; and fail if any process started in its dir is still running.
#   check.sh [--rpm RPM] [--window W] [KIND...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
rpm=300 window="" kinds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rpm) rpm="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    *) kinds+=("$1"); shift ;;
  esac
done
[ ${#kinds[@]} -gt 0 ] || kinds=(nginx haproxy fixed-ietf fixed-xrl)

for kind in "${kinds[@]}"; do
  echo "=== $kind --rpm $rpm${window:+ --window $window}"
  out="$("$here/judge.sh" start "$kind" --rpm "$rpm" ${window:+--window "$window"})"
  echo "$out"
  url="$(sed -n 's/^url=//p' <<<"$out")"
  log="$(sed -n 's/^log=//p' <<<"$out")"
  dir="$(sed -n 's/^dir=//p' <<<"$out")"
  w="${window:-1}"
  if [ "$kind" = nginx ]; then q=1; w=1; else q=$(( rpm * w / 60 )); fi
  trap '"$here/judge.sh" stop "$dir" || true' EXIT

  echo "--- $((q + 3)) back to back (key burst-$kind):"
  codes=""
  for i in $(seq 1 $((q + 3))); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/chat/completions" \
      -H "Authorization: Bearer burst-$kind" -H 'X-Bench-Run: burst' -H 'Content-Type: application/json' \
      -d '{"model":"judge","messages":[{"role":"user","content":"hi"}]}')"
    codes+="$code "
  done
  echo "$codes" | tr ' ' '\n' | grep . | uniq -c | awk '{printf "%s x %s  ", $1, $2} END {print ""}'
  echo "--- one more, headers:"
  curl -s -D - -o /dev/null -X POST "$url/chat/completions" -H "Authorization: Bearer burst-$kind" \
    -H 'X-Bench-Run: burst' -d '{}' | tr -d '\r' | grep -v -i -E '^(date|connection|keep-alive|server):' || true
  sleep "$w"
  echo "--- 3 spaced 1.05 x 60/rpm apart:"
  codes=""
  for i in 1 2 3; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/chat/completions" \
      -H "Authorization: Bearer burst-$kind" -H 'X-Bench-Run: spaced' -d '{}')"
    codes+="$code "
    sleep "$(python3 -c "print(1.05 * 60 / $rpm)")"
  done
  echo "$codes"
  echo "--- fixed_spacing.py --rpm $rpm --requests 100 --workers 8:"
  python3 "$here/fixed_spacing.py" --url "$url" --rpm "$rpm" --requests 100 --workers 8 \
    --label fixed-spacing --key "fs-$kind-$$"
  echo "--- score.py $log --kind $kind --rpm $rpm${window:+ --window $window}:"
  python3 "$here/score.py" "$log" --kind "$kind" --rpm "$rpm" ${window:+--window "$window"}
  echo "--- log: first 3 lines, the lines around the first 429, and the first \"spaced\" line:"
  head -n 3 "$log"
  echo "..."
  grep -m1 -n -B1 -A1 ' 429 ' "$log" | sed 's/^[0-9]*[:-]//' || true
  echo "..."
  grep -m1 ' spaced$' "$log" || true
  "$here/judge.sh" stop "$dir"
  trap - EXIT
  left="$(ps -eo pid=,stat= | while read -r pid stat; do
    case "$stat" in Z*) continue ;; esac
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$dir" ] && echo "$pid"; done || true)"
  if [ -n "$left" ]; then
    echo "FAIL: still running in $dir: $left"
    ps -o pid,stat,cmd -p "$(echo $left | tr ' ' ',')"
    exit 1
  fi
  echo "--- stopped; no process left in $dir"
done
