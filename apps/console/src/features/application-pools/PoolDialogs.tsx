// IIS Manager's Application Pools dialogs: Add Application Pool / Edit Application Pool (Basic
// Settings), Edit Application Pool Recycling Settings, Remove (asks first) and View Applications.
// Every dialog writes through `submit` (the page's writer: ETag, stale, the server's messages).

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { ApplicationPoolItem } from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import { ConfirmDialog, DialogButtons, ModalDialog } from '../../components/ModalDialog';
import { CheckBox, SelectBox, TextBox } from '../../components/controls';
import { Link } from '../../routing/Link';
import { featuresHref } from '../../routing/routes';
import { poolApplicationsQuery, type PoolChange, type PoolCreate } from './api';
import {
  CLR_VERSIONS,
  PIPELINE_MODES,
  recyclingChange,
  recyclingForm,
  type PoolSettings,
  type RecyclingForm,
} from './poolModel';

/** What a write ended with, for the dialog that asked. */
export type WriteOutcome = { ok: true } | { ok: false; message: string; fields: Record<string, string> };

export interface DialogProps {
  onClose(): void;
  /** A reader sees the values; nothing can be changed. */
  readOnly: boolean;
}

/** The frame of every pool dialog: the form, the dialog's refusal, OK / Cancel (Close for a reader). */
export function PoolDialogFrame({
  title,
  onClose,
  onSubmit,
  readOnly,
  busy,
  error,
  children,
  className,
  okLabel = 'OK',
}: DialogProps & {
  title: string;
  onSubmit(): void;
  busy: boolean;
  error: string | null;
  children: ReactNode;
  className?: string;
  okLabel?: string;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!readOnly && !busy) onSubmit();
  };
  return (
    <ModalDialog title={title} isOpen onClose={onClose} {...(className ? { className } : {})}>
      <form onSubmit={submit} noValidate>
        {readOnly && <p className="field-description">Read-only: your account can view these settings.</p>}
        {children}
        {error && (
          <div role="alert" className="alert error">
            {error}
          </div>
        )}
        <DialogButtons>
          {readOnly ? (
            <Button className="button" onPress={onClose} autoFocus>
              Close
            </Button>
          ) : (
            <>
              <Button type="submit" className="button primary" isDisabled={busy}>
                {okLabel}
              </Button>
              <Button className="button" onPress={onClose}>
                Cancel
              </Button>
            </>
          )}
        </DialogButtons>
      </form>
    </ModalDialog>
  );
}

/** Runs a write; keeps the dialog open with the server's messages, or closes it. */
export function useDialogWrite(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const run = async (write: () => Promise<WriteOutcome>) => {
    setBusy(true);
    const outcome = await write();
    setBusy(false);
    if (outcome.ok) return onClose();
    setFields(outcome.fields);
    setError(Object.keys(outcome.fields).length > 0 ? null : outcome.message);
  };
  /** Errors found before sending: shown by field, nothing sent. */
  const refuse = (errors: Record<string, string>) => {
    setFields(errors);
    setError(null);
  };
  return { busy, error, fields, run, refuse };
}

// ---- Add Application Pool / Edit Application Pool ----

export function BasicSettingsDialog({
  pool,
  onClose,
  readOnly,
  onAdd,
  onChange,
}: DialogProps & {
  /** The pool edited; none: Add Application Pool. */
  pool?: ApplicationPoolItem;
  onAdd(body: PoolCreate): Promise<WriteOutcome>;
  onChange(name: string, change: PoolChange): Promise<WriteOutcome>;
}) {
  const [name, setName] = useState(pool?.name ?? '');
  const [clr, setClr] = useState(pool?.managedRuntimeVersion ?? 'v4.0');
  const [pipeline, setPipeline] = useState(pool?.managedPipelineMode ?? 'Integrated');
  const [autoStart, setAutoStart] = useState(pool?.autoStart ?? true);
  const { busy, error, fields, run, refuse } = useDialogWrite(onClose);

  const submit = () => {
    if (!pool) {
      if (name.trim() === '') return refuse({ name: 'Enter a name for the application pool.' });
      return void run(() =>
        onAdd({ name, managedRuntimeVersion: clr, managedPipelineMode: pipeline, autoStart }),
      );
    }
    const attributes: Record<string, string> = {};
    if (clr !== pool.managedRuntimeVersion) attributes.managedRuntimeVersion = clr;
    if (pipeline !== pool.managedPipelineMode) attributes.managedPipelineMode = pipeline;
    if (autoStart !== pool.autoStart) attributes.autoStart = String(autoStart);
    if (Object.keys(attributes).length === 0) return onClose();
    void run(() => onChange(pool.name, { attributes }));
  };

  return (
    <PoolDialogFrame
      title={pool ? 'Edit Application Pool' : 'Add Application Pool'}
      onClose={onClose}
      onSubmit={submit}
      readOnly={readOnly}
      busy={busy}
      error={error}
    >
      <TextBox
        label="Name"
        value={name}
        onChange={setName}
        isDisabled={pool !== undefined || readOnly}
        error={fields.name}
        autoFocus={!pool}
      />
      <SelectBox
        id="pool-clr"
        label=".NET CLR version"
        value={clr}
        options={CLR_VERSIONS}
        onChange={setClr}
        isDisabled={readOnly}
        error={fields.managedRuntimeVersion}
      />
      <SelectBox
        id="pool-pipeline"
        label="Managed pipeline mode"
        value={pipeline}
        options={PIPELINE_MODES}
        onChange={setPipeline}
        isDisabled={readOnly}
        error={fields.managedPipelineMode}
      />
      <CheckBox isSelected={autoStart} onChange={setAutoStart} isDisabled={readOnly}>
        Start application pool immediately
      </CheckBox>
    </PoolDialogFrame>
  );
}

