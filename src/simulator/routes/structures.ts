import { z } from 'zod';
import { jsonReply } from '../http-io.ts';
import type { RouteHandler } from './context.ts';
import { idSchema, NO_RESULT, paginate, parseRequest, positiveIntSchema } from './validation.ts';

/** `structures/v1/rechercher`, `structures/v1/rechercher/services` and `transverses/v1/recuperer/structures/actives/destinataire` (§2.7). */

const searchSchema = z.object({
  structure: z
    .object({
      identifiantStructure: z.string().nullish(),
      typeIdentifiantStructure: z.string().nullish(),
      libelleStructure: z.string().nullish(),
    })
    .nullish(),
  restreindreStructuresPrivees: z.union([z.string(), z.boolean()]).nullish(),
  parametres: z
    .object({ nbResultatsParPage: positiveIntSchema.nullish(), pageResultatDemandee: positiveIntSchema.nullish() })
    .nullish(),
});

export const searchStructures: RouteHandler = (context) => {
  const parsed = parseRequest(searchSchema, context.body);
  if (!parsed.ok) return parsed.reply;
  const { structure, parametres } = parsed.value;
  const { recipients, suppliers } = context.state.dataset;
  const all = [
    ...recipients.map((r) => ({
      idStructureCPP: r.idStructureCPP,
      identifiantStructure: r.siret,
      designationStructure: r.name,
    })),
    ...suppliers.map((s) => ({
      idStructureCPP: s.idStructureCPP,
      identifiantStructure: s.siret,
      designationStructure: s.name,
    })),
  ];
  const id = structure?.identifiantStructure?.trim();
  const label = structure?.libelleStructure?.toLowerCase();
  const matches = all.filter(
    (s) => (!id || s.identifiantStructure === id) && (!label || s.designationStructure.toLowerCase().includes(label)),
  );
  if (matches.length === 0) return jsonReply(200, { ...NO_RESULT, listeStructures: [] });
  const page = paginate(matches, parametres?.pageResultatDemandee ?? 1, parametres?.nbResultatsParPage ?? 10);
  return jsonReply(200, {
    codeRetour: 0,
    libelle: 'TRA_MSG_00.000',
    listeStructures: page.items.map((s) => ({ ...s, typeIdentifiantStructure: 'SIRET', statut: 'ACTIVE' })),
    parametresRetour: { nbResultatsParPage: page.size, pageCourante: page.page, pages: page.pages, total: page.total },
  });
};

const servicesSchema = z.object({
  idStructure: idSchema,
  parametresRechercherServicesStructure: z
    .object({ nbResultatsParPage: positiveIntSchema.nullish(), pageResultatDemandee: positiveIntSchema.nullish() })
    .nullish(),
});

export const searchStructureServices: RouteHandler = (context) => {
  const parsed = parseRequest(servicesSchema, context.body);
  if (!parsed.ok) return parsed.reply;
  const recipient = context.state.dataset.recipients.find((r) => r.idStructureCPP === parsed.value.idStructure);
  if (!recipient) return jsonReply(200, { ...NO_RESULT, listeServices: [] });
  const paging = parsed.value.parametresRechercherServicesStructure;
  const page = paginate(recipient.services, paging?.pageResultatDemandee ?? 1, paging?.nbResultatsParPage ?? 10);
  return jsonReply(200, {
    codeRetour: 0,
    libelle: 'TRA_MSG_00.000',
    listeServices: page.items.map((service) => ({
      codeService: service.code,
      dateDbtService: '2019-01-01 00:00',
      dateFinService: '2050-12-31 00:00',
      estActif: true,
      idService: service.idService,
      libelleService: service.name,
    })),
    parametresRetour: { nbResultatsParPage: page.size, pageCourante: page.page, pages: page.pages, total: page.total },
  });
};

export const activeRecipientStructures: RouteHandler = (context) =>
  jsonReply(200, {
    codeRetour: 0,
    libelle: 'TRA_MSG_00.000',
    listeStructures: context.state.dataset.recipients.map((r) => ({
      designationStructure: r.name,
      idStructureCPP: r.idStructureCPP,
      identifiant: r.siret,
    })),
  });
