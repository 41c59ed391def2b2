package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"homeward/sync/server"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqlite"
)

// short runs the sim with args and checks its report: it exits 0, its last
// line says nothing was lost or held twice and every version made reached
// every device that may read it, and the report holds each of want.
func short(t *testing.T, args []string, want ...string) string {
	t.Helper()
	var out bytes.Buffer
	code, err := run(context.Background(), args, &out)
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	m := regexp.MustCompile(`^made (\d+) converged (\d+) lost 0 duplicated 0 conflicts \d+ versions/s \d+$`).FindStringSubmatch(last)
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Fatalf("the last line is %q", last)
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Fatalf("no %q in the report:\n%s", w, out.String())
		}
	}
	t.Log(out.String())
	return out.String()
}

// killed is how many clients a report says were killed between receiving a
// page and storing it.
func killed(t *testing.T, report string) int {
	t.Helper()
	m := regexp.MustCompile(`; (\d+) clients killed between receiving a page and storing it`).FindStringSubmatch(report)
	if m == nil {
		t.Fatalf("no kills in the report:\n%s", report)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestShortRunWithFaults is the short run of the test command on SQLite: a
// supervisor and three practitioners, connections cut, the server killed and
// started again twice, clients killed between receiving a page and storing
// it; nothing lost or held twice, and every version on every device that may
// read it.
func TestShortRunWithFaults(t *testing.T) {
	report := short(t, []string{"--devices", "4", "--saves", "25", "--duration", "30s", "--fault-rate", "0.3", "--kill-rate", "0.25", "--seed", "7"},
		"connections cut", "2 of 2 server restarts made", "server time, /v1/pull")
	if killed(t, report) == 0 {
		t.Fatal("no client was killed")
	}
}

// TestShortRunWithFaultsOnPostgres is the same on PostgreSQL, with the
// devices spread over two servers, each with its own connections, killed and
// started again in turn. A second run on the same database is refused: it
// already holds an organisation.
func TestShortRunWithFaultsOnPostgres(t *testing.T) {
	dsn := servertest.PostgresSchema(t)
	report := short(t, []string{"--postgres", dsn, "--servers", "2", "--devices", "4", "--saves", "25", "--duration", "30s", "--fault-rate", "0.3", "--kill-rate", "0.25", "--restarts", "3", "--seed", "7"},
		"central store on PostgreSQL, servers 2", "connections cut", "3 of 3 server restarts made", "server time, /v1/pull")
	if killed(t, report) == 0 {
		t.Fatal("no client was killed")
	}
	if _, err := run(context.Background(), []string{"--postgres", dsn}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "already holds an organisation") {
		t.Fatalf("a run on a database that holds an organisation: %v", err)
	}
}

// TestAgainstARunningServer runs the sim twice against a server it did not
// start, with the server's own request limits, through its SQLite folder: the
// second run's users do not clash with the first's.
func TestAgainstARunningServer(t *testing.T) {
	dir := t.TempDir()
	b, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	servertest.InitOrg(t, b)
	addr, _ := servertest.Serve(t, server.New(b))
	for range 2 {
		report := short(t, []string{"--server", addr, "--data", dir, "--devices", "3", "--saves", "15", "--fault-rate", "0.2", "--kill-rate", "0.25", "--seed", "3"},
			"central store on the running server at "+addr, "connections cut", "no server restarts (the server is another process)")
		if killed(t, report) == 0 {
			t.Fatal("no client was killed")
		}
	}
}

func TestRefusesRunsWithoutBounds(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--devices", "1"}, {"--devices", "100000"}, {"--saves", "0"}, {"--duration", "0s"},
		{"--duration", "11m"}, {"--fault-rate", "1.5"}, {"extra"},
		{"--servers", "0"}, {"--servers", "5", "--postgres", "postgres://127.0.0.1/none"}, {"--servers", "2"},
		{"--restarts", "-1"}, {"--restarts", "21"}, {"--kill-rate", "-0.1"}, {"--kill-rate", "2"},
		{"--data", dir}, {"--server", "127.0.0.1:1"}, {"--server", "127.0.0.1:1", "--data", dir, "--postgres", "postgres://127.0.0.1/none"},
		{"--server", "127.0.0.1:1", "--data", dir, "--restarts", "1"}, {"--server", "127.0.0.1:1", "--data", dir, "--servers", "2"},
		{"--server", "127.0.0.1:1", "--data", dir},
	} {
		if _, err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%q was taken", args)
		}
	}
}

// TestRefusesServersNotOnLoopback: load is never aimed at any other address,
// and nothing is dialled to find out.
func TestRefusesServersNotOnLoopback(t *testing.T) {
	dir := t.TempDir()
	for _, addr := range []string{"10.0.0.1:8443", "192.0.2.1:443", "example.org:443", "127.0.0.2:8443", "[::2]:8443", "0.0.0.0:8443", "127.0.0.1", "https://192.0.2.1:443/", "127.0.0.1:0", "127.0.0.1:http"} {
		_, err := run(context.Background(), []string{"--server", addr, "--data", dir}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "is not a loopback address") {
			t.Errorf("--server %s: %v", addr, err)
		}
	}
}
