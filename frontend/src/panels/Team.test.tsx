import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTransport, type Transport } from '../api/client';
import type { TeamApproval, TeamUser } from '../api/types';
import { useEditor } from '../stores/editor';
import { useSession } from '../stores/session';
import { approvalsOf, openTeam, useTeam } from '../stores/team';
import { TeamPanel } from './Team';

function serve(): string[] {
  const calls: string[] = [];
  let approvals: TeamApproval[] = [];
  const t: Transport = {
    kind: 'http',
    onRun: () => () => {},
    call: async (method, args) => {
      calls.push(`${method} ${JSON.stringify(args)}`);
      switch (method) {
        case 'ListUsers':
          return [{ name: 'ada', role: 'admin', created: 1 }];
        case 'ListProtected':
          return ['f1'];
        case 'ListApprovals':
          return approvals;
        case 'ListTokens':
          return [];
        case 'Approve':
          approvals = [{ flowId: 'f1', digest: 'abcdef0123', requestedBy: 'eve', approvedBy: 'dan' }];
          return approvals[0];
        default:
          throw new Error(`unexpected ${method}`);
      }
    },
  };
  setTransport(t);
  return calls;
}

const signIn = (user: TeamUser) => useSession.setState({ phase: 'team', user });

describe('TeamPanel', () => {
  beforeEach(() => useEditor.getState().load({ formatVersion: 2, id: 'f1', name: 'F', nodes: [], edges: [] }));
  afterEach(() => {
    setTransport(null);
    useSession.setState({ phase: 'checking', user: null });
    useTeam.setState({ open: false, users: [], approvals: [], protectedIds: [], tokens: [], error: null });
  });

  it('lets a deployer approve the open flow but not manage users or protection', async () => {
    const calls = serve();
    signIn({ name: 'dan', role: 'deployer', created: 1 });
    render(<TeamPanel />);
    await openTeam();
    expect((await screen.findByTestId('team-protection')).textContent).toContain('Protected');
    expect(screen.queryByTestId('team-protect')).toBeNull();
    expect(screen.queryByTestId('team-add-user')).toBeNull();
    expect(calls.some((c) => c.startsWith('ListUsers'))).toBe(false);
    fireEvent.click(screen.getByTestId('team-approve'));
    expect((await screen.findByText(/approved by dan/)).textContent).toContain('asked by eve');
    expect(calls).toContain('Approve ["f1"]');
  });

  it('shows users and protection to an admin', async () => {
    serve();
    signIn({ name: 'ada', role: 'admin', created: 1 });
    render(<TeamPanel />);
    await openTeam();
    expect(await screen.findByTestId('team-user-ada')).toBeTruthy();
    expect(screen.getByTestId('team-protect').textContent).toBe('Unprotect');
  });

  it('orders a flow’s approvals newest first', () => {
    const list = approvalsOf(
      [
        { flowId: 'f1', digest: 'a', requestedAt: 1 },
        { flowId: 'f2', digest: 'b', requestedAt: 5 },
        { flowId: 'f1', digest: 'c', requestedAt: 2, approvedAt: 9 },
      ],
      'f1',
    );
    expect(list.map((a) => a.digest)).toEqual(['c', 'a']);
  });
});
