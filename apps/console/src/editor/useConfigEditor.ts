// The one editing state machine of every feature page: load (with the ETag), edit (dirty tracking
// against what was loaded), preview (the server's diff), apply / cancel, revert one value to the parent,
// a stale ETag (412: nothing written, offer Reload), leaving with unsaved changes (Yes / No / Cancel),
// history, and read-only (a lock, a level nothing can be written at, a reader). Pages are forms on top
// of it: they say how a response becomes form values and how form values become a change.
//
//   loading ─► ready ─(edit)─► dirty ─(Apply)─► saving ─► ready (saved)
//                 ▲              │  └─(412)─► stale ─(Reload)─► ready
//                 └──(Cancel)────┘  └─(400/409)─► dirty with the server's errors

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { FieldError, SessionStatePreviewResponse } from '@iis-console/contracts';
import { ApiRequestError, errorMessage } from '../api/client';
import { queryKeys } from '../api/endpoints';
import { useCanWrite } from '../auth/AuthContext';
import { useNavigationBlocker } from '../routing/RouterContext';

export const SAVED_MESSAGE = 'The changes have been successfully saved.';
export const STALE_MESSAGE =
  'The configuration was changed by someone else since this page was loaded. Nothing was written. Reload to see the current configuration.';

/** What every configuration response of the API carries. */
export interface EditableResponse {
  etag: string;
  /** Why nothing can be written at this level, or null. */
  readOnly: string | null;
  target: unknown;
  sectionLocked: boolean;
}

/** The change a page would apply now. */
export interface PendingEdit<B> {
  /** Something differs from what was loaded. */
  dirty: boolean;
  /** The body of the write (PATCH). */
  body: B;
  /** Values refused before anything is sent (the shared validator's messages). */
  errors: FieldError[];
}

/** How a page's form maps to its API. */
export interface EditorSpec<R extends EditableResponse, V, B> {
  /** The read's React Query key (the shell's prefetch uses the same key). */
  queryKey: QueryKey;
  /** The read. */
  load(signal: AbortSignal): Promise<R>;
  /** How long a read stays fresh (a prefetch just before the page mounts is used as it is). */
  staleTime?: number;
  /** The write: returns the new state. */
  patch(body: B, etag: string): Promise<R>;
  /** What the write would change in each file (nothing written). */
  preview(body: B, etag: string): Promise<SessionStatePreviewResponse>;
  /** The form values of a response (what the page shows as loaded). */
  loaded(response: R): V;
  /** The pending change of the form. */
  pending(response: R, loaded: V, values: V): PendingEdit<B>;
  /**
   * After the configuration was re-read (a revert, a rollback): untouched values follow the new
   * ones, edits stay. Default: the new values (edits are dropped).
   */
  rebase?(oldLoaded: V, values: V, newLoaded: V): V;
  /** The write that reverts one value to the parent's. */
  revertBody?(field: string): B;
  /** Also read-only (beyond `readOnly`, no target and a section lock). */
  isReadOnly?(response: R): boolean;
}

interface FormState<V> {
  etag: string;
  loaded: V;
  values: V;
}

type Dialog = 'preview' | 'history' | null;

export interface ConfigEditor<R extends EditableResponse, V, B> {
  status: 'loading' | 'error' | 'ready';
  /** The read's error (`status === 'error'`). */
  error: Error | null;
  data: R | undefined;
  loaded: V | undefined;
  values: V | undefined;
  pending: PendingEdit<B> | undefined;
  /** Changes the form; `touched` names the values changed (their server errors are cleared). */
  update(change: (values: V) => V, touched?: readonly string[]): void;
  /** Nothing can be written here (a lock, the level, a reader). */
  readOnly: boolean;
  /** The level can be written and the user may write. */
  editable: boolean;
  canWrite: boolean;
  dirty: boolean;
  canApply: boolean;
  busy: boolean;
  /** The last write was refused with 412: offer Reload. */
  stale: boolean;
  /** The confirmation of the last write, or null. */
  saved: string | null;
  /** A refused write's message that belongs to no field. */
  writeError: string | null;
  /** Field errors of the last refused write. */
  serverErrors: FieldError[];
  /** Apply: one write with the pending change and the ETag of the last read; true when saved. */
  apply(): Promise<boolean>;
  /** Cancel (and Reload after a conflict): drops the edits and reads the configuration again. */
  cancel(): Promise<void>;
  /** Revert one value to the parent: a write of its own, at once. */
  revert(field: string): Promise<boolean>;
  /** Any other immediate write (a lock): `write` receives the ETag; its answer becomes the state. */
  writeNow(write: (etag: string) => Promise<R>): Promise<boolean>;
  dialog: Dialog;
  openDialog(dialog: Exclude<Dialog, null>): void;
  closeDialog(): void;
  /** For `PendingChangesDialog`: the key and the request of the preview of the pending change. */
  previewKey: QueryKey;
  loadPreview(): Promise<SessionStatePreviewResponse>;
}

function fresh<R extends EditableResponse, V>(spec: EditorSpec<R, V, unknown>, r: R): FormState<V> {
  const loaded = spec.loaded(r);
  return { etag: r.etag, loaded, values: loaded };
}

