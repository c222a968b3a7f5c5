//! Golden test of compile errors against lua5.4: every `tests/syntax/*.lua` with a `.expected`
//! file must fail to compile with exactly the message lua5.4 gives (the `.expected` files are
//! produced by `tests/syntax/generate_expected.sh`, which runs lua5.4 itself).

use std::fs;
use std::path::Path;

#[test]
fn error_messages_match_lua() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/syntax exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "lua"))
        .collect();
    paths.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let expected_path = path.with_extension("expected");
        let Ok(expected) = fs::read_to_string(&expected_path) else {
            continue;
        };
        let expected = expected.strip_suffix('\n').unwrap_or(&expected);
        let source = fs::read(path).expect("readable source");
        checked += 1;
        match red_moon::compiler::compile(&source, b"=input") {
            Ok(_) => failures.push(format!(
                "{}: compiled, expected {expected:?}",
                path.display()
            )),
            Err(error) if error.message == expected => {}
            Err(error) => failures.push(format!(
                "{}:\n  expected {expected:?}\n  got      {:?}",
                path.display(),
                error.message
            )),
        }
    }
    assert!(checked > 0, "no .expected files found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ from lua5.4:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn valid_programs_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).expect("tests/syntax exists") {
        let path = entry.expect("readable directory entry").path();
        let is_valid = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("valid_") && name.ends_with(".lua"));
        if !is_valid {
            continue;
        }
        let source = fs::read(&path).expect("readable source");
        if let Err(error) = red_moon::compiler::compile(&source, b"=input") {
            panic!("{}: {}", path.display(), error.message);
        }
        checked += 1;
    }
    assert!(checked > 0, "no valid_*.lua files in {}", dir.display());
}
