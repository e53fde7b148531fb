// Imported first by a test file: Parquet batches of 800 rows (read.ts reads the variable when it
// loads, and worker threads inherit it), so files of about ten thousand rows cross several
// row groups and several batches per row group, full and partial, as files of millions do.

export const PARQUET_TEST_BATCH_ROWS = 800;

process.env['TRIBUTARY_PARQUET_BATCH_ROWS'] = String(PARQUET_TEST_BATCH_ROWS);
