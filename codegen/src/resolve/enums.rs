//! `enum` lists: string and integer enums, their variant names, and which lists stay plain types.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostic::pointer_push;
use crate::model::*;
use crate::names::{type_ident, NameSet};

use super::view::View;
use super::{Ctx, Resolver};

/// What makes two inline enums the same enum: their kind and their values, in any order.
pub(super) fn enum_key(e: &EnumDef) -> Vec<String> {
    let mut values: Vec<String> = e
        .variants()
        .map(|(value, _)| match value {
            EnumValue::String(s) => format!("s:{s}"),
            EnumValue::Integer(i) => format!("i:{i}"),
        })
        .collect();
    values.sort();
    values
}

/// An integer enum value: a JSON integer in 64 bits, or a float with no fractional part in range
/// (`1.0`, as some documents write integers).
fn enum_integer(value: &Value) -> Option<i64> {
    if let Some(n) = value.as_i64() {
        return Some(n);
    }
    // -2^63 and 2^63 are exact in f64; the range is [-2^63, 2^63).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    value
        .as_f64()
        .filter(|f| value.is_f64() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(f))
        .map(|f| f as i64)
}

/// A variant name for an integer enum value: `1` → `V1`, `0` → `V0`, `-1` → `Minus1`.
fn integer_variant_name(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// A variant name for an enum value: `client_credentials` → `ClientCredentials`, `S256` → `S256`,
/// `""` → `Empty`, `+1` → `Plus1`, `-1` → `Minus1`.
fn enum_variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".into();
    }
    let spelled = value.replace('+', " plus ").replace('-', " minus ");
    let spelled = if value.chars().any(|c| c.is_alphabetic()) {
        value.to_string()
    } else {
        spelled
    };
    let name = type_ident(&spelled);
    if name == "Unknown" {
        "Unknown_".into()
    } else {
        name
    }
}

