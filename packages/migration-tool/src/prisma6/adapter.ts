// Runs inside Prisma 6.19's CLI process (loaded through prisma6/config.ts), never in the tool's.
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import type { FieldDef } from 'pg';

const TEXT = 25;
const TEXT_ARRAY = 1009;

// pg_catalog types that the wasm schema engine reads while describing a database but that
// adapter-pg 6.19 refuses ("Column type 'char' could not be deserialized"). Their text form is
// what the engine wants; each maps to its array type's id as well.
const CATALOG_TYPES_READ_AS_TEXT: ReadonlyArray<[scalar: number, array: number]> = [
  [18, 1002], // "char" (its array adapter-pg already maps, see below)
  [19, 1003], // name
  [22, 1006], // int2vector
  [24, 1008], // regproc
  [27, 1010], // tid
  [28, 1011], // xid
  [29, 1012], // cid
  [30, 1013], // oidvector
  [194, 0], // pg_node_tree
  [1033, 1034], // aclitem
  [2202, 2207], // regprocedure
  [2203, 2208], // regoper
  [2204, 2209], // regoperator
  [2205, 2210], // regclass
  [2206, 2211], // regtype
  [3220, 3221], // pg_lsn
  [3734, 3735], // regconfig
  [3769, 3770], // regdictionary
  [4089, 4090], // regnamespace
  [4096, 4097], // regrole
  [4191, 4192], // regcollation
  [5069, 271], // xid8
];
const CHAR_ARRAY = 1002;

const reportedAs = new Map<number, number>();
for (const [scalar, array] of CATALOG_TYPES_READ_AS_TEXT) {
  reportedAs.set(scalar, TEXT);
  if (array !== 0 && array !== CHAR_ARRAY) reportedAs.set(array, TEXT_ARRAY);
}

interface PgResultClass {
  prototype: { addFields(fields: FieldDef[]): void };
}

/**
 * adapter-pg picks a column type from each field's type id, so the id itself has to change,
 * before pg chooses a value parser for it. This patches the `pg` module that adapter-pg
 * resolves (not necessarily the one this package resolves), and only in Prisma's process.
 */
function reportCatalogTypesAsText(): void {
  const requireFromHere = createRequire(import.meta.url);
  const requireFromAdapter = createRequire(requireFromHere.resolve('@prisma/adapter-pg'));
  const { Result } = requireFromAdapter('pg') as { Result: PgResultClass };
  const addFields = Result.prototype.addFields;
  if ((addFields as { catalogTypesAsText?: true }).catalogTypesAsText) return;
  const patched = function (this: unknown, fields: FieldDef[]) {
    for (const field of fields) {
      const id = reportedAs.get(field.dataTypeID);
      if (id !== undefined) field.dataTypeID = id;
    }
    return addFields.call(this, fields);
  };
  Result.prototype.addFields = Object.assign(patched, { catalogTypesAsText: true as const });
}

/**
 * adapter-pg's own shadow factory creates the shadow as a new database next to the main one and
 * drops it on dispose; here the tool has already made a disposable database (or PGlite, which has
 * only one), so both connections go to it and its life is the tool's business.
 */
class ToolShadowPg extends PrismaPg {
  override connectToShadowDb() {
    return this.connect();
  }
}

export function createShadowAdapterFactory(options: { url: string; singleConnection: boolean }): PrismaPg {
  reportCatalogTypesAsText();
  return new ToolShadowPg({
    connectionString: options.url,
    // The engine never disposes its main connection; without this the CLI idles for pg's
    // 10 s idle timeout before exiting.
    allowExitOnIdle: true,
    // PGlite serves one connection at a time; more interleave transactions.
    ...(options.singleConnection ? { max: 1 } : {}),
  });
}
