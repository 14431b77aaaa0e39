#!/usr/bin/env bash
# Starts or stops one loopback rate-limit judge (see README.md in this folder).
#   judge.sh start KIND --rpm N [--window SECONDS] [--dir DIR]
#   judge.sh start fixed-tokens --tpm N [--window SECONDS] [--dir DIR]
#       KIND: nginx | haproxy | fixed-ietf | fixed-xrl. Prints on stdout exactly
#         url=http://127.0.0.1:PORT/v1
#         log=/abs/path/to/access.log
#         dir=/abs/path/to/state-dir
#       and everything else on stderr. Exit 2 on bad arguments, 1 if the judge did not come up.
#   judge.sh stop DIR
#       stops every process that "start" started in DIR, and only those; keeps the log and the config.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
kinds="nginx haproxy fixed-ietf fixed-xrl fixed-tokens"

say() { echo "judge.sh: $*" >&2; }
usage() {
  cat >&2 <<EOF
usage: judge.sh start KIND --rpm N [--window SECONDS] [--dir DIR]
       judge.sh start fixed-tokens --tpm N [--window SECONDS] [--dir DIR]
       judge.sh stop DIR
KIND: ${kinds// / | }
EOF
  exit 2
}

# ---------------------------------------------------------------- installs (each only if missing)

# apt-get, serialised between concurrent starts; keeps Debian's postinst from starting a system
# nginx/haproxy where no policy-rc.d says otherwise.
apt_install() {
  (
    flock 9
    local made_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      made_policy=yes
    fi
    say "installing $*"
    rc=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >&2 || rc=$?
    if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
    exit "$rc"
  ) 9>/tmp/progressive-backoff-judges-apt.lock
}

need_nginx() {
  if [ ! -x /usr/sbin/nginx ]; then apt_install nginx-light; fi
  nginx_bin=/usr/sbin/nginx
}

need_haproxy() {
  if [ ! -x /usr/sbin/haproxy ]; then apt_install haproxy; fi
  haproxy_bin=/usr/sbin/haproxy
}

# node_modules from the committed package-lock.json, when missing or not at the pinned versions
need_node_modules() {
  command -v node >/dev/null 2>&1 || { say "node is not installed (Node 20 expected)"; exit 1; }
  local check='const p=require("./package.json");for(const [n,v] of Object.entries(p.dependencies)){
    if(require("./node_modules/"+n+"/package.json").version!==v) process.exit(1)}'
  if ! (cd "$here" && node -e "$check") >/dev/null 2>&1; then
    (
      flock 9
      cd "$here"
      if ! node -e "$check" >/dev/null 2>&1; then
        say "npm ci in $here"
        npm ci --no-audit --no-fund --loglevel=error >&2
      fi
    ) 9>"$here/.npm-install.lock"
  fi
}

need_python() {
  command -v python3 >/dev/null 2>&1 || apt_install python3
}

# ---------------------------------------------------------------- helpers

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# 0 when GET URL/models answers 200 with our X-Judge-Id (so a server that got the port first is not
# taken for ours)
answers() {
  python3 - "$1" "$judge_id" <<'EOF'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "/models", timeout=1) as r:
        sys.exit(0 if r.status == 200 and r.headers.get("X-Judge-Id") == sys.argv[2] else 1)
except Exception:
    sys.exit(1)
EOF
}

# pids whose process group is $1 and whose working directory is $2 (every process a start launched
# runs in its state dir, so a recycled pid or group id of someone else's process is never matched)
members() {
  local pg="$1" dir="$2" p pid stat rest pgrp
  for p in /proc/[0-9]*; do
    pid="${p#/proc/}"
    { read -r stat <"$p/stat"; } 2>/dev/null || continue
    rest="${stat##*) }"
    read -r _ _ pgrp _ <<<"$rest"
    [ "$pgrp" = "$pg" ] || continue
    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$dir" ] || continue
    echo "$pid"
  done
}

# every pid start launched in $1 that is still running
running_in() {
  local dir="$1" pg
  [ -f "$dir/pgids" ] || return 0
  while read -r pg; do
    [ -n "$pg" ] && members "$pg" "$dir"
  done <"$dir/pgids"
}

