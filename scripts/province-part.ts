/**
 * One city of the generated province as a Parquet file (every snapshot), run by
 * scripts/province.ts in a child process so that cities are generated on every core:
 * tsx scripts/province-part.ts CITY_INDEX MONTHS FILE
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Compression, Table, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { lastMonths } from '../src/core/demo/generate.ts';
import { provinceCity } from '../src/core/demo/province.ts';
import { demoToArrowIPC } from '../src/core/demo/write.ts';

const [k, months, file] = process.argv.slice(2);
const city = provinceCity(Number(k), lastMonths(Number(months)));
const props = new WriterPropertiesBuilder()
  .setCompression(Compression.ZSTD)
  .setMaxRowGroupSize(64 * 1024)
  .build();
// Written under another name first, so an interrupted run never leaves half a file behind.
writeFileSync(file + '.tmp', writeParquet(Table.fromIPCStream(demoToArrowIPC(city)), props));
renameSync(file + '.tmp', file);
