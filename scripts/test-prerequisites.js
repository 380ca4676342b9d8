// Runs before jest in `npm test`: makes sure the two programs the suite needs besides Node are there.
// - redis-server: the Redis suites start private servers of their own on free ports;
// - chromium: the evidence packet is opened in Debian's Chromium through playwright-core (no browser is
//   downloaded). CCM_CHROMIUM_PATH names one that is not on the PATH.
// When one is missing and this runs as root on a machine with apt-get (CI, a fresh container), it is
// installed; anywhere else one message says what to install, and the tests do not start.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH || '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, command))
    .find(isExecutable);
}

const requirements = [
  { name: 'redis-server', aptPackage: 'redis-server', find: () => onPath('redis-server') },
  {
    name: 'chromium',
    aptPackage: 'chromium',
    // The evidence-in-browser spec resolves it the same way.
    find: () =>
      process.env.CCM_CHROMIUM_PATH
        ? isExecutable(process.env.CCM_CHROMIUM_PATH) && process.env.CCM_CHROMIUM_PATH
        : onPath('chromium'),
  },
];

const missing = () => requirements.filter((r) => !r.find());

function canInstallWithApt() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && Boolean(onPath('apt-get'));
}

function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** The one message a machine that cannot provide them gets. `why` replaces the first line when set. */
function explain(absent, why) {
  const names = absent.map((r) => r.name).join(' and ');
  const them = absent.length > 1 ? 'them' : 'it';
  const packages = absent.map((r) => r.aptPackage).join(' ');
  const chromium = absent.some((r) => r.name === 'chromium');
  const where =
    chromium && process.env.CCM_CHROMIUM_PATH ? 'on the PATH or at CCM_CHROMIUM_PATH' : 'on the PATH';
  const lines = [
    why || `npm test: the tests need ${names}, not found ${where}.`,
    `Install ${them}, then run npm test again. On Debian, as root: apt-get update && apt-get install -y ${packages}`,
    `(Run as root on a machine with apt-get, npm test installs ${them} itself.)` +
      (chromium ? ' A Chromium elsewhere can be named with CCM_CHROMIUM_PATH.' : ''),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

function main() {
  const absent = missing();
  if (absent.length === 0) return 0;
  if (!canInstallWithApt()) {
    explain(absent);
    return 1;
  }
  const packages = absent.map((r) => r.aptPackage);
  process.stdout.write(`npm test: installing ${packages.join(', ')} with apt-get (running as root)\n`);
  if (!(aptGet(['update', '-qq']) && aptGet(['install', '-y', '-qq', ...packages]))) {
    explain(
      absent,
      `npm test: the tests need ${packages.join(' and ')}; apt-get could not install ${packages.length > 1 ? 'them' : 'it'} (see above).`,
    );
    return 1;
  }
  const still = missing();
  if (still.length > 0) {
    const names = still.map((r) => r.name).join(' and ');
    explain(
      still,
      `npm test: apt-get installed ${packages.join(' and ')}, but ${names} ${still.length > 1 ? 'are' : 'is'} still not found on the PATH.`,
    );
    return 1;
  }
  return 0;
}

process.exitCode = main();
