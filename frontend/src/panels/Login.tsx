// The sign-in page of `weft studio --team`.
import { useState } from 'react';
import { signIn, useSession } from '../stores/session';

export function Login() {
  const { busy, error } = useSession();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  return (
    <div className="login-page">
      <form
        className="login-form"
        aria-label="Sign in"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn(user, password);
        }}
      >
        <h1>
          <span className="brand-mark" aria-hidden="true">◆</span> Weft Studio
        </h1>
        <p className="muted small">This Studio is shared by a team. Sign in to continue.</p>
        {error && (
          <div className="field-problem error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <label className="bundle-field">
          User
          <input data-testid="login-user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} />
        </label>
        <label className="bundle-field">
          Password
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="btn primary" data-testid="login-submit" disabled={busy || !user || !password}>
          Sign in
        </button>
      </form>
    </div>
  );
}
