//! Named types: which old type stands where a new one stands, and what changed inside.
//!
//! Types are paired by walking both versions from the same places (a parameter, a body, a
//! response, a field of paired types, ...), so a type renamed in the crate is still compared with
//! its old self, and each pair knows whether it travels in requests, responses or both: that is
//! what API clients' verdicts depend on. Types of the same Rust name are always compared too:
//! that is what the crate's verdicts depend on.

use std::collections::BTreeMap;

use indexmap::{IndexMap, IndexSet};

use super::operations::OpPair;
use super::rust_api::{extra_field_name, field_type, rust_type, struct_constructor, Spelling};
use super::{Assessment, Change, ChangeKind, Comparison, Impact, Subject};
use crate::model::{
    ApiModel, Constraints, EnumDef, Field, StructDef, TypeId, TypeKind, TypeRef, UnionDef,
};

/// Which way values of a type travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Sent by clients (parameters, request bodies).
    pub request: bool,
    /// Received by clients (responses, webhooks).
    pub response: bool,
}

impl Usage {
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };

    fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// Whether code using the crate builds values of the type itself (it sends them, or nothing
    /// tells: the type is used nowhere). Types only received are built by the crate; only test
    /// fixtures and mocks build them by hand.
    pub fn constructed(self) -> bool {
        self.request || !self.response
    }
}

/// The API clients' verdict for a change to something used as `usage`: `request` and `response`
/// give the verdict in each direction.
pub(crate) fn judge(
    usage: Usage,
    request: (Impact, String),
    response: (Impact, String),
) -> Assessment {
    match (usage.request, usage.response) {
        (false, false) => Assessment::unaffected("no operation uses it in both versions"),
        (true, false) => Assessment::new(request.0, request.1),
        (false, true) => Assessment::new(response.0, response.1),
        (true, true) if request.0 == response.0 && request.1 == response.1 => {
            Assessment::new(request.0, request.1)
        }
        (true, true) => Assessment::new(
            request.0.max(response.0),
            format!(
                "in requests, {}; in responses, {}",
                request.1.trim_end_matches('.'),
                response.1.trim_end_matches('.')
            ),
        ),
    }
}

/// How a value's wire shape changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wire {
    /// Not at all (named types are compared as a pair of their own).
    Same,
    /// Accepts every old value and more.
    Widened(String),
    /// Some old values are no longer valid.
    Narrowed(String),
    /// Same kind of value, other meaning (a string `format`), or widened here and narrowed there.
    Changed(String),
    /// Another kind of value.
    Incompatible,
}

fn combine(a: Wire, b: Wire) -> Wire {
    match (a, b) {
        (Wire::Same, w) | (w, Wire::Same) => w,
        (Wire::Incompatible, _) | (_, Wire::Incompatible) => Wire::Incompatible,
        (Wire::Widened(x), Wire::Widened(y)) => Wire::Widened(format!("{x}; {y}")),
        (Wire::Narrowed(x), Wire::Narrowed(y)) => Wire::Narrowed(format!("{x}; {y}")),
        (Wire::Widened(x) | Wire::Narrowed(x) | Wire::Changed(x), w) => {
            let y = match w {
                Wire::Widened(y) | Wire::Narrowed(y) | Wire::Changed(y) => y,
                _ => String::new(),
            };
            Wire::Changed(format!("{x}; {y}"))
        }
    }
}

fn int_bits(format: &Option<String>) -> u8 {
    match format.as_deref() {
        Some("int32") => 32,
        _ => 64,
    }
}

fn float_bits(format: &Option<String>) -> u8 {
    match format.as_deref() {
        Some("float") => 32,
        _ => 64,
    }
}

/// Compares the wire shapes of `b` (in `bm`) and `h` (in `hm`), looking through aliases.
pub(crate) fn wire(bm: &ApiModel, b: &TypeRef, hm: &ApiModel, h: &TypeRef) -> Wire {
    use TypeRef as T;
    // Two named types are compared as a pair of their own; deciding that before looking through
    // aliases also keeps recursive aliases (`Nesting = array of Nesting`) from looping.
    if let (T::Named(_), T::Named(_)) = (b, h) {
        return Wire::Same;
    }
    match (bm.underlying(b), hm.underlying(h)) {
        (T::Nullable(x), T::Nullable(y)) => wire(bm, x, hm, y),
        (T::Nullable(x), y) => combine(
            Wire::Narrowed("null is no longer allowed".into()),
            wire(bm, x, hm, y),
        ),
        (x, T::Nullable(y)) => combine(
            Wire::Widened("null is now allowed".into()),
            wire(bm, x, hm, y),
        ),
        (T::Named(_), T::Named(_)) => Wire::Same,
        (T::String(f), T::String(g)) if f == g => Wire::Same,
        (T::String(f), T::String(g)) => Wire::Changed(format!(
            "format `{}` → `{}`",
            f.as_deref().unwrap_or("none"),
            g.as_deref().unwrap_or("none")
        )),
        (T::Integer(f), T::Integer(g)) => match int_bits(f).cmp(&int_bits(g)) {
            std::cmp::Ordering::Equal => Wire::Same,
            std::cmp::Ordering::Less => Wire::Widened("32-bit → 64-bit integer".into()),
            std::cmp::Ordering::Greater => Wire::Narrowed("64-bit → 32-bit integer".into()),
        },
        (T::Number(f), T::Number(g)) => match float_bits(f).cmp(&float_bits(g)) {
            std::cmp::Ordering::Equal => Wire::Same,
            std::cmp::Ordering::Less => Wire::Widened("float → double".into()),
            std::cmp::Ordering::Greater => Wire::Narrowed("double → float".into()),
        },
        (T::Integer(_), T::Number(_)) => Wire::Widened("integer → number".into()),
        (T::Number(_), T::Integer(_)) => Wire::Narrowed("number → integer".into()),
        (T::Boolean, T::Boolean) | (T::Any, T::Any) => Wire::Same,
        (T::Array(x), T::Array(y)) | (T::Map(x), T::Map(y)) => wire(bm, x, hm, y),
        (_, T::Any) => Wire::Widened("any value is now allowed".into()),
        (T::Any, _) => Wire::Narrowed("no longer any value".into()),
        _ => Wire::Incompatible,
    }
}

/// API clients' verdict on a wire change of something used as `usage`.
pub(crate) fn judge_wire(w: &Wire, usage: Usage, before: &str, after: &str) -> Assessment {
    let what = format!("`{before}` → `{after}`");
    match w {
        Wire::Same => Assessment::unaffected("the value looks the same on the wire"),
        Wire::Widened(why) => judge(
            usage,
            (
                Impact::Compatible,
                format!("the server accepts every value it accepted before ({why})"),
            ),
            (
                Impact::Caution,
                format!("clients may receive values they did not expect ({why})"),
            ),
        ),
        Wire::Narrowed(why) => judge(
            usage,
            (
                Impact::Breaking,
                format!("values that were valid may now be rejected ({why})"),
            ),
            (
                Impact::Compatible,
                format!("clients receive a subset of what they handled ({why})"),
            ),
        ),
        Wire::Changed(why) => judge(
            usage,
            (
                Impact::Caution,
                format!("check the values clients send ({why})"),
            ),
            (
                Impact::Caution,
                format!("check how clients read it ({why})"),
            ),
        ),
        Wire::Incompatible => judge(
            usage,
            (
                Impact::Breaking,
                format!("{what}: values clients send today no longer fit"),
            ),
            (
                Impact::Breaking,
                format!("{what}: clients can no longer read it as before"),
            ),
        ),
    }
}

