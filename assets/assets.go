// Package assets holds Homeward's bundled resources and its definitions as data: the
// exploitation indicator catalogue shared by return home interviews and screening, the
// push and pull factors, feelings words and the agencies work is shared with, and a
// picture of each feeling for child mode. It is a leaf: it imports nothing of
// Homeward's and holds no logic.
package assets

import "embed"

// Definitions is the JSON catalogue of pick-list definitions (see definitions.json).
//
//go:embed definitions.json
var Definitions []byte

// Feelings holds a face for each feeling of the catalogue, drawn for Homeward as
// SVG: feelings/safe.svg for the feeling feel.safe, and so on.
//
//go:embed feelings/*.svg
var Feelings embed.FS
