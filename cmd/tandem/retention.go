package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
)

// cmdRetention deletes, once, the content of ended partnerships older than
// their organisation's retention period: what the daily job does, for an
// operator who wants it now.
func cmdRetention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("retention", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(app.Options{Store: store.New(db), BaseURL: cfg.BaseURL})
	n, err := a.ApplyRetention(ctx, a.Now())
	if err != nil {
		return err
	}
	switch n {
	case 0:
		fmt.Fprintln(stdout, "Retention: nothing to delete.")
	case 1:
		fmt.Fprintln(stdout, "Retention: deleted the content of 1 ended partnership (its meeting dates stay).")
	default:
		fmt.Fprintf(stdout, "Retention: deleted the content of %d ended partnerships (their meeting dates stay).\n", n)
	}
	return nil
}
