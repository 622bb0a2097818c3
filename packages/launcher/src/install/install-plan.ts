/** A tool the launcher needs on the machine. */
export type Tool = 'postgres' | 'redis' | 'prometheus' | 'java' | 'maven';

/** The Debian/Ubuntu package that provides each tool. */
export const APT_PACKAGES: Readonly<Record<Tool, string>> = Object.freeze({
  postgres: 'postgresql',
  redis: 'redis-server',
  prometheus: 'prometheus',
  java: 'openjdk-17-jre-headless',
  maven: 'maven',
});

const DESCRIPTIONS: Readonly<Record<Tool, string>> = Object.freeze({
  postgres: 'PostgreSQL 15 server (initdb, postgres)',
  redis: 'Redis 7 (redis-server)',
  prometheus: 'Prometheus 2.x (prometheus)',
  java: 'OpenJDK 17 (java)',
  maven: 'Apache Maven 3 (mvn, fetches the Kafka jars once)',
});

/** What we know about the machine when deciding how to install. */
export interface HostFacts {
  /** /etc/os-release says Debian or a derivative (Ubuntu, …). */
  debianLike: boolean;
  aptGet: boolean;
  /** root: run apt-get directly; sudo: passwordless `sudo -n`; none: cannot install. */
  privilege: 'root' | 'sudo' | 'none';
}

/** Nothing to do, apt commands to run, or a message telling the user what to install. */
export type InstallPlan =
  | { kind: 'nothing' }
  | { kind: 'apt'; packages: string[]; commands: string[][] }
  | { kind: 'manual'; message: string };

/** Decides how missing tools get installed; pure, so the decision is unit-tested. */
export function planInstall(missing: readonly Tool[], host: HostFacts, install: boolean): InstallPlan {
  const tools = [...new Set(missing)].sort();
  if (tools.length === 0) return { kind: 'nothing' };
  const packages = tools.map((tool) => APT_PACKAGES[tool]);
  const canApt = host.debianLike && host.aptGet && host.privilege !== 'none';
  if (install && canApt) {
    const prefix = host.privilege === 'sudo' ? ['sudo', '-n'] : [];
    return {
      kind: 'apt',
      packages,
      commands: [
        [...prefix, 'apt-get', 'update'],
        [...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages],
      ],
    };
  }
  const why = !install
    ? 'automatic installation is off (install: false)'
    : !host.debianLike || !host.aptGet
      ? 'automatic installation needs Debian/Ubuntu with apt-get'
      : 'automatic installation needs root or passwordless sudo';
  const list = tools.map((tool) => `  - ${DESCRIPTIONS[tool]}`).join('\n');
  const hint =
    host.debianLike && host.aptGet
      ? `run: sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`
      : 'install them with your package manager and put them on PATH';
  return { kind: 'manual', message: `missing tools (${why}):\n${list}\nTo fix, ${hint}` };
}
