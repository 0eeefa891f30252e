//! Turning spec prose into rustdoc lines, each through [`crate::encode::rustdoc_text`]: no code
//! block (a doctest), no broken intra-doc link or HTML, bare URLs wrapped.

pub use crate::encode::rustdoc_text;

/// Lines of a doc comment: the summary, then (after a blank line) the description when it adds
/// something, each escaped.
pub fn doc_lines(summary: Option<&str>, description: Option<&str>) -> Vec<String> {
    let mut lines = vec![];
    let summary = summary.map(str::trim).filter(|s| !s.is_empty());
    let description = description.map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = summary {
        lines.extend(s.lines().map(rustdoc_text));
    }
    if let Some(d) = description {
        if summary.is_some_and(|s| s.trim_end_matches('.') == d.trim_end_matches('.')) {
            return lines;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(d.lines().map(rustdoc_text));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_equal_to_summary_is_not_repeated() {
        assert_eq!(doc_lines(Some("Get it"), Some("Get it.")), vec!["Get it"]);
        assert_eq!(
            doc_lines(Some("Get it"), Some("More.")),
            vec!["Get it", "", "More."]
        );
    }
}
