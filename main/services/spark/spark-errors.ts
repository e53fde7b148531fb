// Spark's failures as one sentence with the cause and the fix, never a JVM stack trace.

import { execFile, spawnSync } from 'node:child_process';

/** The Python that runs pyspark: PYTHON, else python3 (read at each use, so a studio picks up a change). */
export const python = (): string => process.env['PYTHON'] ?? 'python3';

const NO_PYSPARK = (): string => `pyspark is not installed for ${python()}: install it with pip install -r test/spark/requirements.txt (or pip install pyspark), or set PYTHON to a Python that has it`;
const javaBinary = (): string => (process.env['JAVA_HOME'] ? `${process.env['JAVA_HOME']}/bin/java` : 'java');
const NO_JAVA = (): string => `Java is not installed${process.env['JAVA_HOME'] ? ` at JAVA_HOME=${process.env['JAVA_HOME']}` : ''}: Spark needs Java 17 or newer; install a JDK (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME to one`;

/** Why Spark cannot start here (pyspark or Java missing), or undefined when it can. */
export function sparkUnavailable(): string | undefined {
  const probe = spawnSync(python(), ['-c', 'import pyspark'], { encoding: 'utf8' });
  if (probe.status !== 0) return NO_PYSPARK();
  const java = spawnSync(javaBinary(), ['-version'], { encoding: 'utf8' });
  if (java.status !== 0 || java.error) return NO_JAVA();
  return undefined;
}

/** sparkUnavailable without blocking (the studio asks while it serves other calls). */
export async function sparkUnavailableAsync(): Promise<string | undefined> {
  const ok = (file: string, args: string[]): Promise<boolean> =>
    new Promise((resolve) => { execFile(file, args, { timeout: 60_000 }, (error) => resolve(error === null)); });
  if (!await ok(python(), ['-c', 'import pyspark'])) return NO_PYSPARK();
  if (!await ok(javaBinary(), ['-version'])) return NO_JAVA();
  return undefined;
}

const badMaster = (master: string): string =>
  `the Spark master URL '${master}' is not valid: use local[*], local[N], spark://HOST:7077, yarn or k8s://https://HOST:PORT (--master or SPARK_MASTER)`;

/** spark-submit's own rule for a master ("Master must either be yarn or start with spark, k8s,
 *  or local"), plus the shape of a local one: checked before anything starts, so a mistyped
 *  master is answered at once rather than after a JVM's start-up (10-20 s). */
const SUBMITTABLE_MASTER = /^(yarn$|spark:\/\/.|k8s:\/\/.|local(\[(\*|\d+)(,\s*\d+)?\]|-cluster\[.*\])?$)/;

/** Why `master` cannot be submitted to, or undefined when spark-submit would take it. */
export function masterProblem(master: string): string | undefined {
  return SUBMITTABLE_MASTER.test(master.trim()) ? undefined : badMaster(master);
}

/** The cause of a Spark failure (a Java exception's text, or the driver's stderr) as one line. */
export function explainSparkError(text: string, master: string, failedStage?: number): string {
  if (/Could not parse Master URL|Master must either be yarn or start with spark, k8s, or local/i.test(text)) {
    return badMaster(master);
  }
  if (/All masters are unresponsive|Failed to connect to master|Connection refused/i.test(text)) {
    return `no Spark master answers at '${master}': start the cluster or fix --master / SPARK_MASTER`;
  }
  if (/JAVA_HOME|java: not found|Unable to locate a Java Runtime/i.test(text)) {
    return 'Java was not found: Spark needs Java 17 or newer; install a JDK or set JAVA_HOME';
  }
  if (/JAVA_GATEWAY_EXITED/.test(text)) {
    const jvm = text.split('\n').find((l) => /^Exception in thread|^Error: /.test(l.trim()));
    return `Spark's JVM did not start${jvm ? ` (${jvm.trim().replace(/^Exception in thread "main" /, '')})` : ''}: check that Java 17+ is installed (JAVA_HOME) and that SPARK_HOME, if set, is a Spark install`;
  }
  const stage = /Task \d+ in stage ([\d.]+) failed[^:]*: (?:[^\n]*?Exception: )?([^\n]+)/.exec(text);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const cause = [...lines].reverse().find((l) => /^(Caused by: )?[\w.$]+(Exception|Error): /.test(l)) ?? lines.at(-1) ?? 'no message';
  const clean = cause.replace(/^Caused by: /, '').replace(/^[\w.$]+\.(\w+(Exception|Error)): /, '$1: ').slice(0, 500);
  if (stage || failedStage !== undefined) {
    // The root cause is the chain's last exception line (the driver lists them outermost first).
    const why = clean;
    return `a Spark task failed in stage ${stage?.[1] ?? failedStage}: ${why}: fix the data or the node's parameters and run again`;
  }
  return `Spark failed: ${clean}`;
}
