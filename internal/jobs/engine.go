package jobs

import (
	"context"
	"database/sql"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/tandemhq/tandem/internal/store"
)

// Tx is a transaction in progress on the store's database, begun on a
// dedicated connection: conn, _ := db.Writer().Conn(ctx); tx, _ :=
// conn.BeginTx(ctx, nil). A job inserted with it is committed or rolled back
// with the rest of the transaction. Both fields are needed because the two
// River drivers take different things: SQLite's takes the *sql.Tx itself;
// PostgreSQL's takes a pgx transaction, which database/sql does not expose,
// so its statements are sent on the pgx connection under Conn, inside the
// transaction already open there.
type Tx struct {
	Conn *sql.Conn
	Tx   *sql.Tx
}

// queue is a River client and driver of either engine, behind one face so
// the rest of the package never asks which.
type queue interface {
	migrate(ctx context.Context) (int, error)
	start(ctx context.Context) error
	stop(ctx context.Context) error
	stopAndCancel(ctx context.Context) error
	insert(ctx context.Context, args river.JobArgs) (*rivertype.JobInsertResult, error)
	insertTx(ctx context.Context, tx Tx, args river.JobArgs) (*rivertype.JobInsertResult, error)
	jobs(ctx context.Context, kind string) ([]*rivertype.JobRow, error)
	unfinished(ctx context.Context) ([]*rivertype.JobRow, error)
	subscribe(kinds ...river.EventKind) (<-chan *river.Event, func())
	close()
}

// newQueue builds the queue for db's engine; with a nil cfg, only enough to
// migrate.
func newQueue(ctx context.Context, db *store.DB, cfg *river.Config) (queue, error) {
	switch db.Engine {
	case store.SQLite:
		return newSQLite(db, cfg)
	case store.Postgres:
		return newPostgres(ctx, db, cfg)
	}
	return nil, fmt.Errorf("jobs: unknown engine %q", db.Engine)
}

// newSQLite puts River on the store's writer: the one connection through
// which every write to the file already goes. River's driver asks for a
// one-connection pool (it runs operations in parallel, which SQLite answers
// with "database is locked"), and sharing the app's means River and the app
// queue for the writer in Go instead of contending for the file lock, so no
// write in this process ever waits on busy_timeout. The cost: a goroutine
// that holds the writer in a transaction must enqueue through that
// transaction (EnqueueEmailTx), since EnqueueEmail would wait for the
// connection it holds. Poll-only mode drops River's 50 ms notification
// polling from the writer; a job inserted here still starts at once, and one
// inserted by another process within PollInterval.
func newSQLite(db *store.DB, cfg *river.Config) (queue, error) {
	driver := riversqlite.New(db.Writer())
	q := &riverQueue[*sql.Tx]{driver: driver,
		unwrap: func(ctx context.Context, tx Tx, fn func(*sql.Tx) error) error {
			if tx.Tx == nil {
				return errors.New("jobs: Tx without a transaction")
			}
			return fn(tx.Tx)
		},
		lock:    func(context.Context) (func(), error) { return func() {}, nil }, // one writer: already serial
		closeFn: func() {},
	}
	if cfg != nil {
		cfg.PollOnly = true
		c, err := river.NewClient(driver, cfg)
		if err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
		q.client = c
	}
	return q, nil
}

