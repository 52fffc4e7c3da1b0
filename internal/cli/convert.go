package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/congportal/cong/internal/vn"
)

// convertSuffix is appended to a file's name for its converted copy.
const convertSuffix = ".utf8.txt"

// convertCmd is "cong convert [--from ENC|auto] [--out DIR] FILE…": it
// writes each file as UTF-8 NFC and reports the encoding it found.
func convertCmd(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("convert", flag.ContinueOnError)
	from := fset.String("from", "auto", "bảng mã của tệp: auto, "+encodingNames())
	out := fset.String("out", "", "thư mục ghi kết quả (mặc định: cạnh tệp gốc)")
	files, err := parseInterleaved(fset, args, stdout)
	if err != nil {
		return helpOK(err)
	}
	enc, auto := vn.Unicode, strings.EqualFold(*from, "auto")
	if !auto {
		if enc, err = vn.ParseEncoding(*from); err != nil {
			return &usageError{fmt.Sprintf("convert: bảng mã %q không hỗ trợ; dùng auto, %s", *from, encodingNames())}
		}
	}
	if len(files) == 0 {
		return &usageError{"convert: thiếu tệp cần chuyển (cong convert [--from ENC|auto] [--out DIR] TỆP…)"}
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("convert: không tạo được thư mục %s: %v", *out, pathReason(err))
		}
	}
	var first error // returned, so printed once by main; later ones go to stderr
	for _, f := range files {
		if err := convertFile(f, *out, enc, auto, stdout); err != nil {
			if first == nil {
				first = err
			} else {
				fmt.Fprintln(stderr, err)
			}
		}
	}
	return first
}

// parseInterleaved parses flags that may come before, between or after
// the file names, and returns the file names.
func parseInterleaved(fset *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	var files []string
	fset.SetOutput(io.Discard)
	for {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fset.SetOutput(stdout)
				fset.PrintDefaults()
				return nil, flag.ErrHelp
			}
			return nil, &usageError{fmt.Sprintf("convert: %v (xem cong convert -h)", err)}
		}
		rest := fset.Args()
		if len(rest) == 0 {
			return files, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(files, rest...), nil
		}
		files, args = append(files, rest[0]), rest[1:]
	}
}

// convertFile converts one file and prints one line about it.
func convertFile(path, outDir string, enc vn.Encoding, auto bool, stdout io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: không đọc được tệp: %s", path, pathReason(err))
	}
	var text string
	conf := 1.0
	if auto {
		text, enc, conf = vn.ToUnicode(b)
		switch {
		case enc == vn.Unicode && text == string(b):
			fmt.Fprintf(stdout, "%s: đã là Unicode (UTF-8 NFC), độ tin cậy %.2f — để nguyên\n", path, conf)
			return nil
		case conf < vn.Threshold && enc != vn.Unicode:
			fmt.Fprintf(stdout, "%s: có thể là %s nhưng độ tin cậy chỉ %.2f (< %.2f) — để nguyên; chỉ định --from nếu biết bảng mã\n",
				path, enc, conf, vn.Threshold)
			return nil
		case conf < vn.Threshold:
			fmt.Fprintf(stdout, "%s: không nhận ra bảng mã (độ tin cậy %.2f) — để nguyên; chỉ định --from nếu biết bảng mã\n", path, conf)
			return nil
		}
	} else if text, err = vn.Decode(enc, b); err != nil {
		return fmt.Errorf("%s: không phải %s hợp lệ (%v)", path, enc, err)
	}
	dst := path + convertSuffix
	if outDir != "" {
		dst = filepath.Join(outDir, filepath.Base(path)+convertSuffix)
	}
	if err := os.WriteFile(dst, []byte(text), 0o644); err != nil {
		return fmt.Errorf("%s: không ghi được %s: %s", path, dst, pathReason(err))
	}
	how := fmt.Sprintf("độ tin cậy %.2f", conf)
	if !auto {
		how = "theo --from"
	}
	fmt.Fprintf(stdout, "%s: %s, %s → %s\n", path, enc, how, dst)
	return nil
}

// pathReason says in Vietnamese why a file operation failed.
func pathReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "không tồn tại"
	case errors.Is(err, fs.ErrPermission):
		return "không có quyền"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// encodingNames lists the short names --from accepts.
func encodingNames() string {
	var names []string
	for _, e := range vn.Encodings() {
		names = append(names, e.Name())
	}
	return strings.Join(names, ", ")
}
