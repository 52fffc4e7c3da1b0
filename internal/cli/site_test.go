package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestSiteAddGivesSections: `cong site add` makes a site with the
// categories of the sections its kind requires under the set in force,
// and warns — without refusing — on a host name off REQ-02's scheme, with
// a suggestion (issue 17, points 4 and 6).
func TestSiteAddGivesSections(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			data := t.TempDir()
			e := map[string]string{"CONG_DATA": data}
			if backend == "postgres" {
				e["CONG_DATABASE_URL"] = storetest.PostgresURL(t)
			}
			out, errOut, err := runCmd(t, env(e), "site", "add", "--main", "--kind", "portal", "--code", "dong-nai",
				"--name", "Ủy ban nhân dân tỉnh Đồng Nai", "--host", "dongnai.gov.vn")
			if err != nil || !strings.Contains(out, "chuyên mục bắt buộc") || strings.Contains(errOut, "Cảnh báo") {
				t.Fatalf("site add --main = %q, %q, %v", out, errOut, err)
			}
			out, errOut, err = runCmd(t, env(e), "site", "add", "--code", "so-yte", "--name", "Sở Y tế tỉnh Đồng Nai",
				"--kind", "department", "--host", "soyte.example.com")
			if err != nil || !strings.Contains(out, "Đã thêm trang so-yte") {
				t.Fatalf("site add with an odd host = %q, %v; want it made", out, err)
			}
			if !strings.Contains(errOut, "Cảnh báo") || !strings.Contains(errOut, "Gợi ý: soyte.dongnai.gov.vn") {
				t.Errorf("no host warning with its suggestion: %q", errOut)
			}
			_, errOut, err = runCmd(t, env(e), "site", "add", "--code", "xa-a", "--name", "Ủy ban nhân dân xã Phú Lý",
				"--kind", "commune", "--host", "phuly.dongnai.gov.vn")
			if err != nil || errOut != "" {
				t.Errorf("site add with a host by the scheme = %q, %v", errOut, err)
			}

			ctx := context.Background()
			db, err := store.Open(ctx, e["CONG_DATABASE_URL"], data)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rs := rules.NewStore(db, time.Now)
			set, err := rs.InForce(ctx, rules.KindSections, rs.Today())
			if err != nil {
				t.Fatal(err)
			}
			cs := content.NewStore(db, time.Now)
			for _, code := range []string{"dong-nai", "so-yte", "xa-a"} {
				st, err := site.NewSites(db, time.Now).ByCode(ctx, code)
				if err != nil {
					t.Fatal(err)
				}
				cats, err := cs.Categories(ctx, st.ID)
				if err != nil {
					t.Fatal(err)
				}
				var slugs []string
				for _, c := range cats {
					slugs = append(slugs, c.Slug)
				}
				want := set.Sections(st.Kind)
				if len(want) == 0 || len(cats) != len(want) {
					t.Errorf("%s has %d categories; want the %d sections of %s", code, len(cats), len(want), set.Code)
				}
				for _, sec := range want {
					if !slices.Contains(slugs, sec.Slug) {
						t.Errorf("%s lacks the category of %s", code, sec.Key)
					}
				}
			}
		})
	}
}

// TestListenAll: --addr takes several addresses; an IPv4 one listens on
// IPv4 only and an IPv6 one on IPv6 only, so the wildcards of both can
// share a port (issue 17, point 6).
func TestListenAll(t *testing.T) {
	lns, err := listenAll("[::]:0")
	if err != nil {
		t.Fatal(err)
	}
	defer closers(lns).Close()
	_, port, _ := net.SplitHostPort(lns[0].Addr().String())
	v4, err := listenAll(" 0.0.0.0:" + port + " ")
	if err != nil {
		t.Fatalf("0.0.0.0:%s beside [::]:%s = %v; want both", port, port, err)
	}
	closers(v4).Close()
	if _, err := listenAll("127.0.0.1:0,,[::1]:0"); err == nil || !strings.Contains(err.Error(), "thiếu địa chỉ") {
		t.Errorf("an empty address = %v", err)
	}
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	if _, err := listenAll("127.0.0.1:0," + busy.Addr().String()); err == nil || !strings.Contains(err.Error(), busy.Addr().String()) {
		t.Errorf("a busy second address = %v; want it named", err)
	}
}

// TestServeOnTwoAddresses: cong serve --addr with an IPv4 and an IPv6
// address answers on both, and stops cleanly.
func TestServeOnTwoAddresses(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--demo", "--data", data, "--addr", "127.0.0.1:0,[::1]:0", "--log", "json"}, env(nil), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	lineRE := regexp.MustCompile(`Cổng đang chạy tại http://(127\.0\.0\.1:\d+)/, http://(\[::1\]:\d+)/ `)
	var addrs []string
	var printed []string
	for addrs == nil && sc.Scan() {
		printed = append(printed, sc.Text())
		if m := lineRE.FindStringSubmatch(sc.Text()); m != nil {
			addrs = m[1:]
		}
	}
	go io.Copy(io.Discard, pr)
	if addrs == nil {
		t.Fatalf("serve did not say it listens on both addresses:\n%s", strings.Join(printed, "\n"))
	}
	for _, a := range addrs {
		resp, err := http.Get("http://" + a + "/so-khcn/")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET http://%s/so-khcn/ = %v, %v", a, resp, err)
		}
		resp.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after the signal = %v; want a clean stop", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not stop")
	}
	for _, a := range addrs {
		if c, err := net.DialTimeout("tcp", a, time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after the stop", a)
		}
	}
}
