//! Random valid JSON for the model's types, seeded, for the round-trip conformance tests
//! (`tests/roundtrip.rs`): every response a schema allows must decode into the generated type and
//! serialize back to the same JSON, and every request built from valid values must be accepted by
//! a validating mock.
//!
//! The values are valid for the schema as the model holds it: optional properties are left out
//! often (alone and several at once), `null` is sent where the type is nullable, every enum value
//! is drawn, integers and strings hit their bounds (`minimum`/`maximum`, `minLength`/`maxLength`,
//! the 32- or 64-bit range of the Rust type), strings carry unicode and escapes, formats
//! (`date-time`, `uuid`, `uri`, ...) are well formed, and open objects (responses only) get extra
//! properties the document does not describe. Integers stay within `i64` (`i32` for `int32`): the
//! range the generated types promise.

use serde_json::{Map, Value};

use crate::model::{
    ApiModel, Constraints, EnumValues, Field, Operation, StatusSpec, Success, TypeKind, TypeRef,
};

/// A small, seeded, reproducible random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose sequence depends only on `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is `0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// `true` with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Which side of the API a value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the server: open objects get properties the document does not describe.
    Response,
    /// Sent by the client: only described properties.
    Request,
}

/// How optional properties are chosen for one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Optionals {
    /// Each present or absent at random.
    Random,
    /// All present.
    All,
    /// All absent.
    None,
    /// All present but the `n`th optional property met (counting across the whole value).
    AllBut(usize),
}

/// Makes random valid JSON values for the types of one model.
pub struct Generator<'m> {
    model: &'m ApiModel,
    /// The random source; public so a caller can draw its own choices from the same sequence.
    pub rng: Rng,
    direction: Direction,
    optionals: Optionals,
    /// Optional properties met so far in the current value (for [`Optionals::AllBut`]).
    optional_seen: usize,
    depth: usize,
    /// The last value never ended: its type has no finite value.
    endless: bool,
}

/// Beyond this nesting depth, optional properties are left out and lists are empty, so that
/// recursive types end.
const MAX_DEPTH: usize = 5;

const STRINGS: &[&str] = &[
    "",
    "a",
    "plain text",
    "ünïcödé ñ",
    "日本語のテキスト",
    "emoji 🎉🚀 and a surrogate pair 𝄞",
    "quote \" backslash \\ slash / newline \n tab \t",
    "control \u{1} \u{1f} nul \u{0} end",
    "  leading and trailing spaces  ",
    "<html>&amp;</html>",
    "right-to-left \u{202e} mark",
    "null",
    "0",
];

