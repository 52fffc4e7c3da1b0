-- The home page's videos and their captions (media.RecentVideos and
-- Captions) are found through these partial indexes: without them each
-- home page rendered uncached read every upload of the site.
CREATE INDEX media_videos ON media (site_id, id) WHERE kind = 'file' AND mime LIKE 'video/%';
CREATE INDEX media_captions ON media (site_id, original_name) WHERE mime = 'text/vtt'
