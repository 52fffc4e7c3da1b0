#!/usr/bin/env bash
# bench/wrk.sh — requests per second of a page served from the portal's
# page cache, against a plain Go net/http server writing the same bytes
# from memory, measured in the same run on loopback.
#
#   bench/wrk.sh                      # the main portal's home, 3 rounds of 10 s, 2 threads, 50 connections
#   PAGE=/tin-tuc/SLUG THREADS=1 CONNS=64 ROUNDS=5 bench/wrk.sh
#
# It installs nothing: wrk must be on PATH (Debian/Ubuntu: apt-get install
# wrk). It builds `cong` and bench/plainserver, starts `cong serve --demo`
# on a free 127.0.0.1 port with a temporary data folder, saves the page's
# bytes and headers, serves them with plainserver (once with the same
# headers, once with the body alone), runs wrk against each in turn for
# ROUNDS rounds, prints each round's rates, server CPU per request and
# ratios, then the median ratios, and stops them all.
set -euo pipefail

PAGE=${PAGE:-/}
THREADS=${THREADS:-2}
CONNS=${CONNS:-50}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}

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
# requests/s and the server's CPU time per request in microseconds (which
# a busy neighbour on a shared machine moves less than the rate). With
# p99 as third argument it also keeps wrk's 99th percentile latency.
rate() {
	local before after
	before=$(cpu_ticks "$2")
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1" | tee "$tmp/wrk.out" >&2
	after=$(cpu_ticks "$2")
	awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
		/^Requests\/sec:/ {rps = $2}
		/requests in/ {n = $1}
		END {printf "%s %.1f\n", rps, t / hz * 1e6 / n}' "$tmp/wrk.out"
	if [ "${3:-}" = p99 ]; then
		awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
			print v * (u == "us" ? 0.001 : u == "s" ? 1000 : 1)}' "$tmp/wrk.out" >>"$tmp/p99"
	fi
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

echo "page $PAGE: $(wc -c <"$tmp/page.html") bytes; wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds" >&2
# Each round runs the three servers in turn, so a slow spell of a shared
# machine falls on all three; the summary takes the median round.
: >"$tmp/rounds"
for round in $(seq "$ROUNDS"); do
	# Odd rounds start with the portal, even ones end with it, so that a
	# machine slowing down or speeding up over a round favours neither.
	if [ $((round % 2)) = 0 ]; then
		echo "== round $round: plain net/http, the body with a Content-Type only" >&2
		read -r bare_rps bare_cpu < <(rate "http://127.0.0.1:$bport$PAGE" "$bare_pid")
		echo "== round $round: plain net/http, the same headers and body" >&2
		read -r plain_rps plain_cpu < <(rate "http://127.0.0.1:$pport$PAGE" "$plain_pid")
	fi
	echo "== round $round: cong (page cache)" >&2
	read -r cong_rps cong_cpu < <(rate "$url" "$cong_pid" p99)
	if [ $((round % 2)) = 1 ]; then
		echo "== round $round: plain net/http, the same headers and body" >&2
		read -r plain_rps plain_cpu < <(rate "http://127.0.0.1:$pport$PAGE" "$plain_pid")
		echo "== round $round: plain net/http, the body with a Content-Type only" >&2
		read -r bare_rps bare_cpu < <(rate "http://127.0.0.1:$bport$PAGE" "$bare_pid")
	fi
	echo "$cong_rps $cong_cpu $plain_rps $plain_cpu $bare_rps $bare_cpu" >>"$tmp/rounds"
done

echo "round  cong req/s  plain same  plain body  ratio same  ratio body  CPU/request µs cong·same·body  p99 cong"
awk '{printf "%5d  %10.0f  %10.0f  %10.0f  %10.2f  %10.2f  %9.1f · %.1f · %.1f\n", NR, $1, $3, $5, $1 / $3, $1 / $5, $2, $4, $6}' "$tmp/rounds" |
	paste -d' ' - <(cat "$tmp/p99")
# median prints the middle value of a column of numbers.
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
same=$(awk '{print $1 / $3}' "$tmp/rounds" | median)
body=$(awk '{print $1 / $5}' "$tmp/rounds" | median)
cpu=$(awk '{print $4 / $2}' "$tmp/rounds" | median)
printf "median ratio to the same bytes: %.2f (requests/s), %.2f (server CPU per request, plain ÷ cong)\n" "$same" "$cpu"
printf "median ratio to the body only:  %.2f (requests/s)\n" "$body"
echo "cong p99 latency, worst round: $(sort -g "$tmp/p99" | tail -1) ms"
echo "cong resident memory: $(awk '/^VmRSS/ {print $2, $3}' "/proc/$cong_pid/status")"
