package royalty

import (
	"context"
	"fmt"
	"strconv"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Unclaimed royalties (REQ-50, Decree 18/2014): the accountant records
// each notice sent to the author of a line still to be paid; after the
// number of unanswered notices the schedule of the work's publication
// day sets (pay.unclaimed_notices), the line is closed as unclaimed — it
// leaves the amounts to pay, and its amount goes to the royalty fund of
// the year after.

// openLine reads a line of the site that is still to be paid, in tx; any
// other line is a clear refusal.
func (s *Store) openLine(ctx context.Context, tx *store.Tx, siteID, lineID int64) (*Line, error) {
	ls, err := s.lines(ctx, tx, `l.id = ? AND l.site_id = ?`, lineID, siteID)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, apperr.New(apperr.NotFound, "Không có dòng nhuận bút này trên trang.", "No such royalty line on this site.")
	}
	l := ls[0]
	switch {
	case l.State != Approved:
		return nil, apperr.New(apperr.Conflict, "Dòng nhuận bút này chưa được duyệt.", "This royalty line is not approved.")
	case l.Paid():
		return nil, apperr.New(apperr.Conflict, "Dòng nhuận bút này đã chi.", "This royalty line was already paid.")
	case l.Unclaimed():
		return nil, apperr.New(apperr.Conflict, "Dòng nhuận bút này đã chuyển quỹ vì tác giả không nhận.", "This royalty line was already closed as unclaimed.")
	}
	return l, nil
}

func lineTarget(l *Line) string { return "item:" + strconv.FormatInt(l.ItemID, 10) }

// RecordNotice records a notice sent to the author of a line still to be
// paid, audited, and returns how many the line now has.
func (s *Store) RecordNotice(ctx context.Context, siteID, lineID int64, note string, by audit.Actor) (int, error) {
	note = vn.Clean(note)
	if len([]rune(note)) > 500 {
		return 0, apperr.Field("note", "Ghi chú tối đa 500 ký tự.", "The note is at most 500 characters.")
	}
	var n int
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		l, err := s.openLine(ctx, tx, siteID, lineID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO royalty_notices (line_id, sent_at, sent_by_name, note) VALUES (?, ?, ?, ?)`,
			l.ID, s.now().UTC(), by.Name, note); err != nil {
			return err
		}
		n = l.Notices + 1
		return audit.Record(ctx, tx, by.Entry("royalty.notice", siteID, lineTarget(l),
			fmt.Sprintf("dòng %d (%s; %d đồng): thông báo lần %d", l.ID, l.Name, l.Amount, n)))
	})
	if err != nil {
		return 0, apperr.Wrap(err, "royalty notice")
	}
	return n, nil
}

// MarkUnclaimed closes a line still to be paid as unclaimed, once its
// author has had the notices the schedule of its publication day asks
// for; audited with the amount and the year of the fund it goes to.
func (s *Store) MarkUnclaimed(ctx context.Context, siteID, lineID int64, by audit.Actor) (*Line, error) {
	var out *Line
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		l, err := s.openLine(ctx, tx, siteID, lineID)
		if err != nil {
			return err
		}
		sch, _, err := s.ScheduleOn(ctx, l.PubDay)
		if err != nil {
			return err
		}
		if sch.UnclaimedNotices == 0 {
			return apperr.New(apperr.Invalid,
				fmt.Sprintf("Khung %s không quy định số lần thông báo để chuyển quỹ khi tác giả không nhận (quy định pay.unclaimed_notices): quản trị viên bổ sung tại mục Quy định.", sch.Code),
				fmt.Sprintf("Schedule %s sets no number of notices after which a royalty is unclaimed (rule pay.unclaimed_notices): an administrator adds it under Rules.", sch.Code))
		}
		if l.Notices < sch.UnclaimedNotices {
			return apperr.New(apperr.Invalid,
				fmt.Sprintf("Tác giả mới được thông báo %d lần; theo khung %s phải thông báo %d lần mà không nhận thì mới chuyển quỹ năm sau.", l.Notices, sch.Code, sch.UnclaimedNotices),
				fmt.Sprintf("The author was notified %d times; schedule %s asks for %d unanswered notices before the amount goes to next year's fund.", l.Notices, sch.Code, sch.UnclaimedNotices))
		}
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE royalty_lines SET unclaimed_at = ?, unclaimed_by_name = ? WHERE id = ? AND paid_at IS NULL AND unclaimed_at IS NULL`,
			now, by.Name, l.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "Dòng nhuận bút này vừa được người khác xử lý.", "Someone else just handled this royalty line.")
		}
		l.UnclaimedAt, l.UnclaimedBy, out = now, by.Name, l
		return audit.Record(ctx, tx, by.Entry("royalty.unclaimed", siteID, lineTarget(l),
			fmt.Sprintf("dòng %d (%s): %d đồng (%s) chuyển vào quỹ nhuận bút năm %d sau %d lần thông báo",
				l.ID, l.Name, l.Amount, vn.MoneyWords(l.Amount), l.FundYear(), l.Notices)))
	})
	if err != nil {
		return nil, apperr.Wrap(err, "royalty unclaimed")
	}
	return out, nil
}
