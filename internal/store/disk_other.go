//go:build !(linux || darwin)

package store

// readOnly cannot ask the file system here; SQLite's own code stands.
func readOnly(string) string { return "" }

// lowDisk cannot measure the free space here.
func lowDisk(string) (uint64, bool) { return 0, false }
