package opstest

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Samples parses Prometheus text and returns every sample of the metrics
// whose names start with prefix, keyed as the text shows them:
// `name{label="value",…}`, labels sorted by name, with a histogram's
// _bucket (le last), _sum and _count samples and a summary's quantiles.
func Samples(r io.Reader, prefix string) (map[string]float64, error) {
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(r)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for name, mf := range families {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		for _, m := range mf.GetMetric() {
			addSamples(out, name, mf.GetType(), m)
		}
	}
	return out, nil
}

func addSamples(out map[string]float64, name string, typ dto.MetricType, m *dto.Metric) {
	labels := m.GetLabel()
	switch typ {
	case dto.MetricType_COUNTER:
		out[key(name, labels)] = m.GetCounter().GetValue()
	case dto.MetricType_GAUGE:
		out[key(name, labels)] = m.GetGauge().GetValue()
	case dto.MetricType_HISTOGRAM:
		h := m.GetHistogram()
		for _, b := range h.GetBucket() {
			out[key(name+"_bucket", labels, "le", formatFloat(b.GetUpperBound()))] = float64(b.GetCumulativeCount())
		}
		out[key(name+"_bucket", labels, "le", "+Inf")] = float64(h.GetSampleCount())
		out[key(name+"_sum", labels)] = h.GetSampleSum()
		out[key(name+"_count", labels)] = float64(h.GetSampleCount())
	case dto.MetricType_SUMMARY:
		s := m.GetSummary()
		for _, q := range s.GetQuantile() {
			out[key(name, labels, "quantile", formatFloat(q.GetQuantile()))] = q.GetValue()
		}
		out[key(name+"_sum", labels)] = s.GetSampleSum()
		out[key(name+"_count", labels)] = float64(s.GetSampleCount())
	default:
		out[key(name, labels)] = m.GetUntyped().GetValue()
	}
}

// key is `name{a="1",b="2"}` (labels sorted by name, extra appended),
// or name alone without labels.
func key(name string, labels []*dto.LabelPair, extra ...string) string {
	pairs := make([]string, 0, len(labels)+1)
	for _, l := range labels {
		pairs = append(pairs, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
	}
	sort.Strings(pairs)
	for i := 0; i+1 < len(extra); i += 2 {
		pairs = append(pairs, fmt.Sprintf("%s=%q", extra[i], extra[i+1]))
	}
	if len(pairs) == 0 {
		return name
	}
	return name + "{" + strings.Join(pairs, ",") + "}"
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
