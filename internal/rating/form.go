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
		return false, "", apperr.Field(AnswerField, "Xin bấm nút “Có” hoặc “Không” để trả lời.", "Press “Yes” or “No” to answer.")
	}
	comment, err = CleanComment(v.Get(CommentField))
	return useful, comment, err
}
