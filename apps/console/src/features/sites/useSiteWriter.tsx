// One write of the Sites node, as IIS Manager runs it: with the list's ETag (If-Match); a binding
// another site has asks IIS Manager's question first (409 DUPLICATE_BINDING → Yes sends it again with
// allowDuplicateBinding); a stale ETag (412) offers Reload; afterwards the Connections tree and the
// lists are read again, and the warnings the server returns are shown.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { SiteWriteResponse } from '@iis-console/contracts';
import { ApiRequestError, errorMessage } from '../../api/client';
import { queryKeys } from '../../api/endpoints';
import { ConfirmDialog } from '../../components/ModalDialog';
import { sitesKeys } from './sitesApi';

export type WriteCall = (etag: string, allowDuplicateBinding: boolean) => Promise<SiteWriteResponse>;

export interface SiteWriter {
  /** Runs a write; resolves with its answer, or undefined when it was refused or the user said No. */
  run(call: WriteCall): Promise<SiteWriteResponse | undefined>;
  /** The last write's error (shown in the open dialog by <WriteError>). */
  error: unknown;
  clearError(): void;
  /** The question, when one is asked (render it). */
  question: ReactNode;
  /** Warnings of the last write that went through (a confirmed duplicate binding). */
  warnings: string[];
  /** Reads the lists and the tree again (after a 412). */
  reload(): void;
}

export function useSiteWriter(etag: string | undefined): SiteWriter {
  const client = useQueryClient();
  const etagRef = useRef(etag);
  useEffect(() => {
    etagRef.current = etag;
  }, [etag]);
  const [error, setError] = useState<unknown>(undefined);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [asking, setAsking] = useState<{ message: string; answer(yes: boolean): void } | null>(null);

  const reload = useCallback(() => {
    setError(undefined);
    void client.invalidateQueries({ queryKey: sitesKeys.all });
    void client.invalidateQueries({ queryKey: queryKeys.overviewAll });
    void client.invalidateQueries({ queryKey: queryKeys.tree });
  }, [client]);

  const run = useCallback(
    async (call: WriteCall) => {
      setError(undefined);
      const attempt = async (allow: boolean) => {
        const result = await call(etagRef.current ?? '*', allow);
        // The next write of the same dialog (Edit Bindings: Add…, then Remove) goes with the new ETag.
        etagRef.current = result.etag;
        setWarnings(result.warnings);
        reload();
        return result;
      };
      try {
        try {
          return await attempt(false);
        } catch (e) {
          if (!(e instanceof ApiRequestError && e.code === 'DUPLICATE_BINDING')) throw e;
          const yes = await new Promise<boolean>((answer) => setAsking({ message: e.message, answer }));
          setAsking(null);
          return yes ? await attempt(true) : undefined;
        }
      } catch (e) {
        setError(e);
        return undefined;
      }
    },
    [reload],
  );

  const question = asking && (
    <ConfirmDialog
      title="Site Bindings"
      defaultButton="yes"
      onYes={() => asking.answer(true)}
      onNo={() => asking.answer(false)}
    >
      {asking.message.split('\n').map((line) => (
        <p key={line}>{line}</p>
      ))}
    </ConfirmDialog>
  );

  return { run, error, clearError: () => setError(undefined), question, warnings, reload };
}

/** The error of the last write, in the dialog that made it; a stale ETag offers Reload. */
export function WriteError({ writer }: { writer: SiteWriter }) {
  if (writer.error === undefined) return null;
  const stale = writer.error instanceof ApiRequestError && writer.error.status === 412;
  return (
    <div role="alert" className="alert error">
      {errorMessage(writer.error)}
      {stale && (
        <>
          {' '}
          <Button className="button small" onPress={writer.reload}>
            Reload
          </Button>
        </>
      )}
    </div>
  );
}
