package main

import (
	"regexp"
	"testing"
)

// The version Settings shows is the one FyneApp.toml gives, with its build.
func TestVersionFromFyneAppToml(t *testing.T) {
	if v := version(); !regexp.MustCompile(`^\d+\.\d+\.\d+ \(build \d+`).MatchString(v) {
		t.Fatalf("version() = %q", v)
	}
}
