package backup

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/vn"
)

// Why says why the retention keeps a backup; a backup may be kept for
// several reasons at once, or none (then it is removed).
type Why uint8

// The reasons to keep a backup.
const (
	KeepDaily    Why = 1 << iota // the newest of one of the last Daily days
	KeepWeekly                   // the newest of one of the last Weekly ISO weeks
	KeepMonthly                  // the newest of one of the last Monthly months
	KeepNewest                   // the newest backup of all, whatever its age
	KeepVerified                 // the newest backup the weekly check restored well
)

// Stamp is a backup and when it was taken.
type Stamp struct {
	Name string
	At   time.Time
}

// StampOf reads the time a backup was taken from its name
// (cong-20261202T162024Z, or with a suffix -2 when two were taken in one
// second).
func StampOf(name string) (time.Time, bool) {
	s, ok := strings.CutPrefix(name, "cong-")
	if !ok || len(s) < len("20060102T150405Z") {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102T150405Z", s[:len("20060102T150405Z")])
	return t, err == nil
}

// Select applies the retention r at now to the backups: it keeps the
// newest backup of each of the last r.Daily calendar days, of each of
// the last r.Weekly ISO weeks and of each of the last r.Monthly months
// (Vietnam time; the current day, week and month count as the first),
// and always the newest backup of all and those named in protect. It
// returns why each kept backup is kept; a backup missing from the map is
// to be removed.
func Select(backups []Stamp, now time.Time, r Retention, protect ...string) map[string]Why {
	sorted := append([]Stamp(nil), backups...)
	sort.Slice(sorted, func(i, j int) bool {
		if !sorted[i].At.Equal(sorted[j].At) {
			return sorted[i].At.After(sorted[j].At)
		}
		return sorted[i].Name > sorted[j].Name
	})
	local := now.In(vn.ICT)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, vn.ICT)
	days, weeks, months := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for i := range r.Daily {
		days[dayKey(today.AddDate(0, 0, -i))] = true
	}
	for i := range r.Weekly {
		weeks[weekKey(today.AddDate(0, 0, -7*i))] = true
	}
	first := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, vn.ICT)
	for i := range r.Monthly {
		months[monthKey(first.AddDate(0, -i, 0))] = true
	}
	out := map[string]Why{}
	taken := map[string]bool{}
	for i, b := range sorted {
		t := b.At.In(vn.ICT)
		var why Why
		if i == 0 {
			why |= KeepNewest
		}
		for _, p := range []struct {
			key  string
			in   map[string]bool
			mark Why
		}{{"d" + dayKey(t), days, KeepDaily}, {"w" + weekKey(t), weeks, KeepWeekly}, {"m" + monthKey(t), months, KeepMonthly}} {
			if p.in[p.key[1:]] && !taken[p.key] {
				taken[p.key] = true
				why |= p.mark
			}
		}
		for _, n := range protect {
			if n == b.Name {
				why |= KeepVerified
			}
		}
		if why != 0 {
			out[b.Name] = why
		}
	}
	return out
}

