package records

import "strconv"

// The values the staff forms show: what was typed when a save was
// refused, otherwise the stored value.

// BudgetField is the total budget as its field shows it.
func (p *Project) BudgetField() string { return typedOr(p.BudgetText, MoneyField(p.Budget)) }

// ContractField is the contract value as its field shows it.
func (p *Project) ContractField() string { return typedOr(p.ContractText, MoneyField(p.ContractValue)) }

// BudgetField is the budget as its field shows it.
func (s *Science) BudgetField() string { return typedOr(s.BudgetText, MoneyField(s.Budget)) }

// FromField and ToField are the years as their fields show them.
func (p *Plan) FromField() string { return typedOr(p.FromText, yearText(p.FromYear)) }
func (p *Plan) ToField() string   { return typedOr(p.ToText, yearText(p.ToYear)) }

// YearField and PartField are the period as its two fields show it.
func (b *Budget) YearField() string { return typedOr(b.YearText, b.Period.YearField()) }
func (b *Budget) PartField() string {
	if b.YearText != "" {
		return b.PartText
	}
	return b.Period.Part()
}

// YearField and PartField are the period as its two fields show it.
func (s *Statistic) YearField() string { return typedOr(s.YearText, s.Period.YearField()) }
func (s *Statistic) PartField() string {
	if s.YearText != "" {
		return s.PartText
	}
	return s.Period.Part()
}

func typedOr(typed, stored string) string {
	if typed != "" {
		return typed
	}
	return stored
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
