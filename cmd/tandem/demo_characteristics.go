package main

import (
	"context"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

// demoCharacteristics has the two showcase people give consented
// characteristics, so /profile/characteristics shows a kept answer and its
// withdrawal; invented answers, as everything in the demo.
func demoCharacteristics(ctx context.Context, a *app.App, mentor, mentee *tandem.User) error {
	for u, c := range map[*tandem.User]tandem.Characteristics{
		mentee: {Caring: tandem.CharYes, FirstGeneration: tandem.CharYes, Disability: tandem.CharPreferNot},
		mentor: {Caring: tandem.CharNo, FirstGeneration: tandem.CharNo, Gender: tandem.CharPreferNot},
	} {
		if _, err := a.SaveMyCharacteristics(ctx, u, app.CharacteristicsInput{Characteristics: c, Consent: true}); err != nil {
			return err
		}
	}
	return nil
}
