package main

import (
	"errors"
	"io"

	"github.com/tandemhq/tandem/internal/match"
)

func cmdMatch(args []string, stdin io.Reader, stdout io.Writer) error {
	return match.MatchCommand(args, stdin, stdout)
}

func cmdBench(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "match" {
		return errors.New("usage: tandem bench match [--mentees N --mentors N --degree N --kind uniform|structured --seed N --stable]")
	}
	return match.BenchCommand(args[1:], stdout)
}
