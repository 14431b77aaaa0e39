#!/usr/bin/env bash
# Starts or stops the Redis server the pacer-redis tests use: loopback only, no persistence.
#   .ci/redis.sh start   installs redis-server if missing, starts it on PB_REDIS_PORT (default 6390)
#   .ci/redis.sh stop    stops the server "start" started (not one that was already running)
# The tests read PB_REDIS_URL (default redis://127.0.0.1:6390).
set -euo pipefail
port="${PB_REDIS_PORT:-6390}"
pidfile="/tmp/progressive-backoff-redis-${port}.pid"

case "${1:-}" in
  start)
    if ! command -v redis-server >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      echo "redis already answering on 127.0.0.1:$port"
      exit 0
    fi
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
      --daemonize yes --pidfile "$pidfile" --logfile "/tmp/progressive-backoff-redis-${port}.log"
    for _ in $(seq 1 50); do
      if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
        echo "redis started on 127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    echo "redis did not start on 127.0.0.1:$port" >&2
    exit 1
    ;;
  stop)
    # only a server this script started: one that was already answering at "start" is left running
    if [ ! -f "$pidfile" ]; then
      echo "redis on 127.0.0.1:$port was not started by this script; left running"
      exit 0
    fi
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$pidfile"
    echo "redis on 127.0.0.1:$port stopped"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
