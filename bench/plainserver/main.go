// Command plainserver is the yardstick of bench/wrk.sh: the least a Go
// net/http server can do to answer a page, which is to write bytes it
// holds in memory. The portal's cached pages are measured against it.
//
//	plainserver -addr 127.0.0.1:8081 -file home.html
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "address to listen on (loopback only)")
	file := flag.String("file", "", "the page to serve for every path")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	length := strconv.Itoa(len(body))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", length)
		w.Write(body)
	})
	log.Fatal(http.ListenAndServe(*addr, h))
}
