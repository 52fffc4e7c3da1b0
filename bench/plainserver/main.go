// Command plainserver is the yardstick of bench/wrk.sh: the least a Go
// net/http server can do to answer a page, which is to write bytes it
// holds in memory. The portal's cached pages are measured against it.
//
//	plainserver -addr 127.0.0.1:8081 -file page.html [-headers page.headers]
//
// With -headers (a response header block as `curl -D` saves it) it sends
// those headers too, so that it writes the same bytes as the portal —
// status line aside, the same headers and the same body — and the
// comparison measures what the portal does to find them, not the cost of
// the security and caching headers every portal response carries.
package main

import (
	"bufio"
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "address to listen on (loopback only)")
	file := flag.String("file", "", "the page to serve for every path")
	headers := flag.String("headers", "", "a header block to send with it (curl -D output)")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	if *headers != "" {
		if h, err = readHeaders(*headers); err != nil {
			log.Fatal(err)
		}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := w.Header()
		for k, v := range h {
			out[k] = v
		}
		w.Write(body)
	})))
}

// readHeaders reads a curl -D header block, leaving out the status line
// and what net/http writes itself.
func readHeaders(path string) (http.Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := http.Header{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), ":")
		if !ok || strings.HasPrefix(k, "HTTP/") {
			continue
		}
		switch k = http.CanonicalHeaderKey(strings.TrimSpace(k)); k {
		case "Date", "Content-Length", "Connection", "Transfer-Encoding":
		default:
			h.Add(k, strings.TrimSpace(v))
		}
	}
	return h, sc.Err()
}
