export { ChorusClient, type ChorusClientOptions } from './client.ts';
export {
  PISTE_ENVIRONMENTS,
  resolveEnvironment,
  type ChorusEnvironment,
  type ResolvedEnvironment,
} from './environments.ts';
export { ChorusError, CHORUS_ERROR_KINDS, isChorusError, type ChorusErrorKind } from './errors.ts';
export { DEFAULT_TIMEOUTS, type ChorusTimeouts } from './http-client.ts';
export { DEFAULT_MAX_DOWNLOAD_BYTES, type DownloadOptions, type DownloadResult } from './download-pivot.ts';
export { DEFAULT_PAGE_SIZE } from './search-invoices.ts';
export { DEFAULT_SEARCH_SORT, type SearchSort } from './search-wire.ts';
export type * from './types.ts';
