package locale

import (
	"os"
	"testing"
)

func TestFix(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		changed   bool
		wantLang  string
		wantUnset []string
	}{
		{"unset", map[string]string{}, true, Fallback, nil},
		{"C", map[string]string{"LANG": "C"}, true, Fallback, nil},
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, true, Fallback, nil},
		{"POSIX in LC_ALL", map[string]string{"LC_ALL": "POSIX", "LANG": "C"}, true, Fallback, []string{"LC_ALL"}},
		{"usable", map[string]string{"LANG": "en_GB.UTF-8"}, false, "en_GB.UTF-8", nil},
		{"usable LC_ALL wins", map[string]string{"LC_ALL": "cy_GB.UTF-8", "LANG": "C"}, false, "C", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
				t.Setenv(k, tt.env[k])
				if tt.env[k] == "" {
					os.Unsetenv(k)
				}
			}
			if got := Fix(); got != tt.changed {
				t.Errorf("Fix() = %v, want %v", got, tt.changed)
			}
			if got := os.Getenv("LANG"); got != tt.wantLang {
				t.Errorf("LANG = %q, want %q", got, tt.wantLang)
			}
			for _, k := range tt.wantUnset {
				if v, ok := os.LookupEnv(k); ok {
					t.Errorf("%s still set to %q", k, v)
				}
			}
		})
	}
}
