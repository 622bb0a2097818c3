import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { test } from 'node:test';
import { isDebianLike } from './install/host.js';
import { parseJavaMajor } from './install/tools.js';
import {
  brokerJvmArgs,
  kafkaPom,
  log4jProperties,
  newClusterId,
  serverProperties,
} from './kafka/kafka-config.js';
import { clusterDirFor, fallbackRoot, pgHbaConf, pgUrl, postgresArgs } from './postgres/postgres-config.js';
import { parsePasswdLine } from './postgres/postgres-user.js';
import { defaultRuleFiles } from './prometheus/prometheus.js';
import { chartRuleFiles, prometheusArgs, prometheusYml } from './prometheus/prometheus-config.js';
import { findRepoRoot } from './repo-root.js';
import { redisConf } from './redis/redis-config.js';

function properties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return new Map(entries);
}

test('kafka server.properties: single KRaft node, PLAINTEXT advertised, controller not', () => {
  const props = properties(serverProperties({ port: 29092, controllerPort: 29093, logDir: '/d/kafka/data' }));
  assert.equal(props.get('process.roles'), 'broker,controller');
  assert.equal(props.get('controller.quorum.voters'), '1@127.0.0.1:29093');
  assert.equal(props.get('listeners'), 'PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
  assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:29092');
  assert.equal(props.get('controller.listener.names'), 'CONTROLLER');
  assert.equal(props.get('auto.create.topics.enable'), 'false');
  assert.equal(props.get('group.initial.rebalance.delay.ms'), '0');
  assert.equal(props.get('offsets.topic.replication.factor'), '1');
  assert.equal(props.get('transaction.state.log.min.isr'), '1');
  assert.equal(props.get('log.dirs'), '/d/kafka/data');
});

test('kafka log4j, pom, cluster id and JVM args', () => {
  assert.match(log4jProperties('/d/logs/kafka.log'), /^log4j\.appender\.file\.File=\/d\/logs\/kafka\.log$/m);
  const pom = kafkaPom('3.9.2');
  assert.match(pom, /<artifactId>kafka_2\.13<\/artifactId>\s*<version>3\.9\.2<\/version>/);
  assert.match(pom, /<artifactId>slf4j-reload4j<\/artifactId>/);
  const id = newClusterId();
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(id, newClusterId());
  for (let i = 0; i < 2000; i++) assert.ok(!newClusterId().startsWith('-'), 'never read as an option');
  const args = brokerJvmArgs('/c/libs', '/d/log4j.properties', '/d/server.properties');
  assert.deepEqual(args.slice(-4), ['-cp', '/c/libs/*', 'kafka.Kafka', '/d/server.properties']);
  assert.ok(args.includes('-Xmx512m') && args.includes('-Dlog4j.configuration=file:/d/log4j.properties'));
});

test('redis.conf: loopback, port, no persistence, config path in the process title', () => {
  const conf = redisConf(26379, '/d/redis');
  for (const line of [
    'bind 127.0.0.1',
    'port 26379',
    'daemonize no',
    'dir "/d/redis"',
    'save ""',
    'appendonly no',
  ]) {
    assert.ok(conf.split('\n').includes(line), line);
  }
  assert.match(conf, /proc-title-template ".*\{config-file\}"/);
  assert.throws(() => redisConf(1, '/d/"x'), /unsupported character/);
});

test('prometheus.yml: self job plus one job per ScrapeJob, 5 s interval; flags', () => {
  const text = prometheusYml(29090, [{ job: 'users', targets: ['127.0.0.1:9081'] }]);
  const config = JSON.parse(text.slice(text.indexOf('\n') + 1));
  assert.equal(config.global.scrape_interval, '5s');
  assert.deepEqual(
    config.scrape_configs.map((c: { job_name: string; static_configs: { targets: string[] }[] }) => [
      c.job_name,
      c.static_configs[0]?.targets,
    ]),
    [
      ['prometheus', ['127.0.0.1:29090']],
      ['users', ['127.0.0.1:9081']],
    ],
  );
  assert.deepEqual(config.rule_files, []);
  assert.deepEqual(config.scrape_configs[1].static_configs[0].labels, { service: 'users' });
  const args = prometheusArgs('/d/p.yml', '/d/tsdb', 29090);
  for (const flag of [
    '--web.enable-lifecycle',
    '--web.enable-remote-write-receiver',
    '--web.listen-address=127.0.0.1:29090',
  ]) {
    assert.ok(args.includes(flag), flag);
  }
});

test('postgres: loopback only, no unix socket, small memory, trust only for loopback', () => {
  const args = postgresArgs('/d/pg/shard-1', 25433, 1);
  assert.deepEqual(args.slice(0, 2), ['-D', '/d/pg/shard-1']);
  for (const setting of [
    'listen_addresses=127.0.0.1',
    'port=25433',
    'unix_socket_directories=',
    'shared_buffers=32MB',
  ]) {
    assert.ok(args.includes(setting), setting);
  }
  const hosts = pgHbaConf()
    .split('\n')
    .filter((line) => line.startsWith('host'))
    .map((line) => line.split(/\s+/)[3]);
  assert.deepEqual(hosts, ['127.0.0.1/32', '::1/128', '127.0.0.1/32']);
  assert.equal(pgUrl(25432, 'users'), 'postgres://orrery@127.0.0.1:25432/users');
});

test('postgres cluster placement falls back to /var/tmp, distinct per dataDir', () => {
  assert.equal(clusterDirFor('/repo/.local/infra', 0, true), '/repo/.local/infra/postgres/shard-0');
  const a = clusterDirFor('/root/a', 1, false);
  assert.match(a, /^\/var\/tmp\/orrery-pg-[0-9a-f]{12}\/shard-1$/);
  assert.notEqual(fallbackRoot('/root/a'), fallbackRoot('/root/b'));
  assert.equal(fallbackRoot('/root/a'), fallbackRoot('/root/a'));
});

test('host facts parsing: java version, os-release, passwd', () => {
  assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15'), 17);
  assert.equal(parseJavaMajor('java version "1.8.0_392"'), 8);
  assert.equal(parseJavaMajor('openjdk version "21" 2023-09-19'), 21);
  assert.equal(parseJavaMajor('command not found'), undefined);
  assert.equal(isDebianLike('PRETTY_NAME="Debian GNU/Linux 12"\nID=debian\n'), true);
  assert.equal(isDebianLike('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'), true);
  assert.equal(isDebianLike('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'), true);
  assert.equal(isDebianLike('NAME="Fedora Linux"\nID=fedora\n'), false);
  assert.deepEqual(
    parsePasswdLine('postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n'),
    {
      name: 'postgres',
      uid: 101,
      gid: 104,
    },
  );
  assert.equal(parsePasswdLine(''), undefined);
});

test('prometheus.yml: local mode loads the chart rules folder (absolute glob, not its tests/)', async () => {
  const [glob] = defaultRuleFiles();
  assert.ok(glob !== undefined && isAbsolute(glob), String(glob));
  assert.equal(glob, chartRuleFiles(findRepoRoot(process.cwd())));
  assert.match(glob, /\/helm\/orrery\/rules\/\*\.yaml$/);
  const files = (await readdir(dirname(glob))).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 2, `rule files in ${dirname(glob)}`);
  const text = prometheusYml(29090, [], [glob]);
  const config = JSON.parse(text.slice(text.indexOf('\n') + 1));
  assert.deepEqual(config.rule_files, [glob]);
});
