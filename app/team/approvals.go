package team

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/weftworks/weft/engine/audit"
)

// Approval is a request to release a flow's current content, and the
// approval of it by another user.
type Approval struct {
	FlowID      string `json:"flowId"`
	Digest      string `json:"digest"`
	RequestedBy string `json:"requestedBy,omitempty"`
	RequestedAt int64  `json:"requestedAt,omitempty"`
	ApprovedBy  string `json:"approvedBy,omitempty"`
	ApprovedAt  int64  `json:"approvedAt,omitempty"`
}

func approvalKey(flowID, digest string) []byte {
	return []byte(flowID + "\x00" + digest)
}

// Protect turns the need for approvals on or off for a flow.
func (t *Team) Protect(actor, flowID string, on bool) error {
	err := t.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketProtected)
		if on {
			return b.Put([]byte(flowID), []byte("1"))
		}
		return b.Delete([]byte(flowID))
	})
	if err != nil {
		return err
	}
	action := "flow.protect"
	if !on {
		action = "flow.unprotect"
	}
	return t.record(actor, action, "flow", flowID, "")
}

// Protected lists the protected flows' ids.
func (t *Team) Protected() ([]string, error) {
	out := []string{}
	err := t.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketProtected).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// RequestApproval asks for the release of flowID's current content.
func (t *Team) RequestApproval(actor, flowID string) (Approval, error) {
	return t.editApproval(actor, flowID, "approval.request", func(a *Approval) error {
		a.RequestedBy, a.RequestedAt = actor, t.now().UnixMilli()
		return nil
	})
}

// Approve approves the release of flowID's current content. Nobody
// approves their own request.
func (t *Team) Approve(actor, flowID string) (Approval, error) {
	return t.editApproval(actor, flowID, "approval.grant", func(a *Approval) error {
		if a.RequestedBy == actor {
			return fmt.Errorf("%w: %s asked for this release, so another user must approve it", ErrForbidden, actor)
		}
		a.ApprovedBy, a.ApprovedAt = actor, t.now().UnixMilli()
		return nil
	})
}

func (t *Team) editApproval(actor, flowID, action string, edit func(a *Approval) error) (Approval, error) {
	digest, err := t.digest(flowID)
	if err != nil {
		return Approval{}, err
	}
	if digest == "" {
		return Approval{}, fmt.Errorf("no saved flow %q", flowID)
	}
	a := Approval{FlowID: flowID, Digest: digest}
	err = t.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketApprovals)
		key := approvalKey(flowID, digest)
		if raw := b.Get(key); raw != nil {
			if err := json.Unmarshal(raw, &a); err != nil {
				return err
			}
		}
		if err := edit(&a); err != nil {
			return err
		}
		data, err := json.Marshal(a)
		if err != nil {
			return err
		}
		return b.Put(key, data)
	})
	if err != nil {
		return Approval{}, err
	}
	_, err = t.audit.Append(audit.Entry{Actor: actor, Action: action, Kind: "approval", Target: flowID,
		After: digest, Time: t.now().UnixMilli()})
	return a, err
}

// Approvals lists every approval and open request.
func (t *Team) Approvals() ([]Approval, error) {
	out := []Approval{}
	err := t.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketApprovals).ForEach(func(_, v []byte) error {
			var a Approval
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	return out, err
}

// CheckRelease lets actor release flowID with content digest unless the
// flow is protected and no other user approved that content. It is
// app.ReleaseGate.
func (t *Team) CheckRelease(actor, flowID, digest string) error {
	return t.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketProtected).Get([]byte(flowID)) == nil {
			return nil
		}
		var a Approval
		if raw := tx.Bucket(bucketApprovals).Get(approvalKey(flowID, digest)); raw != nil {
			if err := json.Unmarshal(raw, &a); err != nil {
				return err
			}
		}
		if a.ApprovedBy != "" && a.ApprovedBy != actor {
			return nil
		}
		return fmt.Errorf("%w: ask a deployer or admin to approve this version", ErrNeedsApproval)
	})
}
