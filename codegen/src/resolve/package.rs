//! The crate's package, the official SDKs and the docs' front matter, from the map or defaults.

use crate::model::*;
use crate::names::snake;
use crate::resource_map::ResourceMap;

/// A Cargo package name from the API's title: its ASCII words in kebab case, at most
/// [`MAX_NAME_LEN`](crate::files::MAX_NAME_LEN) bytes (cut at a word), starting with a letter;
/// `api-client` when the title has no such word. (A name given in `sdk.yaml` is checked instead.)
pub(super) fn crate_name_from_title(title: &str) -> String {
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

pub(super) fn env_prefix_from(crate_name: &str) -> String {
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
        },
        None => DocsInfo {
            name: package.crate_name.clone(),
            title: title.to_string(),
            author: package.env_prefix.to_lowercase(),
            product: package.crate_name.clone(),
            summary: format!("Use the {title}."),
        },
    }
}
