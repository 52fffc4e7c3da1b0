package search

import "strings"

// abbreviations maps the folded abbreviations of administrative writing
// to the folded words they stand for. A query word found here also
// matches the full words, and for the longer ones (three words or more)
// the full words in a query also match the abbreviation. Two-letter
// codes (NĐ, QĐ, TT…) are not Vietnamese syllables, so expanding them
// never changes the meaning of an ordinary word.
var abbreviations = map[string]string{
	"ubnd":   "uy ban nhan dan",
	"hdnd":   "hoi dong nhan dan",
	"ubmttq": "uy ban mat tran to quoc",
	"mttq":   "mat tran to quoc",
	"nd":     "nghi dinh",
	"qd":     "quyet dinh",
	"tt":     "thong tu",
	"ttlt":   "thong tu lien tich",
	"nq":     "nghi quyet",
	"ct":     "chi thi",
	"cv":     "cong van",
	"kh":     "ke hoach",
	"tb":     "thong bao",
	"cp":     "chinh phu",
	"ttg":    "thu tuong",
	"qh":     "quoc hoi",
	"ubtvqh": "uy ban thuong vu quoc hoi",
	"bhxh":   "bao hiem xa hoi",
	"bhyt":   "bao hiem y te",
	"bhtn":   "bao hiem that nghiep",
	"tthc":   "thu tuc hanh chinh",
	"cchc":   "cai cach hanh chinh",
	"tphcm":  "thanh pho ho chi minh",
	"hcm":    "ho chi minh",
	"tp":     "thanh pho",
	"atgt":   "an toan giao thong",
	"csgt":   "canh sat giao thong",
	"gtvt":   "giao thong van tai",
	"tnmt":   "tai nguyen moi truong",
	"nnptnt": "nong nghiep phat trien nong thon",
	"gddt":   "giao duc dao tao",
	"thpt":   "trung hoc pho thong",
	"thcs":   "trung hoc co so",
	"ktxh":   "kinh te xa hoi",
	"qsdd":   "quyen su dung dat",
	"gcn":    "giay chung nhan",
	"dtxd":   "dau tu xay dung",
	"xhcn":   "xa hoi chu nghia",
	"csvn":   "cong san viet nam",
	"vn":     "viet nam",
	"dbqh":   "dai bieu quoc hoi",
	"hđnd":   "hoi dong nhan dan",
}

// expansions is the reverse table for the long forms (three words or
// more), keyed by their first word.
var expansions = func() map[string][][2]string {
	m := map[string][][2]string{}
	for abbr, full := range abbreviations {
		ws := strings.Fields(full)
		if len(ws) < 3 || strings.ContainsRune(abbr, 'đ') {
			continue
		}
		m[ws[0]] = append(m[ws[0]], [2]string{full, abbr})
	}
	return m
}()