impl<'m> Generator<'m> {
    /// A generator for `model`'s types.
    pub fn new(model: &'m ApiModel, seed: u64, direction: Direction) -> Generator<'m> {
        Generator {
            model,
            rng: Rng::new(seed),
            direction,
            optionals: Optionals::Random,
            optional_seen: 0,
            depth: 0,
            endless: false,
        }
    }

    /// A value of `ty`, with optional properties chosen as `optionals` says.
    pub fn value_with(&mut self, ty: &TypeRef, optionals: Optionals) -> Value {
        self.optionals = optionals;
        self.optional_seen = 0;
        self.depth = 0;
        self.endless = false;
        self.value(ty, &Constraints::default())
    }

    /// Whether the last value was cut short: its type has no finite value (none is valid).
    pub fn endless(&self) -> bool {
        self.endless
    }

    /// How many optional properties the last value met (present or not).
    pub fn optionals_met(&self) -> usize {
        self.optional_seen
    }

    /// A value of `ty` within `c`.
    pub fn value(&mut self, ty: &TypeRef, c: &Constraints) -> Value {
        if let Some(constant) = &c.constant {
            return constant.clone();
        }
        match ty {
            TypeRef::Nullable(inner) => {
                if self.depth >= MAX_DEPTH || self.rng.chance(20) {
                    Value::Null
                } else {
                    self.value(inner, c)
                }
            }
            TypeRef::Named(id) => self.named(*id),
            TypeRef::String(format) => Value::String(self.string(format.as_deref(), c)),
            TypeRef::Integer(format) => self.integer(format.as_deref(), c),
            TypeRef::Number(format) => self.number(format.as_deref(), c),
            TypeRef::Boolean => Value::Bool(self.rng.chance(50)),
            TypeRef::Array(item) => {
                let n = if self.depth >= MAX_DEPTH {
                    0
                } else {
                    *self.rng.pick(&[0, 1, 1, 2, 3])
                };
                self.depth += 1;
                let items = (0..n)
                    .map(|_| self.value(item, &Constraints::default()))
                    .collect();
                self.depth -= 1;
                Value::Array(items)
            }
            TypeRef::Map(item) => {
                let n = if self.depth >= MAX_DEPTH {
                    0
                } else {
                    self.rng.below(3)
                };
                self.depth += 1;
                let mut map = Map::new();
                for i in 0..n {
                    let key = format!("{}{i}", self.rng.pick(&["key", "ключ", "k e y", ""]));
                    map.insert(key, self.value(item, &Constraints::default()));
                }
                self.depth -= 1;
                Value::Object(map)
            }
            TypeRef::Any => self.any(),
        }
    }

    fn named(&mut self, id: crate::model::TypeId) -> Value {
        // A type that requires a value of itself (`next: Chain`, required) has no finite value.
        if self.depth > 4 * MAX_DEPTH {
            self.endless = true;
            return Value::Null;
        }
        let def = self.model.ty(id);
        match &def.kind {
            TypeKind::Alias(inner) => self.value(inner, &Constraints::default()),
            TypeKind::Enum(e) => match &e.values {
                EnumValues::String(v) => Value::String(self.rng.pick(v).value.clone()),
                EnumValues::Integer(v) => Value::from(self.rng.pick(v).value),
            },
            TypeKind::Union(u) => {
                let variant = self.rng.pick(&u.variants);
                let mut value = self.value(&variant.ty, &Constraints::default());
                if let (Some(tag), Value::Object(map), false) =
                    (&u.discriminator, &mut value, variant.tags.is_empty())
                {
                    let tag_value = self.rng.pick(&variant.tags).clone();
                    map.insert(tag.clone(), Value::String(tag_value));
                }
                value
            }
            TypeKind::Struct(s) => {
                self.depth += 1;
                let mut map = Map::new();
                for field in &s.fields {
                    if self.present(field) {
                        let value = self.value(&field.ty, &field.constraints);
                        map.insert(field.name.clone(), value);
                    }
                }
                if let (Some(extra), Direction::Response) = (&s.additional, self.direction) {
                    if self.rng.chance(30) {
                        for i in 0..=self.rng.below(2) {
                            let mut key = format!("undocumented_{i}");
                            while s.fields.iter().any(|f| f.name == key) {
                                key.push('_');
                            }
                            let value = self.value(extra, &Constraints::default());
                            map.insert(key, value);
                        }
                    }
                }
                self.depth -= 1;
                Value::Object(map)
            }
        }
    }

    /// Whether a property is in the value.
    fn present(&mut self, field: &Field) -> bool {
        if field.required {
            return true;
        }
        let n = self.optional_seen;
        self.optional_seen += 1;
        if self.depth > MAX_DEPTH {
            return false;
        }
        match self.optionals {
            Optionals::Random => self.rng.chance(55),
            Optionals::All => true,
            Optionals::None => false,
            Optionals::AllBut(k) => n != k,
        }
    }

    fn string(&mut self, format: Option<&str>, c: &Constraints) -> String {
        let s = match format {
            Some("date-time") => self.date_time(),
            Some("date") => {
                let (y, m, d) = self.date();
                format!("{y:04}-{m:02}-{d:02}")
            }
            Some("uuid") => {
                let a = self.rng.next_u64();
                let b = self.rng.next_u64();
                format!(
                    "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    8 + (b >> 62),
                    (b >> 48) & 0xfff,
                    b & 0xffff_ffff_ffff
                )
            }
            Some("uri") | Some("url") | Some("uri-reference") => {
                let path =
                    self.rng
                        .pick(&["", "/", "/callback", "/a/b?c=d&e=%20f", "/caf%C3%A9#frag"]);
                let host = self
                    .rng
                    .pick(&["example.com", "localhost:8080", "sub.example.org"]);
                format!("https://{host}{path}")
            }
            Some("email") => format!("user{}+tag@example.com", self.rng.below(1000)),
            Some("byte") => {
                { *self.rng.pick(&["", "AA==", "aGVsbG8gd29ybGQ=", "3q2+7w=="]) }.to_string()
            }
            _ if c.pattern.is_some() => {
                // A pattern cannot be generated from in general: its example or default, else text.
                match c.example.as_ref().or(c.default.as_ref()) {
                    Some(Value::String(s)) => s.clone(),
                    _ => (*self.rng.pick(STRINGS)).to_string(),
                }
            }
            _ => {
                let mut s = (*self.rng.pick(STRINGS)).to_string();
                if self.rng.chance(10) {
                    s = s.repeat(1 + self.rng.below(40));
                }
                s
            }
        };
        // A formatted string has its own length; cutting it would break the format.
        if format.is_some_and(|f| f != "password") {
            s
        } else {
            fit_length(s, c, &mut self.rng)
        }
    }

    fn date(&mut self) -> (u32, u32, u32) {
        let y: u32 = *self.rng.pick(&[1970, 1999, 2000, 2024, 2038, 2100, 9999]);
        let m = 1 + self.rng.below(12) as u32;
        let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let any = 1 + self.rng.below(days as usize) as u32;
        let d = *self.rng.pick(&[1, days, any]);
        (y, m, d)
    }

    fn date_time(&mut self) -> String {
        let (y, m, d) = self.date();
        let (h, mi, s) = (self.rng.below(24), self.rng.below(60), self.rng.below(60));
        let fraction = *self.rng.pick(&["", ".5", ".123", ".123456789"]);
        let zone = *self.rng.pick(&["Z", "+00:00", "-05:30", "+14:00"]);
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{zone}")
    }

    fn integer(&mut self, format: Option<&str>, c: &Constraints) -> Value {
        let (lo, hi) = if format == Some("int32") {
            (i64::from(i32::MIN), i64::from(i32::MAX))
        } else {
            (i64::MIN, i64::MAX)
        };
        let lo = match c.minimum {
            Some((m, exclusive)) => {
                bound(m, lo, hi).saturating_add(i64::from(exclusive && m.fract() == 0.0))
            }
            None => lo,
        }
        .max(lo);
        let hi = match c.maximum {
            Some((m, exclusive)) => {
                bound(m, lo, hi).saturating_sub(i64::from(exclusive && m.fract() == 0.0))
            }
            None => hi,
        }
        .min(hi);
        let hi = hi.max(lo);
        let candidates = [lo, hi, 0, 1, -1, 42, 1_704_067_200];
        let v = match self.rng.below(3) {
            0 => *self.rng.pick(&candidates),
            1 => (self.rng.next_u64() % 1000) as i64 - 500,
            _ => self.rng.next_u64() as i64,
        };
        let v = if (lo..=hi).contains(&v) {
            v
        } else {
            // Into range: lo + (v mod span), computed without overflow.
            let span = (hi as i128 - lo as i128 + 1) as u128;
            (lo as i128 + ((v as i128).rem_euclid(span as i128))) as i64
        };
        Value::from(v)
    }

    fn number(&mut self, format: Option<&str>, c: &Constraints) -> Value {
        // Quarters are exact in both f32 and f64, so a round trip through either keeps them.
        let mut v = (self.rng.next_u64() % 4001) as f64 / 4.0 - 500.0;
        if format != Some("float") && self.rng.chance(20) {
            v = *self
                .rng
                .pick(&[1e300, -1e-300, 0.1, 123456.789, 2f64.powi(60)]);
        }
        if let Some((m, _)) = c.minimum {
            if v < m {
                v = m.ceil() + 1.0;
            }
        }
        if let Some((m, _)) = c.maximum {
            if v > m {
                v = m.floor() - 1.0;
            }
        }
        serde_json::Number::from_f64(v).map_or(Value::from(0), Value::Number)
    }

    fn any(&mut self) -> Value {
        let choice = if self.depth >= MAX_DEPTH {
            self.rng.below(5)
        } else {
            self.rng.below(7)
        };
        self.depth += 1;
        let v = match choice {
            0 => Value::Null,
            1 => Value::Bool(self.rng.chance(50)),
            2 => Value::from(self.rng.next_u64() as i64),
            3 => Value::from(0.5),
            4 => Value::String((*self.rng.pick(STRINGS)).to_string()),
            5 => Value::Array((0..self.rng.below(3)).map(|_| self.any()).collect()),
            _ => Value::Object(
                (0..self.rng.below(3))
                    .map(|i| (format!("k{i}"), self.any()))
                    .collect(),
            ),
        };
        self.depth -= 1;
        v
    }
}

/// `m` as an integer bound within `lo..=hi`.
fn bound(m: f64, lo: i64, hi: i64) -> i64 {
    if m <= lo as f64 {
        lo
    } else if m >= hi as f64 {
        hi
    } else {
        m as i64
    }
}

/// `s` cut or padded (by characters) to fit `minLength`/`maxLength`; sometimes exactly at a bound.
fn fit_length(s: String, c: &Constraints, rng: &mut Rng) -> String {
    let len = s.chars().count();
    let min = c.min_length.unwrap_or(0);
    let max = c.max_length.unwrap_or(usize::MAX).max(min);
    let target = if rng.chance(25) && c.max_length.is_some() {
        max
    } else if rng.chance(25) && c.min_length.is_some() {
        min
    } else {
        len.clamp(min, max)
    };
    if len == target {
        return s;
    }
    let mut out: String = s.chars().take(target).collect();
    while out.chars().count() < target {
        out.push('é');
    }
    out
}

/// A JSON value the round trip decodes: an operation's response, or a named type.
#[derive(Debug, Clone)]
pub struct Shape {
    /// `ListOAuthClients 200` (operation id and status) or `type OAuthClient`: the key of its cases.
    pub key: String,
    /// The value's type.
    pub ty: TypeRef,
}

/// Every JSON response body of `op` (successes and errors) with a type.
pub fn response_shapes(op: &Operation) -> Vec<Shape> {
    let mut shapes = vec![];
    for r in &op.responses {
        let (Some(ty), Some(content_type)) = (&r.ty, &r.content_type) else {
            continue;
        };
        if !is_json(content_type) {
            continue;
        }
        let status = match &r.status {
            StatusSpec::Code(c) => c.to_string(),
            StatusSpec::Range(c) => format!("{c}XX"),
            StatusSpec::Default => "default".into(),
        };
        shapes.push(Shape {
            key: format!("{} {status}", op.id),
            ty: ty.clone(),
        });
    }
    // A JSON success the response list does not show (never expected; kept for safety).
    if let Success::Json(ty) = &op.success {
        if shapes.is_empty() {
            shapes.push(Shape {
                key: format!("{} success", op.id),
                ty: ty.clone(),
            });
        }
    }
    shapes
}

/// Every JSON response of every operation, then every named type (request bodies, union branches,
/// webhook payloads... whatever no response reaches), but those holding a file (`format: binary`,
/// sent only, never decoded).
pub fn shapes(model: &ApiModel) -> Vec<Shape> {
    let mut shapes: Vec<Shape> = model
        .operations()
        .flat_map(|(_, op)| response_shapes(op))
        .collect();
    for (i, def) in model.types.iter().enumerate() {
        let ty = TypeRef::Named(crate::model::TypeId(i));
        if !holds_file(model, &ty) {
            shapes.push(Shape {
                key: format!("type {}", def.name),
                ty,
            });
        }
    }
    shapes
}

/// Whether a value of `ty` may hold a file (`format: binary`).
fn holds_file(model: &ApiModel, ty: &TypeRef) -> bool {
    let mut stack = vec![ty.clone()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(t) = stack.pop() {
        match t {
            TypeRef::String(Some(f)) if f == "binary" => return true,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                stack.push(*inner)
            }
            TypeRef::Named(id) if seen.insert(id.0) => stack.extend(model.children(id).cloned()),
            _ => {}
        }
    }
    false
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, ...).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The Rust type the generated crate `krate` uses for `ty` (as the Rust emitter names it).
pub fn rust_type(model: &ApiModel, ty: &TypeRef, krate: &str) -> String {
    match ty {
        TypeRef::Named(id) => format!("{krate}::types::{}", model.ty(*id).name),
        TypeRef::String(Some(f)) if f == "binary" => format!("{krate}::FileUpload"),
        TypeRef::String(_) => "String".into(),
        TypeRef::Integer(Some(f)) if f == "int32" => "i32".into(),
        TypeRef::Integer(_) => "i64".into(),
        TypeRef::Number(Some(f)) if f == "float" => "f32".into(),
        TypeRef::Number(_) => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(model, inner, krate)),
        TypeRef::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(model, inner, krate)
        ),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(model, inner, krate)),
    }
}

