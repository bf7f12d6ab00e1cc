package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/internal/api"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/config"
	"github.com/tandemhq/tandem/internal/jobs"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/web"
)

// loadConfig reads defaults, environment and flags into a validated Config.
func loadConfig(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	cfg := config.Default()
	if err := cfg.FromEnv(getenv); err != nil {
		return cfg, nil, err
	}
	fs := flag.NewFlagSet("tandem "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Flags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	if fs.NArg() > 0 {
		return cfg, nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, fs, cfg.Validate()
}

// openStore opens and, unless told not to, migrates the configured database.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	if !cfg.NoMigrate {
		n, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		if n > 0 && log != nil {
			log.Info("database migrated", "applied", n, "engine", db.Engine)
		}
		if _, err := jobs.Migrate(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	start := time.Now()
	cfg, _, err := loadConfig("serve", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	mailer, err := newMailer(cfg, log)
	if err != nil {
		return err
	}
	a := app.New(app.Options{Store: store.New(db), Log: log, BaseURL: cfg.BaseURL, Mailer: mailer})
	var runner *jobs.Runner
	// Each morning: the reminders due, then the retention period's deletions.
	scan := func(ctx context.Context, now time.Time) error {
		_, errScan := a.RunDailyScan(ctx, now, runner.EnqueueMail)
		purged, errRetention := a.ApplyRetention(ctx, now)
		if purged > 0 {
			log.Info("retention: content of ended partnerships deleted", "partnerships", purged)
		}
		return errors.Join(errScan, errRetention)
	}
	runner, err = jobs.New(ctx, jobs.Options{DB: db, Log: log, Mailer: mailer, Location: orgLocation(ctx, a), DailyScan: scan})
	if err != nil {
		return err
	}
	defer runner.Stop(context.Background()) // before db.Close: running jobs finish first
	a.SetOutbox(runner.EnqueueMailIn)       // event emails (a welfare concern at once) go through the same queue, in the change's transaction
	handler, err := newHandler(a, log, !cfg.InsecureCookies)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}

	need, err := a.NeedsSetup(ctx)
	if err != nil {
		return err
	}
	where := "SQLite at " + cfg.DSN()
	if db.Engine == store.Postgres {
		where = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "Tandem %s is running at %s (%s), ready in %d ms.\n", buildVersion(), cfg.BaseURL, where, time.Since(start).Milliseconds())
	if need {
		fmt.Fprintf(stdout, "First run: open %s/setup to create your organisation and its first admin,\n"+
			"or stop the server and run `tandem demo` to load invented demo data.\n", cfg.BaseURL)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if err := runner.Start(ctx); err != nil {
		return err
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// orgLocation is the organisation's time zone, in which the daily scan runs
// at 07:00; UTC before setup. A change of zone applies from the next start.
func orgLocation(ctx context.Context, a *app.App) *time.Location {
	if o, err := a.PublicOrganisation(ctx); err == nil && o != nil {
		if loc, err := time.LoadLocation(o.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// newHandler wires the web UI, the JSON API and /healthz into one handler
// with the shared middleware: logging, security headers, session and CSRF.
func newHandler(a *app.App, log *slog.Logger, secureCookies bool) (http.Handler, error) {
	webServer, err := web.New(web.Options{App: a, Log: log, SecureCookies: secureCookies, Version: buildVersion()})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz(a))
	api.New(a, log, secureCookies).Routes(mux)
	webServer.Routes(mux)
	return web.Logging(log, web.SecurityHeaders(webServer.Middleware(mux))), nil
}

// healthz answers 200 with the engine and schema version while the database
// answers, and 503 when it does not.
func healthz(a *app.App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		body := map[string]any{"status": "ok", "engine": a.Engine(), "version": buildVersion()}
		v, err := a.SchemaVersion(ctx)
		if err == nil {
			err = a.Ping(ctx)
		}
		if err != nil {
			body["status"] = "unavailable"
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		body["schema_version"] = v
		json.NewEncoder(w).Encode(body)
	}
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, _, err := loadConfig("migrate", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if _, err := jobs.Migrate(ctx, db); err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "Applied %d migration(s); %s schema is at version %d.\n", n, db.Engine, v)
	return nil
}
