package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
)

// secretKey reads the key that seals the TOTP secrets (see
// account.Sealer) from path: 64 hexadecimal digits. When the file does
// not exist and the database names no key yet, it makes one, readable by
// the owner only, and says so on stdout. When the database's secrets are
// sealed already, a missing file is an error: a new key would open none
// of them, and every administrator would be locked out of the second
// factor.
func secretKey(ctx context.Context, db *store.DB, path string, stdout io.Writer) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		key, derr := hex.DecodeString(strings.TrimSpace(string(b)))
		if derr != nil || len(key) != account.KeySize {
			return nil, fmt.Errorf("tệp khóa bí mật %s không hợp lệ: cần đúng %d chữ số thập lục phân (the secret key file must hold %d hexadecimal digits)",
				path, 2*account.KeySize, 2*account.KeySize)
		}
		return key, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("không đọc được tệp khóa bí mật: %w", err)
	}
	sealed, err := account.KeyRecorded(ctx, db)
	if err != nil {
		return nil, err
	}
	if sealed {
		return nil, fmt.Errorf("không có tệp khóa bí mật %s, nhưng bí mật TOTP trong cơ sở dữ liệu đã được niêm phong bằng một khóa: "+
			"hãy chép tệp khóa từ máy chủ khác hoặc từ bản sao lưu, hoặc chỉ ra nó bằng --secret-key-file "+
			"(the secret key file is missing but the database's TOTP secrets are sealed with a key: copy the file from another node or a backup)", path)
	}
	key := account.NewKey()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("tạo thư mục cho tệp khóa bí mật: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("tạo tệp khóa bí mật: %w", err)
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(key)); err != nil {
		f.Close()
		return nil, fmt.Errorf("ghi tệp khóa bí mật: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("ghi tệp khóa bí mật: %w", err)
	}
	fmt.Fprintf(stdout, "Đã tạo khóa niêm phong bí mật TOTP tại %s. Hãy sao lưu tệp này, cất riêng khỏi bản sao lưu cơ sở dữ liệu; "+
		"mọi máy chủ dùng chung cơ sở dữ liệu cần cùng tệp này.\n", path)
	return key, nil
}
