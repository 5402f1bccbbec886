package privacy

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite: no cgo
	sqlitevfs "modernc.org/sqlite/vfs"
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

// The names the in-memory snapshot is served under. SQLite finds the WAL
// by appending "-wal" to the database's name.
const (
	snapshotDB  = "cookies.db"
	snapshotWAL = snapshotDB + "-wal"
)

// readCookieDB reads a browser's cookie database without writing anything
// anywhere: the file and its -wal companion (which holds rows not yet
// written back) are read into memory, and SQLite opens that snapshot
// through a read-only VFS (modernc.org/sqlite/vfs). Cookie values, which
// Firefox keeps in clear text, so never touch a disk, not even a temp
// folder, and a running browser's locks and writes are never disturbed.
//
// The -shm file is not needed: with locking_mode=EXCLUSIVE SQLite rebuilds
// the WAL index from the WAL itself, in its own memory, and keeps only the
// committed transactions, as a checkpoint would.
func readCookieDB(ctx context.Context, path, query string, args ...any) (rows []cookieRow, userVersion int, err error) {
	if ctx.Err() != nil {
		return nil, 0, errDBTimeout
	}
	snap, err := readSnapshot(path)
	if err != nil {
		return nil, 0, err
	}
	// Reading a large database can take a while; no point opening it
	// when the answer would come too late.
	if ctx.Err() != nil {
		return nil, 0, errDBTimeout
	}
	vfsName, vfs, err := sqlitevfs.New(snap)
	if err != nil {
		return nil, 0, errDBUnread
	}
	db, err := sql.Open("sqlite", "file:"+snapshotDB+"?vfs="+vfsName+"&mode=ro&_pragma=locking_mode(EXCLUSIVE)&_pragma=temp_store(MEMORY)")
	if err != nil {
		vfs.Close()
		return nil, 0, errDBBroken
	}
	defer func() {
		db.Close()
		vfs.Close() // after the database: SQLite calls through the VFS until then
	}()
	db.SetMaxOpenConns(1)
	return queryCookies(ctx, db, query, args...)
}

// queryCookies runs the check's query on an open database.
func queryCookies(ctx context.Context, db *sql.DB, query string, args ...any) (rows []cookieRow, userVersion int, err error) {
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
	return readCookieDB(ctx, path, query, args...)
}

// readSnapshot reads the database at path and its -wal file, if there is
// one, into memory. A file that cannot be opened because another program
// holds it exclusively (Chrome on Windows) is "in use".
func readSnapshot(path string) (memFS, error) {
	main, err := readWhole(path)
	if err != nil {
		return nil, err
	}
	snap := memFS{snapshotDB: main}
	wal, err := readWhole(path + "-wal")
	switch {
	case err == nil:
		snap[snapshotWAL] = wal
	case !errors.Is(err, errDBMissing):
		return nil, err
	}
	return snap, nil
}

// readWhole reads one regular file into memory.
func readWhole(path string) ([]byte, error) {
	in, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, errDBMissing
		case isSharingViolation(err):
			return nil, errDBInUse
		}
		return nil, errDBUnread
	}
	defer in.Close()
	if fi, err := in.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errDBUnread
	}
	data, err := io.ReadAll(in)
	if err != nil {
		if isSharingViolation(err) {
			return nil, errDBInUse
		}
		return nil, errDBUnread
	}
	return data, nil
}

// memFS is a read-only file system of whole files held in memory, which
// is what sqlitevfs.New serves to SQLite.
type memFS map[string][]byte

// Open implements fs.FS. The files can seek, which the VFS needs.
func (m memFS) Open(name string) (fs.File, error) {
	data, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{Reader: bytes.NewReader(data), info: memInfo{name: name, size: int64(len(data))}}, nil
}

// memFile is one open file of a memFS.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

// memInfo describes a memFile.
type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o400 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

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
