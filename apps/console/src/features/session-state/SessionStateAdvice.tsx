// The session state advisor on the Session State page (docs/advisor.md): each warning next to the field
// it concerns — severity, the sentence, a one-click fix — and referenced by that field's
// aria-describedby, so a screen reader reads it with the field.
//
// How a fix applies, as an IIS administrator expects:
// - "Use State Server" changes this page's own mode: it selects State Server in the form and leaves
//   Apply to the user, as every edit of an IIS Manager page. Moving sessions out of process has
//   prerequisites the page shows right there (the connection string, the state service, serializable
//   session objects), and View changes / Cancel stay available. Apply then sends it to PATCH
//   /api/config/session-state, whose rules check the new mode against the other values.
// - The other fixes change what this page has no form for (an application pool in
//   applicationHost.config, httpCookies, the state service): the button is the action, applied at
//   once, like IIS Manager's Actions-pane commands. The page's unsaved edits stay (the editor rebases
//   them on the re-read).

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { AdvisorFix, SessionStateWarning } from '@iis-console/contracts';
import { ADVISOR_CODES } from '@iis-console/config-common';
import { errorMessage } from '../../api/client';
import {
  controlStateService,
  getSection,
  patchSection,
  patchStateService,
  queryKeys,
} from '../../api/endpoints';

const SESSION_STATE_SECTION = 'system.web/sessionState';

/** An advisor warning (the other warnings of the page are values in files that break a rule). */
export function isAdvice(w: SessionStateWarning): boolean {
  return (ADVISOR_CODES as readonly string[]).includes(w.code ?? w.rule);
}

/** A fix that edits this page's own form rather than writing at once. */
const isFormFix = (fix: AdvisorFix) => fix.kind === 'config' && fix.section === SESSION_STATE_SECTION;

/** What the fix did, in one sentence for the status line. */
function doneText(fix: AdvisorFix, file: string | undefined): string {
  if (fix.kind === 'config') return `${fix.label}: saved${file ? ` to ${file}` : ''}.`;
  const type = fix.startupType ? `its startup type set to ${fix.startupType}` : '';
  if (fix.start) return `The ASP.NET State Service was started${type ? ` and ${type}` : ''}.`;
  return `The ASP.NET State Service has ${type}.`;
}

/** Writes a fix that is not the page's own form: a section PATCH with the section's ETag, or the service. */
async function applyFix(fix: AdvisorFix): Promise<string> {
  if (fix.kind === 'service') {
    if (fix.start) await controlStateService('start');
    if (fix.startupType) await patchStateService({ startupType: fix.startupType });
    return doneText(fix, undefined);
  }
  const current = await getSection(fix.section, fix.path, undefined);
  const saved = await patchSection(fix.section, fix.path, fix.change, current.etag);
  return doneText(fix, saved.target?.file);
}

export interface SessionStateAdviceProps {
  warnings: readonly SessionStateWarning[];
  /** The user may write (an administrator). */
  canWrite: boolean;
  /** The page's form can take the mode fix (the level is writable and mode is not locked). */
  formEditable: boolean;
  /** The form's current values, to tell a form fix already made. */
  values: Readonly<Record<string, string>>;
  /** Sets form values (the form fix). */
  setValues(attributes: Record<string, string>): void;
}

export interface SessionStateAdvice {
  /** The ids of the field's warnings, for its aria-describedby. */
  describedBy(field: string): string | undefined;
  /** The field's warnings, to show next to it. */
  notes(field: string): ReactNode;
  /** The last fix's outcome. */
  status: ReactNode;
  has(code: string): boolean;
}

/** The advisor's warnings of the page, by field, with their fixes. */
export function useSessionStateAdvice({
  warnings,
  canWrite,
  formEditable,
  values,
  setValues,
}: SessionStateAdviceProps): SessionStateAdvice {
  const id = useId();
  const queryClient = useQueryClient();
  const [running, setRunning] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string; at: number } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const advice = warnings.filter(isAdvice);
  const idOf = (w: SessionStateWarning) => `${id}-advice-${w.code ?? w.rule}`;

  // The pressed button may go away with its warning: the outcome takes the focus.
  useEffect(() => {
    if (outcome) statusRef.current?.focus();
  }, [outcome]);

  const run = async (w: SessionStateWarning, fix: AdvisorFix) => {
    if (isFormFix(fix) && fix.kind === 'config') {
      setValues(Object.fromEntries(Object.entries(fix.change.attributes ?? {}).filter(isSet)));
      setOutcome({
        ok: true,
        text: `${fix.label}: selected below. Check its settings, then Apply to save.`,
        at: Date.now(),
      });
      return;
    }
    setRunning(w.code ?? w.rule);
    try {
      const text = await applyFix(fix);
      setOutcome({ ok: true, text, at: Date.now() });
    } catch (e) {
      setOutcome({ ok: false, text: `${fix.label} failed: ${errorMessage(e)}`, at: Date.now() });
    } finally {
      setRunning(null);
      // Whatever happened, the page shows the configuration and the service as they are now.
      for (const key of [
        queryKeys.sessionStateAll,
        queryKeys.sectionAll,
        queryKeys.overviewAll,
        queryKeys.history,
        queryKeys.stateService,
      ])
        void queryClient.invalidateQueries({ queryKey: key });
    }
  };

  const fixControl = (w: SessionStateWarning): ReactNode => {
    const fix = w.fix;
    if (!fix || !canWrite) return null;
    if (isFormFix(fix) && fix.kind === 'config') {
      if (!formEditable) return null;
      const made = Object.entries(fix.change.attributes ?? {}).every(([k, v]) => values[k] === v);
      if (made) return <span className="advisor-pending">Selected: Apply saves it.</span>;
    }
    return (
      <Button
        className="button"
        isDisabled={running !== null}
        aria-describedby={idOf(w)}
        onPress={() => void run(w, fix)}
      >
        {fix.label}
      </Button>
    );
  };

  const notes = (field: string): ReactNode => {
    const mine = advice.filter((w) => w.attribute === field);
    if (mine.length === 0) return null;
    return (
      <ul className="advisor-notes" onKeyDown={keepKeys}>
        {mine.map((w) => {
          const severity = w.severity ?? 'warning';
          return (
            <li key={w.code ?? w.rule} className={`advisor-note ${severity}`} data-code={w.code ?? w.rule}>
              <span className="advisor-icon" aria-hidden="true">
                {severity === 'error' ? '✖' : '!'}
              </span>
              <span id={idOf(w)} className="advisor-message">
                <span className="visually-hidden">{severity === 'error' ? 'Error: ' : 'Warning: '}</span>
                {w.message}
              </span>
              {fixControl(w)}
            </li>
          );
        })}
      </ul>
    );
  };

  return {
    describedBy: (field) => {
      const ids = advice.filter((w) => w.attribute === field).map(idOf);
      return ids.length > 0 ? ids.join(' ') : undefined;
    },
    notes,
    status: outcome ? (
      <p
        key={outcome.at}
        ref={statusRef}
        tabIndex={-1}
        role={outcome.ok ? 'status' : 'alert'}
        className={`alert ${outcome.ok ? 'success' : 'error'} advisor-status`}
      >
        {outcome.text}
      </p>
    ) : null,
    has: (code) => advice.some((w) => (w.code ?? w.rule) === code),
  };
}

const isSet = (entry: [string, string | null]): entry is [string, string] => entry[1] !== null;

/** Inside the mode's radio group, arrow keys on a fix button must not change the selected mode. */
function keepKeys(event: KeyboardEvent) {
  event.stopPropagation();
}
