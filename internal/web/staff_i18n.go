package web

// The interface text of the staff pages added with issue 13, merged into
// the catalogue at start.
func init() {
	for k, v := range map[string][2]string{
		"roles.none": {"Chưa có vai trò", "No role yet"},
	} {
		messages[k] = v
	}
}
