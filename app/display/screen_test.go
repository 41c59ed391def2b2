package display

import "testing"

func TestWindowSize(t *testing.T) {
	tests := []struct {
		name         string
		w, h         int
		known        bool
		wantW, wantH float32
	}{
		{"unknown", 0, 0, false, 1280, 800},
		{"desktop", 1920, 1080, true, 1280, 800},
		{"landscape tablet", 1280, 800, true, 1280, 800},
		{"portrait tablet", 800, 1280, true, 800, 1280},
		{"small laptop", 1024, 768, true, 1024, 768},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := WindowSize(tt.w, tt.h, tt.known)
			if w != tt.wantW || h != tt.wantH {
				t.Errorf("WindowSize(%d, %d) = %v x %v, want %v x %v", tt.w, tt.h, w, h, tt.wantW, tt.wantH)
			}
		})
	}
}
