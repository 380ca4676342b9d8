// Resolves the monorepo's @ccm/<lib> imports at run time, both for compiled code under dist/ and for
// TypeScript run through ts-node, so the two entry points share one mapping with tsconfig.json.
const Module = require('module');
const path = require('path');
const fs = require('fs');

const repoRoot = path.resolve(__dirname, '..');
const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
const base = entry.startsWith(path.join(repoRoot, 'dist') + path.sep)
  ? path.join(repoRoot, 'dist')
  : repoRoot;

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveCcmAlias(request, ...rest) {
  const match = /^@ccm\/([a-z-]+)(\/.*)?$/.exec(request);
  if (match) {
    const target = path.join(base, 'libs', match[1], 'src', match[2] ?? '');
    if (fs.existsSync(target) || fs.existsSync(target + '.js') || fs.existsSync(target + '.ts')) {
      return originalResolve.call(this, target, ...rest);
    }
  }
  return originalResolve.call(this, request, ...rest);
};