/// Whether `a` and `b` are the same JSON: objects by keys and values, and numbers by value
/// (`1` and `1.0` are one number), as a JSON reader sees them.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The first place where `a` and `b` differ, as a JSON pointer with both values, or `None`.
pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, at: &str) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (k, v) in x {
                    let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    match y.get(k) {
                        None => return Some(format!("{here}: {v} was dropped")),
                        Some(w) => {
                            if let Some(d) = walk(v, w, &here) {
                                return Some(d);
                            }
                        }
                    }
                }
                y.keys()
                    .find(|k| !x.contains_key(*k))
                    .map(|k| format!("{at}/{k}: {} was added", y[k]))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| walk(v, w, &format!("{at}/{i}"))),
            _ if same_json(a, b) => None,
            _ => Some(format!(
                "{}: {a} became {b}",
                if at.is_empty() { "/" } else { at }
            )),
        }
    }
    walk(a, b, "")
}

/// One random response body to decode.
#[derive(Debug, Clone)]
pub struct Case {
    /// The response it stands for ([`Shape::key`]).
    pub key: String,
    /// The seed that made it (`None` for a replayed regression case).
    pub seed: Option<u64>,
    /// The body.
    pub json: Value,
}

/// Mixes a base seed with a case's index into the seed of that case.
pub fn case_seed(base: u64, index: u64) -> u64 {
    Rng::new(base ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

/// `n` random valid values of every [`shapes`] of `model`: the first with
/// every optional property present, the second with none, then one per optional property with only
/// it left out (up to a quarter of `n`), the rest at random; none for a type that has no finite
/// value. Case `i` of a response is made from
/// `case_seed(seed, i)` alone, so it can be made again by itself.
pub fn response_cases(model: &ApiModel, seed: u64, n: usize) -> Vec<Case> {
    let mut cases = vec![];
    {
        for (shape_index, shape) in shapes(model).into_iter().enumerate() {
            let shape_seed = case_seed(seed, hash(&shape.key) ^ shape_index as u64);
            let mut optionals = 0;
            for i in 0..n {
                let case = case_seed(shape_seed, i as u64);
                let mode = match i {
                    0 => Optionals::All,
                    1 => Optionals::None,
                    _ if i - 2 < optionals.min(n / 4) => Optionals::AllBut(i - 2),
                    _ => Optionals::Random,
                };
                let mut g = Generator::new(model, case, Direction::Response);
                let json = g.value_with(&shape.ty, mode);
                if g.endless() {
                    break;
                }
                if i == 0 {
                    optionals = g.optionals_met();
                }
                cases.push(Case {
                    key: shape.key.clone(),
                    seed: Some(case),
                    json,
                });
            }
        }
    }
    cases
}

/// FNV-1a of a string: a stable small hash for seeds and file names.
pub fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The integration test that decodes cases with the generated crate `krate` (its Rust name):
/// it reads `roundtrip-cases.jsonl` (one `{"key", "body"}` a line, `body` the JSON text) from the
/// crate's folder, decodes each body with serde_json into the type the client decodes that
/// response into (`decode_json` is `serde_json::from_slice`), serializes it back, and writes one
/// `{"ok": value}` or `{"error": message}` a line to `roundtrip-results.jsonl`.
pub fn harness(model: &ApiModel, krate: &str) -> String {
    let mut arms = String::new();
    let mut seen = std::collections::BTreeSet::new();
    for shape in shapes(model) {
        if seen.insert(shape.key.clone()) {
            arms.push_str(&format!(
                "        {:?} => check::<{}>,\n",
                shape.key,
                rust_type(model, &shape.ty, krate)
            ));
        }
    }
    format!(
        r#"//! Written by `tests/roundtrip.rs` (workspace-tests): decodes random valid response bodies
//! with this crate's types and serializes them back.

type Decode = fn(&[u8]) -> Result<serde_json::Value, String>;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(
    body: &[u8],
) -> Result<serde_json::Value, String> {{
    let value: T = serde_json::from_slice(body).map_err(|e| format!("does not decode: {{e}}"))?;
    serde_json::to_value(&value).map_err(|e| format!("does not serialize: {{e}}"))
}}

fn decoder(key: &str) -> Option<Decode> {{
    Some(match key {{
{arms}        _ => return None,
    }})
}}

#[test]
fn round_trip() {{
    let dir = env!("CARGO_MANIFEST_DIR");
    let cases = std::fs::read_to_string(format!("{{dir}}/roundtrip-cases.jsonl"))
        .expect("roundtrip-cases.jsonl, written by tests/roundtrip.rs");
    let mut out = String::new();
    for line in cases.lines() {{
        let case: serde_json::Value = serde_json::from_str(line).expect("a case");
        let key = case["key"].as_str().expect("key");
        let body = case["body"].as_str().expect("body");
        let result = match decoder(key) {{
            Some(decode) => decode(body.as_bytes()),
            None => Err(format!("no type decodes `{{key}}`")),
        }};
        let line = match result {{
            Ok(value) => serde_json::json!({{"ok": value}}),
            Err(error) => serde_json::json!({{"error": error}}),
        }};
        out.push_str(&line.to_string());
        out.push('\n');
    }}
    std::fs::write(format!("{{dir}}/roundtrip-results.jsonl"), out).expect("results written");
}}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        assert!(same_json(
            &serde_json::json!({"a": [1]}),
            &serde_json::json!({"a": [1.0]})
        ));
        assert!(!same_json(
            &serde_json::json!({"a": 1}),
            &serde_json::json!({"a": 2})
        ));
        assert!(!same_json(
            &serde_json::json!({"a": 1}),
            &serde_json::json!({"a": 1, "b": null})
        ));
        assert_eq!(
            first_difference(
                &serde_json::json!({"a": {"b": 1}}),
                &serde_json::json!({"a": {}})
            ),
            Some("/a/b: 1 was dropped".into())
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_values() {
        let a: Vec<u64> = (0..5)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn integers_respect_bounds() {
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/telnyx-oauth.yaml");
        let model = crate::generate(&crate::Inputs::read_spec(spec).unwrap())
            .unwrap()
            .model;
        let mut g = Generator::new(&model, 1, Direction::Request);
        let c = Constraints {
            minimum: Some((1.0, false)),
            maximum: Some((100.0, false)),
            ..Default::default()
        };
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..500 {
            let v = g.value(&TypeRef::Integer(None), &c).as_i64().unwrap();
            assert!((1..=100).contains(&v), "{v}");
            seen.insert(v);
        }
        assert!(seen.contains(&1) && seen.contains(&100), "bounds are drawn");
    }
}
