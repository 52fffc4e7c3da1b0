package search

// Stepwise has ix run Search's statements one by one on PostgreSQL too
// (on for the duration of the test that compares the two ways).
func Stepwise(ix *Index, on bool) { ix.stepwise = on }
