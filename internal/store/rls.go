package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strconv"
	"sync/atomic"
)

// Row-level security on PostgreSQL: a second wall behind internal/app's
// rules. The content tables (agreements, meetings, notes, goals, actions,
// reviews, closures, feedback, concerns and their notes, characteristics)
// have policies that show a row only when it belongs to the organisation
// named by the connection's setting tandem.org_id (migration 011), and FORCE
// ROW LEVEL SECURITY subjects the tables' owner to them too. Only a
// PostgreSQL superuser is exempt, so Tandem should connect as an ordinary
// role that owns its tables.
//
// Every query carries its organisation in its context:
//   - WithOrg: the signed-in person's organisation, set by the web and API
//     layers as soon as they know who is asking;
//   - System: work that legitimately spans organisations (the background
//     jobs, the command line, the daily scan, retention), a deliberate and
//     visible choice at each entry point;
//   - SignedOut: a request by nobody signed in; the setting is empty and the
//     policies show no content row at all;
//   - none of these: the same as SignedOut, unless the database was told
//     UnmarkedIsSystem (tests, whose fixtures write through the services
//     with a bare context).
//
// The connection wrapper below sets tandem.org_id on the connection before
// a statement whenever the context asks for another value than the one the
// connection holds, so it is right whichever pooled connection runs the
// statement, inside a transaction or not. SQLite has no such thing: there
// the rules of internal/app are the only wall, as before.

type orgKey struct{}

// SystemSetting is the value of tandem.org_id that the policies let through
// whatever the organisation: background work and the command line.
const SystemSetting = "system"

// WithOrg marks ctx as acting for one organisation: content of any other is
// invisible on PostgreSQL, whatever a query asks for.
func WithOrg(ctx context.Context, orgID int64) context.Context {
	return context.WithValue(ctx, orgKey{}, strconv.FormatInt(orgID, 10))
}

// System marks ctx as system work spanning organisations (jobs, command
// line). Use it only where no person's request is being served.
func System(ctx context.Context) context.Context {
	return context.WithValue(ctx, orgKey{}, SystemSetting)
}

// SignedOut marks ctx as a request by nobody signed in: no content shows.
func SignedOut(ctx context.Context) context.Context {
	return context.WithValue(ctx, orgKey{}, "")
}

// UnmarkedIsSystem makes statements whose context says nothing run as system
// work. It is for tests: their fixtures write through the services with a
// bare context, while the web and API layers still mark every request (with
// an organisation, or SignedOut), so the handler tests run behind the wall.
func (db *DB) UnmarkedIsSystem() {
	if db.rls != nil {
		db.rls.unmarked.Store(SystemSetting)
	}
}

// orgSetting is the value tandem.org_id must hold for ctx: an organisation
// id, SystemSetting, or "" (no content visible); unmarked is the value for a
// context that says nothing.
func orgSetting(ctx context.Context, unmarked string) string {
	if s, ok := ctx.Value(orgKey{}).(string); ok {
		return s
	}
	return unmarked
}

// rlsConnector wraps the PostgreSQL driver's connector so that each
// connection it makes follows its statements' organisation.
type rlsConnector struct {
	inner    driver.Connector
	unmarked atomic.Value // string: the setting for an unmarked context, "" unless UnmarkedIsSystem
}

func newRLSConnector(inner driver.Connector) *rlsConnector {
	c := &rlsConnector{inner: inner}
	c.unmarked.Store("")
	return c
}

func (c *rlsConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	for _, ok := range []bool{implements[driver.ExecerContext](conn), implements[driver.QueryerContext](conn),
		implements[driver.ConnBeginTx](conn), implements[driver.ConnPrepareContext](conn)} {
		if !ok {
			conn.Close()
			return nil, errors.New("postgres: the driver's connection lacks a context method row-level security needs")
		}
	}
	return &rlsConn{Conn: conn, set: unknownSetting, connector: c}, nil
}

func (c *rlsConnector) Driver() driver.Driver { return c.inner.Driver() }

func implements[T any](v any) bool { _, ok := v.(T); return ok }

// unknownSetting is never a real value: the next statement sets tandem.org_id.
const unknownSetting = "\x00unknown"

// rlsConn is one connection and the tandem.org_id it holds.
type rlsConn struct {
	driver.Conn
	set       string
	connector *rlsConnector
}

// follow sets tandem.org_id for ctx if the connection holds another value.
// The setting lasts for the session (not the transaction), so a rolled-back
// transaction, which would undo it, forgets what is held (see rlsTx).
func (c *rlsConn) follow(ctx context.Context) error {
	want := orgSetting(ctx, c.connector.unmarked.Load().(string))
	if want == c.set {
		return nil
	}
	_, err := c.Conn.(driver.ExecerContext).ExecContext(ctx, `SELECT set_config('tandem.org_id', $1, false)`,
		[]driver.NamedValue{{Ordinal: 1, Value: want}})
	if err != nil {
		c.set = unknownSetting
		return err
	}
	c.set = want
	return nil
}

func (c *rlsConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.follow(ctx); err != nil {
		return nil, err
	}
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *rlsConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.follow(ctx); err != nil {
		return nil, err
	}
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c *rlsConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.follow(ctx); err != nil {
		return nil, err
	}
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *rlsConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.follow(ctx); err != nil {
		return nil, err
	}
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return rlsTx{Tx: tx, conn: c}, nil
}

// Unwrap returns the driver's own connection, for code that needs it (the
// job queue runs River on the pgx connection of a transaction). Statements
// sent on it keep the organisation the wrapper last set.
func (c *rlsConn) Unwrap() driver.Conn { return c.Conn }

func (c *rlsConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *rlsConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *rlsConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *rlsConn) CheckNamedValue(nv *driver.NamedValue) error {
	if v, ok := c.Conn.(driver.NamedValueChecker); ok {
		return v.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// rlsTx forgets the connection's setting when a transaction rolls back, since
// PostgreSQL undoes a set_config made inside it.
type rlsTx struct {
	driver.Tx
	conn *rlsConn
}

func (t rlsTx) Rollback() error {
	t.conn.set = unknownSetting
	return t.Tx.Rollback()
}

// Commit forgets the setting too when the commit fails: an aborted
// transaction's COMMIT is a rollback.
func (t rlsTx) Commit() error {
	err := t.Tx.Commit()
	if err != nil {
		t.conn.set = unknownSetting
	}
	return err
}
