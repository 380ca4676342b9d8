// Resolves the monorepo's @ccm/<lib> imports at run time, both for compiled code under dist/ and for
// TypeScript run through ts-node, so the two entry points share one mapping with tsconfig.json.
const Module = require('module');
const path = require('path');
const fs = require('fs');

const repoRoot = path.resolve(__dirname, '..');
const dist = path.join(repoRoot, 'dist');
const inDist = (file) => typeof file === 'string' && path.resolve(file).startsWith(dist + path.sep);
// The entry script says which tree the process runs; a worker thread's preload runs before it has one,
// so the module asking decides there.
const entryBase = inDist(process.argv[1]) ? dist : repoRoot;

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveCcmAlias(request, parent, ...rest) {
  const match = /^@ccm\/([a-z-]+)(\/.*)?$/.exec(request);
  if (match) {
    const base = inDist(parent && parent.filename) ? dist : entryBase;
    const target = path.join(base, 'libs', match[1], 'src', match[2] ?? '');
    if (fs.existsSync(target) || fs.existsSync(target + '.js') || fs.existsSync(target + '.ts')) {
      return originalResolve.call(this, target, parent, ...rest);
    }
  }
  return originalResolve.call(this, request, parent, ...rest);
};
