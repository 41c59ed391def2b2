package kit

import (
	"reflect"
	"testing"
)

func TestChangesFieldByField(t *testing.T) {
	older := []Fact{{"Went missing", "Monday"}, {"Where they were found", "The park"}, {"Police reference", "MP/1"}}
	newer := []Fact{{"Went missing", "Monday"}, {"Where they were found", "The park, by the river"}, {"Notes", "Found by a neighbour"}}
	want := []Change{
		{"Where they were found", "The park", "The park, by the river"},
		{"Notes", "", "Found by a neighbour"},
		{"Police reference", "MP/1", ""},
	}
	if got := Changes(older, newer); !reflect.DeepEqual(got, want) {
		t.Fatalf("Changes = %+v, want %+v", got, want)
	}
	if got := Changes(newer, newer); len(got) != 0 {
		t.Fatalf("a version compared with itself differs: %+v", got)
	}
}
