package main

import (
	"bytes"
	"io"
	"log"
	"os"
	"slices"
	"testing"
)

// TestControlsJSONIsGenerated fails when controls.json is not what the inputs give: after an
// input changed without `go generate ./internal/controls/catalogue`, or the file was edited by
// hand.
func TestControlsJSONIsGenerated(t *testing.T) {
	log.SetOutput(io.Discard) // the gaps it reports are SOURCES.md's business here
	defer log.SetOutput(os.Stderr)
	controls, err := build("testdata")
	if err != nil {
		t.Fatal(err)
	}
	want, err := render(controls)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../controls.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("controls.json is stale: run go generate ./internal/controls/catalogue")
	}
}

func TestParseGuideParameter(t *testing.T) {
	tests := []struct {
		in      string
		want    paramFacts
		wantErr bool
	}{
		{in: "daysToExpiration=Integer;14..365;30", want: paramFacts{name: "daysToExpiration", typ: "Integer", min: "14", max: "365", defaultValue: "30", fromGuide: true}},
		{in: "requiredTagKeys=StringList6;tags;", want: paramFacts{name: "requiredTagKeys", typ: "StringList", maxItems: 6, tagKeys: true, fromGuide: true}},
		{in: "loggingLevel=Enum;ERROR,INFO;", want: paramFacts{name: "loggingLevel", typ: "Enum", allowed: []string{"ERROR", "INFO"}, fromGuide: true}},
		{in: "broken=Integer;1..2", wantErr: true},
		{in: "broken=StringListX;;", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseGuideParameter(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: error %v", tt.in, err)
			continue
		}
		if tt.wantErr {
			continue
		}
		if got.name != tt.want.name || got.typ != tt.want.typ || got.min != tt.want.min || got.max != tt.want.max ||
			got.defaultValue != tt.want.defaultValue || got.maxItems != tt.want.maxItems || got.tagKeys != tt.want.tagKeys ||
			!slices.Equal(got.allowed, tt.want.allowed) {
			t.Errorf("%q = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
