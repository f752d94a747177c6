//! Maps JSON pointers to line and column in a YAML spec, so that an error
//! found in the parsed document can be reported where the author wrote it.
//!
//! serde_yaml keeps no positions in its values, so this replays the file
//! through yaml-rust2's event parser, which marks every node, and records the
//! position of each mapping key and sequence item under its pointer. A JSON
//! file (most published specs) is read by jsonc-parser instead, several
//! times faster: its syntax tree is walked as the same events, so both record
//! the same positions. (Except past an escaped surrogate pair, `"\ud83d\ude00"`,
//! which the YAML parser refuses, indexing nothing after it; JSON allows it.)

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (1-based) of every node of a YAML document, by JSON pointer.
pub(crate) struct Positions {
    positions: HashMap<String, (usize, usize)>,
    /// Keys written twice in one mapping (YAML loaders keep the last one
    /// silently): the second occurrence's pointer and position, in document
    /// order. The first is the one reported; after it, the value of a key
    /// written twice, walked again under the same pointer, can add more.
    duplicates: Vec<(String, (usize, usize))>,
}

impl Positions {
    /// Indexes `text`. Of a document that does not parse, the nodes before
    /// the error are indexed (the YAML loader reports the error itself, with
    /// its own position).
    pub(crate) fn index(text: &str) -> Self {
        let recorder = json::record(text).unwrap_or_else(|| yaml_record(text));
        Self {
            positions: recorder.positions,
            duplicates: recorder.duplicates,
        }
    }

    /// The first key written twice in one mapping, if any: its pointer and
    /// the position of the second occurrence.
    pub(crate) fn first_duplicate(&self) -> Option<&(String, (usize, usize))> {
        self.duplicates.first()
    }

    /// The pointer of the last node written at or before `line`:`column`:
    /// where in the document a position is.
    pub(crate) fn pointer_before(&self, line: usize, column: usize) -> Option<&str> {
        self.positions
            .iter()
            .filter(|(_, at)| **at <= (line, column))
            .max_by_key(|(pointer, at)| (**at, pointer.len()))
            .map(|(pointer, _)| pointer.as_str())
    }

    /// The position of the node at `pointer`, or of its nearest ancestor that
    /// was written in the file.
    pub(crate) fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer;
        loop {
            if let Some(position) = self.positions.get(pointer) {
                return Some(*position);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// The positions of `text` as the YAML parser marks them.
fn yaml_record(text: &str) -> Recorder {
    let mut recorder = Recorder::default();
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut recorder, false);
    recorder
}

enum Frame {
    /// In a mapping: the pointer of the mapping, that of the entry whose
    /// value comes next (`None` while a key is expected), and whether the
    /// mapping's own position is still to be taken from its first key (a
    /// mapping in a list is marked by the parser at its first `:`).
    Mapping {
        pointer: String,
        entry: Option<String>,
        place_at_first_key: bool,
    },
    /// In a sequence: the pointer of the sequence and the next item's index.
    Sequence { pointer: String, next: usize },
}

/// How deep positions are recorded. Deeper nodes are placed at their
/// ancestor at this depth: pointers grow with depth, and a 5,000-deep
/// document would otherwise take memory by the square of its depth. serde_yaml
/// refuses documents deeper than 128 anyway.
const MAX_DEPTH: usize = 160;

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    /// How many containers deep below [`MAX_DEPTH`] the parser is.
    deep: usize,
    positions: HashMap<String, (usize, usize)>,
    duplicates: Vec<(String, (usize, usize))>,
}

impl Recorder {
    /// Called for each node that starts; returns the pointer of a mapping or
    /// sequence (`container`), for what it holds.
    fn node_start(
        &mut self,
        scalar: Option<&str>,
        container: bool,
        position: (usize, usize),
    ) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                self.positions.entry(String::new()).or_insert(position);
                Some(String::new())
            }
            Some(Frame::Mapping {
                pointer,
                entry,
                place_at_first_key,
            }) => match entry.take() {
                None => {
                    // A key: the entry's position is where its key is written.
                    let key = crate::diagnostic::child(pointer, scalar.unwrap_or_default());
                    if *place_at_first_key {
                        self.positions.insert(pointer.clone(), position);
                        *place_at_first_key = false;
                    }
                    // Written before in this mapping. (A mapping walked again
                    // under the same pointer, the value of a key written twice,
                    // may add more: all after that first one, the one reported.)
                    match self.positions.entry(key.clone()) {
                        Entry::Occupied(_) => self.duplicates.push((key.clone(), position)),
                        Entry::Vacant(vacant) => {
                            vacant.insert(position);
                        }
                    }
                    *entry = Some(key);
                    None
                }
                Some(value) => container.then_some(value),
            },
            Some(Frame::Sequence { pointer, next }) => {
                let item = format!("{pointer}/{next}");
                *next += 1;
                if container {
                    self.positions.entry(item.clone()).or_insert(position);
                    Some(item)
                } else {
                    self.positions.entry(item).or_insert(position);
                    None
                }
            }
        }
    }
}

