/** The `scale` command's help: what `scale --help` and `scale check --help` print. */
import { version } from '../../package.json';

/** The help text. */
export const HELP = `scale ${version}: design distributed systems as text

Usage:
  scale check <files|folders|globs|-...> [options] check topology files (- reads standard input)
  scale simulate <file> [--scenario NAME] [--seed N] [--format text|json]
                                                   run a file's scenarios and check their budgets
  scale report <file> [-o report.html] [--seed N]  write a self-contained HTML page: diagram,
                                                   findings, scenarios with charts and budgets
  scale diff <base> <head> | --base REV [--head REV] [paths...]
                                                   what a change did: design, findings introduced
                                                   and resolved, load, scenarios before and after
  scale headroom <file> [--to N] [--format text|json|markdown]
                                                   what saturates first as the workload grows, at
                                                   what multiple, and the move that fits
  scale paths <file> [--format text|json|markdown] availability and latency per entry point: nines,
                                                   downtime a month, p50/p99, what costs the most;
                                                   RTO/RPO per store; the file's SLOs, met or not
  scale --version | --help

Options of check:
  -f, --format <text|json|sarif|github|junit|gitlab>
                                          report format (default: text); repeat for several reports
  -o, --output <file>                     write the report of the --format before it to a file
                                          (folders are created); -f FORMAT=FILE says both at once
      --stdin-filename <name>             the name of the topology read from standard input ("-")
  -q, --quiet                             report errors only (the exit code still counts everything)
      --fail-on <error|warning|info|none> lowest severity that fails the run (default: error)
      --max-warnings <n>                  fail when there are more than n warnings
      --rule <id=severity>                set a rule's severity (off, info, warning, error) for this
                                          run, over the files' rules and scale.config.json; repeatable
      --color, --no-color                 colour the text report, or not (default: on a terminal,
                                          unless NO_COLOR is set; FORCE_COLOR forces it)

Folders and globs leave out what .gitignore ignores, node_modules and .git, and the
files the ignore patterns of scale.config.json match; a file named is checked all the
same, with a note. Folders are searched for *.scale.json. Links that lead out of the
repository are skipped; a path named outside it is read. Each topology follows the
scale.config.json nearest above it, up to the repository root (docs/config.md).
Exit codes: 0 no failing findings, 1 failing findings, 2 usage or I/O error.
`;
