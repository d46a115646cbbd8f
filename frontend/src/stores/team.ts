// The Team panel of `weft studio --team`: users and roles (admins), the
// open flow's protection and approvals, and the signed-in user's API
// tokens. Each list is loaded only when the user's role may read it.
import { create } from 'zustand';
import { api } from '../api';
import type { TeamApproval, TeamRole, TeamTokenInfo, TeamUser } from '../api/types';
import { attemptWith } from './attempt';
import { useEditor } from './editor';
import { useSession } from './session';

export interface TeamState {
  open: boolean;
  users: TeamUser[];
  protectedIds: string[];
  approvals: TeamApproval[];
  tokens: TeamTokenInfo[];
  /** newToken is a just-created token's secret, shown once. */
  newToken: string | null;
  busy: boolean;
  error: string | null;
}

export const useTeam = create<TeamState>()(() => ({
  open: false, users: [], protectedIds: [], approvals: [], tokens: [], newToken: null, busy: false, error: null,
}));

const attempt = attemptWith((patch) => useTeam.setState(patch));

const rank: Record<TeamRole, number> = { viewer: 1, editor: 2, deployer: 3, admin: 4 };

/** can says whether the signed-in user has at least role. */
export function can(role: TeamRole): boolean {
  const user = useSession.getState().user;
  return user !== null && rank[user.role] >= rank[role];
}

export async function loadTeam(): Promise<void> {
  await attempt(async () => {
    const [users, protectedIds, approvals, tokens] = await Promise.all([
      can('admin') ? api.listUsers() : Promise.resolve([]),
      api.listProtected(),
      api.listApprovals(),
      api.listTokens(),
    ]);
    useTeam.setState({ users, protectedIds, approvals, tokens });
  });
}

export async function openTeam(): Promise<void> {
  useTeam.setState({ open: true, newToken: null });
  await loadTeam();
}

export function closeTeam(): void {
  useTeam.setState({ open: false, newToken: null });
}

/** act runs a team call, then reloads the panel. */
async function act(fn: () => Promise<unknown>): Promise<void> {
  if (await attempt(async () => void (await fn()))) await loadTeam();
}

export const addUser = (name: string, password: string, role: TeamRole) => act(() => api.createUser(name, password, role));
export const changeRole = (name: string, role: TeamRole) => act(() => api.setRole(name, role));
export const removeUser = (name: string) => act(() => api.deleteUser(name));
export const revokeToken = (id: string) => act(() => api.revokeToken(id));

function openFlowId(): string {
  return useEditor.getState().meta.id ?? '';
}

export const setProtected = (on: boolean) => act(() => api.protectFlow(openFlowId(), on));
export const requestApproval = () => act(() => api.requestApproval(openFlowId()));
export const approveFlow = () => act(() => api.approve(openFlowId()));

export async function createToken(label: string): Promise<void> {
  await attempt(async () => {
    const t = await api.createToken(label);
    useTeam.setState({ newToken: t.token });
  });
  const token = useTeam.getState().newToken;
  await loadTeam();
  useTeam.setState({ newToken: token });
}

/** approvalsOf keeps the approvals of flowId, newest request first. */
export function approvalsOf(approvals: TeamApproval[], flowId: string): TeamApproval[] {
  return approvals
    .filter((a) => a.flowId === flowId)
    .sort((a, b) => (b.approvedAt ?? b.requestedAt ?? 0) - (a.approvedAt ?? a.requestedAt ?? 0));
}
