package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"

	"go.etcd.io/bbolt"
)

// The layout of bbolt's pages (bbolt v1.5.0, internal/common/page.go):
// a page header, then on a meta page the meta fields, and on branch and
// leaf pages an array of 16-byte elements whose keys and values follow,
// placed relative to the element. bbolt writes them in the machine's
// byte order.
const (
	pageCountAt     = 10 // uint16
	pageOverflowAt  = 12 // uint32
	pageHeaderSize  = 16
	pageElementSize = 16
	metaRootAt      = pageHeaderSize + 16 // uint64
	metaFreelistAt  = pageHeaderSize + 32 // uint64
	metaTxidAt      = pageHeaderSize + 48 // uint64
	noFreelist      = ^uint64(0)
	branchPage      = 0x01
	leafPage        = 0x02
	bucketElement   = 0x01 // a leaf element whose value is a bucket
	bucketHeaderLen = 16   // a bucket value: root page, sequence, then an inline page
	maxTreeDepth    = 64
)

// checkPages makes sure bbolt's own consistency check can run on the file
// before it is run: that check trusts every page header and element, and
// runs in a goroutine of its own, where a read past the end of the file
// cannot be turned into an error and crashes csplan. A damaged key size
// makes it read past the end; a damaged overflow count (the pages that
// follow a page) makes it fill memory for minutes or, on the freelist page,
// loop for ever. So the tree is walked here first, from the file, in
// bounded time: every page it reaches must name itself, lie within the
// file, be reached once, and hold its elements, keys and values within
// itself; the freelist must fit its pages; and all of them together must
// not claim more pages than the file has.
//
// file, when not nil, is the database file already open (a snapshot whose
// name is gone); otherwise the file is opened by its path.
func checkPages(tx *bbolt.Tx, file *os.File) error {
	f := file
	if f == nil {
		var err error
		if f, err = os.Open(tx.DB().Path()); err != nil {
			return err
		}
		defer f.Close()
	}
	pageSize := uint64(tx.DB().Info().PageSize)
	w := &pageWalker{f: f, pageSize: pageSize, pages: uint64(tx.Size()) / pageSize, seen: map[uint64]bool{}}

	// The meta page the transaction started from names the root and the
	// freelist; a write transaction's ID is one past it.
	want := uint64(tx.ID())
	if tx.Writable() {
		want--
	}
	var root, freelist uint64
	found := false
	for m := uint64(0); m < 2; m++ {
		b, err := w.read(m, metaTxidAt+8)
		if err != nil {
			return err
		}
		if binary.NativeEndian.Uint64(b[metaTxidAt:]) == want {
			root, freelist = binary.NativeEndian.Uint64(b[metaRootAt:]), binary.NativeEndian.Uint64(b[metaFreelistAt:])
			found = true
		}
	}
	if !found {
		return errors.New("the file is damaged: neither meta page is the one in use")
	}
	w.claimed = 2
	if freelist != noFreelist {
		if err := w.freelist(freelist); err != nil {
			return fmt.Errorf("the file is damaged: %w", err)
		}
	}
	if err := w.tree(root, 0); err != nil {
		return fmt.Errorf("the file is damaged: %w", err)
	}
	return nil
}

// pageWalker reads a bbolt file's pages, checking each as it goes.
type pageWalker struct {
	f               *os.File
	pageSize, pages uint64
	seen            map[uint64]bool
	bufs            [][]byte
	// claimed counts the pages reached so far, with their overflow.
	claimed uint64
}

// read reads n bytes at the start of page id, which must be in the file.
func (w *pageWalker) read(id, n uint64) ([]byte, error) {
	if id >= w.pages {
		return nil, fmt.Errorf("page %d is beyond the file's %d pages", id, w.pages)
	}
	b := make([]byte, n)
	_, err := w.f.ReadAt(b, int64(id*w.pageSize))
	return b, err
}

