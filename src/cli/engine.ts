import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DuckClient } from '../core/db.ts';
import { LoadError, type LoadOptions, type SourceFile } from '../core/load.ts';
import type { QueryTexts } from '../core/queries.ts';

export type Engine = 'wasm' | 'native';

/** The files behind the arguments: a folder stands for the Parquet files in it, by name. */
export function expandPaths(args: string[]): string[] {
  return args.flatMap((a) => {
    if (!existsSync(a)) throw new LoadError(a, '文件不存在');
    if (!statSync(a).isDirectory()) return [a];
    const inside = readdirSync(a)
      .filter((f) => /\.parquet$/i.test(f))
      .sort()
      .map((f) => path.join(a, f));
    if (inside.length === 0) throw new LoadError(a, '文件夹中没有 Parquet 文件');
    return inside;
  });
}

/**
 * The report's database and its files on the chosen engine. Each engine is imported only when
 * chosen, so `--engine native` never loads DuckDB-WASM; native DuckDB reads Parquet files from
 * their path.
 */
export async function openEngine(
  engine: Engine,
  args: string[],
): Promise<{
  db: DuckClient;
  sql: QueryTexts;
  files: SourceFile[];
  parquetToIPC: LoadOptions['parquetToIPC'];
}> {
  const paths = expandPaths(args);
  if (engine === 'native') {
    const native = await import('../core/native-env.ts');
    const files = native.nativeSourceFiles(paths);
    return { ...(await native.openNativeDatabase()), files, parquetToIPC: native.parquetToIPC };
  }
  const files = paths.map((f) => ({
    name: path.basename(f),
    bytes: new Uint8Array(readFileSync(f)),
  }));
  const wasm = await import('../core/node-env.ts');
  return { ...(await wasm.openNodeDatabase()), files, parquetToIPC: wasm.nodeParquetToIPC };
}
