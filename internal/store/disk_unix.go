//go:build linux || darwin

package store

import (
	"errors"
	"path/filepath"
	"syscall"
)

// readOnly says why the SQLite file at path cannot be written, or "":
// a read-only mount, an immutable file, or permissions. It asks the
// kernel (access(2)), which knows all three, even for root.
func readOnly(path string) string {
	for _, p := range []string{path, path + "-wal", filepath.Dir(path)} {
		switch err := syscall.Access(p, 2 /* W_OK */); { // a missing -wal is ENOENT: no finding
		case errors.Is(err, syscall.EROFS):
			return p + " is on a read-only file system"
		case errors.Is(err, syscall.EPERM):
			return p + " may not be written (immutable flag)"
		case errors.Is(err, syscall.EACCES):
			return p + " is not writable by this user"
		}
	}
	return ""
}

// lowDisk reports the space left to this user on the file system of dir
// and whether it is too little for the portal to go on writing: under
// 16 MiB (a feedback request with its attachments takes about 20), or
// under 2% of a file system smaller than 800 MiB.
func lowDisk(dir string) (free uint64, low bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	free = uint64(st.Bavail) * uint64(st.Bsize)
	total := uint64(st.Blocks) * uint64(st.Bsize)
	return free, free < min(16<<20, total/50)
}
