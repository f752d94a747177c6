//! Maps JSON pointers to line and column in a YAML spec, so that an error
//! found in the parsed document can be reported where the author wrote it.
//!
//! serde_yaml keeps no positions in its values, so this replays the file
//! through yaml-rust2's event parser, which marks every node, and records the
//! position of each mapping key and sequence item under its pointer.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::escape_token;

/// Line and column (1-based) of every node of a YAML document, by JSON pointer.
pub(crate) struct Positions {
    positions: HashMap<String, (usize, usize)>,
    /// Keys written twice in one mapping (YAML loaders keep the last one
    /// silently): the second occurrence's pointer and position.
    duplicates: Vec<(String, (usize, usize))>,
}

impl Positions {
    /// Indexes `text`. Of a document that does not parse, the nodes before
    /// the error are indexed (the YAML loader reports the error itself, with
    /// its own position).
    pub(crate) fn index(text: &str) -> Self {
        let mut recorder = Recorder::default();
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut recorder, false);
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

enum Frame {
    /// In a mapping: the pointer of the mapping, the key whose value comes
    /// next (`None` while a key is expected), the keys seen so far, and
    /// whether the mapping's own position is still to be taken from its first
    /// key (a mapping in a list is marked by the parser at its first `:`).
    Mapping {
        pointer: String,
        key: Option<String>,
        seen: Vec<String>,
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
    /// Called for each node that starts; returns the node's pointer, or
    /// `None` when the node is a mapping key.
    fn node_start(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => {
                self.positions.entry(String::new()).or_insert(position);
                Some(String::new())
            }
            Some(Frame::Mapping {
                pointer,
                key,
                seen,
                place_at_first_key,
            }) => match key.take() {
                None => {
                    // A key: the entry's position is where its key is written.
                    let k = scalar.unwrap_or_default().to_owned();
                    let entry = format!("{pointer}/{}", escape_token(&k));
                    if *place_at_first_key {
                        self.positions.insert(pointer.clone(), position);
                        *place_at_first_key = false;
                    }
                    if seen.contains(&k) {
                        self.duplicates.push((entry, position));
                    } else {
                        self.positions.entry(entry).or_insert(position);
                        seen.push(k.clone());
                    }
                    *key = Some(k);
                    None
                }
                Some(k) => Some(format!("{pointer}/{}", escape_token(&k))),
            },
            Some(Frame::Sequence { pointer, next }) => {
                let item = format!("{pointer}/{next}");
                *next += 1;
                self.positions.entry(item.clone()).or_insert(position);
                Some(item)
            }
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.deep > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.deep += 1,
                Event::MappingEnd | Event::SequenceEnd => self.deep -= 1,
                _ => {}
            }
            return;
        }
        let container = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        if container && self.stack.len() >= MAX_DEPTH {
            self.node_start(None, mark);
            self.deep = 1;
            return;
        }
        match event {
            Event::Scalar(value, ..) => {
                self.node_start(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.node_start(None, mark);
            }
            Event::MappingStart(..) => {
                // The parser marks a block mapping at its first `:`; where the
                // mapping has no key of its own (the document, a list item),
                // its first key gives its position instead.
                let in_sequence = matches!(self.stack.last(), None | Some(Frame::Sequence { .. }));
                if let Some(pointer) = self.node_start(None, mark) {
                    self.stack.push(Frame::Mapping {
                        pointer,
                        key: None,
                        seen: Vec::new(),
                        place_at_first_key: in_sequence,
                    });
                }
            }
            Event::SequenceStart(..) => {
                if let Some(pointer) = self.node_start(None, mark) {
                    self.stack.push(Frame::Sequence { pointer, next: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
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
}
