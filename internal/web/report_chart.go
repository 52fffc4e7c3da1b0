package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/congportal/cong/internal/report"
)

// chartSVG is a chart drawn on the server as SVG, inline in the page: no
// chart service, no script. Each chart has its title and a description
// for screen readers, and the page gives its figures as a table beside
// it; it prints like the text around it.
type chartSVG = template.HTML

// barChart draws a series as vertical bars with the largest value and
// the labels on the axis: every step's when there is room for it (a
// year's months, a quarter's), else the first, middle and last. Its
// ticks grow on a narrow screen (site.css, .tick-bars), where the chart
// is drawn at half its size; the left margin leaves room for a peak of
// four digits at that size.
func barChart(pts []report.Point, title, lang string) chartSVG {
	const w, h, left, bottom, top = 640.0, 220.0, 64.0, 28.0, 16.0
	peak, total := 0, 0
	for _, p := range pts {
		peak = max(peak, p.N)
		total += p.N
	}
	var b strings.Builder
	id := fmt.Sprintf("chart-%d", len(pts)*1000+peak)
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMidYMid meet">`, w, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, template.HTMLEscapeString(title), id,
		template.HTMLEscapeString(fmt.Sprintf(pick(lang, "Tổng %d, cao nhất %d; số liệu chi tiết ở bảng bên dưới.", "Total %d, highest %d; the figures are in the table below."), total, peak)))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" class="axis"/>`, left, h-bottom, w, h-bottom)
	if peak > 0 && len(pts) > 0 {
		slot := (w - left) / float64(len(pts))
		bar := slot * 0.7
		for i, p := range pts {
			bh := (h - bottom - top) * float64(p.N) / float64(peak)
			x := left + float64(i)*slot + (slot-bar)/2
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="bar"><title>%s: %d</title></rect>`,
				x, h-bottom-bh, bar, bh, template.HTMLEscapeString(p.Label), p.N)
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick tick-bars" text-anchor="end">%d</text>`, left-6, top+4, peak)
		ticks := []int{0, len(pts) / 2, len(pts) - 1}
		if slot >= 120 { // room for "12/2026" at the narrow screen's size
			ticks = ticks[:0]
			for i := range pts {
				ticks = append(ticks, i)
			}
		}
		for _, i := range ticks {
			x := left + (float64(i)+0.5)*slot
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="tick tick-bars" text-anchor="middle">%s</text>`, x, h-8, template.HTMLEscapeString(pts[i].Label))
		}
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" class="tick tick-bars" text-anchor="end">0</text></svg>`, left-6, h-bottom)
	return chartSVG(b.String())
}

// unitChart draws, per unit, the requests answered on time, late and
// still open as one stacked horizontal bar under the unit's name: the
// name on its own line lets the bar use the full width and keeps the
// name legible on a phone, where the chart is drawn at half its size
// and the names grow (site.css, .tick-name).
func unitChart(units []*report.UnitCount, title, lang string) chartSVG {
	if len(units) == 0 {
		return ""
	}
	const w, row = 640.0, 62.0
	h := row*float64(len(units)) + 8
	peak := 0
	for _, u := range units {
		peak = max(peak, u.Received)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="units-t units-d">`, w, h)
	fmt.Fprintf(&b, `<title id="units-t">%s</title><desc id="units-d">%s</desc>`, template.HTMLEscapeString(title),
		pick(lang, "Xanh: đúng hạn; cam: trễ hạn; xám: đang xử lý. Số liệu ở bảng bên dưới.", "Green: on time; orange: late; grey: open. The figures are in the table below."))
	for i, u := range units {
		y := float64(i) * row
		name := u.Unit
		if name == "" {
			name = pick(lang, "(chưa giao đơn vị)", "(no unit)")
		}
		if r := []rune(name); len(r) > 36 { // the table beside gives it whole
			name = string(r[:35]) + "…"
		}
		fmt.Fprintf(&b, `<text x="0" y="%.0f" class="tick tick-name">%s</text>`, y+28, template.HTMLEscapeString(name))
		x := 0.0
		for _, part := range []struct {
			n     int
			class string
		}{{u.OnTime, "bar-ok"}, {u.Late, "bar-late"}, {u.Open, "bar-open"}} {
			if part.n == 0 || peak == 0 {
				continue
			}
			bw := (w - 4) * float64(part.n) / float64(peak)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.0f" width="%.1f" height="18" class="%s"/>`, x, y+36, bw, part.class)
			x += bw
		}
	}
	b.WriteString(`</svg>`)
	return chartSVG(b.String())
}
