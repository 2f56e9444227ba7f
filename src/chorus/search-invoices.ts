/** Pages through rechercherFactureParRecipiendaire and yields every matching invoice once. */
import { businessError } from './http-failures.ts';
import {
  buildSearchBody,
  NO_RESULT_CODE,
  pagingOf,
  SEARCH_PATH,
  searchAnswerSchema,
  toInvoiceRef,
  type SearchSort,
} from './search-wire.ts';
import { invalidAnswer, type ChorusCall, type ChorusTransport } from './transport.ts';
import type { InvoiceRef, ReceivedInvoiceFilter } from './types.ts';

/** Chorus Pro's own default is 10 per page (OCA #650); 100 keeps calls few and answers small. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;
/** A server that ignores the page number must not make the loop endless. */
const MAX_PAGES = 100_000;

export function checkPageSize(pageSize: number): number {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new TypeError(
      `Chorus Pro client: pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(pageSize)}`,
    );
  }
  return pageSize;
}

/**
 * Several statuses are searched one after the other with a single `statutCourant` each: the official example sends
 * one string, and one status per search works whichever form the server expects. An invoice met twice (a status
 * change between two searches, or pages shifting) is yielded once.
 *
 * With a `limit`, the search stops after that many invoices and returns whether more may follow (always true when
 * statuses remain to be searched); without one it returns false at the end.
 *
 * Pages are read lazily. With `downloaded: false`, invoices downloaded while the search runs drop out of the result
 * and the later pages shift, so some invoices may only show up in the next search; callers that download should read
 * the whole search first (or rely on the next poll's overlapping window).
 */
export async function* searchReceivedInvoices(
  transport: ChorusTransport,
  filter: ReceivedInvoiceFilter,
  pageSize: number,
  sort: SearchSort,
  skip = 0,
  limit = Infinity,
): AsyncGenerator<InvoiceRef, boolean, undefined> {
  checkPageSize(pageSize);
  if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit < 1))
    throw new TypeError(`Chorus Pro client: limit must be a positive integer, got ${String(limit)}`);
  // Builds (and so validates) the request once before the first call, so a bad filter fails without any I/O.
  buildSearchBody(filter, undefined, 1, pageSize, sort);
  const statuses: (string | undefined)[] = filter.statuses?.length ? [...new Set(filter.statuses)] : [undefined];
  const seen = new Set<number>();
  // One search: the pages before `skip` are not requested. Several (one per status): skipped results are read.
  const onePass = statuses.length === 1;
  let toPass = onePass ? skip % pageSize : skip;
  let yielded = 0;

  for (const [statusIndex, status] of statuses.entries()) {
    for (let page = onePass ? Math.floor(skip / pageSize) + 1 : 1; ; page++) {
      const call: ChorusCall = {
        operation: 'searchReceivedInvoices',
        action: `searching received invoices (page ${page}${status ? `, status ${status}` : ''})`,
        path: SEARCH_PATH,
        body: buildSearchBody(filter, status, page, pageSize, sort),
      };
      const ctx = transport.contextOf(call);
      if (page > MAX_PAGES) throw invalidAnswer(ctx, `more than ${MAX_PAGES} pages: the server seems to ignore paging`);
      const { json, envelope } = await transport.postJsonRaw(call);
      if (envelope.codeRetour === NO_RESULT_CODE) break;
      if (envelope.codeRetour !== undefined && envelope.codeRetour !== 0) {
        throw businessError(envelope.codeRetour, envelope.libelle, ctx, 200);
      }
      const answer = transport.validate(json, searchAnswerSchema, ctx);
      const items = answer.listeFactures;
      const { pages } = pagingOf(answer);
      // Without paging fields (PASTELL would fail here), a short page is the last.
      const laterPages = pages !== undefined ? page < pages : items.length >= pageSize;
      let fresh = 0;
      for (const [index, item] of items.entries()) {
        if (seen.has(item.idFacture)) continue;
        seen.add(item.idFacture);
        fresh++;
        if (toPass > 0) {
          toPass--;
          continue;
        }
        yield toInvoiceRef(item);
        // At the limit, whether more follow is told by this page and the paging, not by another call.
        if (++yielded >= limit) {
          return (
            items.slice(index + 1).some((later) => !seen.has(later.idFacture)) ||
            laterPages ||
            statusIndex < statuses.length - 1
          );
        }
      }
      if (items.length === 0 || !laterPages || (pages === undefined && fresh === 0)) break;
    }
  }
  return false;
}
