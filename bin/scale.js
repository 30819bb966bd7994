#!/usr/bin/env node
'use strict';
// The `scale` command: a thin launcher for the bundled CLI (ES modules: dist/cli.mjs loads the command it runs).
const { enableCompileCache } = require('node:module');
// Where Node has it (22.1 and later), the bundles' compiled code is kept on disk and reused by the next run.
if (typeof enableCompileCache === 'function') enableCompileCache();
import('../dist/cli.mjs').then((cli) => cli.main());
