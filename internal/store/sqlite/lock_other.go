//go:build !unix

package sqlite

import "os"

// lockFolder does not lock on systems without flock: the store then keeps no memos, since
// another process could change what they hold.
func lockFolder(dir string) (*os.File, error) { return nil, nil }
