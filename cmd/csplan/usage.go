package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"csplan/model"
)

// usageError is a mistake in how a command was called. Its message names
// the command's --help, so the officer knows where to look.
type usageError struct {
	cmd string // e.g. "csplan scenario compare"
	err error
}

func (e usageError) Error() string { return fmt.Sprintf("%s; see %s --help", e.err, e.cmd) }
func (e usageError) Unwrap() error { return e.err }

// usage marks err as a mistake in calling c.
func usage(c *cobra.Command, err error) error {
	var ue usageError
	if errors.As(err, &ue) {
		return err
	}
	return usageError{cmd: c.CommandPath(), err: err}
}

// usagef is usage with a formatted message.
func usagef(c *cobra.Command, format string, a ...any) error {
	return usage(c, fmt.Errorf(format, a...))
}

// pathAnnotation marks a flag whose value is a file path: it may be long
// (a file name can have 255 bytes), while a name may not.
const pathAnnotation = "csplan-path"

func markPath(fs *pflag.FlagSet, name string) {
	_ = fs.SetAnnotation(name, pathAnnotation, []string{"true"})
}

// checkFlagValues refuses an empty value for any flag given one (an empty
// --db, or --as-scenario ""): a flag that takes a value needs one. Names (not
// paths) are limited to model.MaxNameLen characters.
func checkFlagValues(c *cobra.Command) error {
	var err error
	c.Flags().Visit(func(f *pflag.Flag) {
		if err != nil {
			return
		}
		var values []string
		switch f.Value.Type() {
		case "string":
			values = []string{f.Value.String()}
		case "stringArray", "stringSlice":
			if sv, ok := f.Value.(pflag.SliceValue); ok {
				values = sv.GetSlice()
			}
		default:
			return
		}
		_, isPath := f.Annotations[pathAnnotation]
		for _, v := range values {
			if strings.TrimSpace(v) == "" {
				err = usagef(c, "--%s needs a value: it is empty", f.Name)
				return
			}
			if !isPath && utf8.RuneCountInString(v) > model.MaxNameLen {
				err = usagef(c, "--%s is %d characters long: the most is %d", f.Name, utf8.RuneCountInString(v), model.MaxNameLen)
				return
			}
		}
	})
	return err
}

// wrapArgs goes through every command: each argument check's error names
// the command's --help, and a command group (scenario, dev) given an
// unknown subcommand fails instead of printing its help and exiting 0.
func wrapArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
	if c.HasSubCommands() && c.HasParent() {
		c.Args = noArgs
		if c.RunE == nil && c.Run == nil {
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
	if c.Args == nil {
		return
	}
	check := c.Args
	c.Args = func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usage(c, err)
		}
		return nil
	}
}

// noArgs is cobra.NoArgs with a hint: the nearest command names.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if c.HasSubCommands() {
		if c.SuggestionsMinimumDistance <= 0 {
			c.SuggestionsMinimumDistance = 2
		}
		if s := c.SuggestionsFor(args[0]); len(s) > 0 {
			msg += " (did you mean " + strings.Join(s, " or ") + "?)"
		} else {
			var names []string
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			msg += "; the commands are " + strings.Join(names, ", ")
		}
	}
	return errors.New(msg)
}

// needArgs checks a command's arguments against the placeholders of its
// Use line ("compare NAME...", "rename NAME NEW-NAME"): at least lo and at
// most hi (-1: any number), each not empty, and a name (not a FILE) no
// longer than model.MaxNameLen.
func needArgs(lo, hi int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		holders := strings.Fields(c.Use)[1:]
		if len(args) < lo {
			missing := strings.TrimSuffix(strings.Join(holders[len(args):lo], " "), "...")
			return fmt.Errorf("missing %s (the command is %s %s)", missing, c.CommandPath(), strings.Join(holders, " "))
		}
		if hi >= 0 && len(args) > hi {
			return fmt.Errorf("too many arguments, from %q on (the command is %s %s)", args[hi], c.CommandPath(), strings.Join(holders, " "))
		}
		for i, a := range args {
			h := holders[min(i, len(holders)-1)]
			if strings.TrimSpace(a) == "" {
				return fmt.Errorf("%s is empty: give a value", strings.TrimSuffix(h, "..."))
			}
			if !strings.HasPrefix(h, "FILE") && utf8.RuneCountInString(a) > model.MaxNameLen {
				return fmt.Errorf("%s is %d characters long: the most is %d", strings.TrimSuffix(h, "..."), utf8.RuneCountInString(a), model.MaxNameLen)
			}
		}
		return nil
	}
}

// wantsHelp reports whether the arguments ask for help, whose output goes
// through trimLines.
func wantsHelp(args []string) bool {
	if len(args) > 0 && args[0] == "help" {
		return true
	}
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "--help" {
			return true
		}
	}
	return false
}

// trimLines drops the spaces at the ends of lines: fang pads help to its
// width (120 columns when the output is not a terminal), which fills a
// file or a pipe with blanks.
type trimLines struct {
	w       io.Writer
	pending []byte
}

func (t *trimLines) Write(p []byte) (int, error) {
	t.pending = append(t.pending, p...)
	for {
		i := bytes.IndexByte(t.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := bytes.TrimRight(t.pending[:i], " \t")
		if _, err := t.w.Write(append(line, '\n')); err != nil {
			return 0, err
		}
		t.pending = t.pending[i+1:]
	}
}

// Flush writes what is left after the last newline.
func (t *trimLines) Flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	_, err := t.w.Write(bytes.TrimRight(t.pending, " \t"))
	t.pending = nil
	return err
}
