//! Integration tests across the workspace live in `tests/tests/`; this
//! library is empty.
