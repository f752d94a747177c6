//! An operation may not take the name of a method the generated client
//! defines itself.

use codegen::SpecFile;

#[test]
fn an_operation_named_like_a_client_method_is_refused() {
    for name in ["new", "retry_policy", "set_retry_policy"] {
        let text = format!(
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths:\n  /things:\n    get:\n      operationId: {name}\n      responses:\n        \"200\":\n          description: ok\n"
        );
        let spec = SpecFile {
            path: "specs/t.yaml".into(),
            text,
        };
        let error = codegen::generate(&[spec])
            .expect_err("a reserved name")
            .to_string();
        assert!(
            error.starts_with(&format!(
                "specs/t.yaml:8:7: error: `operationId: {name}` would generate `Client::{name}`"
            )),
            "{error}"
        );
    }
}