/// A schema-like description of a type, for reports: `string (date-time)`, `array of Foo`.
pub(crate) fn describe(model: &ApiModel, t: &TypeRef) -> String {
    let with_format = |kind: &str, f: &Option<String>| match f {
        Some(f) => format!("{kind} ({f})"),
        None => kind.to_string(),
    };
    match t {
        TypeRef::Named(id) => model.ty(*id).name.clone(),
        TypeRef::String(f) => with_format("string", f),
        TypeRef::Integer(f) => with_format("integer", f),
        TypeRef::Number(f) => with_format("number", f),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Array(x) => format!("array of {}", describe(model, x)),
        TypeRef::Map(x) => format!("map of {}", describe(model, x)),
        TypeRef::Any => "any".into(),
        TypeRef::Nullable(x) => format!("{} or null", describe(model, x)),
    }
}

/// Old Rust type names and the new names they became, to tell a type's rename (one breaking
/// change, reported once) from a value whose type really changed.
#[derive(Debug, Default)]
pub(crate) struct Renames(BTreeMap<String, String>);

impl Renames {
    /// `rust` (an old Rust type spelling) with renamed types spelled by their new names.
    pub fn apply(&self, rust: &str) -> String {
        let mut out = String::with_capacity(rust.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if !word.is_empty() {
                out.push_str(self.0.get(word.as_str()).unwrap_or(word));
                word.clear();
            }
        };
        for c in rust.chars() {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// The new name of a renamed type.
    pub fn get(&self, old: &str) -> Option<&String> {
        self.0.get(old)
    }
}

/// What is known of a pair of types.
#[derive(Debug, Default, Clone)]
struct PairInfo {
    usage: Usage,
    used_by: IndexSet<String>,
}

/// Old and new types standing in the same places.
#[derive(Debug, Default)]
pub(crate) struct TypePairs {
    pairs: IndexMap<(TypeId, TypeId), PairInfo>,
    /// Renamed types (old name → new name).
    pub renames: Renames,
}

impl TypePairs {
    /// Walks both versions from every place a type is used in paired operations and webhooks.
    pub fn collect(base: &ApiModel, head: &ApiModel, ops: &[OpPair<'_>]) -> TypePairs {
        let mut walk = Walk {
            base,
            head,
            pairs: IndexMap::new(),
            work: vec![],
        };
        for pair in ops {
            let (Some((_, b)), Some((_, h))) = (pair.base, pair.head) else {
                continue;
            };
            let site = |dir: &str| format!("{} {} ({dir})", h.http_method, h.path);
            let request = IndexSet::from([site("request")]);
            let response = IndexSet::from([site("response")]);
            for (bp, hp) in super::operations::paired_params(b, h) {
                walk.refs(&bp.ty, &hp.ty, Usage::REQUEST, &request);
            }
            if let (Some(bb), Some(hb)) = (&b.body, &h.body) {
                walk.refs(&bb.ty, &hb.ty, Usage::REQUEST, &request);
            }
            for hr in &h.responses {
                let Some(br) = b.responses.iter().find(|r| r.status == hr.status) else {
                    continue;
                };
                if let (Some(bt), Some(ht)) = (&br.ty, &hr.ty) {
                    walk.refs(bt, ht, Usage::RESPONSE, &response);
                }
            }
        }
        for hw in &head.webhooks {
            let Some(bw) = base.webhooks.iter().find(|w| w.name == hw.name) else {
                continue;
            };
            if let (Some(bt), Some(ht)) = (&bw.payload, &hw.payload) {
                let site = IndexSet::from([format!("webhook {}", hw.name)]);
                walk.refs(bt, ht, Usage::RESPONSE, &site);
            }
        }
        walk.run();
        let mut pairs = walk.pairs;

        let head_names: BTreeMap<&str, TypeId> = head
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), TypeId(i)))
            .collect();
        let base_names: BTreeMap<&str, TypeId> = base
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), TypeId(i)))
            .collect();

        // A pair of differently named types, neither name existing on the other side: a rename.
        let mut renames = BTreeMap::new();
        let mut targets = IndexSet::new();
        for (b, h) in pairs.keys() {
            let (old, new) = (&base.ty(*b).name, &head.ty(*h).name);
            if old != new
                && !head_names.contains_key(old.as_str())
                && !base_names.contains_key(new.as_str())
                && !renames.contains_key(old)
                && !targets.contains(new)
            {
                renames.insert(old.clone(), new.clone());
                targets.insert(new.clone());
            }
        }

        // Same-named types not met on the walk are still compared, for the crate's sake.
        for (name, b) in &base_names {
            if let Some(h) = head_names.get(name) {
                pairs.entry((*b, *h)).or_default();
            }
        }
        TypePairs {
            pairs,
            renames: Renames(renames),
        }
    }
}

struct Walk<'m> {
    base: &'m ApiModel,
    head: &'m ApiModel,
    pairs: IndexMap<(TypeId, TypeId), PairInfo>,
    work: Vec<(TypeId, TypeId)>,
}

impl Walk<'_> {
    fn refs(&mut self, b: &TypeRef, h: &TypeRef, usage: Usage, sites: &IndexSet<String>) {
        use TypeRef as T;
        match (b.non_null(), h.non_null()) {
            (T::Array(x), T::Array(y)) | (T::Map(x), T::Map(y)) => self.refs(x, y, usage, sites),
            (T::Named(x), T::Named(y)) => {
                let info = self.pairs.entry((*x, *y)).or_default();
                let before = (info.usage, info.used_by.len());
                info.usage = info.usage.union(usage);
                info.used_by.extend(sites.iter().cloned());
                if (info.usage, info.used_by.len()) != before {
                    self.work.push((*x, *y));
                }
            }
            (T::Named(x), other) => {
                if let TypeKind::Alias(t) = &self.base.ty(*x).kind {
                    let t = t.clone();
                    self.refs(&t, other, usage, sites);
                }
            }
            (other, T::Named(y)) => {
                if let TypeKind::Alias(t) = &self.head.ty(*y).kind {
                    let t = t.clone();
                    self.refs(other, &t, usage, sites);
                }
            }
            _ => {}
        }
    }

    /// Follows every pair into fields, variants and alias targets until nothing new is learnt.
    fn run(&mut self) {
        while let Some((b, h)) = self.work.pop() {
            let info = self.pairs.get(&(b, h)).cloned().unwrap_or_default();
            let (base, head) = (self.base, self.head);
            match (&base.ty(b).kind, &head.ty(h).kind) {
                (TypeKind::Struct(bs), TypeKind::Struct(hs)) => {
                    for hf in &hs.fields {
                        if let Some(bf) = bs.fields.iter().find(|f| f.name == hf.name) {
                            self.refs(&bf.ty, &hf.ty, info.usage, &info.used_by);
                        }
                    }
                    if let (Some(ba), Some(ha)) = (&bs.additional, &hs.additional) {
                        self.refs(ba, ha, info.usage, &info.used_by);
                    }
                }
                (TypeKind::Union(bu), TypeKind::Union(hu)) => {
                    for hv in &hu.variants {
                        if let Some(bv) = bu.variants.iter().find(|v| v.rust_name == hv.rust_name) {
                            self.refs(&bv.ty, &hv.ty, info.usage, &info.used_by);
                        }
                    }
                }
                (TypeKind::Alias(bt), TypeKind::Alias(ht)) => {
                    self.refs(bt, ht, info.usage, &info.used_by);
                }
                _ => {}
            }
        }
    }
}

