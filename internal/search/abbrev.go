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
	// Laws and codes, and the subjects they are named by, as citizens
	// abbreviate them (issue 21).
	"blds":   "bo luat dan su",
	"blhs":   "bo luat hinh su",
	"blld":   "bo luat lao dong",
	"bltths": "bo luat to tung hinh su",
	"blttds": "bo luat to tung dan su",
	"blhh":   "bo luat hang hai",
	"gtgt":   "gia tri gia tang",
	"tncn":   "thu nhap ca nhan",
	"tndn":   "thu nhap doanh nghiep",
	"ttdb":   "tieu thu dac biet",
	"pctn":   "phong chong tham nhung",
	"anm":    "an ninh mang",
	"attt":   "an toan thong tin",
	"bvmt":   "bao ve moi truong",
	"shtt":   "so huu tri tue",
	"xlvphc": "xu ly vi pham hanh chinh",
	"vphc":   "vi pham hanh chinh",
	"hngd":   "hon nhan va gia dinh",
	"kbcb":   "kham benh chua benh",
	"attp":   "an toan thuc pham",
	"pccc":   "phong chay chua chay",
	"nvqs":   "nghia vu quan su",
	"qppl":   "quy pham phap luat",
	"vbqppl": "van ban quy pham phap luat",
	"bhtg":   "bao hiem tien gui",
	"ctcp":   "cong ty co phan",
	"tnhh":   "trach nhiem huu han",
	"dnnn":   "doanh nghiep nha nuoc",
	"cccd":   "can cuoc cong dan",
	"gplx":   "giay phep lai xe",
	"sxkd":   "san xuat kinh doanh",
	"pbgdpl": "pho bien giao duc phap luat",
	"thads":  "thi hanh an dan su",
	"thahs":  "thi hanh an hinh su",
	"vksnd":  "vien kiem sat nhan dan",
	"tand":   "toa an nhan dan",
	"bdg":    "binh dang gioi",
	"ddsh":   "da dang sinh hoc",
	"ktnn":   "kiem toan nha nuoc",
	"nsnn":   "ngan sach nha nuoc",
	"tctd":   "to chuc tin dung",
	"xnc":    "xuat nhap canh",
	"kdbds":  "kinh doanh bat dong san",
	"bds":    "bat dong san",
	"kdbh":   "kinh doanh bao hiem",
}

// lawAbbreviations are the abbreviations that name a law or code: a query
// with one of them asks for law.
var lawAbbreviations = map[string]bool{
	"blds": true, "blhs": true, "blld": true, "bltths": true, "blttds": true, "blhh": true, "lttdh": true,
	"xlvphc": true, "qppl": true, "vbqppl": true, "pctn": true, "anm": true, "bvmt": true, "shtt": true,
	"pbgdpl": true, "hngd": true, "kdbds": true, "kdbh": true, "nvqs": true, "bdg": true,
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
