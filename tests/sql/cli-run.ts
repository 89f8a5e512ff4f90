import { main } from '../../src/cli/report.ts';

/**
 * The report CLI in this process, as `node src/cli/report.ts ARGS` runs it (the same main): its
 * output, or for a non-zero exit status an error carrying the status and output, as execFile
 * gives. A process of its own costs seconds of start-up for each run.
 */
export async function cli(...argv: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  if (code === 0) return { stdout, stderr };
  throw Object.assign(new Error(`the report CLI exited with ${code}: ${stderr}`), {
    code,
    stdout,
    stderr,
  });
}
