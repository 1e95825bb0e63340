// Command csplan edits a community safety partnership's costed delivery
// plan at the terminal, saving every change at once to a local file.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"csplan/termsafe"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
			// One plain line a person can read, and a script can grep.
			fmt.Fprintf(w, "csplan: %s\n", err)
		}),
		fang.WithNotifySignal(os.Interrupt),
	)
	if err != nil {
		return 1
	}
	return 0
}

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
