package termsafe

import (
	"reflect"
	"strings"
)

// Value returns v with Visible applied to every string it holds, in
// exported fields of structs, in slices, arrays, maps (values) and behind
// pointers, at any depth. It copies only what changes: a value with
// nothing to change comes back as it is, sharing its slices and pointers,
// so a large plan of plain text costs one scan. v itself is never changed.
func Value[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	if out, changed := clean(rv); changed {
		return out.Interface().(T)
	}
	return v
}

// ValueChanged is Value, also reporting whether anything was changed:
// false means the value returned is v itself.
func ValueChanged[T any](v T) (T, bool) {
	rv := reflect.ValueOf(&v).Elem()
	if out, changed := clean(rv); changed {
		return out.Interface().(T), true
	}
	return v, false
}

// clean returns v with its strings made visible and whether anything
// changed; when nothing did it returns v itself.
func clean(v reflect.Value) (reflect.Value, bool) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if Safe(s) {
			return v, false
		}
		out := reflect.New(v.Type()).Elem()
		out.SetString(Visible(s))
		return out, true
	case reflect.Struct:
		var out reflect.Value
		t := v.Type()
		for i := range v.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			f, changed := clean(v.Field(i))
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(t).Elem()
				out.Set(v)
			}
			out.Field(i).Set(f)
		}
		if out.IsValid() {
			return out, true
		}
		return v, false
	case reflect.Slice, reflect.Array:
		if !holdsText(v.Type().Elem()) {
			return v, false
		}
		var out reflect.Value
		for i := range v.Len() {
			e, changed := clean(v.Index(i))
			if !changed {
				continue
			}
			if !out.IsValid() {
				if v.Kind() == reflect.Slice {
					out = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
					reflect.Copy(out, v)
				} else {
					out = reflect.New(v.Type()).Elem()
					out.Set(v)
				}
			}
			out.Index(i).Set(e)
		}
		if out.IsValid() {
			return out, true
		}
		return v, false
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		e, changed := clean(v.Elem())
		if !changed {
			return v, false
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(e)
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return v, false
		}
		var out reflect.Value
		iter := v.MapRange()
		for iter.Next() {
			e, changed := clean(iter.Value())
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(v.Type(), v.Len())
				for it := v.MapRange(); it.Next(); {
					out.SetMapIndex(it.Key(), it.Value())
				}
			}
			out.SetMapIndex(iter.Key(), e)
		}
		if out.IsValid() {
			return out, true
		}
		return v, false
	}
	return v, false
}

// Keep returns edited with the stored text put back in every string that
// still reads as it was shown: where same(Visible(stored), edited) holds.
// A form filled from text made visible hands back \x1b where the record
// holds ESC; when the officer left that field alone, saving it must not
// turn the record's text into its visible form. A field the officer
// changed is saved as typed. same says what "left alone" means for the
// caller's forms (an input may trim the text, say); it is asked only where
// the two differ. Slices are matched element by element: by a non-zero
// ID field where the elements have one, else by what was shown (see
// shownAs), else by position.
func Keep[T any](stored, edited T, same func(shown, edited string) bool) T {
	out := reflect.ValueOf(&edited).Elem()
	keep(reflect.ValueOf(stored), out, same)
	return edited
}

// keep puts back into out, which the caller owns, the strings of stored
// that out shows untouched, copying any slice or pointer it changes.
func keep(stored, out reflect.Value, same func(shown, edited string) bool) {
	switch out.Kind() {
	case reflect.String:
		s, e := stored.String(), out.String()
		if e != s && (e == Visible(s) || same(Visible(s), e)) {
			out.SetString(s)
		}
	case reflect.Struct:
		t := out.Type()
		for i := range out.NumField() {
			if t.Field(i).IsExported() {
				keep(stored.Field(i), out.Field(i), same)
			}
		}
	case reflect.Pointer:
		if out.IsNil() || stored.IsNil() {
			return
		}
		c := reflect.New(out.Type().Elem())
		c.Elem().Set(out.Elem())
		keep(stored.Elem(), c.Elem(), same)
		out.Set(c)
	case reflect.Slice:
		if out.Len() == 0 || stored.Len() == 0 || !holdsText(out.Type().Elem()) {
			return
		}
		c := reflect.MakeSlice(out.Type(), out.Len(), out.Len())
		reflect.Copy(c, out)
		byID := idField(out.Type().Elem())
		for i := range c.Len() {
			if byID >= 0 && !c.Index(i).Field(byID).IsZero() {
				id := c.Index(i).Field(byID).Interface()
				for j := range stored.Len() {
					if stored.Index(j).Field(byID).Interface() == id {
						keep(stored.Index(j), c.Index(i), same)
						break
					}
				}
			} else if j := shownAs(stored, c.Index(i)); j >= 0 {
				keep(stored.Index(j), c.Index(i), same)
			} else if i < stored.Len() {
				// Changed in place: field by field, only what still
				// reads as stored is put back.
				keep(stored.Index(i), c.Index(i), same)
			}
		}
		out.Set(c)
	}
}

// shownAs finds, for an element with no ID (a scenario's step), the
// stored element it was shown as: the one whose display-safe copy equals
// it whole, so an element moved, or moved up by a removal, gets its own
// stored text back. -1 when none matches (the officer changed it).
func shownAs(stored, edited reflect.Value) int {
	for j := range stored.Len() {
		shown, _ := clean(stored.Index(j))
		if reflect.DeepEqual(shown.Interface(), edited.Interface()) {
			return j
		}
	}
	return -1
}

// idField returns the index of an element type's comparable ID field, or
// -1 when it has none.
func idField(t reflect.Type) int {
	if t.Kind() != reflect.Struct {
		return -1
	}
	f, ok := t.FieldByName("ID")
	if !ok || len(f.Index) != 1 || !f.Type.Comparable() {
		return -1
	}
	return f.Index[0]
}

// holdsText reports whether a value of type t can hold a string, so a
// []byte or []int is not walked element by element.
func holdsText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Struct, reflect.Slice, reflect.Array, reflect.Pointer, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// Escaped reports whether any string v holds has a backslash, the mark
// that starts every escape Visible writes: a value without one cannot
// hold text made visible, so Keep has nothing to put back.
func Escaped[T any](v T) bool { return escaped(reflect.ValueOf(v)) }

func escaped(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), `\`)
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() && escaped(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if holdsText(v.Type().Elem()) {
			for i := range v.Len() {
				if escaped(v.Index(i)) {
					return true
				}
			}
		}
	case reflect.Pointer:
		return !v.IsNil() && escaped(v.Elem())
	}
	return false
}
