package team

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/bcrypt"

	"github.com/weftworks/weft/engine/audit"
)

// Bucket names in Studio's data file.
var (
	bucketUsers     = []byte("teamUsers")     // name → userRecord JSON
	bucketSessions  = []byte("teamSessions")  // sha256(token) → grant JSON
	bucketTokens    = []byte("teamTokens")    // sha256(token) → grant JSON
	bucketProtected = []byte("teamProtected") // flow id → "1"
	bucketApprovals = []byte("teamApprovals") // flow id 0x00 digest → Approval JSON
)

// ErrUnauthenticated is returned for a wrong user name or password, or an
// unknown, expired or revoked session or token. It never says which.
var ErrUnauthenticated = errors.New("wrong user name or password, or the session has ended")

// ErrForbidden is wrapped by errors for actions the user's role does not
// allow.
var ErrForbidden = errors.New("not allowed")

// ErrNeedsApproval is wrapped by CheckRelease's error for a protected flow
// that nobody else approved in its current version.
var ErrNeedsApproval = errors.New("this protected flow needs an approval from another user")

// SessionTTL is how long a login lasts.
const SessionTTL = 12 * time.Hour

// Team holds the users, sessions, tokens and approvals of a Studio.
type Team struct {
	db     *bolt.DB
	audit  *audit.Log
	digest func(flowID string) (string, error)
	now    func() time.Time
	// dummy is a hash Authenticate checks for unknown users, so a
	// login's time tells no user names.
	dummy []byte
	// logins throttles failed sign-ins.
	logins throttle
	// forget deletes what others keep for a user, in DeleteUser's
	// transaction (OnDeleteUser); nil keeps nothing else.
	forget func(tx *bolt.Tx, name string) error
}

// OnDeleteUser makes DeleteUser run forget in the transaction that
// deletes the user, so that what other parts of Studio keep per user (the
// workspace: app.ForgetWorkspace) goes with them or, when forget fails,
// the user stays. Call it once, before serving.
func (t *Team) OnDeleteUser(forget func(tx *bolt.Tx, name string) error) {
	t.forget = forget
}

// Open returns the team kept in db, creating its buckets. digest returns
// the digest of a saved flow's current content ("" for none), which
// approvals are tied to.
func Open(db *bolt.DB, digest func(flowID string) (string, error)) (*Team, error) {
	err := db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketUsers, bucketSessions, bucketTokens, bucketProtected, bucketApprovals} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("weft-no-such-user"), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	return &Team{db: db, audit: audit.New(db), digest: digest, now: time.Now, dummy: dummy}, nil
}

// record appends a change to the audit trail.
func (t *Team) record(actor, action, kind, target, detail string) error {
	_, err := t.audit.Append(audit.Entry{Actor: actor, Action: action, Kind: kind, Target: target,
		Detail: detail, Time: t.now().UnixMilli()})
	return err
}
