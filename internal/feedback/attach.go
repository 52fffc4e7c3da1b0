package feedback

import (
	"context"
	"encoding/base64"

	"github.com/congportal/cong/internal/store"
)

func (s *Store) listAttachments(ctx context.Context, q store.Querier, r *Request) error {
	rows, err := q.Query(ctx, `SELECT id, request_id, name, mime, size FROM feedback_attachments WHERE request_id = ? ORDER BY id`, r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	r.Attachments = nil
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.RequestID, &a.Name, &a.Mime, &a.Size); err != nil {
			return err
		}
		r.Attachments = append(r.Attachments, &a)
	}
	return rows.Err()
}

// Attachment returns one file of a request, with its bytes.
func (s *Store) Attachment(ctx context.Context, requestID, id int64) (*Attachment, error) {
	var a Attachment
	var data string
	err := s.db.QueryRow(ctx, `SELECT id, request_id, name, mime, size, data FROM feedback_attachments WHERE id = ? AND request_id = ?`,
		id, requestID).Scan(&a.ID, &a.RequestID, &a.Name, &a.Mime, &a.Size, &data)
	if err != nil {
		return nil, store.NotFound(err, errNotFound)
	}
	if a.Data, err = base64.StdEncoding.DecodeString(data); err != nil {
		return nil, err
	}
	return &a, nil
}
