package app

import (
	"strings"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/mapping"
)

// Preview limits: records previewed by default and at most.
const (
	DefaultPreviewLimit = 200
	MaxPreviewLimit     = 10000
)

// PreviewRequest is a mapping and sample text to preview it on.
type PreviewRequest struct {
	Mapping mapping.Mapping `json:"mapping"`
	// Samples is the sample text; Format is auto, json, ndjson, csv or xml.
	Samples string `json:"samples"`
	Format  string `json:"format"`
	// Limit is the most records to preview (DefaultPreviewLimit when 0).
	Limit int `json:"limit,omitempty"`
}

// PreviewResponse is mapping.PreviewResult plus the source schema
// inferred from the samples and the samples' parse error, if any (records
// before a fatal parse error, and all good records around bad ones, are
// still previewed).
type PreviewResponse struct {
	mapping.PreviewResult
	Source     []mapping.SchemaField `json:"source"`
	ParseError string                `json:"parseError,omitempty"`
}

// PreviewMapping parses the samples and runs the mapping over them, as a
// flow would.
func (s *Service) PreviewMapping(req PreviewRequest) (PreviewResponse, error) {
	f, err := format.ParseFormat(req.Format)
	if err != nil {
		return PreviewResponse{}, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultPreviewLimit
	}
	limit = min(limit, MaxPreviewLimit)
	r, err := format.NewReader(strings.NewReader(req.Samples), f)
	if err != nil {
		return PreviewResponse{}, err
	}
	records, parseErr := format.ReadAll(r, limit)
	resp := PreviewResponse{
		PreviewResult: mapping.Preview(s.ctx, &req.Mapping, records),
		Source:        mapping.Infer(records),
	}
	if parseErr != nil {
		resp.ParseError = parseErr.Error()
	}
	return resp, nil
}

// RunMappingTests runs the test cases saved with a mapping. A mapping
// that does not compile fails every case with its compile errors.
func (s *Service) RunMappingTests(m mapping.Mapping) ([]mapping.TestResult, error) {
	return mapping.RunTests(s.ctx, &m), nil
}
