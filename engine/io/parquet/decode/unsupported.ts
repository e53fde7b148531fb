// Thrown when a column chunk uses something our decoder does not handle (an encoding, codec or
// page type): the scan then reads that row group with parquet-wasm instead.

export class DecodeUnsupported extends Error {}