impl Resolver<'_> {
    /// The enum a schema's `enum` makes. The kind of the list is decided first, from the schema's
    /// `type` or, untyped, from the values: strings (a `string` schema, or an untyped one listing
    /// a string; other values are dropped with a warning), or integers (an `integer` schema, or an
    /// untyped one listing only numbers; whole floats such as `1.0` count as integers). Every list
    /// that does not become an enum is a warning, and the schema stays its plain type: values that
    /// are not 64-bit integers, `number` enums (rare, and floats make poor variants), a `string`
    /// schema listing no string, and enums of booleans, objects or arrays.
    pub(super) fn enum_def(&mut self, v: &View<'_>, ctx: &Ctx) -> Option<EnumDef> {
        if v.enum_values.is_empty() {
            return None;
        }
        let at = pointer_push(&ctx.pointer, "enum");
        let is_string = |x: &Value| x.is_string();
        let strings = match v.typ {
            Some("string") => true,
            None => v.enum_values.iter().any(|(_, x)| is_string(x)),
            _ => false,
        };
        let integers = match v.typ {
            Some("integer") => true,
            None => v.enum_values.iter().all(|(_, x)| x.is_number()),
            _ => false,
        };
        if strings {
            if let Some((index, odd)) = v.enum_values.iter().find(|(_, x)| !is_string(x)) {
                let all_odd = !v.enum_values.iter().any(|(_, x)| is_string(x));
                if all_odd {
                    self.warn(
                        &at,
                        "this `type: string` enum lists no string; it is generated as a plain string",
                        "list strings (or change the schema's `type` to that of the values)",
                    );
                    return None;
                }
                self.warn(
                    &pointer_push(&at, &index.to_string()),
                    format!(
                        "string enum value {odd} is not a string; only the strings become variants"
                    ),
                    "list values of one type only (and give the schema a `type`)",
                );
            }
            let values: Vec<(usize, String)> = v
                .enum_values
                .iter()
                .filter_map(|(i, x)| x.as_str().map(|s| (*i, s.to_string())))
                .collect();
            let values = self.distinct(values, &at);
            let mut names = NameSet::default();
            let variants = values
                .into_iter()
                .map(|value| EnumVariant {
                    rust_name: names.claim(&enum_variant_name(&value)),
                    value,
                })
                .collect();
            return Some(EnumDef {
                values: EnumValues::String(variants),
            });
        }
        if integers {
            let values: Result<Vec<(usize, i64)>, (usize, &Value)> = v
                .enum_values
                .iter()
                .map(|(i, x)| enum_integer(x).map(|n| (*i, n)).ok_or((*i, x)))
                .collect();
            return match values {
                Ok(values) => {
                    let values = self.distinct(values, &at);
                    let mut names = NameSet::default();
                    let variants = values
                        .into_iter()
                        .map(|value| EnumVariant {
                            rust_name: names.claim(&integer_variant_name(value)),
                            value,
                        })
                        .collect();
                    Some(EnumDef {
                        values: EnumValues::Integer(variants),
                    })
                }
                Err((index, odd)) => {
                    let (kind, plain) = match v.typ {
                        Some(_) => ("integer enum", "a plain integer"),
                        None => ("untyped enum of numbers", "any JSON value"),
                    };
                    self.warn(
                        &pointer_push(&at, &index.to_string()),
                        format!("{kind}: value {odd} is not a 64-bit signed integer; the enum is generated as {plain}"),
                        "list only integers from -9223372036854775808 to 9223372036854775807 (and give the schema `type: integer`), or make it a string enum",
                    );
                    None
                }
            };
        }
        match v.typ {
            Some("number") => self.warn(
                &at,
                "enums of `type: number` are generated as plain numbers (`f64`): any value is accepted",
                "use `type: integer` if the values are whole numbers, or a string enum",
            ),
            Some(other) => self.warn(
                &at,
                format!("enums of `type: {other}` are not generated as enums: any value of the type is accepted"),
                "use a string or integer enum, or remove the `enum` list",
            ),
            None => {
                let kinds: BTreeSet<&str> = v
                    .enum_values
                    .iter()
                    .map(|(_, x)| match x {
                        Value::Bool(_) => "booleans",
                        Value::Number(_) => "numbers",
                        Value::Array(_) => "arrays",
                        _ => "objects",
                    })
                    .collect();
                self.warn(
                    &at,
                    format!(
                        "an enum of {} is not generated as an enum: any JSON value is accepted",
                        kinds.into_iter().collect::<Vec<_>>().join(" and ")
                    ),
                    "use a string or integer enum (and give the schema a `type`)",
                );
            }
        }
        None
    }

    /// `values` (each with its index in the `enum` list at `at`) without repeats, the first kept;
    /// each repeat is a warning.
    fn distinct<T: PartialEq + std::fmt::Display>(
        &mut self,
        values: Vec<(usize, T)>,
        at: &str,
    ) -> Vec<T> {
        let mut out: Vec<T> = Vec::with_capacity(values.len());
        for (index, value) in values {
            if out.contains(&value) {
                self.warn(
                    &pointer_push(at, &index.to_string()),
                    format!(
                        "enum value `{value}` is listed more than once; it becomes one variant"
                    ),
                    "list each value once",
                );
            } else {
                out.push(value);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_variant_names_for_awkward_values() {
        assert_eq!(enum_variant_name("client_credentials"), "ClientCredentials");
        assert_eq!(enum_variant_name("S256"), "S256");
        assert_eq!(enum_variant_name(""), "Empty");
        assert_eq!(enum_variant_name("+1"), "Plus1");
        assert_eq!(enum_variant_name("-1"), "Minus1");
        assert_eq!(enum_variant_name("2fa"), "N2fa");
        assert_eq!(enum_variant_name("unknown"), "Unknown_");
    }

    #[test]
    fn integer_variant_names() {
        assert_eq!(integer_variant_name(0), "V0");
        assert_eq!(integer_variant_name(42), "V42");
        assert_eq!(integer_variant_name(-1), "Minus1");
        assert_eq!(integer_variant_name(i64::MIN), "Minus9223372036854775808");
    }
}
