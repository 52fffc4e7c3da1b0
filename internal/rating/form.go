package rating

import (
	"net/url"

	"github.com/congportal/cong/internal/apperr"
)

// The names of the rating form's fields: the two buttons send
// AnswerField as AnswerYes or AnswerNo, the text area CommentField.
const (
	AnswerField  = "tra-loi"
	AnswerYes    = "co"
	AnswerNo     = "khong"
	CommentField = "y-kien"
)

// ParseForm reads the rating form: the answer (which button was pressed)
// and the cleaned comment.
func ParseForm(v url.Values) (useful bool, comment string, err error) {
	switch v.Get(AnswerField) {
	case AnswerYes:
		useful = true
	case AnswerNo:
	default:
		return false, "", invalid(AnswerField, "Xin bấm nút “Có” hoặc “Không” để trả lời.", "Press “Yes” or “No” to answer.")
	}
	comment, err = CleanComment(v.Get(CommentField))
	return useful, comment, err
}

// invalid is an Invalid error about one field whose message is also the
// page's: the form has one question, so its error page says what to do.
func invalid(field, vi, en string) error {
	msg := apperr.Msg{VI: vi, EN: en}
	return &apperr.Error{Kind: apperr.Invalid, Msg: msg, Fields: map[string]apperr.Msg{field: msg}}
}
