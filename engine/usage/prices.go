package usage

// Prices turn usage into money. Zero prices cost nothing; a zero budget
// is no budget.
type Prices struct {
	PerRun        float64 `json:"perRun"`
	PerMessage    float64 `json:"perMessage"`
	PerGB         float64 `json:"perGB"`
	Currency      string  `json:"currency"`
	MonthlyBudget float64 `json:"monthlyBudget"`
}

// Cost prices c.
func (p Prices) Cost(c Counters) float64 {
	return float64(c.Runs)*p.PerRun + float64(c.Messages)*p.PerMessage + float64(c.Bytes)/1e9*p.PerGB
}

// BudgetUsed is the share of the monthly budget that cost spends (0 when
// there is no budget).
func (p Prices) BudgetUsed(cost float64) float64 {
	if p.MonthlyBudget <= 0 {
		return 0
	}
	return cost / p.MonthlyBudget
}
