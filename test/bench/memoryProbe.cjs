/**
 * Loaded with `node --require` into a process the bench measures: on exit it
 * writes its peak resident memory to stderr (a line "peak-rss <bytes>"); asked
 * "memory" over an IPC channel it answers its heap after full GCs (two: what
 * the first leaves to finalize, the second takes; the process needs
 * --expose-gc), and asked "peak" its peak resident memory so far, without
 * collecting anything.
 */
'use strict';
const fs = require('node:fs');

process.on('exit', () => fs.writeSync(2, `\npeak-rss ${process.resourceUsage().maxRSS * 1024}\n`));
process.on('message', (message) => {
  if (message === 'peak') {
    process.send({ peakRss: process.resourceUsage().maxRSS * 1024, rss: process.memoryUsage.rss() });
    return;
  }
  if (message !== 'memory') return;
  global.gc();
  global.gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.send({ heapUsed, rss });
});