// span reads a page's header and claims the pages it says it spans.
func (w *pageWalker) span(id uint64) (hdr []byte, pages uint64, err error) {
	if id < 2 || w.seen[id] {
		return nil, 0, fmt.Errorf("page %d is reached twice", id)
	}
	w.seen[id] = true
	hdr, err = w.read(id, pageHeaderSize+8)
	if err != nil {
		return nil, 0, err
	}
	if got := binary.NativeEndian.Uint64(hdr); got != id {
		return nil, 0, fmt.Errorf("page %d says it is page %d", id, got)
	}
	pages = 1 + uint64(binary.NativeEndian.Uint32(hdr[pageOverflowAt:]))
	w.claimed += pages
	if pages > w.pages || w.claimed > w.pages {
		return nil, 0, fmt.Errorf("page %d claims %d pages, more than the file's %d", id, pages, w.pages)
	}
	return hdr, pages, nil
}

func (w *pageWalker) freelist(id uint64) error {
	hdr, pages, err := w.span(id)
	if err != nil {
		return fmt.Errorf("the freelist: %w", err)
	}
	// A count of 0xFFFF means the real count is in the first slot.
	ids := uint64(binary.NativeEndian.Uint16(hdr[pageCountAt:]))
	if ids == 0xFFFF {
		ids = binary.NativeEndian.Uint64(hdr[pageHeaderSize:]) + 1
	}
	if ids > pages*w.pageSize/8 {
		return fmt.Errorf("the freelist page %d claims %d entries in %d pages", id, ids, pages)
	}
	return nil
}

// tree checks the branch or leaf page id and every page below it.
func (w *pageWalker) tree(id uint64, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("page %d is deeper than any real tree", id)
	}
	_, pages, err := w.span(id)
	if err != nil {
		return err
	}
	// One buffer per depth, reused across the pages at that depth: a page
	// is done with before its next sibling is read, and its children use
	// the next depth's buffer. An inline bucket's page stays a slice of
	// its parent's buffer. This keeps the walk, which runs at every open,
	// from allocating the file over again.
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, nil)
	}
	n := pages * w.pageSize
	if uint64(cap(w.bufs[depth])) < n {
		w.bufs[depth] = make([]byte, n)
	}
	p := w.bufs[depth][:n]
	if _, err := w.f.ReadAt(p, int64(id*w.pageSize)); err != nil {
		return err
	}
	return w.elements(id, p, depth)
}

// elements checks the elements of page p (a page in the file, or a
// bucket's inline page), and follows them down the tree.
func (w *pageWalker) elements(id uint64, p []byte, depth int) error {
	if len(p) < pageHeaderSize {
		return fmt.Errorf("page %d is cut short", id)
	}
	flags := binary.NativeEndian.Uint16(p[8:])
	count := uint64(binary.NativeEndian.Uint16(p[pageCountAt:]))
	if flags != branchPage && flags != leafPage {
		return fmt.Errorf("page %d is neither a branch nor a leaf (flags %#x)", id, flags)
	}
	size := uint64(len(p))
	if pageHeaderSize+count*pageElementSize > size {
		return fmt.Errorf("page %d has more elements (%d) than fit in it", id, count)
	}
	for i := uint64(0); i < count; i++ {
		e := pageHeaderSize + i*pageElementSize
		el := p[e : e+pageElementSize]
		if flags == branchPage {
			pos, ksize := uint64(binary.NativeEndian.Uint32(el)), uint64(binary.NativeEndian.Uint32(el[4:]))
			if e+pos+ksize > size {
				return fmt.Errorf("page %d: key %d lies outside the page", id, i)
			}
			if err := w.tree(binary.NativeEndian.Uint64(el[8:]), depth+1); err != nil {
				return err
			}
			continue
		}
		eflags := binary.NativeEndian.Uint32(el)
		pos, ksize := uint64(binary.NativeEndian.Uint32(el[4:])), uint64(binary.NativeEndian.Uint32(el[8:]))
		vsize := uint64(binary.NativeEndian.Uint32(el[12:]))
		if e+pos+ksize+vsize > size {
			return fmt.Errorf("page %d: element %d lies outside the page", id, i)
		}
		if eflags&bucketElement == 0 {
			continue
		}
		v := p[e+pos+ksize : e+pos+ksize+vsize]
		if len(v) < bucketHeaderLen {
			return fmt.Errorf("page %d: bucket %d is cut short", id, i)
		}
		if root := binary.NativeEndian.Uint64(v); root != 0 {
			if err := w.tree(root, depth+1); err != nil {
				return err
			}
		} else if err := w.elements(id, v[bucketHeaderLen:], depth+1); err != nil {
			return err
		}
	}
	return nil
}
