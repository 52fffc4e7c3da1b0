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
# bytes and headers, serves them with plainserver (once with the same
# headers, once with the body alone), runs wrk against each in turn, prints
# the rates, the server CPU per request and the ratios, and stops them all.
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

# cpu_ticks prints the CPU time (user + system, in clock ticks) a process
# has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# rate runs wrk against URL, served by process PID, and prints its
# requests/s and the server's CPU time per request in microseconds. The
# second figure does not depend on what else the machine is doing, which
# makes it the steadier of the two on a shared machine.
rate() {
	local before after
	before=$(cpu_ticks "$2")
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1" | tee "$tmp/wrk.out" >&2
	after=$(cpu_ticks "$2")
	awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
		/^Requests\/sec:/ {rps = $2}
		/requests in/ {n = $1}
		END {printf "%s %.1f\n", rps, t / hz * 1e6 / n}' "$tmp/wrk.out"
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
"$tmp/plainserver" -addr "127.0.0.1:$pport" -file "$tmp/page.html" -headers "$tmp/headers" >"$tmp/plain.log" 2>&1 &
plain_pid=$!
pids+=($plain_pid)
bport=$(free_port)
"$tmp/plainserver" -addr "127.0.0.1:$bport" -file "$tmp/page.html" >"$tmp/bare.log" 2>&1 &
bare_pid=$!
pids+=($bare_pid)
wait_up "http://127.0.0.1:$pport/"
wait_up "http://127.0.0.1:$bport/"

echo "page $PAGE: $(wc -c <"$tmp/page.html") bytes; wrk -t$THREADS -c$CONNS -d$DURATION" >&2
echo "== cong (page cache)" >&2
read -r cong_rps cong_cpu < <(rate "$url" "$cong_pid")
echo "== plain net/http, the same headers and body" >&2
read -r plain_rps plain_cpu < <(rate "http://127.0.0.1:$pport$PAGE" "$plain_pid")
echo "== plain net/http, the body with a Content-Type only" >&2
read -r bare_rps bare_cpu < <(rate "http://127.0.0.1:$bport$PAGE" "$bare_pid")

echo "cong:                  $cong_rps requests/s, $cong_cpu µs of server CPU per request"
echo "plain, same bytes:     $plain_rps requests/s, $plain_cpu µs"
echo "plain, body only:      $bare_rps requests/s, $bare_cpu µs"
awk -v a="$cong_rps" -v b="$plain_rps" -v c="$cong_cpu" -v d="$plain_cpu" -v e="$bare_rps" -v f="$bare_cpu" 'BEGIN {
	printf "ratio to the same bytes: %.2f (requests/s), %.2f (server CPU per request, plain ÷ cong)\n", a / b, d / c
	printf "ratio to the body only:  %.2f (requests/s), %.2f (server CPU per request)\n", a / e, f / c
}'
echo "cong resident memory: $(awk '/^VmRSS/ {print $2, $3}' "/proc/$cong_pid/status")"