impl Recorder {
    /// A mapping or sequence written as a key (YAML's `? [a, b]`): placed as
    /// a key, its contents and its end skipped, so that the frames stay
    /// paired with their ends.
    fn skip_key(&mut self) {
        self.deep = 1;
    }
}

/// A node as the recorder reads it: what starts or ends where.
enum Node<'s> {
    /// A scalar: a mapping key (its text) or a value (whose text is not
    /// needed).
    Scalar(&'s str),
    Alias,
    MappingStart,
    SequenceStart,
    /// The end of the mapping or sequence started last.
    End,
}

impl Recorder {
    /// Records `node`, which starts at `position` (line and column, 1-based).
    fn on_node(&mut self, node: &Node<'_>, position: (usize, usize)) {
        if self.deep > 0 {
            match node {
                Node::MappingStart | Node::SequenceStart => self.deep += 1,
                Node::End => self.deep -= 1,
                Node::Scalar(_) | Node::Alias => {}
            }
            return;
        }
        let container = matches!(node, Node::MappingStart | Node::SequenceStart);
        if container && self.stack.len() >= MAX_DEPTH {
            self.node_start(None, true, position);
            self.deep = 1;
            return;
        }
        match node {
            Node::Scalar(value) => {
                self.node_start(Some(value), false, position);
            }
            Node::Alias => {
                self.node_start(None, false, position);
            }
            Node::MappingStart => {
                // The parser marks a block mapping at its first `:`; where the
                // mapping has no key of its own (the document, a list item),
                // its first key gives its position instead.
                let in_sequence = matches!(self.stack.last(), None | Some(Frame::Sequence { .. }));
                match self.node_start(None, true, position) {
                    Some(pointer) => self.stack.push(Frame::Mapping {
                        pointer,
                        entry: None,
                        place_at_first_key: in_sequence,
                    }),
                    None => self.skip_key(),
                }
            }
            Node::SequenceStart => match self.node_start(None, true, position) {
                Some(pointer) => self.stack.push(Frame::Sequence { pointer, next: 0 }),
                None => self.skip_key(),
            },
            Node::End => {
                self.stack.pop();
            }
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let node = match &event {
            Event::Scalar(value, ..) => Node::Scalar(value),
            Event::Alias(_) => Node::Alias,
            Event::MappingStart(..) => Node::MappingStart,
            Event::SequenceStart(..) => Node::SequenceStart,
            Event::MappingEnd | Event::SequenceEnd => Node::End,
            _ => return,
        };
        self.on_node(&node, (mark.line(), mark.col() + 1));
    }
}

/// JSON, read by jsonc-parser and walked as the YAML parser's events.
mod json {
    use jsonc_parser::ast::{ObjectPropName, Value};
    use jsonc_parser::common::Ranged;

    use super::{Node, Recorder};

    /// The positions of `text` when it is JSON as serde_json reads it (the
    /// reader of the document's value); `None` otherwise, and for JSON nested
    /// deeper than jsonc-parser follows: the YAML parser places those.
    pub(super) fn record(text: &str) -> Option<Recorder> {
        // A byte-order mark goes to the YAML parser too, which places the
        // document itself at the mark rather than at its first key.
        if !text.trim_start().starts_with('{') {
            return None;
        }
        // jsonc-parser, even with every leniency off, takes some text
        // serde_json refuses (Unicode spaces between tokens, raw control
        // characters in strings); that text's value comes from the YAML
        // reader, and so must its positions.
        serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
        let strict = jsonc_parser::ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        };
        let parsed =
            jsonc_parser::parse_to_ast(text, &jsonc_parser::CollectOptions::default(), &strict)
                .ok()?;
        let mut walk = Walk {
            recorder: Recorder::default(),
            cursor: Cursor::new(text),
        };
        walk.value(&parsed.value?);
        Some(walk.recorder)
    }

