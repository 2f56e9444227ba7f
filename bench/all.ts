// `npm run bench`: every benchmark with its default sizes, one after the other (each starts its own server).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benchmarks = ['throughput.ts', 'latency.ts', 'memory.ts', 'backfill-scale.ts'];

function run(): void {
  for (const benchmark of benchmarks) {
    console.log(`\n=== ${benchmark}`);
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(benchmark, import.meta.url))], {
      stdio: 'inherit',
    });
  }
}

try {
  run();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
