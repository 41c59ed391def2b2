package childmode

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
)

// scaleView is the scale as the worker set it: the question, what 0 and 10
// mean, and eleven big numbers to tap. Nothing on it can be typed in.
func (cm *Screen) scaleView() fyne.CanvasObject {
	thm := cm.s.bigTheme()
	figure := thm.Size(theme.SizeNameHeadingText) * 1.2
	cm.valueText = kit.Subheading("")
	cm.valueText.Alignment = fyne.TextAlignCenter
	cm.Numbers, cm.numbers = nil, nil
	row := container.NewGridWithColumns(11)
	for n := 0; n <= 10; n++ {
		b := cm.s.env.Button("", nil, nil)
		b.OnTapped = func() {
			cm.s.env.Touch()
			cm.scale.Value = n
			cm.styleNumbers()
			cm.changed()
		}
		text := canvas.NewText(strconv.Itoa(n), theme.Color(theme.ColorNameForeground))
		text.TextSize = figure
		text.TextStyle.Bold = true
		tall := canvas.NewRectangle(color.Transparent)
		tall.SetMinSize(fyne.NewSize(0, figure*2))
		cm.Numbers = append(cm.Numbers, b)
		cm.numbers = append(cm.numbers, func() {
			text.Color = theme.Color(theme.ColorNameForeground)
			if n == cm.scale.Value {
				text.Color = theme.Color(theme.ColorNameForegroundOnPrimary)
			}
			text.Refresh()
		})
		row.Add(container.NewStack(tall, b, container.NewCenter(text)))
	}
	question := kit.Heading(cm.scale.Question)
	question.Alignment = fyne.TextAlignCenter
	zeroEnd, tenEnd := kit.Subheading("0 means\n"+cm.scale.Zero), kit.Subheading("10 means\n"+cm.scale.Ten)
	zeroEnd.TextStyle.Bold, tenEnd.TextStyle.Bold = false, false
	tenEnd.Alignment = fyne.TextAlignTrailing
	cm.styleNumbers()
	// In the middle of the room there is, the spacers taking what is left.
	return container.NewVBox(
		layout.NewSpacer(),
		question,
		row,
		container.NewGridWithColumns(2, zeroEnd, tenEnd),
		cm.valueText,
		layout.NewSpacer(),
	)
}

// styleNumbers marks the number chosen, by colour and in words.
func (cm *Screen) styleNumbers() {
	for n, b := range cm.Numbers {
		b.Importance = widget.MediumImportance
		if n == cm.scale.Value {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
		cm.numbers[n]()
	}
	if cm.scale.Value < 0 {
		cm.valueText.SetText("Tap a number.")
	} else {
		cm.valueText.SetText("You chose " + strconv.Itoa(cm.scale.Value) + " out of 10.")
	}
}
