package web_test

import (
	"testing"

	"github.com/congportal/cong/internal/schedule"
)

// The leaders' working schedule: the staff's week (and an entry in its
// form), the public week (this week, another, by leader), its calendar
// and the feed of its changes.
func init() {
	moreStops = append(moreStops, func(t *testing.T, h *harness) []stop {
		week := schedule.Name(schedule.WeekOf(h.clock.Now()))
		return []stop{
			{"GET /quan-tri/s/{site}/lich-cong-tac", "tq.editor", "/quan-tri/s/dong-nai/lich-cong-tac"},
			{"GET /quan-tri/s/{site}/lich-cong-tac", "tq.head", "/quan-tri/s/dong-nai/lich-cong-tac?tuan=" + week},
			{"GET /lich-cong-tac", "anon", "/lich-cong-tac"},
			{"GET /lich-cong-tac", "anon", "/lich-cong-tac?tuan=" + week + "&lanh-dao=hoang-van-k"},
			{"GET /lich-cong-tac/lich.ics", "anon", "/lich-cong-tac/lich.ics?tuan=" + week},
			{"GET /lich-cong-tac/thay-doi.atom", "anon", "/lich-cong-tac/thay-doi.atom"},
		}
	})
}
