import { z } from 'zod';

/** Lower-case id used in schedule ids, workflow ids and folder names, so it must be safe in all three. */
const gatewayId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'use 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit',
  );

const siret = z.string().regex(/^\d{14}$/, 'a SIRET has exactly 14 digits');

export const RecipientSchema = z.strictObject({
  /** The receiving structure; its Chorus Pro id is looked up from it unless `structureId` is given. */
  siret,
  structureId: z.number().int().positive().optional(),
  /** Only invoices addressed to this service (Chorus Pro service id). */
  serviceId: z.number().int().positive().optional(),
  /** Chorus Pro statuses to fetch, e.g. MISE_A_DISPOSITION; all when absent. */
  statuses: z.array(z.string().regex(/^[A-Z0-9_]+$/, 'a Chorus Pro status such as MISE_A_DISPOSITION')).optional(),
  invoiceTypes: z.array(z.enum(['FACTURE', 'AVOIR', 'ACOMPTE'])).optional(),
  /** Chorus Pro structure ids of the suppliers to fetch from; all when absent. */
  supplierIds: z.array(z.number().int().positive()).optional(),
  /**
   * Leave out invoices someone already downloaded (on the portal, or another tool). Off by default: the gateway's
   * own dedupe decides what was delivered, so a re-created gateway fetches its window again.
   */
  onlyNotDownloaded: z.boolean().default(false),
});

export const ScheduleSettingsSchema = z.strictObject({
  /** Quartz (with seconds and `?`) or Unix 5-field cron expression. */
  cron: z.string().min(1),
  timezone: z.string().min(1).default('Europe/Paris'),
});

export const GatewayConfigSchema = z
  .strictObject({
    id: gatewayId,
    description: z.string().max(200).optional(),
    /** The real platform; exclusive with `baseUrl`. */
    environment: z.enum(['production', 'qualification']).optional(),
    /** A Chorus Pro compatible API (the bundled simulator); exclusive with `environment`. */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    tokenUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Name of a credential set the worker resolves from its environment or secrets file; never the secrets. */
    credentials: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'a name such as MAIRIE_DEMO (letters, digits, underscores)'),
    recipient: RecipientSchema,
    outputFormat: z.enum(['pivot', 'ubl']).default('pivot'),
    saveAttachments: z.boolean().default(true),
    schedule: ScheduleSettingsSchema,
  })
  .superRefine((gateway, ctx) => {
    if ((gateway.environment === undefined) === (gateway.baseUrl === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment'],
        message: 'set exactly one of "environment" (production or qualification) and "baseUrl" (e.g. the simulator)',
      });
    }
    if (gateway.tokenUrl !== undefined && gateway.baseUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tokenUrl'], message: '"tokenUrl" only goes with "baseUrl"' });
    }
  });

export const GatewayFileSchema = z.strictObject({ gateways: z.array(GatewayConfigSchema) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.gateways.forEach((gateway, index) => {
    if (seen.has(gateway.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['gateways', index, 'id'],
        message: `gateway id "${gateway.id}" is used twice`,
      });
    }
    seen.add(gateway.id);
  });
});

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
export type RecipientSettings = z.output<typeof RecipientSchema>;
