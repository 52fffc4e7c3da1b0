package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/congportal/cong/internal/apperr"
)

// invalidForm is a page that may carry the field errors of a form sent
// back to be corrected: render marks the fields (markInvalid), whatever
// template drew the form.
type invalidForm interface{ invalidFields() map[string]string }

func (p *Page) invalidFields() map[string]string { return p.Invalid }

// SetInvalid puts the failure of a form's handling on the page that sends
// the form back: each field's message in Invalid (so render marks the
// field) and in Errors (the list above the form), in field order; an
// error without fields is one message in Errors.
func (p *Page) SetInvalid(e *apperr.Error) {
	if len(e.Fields) == 0 {
		p.Errors = append(p.Errors, e.Msg.In(p.Lang))
		return
	}
	if p.Invalid == nil {
		p.Invalid = map[string]string{}
	}
	names := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		names = append(names, f)
	}
	slices.Sort(names)
	for _, f := range names {
		m := e.Fields[f].In(p.Lang)
		p.Invalid[f] = m
		p.Errors = append(p.Errors, m)
	}
}

// The feedback form keeps its messages by field itself.
func (p *feedbackFormPage) invalidFields() map[string]string { return p.Fields }

// markInvalid rewrites a rendered page so that each form control named in
// fields (name → message) carries aria-invalid="true" and is described by
// its message, written just before it (WCAG 3.3.1, 1.3.1): the first
// control of that name gets <span class="field-error" id="fe-NAME">, and
// every control of the name gets the id first in its aria-describedby.
// Hidden inputs and buttons are left alone. A page the tokenizer cannot
// read to the end is returned as it was.
func markInvalid(page []byte, fields map[string]string) []byte {
	z := html.NewTokenizer(bytes.NewReader(page))
	var out bytes.Buffer
	out.Grow(len(page) + 256*len(fields))
	told := map[string]bool{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return out.Bytes()
			}
			return page
		}
		raw := bytes.Clone(z.Raw()) // TagName lower-cases the tokenizer's buffer
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		name, more := z.TagName()
		tag := string(name)
		if !more || (tag != "input" && tag != "select" && tag != "textarea") {
			out.Write(raw)
			continue
		}
		var attrs []html.Attribute
		var field, typ string
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			a := html.Attribute{Key: string(k), Val: string(v)}
			switch a.Key {
			case "name":
				field = a.Val
			case "type":
				typ = strings.ToLower(a.Val)
			}
			attrs = append(attrs, a)
		}
		msg, bad := fields[field]
		switch typ {
		case "hidden", "submit", "button", "reset", "image":
			bad = false
		}
		if !bad {
			out.Write(raw)
			continue
		}
		id := fieldErrorID(field)
		described := false
		for i := range attrs {
			switch attrs[i].Key {
			case "aria-describedby":
				attrs[i].Val = strings.TrimSpace(id + " " + attrs[i].Val)
				described = true
			case "aria-invalid":
				attrs[i].Val = "true"
			}
		}
		if !described {
			attrs = append(attrs, html.Attribute{Key: "aria-describedby", Val: id})
		}
		if !hasAttr(attrs, "aria-invalid") {
			attrs = append(attrs, html.Attribute{Key: "aria-invalid", Val: "true"})
		}
		if !told[field] {
			told[field] = true
			out.WriteString(`<span class="field-error" id="` + id + `">` + html.EscapeString(msg) + `</span>`)
		}
		out.WriteString(html.Token{Type: tt, Data: tag, Attr: attrs}.String())
	}
}

func hasAttr(attrs []html.Attribute, key string) bool {
	for _, a := range attrs {
		if a.Key == key {
			return true
		}
	}
	return false
}

// fieldErrorID is the id of a field's message: "fe-" and the field's
// name with anything but letters, digits, - and _ as -.
func fieldErrorID(field string) string {
	return "fe-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, field)
}

// invalidKey carries a form's field messages, on the request, to the
// staff page that sends the form back.
type invalidKey struct{}

// withInvalid is r carrying e's field messages, so that the staff page
// built for it (adminPage) marks those fields as SetInvalid does, and the
// messages for the list above the form: one call for the handlers whose
// render functions build their page themselves.
func withInvalid(r *http.Request, e *apperr.Error) (*http.Request, []string) {
	lang := langOf(r)
	if len(e.Fields) == 0 {
		return r, fieldMessages(e, lang)
	}
	fields := make(map[string]string, len(e.Fields))
	for f, m := range e.Fields {
		fields[f] = m.In(lang)
	}
	return r.WithContext(context.WithValue(r.Context(), invalidKey{}, fields)), fieldMessages(e, lang)
}

// invalidOf is the field messages withInvalid put on r, if any.
func invalidOf(r *http.Request) map[string]string {
	f, _ := r.Context().Value(invalidKey{}).(map[string]string)
	return f
}
