package api

import (
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/tandemhq/tandem/internal/app"
)

// TestOpenAPIDataExportMatches holds the documented data export to the
// structs GET /me/data encodes.
func TestOpenAPIDataExportMatches(t *testing.T) {
	schemas := loadOpenAPI(t)["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"DataExport": app.DataExport{}, "ExportAccount": app.ExportAccount{}, "ExportMembership": app.ExportMembership{},
		"ExportPartnership": app.ExportPartnership{}, "ExportToken": app.ExportToken{}, "ExportAuditLine": app.ExportAuditLine{},
		"ExportBooking": app.ExportBooking{},
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
			t.Errorf("schema %s documents %v; the handler writes %v", name, documented, got)
		}
	}
}
