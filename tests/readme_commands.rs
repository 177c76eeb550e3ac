//! The README's promise: its test command runs every test (every feature on, so the axum,
//! actix-web and fast-JSON tests too), and CI runs that same command.

const COMMAND: &str = "cargo test --workspace --all-features";

#[test]
fn the_readme_test_command_is_the_one_ci_runs() {
    let readme = include_str!("../README.md");
    let ci = include_str!("../.ci/run");
    let section = readme
        .split("## The two commands")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    assert!(
        section.lines().any(|line| line.starts_with(COMMAND)),
        "the README's two commands no longer give `{COMMAND}`"
    );
    assert!(
        ci.lines().any(|line| line.trim() == COMMAND),
        ".ci/run no longer runs `{COMMAND}`"
    );
}
