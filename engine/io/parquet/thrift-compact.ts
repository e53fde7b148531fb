// A small reader for the Thrift compact protocol, enough to decode a Parquet footer
// (FileMetaData) and the page headers of column chunks. parquet-wasm 0.8 exposes no column
// statistics, so row-group pruning reads min/max from the footer itself. Structs decode generically to { fieldId: value } objects.

export type ThriftValue = boolean | number | Uint8Array | ThriftValue[] | ThriftStruct;
export interface ThriftStruct { [field: number]: ThriftValue }

const T_TRUE = 1, T_FALSE = 2, T_BYTE = 3, T_I16 = 4, T_I32 = 5, T_I64 = 6, T_DOUBLE = 7,
  T_BINARY = 8, T_LIST = 9, T_SET = 10, T_MAP = 11, T_STRUCT = 12;

export class CompactReader {
  private pos: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  /** Reads from `start` on (page headers sit one after another in a column chunk). */
  constructor(bytes: Uint8Array, start = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  /** Offset of the next unread byte: where the data after a struct begins. */
  get position(): number {
    return this.pos;
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('truncated Thrift data');
    return this.bytes[this.pos++]!;
  }

  /** Unsigned varint as a double (exact below 2^53, which covers every size and count). */
  private varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
  }

  private zigzag(): number {
    const v = this.varint();
    // (v >>> 1) ^ -(v & 1), done in doubles so values above 2^31 survive.
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  private value(type: number): ThriftValue {
    switch (type) {
      case T_TRUE: return true;
      case T_FALSE: return false;
      case T_BYTE: { const b = this.byte(); return b > 127 ? b - 256 : b; }
      case T_I16: case T_I32: case T_I64: return this.zigzag();
      case T_DOUBLE: {
        const d = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return d;
      }
      case T_BINARY: {
        const len = this.varint();
        const out = this.bytes.subarray(this.pos, this.pos + len);
        this.pos += len;
        return out;
      }
      case T_LIST: case T_SET: {
        const head = this.byte();
        let size = head >>> 4;
        if (size === 15) size = this.varint();
        const elem = head & 0x0f;
        const items: ThriftValue[] = [];
        for (let i = 0; i < size; i++) {
          // Booleans inside lists are one byte each (1 = true).
          items.push(elem === T_TRUE || elem === T_FALSE ? this.byte() === 1 : this.value(elem));
        }
        return items;
      }
      case T_MAP: {
        const size = this.varint();
        if (size === 0) return [];
        const kv = this.byte();
        const items: ThriftValue[] = [];
        for (let i = 0; i < size; i++) items.push([this.value(kv >>> 4), this.value(kv & 0x0f)]);
        return items;
      }
      case T_STRUCT: return this.struct();
      default: throw new Error(`unknown Thrift compact type ${type}`);
    }
  }

  struct(): ThriftStruct {
    const out: ThriftStruct = {};
    let last = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return out;
      const delta = head >>> 4;
      const type = head & 0x0f;
      const id = delta === 0 ? this.zigzag() : last + delta;
      last = id;
      out[id] = this.value(type);
    }
  }
}
