package royalty

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/rules"
)

func defaultSchedule(t *testing.T, code string) *Schedule {
	t.Helper()
	for _, set := range rules.Defaults() {
		if set.Code == code {
			s, err := FromSet(set)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	t.Fatalf("no default set %s", code)
	return nil
}

func TestParseMilli(t *testing.T) {
	for in, want := range map[string]Milli{"7": 7000, "7.5": 7500, "7,25": 7250, " 10 ": 10000, "0.001": 1, "50": 50000} {
		if got, err := ParseMilli(in); err != nil || got != want {
			t.Errorf("ParseMilli(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "-1", "1.2345", ".5", "1e3", "7.5.1"} {
		if _, err := ParseMilli(in); err == nil {
			t.Errorf("ParseMilli(%q) accepted", in)
		}
	}
	if s := Milli(7500).String(); s != "7,5" {
		t.Errorf("Milli(7500) = %q", s)
	}
}

// The Decree 18/2014 schedule as shipped, and amounts computed by hand:
// one coefficient unit is 10 % of the base salary, so 234,000 đồng with
// 2,340,000 (to 30/06/2026) and 253,000 with 2,530,000 (from 01/07/2026).
func TestAmountDecree18(t *testing.T) {
	s := defaultSchedule(t, rules.RoyaltiesDecree18)
	if s.UnitPercent != 10_000 || s.DueDays != 60 || len(s.Kinds) != 9 {
		t.Fatalf("schedule read as %+v", s)
	}
	// The nine kinds' minimum and the foreign-language add-on are defaults
	// not found in the texts read: named for the editor.
	if len(s.Unchecked) != 10 || !slices.Contains(s.Unchecked, "Tác phẩm viết trực tiếp bằng tiếng nước ngoài, tiếng dân tộc thiểu số") {
		t.Errorf("unchecked values = %q", s.Unchecked)
	}
	const old, cur = 2_340_000, 2_530_000
	for _, c := range []struct {
		name   string
		salary int64
		w      Work
		share  int64
		want   int64
	}{
		// 5 × 234,000 = 1,170,000.
		{"tin before 07-01", old, Work{Kind: "tin", Coefficient: 5000}, 10000, 1_170_000},
		// 5 × 253,000 = 1,265,000.
		{"tin from 07-01", cur, Work{Kind: "tin", Coefficient: 5000}, 10000, 1_265_000},
		// 20 × 234,000 = 4,680,000; + 15 % = 5,382,000; 60 % = 3,229,200.
		{"phóng sự for children, first author", old, Work{Kind: "phong-su", Coefficient: 20000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 15000}}}, 6000, 3_229_200},
		// 40 % of 5,382,000 = 2,152,800.
		{"phóng sự for children, co-author", old, Work{Kind: "phong-su", Coefficient: 20000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 15000}}}, 4000, 2_152_800},
		// 20 × 253,000 = 5,060,000; + 15 % = 5,819,000; 60 % = 3,491,400; 40 % = 2,327,600.
		{"phóng sự after 07-01, first", cur, Work{Kind: "phong-su", Coefficient: 20000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 15000}}}, 6000, 3_491_400},
		{"phóng sự after 07-01, co-author", cur, Work{Kind: "phong-su", Coefficient: 20000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 15000}}}, 4000, 2_327_600},
		// Translation at 50 % and difficult conditions +100 %: 10 × 253,000
		// = 2,530,000; × 50 % = 1,265,000; × 200 % = 2,530,000.
		{"translated commentary in difficult conditions", cur, Work{Kind: "binh-luan", Coefficient: 10000,
			AddOns: []AddOnUse{{"dich", 50000}, {"dieu-kien-kho-khan", 100000}}}, 10000, 2_530_000},
		// Written directly in a minority language (the default add-on,
		// 10–20 %): 8 × 253,000 = 2,024,000; + 20 % = 2,428,800.
		{"news written in a minority language", cur, Work{Kind: "tin", Coefficient: 8000, AddOns: []AddOnUse{{"viet-truc-tiep-ngoai-ngu", 20000}}}, 10000, 2_428_800},
		// A photo credited on its own: 3 × 253,000 = 759,000.
		{"photo", cur, Work{Kind: "anh", Coefficient: 3000}, 10000, 759_000},
		{"drawing at the maximum", old, Work{Kind: "tranh", Coefficient: 10000}, 10000, 2_340_000},
		// 50 × 253,000 = 12,650,000.
		{"multimedia at the maximum", cur, Work{Kind: "da-phuong-tien", Coefficient: 50000}, 10000, 12_650_000},
		// 30 × 234,000 = 7,020,000 for each of interview, literature, research.
		{"interview", old, Work{Kind: "phong-van", Coefficient: 30000}, 10000, 7_020_000},
		{"literature", old, Work{Kind: "van-hoc", Coefficient: 30000}, 10000, 7_020_000},
		{"research", old, Work{Kind: "nghien-cuu", Coefficient: 30000}, 10000, 7_020_000},
		// Rounding, once per line, half up: 1.5 × 253,000 = 379,500; a third
		// (3333 bp) is 126,487.35 → 126,487; 3334 bp 126,525.3 → 126,525.
		{"a third, rounded down", cur, Work{Kind: "tin", Coefficient: 1500}, 3333, 126_487},
		{"the rest, rounded down", cur, Work{Kind: "tin", Coefficient: 1500}, 3334, 126_525},
		// 1.5 × 234,000 = 351,000; 5 bp = 175.5 → 176 (half up).
		{"exactly half a đồng rounds up", old, Work{Kind: "tin", Coefficient: 1500}, 5, 176},
		// 7 bp = 245.7 → 246; 3 bp = 105.3 → 105.
		{"above half", old, Work{Kind: "tin", Coefficient: 1500}, 7, 246},
		{"below half", old, Work{Kind: "tin", Coefficient: 1500}, 3, 105},
	} {
		got, err := Amount(s, c.salary, c.w, c.share)
		if err != nil || got != c.want {
			t.Errorf("%s: Amount = %d, %v; want %d", c.name, got, err, c.want)
		}
	}
}

