export type { CronDialect } from './cron-model.ts';
export { CronError, type CronField } from './cron-error.ts';
export { cronToScheduleSpec, type ScheduleSpecForTemporal } from './to-schedule-spec.ts';
export { describeCron } from './describe-cron.ts';
export { nextFireTimes } from './next-fire-times.ts';