func dayKey(t time.Time) string   { return t.Format("2006-01-02") }
func monthKey(t time.Time) string { return t.Format("2006-01") }
func weekKey(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// stamps lists the complete backups of dest with their times: from the
// name, or else from the manifest.
func stamps(ctx context.Context, dest Destination) ([]Stamp, error) {
	names, err := Backups(ctx, dest)
	if err != nil {
		return nil, err
	}
	out := make([]Stamp, 0, len(names))
	for _, n := range names {
		at, ok := StampOf(n)
		if !ok {
			m, err := ReadManifest(ctx, dest, n)
			if err != nil {
				return nil, err
			}
			at = m.CreatedAt
		}
		out = append(out, Stamp{Name: n, At: at.UTC()})
	}
	return out, nil
}

// Prune removes from dest the backups the retention r does not keep at
// now (never those named in protect, nor the newest), then the media of
// the shared store that no kept backup's manifest lists. It returns the
// names of the backups removed. The media are left alone while a backup
// is being written into dest (a .partial- folder: its media are in the
// store before its manifest is), and when a kept manifest cannot be
// read.
func Prune(ctx context.Context, dest Destination, r Retention, now time.Time, protect ...string) ([]string, error) {
	all, err := stamps(ctx, dest)
	if err != nil {
		return nil, err
	}
	keep := Select(all, now, r, protect...)
	var removed []string
	for _, b := range all {
		if keep[b.Name] != 0 {
			continue
		}
		if err := dest.Delete(ctx, b.Name); err != nil {
			return removed, fmt.Errorf("xóa bản sao lưu %s: %w", b.Name, err)
		}
		removed = append(removed, b.Name)
	}
	top, err := dest.List(ctx, "")
	if err != nil {
		return removed, err
	}
	for _, n := range top {
		if strings.HasPrefix(n, ".partial-") {
			return removed, nil // a backup is being written, or was killed: the next prune collects
		}
	}
	used := map[string]bool{}
	for _, b := range all {
		if keep[b.Name] == 0 {
			continue
		}
		m, err := ReadManifest(ctx, dest, b.Name)
		if err != nil {
			return removed, fmt.Errorf("không dọn tệp phương tiện (media left as they are): %w", err)
		}
		for _, md := range m.Media {
			used[md.SHA256] = true
		}
	}
	return removed, collectMedia(ctx, dest, used)
}

// collectMedia removes the objects of the shared media store whose hash
// is not in used.
func collectMedia(ctx context.Context, dest Destination, used map[string]bool) error {
	dirs, err := dest.List(ctx, "media")
	if err != nil {
		return err
	}
	for _, d := range dirs {
		objs, err := dest.List(ctx, "media/"+d)
		if err != nil {
			return err
		}
		left := 0
		for _, o := range objs {
			if used[o] {
				left++
				continue
			}
			if err := dest.Delete(ctx, "media/"+d+"/"+o); err != nil {
				return fmt.Errorf("xóa tệp phương tiện không còn dùng %s: %w", o, err)
			}
		}
		if left == 0 {
			if err := dest.Delete(ctx, "media/"+d); err != nil {
				return err
			}
		}
	}
	return nil
}

// Summary is what the screen shows of a backup, read from its manifest.
type Summary struct {
	Created       time.Time
	Tables        int
	Rows          int64
	Bytes         int64 // the table files and the manifest
	Media         int   // files listed
	MediaBytes    int64 // their total size (shared with other backups)
	SchemaVersion int
	Dialect       string
}

// Listed is a backup of the destination as the screen lists it.
type Listed struct {
	Stamp
	*Summary
	Why   Why    // why the retention keeps it now (0: the next prune removes it)
	Error string // the manifest could not be read
}

// List reads the backups of the destination folder of set, the newest
// first, with their summaries (each manifest read once per process) and
// why the retention keeps each. verified is the name of the newest
// verified backup.
func (s *Scheduler) List(ctx context.Context, set *Settings, now time.Time, verified string) ([]Listed, error) {
	folder := s.Folder(set)
	dest := &Local{Dir: folder} // listing makes no folder
	all, err := stamps(ctx, dest)
	if err != nil {
		return nil, err
	}
	keep := Select(all, now, set.Keep, verified)
	out := make([]Listed, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		b := all[i]
		l := Listed{Stamp: b, Why: keep[b.Name]}
		key := folder + "\x00" + b.Name
		if v, ok := s.summaries.Load(key); ok {
			l.Summary = v.(*Summary)
		} else if m, err := ReadManifest(ctx, dest, b.Name); err != nil {
			l.Error = err.Error()
		} else {
			sum := &Summary{Created: m.CreatedAt, Tables: len(m.Tables), Media: len(m.Media), SchemaVersion: m.SchemaVersion, Dialect: m.Dialect}
			for _, t := range m.Tables {
				sum.Rows += t.Rows
				sum.Bytes += t.Bytes
			}
			if n, err := dest.Stat(ctx, b.Name+"/"+ManifestName); err == nil {
				sum.Bytes += n
			}
			for _, md := range m.Media {
				sum.MediaBytes += md.Size
			}
			s.summaries.Store(key, sum)
			l.Summary = sum
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}
