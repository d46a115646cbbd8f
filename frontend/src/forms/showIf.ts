import type { Field } from '../api/types';

/** valueOf is a field's current value: the config's, else the spec default. */
export function valueOf(field: Field, config: Record<string, unknown>): unknown {
  return field.name in config ? config[field.name] : field.default;
}

/** isVisible applies a field's showIf rule to the current config. */
export function isVisible(field: Field, fields: Field[], config: Record<string, unknown>): boolean {
  const rule = field.showIf;
  if (!rule) return true;
  const other = fields.find((f) => f.name === rule.field);
  const v = other ? valueOf(other, config) : config[rule.field];
  return (rule.equals ?? []).some((want) => want === v);
}
