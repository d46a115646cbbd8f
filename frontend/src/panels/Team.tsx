// The Team panel: the open flow's protection and approvals, users and
// roles (admins), and the signed-in user's API tokens.
import { useState } from 'react';
import type { TeamRole } from '../api/types';
import { useEditor } from '../stores/editor';
import {
  addUser, approvalsOf, approveFlow, can, changeRole, closeTeam, createToken, removeUser, requestApproval,
  revokeToken, setProtected, useTeam,
} from '../stores/team';
import { useEscape } from './useEscape';

const ROLES: TeamRole[] = ['viewer', 'editor', 'deployer', 'admin'];

function FlowRelease() {
  const flowId = useEditor((s) => s.meta.id);
  const { protectedIds, approvals, busy } = useTeam();
  if (!flowId) return <p className="muted">Save the flow to protect it or ask for approval.</p>;
  const isProtected = protectedIds.includes(flowId);
  return (
    <section aria-label="Release approvals">
      <h3>This flow</h3>
      <p className="small" data-testid="team-protection">
        {isProtected ? 'Protected: an export needs another user’s approval of the saved version.' : 'Not protected: deployers may export it.'}
      </p>
      <div className="cred-actions">
        {can('admin') && (
          <button type="button" className="btn" data-testid="team-protect" disabled={busy} onClick={() => void setProtected(!isProtected)}>
            {isProtected ? 'Unprotect' : 'Protect'}
          </button>
        )}
        {can('editor') && (
          <button type="button" className="btn" data-testid="team-request" disabled={busy} onClick={() => void requestApproval()}>
            Ask for approval
          </button>
        )}
        {can('deployer') && (
          <button type="button" className="btn primary" data-testid="team-approve" disabled={busy} onClick={() => void approveFlow()}>
            Approve this version
          </button>
        )}
      </div>
      <ul className="usage-alerts" data-testid="team-approvals">
        {approvalsOf(approvals, flowId).map((a) => (
          <li key={a.digest}>
            version {a.digest.slice(0, 8)}: {a.requestedBy ? `asked by ${a.requestedBy}` : 'no request'}
            {a.approvedBy ? `, approved by ${a.approvedBy}` : ', waiting for approval'}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Users() {
  const { users, busy } = useTeam();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<TeamRole>('editor');
  if (!can('admin')) return null;
  return (
    <section aria-label="Users">
      <h3>Users</h3>
      <table className="audit-table">
        <tbody>
          {users.map((u) => (
            <tr key={u.name} data-testid={`team-user-${u.name}`}>
              <td>{u.name}</td>
              <td>
                <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => void changeRole(u.name, e.target.value as TeamRole)}>
                  {ROLES.map((r) => <option key={r}>{r}</option>)}
                </select>
              </td>
              <td>
                <button type="button" className="btn small" onClick={() => void removeUser(u.name)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="usage-rule">
        <input placeholder="user name" aria-label="New user name" data-testid="team-new-name" value={name} onChange={(e) => setName(e.target.value)} />
        <input type="password" placeholder="password (10+ characters)" aria-label="New user password" data-testid="team-new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <select aria-label="New user role" data-testid="team-new-role" value={role} onChange={(e) => setRole(e.target.value as TeamRole)}>
          {ROLES.map((r) => <option key={r}>{r}</option>)}
        </select>
        <button type="button" className="btn" data-testid="team-add-user" disabled={busy || !name || !password}
          onClick={() => void addUser(name, password, role).then(() => { setName(''); setPassword(''); })}>
          Add user
        </button>
      </div>
    </section>
  );
}

function Tokens() {
  const { tokens, newToken, busy } = useTeam();
  const [label, setLabel] = useState('');
  return (
    <section aria-label="API tokens">
      <h3>API tokens</h3>
      {newToken && (
        <p className="cred-result ok" data-testid="team-new-token">
          Copy it now, it is not shown again: <code>{newToken}</code>
        </p>
      )}
      <ul className="usage-alerts">
        {tokens.map((t) => (
          <li key={t.id}>
            {t.label || t.id} ({t.user}){' '}
            <button type="button" className="btn small" onClick={() => void revokeToken(t.id)}>Revoke</button>
          </li>
        ))}
      </ul>
      <div className="usage-rule">
        <input placeholder="label, e.g. ci" aria-label="Token label" value={label} onChange={(e) => setLabel(e.target.value)} />
        <button type="button" className="btn" data-testid="team-create-token" disabled={busy} onClick={() => void createToken(label)}>
          Create token
        </button>
      </div>
    </section>
  );
}

export function TeamPanel() {
  const { open, error } = useTeam();
  useEscape(open, closeTeam);
  if (!open) return null;
  return (
    <div className="mapping-backdrop">
      <div className="cred-modal" role="dialog" aria-modal="true" aria-label="Team" data-testid="team-panel">
        <header className="mapping-head">
          <h2>Team</h2>
          <span className="muted small">Who may do what, and the approvals protected flows need before export.</span>
          <button type="button" className="btn small" data-testid="team-close" onClick={closeTeam}>
            Done
          </button>
        </header>
        <div className="audit-body">
          {error && (
            <div className="field-problem error" role="alert" data-testid="team-error">
              {error}
            </div>
          )}
          <FlowRelease />
          <Users />
          <Tokens />
        </div>
      </div>
    </div>
  );
}
