// Package apperr is the portal's small vocabulary of failures that a
// person can act on: not found, invalid (with a message per field),
// forbidden, conflict. Domain packages return them; the web layer maps
// each kind to an HTTP status and a page in exactly one place.
package apperr

import (
	"errors"
	"fmt"
)

// Kind is what went wrong, from the point of view of the person asking.
type Kind int

// The kinds of failure.
const (
	Internal Kind = iota
	NotFound
	Invalid
	Forbidden
	Conflict
	Unauthorized
	TooMany
	TooLarge // a request body over the limit of its route
)

// Msg is a message for people, Vietnamese first and English second.
type Msg struct{ VI, EN string }

// In returns the message in the language lang ("vi" or "en").
func (m Msg) In(lang string) string {
	if lang == "en" && m.EN != "" {
		return m.EN
	}
	return m.VI
}

// Error is a failure a person can understand and act on.
type Error struct {
	Kind   Kind
	Msg    Msg
	Fields map[string]Msg // per form field, for Invalid
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		for f, m := range e.Fields {
			return fmt.Sprintf("%s: %s", f, m.VI)
		}
	}
	return e.Msg.VI
}

// New makes an error of kind k with the message vi / en.
func New(k Kind, vi, en string) *Error { return &Error{Kind: k, Msg: Msg{vi, en}} }

// Field makes an Invalid error about one form field.
func Field(field, vi, en string) *Error {
	return &Error{Kind: Invalid, Msg: Msg{"Dữ liệu chưa hợp lệ, xin kiểm tra lại.", "Some fields need attention."},
		Fields: map[string]Msg{field: {vi, en}}}
}

// KindOf reports the kind of err: Internal for anything not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Wrap names what failed on an error of the machinery ("save entry:
// …"); nil and a message for people (an *Error) pass unchanged, so that
// the person still reads the message.
func Wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	if _, ok := As(err); ok {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
