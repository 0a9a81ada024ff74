/** Error classification for the MongoDB adapter, by name so a second copy of the driver still matches. */

const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoServerClosedError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoWaitQueueTimeoutError',
]);

/** Server codes that mean "no usable primary right now" (failover, shutdown), not a bad request. */
const UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

interface MaybeMongoError {
  name?: string;
  code?: unknown;
  message?: string;
}

/** True when the database cannot be reached (or is failing over): the caller should retry later. */
export function isUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const err = e as MaybeMongoError;
  if (err.name && UNAVAILABLE_NAMES.has(err.name)) return true;
  if (typeof err.code === 'number' && UNAVAILABLE_CODES.has(err.code)) return true;
  // mongoose's own messages when there is no usable connection
  return /buffering timed out|before initial connection is complete|Connection was force closed/.test(err.message ?? '');
}

/** E11000: an insert or upsert hit a unique index. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as MaybeMongoError).code === 11000;
}
