// Package machine tells the bench programs about the machine they run
// on, to print beside their figures.
package machine

import (
	"os"
	"strings"
)

// LoadAvg is the machine's load average over 1, 5 and 15 minutes, or
// "?" where /proc does not say.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
