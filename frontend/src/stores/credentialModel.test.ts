import { describe, expect, it } from 'vitest';
import { apikeyKind, basicKind, kafkaKind } from '../testdata/credentials';
import { draftFrom, missingRequired, newDraft, toggleClear, toInput, withKind } from './credentialModel';

describe('credential drafts', () => {
  it('starts a new credential with the kind defaults and no secrets', () => {
    const d = newDraft(apikeyKind, 'crm');
    expect(d).toEqual({ isNew: true, name: 'crm', kind: 'apikey', fields: { in: 'header', name: 'X-API-Key' }, secretsSet: [], clear: [] });
  });

  it('edits a stored credential without its secrets', () => {
    const d = draftFrom({ name: 'shop', kind: 'basic', fields: { username: 'ada' }, secretsSet: ['password'], updatedAt: 1 });
    expect(d.isNew).toBe(false);
    expect(d.fields).toEqual({ username: 'ada' });
    expect(d.secretsSet).toEqual(['password']);
  });

  it('sends typed secrets, omits empty ones (kept by the service) and lists clears', () => {
    const d = draftFrom({ name: 'shop ', kind: 'basic', fields: { username: 'ada' }, secretsSet: ['password'], updatedAt: 1 });
    expect(toInput(d, basicKind)).toEqual({ name: 'shop', kind: 'basic', fields: { username: 'ada' } });
    expect(toInput({ ...d, fields: { username: 'ada', password: 'new' } }, basicKind).fields).toEqual({ username: 'ada', password: 'new' });
    const cleared = toggleClear({ ...d, fields: { username: 'ada', password: 'typed' } }, 'password');
    expect(toInput(cleared, basicKind)).toEqual({ name: 'shop', kind: 'basic', fields: { username: 'ada' }, clear: ['password'] });
    expect(toggleClear(cleared, 'password').clear).toEqual([]);
  });

  it('starts afresh on another kind and sends only that kind\'s fields', () => {
    const d = { ...newDraft(basicKind, 'q'), fields: { username: 'ada', password: 'pw' } };
    const k = withKind(d, kafkaKind);
    expect(k.fields).toEqual({ mechanism: 'plain' });
    expect(k.name).toBe('q');
    expect(toInput({ ...k, fields: { ...k.fields, stray: 'x' } }, kafkaKind).fields).toEqual({ mechanism: 'plain' });
    expect(withKind(d, basicKind)).toBe(d);
  });

  it('counts a stored required secret as set, unless it is cleared', () => {
    const d = draftFrom({ name: 'k', kind: 'apikey', fields: { in: 'header' }, secretsSet: ['key'], updatedAt: 1 });
    expect(missingRequired(d, apikeyKind)).toEqual([]);
    expect(missingRequired({ ...d, clear: ['key'] }, apikeyKind)).toEqual(['Key']);
    expect(missingRequired(newDraft(basicKind), basicKind)).toEqual(['Username']);
  });
});
