-- Media: images and attachments uploaded for content items. Files live on
-- disk (or an object store) under content-addressed paths derived from
-- sha256; the rows say what each upload is and which variants exist.
-- The same bytes uploaded twice to one site are one row.
CREATE TABLE media (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL CHECK (kind IN ('image', 'file')),
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    ext TEXT NOT NULL,
    size BIGINT NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    alt TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX media_site_sha256 ON media (site_id, sha256);
-- serving an attachment looks its download name up by hash alone
CREATE INDEX media_sha256 ON media (sha256);

-- Re-encoded renditions of an image, one per width and format; the
-- original bytes of an image are never kept (they carry EXIF and GPS).
CREATE TABLE media_variants (
    media_id BIGINT NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    width INTEGER NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'webp')),
    path TEXT NOT NULL,
    size BIGINT NOT NULL,
    PRIMARY KEY (media_id, format, width)
);
