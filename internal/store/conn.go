package store

// ConnString is the URL a PostgreSQL database was opened with, password
// included, for work that needs a connection of its own with options the
// pools do not give (the scheduled backup's snapshot, a read transaction
// at REPEATABLE READ). Never log or show it: Location is the one to show.
// It is "" on SQLite.
func (db *DB) ConnString() string { return db.url }