    struct Walk<'t> {
        recorder: Recorder,
        cursor: Cursor<'t>,
    }

    impl Walk<'_> {
        /// Records `value` and what it holds, in the order written (jsonc-parser
        /// stops at 512 levels of its count, each object property one, so the
        /// recursion is bounded).
        fn value(&mut self, value: &Value<'_>) {
            let at = self.cursor.position(value.start());
            match value {
                Value::Object(object) => {
                    self.recorder.on_node(&Node::MappingStart, at);
                    for property in &object.properties {
                        let key = match &property.name {
                            ObjectPropName::String(name) => name.value.as_ref(),
                            ObjectPropName::Word(word) => word.value,
                        };
                        let key_at = self.cursor.position(property.name.start());
                        self.recorder.on_node(&Node::Scalar(key), key_at);
                        self.value(&property.value);
                    }
                    self.recorder.on_node(&Node::End, at);
                }
                Value::Array(array) => {
                    self.recorder.on_node(&Node::SequenceStart, at);
                    for element in &array.elements {
                        self.value(element);
                    }
                    self.recorder.on_node(&Node::End, at);
                }
                _ => self.recorder.on_node(&Node::Scalar(""), at),
            }
        }
    }

    /// Line and column (1-based, columns in characters) of byte offsets asked
    /// in increasing order, counted on from the last one asked: line breaks
    /// as YAML counts them (`\n`, `\r\n`, a lone `\r`).
    pub(super) struct Cursor<'t> {
        text: &'t [u8],
        at: usize,
        line: usize,
        column: usize,
    }

    impl<'t> Cursor<'t> {
        pub(super) fn new(text: &'t str) -> Self {
            Self {
                text: text.as_bytes(),
                at: 0,
                line: 1,
                column: 1,
            }
        }

        pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
            if offset < self.at {
                // Not in order: count again from the start.
                self.at = 0;
                self.line = 1;
                self.column = 1;
            }
            let end = offset.min(self.text.len());
            for (i, byte) in self.text[self.at..end].iter().enumerate() {
                match byte {
                    b'\n' => {
                        self.line += 1;
                        self.column = 1;
                    }
                    b'\r' if self.text.get(self.at + i + 1) != Some(&b'\n') => {
                        self.line += 1;
                        self.column = 1;
                    }
                    b'\r' => {}
                    // A UTF-8 continuation byte: the same character.
                    _ if byte & 0xC0 == 0x80 => {}
                    _ => self.column += 1,
                }
            }
            self.at = end;
            (self.line, self.column)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /v1/thread/{id}:
    get:
      operationId: get_thread
      tags: [a, b]
";

    #[test]
    fn finds_keys_and_items() {
        let positions = Positions::index(DOC);
        assert_eq!(positions.find("/openapi"), Some((1, 1)));
        assert_eq!(
            positions.find("/paths/~1v1~1thread~1{id}/get"),
            Some((4, 5))
        );
        assert_eq!(
            positions.find("/paths/~1v1~1thread~1{id}/get/operationId"),
            Some((5, 7))
        );
        assert_eq!(
            positions.find("/paths/~1v1~1thread~1{id}/get/tags/1"),
            Some((6, 17))
        );
    }

    #[test]
    fn a_mapping_in_a_list_is_placed_at_its_first_key() {
        let positions = Positions::index("items:\n  - name: a\n    value: 1\n");
        assert_eq!(positions.find("/items/0"), Some((2, 5)));
        assert_eq!(positions.find("/items/0/value"), Some((3, 5)));
    }

    #[test]
    fn duplicate_keys_are_recorded_at_their_second_occurrence() {
        let positions = Positions::index("a: 1\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(
            positions.first_duplicate(),
            Some(&("/b/c".to_owned(), (4, 3)))
        );
        assert_eq!(positions.find("/b/c"), Some((3, 3)));
        assert_eq!(Positions::index("a: 1\n").first_duplicate(), None);
    }

    #[test]
    fn the_document_itself_has_a_position() {
        assert_eq!(
            Positions::index("# comment\nopenapi: 3.0.3\n").find(""),
            Some((2, 1))
        );
    }

    #[test]
    fn falls_back_to_the_nearest_written_ancestor() {
        let positions = Positions::index(DOC);
        assert_eq!(
            positions.find("/paths/~1v1~1thread~1{id}/get/responses/200"),
            Some((4, 5))
        );
    }

    /// What a reader recorded: every position, sorted, and the duplicates.
    type Recorded = (Vec<(String, (usize, usize))>, Vec<(String, (usize, usize))>);

    /// The JSON reader's record of `text`, and the YAML parser's.
    fn both(text: &str) -> (Recorded, Recorded) {
        let sorted = |r: Recorder| {
            let mut positions: Vec<_> = r.positions.into_iter().collect();
            positions.sort();
            (positions, r.duplicates)
        };
        let json = json::record(text).unwrap_or_else(|| panic!("read as JSON: {text}"));
        (sorted(json), sorted(yaml_record(text)))
    }

    #[test]
    fn json_is_placed_as_the_yaml_parser_places_it() {
        let cases = [
            "{\"a\": 1, \"b\": {\"c\": [1, {\"d\": 2}, {}, []], \"e\": null}}",
            // Keys written twice, also where the second value is a mapping.
            "{\"a\": {\"x\": 1}, \"a\": {\"x\": 2, \"y\": 3}, \"b\": 1, \"b\": 2}",
            // Line breaks of each kind, characters of several bytes, escapes.
            "{\r\n  \"é€\": {\"😀\": 1},\r  \"a/b~c\": [\n    \"x\", true\n  ],\n  \"\\u00e9\\n\": 2\n}",
            // An empty document mapping, and one in a list.
            "{}",
            "{\"list\": [{}, {\"k\": [[{\"z\": 0}]]}]}",
        ];
        for text in cases {
            let (json, yaml) = both(text);
            assert_eq!(json, yaml, "{text}");
        }
        let (json, _) = both(cases[1]);
        assert_eq!(json.1.first().map(|d| d.0.as_str()), Some("/a"));
    }

    #[test]
    fn json_deeper_than_recorded_is_placed_at_its_ancestor_as_in_yaml() {
        let depth = MAX_DEPTH + 20;
        let text = format!(
            "{{\"a\": {}{{\"b\": 1}}{}, \"c\": [{{}}]}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let (json, yaml) = both(&text);
        assert_eq!(json, yaml);
        // Deeper than jsonc-parser follows: the YAML parser reads it.
        let deep = format!("{}1{}", "[".repeat(600), "]".repeat(600));
        assert!(json::record(&format!("{{\"a\": {deep}}}")).is_none());
    }

    #[test]
    fn text_that_is_not_strict_json_is_left_to_the_yaml_parser() {
        for text in [
            "{a: 1}",
            "{\"a\": 1,}",
            "{\"a\": 1} # note",
            "a: {}",
            "{\"a\": 'b'}",
            // Taken by jsonc-parser, refused by serde_json.
            "{\"a\": 1,\u{a0}\"b\": 2}",
            "{\"a\": \"x\u{1}y\"}",
        ] {
            assert!(json::record(text).is_none(), "{text}");
        }
    }

    #[test]
    fn json_is_placed_past_an_escaped_surrogate_pair_where_yaml_stops() {
        let text = "{\"a\": \"\\ud83d\\ude00\", \"b\": 1, \"b\": 2}";
        let json = json::record(text).expect("JSON");
        assert_eq!(json.positions.get("/b"), Some(&(1, 23)));
        assert_eq!(json.duplicates, [("/b".to_owned(), (1, 31))]);
        assert_eq!(yaml_record(text).positions.get("/b"), None);
    }

    #[test]
    fn a_yaml_key_that_is_a_list_keeps_the_frames_paired() {
        let positions = Positions::index("a: 1\n? [x]\n: y\nb:\n  a: 2\n");
        assert_eq!(positions.first_duplicate(), None);
        assert_eq!(positions.find("/b/a"), Some((5, 3)));
        assert_eq!(positions.find("/a"), Some((1, 1)));
    }

    /// Every JSON spec of the corpus and the benchmarks: real documents of
    /// many publishers, each node placed by both readers alike.
    #[test]
    fn every_json_spec_we_hold_is_placed_as_the_yaml_parser_places_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut compared = 0;
        for dir in ["corpus/specs", "benchmarks/specs"] {
            let entries =
                std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
            for entry in entries {
                let path = entry.expect("a directory entry").path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("a JSON spec");
                if text.starts_with('\u{feff}') {
                    assert!(json::record(&text).is_none(), "{}", path.display());
                    continue;
                }
                let (json, yaml) = both(&text);
                assert_eq!(json.1, yaml.1, "{}", path.display());
                assert!(json.0 == yaml.0, "{}: positions differ", path.display());
                compared += 1;
            }
        }
        assert!(compared >= 20, "{compared} JSON specs compared");
    }
}
