// What the page shows before the editor: in team mode the sign-in page
// until someone signs in; otherwise straight the editor.
import { useEffect } from 'react';
import { App } from './App';
import { AuditPanel } from './panels/Audit';
import { Login } from './panels/Login';
import { TeamPanel } from './panels/Team';
import { UsagePanel } from './panels/Usage';
import { askEarly, forgetEarly } from './stores/actions';
import { checkSession, useSession } from './stores/session';

export function Root() {
  const phase = useSession((s) => s.phase);
  useEffect(() => {
    askEarly();
    void checkSession().then(() => {
      if (useSession.getState().phase === 'signin') forgetEarly();
    });
  }, []);
  if (phase === 'checking') return <div className="login-page muted">Loading…</div>;
  if (phase === 'signin') return <Login />;
  return (
    <>
      <App />
      <AuditPanel />
      <UsagePanel />
      <TeamPanel />
    </>
  );
}
