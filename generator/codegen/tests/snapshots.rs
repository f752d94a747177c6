//! Snapshots of the generator's output for a small fixture spec, so that every
//! change to the generator is reviewed as a diff of the code it generates
//! (`cargo insta review`, or set `INSTA_UPDATE=always` and read the diff).

use codegen::SpecFile;

fn generate_fixture() -> codegen::Generation {
    let spec = SpecFile {
        path: "specs/tinyshop.yaml".into(),
        text: include_str!("fixtures/tinyshop.yaml").into(),
    };
    codegen::generate(&[spec]).unwrap_or_else(|d| panic!("the fixture is valid:\n{d}"))
}

#[test]
fn fixture_lib_rs() {
    let generation = generate_fixture();
    insta::assert_snapshot!(generation.files["generated/tinyshop/src/lib.rs"]);
}

#[test]
fn fixture_cargo_toml() {
    let generation = generate_fixture();
    insta::assert_snapshot!(generation.files["generated/tinyshop/Cargo.toml"]);
}

#[test]
fn fixture_files_and_summary() {
    let generation = generate_fixture();
    let paths: Vec<&str> = generation.files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "generated/rustfmt.toml",
            "generated/tinyshop/Cargo.toml",
            "generated/tinyshop/src/lib.rs"
        ]
    );
    let summary = &generation.crates[0];
    assert_eq!(summary.name, "tinyshop-client");
    assert_eq!(summary.dir, "generated/tinyshop");
    assert_eq!(summary.operations, 1);
    // Order, Customer, Error, and the enums OrderState and OrderChannel.
    assert_eq!(summary.types, 5);
}
