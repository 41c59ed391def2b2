package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestShortRunWithFaults is the short run of the test command: a supervisor
// and three practitioners, connections cut, nothing lost or held twice, and
// every version on every device that may read it.
func TestShortRunWithFaults(t *testing.T) {
	var out bytes.Buffer
	code, err := run(context.Background(), []string{"--devices", "4", "--saves", "25", "--duration", "30s", "--fault-rate", "0.3", "--seed", "7"}, &out)
	if err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	m := regexp.MustCompile(`^made (\d+) converged (\d+) lost 0 duplicated 0 conflicts \d+ versions/s \d+$`).FindStringSubmatch(last)
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Fatalf("the last line is %q", last)
	}
	if !strings.Contains(out.String(), "connections cut") || !strings.Contains(out.String(), "server time, /v1/pull") {
		t.Fatalf("the report:\n%s", out.String())
	}
	t.Log(out.String())
}

func TestRefusesRunsWithoutBounds(t *testing.T) {
	for _, args := range [][]string{
		{"--devices", "1"}, {"--devices", "100000"}, {"--saves", "0"}, {"--duration", "0s"},
		{"--duration", "11m"}, {"--fault-rate", "1.5"}, {"extra"},
	} {
		if _, err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%q was taken", args)
		}
	}
}