# launch "$@" in its own session (so its process group holds it and its children), cwd = $dir,
# stdout to $out, stderr to $err; records the group id in $dir/pgids
launch() {
  local out="$1" err="$2"
  shift 2
  (cd "$dir" && exec setsid "$@" </dev/null >>"$out" 2>>"$err") &
  local pid=$!
  echo "$pid" >>"$dir/pgids"
  launched_pid=$pid
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_dir() {
  local dir="$1" pids left i
  pids="$(running_in "$dir" | tr '\n' ' ')"
  if [ -z "${pids// /}" ]; then
    [ -f "$dir/pgids" ] && mv -f "$dir/pgids" "$dir/pgids.stopped"
    return 0
  fi
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for i in $(seq 1 50); do
    left="$(running_in "$dir" | tr '\n' ' ')"
    [ -z "${left// /}" ] && break
    sleep 0.1
  done
  left="$(running_in "$dir" | tr '\n' ' ')"
  if [ -n "${left// /}" ]; then
    say "killing $left (still running 5 s after SIGTERM)"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
    for i in $(seq 1 50); do
      left="$(running_in "$dir" | tr '\n' ' ')"
      [ -z "${left// /}" ] && break
      sleep 0.1
    done
  fi
  left="$(running_in "$dir" | tr '\n' ' ')"
  if [ -n "${left// /}" ]; then
    say "could not stop $left"
    return 1
  fi
  mv -f "$dir/pgids" "$dir/pgids.stopped"
}

# ---------------------------------------------------------------- configs

write_nginx_conf() {
  local port="$1" bport="$2" user_line=""
  if [ "$(id -u)" = 0 ]; then user_line="user root root;"; fi
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
# generated by judge.sh: nginx limit_req judge, $rpm r/m per Authorization header, no burst
$user_line
worker_processes 1;
daemon off;
master_process on;
pid $dir/nginx.pid;
lock_file $dir/nginx.lock;
working_directory $dir;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    server_tokens off;
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_timeout 60s;
    keepalive_requests 100000;

    log_format judge '\$judge_arrival \$status \$judge_run';
    map \$http_x_bench_run \$judge_run { "" "-"; default \$http_x_bench_run; }
    map \$msec \$judge_created { "~^(?<s>[0-9]+)" \$s; }

    limit_req_zone \$http_authorization zone=judge:10m rate=${rpm}r/m;
    limit_req_status 429;
    limit_req_log_level info;

    upstream judge_backend { server 127.0.0.1:$bport; keepalive 16; }

    server {
        listen 127.0.0.1:$port;
        location = /v1/chat/completions {
            # set runs in the rewrite phase, before limit_req (preaccess), in the same event-loop turn:
            # the logged time is the time limit_req saw
            set \$judge_arrival \$msec;
            limit_req zone=judge;
            access_log $dir/access.log judge;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass http://judge_backend;
        }
        location = /v1/models {
            default_type application/json;
            add_header X-Judge-Id $judge_id always;
            return 200 '{"object":"list","data":[{"id":"judge","object":"model"}]}';
        }
        location / { return 404; }
    }
    server {
        listen 127.0.0.1:$bport;
        keepalive_requests 100000;
        location / {
            default_type application/json;
            return 200 '{"id":"chatcmpl-judge","object":"chat.completion","created":\$judge_created,"model":"judge","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}';
        }
    }
}
EOF
}

write_haproxy_cfg() {
  local port="$1"
  cat >"$dir/haproxy.cfg" <<EOF
# generated by judge.sh: HAProxy stick-table judge, more than $q requests in http_req_rate(${window}s)
# per Authorization header -> 429 (denied requests are tracked first, so they count in the rate)
global
    log stdout format raw local0
    nbthread 1
    maxconn 2000
    # a second listener on the same port must fail, not share it
    noreuseport

defaults
    mode http
    log global
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 60s

frontend judge
    bind 127.0.0.1:$port
    log-format "%[var(txn.s)].%[var(txn.ms),add(1000),regsub(^1,)] %ST %[var(txn.run)]"
    acl chat path /v1/chat/completions
    acl models path /v1/models
    http-request set-log-level silent if !chat
    http-request return status 200 content-type application/json string "{\"object\":\"list\",\"data\":[{\"id\":\"judge\",\"object\":\"model\"}]}" hdr X-Judge-Id $judge_id if models
    http-request return status 404 content-type application/json string "{\"error\":{\"message\":\"not found\"}}" if !chat
    http-request set-var(txn.s) date
    http-request set-var(txn.ms) date_us,div(1000)
    http-request set-var(txn.run) req.fhdr(x-bench-run)
    http-request track-sc0 req.fhdr(authorization) table judge_rates
    http-request deny deny_status 429 if { sc_http_req_rate(0) gt $q }
    http-request return status 200 content-type application/json lf-string "{\"id\":\"chatcmpl-judge\",\"object\":\"chat.completion\",\"created\":%[date],\"model\":\"judge\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}"

backend judge_rates
    stick-table type string len 512 size 100k expire 30m store http_req_rate(${window}s)
EOF
}

# ---------------------------------------------------------------- start

