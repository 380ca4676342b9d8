// The entry of a worker thread started from the TypeScript sources (ts-node, Jest): the thread compiles
// them as ts-node does and resolves @ccm/ imports as its process does, then runs `workerData.entry`.
const { workerData } = require('node:worker_threads');

if (!require.extensions['.ts']) require('ts-node/register/transpile-only');
require('./register-aliases');
require(workerData.entry);
