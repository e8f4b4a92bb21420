"""Image Builder facts that do not depend on the language: kinds, versions, ARNs, the catalog."""
