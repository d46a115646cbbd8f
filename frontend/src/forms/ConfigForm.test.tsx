import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Field, Problem } from '../api/types';
import { ConfigForm } from './ConfigForm';

const fields: Field[] = [
  { name: 'mode', title: 'Mode', type: 'string', enum: ['plain', 'secure'], required: true, default: 'plain' },
  { name: 'host', title: 'Host', type: 'string', required: true },
  { name: 'password', title: 'Password', type: 'string', secret: true, showIf: { field: 'mode', equals: ['secure'] } },
  { name: 'port', title: 'Port', type: 'integer', minimum: 1, maximum: 65535 },
  { name: 'ratio', title: 'Ratio', type: 'number' },
  { name: 'verbose', title: 'Verbose', type: 'boolean' },
  { name: 'code', title: 'Code', type: 'string', editor: 'javascript' },
  { name: 'headers', title: 'Headers', type: 'object' },
  { name: 'retries', title: 'Retries', type: 'integer', advanced: true, default: 3 },
];

function Harness({ initial, onChange, problems }: { initial: Record<string, unknown>; onChange(c: Record<string, unknown>): void; problems?: Problem[] }) {
  const [config, setConfig] = useState(initial);
  return (
    <ConfigForm
      fields={fields}
      config={config}
      problems={problems}
      onChange={(c) => {
        setConfig(c);
        onChange(c);
      }}
    />
  );
}

describe('ConfigForm', () => {
  it('renders an input per field type', () => {
    render(<Harness initial={{}} onChange={() => {}} />);
    expect(screen.getByTestId('field-mode').tagName).toBe('SELECT');
    expect(screen.getByTestId('field-host')).toHaveProperty('type', 'text');
    expect(screen.getByTestId('field-port')).toHaveProperty('type', 'number');
    expect(screen.getByTestId('field-port')).toHaveProperty('step', '1');
    expect(screen.getByTestId('field-ratio')).toHaveProperty('step', 'any');
    expect(screen.getByTestId('field-verbose')).toHaveProperty('type', 'checkbox');
    expect(screen.getByTestId('field-code').tagName).toBe('TEXTAREA');
    expect(screen.getByTestId('field-code').className).toContain('code-javascript');
    expect(screen.getByTestId('field-headers').tagName).toBe('TEXTAREA');
    expect(screen.getByTestId('field-retries')).toHaveProperty('value', '3');
  });

  it('marks required fields', () => {
    render(<Harness initial={{}} onChange={() => {}} />);
    expect(screen.getByText('Host').parentElement?.querySelector('.required')).not.toBeNull();
    expect(screen.getByText('Port').parentElement?.querySelector('.required')).toBeNull();
  });

  it('shows a showIf field only when its condition holds, as a password', () => {
    render(<Harness initial={{}} onChange={() => {}} />);
    expect(screen.queryByTestId('field-password')).toBeNull();
    fireEvent.change(screen.getByTestId('field-mode'), { target: { value: 'secure' } });
    expect(screen.getByTestId('field-password')).toHaveProperty('type', 'password');
    fireEvent.change(screen.getByTestId('field-mode'), { target: { value: 'plain' } });
    expect(screen.queryByTestId('field-password')).toBeNull();
  });

  it('reports typed values through onChange and unsets emptied fields', () => {
    const onChange = vi.fn();
    render(<Harness initial={{ port: 80 }} onChange={onChange} />);
    fireEvent.change(screen.getByTestId('field-host'), { target: { value: 'example.org' } });
    expect(onChange).toHaveBeenLastCalledWith({ port: 80, host: 'example.org' });
    fireEvent.change(screen.getByTestId('field-port'), { target: { value: '8080' } });
    expect(onChange).toHaveBeenLastCalledWith({ port: 8080, host: 'example.org' });
    fireEvent.click(screen.getByTestId('field-verbose'));
    expect(onChange).toHaveBeenLastCalledWith({ port: 8080, host: 'example.org', verbose: true });
    fireEvent.change(screen.getByTestId('field-headers'), { target: { value: '{"a": 1}' } });
    expect(onChange).toHaveBeenLastCalledWith({ port: 8080, host: 'example.org', verbose: true, headers: { a: 1 } });
    fireEvent.change(screen.getByTestId('field-port'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ host: 'example.org', verbose: true, headers: { a: 1 } });
  });

  it('keeps the last valid value while JSON is being typed', () => {
    const onChange = vi.fn();
    render(<Harness initial={{}} onChange={onChange} />);
    fireEvent.change(screen.getByTestId('field-headers'), { target: { value: '{"a": ' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText(/Not valid JSON yet/)).toBeTruthy();
  });

  it('shows engine problems next to the field they name', () => {
    const problems: Problem[] = [
      { severity: 'error', node: 'n1', field: 'host', message: 'required' },
      { severity: 'error', node: 'n1', field: 'retries', message: 'must be at most 10' },
    ];
    render(<Harness initial={{}} onChange={() => {}} problems={problems} />);
    const host = screen.getByTestId('field-host');
    expect(host.getAttribute('aria-invalid')).toBe('true');
    expect(host.closest('.form-field')?.textContent).toContain('required');
    expect(screen.getByText('must be at most 10').closest('details')?.open).toBe(true);
    expect(screen.getByTestId('field-port').getAttribute('aria-invalid')).toBe('false');
  });
});