/// Compares every pair of types, then accounts for the crate's types added, removed, renamed.
pub(crate) fn compare(base: &ApiModel, head: &ApiModel, pairs: &TypePairs) -> Vec<Change> {
    let mut out = vec![];
    for ((b, h), info) in &pairs.pairs {
        let (bt, ht) = (base.ty(*b), head.ty(*h));
        let renamed = pairs.renames.get(&bt.name) == Some(&ht.name);
        let cmp = PairCmp {
            base,
            head,
            renames: &pairs.renames,
            old_name: &bt.name,
            name: &ht.name,
            usage: info.usage,
            used_by: sorted_sites(&info.used_by),
            // Changes inside a type that merely stands where another did are the crate's
            // business only when it is the same type (or the old one renamed).
            crate_relevant: bt.name == ht.name || renamed,
            out: &mut out,
        };
        cmp.compare(&bt.kind, &ht.kind);
    }

    let head_names: IndexSet<&str> = head.types.iter().map(|t| t.name.as_str()).collect();
    let base_names: IndexSet<&str> = base.types.iter().map(|t| t.name.as_str()).collect();
    let crate_only = || {
        Assessment::unaffected(
            "a name in the crate only; wire changes are listed where the type is used",
        )
    };
    let mut names: Vec<&str> = base_names
        .iter()
        .chain(head_names.iter())
        .copied()
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let subject = Subject::Type {
            name: name.to_string(),
            was: None,
        };
        match (base_names.contains(name), head_names.contains(name)) {
            (true, false) => match pairs.renames.get(name) {
                Some(new) => out.push(Change {
                    kind: ChangeKind::TypeRenamed,
                    subject: Subject::Type {
                        name: new.clone(),
                        was: Some(name.to_string()),
                    },
                    member: None,
                    before: Some(name.to_string()),
                    after: Some(new.clone()),
                    summary: format!("Type `{name}` renamed to `{new}`"),
                    api: Assessment::unaffected(
                        "the crate's name for it changed; the schema is compared in place",
                    ),
                    rust: Assessment::new(
                        Impact::Breaking,
                        format!(
                            "`types::{name}` is now `types::{new}`: code naming it must follow"
                        ),
                    ),
                    used_by: vec![],
                }),
                None => out.push(Change {
                    kind: ChangeKind::TypeRemoved,
                    subject,
                    member: None,
                    before: Some(name.to_string()),
                    after: None,
                    summary: format!("Type `{name}` removed"),
                    api: crate_only(),
                    rust: Assessment::new(Impact::Breaking, format!("`types::{name}` is gone")),
                    used_by: vec![],
                }),
            },
            (false, true) if !pairs.renames.0.values().any(|n| n == name) => out.push(Change {
                kind: ChangeKind::TypeAdded,
                subject,
                member: None,
                before: None,
                after: Some(name.to_string()),
                summary: format!("Type `{name}` added"),
                api: crate_only(),
                rust: Assessment::new(Impact::Compatible, format!("new type `types::{name}`")),
                used_by: vec![],
            }),
            _ => {}
        }
    }
    out
}

/// `GET /x (response)` sites ordered by path, then method, then direction.
fn sorted_sites(sites: &IndexSet<String>) -> Vec<String> {
    let mut out: Vec<String> = sites.iter().cloned().collect();
    out.sort_by_key(|site| {
        let mut words = site.split(' ');
        let method = words.next().unwrap_or_default().to_string();
        let path = words.next().unwrap_or_default().to_string();
        (path, method, site.clone())
    });
    out
}

/// Compares one pair of types.
struct PairCmp<'a> {
    base: &'a ApiModel,
    head: &'a ApiModel,
    renames: &'a Renames,
    old_name: &'a str,
    name: &'a str,
    usage: Usage,
    used_by: Vec<String>,
    crate_relevant: bool,
    out: &'a mut Vec<Change>,
}

impl Comparison for PairCmp<'_> {
    fn subject(&self) -> Subject {
        let was = (self.old_name != self.name).then(|| self.old_name.to_string());
        Subject::Type {
            name: self.name.to_string(),
            was,
        }
    }
    fn out(&mut self) -> &mut Vec<Change> {
        self.out
    }
    fn used_by(&self) -> Vec<String> {
        self.used_by.clone()
    }
    fn crate_verdict(&self, rust: Assessment) -> Assessment {
        if self.crate_relevant {
            rust
        } else {
            Assessment::unaffected(format!(
                "`{}` is another type than `{}`; the change of type where it is used is listed there",
                self.name, self.old_name
            ))
        }
    }
}

