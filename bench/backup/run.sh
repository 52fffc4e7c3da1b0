#!/usr/bin/env bash
# Backup and restore of the full corpus on SQLite and PostgreSQL (issue 15,
# docs/performance.md, "Backups (issue 15)"): time, size and peak memory
# of cong backup and cong restore, each backup restored into the other
# kind of database, and the incremental case (one new picture, then a
# second backup copies its files and no other).
#
#   bench/backup/run.sh CORPUS_DIR POSTGRES_URL
#   bench/backup/run.sh ../shared/corpus 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
#
# CORPUS_DIR holds news.jsonl and legal.jsonl (../shared/corpus; see its
# SOURCES.md: the text is only for tests and benchmarks, it is imported
# into a temporary folder and database, never into the repository).
# POSTGRES_URL is any database of a server where this user may create
# databases: the script creates cong_bk_bench and cong_bk_bench_restore
# there and drops them at the end, with its temporary folder, whatever
# happens. It builds cong from this repository (or from CONG_SRC) and
# measures with /usr/bin/time (wall time, maximum resident set size).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 CORPUS_DIR POSTGRES_URL" >&2
	exit 2
fi
corpus=$(cd "$1" && pwd)
admin=$2
for f in news.jsonl legal.jsonl; do
	[ -r "$corpus/$f" ] || { echo "$corpus/$f is missing" >&2; exit 2; }
done
src=${CONG_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v psql >/dev/null || { echo "psql is needed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 2; }

# postgres://user@host:port/DB?query → the same server, database $1.
base=${admin%%\?*}
query=${admin#"$base"}
server=${base%/*}
dburl() { echo "$server/$1$query"; }
SRC_DB=cong_bk_bench
DST_DB=cong_bk_bench_restore

work=$(mktemp -d /tmp/cong-bench-backup.XXXXXX)
cleanup() {
	for db in $SRC_DB $DST_DB; do
		psql -q "$admin" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building cong from $src" >&2
(cd "$src" && go build -o "$work/cong" ./cmd/cong && go build -o "$work/upload" ./bench/backup/upload)
cong=$work/cong

for db in $SRC_DB $DST_DB; do
	psql -q "$admin" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	psql -q "$admin" -c "CREATE DATABASE $db" >/dev/null
done
pg=$(dburl $SRC_DB)
pgr=$(dburl $DST_DB)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -m | awk '/Mem:/{print $2}') MB; $(uname -sr)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go: $(cd "$src" && go version)"
echo

# m LABEL CMD…: runs CMD, its output in $work/LABEL.out, and prints a
# line of the table: wall seconds, peak RSS, the command's summary.
printf '| %-40s | %8s | %9s | %s\n' step "wall (s)" "peak RSS" "cong said"
printf '|%s|%s|%s|%s\n' "------------------------------------------" "----------" "-----------" "---"
m() {
	local label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$work/$label.time" "$@" >"$work/$label.out" 2>"$work/$label.err" || {
		echo "$label failed:" >&2
		cat "$work/$label.err" >&2
		exit 1
	}
	read -r wall rss <"$work/$label.time"
	printf '| %-40s | %8s | %6d MB | %s\n' "$label" "$wall" $((rss / 1024)) \
		"$(grep -m1 -E '^(Xong|Đã sao lưu|Đã khôi phục|Bản sao lưu)' "$work/$label.out" | sed -E "s#$work/##g; s#postgres://[^ ]*[^ :]#$DST_DB#")"
}

sq=$work/sqlite
pgdata=$work/pgdata # the PostgreSQL portal's media folder
"$cong" migrate --data "$sq" >/dev/null
"$cong" site add --data "$sq" --code tinh --name "Cổng tỉnh" --kind portal --main >/dev/null
"$cong" migrate --data "$pgdata" --database "$pg" >/dev/null
"$cong" site add --data "$pgdata" --database "$pg" --code tinh --name "Cổng tỉnh" --kind portal --main >/dev/null

m "import legal, SQLite" "$cong" import legal "$corpus/legal.jsonl" --data "$sq"
m "import news, SQLite" "$cong" import news "$corpus/news.jsonl" --data "$sq"
m "import legal, PostgreSQL" "$cong" import legal "$corpus/legal.jsonl" --data "$pgdata" --database "$pg"
m "import news, PostgreSQL" "$cong" import news "$corpus/news.jsonl" --data "$pgdata" --database "$pg"

# One picture in each portal's media library before the first backups,
# so that they hold media as well as tables.
files() { find "$1" -type f 2>/dev/null | wc -l; }
"$work/upload" -data "$sq" >/dev/null
"$work/upload" -data "$pgdata" -database "$pg" >/dev/null

m "backup, SQLite" "$cong" backup --data "$sq" --to "$work/bk-sqlite"
m "backup, PostgreSQL" "$cong" backup --data "$pgdata" --database "$pg" --to "$work/bk-pg"
bsq=$(ls -d "$work"/bk-sqlite/cong-*)
bpg=$(ls -d "$work"/bk-pg/cong-*)
m "verify, SQLite's backup" "$cong" backup verify "$bsq"
m "verify, PostgreSQL's backup" "$cong" backup verify "$bpg"
m "restore SQLite's backup into PostgreSQL" "$cong" restore "$bsq" --data "$work/restored-pg" --database "$pgr"
m "restore PostgreSQL's backup into SQLite" "$cong" restore "$bpg" --data "$work/restored-sqlite"

# The incremental case: one picture uploaded through the media library,
# then a second backup into the same destination.
before_sq=$(files "$sq/media")
"$work/upload" -data "$sq" >/dev/null
n_sq=$(($(files "$sq/media") - before_sq))
m "backup again, SQLite (+1 picture)" "$cong" backup --data "$sq" --to "$work/bk-sqlite"
before_pg=$(files "$pgdata/media")
"$work/upload" -data "$pgdata" -database "$pg" >/dev/null
n_pg=$(($(files "$pgdata/media") - before_pg))
m "backup again, PostgreSQL (+1 picture)" "$cong" backup --data "$pgdata" --database "$pg" --to "$work/bk-pg"

echo
echo "sizes:"
echo "  SQLite database:            $(du -sh "$sq/cong.db" | cut -f1)"
echo "  PostgreSQL database:        $(psql -Atq "$admin" -c "SELECT pg_size_pretty(pg_database_size('$SRC_DB'))")"
echo "  SQLite's backup:            $(du -sh "$bsq" | cut -f1) ($(find "$bsq" -type f | wc -l) files)"
echo "  PostgreSQL's backup:        $(du -sh "$bpg" | cut -f1) ($(find "$bpg" -type f | wc -l) files)"
echo "  restored into SQLite:       $(du -sh "$work/restored-sqlite/cong.db" | cut -f1)"
echo "  restored into PostgreSQL:   $(psql -Atq "$admin" -c "SELECT pg_size_pretty(pg_database_size('$DST_DB'))")"
for kind in sqlite pg; do
	n=$([ $kind = sqlite ] && echo "$n_sq" || echo "$n_pg")
	second=$(ls -d "$work/bk-$kind"/cong-* | tail -1)
	copied=$(grep -oE 'tệp phương tiện chép [0-9]+, đã có [0-9]+' "$work/backup again, $([ $kind = sqlite ] && echo SQLite || echo PostgreSQL) (+1 picture).out")
	echo "  incremental ($kind): the new picture is $n files in the media folder; the second backup: $copied;" \
		"the destination's media store: $(files "$work/bk-$kind/media") files; the second backup's folder (tables, manifest): $(du -sh "$second" | cut -f1)"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
