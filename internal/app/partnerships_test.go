package app_test

import (
	"context"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
	"github.com/tandemhq/tandem/internal/store"
	"github.com/tandemhq/tandem/internal/testutil"
)

func TestIntroductionConfirmAndDecline(t *testing.T) {
	testutil.Engines(t, func(t *testing.T, db *store.DB) {
		f := newMatchFixture(t, db)
		ctx := context.Background()
		a := f.e.App
		intro, err := a.PublishMatching(ctx, f.coord, f.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var adaProf, boLect tandem.Partnership
		for _, p := range intro {
			if p.MenteeName == "Ada" {
				adaProf = p
			} else {
				boLect = p
			}
		}
		ada, prof, bo, lect := f.users["Ada"], f.users["Prof"], f.users["Bo"], f.users["Lect"]

		// Outsiders, the coordinator included, cannot answer for the pair: not found.
		for _, who := range []*tandem.User{bo, f.coord, f.e.Admin} {
			if _, err := a.RespondToPartnership(ctx, who, app.RespondInput{PartnershipID: adaProf.ID, Event: tandem.EventConfirm}); tandem.ErrorCode(err) != tandem.ENotFound {
				t.Fatalf("%s confirming someone else's introduction: %v", who.Name, err)
			}
		}
		v, err := a.RespondToPartnership(ctx, ada, app.RespondInput{PartnershipID: adaProf.ID, Event: tandem.EventConfirm})
		if err != nil || v.State != tandem.PartnershipIntroduced || !v.IConfirmed || v.OtherConfirmed {
			t.Fatalf("first confirmation: %+v %v", v, err)
		}
		v, err = a.RespondToPartnership(ctx, prof, app.RespondInput{PartnershipID: adaProf.ID, Event: tandem.EventConfirm})
		if err != nil || v.State != tandem.PartnershipActive {
			t.Fatalf("both confirmed: %+v %v", v, err)
		}

		if _, err := a.RespondToPartnership(ctx, lect, app.RespondInput{PartnershipID: boLect.ID, Event: tandem.EventDecline, Reason: "We clash on schedules."}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RespondToPartnership(ctx, bo, app.RespondInput{PartnershipID: boLect.ID, Event: tandem.EventConfirm}); tandem.ErrorCode(err) != tandem.EConflict {
			t.Fatalf("confirming a declined introduction: %v", err)
		}
		mine, _ := a.MyPartnerships(ctx, bo)
		if len(mine) != 1 || mine[0].StateLabel != "Not going ahead" || mine[0].OtherName != "Lect" {
			t.Fatalf("Bo's view: %+v", mine)
		}
		// The reason reaches the coordinator, never Bo.
		all, _ := a.Partnerships(ctx, f.coord, f.p.ID)
		for _, p := range all {
			if p.ID == boLect.ID && (p.EndReason != "We clash on schedules." || p.EndedBy != tandem.Mentor) {
				t.Fatalf("coordinator's record: %+v", p)
			}
		}
		// Bo waits again, and is never re-paired with Lect.
		prop, _ := a.ProposeMatching(ctx, f.coord, f.p.ID)
		if got := pairsOf(prop); got["Bo"] == "Lect" || prop.MenteesWaiting != 2 {
			t.Fatalf("after the decline: %v, %d waiting", got, prop.MenteesWaiting)
		}
	})
}