// newPostgres opens a pgx pool on the store's URL, so River's tables live in
// the same database and, with a search_path in the URL, the same schema.
func newPostgres(ctx context.Context, db *store.DB, cfg *river.Config) (queue, error) {
	pcfg, err := pgxpool.ParseConfig(db.DSN())
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	pcfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: cannot reach PostgreSQL: %w", err)
	}
	driver := riverpgxv5.New(pool)
	q := &riverQueue[pgx.Tx]{driver: driver,
		unwrap: func(ctx context.Context, tx Tx, fn func(pgx.Tx) error) error {
			if tx.Conn == nil {
				return errors.New("jobs: Tx without its connection")
			}
			return tx.Conn.Raw(func(dc any) error {
				if u, ok := dc.(interface{ Unwrap() sqldriver.Conn }); ok {
					dc = u.Unwrap() // the store's row-level-security wrapper
				}
				c, ok := dc.(*stdlib.Conn)
				if !ok {
					return fmt.Errorf("jobs: Tx on a %T, not a pgx connection", dc)
				}
				return fn(openTx{c.Conn()})
			})
		},
		lock: func(ctx context.Context) (func(), error) {
			// Two processes starting at once must not both create River's tables.
			c, err := pool.Acquire(ctx)
			if err != nil {
				return nil, err
			}
			if _, err := c.Exec(ctx, `SELECT pg_advisory_lock(727002)`); err != nil {
				c.Release()
				return nil, err
			}
			return func() {
				c.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727002)`)
				c.Release()
			}, nil
		},
		closeFn: pool.Close,
	}
	if cfg != nil {
		c, err := river.NewClient(driver, cfg)
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("jobs: %w", err)
		}
		q.client = c
	}
	return q, nil
}

type riverQueue[TTx any] struct {
	driver  riverdriver.Driver[TTx]
	client  *river.Client[TTx]
	unwrap  func(context.Context, Tx, func(TTx) error) error
	lock    func(context.Context) (unlock func(), err error)
	closeFn func()
}

func (q *riverQueue[TTx]) migrate(ctx context.Context) (int, error) {
	m, err := rivermigrate.New(q.driver, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: migrate: %w", err)
	}
	unlock, err := q.lock(ctx)
	if err != nil {
		return 0, fmt.Errorf("jobs: migrate: %w", err)
	}
	defer unlock()
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("jobs: migrate: %w", err)
	}
	return len(res.Versions), nil
}

func (q *riverQueue[TTx]) start(ctx context.Context) error { return q.client.Start(ctx) }
func (q *riverQueue[TTx]) stop(ctx context.Context) error  { return q.client.Stop(ctx) }
func (q *riverQueue[TTx]) close()                          { q.closeFn() }

func (q *riverQueue[TTx]) stopAndCancel(ctx context.Context) error {
	return q.client.StopAndCancel(ctx)
}

func (q *riverQueue[TTx]) subscribe(kinds ...river.EventKind) (<-chan *river.Event, func()) {
	return q.client.Subscribe(kinds...)
}

func (q *riverQueue[TTx]) insert(ctx context.Context, args river.JobArgs) (*rivertype.JobInsertResult, error) {
	return q.client.Insert(ctx, args, nil)
}

func (q *riverQueue[TTx]) insertTx(ctx context.Context, tx Tx, args river.JobArgs) (res *rivertype.JobInsertResult, err error) {
	err = q.unwrap(ctx, tx, func(t TTx) error {
		res, err = q.client.InsertTx(ctx, t, args, nil)
		return err
	})
	return res, err
}

func (q *riverQueue[TTx]) jobs(ctx context.Context, kind string) ([]*rivertype.JobRow, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().Kinds(kind).First(10000))
	if err != nil {
		return nil, err
	}
	return res.Jobs, nil
}

func (q *riverQueue[TTx]) unfinished(ctx context.Context) ([]*rivertype.JobRow, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateAvailable, rivertype.JobStatePending,
		rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled).First(10000))
	if err != nil {
		return nil, err
	}
	return res.Jobs, nil
}

// openTx is a transaction database/sql opened on a pgx connection, in the
// shape River's pgx driver takes. Its statements go to the connection, which
// is inside that transaction, so they stand or fall with it. Ending the
// transaction is database/sql's business, and River never ends a caller's.
type openTx struct{ c *pgx.Conn }

var errOpenTx = errors.New("jobs: a transaction database/sql owns cannot be ended or nested here")

func (t openTx) Begin(context.Context) (pgx.Tx, error) { return nil, errOpenTx }
func (t openTx) Commit(context.Context) error          { return errOpenTx }
func (t openTx) Rollback(context.Context) error        { return errOpenTx }
func (t openTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return t.c.CopyFrom(ctx, table, cols, src)
}
func (t openTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.c.SendBatch(ctx, b)
}
func (t openTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }
func (t openTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.c.Prepare(ctx, name, sql)
}
func (t openTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.c.Exec(ctx, sql, args...)
}
func (t openTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.c.Query(ctx, sql, args...)
}
func (t openTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.c.QueryRow(ctx, sql, args...)
}
func (t openTx) Conn() *pgx.Conn { return t.c }
