#!/usr/bin/env node
'use strict';
// The `scale` command: a thin launcher for the bundled CLI.
require('../dist/cli.js').main();