func TestAmountRefusals(t *testing.T) {
	s := defaultSchedule(t, rules.RoyaltiesDecree18)
	for _, c := range []struct {
		name, field string
		w           Work
		share       int64
	}{
		{"coefficient above the range", "coefficient", Work{Kind: "tin", Coefficient: 10001}, 10000},
		{"coefficient below the range", "coefficient", Work{Kind: "binh-luan", Coefficient: 500}, 10000},
		{"unknown kind", "kind", Work{Kind: "quang-cao", Coefficient: 1000}, 10000},
		{"unknown add-on", "addons", Work{Kind: "tin", Coefficient: 1000, AddOns: []AddOnUse{{"xyz", 1000}}}, 10000},
		{"bonus outside its range", "addons", Work{Kind: "tin", Coefficient: 1000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 25000}}}, 10000},
		{"two ratios", "addons", Work{Kind: "tin", Coefficient: 1000, AddOns: []AddOnUse{{"dich", 50000}, {"phu-de", 30000}}}, 10000},
		{"add-on twice", "addons", Work{Kind: "tin", Coefficient: 1000, AddOns: []AddOnUse{{"dich", 50000}, {"dich", 50000}}}, 10000},
		{"share over 100 %", "share", Work{Kind: "tin", Coefficient: 1000}, 10001},
		{"share 0", "share", Work{Kind: "tin", Coefficient: 1000}, 0},
	} {
		_, err := Amount(s, 2_530_000, c.w, c.share)
		e, ok := apperr.As(err)
		if !ok || e.Fields[c.field].VI == "" {
			t.Errorf("%s: %v; want a message on %s", c.name, err, c.field)
		} else {
			t.Logf("%s: %s", c.name, e.Fields[c.field].VI)
		}
	}
	// The provincial schedule ships empty: nothing can be computed, and
	// the message says the schedule must be entered first.
	p := defaultSchedule(t, rules.RoyaltiesProvince)
	_, err := Amount(p, 2_530_000, Work{Kind: "tin", Coefficient: 5000}, 10000)
	if e, ok := apperr.As(err); !ok || e.Fields["kind"].VI == "" {
		t.Errorf("empty provincial schedule: %v", err)
	}
}

// Each line is rounded on its own, so the lines of a work's co-authors
// sum to its whole amount give or take half a đồng per line, never more.
func TestCoAuthorLinesSumToTheWork(t *testing.T) {
	s := defaultSchedule(t, rules.RoyaltiesDecree18)
	r := rand.New(rand.NewPCG(19, 2026))
	for range 2000 {
		w := Work{Kind: "phong-su", Coefficient: Milli(1000 + r.IntN(29001)), AddOns: []AddOnUse{{"thieu-nhi-dan-toc", Milli(10000 + r.IntN(10001))}}}
		whole, err := Amount(s, 2_530_000, w, fullShare)
		if err != nil {
			t.Fatal(err)
		}
		n := 1 + r.IntN(5)
		left, sum := int64(fullShare), int64(0)
		for i := range n {
			share := left
			if i < n-1 {
				share = 1 + r.Int64N(left-int64(n-1-i))
			}
			left -= share
			a, err := Amount(s, 2_530_000, w, share)
			if err != nil {
				t.Fatal(err)
			}
			sum += a
		}
		if d := sum - whole; 2*d > int64(n) || -2*d > int64(n) {
			t.Fatalf("%+v in %d lines: %d against %d", w, n, sum, whole)
		}
	}
}
