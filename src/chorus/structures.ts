/** rechercherStructure by SIRET → the structure's Chorus Pro id (API-REFERENCE §2.7). */
import { z } from 'zod';
import { ChorusError } from './errors.ts';
import { businessError } from './http-failures.ts';
import type { ChorusCall, ChorusTransport } from './transport.ts';
import type { Structure } from './types.ts';
import { opt, wireInt, wireList, wireText } from './wire-values.ts';

export const STRUCTURE_SEARCH_PATH = '/cpro/structures/v1/rechercher';
const NO_RESULT_CODE = 20000;

const structureItemSchema = z.object({
  idStructureCPP: wireInt,
  identifiantStructure: opt(wireText),
  designationStructure: opt(wireText),
  raisonSociale: opt(wireText),
  statut: opt(wireText),
});

const structureAnswerSchema = z.object({ listeStructures: wireList(structureItemSchema) });

export function normalizeSiret(siret: string): string {
  const compact = String(siret).replace(/\s+/g, '');
  if (!/^\d{14}$/.test(compact)) {
    throw new TypeError(`findStructureBySiret: a SIRET has 14 digits, got ${JSON.stringify(siret)}`);
  }
  return compact;
}

export async function findStructureBySiret(transport: ChorusTransport, siret: string): Promise<Structure> {
  const wanted = normalizeSiret(siret);
  const call: ChorusCall = {
    operation: 'findStructureBySiret',
    action: `looking up the structure with SIRET ${wanted}`,
    path: STRUCTURE_SEARCH_PATH,
    body: { structure: { identifiantStructure: wanted, typeIdentifiantStructure: 'SIRET' } },
  };
  const ctx = transport.contextOf(call);
  const { json, envelope } = await transport.postJsonRaw(call);
  const notFound = () =>
    new ChorusError({
      kind: 'business',
      code: envelope.codeRetour,
      operation: call.operation,
      message:
        `No Chorus Pro structure has the SIRET ${wanted}. Check the SIRET of the recipient, and that the structure ` +
        'exists on Chorus Pro in this environment (qualification and production have different structures).',
    });
  if (envelope.codeRetour === NO_RESULT_CODE) throw notFound();
  if (envelope.codeRetour !== undefined && envelope.codeRetour !== 0) {
    throw businessError(envelope.codeRetour, envelope.libelle, ctx, 200);
  }
  const answer = transport.validate(json, structureAnswerSchema, ctx);
  const list = answer.listeStructures;
  // The search may match more loosely than the exact SIRET: only an exact match counts (or a lone answer without one).
  const only = list.length === 1 && list[0]?.identifiantStructure === undefined ? list[0] : undefined;
  const match = list.find((s) => s.identifiantStructure?.replace(/\s+/g, '') === wanted) ?? only;
  if (!match) throw notFound();
  return {
    structureId: match.idStructureCPP,
    siret: match.identifiantStructure ?? wanted,
    name: match.designationStructure ?? match.raisonSociale ?? '',
    status: match.statut ?? '',
  };
}
