-- The unsubscribe link of a mail sent to a list (the daily digests,
-- issue 20): sent as its List-Unsubscribe header (RFC 2369), so that mail
-- programs show their own "unsubscribe" button and the large providers
-- accept bulk mail. Empty for a mail to one person about their own case.
ALTER TABLE mail_outbox ADD COLUMN unsubscribe TEXT NOT NULL DEFAULT '';
