// Command tandem runs the Tandem mentoring platform and its operator tools.
//
//	tandem serve          run the web server (SQLite in ./data by default)
//	tandem migrate        apply database migrations
//	tandem create-admin   create an admin account
//	tandem demo           load invented demo data
//	tandem match          solve a matching graph (JSON in, JSON out)
//	tandem retention      delete ended partnerships' content past the retention period
//	tandem version        print the build version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/tandemhq/tandem/internal/store"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "tandem:", err)
		}
		os.Exit(1)
	}
}

const usage = `Tandem: mentoring programmes, run well.

Usage: tandem <command> [flags]

Commands:
  serve          run the web server (SQLite in ./data unless --database is given)
  migrate        apply database migrations and exit
  create-admin   create an admin account (--email, --name; password from stdin)
  demo           load invented demo data into an empty database
  match          solve a matching graph: tandem match [--stable] --graph FILE
  bench match    time the matching engine on a generated instance
  retention      delete ended partnerships' content past the organisation's retention period, once
  version        print the build version

Run "tandem <command> -h" for a command's flags.
`

// run is main without the process: arguments, environment and streams are
// passed in, so tests can run every command.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	if args[0] != "serve" {
		// The operator's commands (migrate, demo, retention, ...) are system
		// work: PostgreSQL's row-level security lets them through every
		// organisation (internal/store/rls.go). serve marks each request
		// with its signed-in person's organisation instead.
		ctx = store.System(ctx)
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], getenv, stdout, stderr)
	case "create-admin":
		return cmdCreateAdmin(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args[1:], getenv, stdout, stderr)
	case "match":
		return cmdMatch(args[1:], stdin, stdout)
	case "bench":
		return cmdBench(args[1:], stdout)
	case "retention":
		return cmdRetention(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "tandem", buildVersion())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// buildVersion is the -ldflags version, else the module version or VCS
// revision Go recorded, else "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}
