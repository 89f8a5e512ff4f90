import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths } from '../../src/cli/engine.ts';

describe('a folder given to the CLI', () => {
  const dir = 'tests/.out/folders/';
  const folder = (name: string, files: string[]) => {
    const d = path.join(dir, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    for (const f of files) writeFileSync(path.join(d, f), '');
    return d;
  };

  it('stands for its Parquet snapshots, else its LRMX forms, else its rosters, in name order', () => {
    const pq = folder('pq', ['2025-02.parquet', '2025-01.parquet', '说明.txt']);
    expect(expandPaths([pq]).map((f) => path.basename(f))).toEqual([
      '2025-01.parquet',
      '2025-02.parquet',
    ]);
    const lrmx = folder('lrmx', ['b.lrmx', 'a.LRMX', '清单.xlsx']);
    expect(expandPaths([lrmx]).map((f) => path.basename(f))).toEqual(['a.LRMX', 'b.lrmx']);
    const rosters = folder('rosters', ['2025-05.csv', '2025-06.xlsx', '~$2025-06.xlsx', 'x.pdf']);
    expect(expandPaths([rosters]).map((f) => path.basename(f))).toEqual([
      '2025-05.csv',
      '2025-06.xlsx',
    ]);
    expect(() => expandPaths([folder('none', ['x.pdf'])])).toThrow(
      '文件夹中没有名册文件（Parquet、LRMX、Excel、CSV、JSON 或 Arrow）',
    );
  });
});
