package servertest

import (
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver the schema is made with
)

// PostgresSchema makes an empty schema for one test in the database
// scripts/test.sh starts (HOMEWARD_TEST_POSTGRES), drops it when the test
// ends, and returns a DSN that uses it. Without the variable the test is
// skipped, and under CI it fails: a missing database is a failure there, not a
// skip.
func PostgresSchema(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("HOMEWARD_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("HOMEWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh")
		}
		tb.Skip("HOMEWARD_TEST_POSTGRES is not set: scripts/test.sh starts PostgreSQL and sets it")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := fmt.Sprintf("t_%x", b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
