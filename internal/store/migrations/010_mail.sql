-- The mail outbox (internal/mail). A message is written here in the same
-- transaction as the change it reports (a citizen's request, say), so it
-- is never lost when the SMTP server is down, and never sent for a change
-- that was rolled back. The delivery job sends the due ones.
--   status: 'queued' (waiting or retrying), 'sent', 'failed' (gave up
--   after the last attempt; kept, and shown to administrators, never
--   deleted silently).
--   next_at: when the next attempt may start; claimed_until: a node that
--   is sending the row holds it until then, so two nodes never send it
--   at the same time.
CREATE TABLE mail_outbox (
    id {{id}},
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    next_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    message_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_at);
