import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StateServicePatch, StateServiceResponse, TestStoreResponse } from '@iis-console/contracts';
import { apiRequest } from '../../api/client';
import {
  controlStateService,
  getStateService,
  patchStateService,
  queryKeys,
  type ServiceCommand,
} from '../../api/endpoints';

const isPending = (s: StateServiceResponse | null | undefined) =>
  s?.status === 'StartPending' || s?.status === 'StopPending';

/** GET /api/services/aspnet_state (null: the server has no service API), polled while starting or stopping. */
export function useStateService(enabled = true) {
  return useQuery({
    queryKey: queryKeys.stateService,
    queryFn: getStateService,
    enabled,
    refetchInterval: (query) => (isPending(query.state.data) ? 750 : false),
  });
}

function isServiceResponse(value: unknown): value is StateServiceResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'startupType' in value;
}

/** Start / Stop / Restart and settings; the answer (or a re-read) updates every view of the service. */
export function useStateServiceMutations() {
  const queryClient = useQueryClient();
  const settle = async (result: unknown) => {
    if (isServiceResponse(result)) queryClient.setQueryData(queryKeys.stateService, result);
    await queryClient.invalidateQueries({ queryKey: queryKeys.stateService });
  };
  const control = useMutation({
    mutationFn: (command: ServiceCommand) => controlStateService(command),
    onSuccess: settle,
  });
  const update = useMutation({
    mutationFn: (body: StateServicePatch) => patchStateService(body),
    onSuccess: settle,
  });
  return { control, update };
}

/** POST /api/state-server/test-store: can the store in the box be reached (from the console's host)? */
export function testStore(store: string): Promise<TestStoreResponse> {
  return apiRequest<TestStoreResponse>('/api/state-server/test-store', {
    method: 'POST',
    body: { store },
  }).then((r) => r.data);
}
