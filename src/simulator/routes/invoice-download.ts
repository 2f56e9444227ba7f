import { z } from 'zod';
import { pdfFile, pivotFile } from '../download-files.ts';
import { JSON_CONTENT_TYPE, jsonReply } from '../http-io.ts';
import type { Invoice } from '../model.ts';
import { base64Source } from '../stream/base64-stream.ts';
import { concatSources, limitSource, type ByteSource } from '../stream/byte-source.ts';
import type { RouteHandler } from './context.ts';
import { badRequest, businessError, idSchema, parseRequest, UNKNOWN_INVOICE_LIBELLE } from './validation.ts';

/** `POST /cpro/factures/v1/telecharger/groupe` (API-REFERENCE.md §2.3), answered as a stream. */

/** "The downloaded file must not exceed the maximum size of a billing file (120 MB)". */
export const DEFAULT_MAX_RESULT_BYTES = 120 * 1024 * 1024;

const downloadSchema = z.object({
  format: z.string(),
  avecPiecesJointesComplementaires: z.union([z.string(), z.boolean()]).nullish(),
  listeFacture: z.array(z.object({ idFacture: idSchema })).min(1),
  idEspace: idSchema.nullish(),
  idUtilisateurCourant: idSchema.nullish(),
});

const PREFIX = '{"codeRetour":0,"libelle":"CODE PAR DEFAUT","fichierResultat":"';
const SUFFIX = '"}';

/** Cuts the base64 text to about 60% and to a length that is not a multiple of 4, so a decoder can notice. */
function truncatedLength(base64Length: number): number {
  let length = Math.max(1, Math.floor(base64Length * 0.6));
  if (length % 4 === 0) length -= 1;
  return length;
}

export const downloadInvoiceGroup: RouteHandler = (context) => {
  const parsed = parseRequest(downloadSchema, context.body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  if (request.format !== 'PIVOT' && request.format !== 'PDF') {
    return badRequest(`format : valeur ${JSON.stringify(request.format)} invalide, valeurs possibles PDF, PIVOT`);
  }
  const invoices: Invoice[] = [];
  for (const { idFacture } of request.listeFacture) {
    const invoice = context.state.get(idFacture);
    if (!invoice) return businessError(20001, `${UNKNOWN_INVOICE_LIBELLE} (idFacture ${idFacture})`);
    if (!invoices.includes(invoice)) invoices.push(invoice);
  }

  const fault = context.faults.drawDownloadFault();
  const malformed = fault.malformed && request.format === 'PIVOT';
  const complements = request.avecPiecesJointesComplementaires;
  const withComplements =
    complements === true || (typeof complements === 'string' && complements.toUpperCase() === 'OUI');
  const file: ByteSource =
    request.format === 'PIVOT'
      ? pivotFile(invoices, context.faults, malformed)
      : pdfFile(invoices, context.faults, withComplements).file;

  if (file.size > context.maxResultBytes) {
    context.state.recordFault('payload-too-large');
    return jsonReply(413, {
      codeRetour: 413,
      libelle: `Le fichier résultat (${file.size} octets) dépasse la taille maximale autorisée de ${context.maxResultBytes} octets.`,
    });
  }

  const now = new Date();
  for (const invoice of invoices) context.state.markDownloaded(invoice, now);
  if (malformed) context.state.recordFault('malformed');
  let encoded = base64Source(file);
  if (fault.truncated) {
    context.state.recordFault('truncated');
    encoded = limitSource(encoded, truncatedLength(encoded.size));
  }
  return {
    status: 200,
    headers: { 'Content-Type': JSON_CONTENT_TYPE },
    body: concatSources([PREFIX, encoded, SUFFIX]),
  };
};
