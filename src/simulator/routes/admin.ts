import { z } from 'zod';
import { formatParisDateTime } from '../dates.ts';
import { faultOptionsSchema, type FaultInjector } from '../faults.ts';
import { jsonReply, type Reply } from '../http-io.ts';
import { currentStatus, INVOICE_STATUSES } from '../model.ts';
import type { SimulatorState } from '../state.ts';

/** Control plane for tests and demos, under /admin/ (no authentication, never faulted, not counted). */

export const ADD_INVOICES_SCHEMA = z.strictObject({
  count: z.number().int().min(1).max(100_000),
  attachmentBytes: z.number().int().min(0).optional(),
  status: z.enum(INVOICE_STATUSES).optional(),
  downloaded: z.boolean().optional(),
  type: z.enum(['FACTURE', 'AVOIR']).optional(),
  supplierIndex: z.number().int().min(0).optional(),
  recipientIndex: z.number().int().min(0).optional(),
});

export interface AdminContext {
  state: SimulatorState;
  faults: FaultInjector;
}

function adminError(status: number, message: string): Reply {
  return jsonReply(status, { error: message });
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: raw.trim() === '' ? {} : (JSON.parse(raw) as unknown) };
  } catch {
    return { ok: false };
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

export function handleAdmin(method: string, path: string, rawBody: string, context: AdminContext): Reply {
  const { state, faults } = context;
  const route = `${method} ${path}`;
  const json = parseJson(rawBody);
  if (!json.ok) return adminError(400, 'invalid JSON body');
  switch (route) {
    case 'POST /admin/invoices': {
      const parsed = ADD_INVOICES_SCHEMA.safeParse(json.value);
      if (!parsed.success) return adminError(400, issues(parsed.error));
      const { count, ...options } = parsed.data;
      return jsonReply(201, { ids: state.addInvoices(count, options) });
    }
    case 'GET /admin/invoices':
      return jsonReply(200, {
        invoices: state.invoices().map((invoice) => ({
          idFacture: invoice.idFacture,
          numeroFacture: invoice.number,
          typeFacture: invoice.type,
          statut: currentStatus(invoice).code,
          dateHeureEtatCourant: formatParisDateTime(currentStatus(invoice).at),
          factureTelechargeeParDestinataire: invoice.downloaded,
          idDestinataire: invoice.recipient.idStructureCPP,
          idFournisseur: invoice.supplier.idStructureCPP,
        })),
      });
    case 'PUT /admin/faults': {
      const parsed = faultOptionsSchema.safeParse(json.value);
      if (!parsed.success) return adminError(400, issues(parsed.error));
      return jsonReply(200, faults.set(parsed.data));
    }
    case 'GET /admin/faults':
      return jsonReply(200, faults.options);
    case 'GET /admin/state':
      return jsonReply(200, { ...state.stats(), faultOptions: faults.options });
    case 'POST /admin/reset-counters':
      state.resetCounters();
      return jsonReply(200, { ok: true });
    default:
      return adminError(404, `unknown admin route ${route}`);
  }
}
