// The studio's Spark settings: the master a studio run on Spark goes to. It comes from the
// studio's settings (spark.json in its data folder, beside settings.json), else SPARK_MASTER in
// the environment, else local[*]; never from the pipeline file, so one document runs on a laptop
// and on a cluster unchanged. The status says whether Spark can run here at all and, when not,
// why and how to install it (the target selector shows it).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { sparkUnavailableAsync } from './spark-errors.ts';

const FILE = 'spark.json';
export const DEFAULT_MASTER = 'local[*]';

export interface SparkStatus {
  readonly available: boolean;
  /** Why Spark cannot run here and how to install what is missing. */
  readonly reason?: string;
  /** The master a run on Spark goes to now. */
  readonly master: string;
  readonly masterFrom: 'settings' | 'environment' | 'default';
}

/** The masters the studio stores: a stricter shape (hosts and ports) of what spark-submit takes
 *  (`masterProblem` in spark-errors.ts, checked again at each run); Spark 4 has no Mesos. */
const MASTER = /^(local(\[(\*|[1-9]\d{0,3})(,\s*[1-9]\d{0,2})?\])?|spark:\/\/[\w.-]+(:\d{1,5})?(,[\w.-]+(:\d{1,5})?)*|yarn|k8s:\/\/https?:\/\/[\w.-]+(:\d{1,5})?)$/;

/** The master URL, trimmed; throws saying what a master URL looks like. */
export function checkMaster(master: string): string {
  const m = master.trim();
  if (!MASTER.test(m)) {
    throw new Error(`'${master}' is not a Spark master URL: use local[*], local[N], spark://HOST:7077, yarn or k8s://https://HOST:PORT`);
  }
  return m;
}

async function storedMaster(dataDir: string): Promise<string | undefined> {
  try {
    const master = (JSON.parse(await readFile(path.join(dataDir, FILE), 'utf8')) as { master?: unknown } | null)?.master;
    return typeof master === 'string' && MASTER.test(master) ? master : undefined;
  } catch {
    return undefined;
  }
}

/** The master a studio run on Spark uses, and where it came from. */
export async function sparkMaster(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Pick<SparkStatus, 'master' | 'masterFrom'>> {
  const stored = await storedMaster(dataDir);
  if (stored) return { master: stored, masterFrom: 'settings' };
  const fromEnv = env['SPARK_MASTER']?.trim();
  if (fromEnv) return { master: fromEnv, masterFrom: 'environment' };
  return { master: DEFAULT_MASTER, masterFrom: 'default' };
}

export async function sparkStatus(dataDir: string): Promise<SparkStatus> {
  const [reason, master] = await Promise.all([sparkUnavailableAsync(), sparkMaster(dataDir)]);
  return { available: reason === undefined, ...(reason ? { reason } : {}), ...master };
}

/** Stores the studio's master (null: none, so SPARK_MASTER or local[*] applies again). */
export async function saveSparkMaster(dataDir: string, master: string | null): Promise<SparkStatus> {
  const value = master === null || master.trim() === '' ? null : checkMaster(master);
  await writeFileAtomic(path.join(dataDir, FILE), `${JSON.stringify({ master: value }, null, 2)}\n`);
  return sparkStatus(dataDir);
}
