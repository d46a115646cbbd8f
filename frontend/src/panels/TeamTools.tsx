// The toolbar's team chip: in team mode, who is signed in (Usage and
// Audit are in the More menu).
import { signOut, useSession } from '../stores/session';
import { openTeam } from '../stores/team';

export function TeamTools() {
  const user = useSession((s) => s.user);
  if (!user) return null;
  return (
    <span className="session-user" data-testid="session-user">
      <button type="button" className="btn small" data-testid="open-team" onClick={() => void openTeam()}>
        Team
      </button>
      {user.name} <span className="pill">{user.role}</span>
      <button type="button" className="btn small" data-testid="sign-out" onClick={() => void signOut()}>
        Sign out
      </button>
    </span>
  );
}
