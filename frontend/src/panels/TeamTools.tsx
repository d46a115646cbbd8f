// The toolbar's Usage and Audit buttons and, in team mode, who is signed in.
import { openAudit } from '../stores/audit';
import { openUsage } from '../stores/usage';
import { signOut, useSession } from '../stores/session';
import { openTeam } from '../stores/team';

export function TeamTools() {
  const user = useSession((s) => s.user);
  return (
    <>
      <button type="button" className="btn" data-testid="open-usage" onClick={() => void openUsage()}>
        Usage
      </button>
      <button type="button" className="btn" data-testid="open-audit" onClick={() => void openAudit()}>
        Audit
      </button>
      {user && (
        <span className="session-user" data-testid="session-user">
          <button type="button" className="btn small" data-testid="open-team" onClick={() => void openTeam()}>
            Team
          </button>
          {user.name} <span className="pill">{user.role}</span>
          <button type="button" className="btn small" data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      )}
    </>
  );
}