export function useConfigEditor<R extends EditableResponse, V, B>(
  spec: EditorSpec<R, V, B>,
): ConfigEditor<R, V, B> {
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const query = useQuery({
    queryKey: spec.queryKey,
    queryFn: ({ signal }) => spec.load(signal),
    staleTime: spec.staleTime ?? 0,
  });
  const data = query.data;
  const [form, setForm] = useState<FormState<V> | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [writeError, setWriteError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const anySpec = spec as EditorSpec<R, V, unknown>;

  // First read, or the configuration was re-read (a revert, a rollback, a refetch): rebase the form.
  let current = form;
  if (data && (current === null || current.etag !== data.etag)) {
    if (current === null) current = fresh(anySpec, data);
    else {
      const loaded = spec.loaded(data);
      current = {
        etag: data.etag,
        loaded,
        values: spec.rebase ? spec.rebase(current.loaded, current.values, loaded) : loaded,
      };
    }
    setForm(current);
  }

  const readOnly = data
    ? data.readOnly !== null ||
      data.target === null ||
      data.sectionLocked ||
      (spec.isReadOnly?.(data) ?? false)
    : true;
  const editable = !readOnly && canWrite;
  const pending = data && current ? spec.pending(data, current.loaded, current.values) : undefined;
  const dirty = editable && (pending?.dirty ?? false);
  const valid = (pending?.errors.length ?? 0) === 0;
  const canApply = dirty && valid && !busy;

  const write = useMutation({
    mutationFn: (run: () => Promise<R>) => run(),
  });

  /** The write's answer is the new state; other levels, pages and the history may have changed too. */
  const afterWrite = (next: R) => {
    const own = spec.queryKey;
    queryClient.setQueryData(own, next);
    const ownText = JSON.stringify(own);
    const others = (q: { queryKey: QueryKey }) => JSON.stringify(q.queryKey) !== ownText;
    for (const prefix of [queryKeys.sessionStateAll, queryKeys.sectionAll, queryKeys.overviewAll]) {
      void queryClient.invalidateQueries({ queryKey: prefix, predicate: others });
    }
    void queryClient.invalidateQueries({ queryKey: queryKeys.history });
  };

  const showWriteError = (e: unknown) => {
    if (e instanceof ApiRequestError && e.status === 412) {
      setStale(true);
      return;
    }
    if (e instanceof ApiRequestError && e.errors.length > 0) {
      setServerErrors(e.errors);
      setWriteError(null);
      return;
    }
    setWriteError(errorMessage(e));
  };

  const update = (change: (values: V) => V, touched: readonly string[] = []) => {
    setForm((f) => (f ? { ...f, values: change(f.values) } : f));
    if (touched.length > 0) setServerErrors((errors) => errors.filter((e) => !touched.includes(e.attribute)));
    setSaved(null);
    setWriteError(null);
  };

  const apply = async (): Promise<boolean> => {
    if (!dirty || !data || !pending) return true;
    if (!valid || busy) return false;
    setBusy(true);
    setWriteError(null);
    setStale(false);
    setSaved(null);
    try {
      const next = await write.mutateAsync(() => spec.patch(pending.body, data.etag));
      afterWrite(next);
      setForm(fresh(anySpec, next));
      setServerErrors([]);
      setSaved(SAVED_MESSAGE);
      return true;
    } catch (e) {
      showWriteError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setBusy(true);
    try {
      const result = await query.refetch();
      const next = result.data ?? data;
      if (next) setForm(fresh(anySpec, next));
      setServerErrors([]);
      setWriteError(null);
      setStale(false);
      setSaved(null);
    } finally {
      setBusy(false);
    }
  };

  const writeNow = async (run: (etag: string) => Promise<R>): Promise<boolean> => {
    if (!data) return false;
    setBusy(true);
    setWriteError(null);
    setSaved(null);
    try {
      const next = await write.mutateAsync(() => run(data.etag));
      afterWrite(next);
      setSaved(SAVED_MESSAGE);
      return true;
    } catch (e) {
      showWriteError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const revert = (field: string): Promise<boolean> => {
    const body = spec.revertBody?.(field);
    if (body === undefined) return Promise.resolve(false);
    return writeNow((etag) => spec.patch(body, etag));
  };

  useNavigationBlocker(dirty ? { save: apply } : null);

  return {
    status: data && current ? 'ready' : query.isError ? 'error' : 'loading',
    error: query.error,
    data,
    loaded: current?.loaded,
    values: current?.values,
    pending,
    update,
    readOnly,
    editable,
    canWrite,
    dirty,
    canApply,
    busy,
    stale,
    saved,
    writeError,
    serverErrors,
    apply,
    cancel,
    revert,
    writeNow,
    dialog,
    openDialog: setDialog,
    closeDialog: () => setDialog(null),
    previewKey: [...spec.queryKey, data?.etag ?? '', pending?.body ?? null],
    loadPreview: () =>
      data && pending ? spec.preview(pending.body, data.etag) : Promise.reject(new Error('Nothing loaded.')),
  };
}
