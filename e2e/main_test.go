// Package e2e drives sechub, started in-process, through aws-sdk-go-v2 exactly as a user
// would. The suite runs on the embedded store and, when a PostgreSQL server is configured,
// again on PostgreSQL (storetest.RunPerStore).
package e2e

import (
	"os"
	"testing"

	"github.com/sechub/sechub/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.RunPerStore(m)) }
