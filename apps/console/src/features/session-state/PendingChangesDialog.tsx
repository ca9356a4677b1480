import { useQuery } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import type { SessionStatePatch } from '@iis-console/contracts';
import { errorMessage } from '../../api/client';
import { previewSessionState } from '../../api/endpoints';
import { DiffView } from '../../components/DiffView';
import { DialogButtons, ModalDialog } from '../../components/ModalDialog';

/** "View changes": the exact change Apply would make to each file (a preview; nothing is written). */
export function PendingChangesDialog({
  path,
  body,
  etag,
  onClose,
}: {
  path: string;
  body: SessionStatePatch;
  etag: string;
  onClose(): void;
}) {
  const preview = useQuery({
    queryKey: ['session-state-preview', path.toLowerCase(), etag, body],
    queryFn: () => previewSessionState(path, body, etag),
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
