package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/procedure"
	"github.com/congportal/cong/internal/site"
)

// The imports of the administrative procedures catalogue (issue 20,
// point 1; formats in docs/procedures.md):
//
//	cong import procedures FILE.json|FILE.csv [--site CODE]
//	cong import procedure-stats FILE.json|FILE.csv [--site CODE]
//
// Procedures are keyed on their national code, so importing a file again
// updates what changed and adds nothing twice. The whole file goes in one
// transaction: a bad record is a message naming its line and field, and
// nothing of the file is stored.
func init() {
	moreImports["procedures"] = func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		return procedureImport(ctx, "procedures", args, getenv, stdout, stderr)
	}
	moreImports["procedure-stats"] = func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		return procedureImport(ctx, "procedure-stats", args, getenv, stdout, stderr)
	}
}

func procedureImport(ctx context.Context, kind string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("import "+kind, stderr, getenv)
	var siteCode string
	fs.StringVar(&siteCode, "site", "", "mã trang nhận dữ liệu (mặc định: cổng chính)")
	var files []string
	rest := args
	for len(rest) > 0 { // flags may come before or after the file
		if err := parse(fs, rest, func() {}, stdout); err != nil && !strings.Contains(err.Error(), "đối số thừa") {
			return helpOK(err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	apply()
	if len(files) != 1 {
		return &usageError{fmt.Sprintf("cách dùng: cong import %s TỆP.json|TỆP.csv [--site MÃ] (give one file)", kind)}
	}
	data, err := readImportFile(files[0])
	if err != nil {
		return err
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	sites := site.NewSites(db, time.Now)
	var st *site.Site
	if siteCode == "" {
		st, err = sites.Main(ctx)
	} else {
		st, err = sites.ByCode(ctx, siteCode)
	}
	if err != nil {
		return fmt.Errorf("trang nhận dữ liệu: %w", err)
	}
	ps := procedure.NewStore(db, time.Now)
	name := filepath.Base(files[0])
	if kind == "procedure-stats" {
		recs, err := procedure.ParseStats(data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		n, err := ps.ImportStats(ctx, st.ID, recs, name, importer)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(stdout, "Đã nhập %d dòng số liệu vào trang %s.\n", n, st.Code)
		return nil
	}
	recs, err := procedure.ParseProcedures(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	res, err := ps.Import(ctx, st.ID, recs, name, importer)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(stdout, "Trang %s: %d thủ tục mới, %d cập nhật, %d không đổi.\n", st.Code, res.Created, res.Updated, res.Unchanged)
	return nil
}

// readImportFile reads a file of at most procedure.MaxFile bytes.
func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("không mở được %s: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, procedure.MaxFile+1))
	if err != nil {
		return nil, fmt.Errorf("không đọc được %s: %v", path, err)
	}
	return data, nil
}
