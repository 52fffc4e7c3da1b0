package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Notify sends payload to every node listening on channel. On PostgreSQL
// it is NOTIFY (delivered when the transaction, here the statement,
// commits); SQLite serves a single node, so there is no one to tell.
func (db *DB) Notify(ctx context.Context, channel, payload string) error {
	if db.Dialect != Postgres {
		return nil
	}
	_, err := db.Exec(ctx, `SELECT pg_notify(?, ?)`, channel, payload)
	return err
}

// Listen calls fn with every payload sent on channel until ctx ends,
// reconnecting after a lost connection. It needs a connection of its own
// (a pooled one could not wait), and on SQLite it returns at once.
// ready, when not nil, is closed once the first LISTEN is in place.
func (db *DB) Listen(ctx context.Context, channel string, fn func(payload string), ready chan<- struct{}) {
	if db.Dialect != Postgres {
		if ready != nil {
			close(ready)
		}
		return
	}
	for ctx.Err() == nil {
		db.listenOnce(ctx, channel, fn, &ready)
		select { // a lost connection: try again shortly
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, channel string, fn func(string), ready *chan<- struct{}) {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return
	}
	if *ready != nil {
		close(*ready)
		*ready = nil
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return
		}
		fn(n.Payload)
	}
}
