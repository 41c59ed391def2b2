// Package assets holds Homeward's bundled resources and its definitions as data: the
// exploitation indicator catalogue shared by return home interviews and screening, the
// push and pull factors, feelings words and the agencies work is shared with. It is a
// leaf: it imports nothing of Homeward's and holds no logic.
package assets

import _ "embed"

// Definitions is the JSON catalogue of pick-list definitions (see definitions.json).
//
//go:embed definitions.json
var Definitions []byte
