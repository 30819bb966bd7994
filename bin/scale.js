#!/usr/bin/env node
'use strict';
// The `scale` command: a thin launcher for the bundled CLI (dist/cli.js reads the command and loads its code).
const path = require('node:path');
const { enableCompileCache } = require('node:module');
// The bundles' compiled code is kept on disk and reused by the next run: by Node itself where it can (22.1 and later).
if (typeof enableCompileCache === 'function') enableCompileCache();
else require('./compileCache').keepCompiledCode(path.join(__dirname, '..', 'dist'));
require('../dist/cli.js').main();
