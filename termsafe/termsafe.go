// Package termsafe makes text from a plan file, an import or the officer
// safe to show on a terminal: every control character a terminal would
// act on is written out as visible characters instead.
//
// A plan file or a CSV can hold any text. Written raw, an escape sequence
// in a funding name could set the terminal's clipboard (OSC 52), clear the
// screen or hide text, and a bidi override could make "£1,000" read as
// "000,1£". Everything csplan shows passes through Visible, the one rule,
// or a Writer that applies it to a stream.
package termsafe

import (
	"io"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Visible returns s with every control character made visible, so the
// terminal shows it rather than acting on it. It keeps the newline, which
// layouts need, and leaves every other character as it is:
//
//   - the C0 controls U+0000-U+001F other than the newline, as Go writes
//     them in a quoted string: \t, \r, and \xNN for the rest, so ESC is
//     \x1b and BEL \x07;
//   - DEL, the C1 controls U+0080-U+009F, and the bidi overrides and
//     isolates U+202A-U+202E and U+2066-U+2069, as \u007f, \u009b, \u202e:
//     the form JSON uses too, so a JSON string passed through Visible stays
//     valid JSON with the same value;
//   - a byte that is not part of valid UTF-8 (which a terminal may read as
//     an 8-bit C1 control), as \xNN.
//
// A backslash is left alone, so text that already reads \x1b looks the
// same as an escaped ESC: Visible is for showing text, never for storing
// it, and Visible(Visible(s)) == Visible(s).
func Visible(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:i]...)
	return string(appendVisible(b, s[i:]))
}

// Safe reports whether s has nothing that Visible would change.
func Safe(s string) bool { return firstUnsafe(s) < 0 }

// Index returns the byte index in s of the first character Visible would
// change, or -1 when there is none.
func Index(s string) int { return firstUnsafe(s) }

// firstUnsafe returns the index of the first byte that starts a character
// Visible changes, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return i
		}
		i += n
	}
	return -1
}

// unsafeRune reports whether r, a valid non-ASCII rune, is a C1 control or
// a bidi override or isolate.
func unsafeRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// appendVisible appends s to b with Visible's rule applied.
func appendVisible[T string | []byte](b []byte, s T) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t':
				b = append(b, `\t`...)
			case c == '\r':
				b = append(b, `\r`...)
			case c < 0x20 && c != '\n':
				b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
			case c == 0x7f:
				b = append(b, `\u007f`...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		var r rune
		var n int
		switch s := any(s).(type) {
		case string:
			r, n = utf8.DecodeRuneInString(s[i:])
		case []byte:
			r, n = utf8.DecodeRune(s[i:])
		}
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
		case unsafeRune(r):
			b = append(b, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// Writer applies Visible to everything written through it, for a
// command's output. A character cut between two writes is held until the
// next one; Flush writes out what is held. It suits text and JSON alike:
// encoding/json writes no raw control character but the newline, and what
// Visible writes inside a JSON string is a JSON escape of the same value
// (a JSON string never holds invalid UTF-8: encoding/json replaces it).
type Writer struct {
	w       io.Writer
	pending []byte
	buf     []byte
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write implements io.Writer. It reports all of p written when w took
// everything made of it.
func (w *Writer) Write(p []byte) (int, error) {
	data := p
	if len(w.pending) > 0 {
		data = append(w.pending, p...)
		w.pending = nil
	}
	// Hold back an incomplete character at the end: at most 3 bytes that
	// start a valid UTF-8 sequence.
	cut := len(data)
	for k := 1; k <= 3 && k <= len(data); k++ {
		c := data[len(data)-k]
		if c < 0x80 {
			break
		}
		if c >= 0xc0 { // a leading byte
			if !utf8.FullRune(data[len(data)-k:]) {
				cut = len(data) - k
			}
			break
		}
	}
	if cut < len(data) {
		w.pending = append([]byte(nil), data[cut:]...)
	}
	w.buf = appendVisible(w.buf[:0], data[:cut])
	if _, err := w.w.Write(w.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes out a character held back by Write, which can only be
// incomplete now, so it is written as \xNN bytes.
func (w *Writer) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	w.buf = appendVisible(w.buf[:0], w.pending)
	w.pending = nil
	_, err := w.w.Write(w.buf)
	return err
}
