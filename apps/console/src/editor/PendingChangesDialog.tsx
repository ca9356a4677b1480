import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { QueryKey } from '@tanstack/react-query';
import type { SessionStatePreviewResponse } from '@iis-console/contracts';
import { errorMessage } from '../api/client';
import { DiffView } from '../components/DiffView';
import { DialogButtons, ModalDialog } from '../components/ModalDialog';

/** "View changes": the exact change Apply would make to each file (a preview; nothing is written). */
export function PendingChangesDialog({
  previewKey,
  load,
  onClose,
}: {
  /** Identifies the change previewed (the page's query key, ETag and body). */
  previewKey: QueryKey;
  /** The server's preview of the change: the unified diff per file. */
  load(): Promise<SessionStatePreviewResponse>;
  onClose(): void;
}) {
  const preview = useQuery({
    queryKey: ['preview', ...previewKey],
    queryFn: load,
    gcTime: 0,
    retry: false,
  });
  return (
    <ModalDialog title="Pending changes" isOpen onClose={onClose} isDismissable className="wide">
      {preview.isPending && <p>Computing the changes…</p>}
      {preview.isError && (
        <p role="alert" className="error-text">
          {errorMessage(preview.error)}
        </p>
      )}
      {preview.data && !preview.data.changed && <p>Apply would not change any file.</p>}
      {preview.data?.files.map((f) => (
        <section key={f.file} className="diff-file">
          <h3 className="diff-file-name">{f.file}</h3>
          <DiffView diff={f.diff} />
        </section>
      ))}
      <DialogButtons>
        <Button className="button" autoFocus onPress={onClose}>
          Close
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
