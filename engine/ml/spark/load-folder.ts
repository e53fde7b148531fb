// The stages of a model folder, read once per version of the folder in each thread that needs
// them (compile: model.load's schema; workers: its apply). A save replaces the folder whole, so
// its metadata folder's inode and time tell a new version.

import { folderStamp, readSparkFolder } from './read-model.ts';
import { loadedStages, type LoadedStage } from './from-spark.ts';

interface Loaded { readonly stamp: string; readonly stages: LoadedStage[] }
const cache = new Map<string, Loaded>();

/** The stages of the folder at `path` (absolute), in the order they apply. */
export function loadModelFolder(path: string): LoadedStage[] {
  let stamp: string;
  try {
    stamp = folderStamp(path);
  } catch {
    throw new Error(`'${path}' is not a Spark model folder: it has no metadata/ folder (save a model with Tributary's saveTo or Spark's model.save(path))`);
  }
  const hit = cache.get(path);
  if (hit && hit.stamp === stamp) return hit.stages;
  const stages = loadedStages(readSparkFolder(path));
  cache.set(path, { stamp, stages });
  return stages;
}
