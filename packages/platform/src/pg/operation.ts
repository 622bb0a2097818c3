const KNOWN = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'with',
  'begin',
  'commit',
  'rollback',
  'create',
  'alter',
]);

/** The `operation` label for a statement: its first SQL keyword when well known, else `other` (bounded). */
export function operationOf(sql: string): string {
  const word = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? '';
  return KNOWN.has(word) ? word : 'other';
}
