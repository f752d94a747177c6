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
pub(crate) struct Positions(HashMap<String, (usize, usize)>);

impl Positions {
    /// Indexes `text`. A document that does not parse yields an empty index:
    /// such a file is reported by the YAML loader, with its own position.
    pub(crate) fn index(text: &str) -> Self {
        let mut recorder = Recorder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut recorder, false).is_err() {
            return Self(HashMap::new());
        }
        Self(recorder.positions)
    }

    /// The position of the node at `pointer`, or of its nearest ancestor that
    /// was written in the file.
    pub(crate) fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut pointer = pointer;
        loop {
            if let Some(position) = self.0.get(pointer) {
                return Some(*position);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

enum Frame {
    /// In a mapping: the pointer of the mapping, and the key whose value comes
    /// next (`None` while a key is expected).
    Mapping {
        pointer: String,
        key: Option<String>,
    },
    /// In a sequence: the pointer of the sequence and the next item's index.
    Sequence { pointer: String, next: usize },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
}

impl Recorder {
    /// Called for each node that starts; returns the node's pointer, or
    /// `None` when the node is a mapping key.
    fn node_start(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                None => {
                    // A key: the entry's position is where its key is written.
                    let k = scalar.unwrap_or_default().to_owned();
                    let entry = format!("{pointer}/{}", escape_token(&k));
                    self.positions.entry(entry).or_insert(position);
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
        match event {
            Event::Scalar(value, ..) => {
                self.node_start(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.node_start(None, mark);
            }
            Event::MappingStart(..) => {
                if let Some(pointer) = self.node_start(None, mark) {
                    self.stack.push(Frame::Mapping { pointer, key: None });
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
    fn falls_back_to_the_nearest_written_ancestor() {
        let positions = Positions::index(DOC);
        assert_eq!(
            positions.find("/paths/~1v1~1thread~1{id}/get/responses/200"),
            Some((4, 5))
        );
    }
}
