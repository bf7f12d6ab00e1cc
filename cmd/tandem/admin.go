package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
)

func cmdCreateAdmin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var email, name, org string
	cfg, _, err := loadConfig("create-admin", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the admin's email `address`")
		fs.StringVar(&name, "name", "", "the admin's `name`")
		fs.StringVar(&org, "org", "", "the organisation's `name`, when creating it")
	})
	if err != nil {
		return err
	}
	if email == "" || name == "" {
		return errors.New("give --email and --name; the password is read from standard input (or TANDEM_ADMIN_PASSWORD)")
	}
	password := getenv("TANDEM_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprint(stderr, "Password (at least 10 characters): ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password given on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	db, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(app.Options{Store: store.New(db), BaseURL: cfg.BaseURL})
	u, err := a.CreateAdmin(ctx, app.SetupInput{OrgName: org, Name: name, Email: email, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created admin %s <%s>. Sign in at %s/signin\n", u.Name, u.Email, cfg.BaseURL)
	return nil
}
