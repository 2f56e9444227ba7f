import { CronError } from './cron-error.ts';
import type { CronDialect, ParsedCron } from './cron-model.ts';
import { parseQuartz } from './quartz-parser.ts';
import { expandMacro, parseUnix } from './unix-parser.ts';

/**
 * Parses a cron expression, detecting its dialect from the field count (5 → Unix, 6 or 7 → Quartz, `@…` → Unix
 * macro) unless `dialect` says which one it is.
 */
export function parseCron(expression: string, dialect?: CronDialect): ParsedCron {
  if (dialect !== undefined && dialect !== 'quartz' && dialect !== 'unix') {
    throw new CronError('dialect', `dialect "${String(dialect)}" is unknown: use "quartz" or "unix"`);
  }
  const source = expression.trim();
  if (source === '') throw new CronError('expression', 'the cron expression is empty');
  if (/^(CRON_)?TZ=/i.test(source)) {
    throw new CronError('timezone', 'remove the "CRON_TZ=…"/"TZ=…" prefix and choose the time zone separately');
  }
  const fields = source.split(/\s+/);
  if (source.startsWith('@')) {
    if (dialect === 'quartz') {
      throw new CronError('expression', `"${source}" is a Unix cron shortcut, not a Quartz expression`);
    }
    const macro = fields[0] ?? '';
    expandMacro(macro);
    if (fields.length > 1) throw new CronError('expression', `"${macro}" must be the whole expression`);
    return parseUnix(source, fields);
  }
  const detected =
    dialect ?? (fields.length === 5 ? 'unix' : fields.length === 6 || fields.length === 7 ? 'quartz' : undefined);
  if (detected === undefined) {
    throw new CronError(
      'expression',
      `a cron expression has 5 fields (Unix: minute hour day-of-month month day-of-week) or 6-7 fields ` +
        `(Quartz: second minute hour day-of-month month day-of-week [year]); this one has ${fields.length}`,
    );
  }
  return detected === 'quartz' ? parseQuartz(source, fields) : parseUnix(source, fields);
}
