package api

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/app"
)

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return doc
}

// TestOpenAPIDocumentsEveryRoute holds the route table in api.go and the
// document's paths to each other, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	src, err := os.ReadFile("api.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, m := range regexp.MustCompile(`"(GET|POST|PUT|PATCH|DELETE) /api/v1(/[^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		if m[2] != "/openapi.json" {
			routes[strings.ToLower(m[1])+" "+m[2]] = true
		}
	}
	if len(routes) < 40 {
		t.Fatalf("found only %d routes in api.go: has the route table changed shape?", len(routes))
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if method != "parameters" {
				documented[method+" "+path] = true
			}
		}
	}
	for r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for r := range documented {
		if !routes[r] {
			t.Errorf("openapi.json documents %s, which api.go does not serve", r)
		}
	}
}

// TestOpenAPIRefsResolve checks that every $ref names a schema that exists.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				name, found := strings.CutPrefix(ref, "#/components/schemas/")
				if !found || schemas[name] == nil {
					t.Errorf("unresolved $ref %q", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}

// TestOpenAPISchemasMatchResponses compares each documented response schema
// with the struct the handlers encode, so neither drifts from the other.
func TestOpenAPISchemasMatchResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"Partnership": partnershipJSON{}, "ProgrammeBrief": programmeBriefJSON{}, "Workspace": workspaceJSON{},
		"AgreementState": agreementStateJSON{}, "Agreement": agreementJSON{}, "AgreementVersion": agreementVersionJSON{},
		"AgreementEntry": agreementEntryJSON{}, "Meeting": meetingJSON{}, "MeetingAllowed": meetingAllowedJSON{},
		"MeetingPrep": prepJSON{}, "PromptStage": promptStageJSON{}, "Note": noteJSON{}, "Goal": goalJSON{}, "Action": actionJSON{},
		"Review": reviewJSON{}, "Closure": closureJSON{}, "Feedback": feedbackJSON{}, "PartnershipSummary": summaryJSON{},
		"Availability": availabilityJSON{}, "MeetingInput": meetingBody{}, "Error": errorBody{},
		"Concern": concernJSON{}, "ConcernNote": concernNoteJSON{}, "ConcernDetail": concernDetailJSON{}, "ConcernList": concernListJSON{},
		"PulseAnswer": pulseJSON{}, "PulseStatus": pulseStatusJSON{}, "PulseResult": pulseResultJSON{}, "ProgrammePulse": programmePulseJSON{},
		"PulseSignal": app.PulseSignal{}, "PulseScore": app.PulseScore{}, "PulseSummary": app.PulseSummary{}, "SharedWord": app.SharedWord{}, "Pulse": tandem.Pulse{},
		"Characteristics": tandem.Characteristics{},
		"Event":           eventJSON{}, "Booking": bookingJSON{}, "EventDetail": eventDetailJSON{}, "EventInput": eventBody{},
		"Report": reportJSON{}, "ReportSection": app.Section{}, "ReportMeasure": app.Measure{}, "Figure": app.Figure{}, "Change": app.Change{},
		"Breakdown": app.Breakdown{}, "BreakdownRow": app.BreakdownRow{}, "FeedbackSummary": app.FeedbackSummary{},
		"RoleRatings": app.RoleRatings{}, "RatingRow": app.RatingRow{},
		"Dashboard": dashboardJSON{}, "Unmatched": unmatchedPersonJSON{}, "DeskCount": countJSON{}, "PairAtRisk": pairAtRiskJSON{}, "Risk": riskJSON{},
		"MeetingsExpected": meetingsDueJSON{}, "Workload": workloadJSON{}, "DeskEvent": deskEventJSON{},
	} {
		s, _ := schemas[name].(map[string]any)
		if s == nil {
			t.Errorf("schema %s is missing", name)
			continue
		}
		var documented []string
		for k := range s["properties"].(map[string]any) {
			documented = append(documented, k)
		}
		sort.Strings(documented)
		if got := jsonFields(reflect.TypeOf(v)); !slices.Equal(got, documented) {
			t.Errorf("schema %s documents %v; the handlers write %v", name, documented, got)
		}
	}
}

// jsonFields lists the JSON names of a struct's fields, embedded ones included.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case tag == "-":
		case f.Anonymous && tag == "":
			out = append(out, jsonFields(f.Type)...)
		case tag != "":
			out = append(out, tag)
		}
	}
	sort.Strings(out)
	return out
}
