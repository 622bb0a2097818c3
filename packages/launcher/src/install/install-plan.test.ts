import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HostFacts, planInstall } from './install-plan.js';

const debianRoot: HostFacts = { debianLike: true, aptGet: true, privilege: 'root' };

test('nothing missing: nothing to do, even on a machine that cannot install', () => {
  assert.deepEqual(planInstall([], { debianLike: false, aptGet: false, privilege: 'none' }, true), {
    kind: 'nothing',
  });
});

test('Debian as root: apt-get update, then one install of the missing packages', () => {
  assert.deepEqual(planInstall(['redis', 'prometheus', 'redis'], debianRoot, true), {
    kind: 'apt',
    packages: ['prometheus', 'redis-server'],
    commands: [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'prometheus', 'redis-server'],
    ],
  });
});

test('passwordless sudo prefixes sudo -n', () => {
  const plan = planInstall(['postgres', 'java'], { ...debianRoot, privilege: 'sudo' }, true);
  assert.equal(plan.kind, 'apt');
  if (plan.kind !== 'apt') return;
  assert.deepEqual(plan.commands[1], [
    'sudo',
    '-n',
    'apt-get',
    'install',
    '-y',
    '--no-install-recommends',
    'openjdk-17-jre-headless',
    'postgresql',
  ]);
});

test('install: false lists exactly what to install, with the apt command on Debian', () => {
  const plan = planInstall(['java', 'maven'], debianRoot, false);
  assert.equal(plan.kind, 'manual');
  if (plan.kind !== 'manual') return;
  assert.match(plan.message, /install: false/);
  assert.match(plan.message, /OpenJDK 17 \(java\)/);
  assert.match(plan.message, /Apache Maven 3/);
  assert.match(plan.message, /sudo apt-get install -y --no-install-recommends openjdk-17-jre-headless maven/);
  assert.doesNotMatch(plan.message, /Redis|Prometheus|PostgreSQL/);
});

test('not Debian: manual, no apt command suggested', () => {
  const plan = planInstall(['postgres'], { debianLike: false, aptGet: false, privilege: 'root' }, true);
  assert.equal(plan.kind, 'manual');
  if (plan.kind !== 'manual') return;
  assert.match(plan.message, /needs Debian\/Ubuntu/);
  assert.match(plan.message, /PostgreSQL 15/);
  assert.doesNotMatch(plan.message, /apt-get install/);
});

test('Debian without root or sudo: manual, explains why', () => {
  const plan = planInstall(['prometheus'], { ...debianRoot, privilege: 'none' }, true);
  assert.equal(plan.kind, 'manual');
  if (plan.kind !== 'manual') return;
  assert.match(plan.message, /needs root or passwordless sudo/);
  assert.match(plan.message, /apt-get install -y --no-install-recommends prometheus/);
});
