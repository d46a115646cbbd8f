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
	// Task, when set, names the preview for "progress" events (one step
	// per previewChunk records) and CancelTask.
	Task string `json:"task,omitempty"`
}

// previewChunk is how many records a preview runs between two progress
// events and cancellation checks.
const previewChunk = 100

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
func (s *Service) PreviewMapping(req PreviewRequest) (resp PreviewResponse, err error) {
	f, err := format.ParseFormat(req.Format)
	if err != nil {
		return PreviewResponse{}, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultPreviewLimit
	}
	limit = min(limit, MaxPreviewLimit)
	r, err := format.NewOrderedReader(strings.NewReader(req.Samples), f)
	if err != nil {
		return PreviewResponse{}, err
	}
	records, parseErr := format.ReadAll(r, limit)
	t := s.startTask(req.Task, "preview")
	defer func() { s.endTask(t, err) }()
	result, err := previewInChunks(t, &req.Mapping, records)
	if err != nil {
		return PreviewResponse{}, err
	}
	resp = PreviewResponse{PreviewResult: result, Source: mapping.Infer(records)}
	resp.KeepSurrogates()
	if parseErr != nil {
		resp.ParseError = parseErr.Error()
	}
	return resp, nil
}

// previewInChunks previews records previewChunk at a time, reporting
// progress and stopping when t is cancelled; the result is the one a
// single mapping.Preview gives.
func previewInChunks(t *task, m *mapping.Mapping, records []any) (mapping.PreviewResult, error) {
	var res mapping.PreviewResult
	for start := 0; start == 0 || start < len(records); start += previewChunk {
		if err := t.step(start, len(records)); err != nil {
			return res, err
		}
		part := mapping.Preview(t.ctx, m, records[start:min(start+previewChunk, len(records))])
		if start == 0 {
			res = part
		} else {
			res.Records = append(res.Records, part.Records...)
		}
		if res.Error != "" {
			return res, nil
		}
	}
	outputs := make([]any, 0, len(res.Records))
	for _, r := range res.Records {
		if r.Output != nil {
			outputs = append(outputs, r.Output)
		}
	}
	res.Schema = mapping.Infer(outputs)
	return res, nil
}

// RunMappingTests runs the test cases saved with a mapping. A mapping
// that does not compile fails every case with its compile errors.
func (s *Service) RunMappingTests(m mapping.Mapping) ([]mapping.TestResult, error) {
	return mapping.RunTests(s.ctx, &m), nil
}
