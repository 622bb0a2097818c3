import { type DescFile, toBinary } from '@bufbuild/protobuf';
import { nestedTypes } from '@bufbuild/protobuf/reflect';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';

/**
 * The descriptors a server can describe through reflection: the files of its services and, transitively,
 * every file they import (e.g. google/protobuf/timestamp.proto). Built from the FileDescriptorProtos that
 * protobuf-es embeds in generated code; nothing is read from disk.
 */
export class ReflectionIndex {
  readonly #files = new Map<string, DescFile>();
  readonly #symbols = new Map<string, DescFile>();
  readonly #encoded = new Map<string, Uint8Array>();

  constructor(roots: Iterable<DescFile>) {
    const pending = [...roots];
    // Bounded by the number of distinct files reachable from the roots.
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      const name = fileName(file);
      if (this.#files.has(name)) continue;
      this.#files.set(name, file);
      this.#indexSymbols(file);
      pending.push(...file.dependencies);
    }
  }

  /** True when a file of that name (e.g. `orrery/users/v1/users.proto`) is known. */
  hasFile(name: string): boolean {
    return this.#files.has(name);
  }

  /** The file declaring a fully-qualified symbol: message, enum, extension, service or `Service.Method`. */
  fileOfSymbol(symbol: string): DescFile | undefined {
    return this.#symbols.get(symbol.startsWith('.') ? symbol.slice(1) : symbol);
  }

  /** True when the symbol names a message type. */
  isMessage(symbol: string): boolean {
    const file = this.fileOfSymbol(symbol);
    if (!file) return false;
    for (const type of nestedTypes(file))
      if (type.kind === 'message' && type.typeName === symbol) return true;
    return false;
  }

  /** The serialized FileDescriptorProto of a file followed by those of its transitive dependencies. */
  fileWithDependencies(name: string): Uint8Array[] {
    const start = this.#files.get(name);
    if (!start) return [];
    const ordered: Uint8Array[] = [];
    const seen = new Set<string>();
    const pending = [start];
    for (let file = pending.shift(); file !== undefined; file = pending.shift()) {
      const fileKey = fileName(file);
      if (seen.has(fileKey)) continue;
      seen.add(fileKey);
      ordered.push(this.#encode(fileKey, file));
      pending.push(...file.dependencies);
    }
    return ordered;
  }

  #indexSymbols(file: DescFile): void {
    for (const type of nestedTypes(file)) {
      this.#symbols.set(type.typeName, file);
      if (type.kind === 'service') {
        for (const method of type.methods) this.#symbols.set(`${type.typeName}.${method.name}`, file);
      }
    }
  }

  #encode(name: string, file: DescFile): Uint8Array {
    let bytes = this.#encoded.get(name);
    if (!bytes) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      this.#encoded.set(name, bytes);
    }
    return bytes;
  }
}

/** The file's name as protoc knows it, with the `.proto` suffix. */
export function fileName(file: DescFile): string {
  return file.proto.name;
}
