/**
 * zod building blocks for Chorus Pro answers. Sources disagree on whether ids and amounts are JSON numbers or numeric
 * strings (official examples use numbers, PASTELL fixtures strings), and most fields may be absent or null, so the
 * schemas accept both and normalise.
 */
import { z } from 'zod';

const NUMERIC = /^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/;
const INTEGER = /^\s*-?\d+\s*$/;

/** A number given as a JSON number or a numeric string. */
export const wireNumber = z
  .union([z.number(), z.string().regex(NUMERIC, 'expected a number')])
  .transform((v) => (typeof v === 'number' ? v : Number(v)))
  .pipe(z.number().finite());

/** An integer id given as a JSON number or a string of digits. */
export const wireInt = z
  .union([z.number(), z.string().regex(INTEGER, 'expected an integer')])
  .transform((v) => (typeof v === 'number' ? v : Number(v)))
  .pipe(z.number().int());

/** Text that some sources give as a number (SIRET-like codes, service codes). */
export const wireText = z.union([z.string(), z.number()]).transform((v) => String(v));

/** A boolean, also as `"true"`/`"false"` or `"OUI"`/`"NON"`. */
export const wireBool = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === 'oui') return true;
  if (s === 'false' || s === 'non') return false;
  ctx.addIssue({ code: 'custom', message: 'expected a boolean' });
  return z.NEVER;
});

/** Optional in the loosest sense: absent or null both become undefined. */
export function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => v ?? undefined);
}

/** A list that may be absent, null, or (Java XML-to-JSON style) a single object instead of an array. */
export function wireList<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), item])
    .nullish()
    .transform((v): z.output<T>[] => {
      if (v === null || v === undefined) return [];
      return Array.isArray(v) ? v : [v];
    });
}

/** The envelope every Chorus Pro answer shares. */
export const envelopeSchema = z.object({
  codeRetour: opt(wireInt),
  libelle: opt(wireText),
});

/** Formats zod issues as `path: message` without values (answers may carry personal data). */
export function describeIssues(error: z.ZodError, max = 5): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (error.issues.length > max) parts.push(`… ${error.issues.length - max} more`);
  return parts.join('; ');
}
