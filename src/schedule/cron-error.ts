/** The part of a cron expression (or of its context) that an error is about; shown to users as is. */
export type CronField =
  | 'expression'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day-of-month'
  | 'month'
  | 'day-of-week'
  | 'year'
  | 'timezone'
  | 'dialect';

/** A cron expression that is invalid, or valid but not representable as a Temporal Schedule. */
export class CronError extends Error {
  readonly field: CronField;

  constructor(field: CronField, message: string) {
    super(message);
    this.name = 'CronError';
    this.field = field;
  }
}
