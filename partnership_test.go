package tandem

import "testing"

func TestNextState(t *testing.T) {
	for _, tc := range []struct {
		state, event string
		both         bool
		want         string // "" = refused
	}{
		{PartnershipIntroduced, EventConfirm, false, PartnershipIntroduced},
		{PartnershipIntroduced, EventConfirm, true, PartnershipActive},
		{PartnershipIntroduced, EventDecline, false, PartnershipDeclined},
		{PartnershipIntroduced, EventWithdraw, false, PartnershipWithdrawn},
		{PartnershipActive, EventWithdraw, false, PartnershipWithdrawn},
		{PartnershipActive, EventConfirm, true, ""},
		{PartnershipActive, EventDecline, false, ""},
		{PartnershipDeclined, EventConfirm, true, ""},
		{PartnershipDeclined, EventWithdraw, false, ""},
		{PartnershipClosed, EventWithdraw, false, ""},
		{PartnershipActive, EventRenew, false, PartnershipActive},
		{PartnershipActive, EventRenew, true, PartnershipActive},
		{PartnershipActive, EventClose, false, PartnershipClosing},
		{PartnershipActive, EventComplete, false, PartnershipClosing},
		{PartnershipClosing, EventFinish, false, PartnershipClosed},
		{PartnershipClosing, EventWithdraw, false, PartnershipWithdrawn},
		{PartnershipIntroduced, EventRenew, true, ""},
		{PartnershipIntroduced, EventComplete, false, ""},
		{PartnershipActive, EventFinish, false, ""},
		{PartnershipClosing, EventRenew, true, ""},
		{PartnershipClosed, EventFinish, false, ""},
		{PartnershipWithdrawn, EventClose, false, ""},
	} {
		got, err := NextState(tc.state, tc.event, tc.both)
		if got != tc.want || (tc.want == "" && ErrorCode(err) != EConflict) {
			t.Errorf("%s + %s: got %q %v, want %q", tc.state, tc.event, got, err, tc.want)
		}
	}
}

func TestNextStateUnknownEvent(t *testing.T) {
	if _, err := NextState(PartnershipIntroduced, "dance", false); ErrorCode(err) != EInvalid {
		t.Fatalf("unknown event: %v", err)
	}
}
