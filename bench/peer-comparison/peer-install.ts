import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The isolated peer app: its own package.json, lockfile, node_modules and build. */
export const PEER_DIR = join(process.cwd(), 'bench', 'peer');
/** The peer's entry point once built. */
export const PEER_ENTRY = join(PEER_DIR, 'dist', 'peer', 'src', 'main.js');

/** Whether the peer could be installed and built, and if not, exactly why. */
export type PeerBuild =
  { readonly ok: true; readonly installed: boolean } | { readonly ok: false; readonly reason: string };

/**
 * Installs the peer's dependencies from its lockfile when they are missing (`npm ci`, with the
 * Node running this first on PATH), then builds it with its own tsc (no native binaries, so the
 * lockfile holds on every platform). Nothing of it touches the repository's node_modules.
 */
export async function preparePeer(log: (line: string) => void): Promise<PeerBuild> {
  const installed = !existsSync(
    join(PEER_DIR, 'node_modules', '@fullstackhouse', 'nestjs-outbox', 'package.json'),
  );
  if (installed) {
    log('Installing the peer (npm ci in bench/peer)');
    const install = await npm(['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund']);
    if (install.code !== 0)
      return {
        ok: false,
        reason: `npm ci --prefix bench/peer failed (exit ${install.code}):\n${install.output}`,
      };
  }
  log('Building the peer (its own tsc, into bench/peer/dist)');
  const build = await npm(['run', 'build', '--prefix', PEER_DIR]);
  if (build.code !== 0)
    return {
      ok: false,
      reason: `npm run build --prefix bench/peer failed (exit ${build.code}):\n${build.output}`,
    };
  return { ok: true, installed };
}

const OUTPUT_TAIL = 4_000;

/** Runs npm with this Node first on PATH (npm runs on whichever node it finds); keeps the output's tail. */
function npm(args: readonly string[]): Promise<{ code: number; output: string }> {
  const bin = dirname(process.execPath);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: output.trim() }));
  });
}
