-- Subscriptions to a site's or a section's new items by mail (issue 20,
-- point 9). The address is personal data under Law 91/2025: it is kept
-- only with the reader's consent, recorded with its time and the exact
-- text consented to, and the row is deleted (not blanked) when the reader
-- unsubscribes or when an unconfirmed request expires. A subscription is
-- to a whole site (category_id NULL) or to one of its categories.
CREATE TABLE subscribers (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    category_id BIGINT REFERENCES categories(id),
    email TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'vi',
    state TEXT NOT NULL CHECK (state IN ('pending', 'active')),
    confirm_hash TEXT NOT NULL,          -- SHA-256 of the confirmation link's secret
    unsub_token TEXT NOT NULL,           -- the secret of the unsubscribe link every mail carries
    consent_text TEXT NOT NULL,          -- the words the reader agreed to, as shown
    consent_at TIMESTAMP NOT NULL,       -- when the form with the ticked box was sent
    requested_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,                -- a pending request is erased after this
    confirmed_at TIMESTAMP,
    mailed_at TIMESTAMP NOT NULL,        -- the last confirmation or notice, so a form sent again does not flood a mailbox
    digest_since TIMESTAMP               -- the next digest lists what was first published after this
);
CREATE UNIQUE INDEX subscribers_address ON subscribers (site_id, COALESCE(category_id, 0), email);
CREATE UNIQUE INDEX subscribers_confirm ON subscribers (confirm_hash);
CREATE UNIQUE INDEX subscribers_unsub ON subscribers (unsub_token);
CREATE INDEX subscribers_pending ON subscribers (expires_at) WHERE state = 'pending';
CREATE INDEX subscribers_due ON subscribers (state, digest_since, id);
CREATE INDEX subscribers_site ON subscribers (site_id, state, category_id);

-- One row per subscriber and day a digest was made for: the primary key
-- is what keeps two nodes, or a run after a crash, from sending the same
-- day's digest twice. It holds no address, and goes with its subscriber.
CREATE TABLE subscription_digests (
    subscriber_id BIGINT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    items INTEGER NOT NULL,
    made_at TIMESTAMP NOT NULL,
    PRIMARY KEY (subscriber_id, day)
);
CREATE INDEX subscription_digests_day ON subscription_digests (day);
