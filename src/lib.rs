//! Workspace root package: integration tests, examples and benchmarks live beside it.
