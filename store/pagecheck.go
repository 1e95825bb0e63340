package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"go.etcd.io/bbolt"
)

// Offsets in a bbolt page: the page header (id, flags, count, overflow),
// then on a meta page the meta fields. bbolt writes them in the machine's
// byte order.
const (
	pageCountAt    = 10 // uint16
	pageOverflowAt = 12 // uint32
	pageHeaderSize = 16
	metaFreelistAt = pageHeaderSize + 32 // uint64
	metaTxidAt     = pageHeaderSize + 48 // uint64
	noFreelist     = ^uint64(0)
)

// checkPageSpans makes sure bbolt's own consistency check will finish, in
// bounded time and memory, before it is run. That check visits every page
// that a page header says it spans (itself plus its overflow count): a
// damaged count of millions makes it fill a map with millions of entries,
// and 2^32-1 on the freelist page makes it loop for ever. So the pages the
// tree and the freelist claim are first added up without visiting them
// (bbolt's bucket statistics sum the counts) and compared with the pages
// the file has. A sound file claims no more than it has.
func checkPageSpans(tx *bbolt.Tx) error {
	pageSize := int64(tx.DB().Info().PageSize)
	pages := uint64(tx.Size() / pageSize)
	f, err := os.Open(tx.DB().Path())
	if err != nil {
		return err
	}
	defer f.Close()
	read := func(page uint64, n int) ([]byte, error) {
		b := make([]byte, n)
		if page >= pages {
			return nil, fmt.Errorf("page %d is beyond the file's %d pages", page, pages)
		}
		_, err := f.ReadAt(b, int64(page)*pageSize)
		return b, err
	}

	// The meta page the transaction started from names the freelist page;
	// a write transaction's ID is one past it.
	want := uint64(tx.ID())
	if tx.Writable() {
		want--
	}
	freelist, found := uint64(0), false
	for m := uint64(0); m < 2; m++ {
		b, err := read(m, metaTxidAt+8)
		if err != nil {
			return err
		}
		if binary.NativeEndian.Uint64(b[metaTxidAt:]) == want {
			freelist, found = binary.NativeEndian.Uint64(b[metaFreelistAt:]), true
		}
	}
	if !found {
		return errors.New("neither meta page is the one in use")
	}

	claimed := uint64(2) // the meta pages
	if freelist != noFreelist {
		b, err := read(freelist, pageHeaderSize+8)
		if err != nil {
			return fmt.Errorf("the freelist: %w", err)
		}
		span := 1 + uint64(binary.NativeEndian.Uint32(b[pageOverflowAt:]))
		// A count of 0xFFFF means the real count is in the first slot.
		ids := uint64(binary.NativeEndian.Uint16(b[pageCountAt:]))
		if ids == 0xFFFF {
			ids = binary.NativeEndian.Uint64(b[pageHeaderSize:]) + 1
		}
		if span > pages || ids > span*uint64(pageSize)/8 {
			return fmt.Errorf("the freelist page %d is damaged: it claims %d pages holding %d free page numbers, in a file of %d pages",
				freelist, span, ids, pages)
		}
		claimed += span
	}
	st := tx.Cursor().Bucket().Stats()
	claimed += uint64(st.BranchPageN) + uint64(st.BranchOverflowN) + uint64(st.LeafPageN) + uint64(st.LeafOverflowN)
	if claimed > pages {
		return fmt.Errorf("a page header is damaged: the pages claim %d pages, and the file has %d", claimed, pages)
	}
	return nil
}
