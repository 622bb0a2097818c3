/** One rejected environment variable: its name and a sentence saying what was expected. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** Thrown by `loadConfig` when one or more variables are invalid; the message lists every one of them. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((issue) => `  ${issue.variable}: ${issue.message}`);
    super(
      `invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.issues = issues;
  }
}
