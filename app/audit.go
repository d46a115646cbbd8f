package app

import (
	"errors"
	"strings"

	"github.com/weftworks/weft/engine/audit"
)

// LocalActor is who the audit trail names for a single-user Studio.
const LocalActor = "local"

// AuditEntry is one recorded change; see audit.Entry.
type AuditEntry = audit.Entry

// AuditReport is the outcome of verifying the audit trail.
type AuditReport = audit.Report

// ReleaseGate decides whether an actor may release (export or deploy) a
// flow whose stored content has the given digest. Team mode sets one to
// require approvals for protected flows; a Studio without one releases
// freely.
type ReleaseGate interface {
	CheckRelease(actor, flowID, digest string) error
}

// AsActor returns s acting for actor: the same flows, runs and store, with
// every change it makes recorded under actor's name.
func AsActor(s *Service, actor string) *Service {
	return &Service{core: s.core, actor: actor}
}

// SetReleaseGate makes s, and every service AsActor derives from it, ask
// g before exporting a flow.
func SetReleaseGate(s *Service, g ReleaseGate) {
	s.gate = g
}

// actorOf returns who s records changes as.
func actorOf(s *Service) string {
	if s.actor == "" {
		return LocalActor
	}
	return s.actor
}

// ListAudit returns the newest limit entries of the audit trail, newest
// first (limit <= 0: all).
func (s *Service) ListAudit(limit int) ([]AuditEntry, error) {
	return s.audit.List(limit)
}

// ExportAudit returns the whole audit trail as NDJSON, oldest first, as
// `weft audit verify --ndjson` checks it.
func (s *Service) ExportAudit() (string, error) {
	var b strings.Builder
	err := s.audit.WriteNDJSON(&b)
	return b.String(), err
}

// VerifyAudit checks the audit trail's hash chain and names the entries
// that break it.
func (s *Service) VerifyAudit() (AuditReport, error) {
	report, err := audit.Verify(s.store.DB())
	if report.Problems == nil {
		report.Problems = []audit.Problem{}
	}
	return report, err
}

// record appends e to the audit trail as s's actor.
func (s *Service) record(e audit.Entry) error {
	e.Actor = actorOf(s)
	e.Time = s.now().UnixMilli()
	_, err := s.audit.Append(e)
	return err
}

// change runs do and records it as action on kind target with the digests
// digest gives before and after. A change that leaves the digest as it
// was records nothing. A change that happened but could not be recorded
// is an error: the caller learns the trail is missing it.
func (s *Service) change(action, kind, target string, digest func() (string, error), do func() error) error {
	before, err := digest()
	if err != nil {
		return err
	}
	if err := do(); err != nil {
		return err
	}
	after, err := digest()
	if err != nil {
		return err
	}
	if before == after {
		return nil
	}
	if err := s.record(audit.Entry{Action: action, Kind: kind, Target: target, Before: before, After: after}); err != nil {
		return errors.Join(errors.New("the change was made but not recorded in the audit trail"), err)
	}
	return nil
}

// checkRelease asks the release gate, if any, about flow id.
func (s *Service) checkRelease(id string) error {
	if s.gate == nil {
		return nil
	}
	digest, err := s.store.FlowDigest(id)
	if err != nil {
		return err
	}
	return s.gate.CheckRelease(actorOf(s), id, digest)
}
