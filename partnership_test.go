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
		{PartnershipIntroduced, "dance", false, ""},
	} {
		got, err := NextState(tc.state, tc.event, tc.both)
		if got != tc.want || (tc.want == "" && ErrorCode(err) != EConflict) {
			t.Errorf("%s + %s: got %q %v, want %q", tc.state, tc.event, got, err, tc.want)
		}
	}
}