impl PairCmp<'_> {
    /// The crate's verdict on a new optional field: `new(..)` and `Default` do not change, but struct
    /// literals must name it. Literals of a `Default` struct end in `..Default::default()`, and
    /// response-only types are rarely built by hand; a struct built through `new(..)` that users
    /// send is where full literals are written, so that one is worth a look.
    fn literal_verdict(&self, field: String, derives_default: bool) -> Assessment {
        if derives_default {
            Assessment::new(
                Impact::Compatible,
                format!("{field}; `Default` is unchanged, so literals ending in `..Default::default()` keep compiling"),
            )
        } else if self.usage.request {
            Assessment::new(
                Impact::Caution,
                format!(
                    "{field}; `{}::new` is unchanged, but struct literals of `{}` must add it",
                    self.name, self.name
                ),
            )
        } else {
            Assessment::new(
                Impact::Compatible,
                format!("{field}; `{}::new` is unchanged (only struct literals, e.g. in test fixtures, must add it)", self.name),
            )
        }
    }

    /// The verdict for the crate on a change that only matters to code building the type.
    fn constructor_verdict(&self, note: String) -> Assessment {
        if self.usage.constructed() {
            Assessment::new(Impact::Breaking, note)
        } else {
            Assessment::new(
                Impact::Caution,
                format!(
                    "{note}; `{}` only comes in responses, so only code that builds it by hand (test fixtures, mocks) must change",
                    self.name
                ),
            )
        }
    }

    fn compare(mut self, b: &TypeKind, h: &TypeKind) {
        match (b, h) {
            (TypeKind::Struct(bs), TypeKind::Struct(hs)) => self.structs(bs, hs),
            (TypeKind::Enum(be), TypeKind::Enum(he)) if be.is_integer() == he.is_integer() => {
                self.enums(be, he)
            }
            (TypeKind::Union(bu), TypeKind::Union(hu)) => self.unions(bu, hu),
            (TypeKind::Alias(bt), TypeKind::Alias(ht)) => self.alias(bt, ht),
            _ => {
                let (before, after) = (kind_name(b), kind_name(h));
                let became = format!("{} became {}", a(before), a(after));
                let api = match self.kind_wire((b, self.old_name), (h, self.name), 0) {
                    Wire::Incompatible => judge(
                        self.usage,
                        (Impact::Breaking, became.clone()),
                        (Impact::Breaking, became),
                    ),
                    w => judge_wire(&w, self.usage, before, after),
                };
                let rust = Assessment::new(
                    Impact::Breaking,
                    format!(
                        "`{}` is now {} instead of {}",
                        self.name,
                        a(rust_kind(h)),
                        a(rust_kind(b))
                    ),
                );
                self.push(
                    ChangeKind::TypeKindChanged,
                    None,
                    (Some(before.into()), Some(after.into())),
                    format!("Changed from {before} to {after}"),
                    api,
                    rust,
                );
            }
        }
    }

    /// How values change on the wire when the type changes kind: an untyped value (or a map of
    /// anything) that becomes described narrows, a union that becomes one of its shapes narrows
    /// (and the reverse widens); anything else is incompatible. Named types are told apart by
    /// name (following renames), as the pairs are.
    ///
    /// `b_name` and `h_name` are the names of the types whose kinds `b` and `h` are (they change
    /// when an alias is followed to the type it names).
    fn kind_wire(
        &self,
        (b, b_name): (&TypeKind, &str),
        (h, h_name): (&TypeKind, &str),
        depth: u8,
    ) -> Wire {
        use TypeRef as T;
        let (bm, hm) = (self.base, self.head);
        if depth > 8 {
            return Wire::Incompatible;
        }
        // A name of the old version as it is in the new one.
        let as_new = |old: &str| -> String {
            self.renames
                .get(old)
                .cloned()
                .unwrap_or_else(|| old.to_string())
        };
        match (b, h) {
            (TypeKind::Alias(bt), _) => match bm.underlying(bt) {
                T::Named(id) => {
                    let target = bm.ty(*id);
                    self.kind_wire((&target.kind, &target.name), (h, h_name), depth + 1)
                }
                t => match wider_than(t, h) {
                    Some((wide, narrow)) => Wire::Narrowed(format!("{wide} → {narrow}")),
                    None => Wire::Incompatible,
                },
            },
            (_, TypeKind::Alias(ht)) => match hm.underlying(ht) {
                T::Named(id) => {
                    let target = hm.ty(*id);
                    self.kind_wire((b, b_name), (&target.kind, &target.name), depth + 1)
                }
                t => match wider_than(t, b) {
                    Some((wide, narrow)) => Wire::Widened(format!("{narrow} → {wide}")),
                    None => Wire::Incompatible,
                },
            },
            (TypeKind::Union(bu), _) => {
                let kept = bu.variants.iter().find(|v| {
                    matches!(v.ty.non_null(), T::Named(id) if as_new(&bm.ty(*id).name) == h_name)
                });
                match kept {
                    Some(v) => Wire::Narrowed(format!(
                        "of its {} shapes, only `{}` remains",
                        bu.variants.len(),
                        describe(bm, &v.ty)
                    )),
                    None => Wire::Incompatible,
                }
            }
            (_, TypeKind::Union(hu)) => {
                let kept = hu.variants.iter().find(|v| {
                    matches!(v.ty.non_null(), T::Named(id) if hm.ty(*id).name == as_new(b_name))
                });
                match kept {
                    Some(v) => Wire::Widened(format!(
                        "`{}` is now one of {} shapes",
                        describe(hm, &v.ty),
                        hu.variants.len()
                    )),
                    None => Wire::Incompatible,
                }
            }
            _ => Wire::Incompatible,
        }
    }

    fn structs(&mut self, bs: &StructDef, hs: &StructDef) {
        let (bm, hm) = (self.base, self.head);
        let name = self.name.to_string();
        let ctor_note = constructor_note(bm, bs, hm, hs, &name, self.renames);
        for bf in &bs.fields {
            if hs.fields.iter().any(|f| f.name == bf.name) {
                continue;
            }
            let api = judge(
                self.usage,
                (
                    Impact::Caution,
                    "the server no longer reads it: requests that send it may be rejected, or have it ignored".into(),
                ),
                if bf.required {
                    (
                        Impact::Breaking,
                        "clients that read it no longer find it".into(),
                    )
                } else {
                    (
                        Impact::Caution,
                        "it was optional, but clients that use it no longer get it".into(),
                    )
                },
            );
            let mut reason = format!("field `{name}::{}` is gone", bf.rust_name);
            if let (true, Some(note)) = (bf.required, &ctor_note) {
                reason.push_str(&format!("; {note}"));
            }
            self.push(
                ChangeKind::FieldRemoved,
                Some(bf.name.clone()),
                (Some(describe(bm, &bf.ty)), None),
                format!("Field `{}` removed", bf.name),
                api,
                Assessment::new(Impact::Breaking, reason),
            );
        }
        for hf in &hs.fields {
            match bs.fields.iter().find(|f| f.name == hf.name) {
                None => self.field_added(hf, hs, bs, &ctor_note),
                Some(bf) => self.field_changed(bf, hf, &ctor_note),
            }
        }
        self.undeclared_required(bs, hs);
        self.additional(bs, hs);
    }

    /// Names required without a property (the crate has no field for them) that come or go.
    /// One the new version declares as a property is compared by [`Self::field_added`].
    fn undeclared_required(&mut self, bs: &StructDef, hs: &StructDef) {
        let not_in_crate =
            || Assessment::unaffected("no property describes it, so the crate has no field for it");
        for name in &hs.undeclared_required {
            if bs.undeclared_required.contains(name) || bs.fields.iter().any(|f| &f.name == name) {
                continue;
            }
            let api = judge(
                self.usage,
                (
                    Impact::Breaking,
                    "existing requests do not send it, so the server may reject them".into(),
                ),
                (
                    Impact::Compatible,
                    "clients that do not know it can ignore it".into(),
                ),
            );
            self.push(
                ChangeKind::FieldAdded,
                Some(name.clone()),
                (None, Some("required, not described".into())),
                format!("Required field `{name}` added (no property describes it)"),
                api,
                not_in_crate(),
            );
        }
        for name in &bs.undeclared_required {
            if hs.undeclared_required.contains(name) || hs.fields.iter().any(|f| &f.name == name) {
                continue;
            }
            let api = judge(
                self.usage,
                (Impact::Compatible, "requests may now leave it out".into()),
                (
                    Impact::Breaking,
                    "responses may now leave it out; clients that expect it must handle its absence"
                        .into(),
                ),
            );
            self.push(
                ChangeKind::FieldRequiredChanged,
                Some(name.clone()),
                (Some("required".into()), Some("not mentioned".into())),
                format!("Field `{name}` (required, no property described it) no longer required"),
                api,
                not_in_crate(),
            );
        }
    }

    fn field_added(&mut self, hf: &Field, hs: &StructDef, bs: &StructDef, ctor: &Option<String>) {
        let hm = self.head;
        let name = self.name.to_string();
        // Required by name before, without a property: clients already had to send it.
        let required_before = bs.undeclared_required.contains(&hf.name);
        let rust_ty = field_type(hm, hf, Spelling::Short);
        let what = format!(
            "{}{}",
            if hf.required { "required" } else { "optional" },
            if hf.ty.is_nullable() {
                ", nullable"
            } else {
                ""
            }
        );
        let api = judge(
            self.usage,
            if required_before {
                (
                    Impact::Compatible,
                    format!(
                        "it was required already (by name, without a property), so requests send it; now it is described{}",
                        if hf.required { "" } else { ", and optional" }
                    ),
                )
            } else if hf.required {
                (
                    Impact::Breaking,
                    "existing requests do not send it, so the server may reject them".into(),
                )
            } else {
                (
                    Impact::Compatible,
                    "existing requests may leave it out".into(),
                )
            },
            if required_before {
                (
                    Impact::Compatible,
                    "it was required already; now it is described".into(),
                )
            } else {
                (
                    Impact::Compatible,
                    "clients that do not know it can ignore it".into(),
                )
            },
        );
        let rust = if hf.required {
            let note = ctor.clone().unwrap_or_else(|| {
                format!("`{name}::new` takes a new argument `{}`", hf.rust_name)
            });
            self.constructor_verdict(format!(
                "new field `{name}::{}: {rust_ty}`; {note}",
                hf.rust_name
            ))
        } else {
            let field = format!("new field `{name}::{}: {rust_ty}`", hf.rust_name);
            self.literal_verdict(field, bs.all_optional() && hs.all_optional())
        };
        self.push(
            ChangeKind::FieldAdded,
            Some(hf.name.clone()),
            (None, Some(describe(hm, &hf.ty))),
            format!(
                "Field `{}` {} ({what}, `{}`)",
                hf.name,
                if required_before {
                    "now described"
                } else {
                    "added"
                },
                describe(hm, hf.ty.non_null())
            ),
            api,
            rust,
        );
    }

    /// The crate's verdict on a change to a field present in both versions.
    fn field_rust_verdict(&self, bf: &Field, hf: &Field, ctor: &Option<String>) -> Assessment {
        let name = self.name;
        let before = self
            .renames
            .apply(&field_type(self.base, bf, Spelling::Short));
        let after = field_type(self.head, hf, Spelling::Short);
        let ctor_part = ctor
            .as_ref()
            .filter(|_| bf.required || hf.required)
            .map(|n| format!("; {n}"))
            .unwrap_or_default();
        if before != after {
            Assessment::new(
                Impact::Breaking,
                format!(
                    "`{name}::{}` is `{after}` instead of `{before}`{ctor_part}",
                    hf.rust_name
                ),
            )
        } else if !ctor_part.is_empty() {
            self.constructor_verdict(ctor_part.trim_start_matches("; ").to_string())
        } else {
            Assessment::unaffected(format!(
                "`{name}::{}` keeps its Rust type `{after}`",
                hf.rust_name
            ))
        }
    }

    fn field_changed(&mut self, bf: &Field, hf: &Field, ctor: &Option<String>) {
        let (bm, hm) = (self.base, self.head);
        let member = Some(hf.name.clone());
        let rust = self.field_rust_verdict(bf, hf, ctor);
        if bf.required != hf.required {
            let api = if hf.required {
                judge(
                    self.usage,
                    (
                        Impact::Breaking,
                        "requests that leave it out may now be rejected".into(),
                    ),
                    (
                        Impact::Compatible,
                        "clients already handle it present".into(),
                    ),
                )
            } else {
                judge(
                    self.usage,
                    (
                        Impact::Compatible,
                        "requests may now leave it out".into(),
                    ),
                    (
                        Impact::Breaking,
                        "responses may now leave it out; clients that expect it must handle its absence".into(),
                    ),
                )
            };
            let (before, after) = if hf.required {
                ("optional", "required")
            } else {
                ("required", "optional")
            };
            self.push(
                ChangeKind::FieldRequiredChanged,
                member.clone(),
                (Some(before.into()), Some(after.into())),
                format!("Field `{}` made {after}", hf.name),
                api,
                rust.clone(),
            );
        }
        if bf.ty.is_nullable() != hf.ty.is_nullable() {
            let api = if hf.ty.is_nullable() {
                judge(
                    self.usage,
                    (Impact::Compatible, "requests may now send null".into()),
                    (
                        Impact::Breaking,
                        "responses may now carry null; clients must handle it".into(),
                    ),
                )
            } else {
                judge(
                    self.usage,
                    (
                        Impact::Breaking,
                        "requests that send null may now be rejected".into(),
                    ),
                    (Impact::Compatible, "responses no longer carry null".into()),
                )
            };
            let (before, after) = if hf.ty.is_nullable() {
                ("not nullable", "nullable")
            } else {
                ("nullable", "not nullable")
            };
            self.push(
                ChangeKind::FieldNullabilityChanged,
                member.clone(),
                (Some(before.into()), Some(after.into())),
                format!("Field `{}` made {after}", hf.name),
                api,
                rust.clone(),
            );
        }
        let (bt, ht) = (bf.ty.non_null(), hf.ty.non_null());
        let w = wire(bm, bt, hm, ht);
        let rust_differs = self.renames.apply(&rust_type(bm, bt, Spelling::Short))
            != rust_type(hm, ht, Spelling::Short);
        if w != Wire::Same || rust_differs {
            let (before, after) = (describe(bm, bt), describe(hm, ht));
            let api = if w == Wire::Same {
                Assessment::unaffected(format!(
                    "`{after}` has the same shape on the wire; its changes are listed under its own name"
                ))
            } else {
                judge_wire(&w, self.usage, &before, &after)
            };
            self.push(
                ChangeKind::FieldTypeChanged,
                member.clone(),
                (Some(before.clone()), Some(after.clone())),
                format!("Field `{}` type changed: `{before}` → `{after}`", hf.name),
                api,
                rust,
            );
        }
        if bf.rust_name != hf.rust_name {
            self.push(
                ChangeKind::FieldRenamed,
                member.clone(),
                (Some(bf.rust_name.clone()), Some(hf.rust_name.clone())),
                format!(
                    "Field `{}` is `{}` in Rust instead of `{}`",
                    hf.name, hf.rust_name, bf.rust_name
                ),
                Assessment::unaffected("same name on the wire"),
                Assessment::new(
                    Impact::Breaking,
                    format!(
                        "`{0}::{1}` is now `{0}::{2}`",
                        self.name, bf.rust_name, hf.rust_name
                    ),
                ),
            );
        }
        if bf.deprecated != hf.deprecated {
            self.push_deprecation(hf, member.clone());
        }
        if let Some(c) = constraints_change(&bf.constraints, &hf.constraints) {
            self.push(
                ChangeKind::FieldConstraintsChanged,
                member,
                (None, None),
                format!("Field `{}`: {}", hf.name, c.summary),
                judge(self.usage, c.request, c.response),
                Assessment::unaffected("constraints only show in the docs"),
            );
        }
    }

    fn push_deprecation(&mut self, hf: &Field, member: Option<String>) {
        let name = self.name;
        let (summary, api, rust) = if hf.deprecated {
            (
                format!("Field `{}` deprecated", hf.name),
                Assessment::new(
                    Impact::Caution,
                    "still accepted and sent, but plan to stop using it",
                ),
                Assessment::new(
                    Impact::Caution,
                    format!(
                        "`{name}::{}` is `#[deprecated]`: uses warn, and fail builds that deny warnings",
                        hf.rust_name
                    ),
                ),
            )
        } else {
            (
                format!("Field `{}` no longer deprecated", hf.name),
                Assessment::new(Impact::Compatible, "no need to move away from it"),
                Assessment::new(
                    Impact::Compatible,
                    format!("`{name}::{}` is no longer `#[deprecated]`", hf.rust_name),
                ),
            )
        };
        self.push(
            ChangeKind::FieldDeprecated,
            member,
            if hf.deprecated {
                (Some("current".into()), Some("deprecated".into()))
            } else {
                (Some("deprecated".into()), Some("current".into()))
            },
            summary,
            api,
            rust,
        );
    }

    fn additional(&mut self, bs: &StructDef, hs: &StructDef) {
        let (bm, hm) = (self.base, self.head);
        let name = self.name;
        let describe_extra = |m: &ApiModel, a: &Option<TypeRef>| match a {
            None => "rejected (`additionalProperties: false`)".to_string(),
            Some(TypeRef::Any) => "allowed".to_string(),
            Some(t) => format!("allowed, of type `{}`", describe(m, t)),
        };
        let extra = |s: &StructDef| format!("{name}::{}", extra_field_name(s));
        let (before, after) = (
            describe_extra(bm, &bs.additional),
            describe_extra(hm, &hs.additional),
        );
        let (api, rust) = match (&bs.additional, &hs.additional) {
            (None, None) => return,
            (Some(bt), Some(ht)) => {
                let w = wire(bm, bt, hm, ht);
                let rust_before = self.renames.apply(&rust_type(bm, bt, Spelling::Short));
                let rust_after = rust_type(hm, ht, Spelling::Short);
                if w == Wire::Same && rust_before == rust_after {
                    return;
                }
                let rust = if rust_before == rust_after {
                    Assessment::unaffected("the map of undescribed properties keeps its type")
                } else {
                    Assessment::new(
                        Impact::Breaking,
                        format!("`{}` (undescribed properties) holds `{rust_after}` instead of `{rust_before}`", extra(hs)),
                    )
                };
                (judge_wire(&w, self.usage, &before, &after), rust)
            }
            (None, Some(_)) => (
                judge(
                    self.usage,
                    (
                        Impact::Compatible,
                        "the server accepts properties it does not describe".into(),
                    ),
                    (
                        Impact::Compatible,
                        "responses may carry properties the document does not describe".into(),
                    ),
                ),
                self.literal_verdict(
                    format!("new field `{}` keeps undescribed properties", extra(hs)),
                    bs.all_optional() && hs.all_optional(),
                ),
            ),
            (Some(_), None) => (
                judge(
                    self.usage,
                    (
                        Impact::Breaking,
                        "properties the document does not describe may now be rejected".into(),
                    ),
                    (
                        Impact::Compatible,
                        "responses carry only described properties".into(),
                    ),
                ),
                Assessment::new(
                    Impact::Breaking,
                    format!("field `{}` (undescribed properties) is gone", extra(bs)),
                ),
            ),
        };
        self.push(
            ChangeKind::AdditionalPropertiesChanged,
            None,
            (Some(before.clone()), Some(after.clone())),
            format!("Undescribed properties: {before} → {after}"),
            api,
            rust,
        );
    }

    fn enums(&mut self, be: &EnumDef, he: &EnumDef) {
        let name = self.name;
        let bvs: Vec<_> = be.variants().collect();
        let hvs: Vec<_> = he.variants().collect();
        for (value, rust_name) in &bvs {
            if hvs.iter().any(|(v, _)| v == value) {
                continue;
            }
            let api = judge(
                self.usage,
                (
                    Impact::Breaking,
                    "requests that send it may now be rejected".into(),
                ),
                (Impact::Compatible, "responses no longer carry it".into()),
            );
            let rust = Assessment::new(
                Impact::Breaking,
                format!(
                    "variant `{name}::{rust_name}` is gone (the value now parses as `{name}::Unknown`)"
                ),
            );
            self.push(
                ChangeKind::EnumValueRemoved,
                Some(value.to_string()),
                (Some(value.to_string()), None),
                format!("Enum value `{value}` removed"),
                api,
                rust,
            );
        }
        for (value, rust_name) in &hvs {
            match bvs.iter().find(|(v, _)| v == value) {
                None => {
                    let api = judge(
                        self.usage,
                        (
                            Impact::Compatible,
                            "the server accepts one more value".into(),
                        ),
                        (
                            Impact::Caution,
                            "responses may carry a value clients do not know; exhaustive handling must add it".into(),
                        ),
                    );
                    let rust = Assessment::new(
                        Impact::Compatible,
                        format!(
                            "new variant `{name}::{rust_name}`; the enum is `#[non_exhaustive]`, so matches already have a wildcard arm (the value parsed as `{name}::Unknown` before, which sorts after every known value)"
                        ),
                    );
                    self.push(
                        ChangeKind::EnumValueAdded,
                        Some(value.to_string()),
                        (None, Some(value.to_string())),
                        format!("Enum value `{value}` added"),
                        api,
                        rust,
                    );
                }
                Some((_, old_name)) if old_name != rust_name => self.push(
                    ChangeKind::EnumVariantRenamed,
                    Some(value.to_string()),
                    (Some(old_name.to_string()), Some(rust_name.to_string())),
                    format!(
                        "Enum value `{value}` is `{rust_name}` in Rust instead of `{old_name}`"
                    ),
                    Assessment::unaffected("same value on the wire"),
                    Assessment::new(
                        Impact::Breaking,
                        format!("`{name}::{old_name}` is now `{name}::{rust_name}`"),
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    fn unions(&mut self, bu: &UnionDef, hu: &UnionDef) {
        let (bm, hm) = (self.base, self.head);
        let name = self.name;
        let exhaustive = hu.discriminator.is_none();
        for bv in &bu.variants {
            if hu.variants.iter().any(|v| v.rust_name == bv.rust_name) {
                continue;
            }
            let api = judge(
                self.usage,
                (
                    Impact::Breaking,
                    "requests of that shape may now be rejected".into(),
                ),
                (
                    Impact::Compatible,
                    "responses no longer come in that shape".into(),
                ),
            );
            self.push(
                ChangeKind::UnionVariantRemoved,
                Some(bv.rust_name.clone()),
                (Some(describe(bm, &bv.ty)), None),
                format!("Shape `{}` removed", bv.rust_name),
                api,
                Assessment::new(
                    Impact::Breaking,
                    format!("variant `{name}::{}` is gone", bv.rust_name),
                ),
            );
        }
        for hv in &hu.variants {
            let Some(bv) = bu.variants.iter().find(|v| v.rust_name == hv.rust_name) else {
                let api = judge(
                    self.usage,
                    (
                        Impact::Compatible,
                        "the server accepts one more shape".into(),
                    ),
                    (
                        Impact::Caution,
                        "responses may come in a shape clients do not know".into(),
                    ),
                );
                let rust = if exhaustive {
                    Assessment::new(
                        Impact::Breaking,
                        format!(
                            "new variant `{name}::{}`; the enum is exhaustive (untagged), so `match`es without a wildcard arm stop compiling",
                            hv.rust_name
                        ),
                    )
                } else {
                    Assessment::new(
                        Impact::Compatible,
                        format!(
                            "new variant `{name}::{}`; the enum is `#[non_exhaustive]`",
                            hv.rust_name
                        ),
                    )
                };
                self.push(
                    ChangeKind::UnionVariantAdded,
                    Some(hv.rust_name.clone()),
                    (None, Some(describe(hm, &hv.ty))),
                    format!("Shape `{}` added", hv.rust_name),
                    api,
                    rust,
                );
                continue;
            };
            let w = wire(bm, &bv.ty, hm, &hv.ty);
            let rust_before = self.renames.apply(&rust_type(bm, &bv.ty, Spelling::Short));
            let rust_after = rust_type(hm, &hv.ty, Spelling::Short);
            if w != Wire::Same || rust_before != rust_after {
                let (before, after) = (describe(bm, &bv.ty), describe(hm, &hv.ty));
                let rust = if rust_before == rust_after {
                    Assessment::unaffected("the variant keeps its Rust type")
                } else {
                    Assessment::new(
                        Impact::Breaking,
                        format!(
                            "`{name}::{}` holds `{rust_after}` instead of `{rust_before}`",
                            hv.rust_name
                        ),
                    )
                };
                self.push(
                    ChangeKind::UnionVariantTypeChanged,
                    Some(hv.rust_name.clone()),
                    (Some(before.clone()), Some(after.clone())),
                    format!("Shape `{}` changed: `{before}` → `{after}`", hv.rust_name),
                    judge_wire(&w, self.usage, &before, &after),
                    rust,
                );
            }
            if bu.discriminator.is_some() && hu.discriminator.is_some() && bv.tags != hv.tags {
                let (before, after) = (bv.tags.join(", "), hv.tags.join(", "));
                self.push(
                    ChangeKind::UnionTagsChanged,
                    Some(hv.rust_name.clone()),
                    (Some(before.clone()), Some(after.clone())),
                    format!(
                        "Shape `{}` is told by `{after}` instead of `{before}`",
                        hv.rust_name
                    ),
                    judge(
                        self.usage,
                        (
                            Impact::Breaking,
                            "requests tagged the old way may be rejected".into(),
                        ),
                        (Impact::Caution, "responses are tagged differently".into()),
                    ),
                    Assessment::unaffected("the crate tells the shapes apart by the new tags"),
                );
            }
        }
        if bu.discriminator != hu.discriminator {
            let show = |d: &Option<String>| {
                d.as_ref()
                    .map(|p| format!("property `{p}`"))
                    .unwrap_or_else(|| "none (untagged)".into())
            };
            let (before, after) = (show(&bu.discriminator), show(&hu.discriminator));
            let rust = if bu.discriminator.is_some() != hu.discriminator.is_some() {
                Assessment::new(
                    Impact::Breaking,
                    format!(
                        "`{name}` {} (an `Unknown` variant and `#[non_exhaustive]` come with a discriminator)",
                        if hu.discriminator.is_some() { "becomes `#[non_exhaustive]` with an `Unknown` variant" } else { "loses its `Unknown` variant and becomes exhaustive" }
                    ),
                )
            } else {
                Assessment::unaffected("the crate tells the shapes apart by the new property")
            };
            self.push(
                ChangeKind::UnionDiscriminatorChanged,
                None,
                (Some(before.clone()), Some(after.clone())),
                format!("Discriminator: {before} → {after}"),
                judge(
                    self.usage,
                    (
                        Impact::Breaking,
                        "the server tells shapes apart another way".into(),
                    ),
                    (
                        Impact::Breaking,
                        "clients must tell shapes apart another way".into(),
                    ),
                ),
                rust,
            );
        }
    }

    fn alias(&mut self, bt: &TypeRef, ht: &TypeRef) {
        let (bm, hm) = (self.base, self.head);
        let w = wire(bm, bt, hm, ht);
        let rust_before = self.renames.apply(&rust_type(bm, bt, Spelling::Short));
        let rust_after = rust_type(hm, ht, Spelling::Short);
        if w == Wire::Same && rust_before == rust_after {
            return;
        }
        let (before, after) = (describe(bm, bt), describe(hm, ht));
        let rust = if rust_before == rust_after {
            Assessment::unaffected("the alias keeps its Rust type")
        } else {
            Assessment::new(
                Impact::Breaking,
                format!(
                    "`{}` is `{rust_after}` instead of `{rust_before}`",
                    self.name
                ),
            )
        };
        self.push(
            ChangeKind::AliasTargetChanged,
            None,
            (Some(before.clone()), Some(after.clone())),
            format!("Type changed: `{before}` → `{after}`"),
            judge_wire(&w, self.usage, &before, &after),
            rust,
        );
    }
}

/// When an alias to `alias` accepts more than the type of kind `kind` (an untyped value, a map of
/// anything against a struct, a string or integer against an enum of them): how each is worded,
/// `(wider, narrower)`.
fn wider_than(alias: &TypeRef, kind: &TypeKind) -> Option<(String, String)> {
    let enum_of = |integers: bool| matches!(kind, TypeKind::Enum(e) if e.is_integer() == integers);
    let (wide, narrow) = match alias {
        TypeRef::Any => return Some(("any value".into(), a(kind_name(kind)))),
        TypeRef::Map(v) if matches!(**v, TypeRef::Any) && matches!(kind, TypeKind::Struct(_)) => {
            ("an object of any properties", "described properties")
        }
        TypeRef::String(_) if enum_of(false) => ("any string", "listed values"),
        TypeRef::Integer(_) if enum_of(true) => ("any integer", "listed values"),
        _ => return None,
    };
    Some((wide.into(), narrow.into()))
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "object",
        TypeKind::Enum(e) if e.is_integer() => "integer enum",
        TypeKind::Enum(_) => "string enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(TypeRef::Any) => "untyped value",
        TypeKind::Alias(_) => "plain type",
    }
}

fn rust_kind(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct(_) => "Rust struct",
        TypeKind::Enum(e) if e.is_integer() => "Rust enum of integers (`From<i64>`, `as_i64`)",
        TypeKind::Enum(_) => "Rust enum of strings (`From<&str>`, `as_str`)",
        TypeKind::Union(_) => "Rust enum",
        TypeKind::Alias(_) => "Rust type alias",
    }
}

/// `word` with its indefinite article (`an object`, `a union`).
fn a(word: &str) -> String {
    // Not `u`: "a union".
    let article = if word.starts_with(['a', 'e', 'i', 'o']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

/// How building a struct changed: its `new(..)` arguments, or `Default`.
fn constructor_note(
    bm: &ApiModel,
    bs: &StructDef,
    hm: &ApiModel,
    hs: &StructDef,
    name: &str,
    renames: &Renames,
) -> Option<String> {
    let before = struct_constructor(bm, bs, Spelling::Short)
        .map(|args| args.iter().map(|a| renames.apply(a)).collect::<Vec<_>>());
    let after = struct_constructor(hm, hs, Spelling::Short);
    constructor_change(name, before, after)
}

/// Says how `new(..)` / `Default` of a struct named `name` changed, if it did.
pub(crate) fn constructor_change(
    name: &str,
    before: Option<Vec<String>>,
    after: Option<Vec<String>>,
) -> Option<String> {
    match (before, after) {
        (None, None) => None,
        (None, Some(args)) => Some(format!(
            "`{name}` no longer implements `Default`; it is built with `{name}::new({})`",
            args.join(", ")
        )),
        (Some(_), None) => Some(format!(
            "`{name}::new` is gone; `{name}` implements `Default` instead"
        )),
        (Some(b), Some(a)) if b == a => None,
        (Some(b), Some(a)) => Some(format!(
            "`{name}::new({})` becomes `{name}::new({})`",
            b.join(", "),
            a.join(", ")
        )),
    }
}

/// One direction's verdict: how much, and why.
pub(crate) type Verdict = (Impact, String);

/// What changed in a value's constraints.
pub(crate) struct ConstraintsChange {
    /// `maxLength 100 → 50; default 1 → 2`.
    pub summary: String,
    /// For values sent in requests.
    pub request: Verdict,
    /// For values received in responses.
    pub response: Verdict,
}

/// What changed in a value's constraints; `None` when nothing that matters did.
pub(crate) fn constraints_change(b: &Constraints, h: &Constraints) -> Option<ConstraintsChange> {
    if b == h {
        return None;
    }
    let mut parts = vec![];
    let (mut tighter, mut looser, mut default_changed) = (false, false, false);
    let show = |v: Option<String>| v.unwrap_or_else(|| "none".into());
    let bound = |v: Option<(f64, bool)>| {
        v.map(|(n, exclusive)| format!("{n}{}", if exclusive { " (exclusive)" } else { "" }))
    };
    // For a lower bound, a higher value (or exclusivity) is tighter; for an upper bound, lower.
    let mut compare_bound =
        |label: &str, b: Option<(f64, bool)>, h: Option<(f64, bool)>, lower: bool| {
            if b == h {
                return;
            }
            match (b, h) {
                (None, Some(_)) => tighter = true,
                (Some(_), None) => looser = true,
                (Some((x, xe)), Some((y, ye))) => {
                    let up = if lower { y > x } else { y < x };
                    let down = if lower { y < x } else { y > x };
                    if up || (x == y && ye && !xe) {
                        tighter = true;
                    } else if down || (x == y && xe && !ye) {
                        looser = true;
                    }
                }
                (None, None) => {}
            }
            parts.push(format!("{label} {} → {}", show(bound(b)), show(bound(h))));
        };
    compare_bound("minimum", b.minimum, h.minimum, true);
    compare_bound("maximum", b.maximum, h.maximum, false);
    let as_bound = |v: Option<usize>| v.map(|n| (n as f64, false));
    compare_bound(
        "minLength",
        as_bound(b.min_length),
        as_bound(h.min_length),
        true,
    );
    compare_bound(
        "maxLength",
        as_bound(b.max_length),
        as_bound(h.max_length),
        false,
    );
    if b.pattern != h.pattern {
        match (&b.pattern, &h.pattern) {
            (Some(_), None) => looser = true,
            _ => tighter = true,
        }
        parts.push(format!(
            "pattern `{}` → `{}`",
            show(b.pattern.clone()),
            show(h.pattern.clone())
        ));
    }
    if b.constant != h.constant {
        tighter = true;
        looser = true;
        parts.push(format!(
            "const {} → {}",
            show(b.constant.as_ref().map(|v| v.to_string())),
            show(h.constant.as_ref().map(|v| v.to_string()))
        ));
    }
    if b.default != h.default {
        default_changed = true;
        parts.push(format!(
            "default {} → {}",
            show(b.default.as_ref().map(|v| v.to_string())),
            show(h.default.as_ref().map(|v| v.to_string()))
        ));
    }
    if parts.is_empty() {
        // Only the example changed: nothing to report.
        return None;
    }
    let request = if tighter {
        (
            Impact::Breaking,
            "values that were valid may now be rejected".to_string(),
        )
    } else if default_changed {
        (
            Impact::Caution,
            "requests that leave it out now get another default".to_string(),
        )
    } else {
        (
            Impact::Compatible,
            "every value that was valid still is".to_string(),
        )
    };
    let response = if looser {
        (
            Impact::Caution,
            "responses may carry values outside the old bounds".to_string(),
        )
    } else {
        (
            Impact::Compatible,
            "responses stay within the old bounds".to_string(),
        )
    };
    Some(ConstraintsChange {
        summary: parts.join("; "),
        request,
        response,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_replace_whole_identifiers_only() {
        let r = Renames(BTreeMap::from([("Foo".to_string(), "Bar".to_string())]));
        assert_eq!(r.apply("Option<Vec<Foo>>"), "Option<Vec<Bar>>");
        assert_eq!(r.apply("FooBar"), "FooBar");
        assert_eq!(r.apply("BTreeMap<String, Foo>"), "BTreeMap<String, Bar>");
    }

    #[test]
    fn usage_verdicts_take_the_worse_direction() {
        let both = Usage {
            request: true,
            response: true,
        };
        let a = judge(
            both,
            (Impact::Breaking, "r".into()),
            (Impact::Compatible, "s".into()),
        );
        assert_eq!(a.impact, Impact::Breaking);
        assert_eq!(a.reason, "in requests, r; in responses, s");
        let none = judge(
            Usage::default(),
            (Impact::Breaking, "r".into()),
            (Impact::Breaking, "s".into()),
        );
        assert_eq!(none.impact, Impact::Unaffected);
    }

    #[test]
    fn constraints_tightening_breaks_requests_and_loosening_warns_responses() {
        let b = Constraints {
            max_length: Some(100),
            ..Default::default()
        };
        let h = Constraints {
            max_length: Some(50),
            ..Default::default()
        };
        let c = constraints_change(&b, &h).unwrap();
        assert_eq!(c.summary, "maxLength 100 → 50");
        assert_eq!(c.request.0, Impact::Breaking);
        assert_eq!(c.response.0, Impact::Compatible);
        let c = constraints_change(&h, &b).unwrap();
        assert_eq!(c.request.0, Impact::Compatible);
        assert_eq!(c.response.0, Impact::Caution);
    }
}
