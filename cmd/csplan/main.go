// Command csplan edits a community safety partnership's costed delivery
// plan at the terminal, saving every change at once to a local file.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"csplan/termsafe"
)

func main() {
	ctx, caught := signalContext(context.Background())
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if s := caught(); s != 0 {
		// The shell's convention: 128 plus the signal's number, so a
		// script sees an interrupted csplan as interrupted (130 for
		// ctrl-c, 143 for SIGTERM, 129 for a closed terminal).
		code = 128 + int(s)
	}
	os.Exit(code)
}

// stopSignals are the signals that stop csplan in good order: the context
// ends, the editor gives the terminal back as it found it (out of the
// alternate screen and raw mode, mouse off, cursor shown), a command that
// has not yet committed its change gives up with nothing changed. A change
// is one bbolt transaction, so it is either saved whole or not at all.
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// signalContext returns a context that ends at the first of stopSignals,
// and a function that says which signal that was (0 for none). A second
// signal ends the process at once.
func signalContext(parent context.Context) (context.Context, func() syscall.Signal) {
	ctx, cancel := context.WithCancel(parent)
	var got atomic.Int32
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, stopSignals...)
	go func() {
		s := (<-ch).(syscall.Signal)
		got.Store(int32(s))
		cancel()
		s = (<-ch).(syscall.Signal)
		os.Exit(128 + int(s))
	}()
	return ctx, func() syscall.Signal { return syscall.Signal(got.Load()) }
}

// run executes csplan with the given arguments and returns the exit code.
// It is main without the process, so tests can drive it.
//
// Everything a command prints, its errors, help and JSON included, passes
// through a termsafe.Writer: text from the plan or a file (a funding name,
// a scenario's name, a cell quoted in an error) reaches the terminal with
// its control characters made visible, never acted on. JSON stays valid
// and equal (see termsafe.Writer). The one exception is the plan file
// `export` writes to a pipe or a file: that is data, written exactly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if wantsHelp(args) {
		// fang pads help to its width; the padding goes before the
		// safe writer below flushes into it (defers run last first).
		tl := &trimLines{w: stdout}
		defer tl.Flush()
		stdout = tl
	}
	out, errOut := termsafe.NewWriter(stdout), termsafe.NewWriter(stderr)
	defer func() { _, _ = out.Flush(), errOut.Flush() }()
	ctx = context.WithValue(ctx, rawStdoutKey{}, stdout)
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(errOut)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version()),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			if errors.Is(err, context.Canceled) && ctx.Err() != nil {
				err = errStopped
			}
			// One plain line a person can read, and a script can grep.
			fmt.Fprintf(w, "csplan: %s\n", err)
		}),
	)
	if err != nil {
		return 1
	}
	return 0
}

// errStopped is what csplan says when a signal stopped it.
var errStopped = errors.New("stopped by a signal before it finished: every change is saved whole or not at all, " +
	"so the plan is as it was after the last change reported")

// rawStdoutKey holds, in a command's context, standard output without the
// termsafe.Writer, for the data `export` writes.
type rawStdoutKey struct{}

// dataOut is where a command writes a file's bytes meant for standard
// output: standard output itself when it is a pipe or a file, so the data
// is exact; on a terminal, where a person reads it, the safe writer.
func dataOut(cmd *cobra.Command) io.Writer {
	raw, ok := cmd.Context().Value(rawStdoutKey{}).(io.Writer)
	if !ok {
		return cmd.OutOrStdout()
	}
	if f, ok := raw.(*os.File); ok && isTerminal(f) {
		return cmd.OutOrStdout()
	}
	return raw
}
