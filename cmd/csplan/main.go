// Command csplan edits a community safety partnership's costed delivery
// plan at the terminal, saving every change at once to a local file.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"charm.land/fang/v2"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes csplan with the given arguments and returns the exit code.
// It is main without the process, so tests can drive it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	if wantsHelp(args) {
		tl := &trimLines{w: stdout}
		defer tl.Flush()
		stdout = tl
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
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
