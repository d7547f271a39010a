/**
 * Where the application keeps its data, from the same variables and with the same rules the
 * server uses (apps/api/src/env.ts calls this too), so that a backup taken by `pnpm db:backup`
 * covers exactly what the server writes.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: what a relative DATA_DIR or EVIDENCE_DIR is relative to. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface DataLocations {
  /** DATA_DIR, absolute */
  dataDir: string;
  /** EVIDENCE_DIR, absolute; `<DATA_DIR>/evidence` by default */
  evidenceDir: string;
}

export function resolveDataLocations(
  settings: { DATA_DIR?: string | undefined; EVIDENCE_DIR?: string | undefined },
  baseDir: string,
): DataLocations {
  const dataDir = resolve(baseDir, settings.DATA_DIR || './data');
  const evidenceDir = settings.EVIDENCE_DIR
    ? resolve(baseDir, settings.EVIDENCE_DIR)
    : join(dataDir, 'evidence');
  return { dataDir, evidenceDir };
}

/** The embedded database's folder inside DATA_DIR (server.ts and `pnpm db:seed` use the same). */
export function embeddedDataDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}
