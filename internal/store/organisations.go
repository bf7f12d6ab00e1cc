package store

import (
	"context"

	"github.com/tandemhq/tandem"
)

// CreateOrganisation inserts o and sets its ID.
func (s *Store) CreateOrganisation(ctx context.Context, o *tandem.Organisation) error {
	return s.w.QueryRowContext(ctx, `INSERT INTO organisations (name, departments, career_stages, support_links, time_zone, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		o.Name, toJSON(nonNil(o.Departments)), toJSON(o.CareerStages), toJSON(nonNilLinks(o.SupportLinks)), o.TimeZone, utc(o.CreatedAt)).Scan(&o.ID)
}

// UpdateOrganisation saves o's settings.
func (s *Store) UpdateOrganisation(ctx context.Context, o *tandem.Organisation) error {
	_, err := s.w.ExecContext(ctx, `UPDATE organisations SET name = $1, departments = $2, career_stages = $3, support_links = $4, time_zone = $5,
		retention_months = $6 WHERE id = $7`,
		o.Name, toJSON(nonNil(o.Departments)), toJSON(o.CareerStages), toJSON(nonNilLinks(o.SupportLinks)), o.TimeZone, o.RetentionMonths, o.ID)
	return err
}

// Organisation returns one organisation.
func (s *Store) Organisation(ctx context.Context, id int64) (*tandem.Organisation, error) {
	return s.scanOrganisation(s.r.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id))
}

// FirstOrganisation returns the oldest organisation: the one this instance was set up for.
func (s *Store) FirstOrganisation(ctx context.Context) (*tandem.Organisation, error) {
	return s.scanOrganisation(s.r.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations ORDER BY id LIMIT 1`))
}

const orgColumns = `id, name, departments, career_stages, support_links, time_zone, retention_months, created_at`

func (s *Store) scanOrganisation(row interface{ Scan(...any) error }) (*tandem.Organisation, error) {
	var o tandem.Organisation
	var deps, stages, links string
	if err := row.Scan(&o.ID, &o.Name, &deps, &stages, &links, &o.TimeZone, &o.RetentionMonths, &o.CreatedAt); err != nil {
		return nil, notFound(err, "Organisation")
	}
	if err := fromJSON(deps, &o.Departments); err != nil {
		return nil, err
	}
	if err := fromJSON(stages, &o.CareerStages); err != nil {
		return nil, err
	}
	if err := fromJSON(links, &o.SupportLinks); err != nil {
		return nil, err
	}
	return &o, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilLinks(s []tandem.Link) []tandem.Link {
	if s == nil {
		return []tandem.Link{}
	}
	return s
}
