import { z } from 'zod';
import { isValidDateOnly } from '../dates.ts';
import { jsonReply, type Reply } from '../http-io.ts';

/** Chorus Pro's backend is lenient on JSON types the way Jackson is: numeric strings pass as ids, "true" as a boolean. */
export const idSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
export const boolSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
export const dateOnlySchema = z.string().refine(isValidDateOnly, { message: 'expected a date YYYY-MM-DD' });
export const positiveIntSchema = idSchema.pipe(z.number().int().min(1));

export function badRequest(libelle: string): Reply {
  return jsonReply(400, { codeRetour: 400, libelle });
}

/** Functional refusal (unknown invoice...): HTTP 400 with a non-zero codeRetour, as the GO client expects. */
export function businessError(codeRetour: number, libelle: string): Reply {
  return jsonReply(400, { codeRetour, libelle });
}

export const NO_RESULT = { codeRetour: 20000, libelle: 'TRA_MSG_00.015' } as const;
export const UNKNOWN_INVOICE_LIBELLE = "GDP_MSG_11.008 La demande de paiement n'existe pas ou n'est pas accessible.";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  const details = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(corps)'} : ${issue.message}`)
    .join(' ; ');
  return { ok: false, reply: badRequest(`Requête invalide - ${details}`) };
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  size: number;
  total: number;
}

export function paginate<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.ceil(items.length / size);
  return { items: items.slice((page - 1) * size, page * size), page, pages, size, total: items.length };
}
