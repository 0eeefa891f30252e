//! Turning spec prose into rustdoc that `cargo doc -D warnings` accepts: brackets and angle
//! brackets escaped (they would read as broken intra-doc links or HTML), bare URLs wrapped.

/// Escapes Markdown/HTML hazards in `text` and wraps bare `http(s)://` URLs in `<...>`.
pub fn rustdoc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        let next_url = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (plain, tail) = match next_url {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        for c in plain.chars() {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        if tail.is_empty() {
            break;
        }
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>' | ']' | ',')
            })
            .unwrap_or(tail.len());
        let (url, after) = tail.split_at(end);
        let url_trimmed = url.trim_end_matches(['.', ';', ':']);
        out.push('<');
        out.push_str(url_trimmed);
        out.push('>');
        out.push_str(&url[url_trimmed.len()..]);
        rest = after;
    }
    out
}

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
    fn escapes_links_and_html_and_wraps_urls() {
        assert_eq!(rustdoc_text("page[size] <b>"), "page\\[size\\] &lt;b&gt;");
        assert_eq!(
            rustdoc_text("See https://api.telnyx.com/v2/oauth/token."),
            "See <https://api.telnyx.com/v2/oauth/token>."
        );
        assert_eq!(rustdoc_text("(http://a.b/c)"), "(<http://a.b/c>)");
    }

    #[test]
    fn description_equal_to_summary_is_not_repeated() {
        assert_eq!(doc_lines(Some("Get it"), Some("Get it.")), vec!["Get it"]);
        assert_eq!(
            doc_lines(Some("Get it"), Some("More.")),
            vec!["Get it", "", "More."]
        );
    }
}