// ---- Recycling... ----

function Condition({
  label,
  on,
  value,
  onToggle,
  onValue,
  error,
  readOnly,
  hint,
}: {
  label: string;
  on: boolean;
  value: string;
  onToggle(on: boolean): void;
  onValue(value: string): void;
  error: string | undefined;
  readOnly: boolean;
  hint?: string;
}) {
  return (
    <div className="pool-condition">
      <CheckBox isSelected={on} onChange={onToggle} isDisabled={readOnly}>
        {label}
      </CheckBox>
      <TextBox
        label={label}
        className="indented visually-hidden-label"
        value={value}
        onChange={onValue}
        isDisabled={readOnly || !on}
        error={error}
        {...(hint ? { description: hint } : {})}
      />
    </div>
  );
}

const RESTART = 'recycling.periodicRestart';

export function RecyclingDialog({
  pool,
  settings,
  onClose,
  readOnly,
  onChange,
}: DialogProps & {
  pool: string;
  settings: PoolSettings;
  onChange(name: string, change: PoolChange): Promise<WriteOutcome>;
}) {
  const [loaded] = useState(() => recyclingForm(settings));
  const [form, setForm] = useState(loaded);
  const { busy, error, fields, run, refuse } = useDialogWrite(onClose);
  const set = (patch: Partial<RecyclingForm>) => setForm((f) => ({ ...f, ...patch }));
  // The server names the attribute below the pool (`recycling.periodicRestart.time`); the form its condition.
  const fieldError = (key: string) => fields[key] ?? fields[`${RESTART}.${key}`];

  const submit = () => {
    const result = recyclingChange(loaded, form);
    if (Object.keys(result.errors).length > 0) return refuse(result.errors);
    if (!result.dirty) return onClose();
    void run(() => onChange(pool, result.change));
  };
  const condition = (key: 'time' | 'requests' | 'memory' | 'privateMemory', label: string) => (
    <Condition
      label={label}
      on={form[`${key}On`]}
      value={form[key]}
      onToggle={(on) => set({ [`${key}On`]: on })}
      onValue={(v) => set({ [key]: v })}
      error={fieldError(key)}
      readOnly={readOnly}
    />
  );

  return (
    <PoolDialogFrame
      title="Edit Application Pool Recycling Settings"
      onClose={onClose}
      onSubmit={submit}
      readOnly={readOnly}
      busy={busy}
      error={error}
    >
      <p className="field-description">Recycling conditions of {pool}.</p>
      <fieldset className="group-box">
        <legend>Fixed Intervals</legend>
        {condition('time', 'Regular time intervals (in minutes)')}
        {condition('requests', 'Fixed number of requests')}
        <div className="pool-condition">
          <CheckBox
            isSelected={form.scheduleOn}
            onChange={(on) => set({ scheduleOn: on })}
            isDisabled={readOnly}
          >
            Specific time(s)
          </CheckBox>
          <TextBox
            label="Specific time(s)"
            className="indented visually-hidden-label"
            value={form.schedule}
            onChange={(v) => set({ schedule: v })}
            isDisabled={readOnly || !form.scheduleOn}
            error={fieldError('schedule')}
            description="Times of day, separated by commas (hh:mm)"
          />
        </div>
      </fieldset>
      <fieldset className="group-box">
        <legend>Memory Based Maximums</legend>
        {condition('memory', 'Virtual memory usage (in KB)')}
        {condition('privateMemory', 'Private memory usage (in KB)')}
      </fieldset>
    </PoolDialogFrame>
  );
}

// ---- Remove ----

export function RemoveDialog({
  pool,
  onClose,
  onRemove,
}: {
  pool: string;
  onClose(): void;
  onRemove(name: string): Promise<WriteOutcome>;
}) {
  const { busy, error, run } = useDialogWrite(onClose);
  return (
    <ConfirmDialog
      title="Confirm Remove"
      isBusy={busy}
      onYes={() => void run(() => onRemove(pool))}
      onNo={onClose}
    >
      <div className="prompt">
        <span className="prompt-icon" aria-hidden="true">
          ?
        </span>
        <p>Are you sure that you want to remove the selected application pool “{pool}”?</p>
      </div>
      {error && (
        <div role="alert" className="alert error">
          {error}
        </div>
      )}
    </ConfirmDialog>
  );
}

// ---- View Applications ----

export function ApplicationsDialog({ pool, onClose }: { pool: string; onClose(): void }) {
  const query = useQuery(poolApplicationsQuery(pool));
  const items = query.data?.items ?? [];
  return (
    <ModalDialog title={`Applications of ${pool}`} isOpen onClose={onClose} className="wide">
      {query.isPending && <p>Loading…</p>}
      {query.isError && (
        <p role="alert" className="alert error">
          {errorMessage(query.error)}
        </p>
      )}
      {query.data && (
        <>
          <p className="count" aria-live="polite">
            {items.length === 0
              ? 'No application uses this application pool.'
              : `${items.length} ${items.length === 1 ? 'application uses' : 'applications use'} this application pool.`}
          </p>
          {items.length > 0 && (
            <table className="grid" aria-label={`Applications of ${pool}`}>
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">Virtual Path</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.sitePath}>
                    <td>{a.site}</td>
                    <td>
                      <Link href={featuresHref(a.sitePath)} onClick={onClose}>
                        {a.path}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <DialogButtons>
        <Button className="button" onPress={onClose} autoFocus>
          Close
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
