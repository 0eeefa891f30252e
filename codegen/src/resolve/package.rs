//! The crate's package, the official SDKs and the docs' front matter, from the map or defaults.

use crate::model::*;
use crate::names::snake;
use crate::resource_map::ResourceMap;

/// The crate's package: from the map's `package`, else named after the API's title.
pub(super) fn package(map: &ResourceMap, title: &str) -> Package {
    match &map.package {
        Some(p) => Package {
            crate_name: p.crate_name.clone(),
            crate_version: p.crate_version.clone().unwrap_or_else(|| "0.1.0".into()),
            crate_version_source: if p.crate_version.is_some() {
                VersionSource::Declared
            } else {
                VersionSource::NotInMap
            },
            env_prefix: p
                .env_prefix
                .clone()
                .unwrap_or_else(|| env_prefix_from(&p.crate_name)),
            keywords: p
                .keywords
                .clone()
                .unwrap_or_else(|| keywords_from(&p.crate_name)),
        },
        None => {
            let crate_name = crate_name_from_title(title);
            Package {
                env_prefix: env_prefix_from(&crate_name),
                keywords: keywords_from(&crate_name),
                crate_name,
                crate_version: "0.1.0".into(),
                crate_version_source: if map.file.is_some() {
                    VersionSource::NotInMap
                } else {
                    VersionSource::NoMap
                },
            }
        }
    }
}

/// The most keywords a crate may have on crates.io.
pub const MAX_KEYWORDS: usize = 5;

/// Whether crates.io takes `word` as a keyword: at most 20 ASCII letters, digits, `_`, `-` or
/// `+`, starting with a letter.
pub fn is_crate_keyword(word: &str) -> bool {
    word.len() <= 20
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
}

/// Default crates.io keywords: the crate name's words (`telnyx-oauth` → `telnyx`, `oauth`), then
/// `api`, `client` and `sdk`, at most [`MAX_KEYWORDS`].
fn keywords_from(crate_name: &str) -> Vec<String> {
    let mut keywords: Vec<String> = vec![];
    let words = crate_name.split(['-', '_']).map(str::to_ascii_lowercase);
    for word in words.chain(["api", "client", "sdk"].map(String::from)) {
        if is_crate_keyword(&word) && !keywords.contains(&word) && keywords.len() < MAX_KEYWORDS {
            keywords.push(word);
        }
    }
    keywords
}

/// A Cargo package name from the API's title: its ASCII words in kebab case, at most
/// [`MAX_NAME_LEN`](crate::files::MAX_NAME_LEN) bytes (cut at a word), starting with a letter;
/// `api-client` when the title has no such word. (A name given in `sdk.yaml` is checked instead.)
fn crate_name_from_title(title: &str) -> String {
    let ascii: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = String::new();
    for word in snake(&ascii).split('_').filter(|w| !w.is_empty()) {
        if name.is_empty() && !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if name.len() + word.len() + 1 > crate::files::MAX_NAME_LEN {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(word);
    }
    if name.is_empty() || crate::files::segment_problem(&name, crate::files::MAX_NAME_LEN).is_some()
    {
        "api-client".into()
    } else {
        name
    }
}

fn env_prefix_from(crate_name: &str) -> String {
    crate_name
        .split(['-', '_'])
        .next()
        .unwrap_or("API")
        .to_uppercase()
}

/// The official SDKs the map lists, in the order of [`SdkLanguage::ALL`].
pub(super) fn sdks_from_map(map: &ResourceMap) -> Vec<Sdk> {
    SdkLanguage::ALL
        .into_iter()
        .filter_map(|language| {
            map.sdks.get(language.key()).map(|e| Sdk {
                language,
                package: e.package.clone(),
                import: e.import.clone(),
                client: e.client.clone(),
                tested_version: e.tested_version.clone(),
                requires: e.requires.clone(),
            })
        })
        .collect()
}

/// The docs' front matter: from the map, else from the crate name and the API title.
pub(super) fn docs_info(map: &ResourceMap, package: &Package, title: &str) -> DocsInfo {
    match &map.docs {
        Some(d) => DocsInfo {
            name: d.name.clone(),
            title: d.title.clone(),
            author: d.author.clone(),
            product: d.product.clone(),
            summary: d.summary.clone(),
            vendor: d.vendor.clone(),
            api_key_source: d.api_key_source.clone(),
        },
        None => DocsInfo {
            name: package.crate_name.clone(),
            title: title.to_string(),
            author: package.env_prefix.to_lowercase(),
            product: package.crate_name.clone(),
            summary: format!("Use the {title}."),
            vendor: None,
            api_key_source: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keywords_are_the_crate_names_words_then_generic_ones() {
        assert_eq!(
            keywords_from("telnyx-oauth"),
            ["telnyx", "oauth", "api", "client", "sdk"]
        );
        assert_eq!(keywords_from("api-client"), ["api", "client", "sdk"]);
        // At most five; words crates.io refuses (a leading digit, too long) are left out.
        assert_eq!(
            keywords_from("acme-2fa-a_very_long_word_of_more_than_twenty-x-y-z"),
            ["acme", "a", "very", "long", "word"]
        );
        assert_eq!(keywords_from("acme-2fa"), ["acme", "api", "client", "sdk"]);
    }
}
