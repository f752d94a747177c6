//! Bad mappings an earlier checker accepted without a word; the corpus itself; a provider adding an enum value.

use super::*;

// Bad mappings an earlier checker accepted without a word.

/// `messages:` written as a mapping instead of a list: the section would be
/// skipped, and the crate would lose Contactship's message conversion.
#[test]
fn messages_that_is_not_a_list() {
    assert_one_problem(
        "messages-not-a-list",
        CONTACTSHIP,
        &Expected {
            location: ":46:1",
            at: Some("/messages"),
            message: "`messages` is a list of sections, one per provider schema",
            help: "write each section as a list entry",
        },
    );
}

/// `each:` in an object field, where it would do nothing (its path was not
/// even checked).
#[test]
fn each_in_an_object_field() {
    assert_one_problem(
        "each-in-object-field",
        GOCHAT,
        &Expected {
            location: ":19:7",
            at: Some("/thread/fields/channel/each"),
            message: "`each` has no effect here",
            help: "`each` and `one` go on list entries only",
        },
    );
}

/// `id: null` for the thread id, which the model requires: every thread
/// would fail to convert at run time.
#[test]
fn null_for_a_required_field() {
    assert_one_problem(
        "required-field-null",
        CONTACTSHIP,
        &Expected {
            location: ":11:5",
            at: Some("/thread/fields/id"),
            message: "`id` is required by the model: it cannot be `null`",
            help: "map it from a field of the provider, or give a `const:`",
        },
    );
}

/// A row written twice: YAML would keep the last one silently.
#[test]
fn duplicate_key() {
    assert_one_problem(
        "duplicate-key",
        CONTACTSHIP,
        &Expected {
            location: ":16:5",
            at: Some("/thread/fields/archived"),
            message: "`archived` is written twice in the same mapping (first at 15:5)",
            help: "keep one of them",
        },
    );
}

/// Two message sections for one schema would generate two functions of the
/// same name.
#[test]
fn duplicate_message_section() {
    assert_one_problem(
        "duplicate-message-section",
        CONTACTSHIP,
        &Expected {
            location: ":100:5",
            at: Some("/messages/1/schema"),
            message: "a message mapping for `Message` is already written above",
            help: "keep one section per provider schema",
        },
    );
}

// The corpus itself.

/// Every corpus file is its provider's real mapping with one thing broken:
/// past the header comment, the two differ in one place, by at most two lines
/// on either side. Fails when a real mapping changed and the corpus copies
/// must follow.
#[test]
fn every_corpus_file_is_one_edit_away_from_a_real_mapping() {
    let dir = repo_root().join("tests/bad-mappings");
    let mut cases = 0;
    for entry in fs::read_dir(&dir).expect("read tests/bad-mappings") {
        let path = entry.expect("a directory entry").path();
        let text = fs::read_to_string(&path).expect("read a corpus file");
        let provider = ["contactship", "delightbridge", "gochat", "hubspot"]
            .into_iter()
            .find(|p| {
                text.lines()
                    .take_while(|l| l.starts_with('#'))
                    .any(|l| l.contains(&format!("specs/mappings/{p}.yaml")))
            })
            .unwrap_or_else(|| panic!("{} names no real mapping file", path.display()));
        let real = fs::read_to_string(repo_root().join(mapping_path(provider)))
            .expect("read the real mapping");
        let body = |t: &str| -> Vec<String> {
            t.lines()
                .skip_while(|l| l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        };
        let (ours, theirs) = (body(&text), body(&real));
        let header = text.lines().count() - ours.len();
        let prefix = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
        let suffix = ours[prefix..]
            .iter()
            .rev()
            .zip(theirs[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let (changed_ours, changed_theirs) =
            (ours.len() - prefix - suffix, theirs.len() - prefix - suffix);
        assert!(
            (changed_ours + changed_theirs > 0 && changed_theirs <= 2 && changed_ours <= 2)
                // One added section of 23 lines.
                || path.ends_with("duplicate-message-section.yaml"),
            "{} is not one edit away from {}: its lines {}..={} differ",
            path.display(),
            mapping_path(provider),
            header + prefix + 1,
            header + prefix + changed_ours
        );
        cases += 1;
    }
    assert!(cases >= 30, "the corpus has {cases} files");
}

// The scenario: a provider adds an enum value.

/// A value added to a provider spec without a mapping fails codegen, naming
/// the mapping file, the field and the value; mapping it makes codegen pass,
/// and the result is up to date.
#[test]
fn a_value_added_to_a_provider_enum_must_be_mapped() {
    let scratch = integration_tests::scratch_workspace();
    let root = scratch.path();
    let spec = root.join("specs/contactship.yaml");
    let mapping = root.join("specs/mappings/contactship.yaml");

    // Contactship documents a new message status.
    let text = fs::read_to_string(&spec).expect("read the spec");
    let old = "enum: [pending, sent, delivered, read, failed]";
    assert_eq!(text.matches(old).count(), 1, "the Message status enum");
    fs::write(
        &spec,
        text.replace(
            old,
            "enum: [pending, sent, delivered, read, failed, bounced]",
        ),
    )
    .expect("write the spec");

    // The real mapping (not a corpus copy) is used here, so the expected
    // position is read from it rather than counted by hand.
    let mapping_text = fs::read_to_string(&mapping).expect("read the mapping");
    let map_line = "        map: { pending: pending, sent: sent, delivered: delivered, read: read, failed: failed }";
    let line = mapping_text
        .lines()
        .position(|l| l == map_line)
        .expect("the message's delivery map")
        + 1;
    let file = mapping_path(CONTACTSHIP);
    let stderr = run_expecting_failure(&scratch, &file, false);
    assert_reported(
        &stderr,
        &file,
        &Expected {
            // `map:` of the `delivery` row.
            location: &format!(":{line}:9"),
            at: Some("/messages/0/fields/delivery/map"),
            message: "`status` can be `bounced` (the spec lists it), and `map` does not say what it becomes",
            help: "add `bounced: <one of pending, sent, delivered, read, failed, unknown>` to `map`",
        },
    );
    assert_problem_count(&stderr, 1);

    // The mapping says what it becomes.
    fs::write(
        &mapping,
        mapping_text.replace(
            map_line,
            &map_line.replace("failed: failed }", "failed: failed, bounced: failed }"),
        ),
    )
    .expect("write the mapping");
    let outcome = xtask::codegen(root, xtask::Options::WRITE);
    assert_eq!(outcome.exit_code, 0, "stderr:\n{}", outcome.stderr);
    assert_eq!(outcome.stderr, "");
    for name in ["contactship-client", "conversations"] {
        let line = outcome
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no line for {name}; stdout:\n{}", outcome.stdout));
        assert!(line.contains(" updated "), "{line}");
    }
    let conversations =
        fs::read_to_string(root.join("generated/conversations/src/providers/contactship.rs"))
            .expect("read the conversations crate's contactship module");
    assert!(
        conversations.contains("Some(\"bounced\") => Some(Delivery::Failed)"),
        "the mapping's new arm is generated"
    );

    let check = xtask::codegen(root, xtask::Options::CHECK);
    assert_eq!(
        check.exit_code, 0,
        "stdout:\n{}\nstderr:\n{}",
        check.stdout, check.stderr
    );
    assert!(
        check
            .stdout
            .contains("generated/ is up to date with the specs"),
        "stdout:\n{}",
        check.stdout
    );
}
