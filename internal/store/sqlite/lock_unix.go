//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFileName is the file in the data folder that the serving process holds locked.
const lockFileName = "sechub.lock"

// lockFolder locks the data folder for this process alone, or fails when another process
// holds it. The lock goes with the process, however it ends.
func lockFolder(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sqlite: lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("sqlite: the data folder %s is in use by another sechub process (the embedded store serves one process; several share a PostgreSQL database)", dir)
		}
		return nil, fmt.Errorf("sqlite: lock %s: %w", dir, err)
	}
	return f, nil
}
