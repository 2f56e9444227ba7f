/**
 * Checks a configuration step by step (PISTE token, technical account, recipient structure) and says in plain words
 * what failed, so a CLI can print it.
 */
import { z } from 'zod';
import { isChorusError } from './errors.ts';
import { findStructureBySiret } from './structures.ts';
import type { TokenProvider } from './token-provider.ts';
import type { ChorusTransport } from './transport.ts';
import type { ConnectionReport, ConnectionStep } from './types.ts';

/** PASTELL's connectivity test (changelog #1211): cheap, and it needs both the token and the technical account. */
export const TECHNICAL_ACCOUNT_CHECK_PATH = '/cpro/transverses/v1/recuperer/tauxtva';

const vatRatesSchema = z.object({ listeTauxTva: z.array(z.unknown()).nullish() });

function explain(error: unknown): string {
  if (isChorusError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function testConnection(
  tokens: TokenProvider,
  transport: ChorusTransport,
  recipientSiret: string,
): Promise<ConnectionReport> {
  const steps: ConnectionStep[] = [];

  // A cached token would prove nothing about the client id and secret as they are now.
  tokens.invalidate();
  try {
    await tokens.getToken();
    steps.push({
      name: 'token',
      ok: true,
      detail: 'PISTE accepted the OAuth client id and secret and issued a token.',
    });
  } catch (error) {
    steps.push({ name: 'token', ok: false, detail: explain(error) });
    const skipped = 'Not checked: it needs a PISTE token (see the token step).';
    steps.push({ name: 'technical-account', ok: false, detail: skipped });
    steps.push({ name: 'recipient', ok: false, detail: skipped });
    return { ok: false, steps };
  }

  let accountRefused = false;
  try {
    const answer = await transport.postJson(
      {
        operation: 'testConnection',
        action: 'checking the technical account (reading the VAT rates)',
        path: TECHNICAL_ACCOUNT_CHECK_PATH,
        body: {},
      },
      vatRatesSchema,
    );
    steps.push({
      name: 'technical-account',
      ok: true,
      detail:
        'Chorus Pro accepted the technical account and the PISTE application may call the Transverses API ' +
        `(${answer.listeTauxTva?.length ?? 0} VAT rates read).`,
    });
  } catch (error) {
    accountRefused = isChorusError(error) && error.kind === 'bad-credentials';
    steps.push({ name: 'technical-account', ok: false, detail: explain(error) });
  }

  if (accountRefused) {
    steps.push({ name: 'recipient', ok: false, detail: 'Not checked: the technical account was refused.' });
  } else {
    try {
      const structure = await findStructureBySiret(transport, recipientSiret);
      const inactive = /^INACTI/i.test(structure.status);
      steps.push({
        name: 'recipient',
        ok: !inactive,
        detail:
          `SIRET ${structure.siret} is the Chorus Pro structure "${structure.name}" (id ${structure.structureId}` +
          `${structure.status ? `, status ${structure.status}` : ''}).` +
          (inactive ? ' The structure is not active on Chorus Pro: it cannot receive invoices.' : ''),
      });
    } catch (error) {
      steps.push({ name: 'recipient', ok: false, detail: explain(error) });
    }
  }
  return { ok: steps.every((s) => s.ok), steps };
}
