//! Serde helpers used by the generated types.

use serde::{Deserialize, Deserializer};

/// Deserializer for fields that are both optional and nullable (`Option<Option<T>>`):
///
/// | JSON            | value            |
/// |-----------------|------------------|
/// | field absent    | `None`           |
/// | `null`          | `Some(None)`     |
/// | a value `v`     | `Some(Some(v))`  |
///
/// Use it together with `default` (so that an absent field becomes `None`):
///
/// ```text
/// #[serde(
///     default,
///     deserialize_with = "crate::serde_helpers::double_option",
///     skip_serializing_if = "Option::is_none"
/// )]
/// pub logo_uri: Option<Option<String>>,
/// ```
///
/// No custom serializer is needed: with `skip_serializing_if = "Option::is_none"`, `None` is left out,
/// `Some(None)` is written as `null` and `Some(Some(v))` as `v`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Deserializer for optional fields whose type holds `null` itself (`Option<serde_json::Value>`):
/// a `null` that is there is `Some(Value::Null)`, so that it is written back, while an absent
/// field stays `None` (with `default`). Plain serde reads both as `None`.
pub fn present<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Patch {
        #[serde(
            default,
            deserialize_with = "super::double_option",
            skip_serializing_if = "Option::is_none"
        )]
        logo_uri: Option<Option<String>>,
        #[serde(
            default,
            deserialize_with = "super::double_option",
            skip_serializing_if = "Option::is_none"
        )]
        scopes: Option<Option<Vec<String>>>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Loose {
        #[serde(
            default,
            deserialize_with = "super::present",
            skip_serializing_if = "Option::is_none"
        )]
        anything: Option<serde_json::Value>,
    }

    #[test]
    fn a_present_null_is_kept() {
        for text in [r#"{}"#, r#"{"anything":null}"#, r#"{"anything":[1]}"#] {
            let value: Loose = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), text);
        }
    }

    #[test]
    fn absent_null_and_value() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.logo_uri, None);
        let null: Patch = serde_json::from_str(r#"{"logo_uri":null}"#).unwrap();
        assert_eq!(null.logo_uri, Some(None));
        let value: Patch = serde_json::from_str(r#"{"logo_uri":"https://x/y.png"}"#).unwrap();
        assert_eq!(value.logo_uri, Some(Some("https://x/y.png".to_string())));
        let list: Patch = serde_json::from_str(r#"{"scopes":["a","b"]}"#).unwrap();
        assert_eq!(
            list.scopes,
            Some(Some(vec!["a".to_string(), "b".to_string()]))
        );
        assert!(serde_json::from_str::<Patch>(r#"{"logo_uri":5}"#).is_err());
    }

    #[test]
    fn round_trips() {
        for json in [
            "{}",
            r#"{"logo_uri":null}"#,
            r#"{"logo_uri":"x","scopes":[]}"#,
        ] {
            let p: Patch = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&p).unwrap(), json);
        }
    }
}
