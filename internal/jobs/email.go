package jobs

import (
	"context"
	"errors"

	"github.com/riverqueue/river"

	"github.com/tandemhq/tandem/internal/mail"
	"github.com/tandemhq/tandem/internal/store"
)

// EmailAttempts is how often an email is tried before it is given up: with
// River's backoff (attempt⁴ seconds, jittered) the last try comes about four
// hours after the first, long enough to ride out an SMTP server's bad
// afternoon, short enough that a reminder is not sent days late.
const EmailAttempts = 10

// Email is one email to send, once.
type Email struct {
	// Key names the logical email, e.g. "meeting/42/reminder/user/7/2026-12-01".
	// While a job with this key is waiting, running or finished (for
	// KeepFinished), enqueuing the key again does nothing, whichever process
	// tries, so an email is sent at most once however often a scan finds it
	// due. Required.
	Key     string
	Message mail.Message
}

// SendEmailArgs are a send_email job's arguments, stored as JSON in the job's
// row: the whole message, so a retry sends what was decided at the time.
// Only Key takes part in the uniqueness check.
type SendEmailArgs struct {
	Key     string       `json:"key" river:"unique"`
	Message mail.Message `json:"message"`
}

// Kind names the job in River's table.
func (SendEmailArgs) Kind() string { return "send_email" }

// InsertOpts makes every send_email job unique by its key.
func (SendEmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: EmailAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type sendEmailWorker struct {
	river.WorkerDefaults[SendEmailArgs]
	mailer mail.Mailer
}

func (w *sendEmailWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	err := w.mailer.Send(ctx, job.Args.Message)
	if err != nil && mail.IsPermanent(err) {
		// The server refused the address or the message for good: trying
		// again for four hours would change nothing.
		return river.JobCancel(err)
	}
	return err
}

// EnqueueEmail queues e to be sent, and reports whether it was queued (false:
// an email with this key is already queued or was sent). Inside a store
// transaction use EnqueueEmailTx instead: on SQLite this call needs the
// writer connection that the transaction holds.
func (r *Runner) EnqueueEmail(ctx context.Context, e Email) (bool, error) {
	args, err := emailArgs(e)
	if err != nil {
		return false, err
	}
	res, err := r.q.insert(ctx, args)
	if err != nil {
		return false, err
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// EnqueueEmailTx queues e inside tx, so the email exists if and only if the
// transaction commits: a service records, say, a welfare concern and the
// coordinator's email in one step. The job cannot start before the commit.
func (r *Runner) EnqueueEmailTx(ctx context.Context, tx Tx, e Email) (bool, error) {
	args, err := emailArgs(e)
	if err != nil {
		return false, err
	}
	res, err := r.q.insertTx(ctx, tx, args)
	if err != nil {
		return false, err
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// EnqueueMail is EnqueueEmail in the shape app.RunDailyScan hands each
// reminder on: its key and its message.
func (r *Runner) EnqueueMail(ctx context.Context, key string, m *mail.Message) error {
	_, err := r.EnqueueEmail(ctx, Email{Key: key, Message: *m})
	return err
}

// EnqueueMailIn is EnqueueMail through st: inside a store transaction
// (store.InTx) the email is queued in that transaction, so it exists if and
// only if the change that caused it commits; outside one, at once. It is the
// shape app.SetOutbox takes.
func (r *Runner) EnqueueMailIn(ctx context.Context, st *store.Store, key string, m *mail.Message) error {
	if conn, tx := st.Tx(); tx != nil {
		_, err := r.EnqueueEmailTx(ctx, Tx{Conn: conn, Tx: tx}, Email{Key: key, Message: *m})
		return err
	}
	return r.EnqueueMail(ctx, key, m)
}

func emailArgs(e Email) (SendEmailArgs, error) {
	if e.Key == "" {
		return SendEmailArgs{}, errors.New("jobs: an email needs a key")
	}
	if e.Message.To == "" {
		return SendEmailArgs{}, errors.New("jobs: an email needs a recipient")
	}
	return SendEmailArgs{Key: e.Key, Message: e.Message}, nil
}
