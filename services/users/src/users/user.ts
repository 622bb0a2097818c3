// The user as the users service knows it, and the rules its fields follow.
export type Role = 'USER' | 'ADMIN';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

/** A domain rule was broken by the caller's input; `field` names the offending field. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export class UserNotFound extends Error {
  override readonly name = 'UserNotFound';
  constructor(id: string) {
    super(`no user with id ${id}`);
  }
}

export class EmailTaken extends Error {
  override readonly name = 'EmailTaken';
  constructor() {
    super('that email address is already registered');
  }
}

/** The caller named in the metadata has no account (e.g. it was deleted after its token was issued). */
export class UnknownCaller extends Error {
  override readonly name = 'UnknownCaller';
  constructor() {
    super('the calling user does not exist');
  }
}

/** The caller may not act on another user's account. */
export class NotAllowed extends Error {
  override readonly name = 'NotAllowed';
  constructor() {
    super('only the account owner or an admin may do this');
  }
}

export class WrongCredentials extends Error {
  override readonly name = 'WrongCredentials';
  constructor() {
    super('wrong email or password');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function userId(raw: string, field = 'id'): string {
  const id = raw.trim().toLowerCase();
  if (!UUID.test(id)) throw new InvalidInput(field, 'must be a UUID');
  return id;
}

/** Trimmed, lower-cased; 3-254 characters with exactly one "@" and no white space. */
export function email(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (value.length < 3 || value.length > 254) throw new InvalidInput('email', 'must be 3 to 254 characters');
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@') || at === value.length - 1 || /\s/.test(value)) {
    throw new InvalidInput('email', 'must be an email address like name@example.com');
  }
  return value;
}

/** 8-128 characters (code points); never trimmed. */
export function password(raw: string): string {
  const length = [...raw].length;
  if (length < 8 || length > 128) throw new InvalidInput('password', 'must be 8 to 128 characters');
  return raw;
}

/** 1-64 characters after trimming, no control characters. */
export function displayName(raw: string): string {
  const value = raw.trim();
  const length = [...value].length;
  if (length < 1 || length > 64) throw new InvalidInput('display_name', 'must be 1 to 64 characters');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new InvalidInput('display_name', 'must not contain control characters');
  return value;
}
