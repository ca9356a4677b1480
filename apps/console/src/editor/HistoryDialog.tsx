import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { errorMessage } from '../api/client';
import { getHistory, getHistoryEntry, queryKeys, rollBack } from '../api/endpoints';
import { DiffView } from '../components/DiffView';
import { DialogButtons, ModalDialog } from '../components/ModalDialog';

function when(time: string): string {
  const d = new Date(time);
  return Number.isNaN(d.getTime()) ? time : d.toLocaleString();
}

/**
 * "View history": the saved versions (inetpub/history/CFGHISTORY_…), newest first; the difference of
 * each saved file against the current file; and "Roll back" to put a version back.
 */
export function HistoryDialog({ canWrite, onClose }: { canWrite: boolean; onClose(): void }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const list = useQuery({ queryKey: queryKeys.history, queryFn: getHistory });
  const entry = useQuery({
    queryKey: queryKeys.historyEntry(selected ?? ''),
    queryFn: () => getHistoryEntry(selected ?? ''),
    enabled: selected !== null,
  });
  const rollback = useMutation({
    mutationFn: (id: string) => rollBack(id),
    onSuccess: async (r, id) => {
      setResult(`Rolled back to ${id}: ${r.files.join(', ') || 'no file changed'}.`);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.sessionStateAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.sectionAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.overviewAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.history }),
      ]);
    },
  });

  return (
    <ModalDialog title="Configuration history" isOpen onClose={onClose} isDismissable className="wide">
      {list.isPending && <p>Loading…</p>}
      {list.isError && (
        <p role="alert" className="error-text">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data && list.data.items.length === 0 && <p>No configuration change has been saved yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="history">
          <table className="grid history-list" aria-label="Saved versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">User</th>
                <th scope="col">Files</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr
                  key={item.id}
                  aria-selected={item.id === selected}
                  className={item.id === selected ? 'selected' : ''}
                >
                  <td>
                    <Button className="link-button" onPress={() => setSelected(item.id)}>
                      {item.id}
                    </Button>
                  </td>
                  <td>{when(item.time)}</td>
                  <td>{item.user ?? ''}</td>
                  <td>{item.files.map((f) => f.path).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected && (
            <section className="history-detail" aria-label={`Version ${selected}`}>
              <p>Differences between the current files and version {selected}:</p>
              {entry.isPending && <p>Loading…</p>}
              {entry.isError && (
                <p role="alert" className="error-text">
                  {errorMessage(entry.error)}
                </p>
              )}
              {entry.data?.files.map((f) => (
                <div key={f.file} className="diff-file">
                  <h3 className="diff-file-name">{f.file}</h3>
                  <DiffView diff={f.diff} />
                </div>
              ))}
              <p className="field-description">
                Roll back puts version {selected} back; the current files are saved to history first, so it
                can be undone the same way.
              </p>
              <Button
                className="button primary"
                isDisabled={!canWrite || rollback.isPending}
                onPress={() => rollback.mutate(selected)}
              >
                Roll back
              </Button>
            </section>
          )}
        </div>
      )}
      {result && (
        <p role="status" className="success-text">
          {result}
        </p>
      )}
      {rollback.isError && (
        <p role="alert" className="error-text">
          {errorMessage(rollback.error)}
        </p>
      )}
      <DialogButtons>
        <Button className="button" onPress={onClose}>
          Close
        </Button>
      </DialogButtons>
    </ModalDialog>
  );
}
