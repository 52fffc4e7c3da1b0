package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of the times in /proc/PID/stat: clock ticks of
// USER_HZ, 100 a second on Linux whatever the kernel's own HZ.
const userHZ = 100

// procTimes are the CPU times of /proc/PID/stat, in ticks.
type procTimes struct {
	ppid                         int
	utime, stime, cutime, cstime int64
}

func readStat(pid int) (procTimes, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procTimes{}, err
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted from the state, the third, follow its last ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 15 {
		return procTimes{}, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	num := func(i int) int64 { v, _ := strconv.ParseInt(f[i], 10, 64); return v }
	return procTimes{ppid: int(num(1)), utime: num(11), stime: num(12), cutime: num(13), cstime: num(14)}, nil
}

// cpuOf is the CPU time a process has used (user + system).
func cpuOf(pid int) time.Duration {
	t, err := readStat(pid)
	if err != nil {
		return 0
	}
	return ticks(t.utime + t.stime)
}

func ticks(n int64) time.Duration { return time.Duration(n) * time.Second / userHZ }

// pgCPU reads PostgreSQL's CPU time on this machine: the postmaster's
// own, the children it has reaped (backends that ended count there) and
// the live children's; and apart, the live backends of one database.
type pgCPU struct {
	postmaster int
	db         string
	admin      *sql.DB
}

// sessions is how many connections the database has had since the
// statistics were reset (PostgreSQL 14 and later; -1 if unknown).
func (p *pgCPU) sessions(ctx context.Context) int64 {
	var n int64
	if err := p.admin.QueryRowContext(ctx, `SELECT sessions FROM pg_stat_database WHERE datname = $1`, p.db).Scan(&n); err != nil {
		return -1
	}
	return n
}

// pgMonitor finds the postmaster as the parent of this connection's
// backend.
func pgMonitor(ctx context.Context, admin *sql.DB, db string) (*pgCPU, error) {
	var backend int
	if err := admin.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		return nil, err
	}
	t, err := readStat(backend)
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL's backend %d is not a process of this machine: %w", backend, err)
	}
	comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", t.ppid))
	if strings.TrimSpace(string(comm)) != "postgres" {
		return nil, fmt.Errorf("the parent of PostgreSQL's backend %d is %d (%q), not the postmaster", backend, t.ppid, strings.TrimSpace(string(comm)))
	}
	return &pgCPU{postmaster: t.ppid, db: db, admin: admin}, nil
}

// read returns the CPU time of the whole server and of the database's
// live backends so far.
func (p *pgCPU) read() (all, db time.Duration) {
	pm, err := readStat(p.postmaster)
	if err != nil {
		return 0, 0
	}
	total := pm.utime + pm.stime + pm.cutime + pm.cstime
	var ofDB int64
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		t, err := readStat(pid)
		if err != nil || t.ppid != p.postmaster {
			continue
		}
		total += t.utime + t.stime
		// A backend's command line is "postgres: USER DATABASE HOST(PORT) STATE".
		if cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil &&
			strings.Contains(string(cmd), " "+p.db+" ") {
			ofDB += t.utime + t.stime
		}
	}
	return ticks(total), ticks(ofDB)
}

// selfCPU is this program's CPU time (the clients').
func selfCPU() time.Duration { return cpuOf(os.Getpid()) }
