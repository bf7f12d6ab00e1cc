package main

import (
	"fmt"
	"io"

	"github.com/tandemhq/tandem/internal/match"
)

func cmdMatch(args []string, stdin io.Reader, stdout io.Writer) error {
	return match.MatchCommand(args, stdin, stdout)
}

func cmdBench(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "match" {
		return fmt.Errorf("usage: tandem bench match [flags]")
	}
	return fmt.Errorf("tandem bench match: not available in this build")
}
