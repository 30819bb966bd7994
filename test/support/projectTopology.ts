/**
 * A topology for the tests of the project configuration (scale.config.json),
 * shared by the CLI's and the language server's so that both read the same
 * files: async-failover-data-loss (a warning) on db, unreachable-component
 * (an info) on old, and a scenario that kills db with a budget that holds.
 * `rules`: members of its own `rules` section.
 */
export const projectTopology = (rules = ''): string => `{
  "version": 1,
  "name": "tiny",
  "workload": { "peakRps": 2000, "readFraction": 0.5 },
  "components": {
    "web": { "kind": "client", "calls": ["api"] },
    "api": { "kind": "service", "instances": 2, "calls": ["db"] },
    "db": { "kind": "database", "replication": { "mode": "async", "replicas": 1, "lag": { "p50": "200ms", "p99": "3s" }, "failover": { "mode": "automatic", "detection": "2s", "promotion": "1s" } } },
    "old": { "kind": "service" }
  },
  "scenarios": [{ "name": "primary dies", "duration": "20s", "faults": [{ "at": "5s", "kill": "db" }], "expect": { "lostWrites": 100000 } }]${rules ? `,\n  "rules": { ${rules} }` : ''}
}
`;
