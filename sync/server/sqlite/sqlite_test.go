package sqlite_test

import (
	"context"
	"testing"

	"homeward/sync/server"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqlite"
)

func TestConformance(t *testing.T) {
	servertest.Run(t, func(t *testing.T) server.Backend {
		b, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}
