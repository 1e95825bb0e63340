package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"go.etcd.io/bbolt"
)

// Every value csplan writes into the plan file, except the two meta values
// read before the schema is known (app and schema), is sealed (schema 3):
// stored as eight lowercase hex digits of a CRC-32C of its key and value,
// a space, then the value itself (JSON for records, history entries and
// scenarios, eight bytes for the history cursor and base). bbolt keeps no
// checksums of its own, so without the seal a flipped byte inside a value
// is read as a different value: a salary, a priority, a missing field.
// CRC-32C finds every single flipped byte and every burst of up to 32 bits
// (and all but one in four billion of the rest); it is not a defence
// against someone who can write the file on purpose, who can write a
// matching seal as easily as the value.
//
// The seal sits in the value rather than in a parallel bucket so it is
// written in the same Put as the value (it cannot be forgotten or fall
// behind), and so a read path that forgot to open the seal would fail to
// decode rather than skip the check. The value stays text: bbolt's own
// tools show a record as its seal and its JSON.
const sealLen = 9

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrDamaged is wrapped by every error about a value whose seal does not
// match it, or that does not read as its kind.
var ErrDamaged = errors.New("the plan file is damaged")

func sealOf(key, value []byte) [sealLen]byte {
	sum := crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, value)
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], sum)
	var out [sealLen]byte
	hex.Encode(out[:8], b[:])
	out[8] = ' '
	return out
}

// seal returns value as it is stored under key.
func seal(key, value []byte) []byte {
	s := sealOf(key, value)
	out := make([]byte, 0, sealLen+len(value))
	out = append(out, s[:]...)
	return append(out, value...)
}

// unseal returns the value stored under key without its seal, or false
// when the seal is missing or does not match (the value or its key was
// changed after it was written).
func unseal(key, stored []byte) ([]byte, bool) {
	if len(stored) < sealLen {
		return nil, false
	}
	v := stored[sealLen:]
	s := sealOf(key, v)
	if !bytes.Equal(stored[:sealLen], s[:]) {
		return nil, false
	}
	return v, true
}

// putSealed stores value under key with its seal.
func putSealed(b *bbolt.Bucket, key, value []byte) error {
	return b.Put(key, seal(key, value))
}

// getSealed returns the value under key without its seal, nil if there is
// none. what names the value in the error, e.g. "line 12": never its
// content, which may be a salary.
func getSealed(b *bbolt.Bucket, key []byte, what string) ([]byte, error) {
	stored := b.Get(key)
	if stored == nil {
		return nil, nil
	}
	v, ok := unseal(key, stored)
	if !ok {
		return nil, damaged(what)
	}
	return v, nil
}

func damaged(what string) error {
	return fmt.Errorf("%s: %w: its checksum does not match what was written; run csplan check", what, ErrDamaged)
}

// strictJSON decodes one JSON value into v, refusing fields v does not
// have and anything after the value: a damaged key is never silently
// ignored. Its errors say what is wrong and where, never the value, which
// may be a salary.
func strictJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("there is more after the value")
	}
	return nil
}

// jsonProblem says what is wrong with a value without quoting it.
func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("it is not valid JSON (at byte %d)", syn.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return errors.New("it is not a record")
	case errors.As(err, &typ):
		return fmt.Errorf("its field %q has the wrong type", typ.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("it is cut short")
	}
	msg := err.Error()
	if len(msg) > 5 && msg[:5] == "json:" && bytes.Contains([]byte(msg), []byte("unknown field")) {
		return fmt.Errorf("it has a field csplan does not know (%s)", msg[6:])
	}
	return errors.New("a value in it cannot be read")
}
