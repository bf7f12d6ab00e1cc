package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/internal/testutil"
)

func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCommandsRefuseBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no command":       {nil, "no command"},
		"unknown command":  {[]string{"fly"}, `unknown command "fly"`},
		"bad flag":         {[]string{"serve", "--colour", "blue"}, "flag provided but not defined"},
		"bad addr":         {[]string{"serve", "--addr", "nowhere"}, "use HOST:PORT"},
		"not postgres":     {[]string{"serve", "--database", "mysql://x"}, "postgres:// URL"},
		"unreachable db":   {[]string{"migrate", "--database", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, "cannot reach PostgreSQL"},
		"admin without id": {[]string{"create-admin"}, "give --email and --name"},
	} {
		_, _, err := runCmd(t, nil, "", tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: the reason must be one line: %q", name, err)
		}
	}
}

func TestVersionMigrateCreateAdminDemo(t *testing.T) {
	out, _, err := runCmd(t, nil, "", "version")
	if err != nil || !strings.HasPrefix(out, "tandem ") {
		t.Fatalf("version: %q %v", out, err)
	}
	data := t.TempDir()
	env := map[string]string{"TANDEM_DATA": data}
	out, _, err = runCmd(t, env, "", "migrate")
	if err != nil || !strings.Contains(out, "sqlite schema is at version") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	out, _, err = runCmd(t, env, testutil.Password+"\n", "create-admin", "--email", "root@northfield.test", "--name", "Root Admin", "--org", "Northfield")
	if err != nil || !strings.Contains(out, "Created admin Root Admin") {
		t.Fatalf("create-admin: %q %v", out, err)
	}
	if _, _, err := runCmd(t, env, "", "demo"); err == nil || !strings.Contains(err.Error(), "already has accounts") {
		t.Fatalf("demo into a used database: %v", err)
	}
	fresh := map[string]string{"TANDEM_DATA": filepath.Join(t.TempDir(), "demo")}
	out, _, err = runCmd(t, fresh, "", "demo")
	if err != nil || !strings.Contains(out, demoCoordinator) {
		t.Fatalf("demo: %q %v", out, err)
	}
}
