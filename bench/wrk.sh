#!/usr/bin/env bash
# bench/wrk.sh — requests per second of a page served from the portal's
# page cache, against a plain Go net/http server writing the same bytes
# from memory, measured in the same run on loopback.
#
#   bench/wrk.sh                      # the main portal's home, 10 s, 2 threads, 50 connections
#   PAGE=/tin-tuc/SLUG THREADS=1 CONNS=64 bench/wrk.sh
#
# It installs nothing: wrk must be on PATH (Debian/Ubuntu: apt-get install
# wrk). It builds `cong` and bench/plainserver, starts `cong serve --demo`
# on a free 127.0.0.1 port with a temporary data folder, saves the page's
# bytes, serves them with plainserver, runs wrk against each in turn, prints
# both rates and their ratio, and stops both servers.
set -euo pipefail

PAGE=${PAGE:-/}
THREADS=${THREADS:-2}
CONNS=${CONNS:-50}
DURATION=${DURATION:-10s}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# free_port finds a port nobody listens on.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
	echo "no free port" >&2; exit 1
}

# wait_up polls a URL for up to 30 s.
wait_up() {
	for _ in $(seq 300); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return
		sleep 0.1
	done
	echo "server at $1 did not come up" >&2; exit 1
}

# rate runs wrk and prints its requests/s.
rate() {
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1" | tee "$tmp/wrk.out" >&2
	awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out"
}

(cd "$root" && go build -o "$tmp/cong" ./cmd/cong && go build -o "$tmp/plainserver" ./bench/plainserver)

cport=$(free_port)
# DATA names a prepared data folder (for instance with all of ../shared/corpus
# imported); without it the portal runs on a fresh demo.
if [ -n "${DATA:-}" ]; then
	"$tmp/cong" serve --data "$DATA" --addr "127.0.0.1:$cport" >"$tmp/cong.log" 2>&1 &
else
	"$tmp/cong" serve --demo --data "$tmp/data" --addr "127.0.0.1:$cport" >"$tmp/cong.log" 2>&1 &
fi
cong_pid=$!
pids+=($cong_pid)
wait_up "http://127.0.0.1:$cport/healthz"

url="http://127.0.0.1:$cport$PAGE"
curl -fsS -o /dev/null "$url" # the first request renders and stores the page
curl -fsS -D "$tmp/headers" -o "$tmp/page.html" "$url"
grep -qi '^x-cache: hit' "$tmp/headers" || { echo "the page is not served from the cache:" >&2; cat "$tmp/headers" >&2; exit 1; }

pport=$(free_port)
"$tmp/plainserver" -addr "127.0.0.1:$pport" -file "$tmp/page.html" >"$tmp/plain.log" 2>&1 &
pids+=($!)
wait_up "http://127.0.0.1:$pport/"

echo "page $PAGE: $(wc -c <"$tmp/page.html") bytes; wrk -t$THREADS -c$CONNS -d$DURATION" >&2
echo "== cong (page cache)" >&2
cong_rps=$(rate "$url")
echo "== plain net/http" >&2
plain_rps=$(rate "http://127.0.0.1:$pport$PAGE")

echo "cong:  $cong_rps requests/s"
echo "plain: $plain_rps requests/s"
awk -v a="$cong_rps" -v b="$plain_rps" 'BEGIN { printf "ratio: %.2f\n", a / b }'
echo "cong resident memory: $(awk '/^VmRSS/ {print $2, $3}' "/proc/$cong_pid/status")"
