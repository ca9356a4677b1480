// The parts every feature page built on useConfigEditor shows the same way: the alerts (read-only,
// locked, file errors as Config Error details, stale, refused writes, saved), the target file, the
// Actions (Apply, Cancel, View changes, View history) and the preview and history dialogs.

import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { FieldError } from '@iis-console/contracts';
import { LOCKED_FEATURE_ALERT } from '@iis-console/config-common';
import { ConfigErrorDetails } from '../components/ConfigErrorView';
import { ActionButton, ActionGroup, PageActions } from '../shell/ActionsPane';
import { HistoryDialog } from './HistoryDialog';
import { PendingChangesDialog } from './PendingChangesDialog';
import { STALE_MESSAGE, type ConfigEditor, type EditableResponse } from './useConfigEditor';

interface WithErrors extends EditableResponse {
  errors: ReadonlyArray<{ file: string; line: number; column: number; message: string }>;
  target: { file: string; configPath: string; exists: boolean } | null;
}

export function EditorAlerts<R extends WithErrors, V, B>({
  editor,
  data,
  otherErrors = [],
}: {
  editor: ConfigEditor<R, V, B>;
  data: R;
  /** Refused values that have no field on the page. */
  otherErrors?: readonly FieldError[];
}) {
  return (
    <>
      {data.readOnly !== null && (
        <div role="alert" className="alert warning">
          {data.readOnly}
        </div>
      )}
      {data.sectionLocked && data.readOnly !== LOCKED_FEATURE_ALERT && (
        <div role="alert" className="alert warning">
          {LOCKED_FEATURE_ALERT}
        </div>
      )}
      {data.errors.length > 0 && (
        <section className="config-errors" aria-labelledby="config-error-title">
          <h2 id="config-error-title" className="details-title">
            <span className="page-icon icon-config-error" aria-hidden="true" /> Config Error
          </h2>
          <div role="alert" className="alert error">
            <p>The configuration has errors:</p>
            <ul>
              {data.errors.map((e, i) => (
                <li key={i}>
                  {e.file}, line {e.line}, column {e.column}: {e.message}
                </li>
              ))}
            </ul>
          </div>
          <ConfigErrorDetails problems={data.errors} />
        </section>
      )}
      {editor.stale && (
        <div role="alert" className="alert error">
          <p>{STALE_MESSAGE}</p>
          <Button className="button" isDisabled={editor.busy} onPress={() => void editor.cancel()}>
            Reload
          </Button>
        </div>
      )}
      {editor.writeError && (
        <div role="alert" className="alert error">
          {editor.writeError}
        </div>
      )}
      {otherErrors.length > 0 && (
        <div role="alert" className="alert error">
          <ul>
            {otherErrors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div role="status" className="status-line">
        {editor.saved && <p className="alert success">{editor.saved}</p>}
      </div>
    </>
  );
}

/** "Changes are written to <file> (<config path>)". */
export function TargetFile({ data }: { data: WithErrors }) {
  if (!data.target) return null;
  return (
    <>
      <p className="target-file">
        Changes are written to {data.target.file} ({data.target.configPath})
      </p>
      {!data.target.exists && data.readOnly === null && (
        <p className="field-description">The file does not exist yet; Apply creates it.</p>
      )}
    </>
  );
}

/** Apply, Cancel, View changes (when the level can be written), View history, then the page's own. */
export function EditorActions<R extends WithErrors, V, B>({
  editor,
  children,
  title,
}: {
  editor: ConfigEditor<R, V, B>;
  children?: ReactNode;
  title?: string;
}) {
  return (
    <PageActions>
      <ActionGroup {...(title ? { title } : {})}>
        {!editor.readOnly && (
          <>
            <ActionButton icon="✔" onPress={() => void editor.apply()} isDisabled={!editor.canApply}>
              Apply
            </ActionButton>
            <ActionButton
              icon="✖"
              onPress={() => void editor.cancel()}
              isDisabled={!editor.dirty || editor.busy}
            >
              Cancel
            </ActionButton>
            <ActionButton icon="≡" onPress={() => editor.openDialog('preview')} isDisabled={!editor.canApply}>
              View changes
            </ActionButton>
          </>
        )}
        <ActionButton icon="⟲" onPress={() => editor.openDialog('history')}>
          View history
        </ActionButton>
        {children}
      </ActionGroup>
    </PageActions>
  );
}

export function EditorDialogs<R extends WithErrors, V, B>({ editor }: { editor: ConfigEditor<R, V, B> }) {
  return (
    <>
      {editor.dialog === 'preview' && (
        <PendingChangesDialog
          previewKey={editor.previewKey}
          load={editor.loadPreview}
          onClose={editor.closeDialog}
        />
      )}
      {editor.dialog === 'history' && (
        <HistoryDialog canWrite={editor.canWrite} onClose={editor.closeDialog} />
      )}
    </>
  );
}
