//! An operation's path, parsed once: constant text and `{parameter}`s.

use std::fmt;

/// A path template such as `/v1/thread/{threadId}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Parameter(String),
}

impl PathTemplate {
    /// Parses `path`. A `{` without its `}` is kept as text, as servers would
    /// see it; the parameter checks then report the name it lacks.
    pub(crate) fn parse(path: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            parts.push(Part::Parameter(rest[open + 1..close].to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Self { parts }
    }

    /// The parameters, in the order they appear.
    pub(crate) fn parameters(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|part| match part {
                Part::Parameter(name) => Some(name.as_str()),
                Part::Text(_) => None,
            })
            .collect()
    }

    /// The segments between `/`s, each with whether it is a parameter
    /// (`{threadId}` → `("threadId", true)`), empty segments left out.
    pub(crate) fn segments(&self) -> Vec<(String, bool)> {
        self.to_string()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(
                |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => (name.to_owned(), true),
                    None => (segment.to_owned(), false),
                },
            )
            .collect()
    }

    /// The template as a `format!` string with `{}` for each parameter:
    /// `/v1/thread/{}`. Braces in the constant text are doubled.
    pub(crate) fn format_string(&self) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.replace('{', "{{").replace('}', "}}"),
                Part::Parameter(_) => "{}".to_owned(),
            })
            .collect()
    }

    /// A regular expression matching the paths this template makes:
    /// `^/v1/thread/[^/]+$`, the constant text escaped.
    pub(crate) fn regex(&self) -> String {
        self.regex_with(|_| "[^/]+".to_owned())
    }

    /// [`PathTemplate::regex`] with each parameter matched by what
    /// `parameter` gives for its name.
    pub(crate) fn regex_with(&self, parameter: impl Fn(&str) -> String) -> String {
        let mut pattern = String::from("^");
        for part in &self.parts {
            match part {
                Part::Text(text) => {
                    for c in text.chars() {
                        if "\\.+*?()|[]{}^$#&-~".contains(c) {
                            pattern.push('\\');
                        }
                        pattern.push(c);
                    }
                }
                Part::Parameter(name) => pattern.push_str(&parameter(name)),
            }
        }
        pattern.push('$');
        pattern
    }
}

impl fmt::Display for PathTemplate {
    /// The path as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(text) => f.write_str(text)?,
                Part::Parameter(name) => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parameters_in_order_and_round_trips() {
        for (path, parameters) in [
            ("/v1/thread/{threadId}", vec!["threadId"]),
            ("/a/{x}/b/{y}.json", vec!["x", "y"]),
            ("/plain", vec![]),
            ("/broken/{x", vec![]),
            ("", vec![]),
        ] {
            let template = PathTemplate::parse(path);
            assert_eq!(template.parameters(), parameters, "{path}");
            assert_eq!(template.to_string(), path);
        }
    }

    #[test]
    fn segments_say_which_are_parameters() {
        let template = PathTemplate::parse("/v1/thread/{threadId}/");
        let segments = template.segments();
        let shown: Vec<(&str, bool)> = segments.iter().map(|(s, p)| (s.as_str(), *p)).collect();
        assert_eq!(
            shown,
            [("v1", false), ("thread", false), ("threadId", true)]
        );
    }

    #[test]
    fn format_string_and_regex() {
        let template = PathTemplate::parse("/api.v1/thread/{id}/messages");
        assert_eq!(template.format_string(), "/api.v1/thread/{}/messages");
        assert_eq!(template.regex(), "^/api\\.v1/thread/[^/]+/messages$");
    }
}
