const TICKS_AT_UNIX_EPOCH = 621355968000000000n;

/**
 * A moment as .NET `DateTime.Ticks` (100 ns units since 0001-01-01) in the server's local time zone,
 * which is how Microsoft's server writes `LockDate` (docs/state-protocol.md §4.4).
 */
export function localDotNetTicks(epochMs: number): bigint {
  const offsetMinutes = new Date(epochMs).getTimezoneOffset();
  return BigInt(Math.floor(epochMs) - offsetMinutes * 60000) * 10000n + TICKS_AT_UNIX_EPOCH;
}
