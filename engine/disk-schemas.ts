// Lowering's schema readers (engine/logical/schema-readers.ts) bound to the files on disk: the
// sources' metadata-only inference of engine/io and the model folders of engine/ml. compile.ts
// hands them to buildPlan; a test may hand in others.

import type { SchemaReaders } from './logical/schema-readers.ts';
import { readSourceSchema } from './io/source-schema.ts';
import { loadModelFolder } from './ml/spark/load-folder.ts';
import { loadedSchemas } from './ml/spark/loaded-schema.ts';

export const DISK_SCHEMAS: SchemaReaders = {
  source: readSourceSchema,
  modelSchemas: (path, input) => loadedSchemas(loadModelFolder(path), input),
};