start() {
  [ $# -ge 1 ] || usage
  kind="$1"
  shift
  case " $kinds " in *" $kind "*) ;; *) say "unknown KIND '$kind'"; usage ;; esac
  rpm="" window="" dir="" tpm=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --rpm) [ $# -ge 2 ] || usage; rpm="$2"; shift 2 ;;
      --tpm) [ $# -ge 2 ] || usage; tpm="$2"; shift 2 ;;
      --window) [ $# -ge 2 ] || usage; window="$2"; shift 2 ;;
      --dir) [ $# -ge 2 ] || usage; dir="$2"; shift 2 ;;
      *) say "unknown argument '$1'"; usage ;;
    esac
  done
  if [ "$kind" = fixed-tokens ]; then
    # tokens per minute, counted per key over fixed windows: q = tpm x window / 60 tokens per window
    [[ "$tpm" =~ ^[1-9][0-9]*$ ]] || { say "fixed-tokens needs --tpm, a positive integer (got '${tpm}')"; exit 2; }
    rpm="$tpm"
  elif [ -n "$tpm" ]; then
    say "--tpm is for fixed-tokens only"
    exit 2
  fi
  [[ "$rpm" =~ ^[1-9][0-9]*$ ]] || { say "--rpm must be a positive integer (got '${rpm}')"; exit 2; }
  if [ "$kind" = nginx ]; then
    if [ -n "$window" ]; then say "nginx ignores --window (limit_req is a leaky bucket of rate=${rpm}r/m)"; fi
    window=60
    q=""
  else
    window="${window:-1}"
    [[ "$window" =~ ^[1-9][0-9]*$ ]] || { say "--window must be a positive integer number of seconds (got '$window')"; exit 2; }
    if [ $(( rpm * window % 60 )) -ne 0 ]; then
      local a=$rpm b=60 t
      while [ "$b" -ne 0 ]; do t=$((a % b)); a=$b; b=$t; done
      say "q = rpm x window / 60 = $rpm x $window / 60 is not a positive integer; with --rpm $rpm use a --window that is a multiple of $((60 / a)) s"
      exit 2
    fi
    q=$(( rpm * window / 60 ))
  fi

  need_python
  case "$kind" in
    nginx) need_nginx ;;
    haproxy) need_haproxy ;;
    fixed-*) need_node_modules ;;
  esac

  if [ -z "$dir" ]; then
    dir="$(mktemp -d "/tmp/judge-$kind-XXXXXX")"
  else
    mkdir -p "$dir"
  fi
  dir="$(cd "$dir" && pwd -P)"
  if [ -n "$(running_in "$dir")" ]; then
    say "a judge started in $dir is still running; stop it first (judge.sh stop $dir)"
    exit 1
  fi
  rm -f "$dir/pgids" "$dir/pgids.stopped" "$dir/port"
  : >"$dir/access.log"
  judge_id="$(python3 -c 'import secrets; print(secrets.token_hex(8))')"

  local attempt port bport url ok i
  for attempt in 1 2 3; do
    case "$kind" in
      nginx)
        port="$(free_port)"
        bport="$(free_port)"
        while [ "$bport" = "$port" ]; do bport="$(free_port)"; done
        write_nginx_conf "$port" "$bport"
        launch "$dir/nginx.out" "$dir/nginx.out" \
          "$nginx_bin" -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf"
        ;;
      haproxy)
        port="$(free_port)"
        write_haproxy_cfg "$port"
        # with "log stdout" and -db (foreground), haproxy's stdout is the access log
        launch "$dir/access.log" "$dir/haproxy.err" "$haproxy_bin" -db -f "$dir/haproxy.cfg"
        ;;
      fixed-*)
        launch "$dir/node.out" "$dir/node.err" node "$here/judge_server.js" --kind "$kind" --q "$q" \
          --window "$window" --log "$dir/access.log" --port-file "$dir/port" --id "$judge_id"
        port=""
        ;;
    esac
    ok=""
    for i in $(seq 1 100); do
      if ! alive "$launched_pid"; then break; fi
      if [ -z "$port" ] && [ -s "$dir/port" ]; then port="$(tr -d '\n' <"$dir/port")"; fi
      if [ -n "$port" ] && answers "http://127.0.0.1:$port/v1"; then ok=yes; break; fi
      sleep 0.1
    done
    [ -n "$ok" ] && break
    say "attempt $attempt: $kind judge did not answer; its output:"
    tail -n 20 "$dir"/*.out "$dir"/*.err "$dir"/error.log 2>/dev/null | sed 's/^/  /' >&2 || true
    stop_dir "$dir" || true
    if [ "$attempt" = 3 ]; then exit 1; fi
  done

  url="http://127.0.0.1:$port/v1"
  cat >"$dir/judge.env" <<EOF
kind=$kind
rpm=$rpm
tpm=$tpm
window=$window
q=$q
url=$url
log=$dir/access.log
EOF
  say "$kind judge up: ${q:+q=$q per ${window}s, }rpm=$rpm, pid $launched_pid"
  echo "url=$url"
  echo "log=$dir/access.log"
  echo "dir=$dir"
}

# ---------------------------------------------------------------- main

case "${1:-}" in
  start)
    shift
    start "$@"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    [ -d "$2" ] || { say "no such directory: $2"; exit 2; }
    dir="$(cd "$2" && pwd -P)"
    if [ ! -f "$dir/pgids" ]; then
      say "nothing started in $dir is running"
      exit 0
    fi
    stop_dir "$dir"
    say "stopped the judge in $dir"
    ;;
  *)
    usage
    ;;
esac
