import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const READY_LINE = /Worker on task queue/;
const DELIVERED_LINE = /Delivered invoice .*?\binvoiceId=(\d+)/g;

// If the test process dies on an uncaught error, its workers must not outlive it.
const living = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of living) child.kill('SIGKILL');
});

/** Builds the workflow bundle once, so that each worker process starts in seconds instead of running webpack. */
export async function buildWorkflowBundle(target: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts', target], {
    cwd: repoRoot,
  });
}

export interface WorkerProcessOptions {
  /** host:port of the Temporal frontend. */
  address: string;
  taskQueue: string;
  storeRoot: string;
  /** A bundle made by `buildWorkflowBundle`. */
  bundle: string;
  /** The CHORUS_<NAME>_* credential variables the worker resolves its gateways' credentials from. */
  secrets: Record<string, string>;
  /** INFO prints one "Delivered invoice" line per delivery. */
  logLevel?: string;
  /** Activities the worker runs at once (CHORUS_ACTIVITY_CONCURRENCY). */
  activityConcurrency?: number;
  readyTimeoutMs?: number;
}

/** `src/temporal/worker-main.ts` in a child process, as in production: killed for real, restarted for real. */
export class WorkerProcess {
  #output = '';
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly #exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const append = (chunk: Buffer) => void (this.#output += chunk.toString());
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        living.delete(child);
        resolve();
      });
    });
    living.add(child);
  }

  /** Starts a worker and resolves once it polls its task queue; rejects with its output if it exits before. */
  static async start(name: string, options: WorkerProcessOptions): Promise<WorkerProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.secrets,
      TEMPORAL_ADDRESS: options.address,
      TEMPORAL_NAMESPACE: 'default',
      CHORUS_GATEWAY_TASK_QUEUE: options.taskQueue,
      CHORUS_DATA_DIR: options.storeRoot,
      CHORUS_WORKFLOW_BUNDLE: options.bundle,
      LOG_LEVEL: options.logLevel ?? 'INFO',
      ...(options.activityConcurrency !== undefined && {
        CHORUS_ACTIVITY_CONCURRENCY: String(options.activityConcurrency),
      }),
    };
    // The test runner marks its own children; the worker is not a test file.
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/temporal/worker-main.ts'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(name, child);
    await worker.waitForOutput(READY_LINE, options.readyTimeoutMs ?? 60_000);
    return worker;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Everything the process printed (stdout and stderr interleaved as received). */
  get output(): string {
    return this.#output;
  }

  /** How it ended, or undefined while it runs. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  /** Invoice ids of the "Delivered invoice" lines it logged, one entry per line. */
  deliveredInvoiceIds(): number[] {
    return [...this.#output.matchAll(DELIVERED_LINE)].map((match) => Number(match[1]));
  }

  /** The last lines of its output, for assertion messages. */
  tail(lines = 20): string {
    return `--- ${this.name} (pid ${this.pid}) ---\n${this.#output.split('\n').slice(-lines).join('\n')}`;
  }

  /** SIGKILL: no shutdown hook, no flush, as in a crash or an OOM kill. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.#exit) return;
    this.child.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM (the worker drains), then SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exit) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([this.#exited, late])) === 'late') await this.kill();
    clearTimeout(timer);
  }

  private waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        void this.kill();
        reject(new Error(`Worker ${this.name} printed no ${pattern} within ${timeoutMs} ms\n${this.tail()}`));
      }, timeoutMs);
      const onData = () => {
        if (!pattern.test(this.#output)) return;
        finish();
        resolve();
      };
      const onExit = () => {
        finish();
        reject(new Error(`Worker ${this.name} exited before printing ${pattern}\n${this.tail()}`));
      };
      const finish = () => {
        clearTimeout(timer);
        this.child.stdout?.off('data', onData);
        this.child.off('exit', onExit);
      };
      this.child.stdout?.on('data', onData);
      this.child.once('exit', onExit);
      onData();
    });
  }
}
