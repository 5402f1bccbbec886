package privacy

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // pure-Go SQLite: no cgo, honours mode=ro
)

// cookieRow is what Ringlet ever reads from a cookie database: where a
// cookie belongs, its name and when it expires. Values are never selected.
type cookieRow struct {
	Host    string
	Name    string
	Expires int64 // in the browser's own unit
}

// dbProblem says why a database could not be read; key is the evidence
// message shown to the user (with Browser, Profile and File as arguments).
type dbProblem struct{ key string }

func (p *dbProblem) Error() string { return p.key }

var (
	errDBInUse   = &dbProblem{"privacy.evidence.db_in_use"}
	errDBBroken  = &dbProblem{"privacy.evidence.db_broken"}
	errDBUnread  = &dbProblem{"privacy.evidence.db_unreadable"}
	errDBMissing = &dbProblem{"privacy.evidence.db_missing"}
	// errDBTimeout is a read the deadline cut off: the file may be fine,
	// so it must not be reported as broken or in use.
	errDBTimeout = &dbProblem{"privacy.evidence.db_took_too_long"}
)

// readCookieDB copies a browser's cookie database (with its -wal and -shm
// files, which hold rows not yet written back) into a private temp folder,
// opens the copy read-only and runs query there. The browser's own files
// are only ever read, so a running browser's locks and writes are never
// disturbed and the original stays byte-for-byte unchanged. The copy is
// removed before returning.
func readCookieDB(ctx context.Context, tempDir, path, query string, args ...any) (rows []cookieRow, userVersion int, err error) {
	if ctx.Err() != nil {
		return nil, 0, errDBTimeout
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, 0, errDBMissing
		}
		return nil, 0, errDBUnread
	}
	dir, err := os.MkdirTemp(tempDir, "ringlet-check-")
	if err != nil {
		return nil, 0, errDBUnread
	}
	defer os.RemoveAll(dir)
	copyPath := filepath.Join(dir, "db.sqlite")
	if err := copyFile(path, copyPath); err != nil {
		return nil, 0, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := copyFile(path+suffix, copyPath+suffix); err != nil && !errors.Is(err, errDBMissing) {
			return nil, 0, err
		}
	}
	// Copying a large database can take a while; no point opening it
	// when the answer would come too late.
	if ctx.Err() != nil {
		return nil, 0, errDBTimeout
	}

	// The copy is ours, so a read-only open with its own journal is safe;
	// mode=ro makes sure even the copy is not modified by a query.
	dsn := "file:" + (&url.URL{Path: copyPath}).EscapedPath() + "?mode=ro&_pragma=busy_timeout(200)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, 0, errDBBroken
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&userVersion); err != nil {
		return nil, 0, classifySQLError(ctx, err)
	}
	r, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, classifySQLError(ctx, err)
	}
	defer r.Close()
	for r.Next() {
		var row cookieRow
		var expires sql.NullInt64
		if err := r.Scan(&row.Host, &row.Name, &expires); err != nil {
			return nil, 0, classifySQLError(ctx, err)
		}
		row.Expires = expires.Int64
		rows = append(rows, row)
	}
	if err := r.Err(); err != nil {
		return nil, 0, classifySQLError(ctx, err)
	}
	return rows, userVersion, nil
}

// cookieDB reads one profile's cookie database for a check.
func (o *runner) cookieDB(ctx context.Context, path, query string, args ...any) ([]cookieRow, int, error) {
	if o.opts.beforeCookieDB != nil {
		o.opts.beforeCookieDB(path)
	}
	return readCookieDB(ctx, o.tempDir, path, query, args...)
}

// copyFile copies src to dst. A file that cannot be opened because another
// program holds it exclusively (Chrome on Windows) is "in use".
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return errDBMissing
		case isSharingViolation(err):
			return errDBInUse
		}
		return errDBUnread
	}
	defer in.Close()
	if fi, err := in.Stat(); err != nil || !fi.Mode().IsRegular() {
		return errDBUnread
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return errDBUnread
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		if isSharingViolation(err) {
			return errDBInUse
		}
		return errDBUnread
	}
	if err := out.Close(); err != nil {
		return errDBUnread
	}
	return nil
}

// isSharingViolation recognises Windows' "file in use by another process"
// without importing Windows-only packages.
func isSharingViolation(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "being used by another process") || strings.Contains(s, "sharing violation") ||
		strings.Contains(s, "another process has locked")
}

// classifySQLError names why a query failed. A query the deadline
// interrupted fails with "interrupted" or a context error, which says
// nothing about the file, so the deadline is looked at first.
func classifySQLError(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errDBTimeout
	}
	s := strings.ToLower(err.Error())
	switch {
	case strings.Contains(s, "locked"), strings.Contains(s, "busy"):
		return errDBInUse
	case strings.Contains(s, "no such table"), strings.Contains(s, "no such column"),
		strings.Contains(s, "not a database"), strings.Contains(s, "malformed"), strings.Contains(s, "corrupt"):
		return errDBBroken
	}
	return errDBBroken
}

// dbEvidence turns a database problem into evidence for the user.
func dbEvidence(err error, browser, profile, file string) Message {
	key := errDBUnread.key
	var p *dbProblem
	if errors.As(err, &p) {
		key = p.key
	}
	return Message{Key: key, Args: map[string]any{"Browser": browser, "Profile": profile, "File": file}}
}
