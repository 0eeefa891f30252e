//! Operations: paired by HTTP method and path (path parameter names aside), then by operationId
//! for those that moved; then parameters, bodies, responses, the method's signature, security and
//! servers compared. Also the document-wide changes (default server, error model, packaging) and
//! webhooks.

use super::rust_api::{
    body_arg_type, call_path, method_signature, param_field_type, params_constructor,
    params_struct_name, path_arg_type, rust_type, status_variant, status_variants, struct_params,
    success_type, webhook_payload_type, Spelling,
};
use super::types::{
    constraints_change, constructor_change, describe, judge_wire, TypePairs, Usage, Wire,
};
use super::{Assessment, Change, ChangeKind, Comparison, Impact, Subject};
use crate::model::{
    ApiModel, AuthKind, BodyEncoding, OAuthFlow, OAuthFlowKind, Operation, Param, ParamLocation,
    Resource, SchemeType, Security, SecurityScheme, ServerChoice, StatusEnum, StatusSpec,
    StatusVariant, Success,
};

/// An operation in the old version, the new one, or both.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OpPair<'m> {
    /// In the old version.
    pub base: Option<(&'m Resource, &'m Operation)>,
    /// In the new version.
    pub head: Option<(&'m Resource, &'m Operation)>,
}

/// `GET /oauth_clients/{}`: what identifies an operation on the wire.
fn wire_key(op: &Operation) -> (String, String) {
    (op.http_method.clone(), path_key(&op.path))
}

/// A path template without its parameters' names (`/oauth_clients/{}`), which are not sent.
fn path_key(template: &str) -> String {
    let mut path = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => path.push(c),
        }
    }
    path
}

/// Pairs the operations of both versions: new ones in order (added ones among them), then the
/// removed ones in their old order.
pub(crate) fn match_operations<'m>(base: &'m ApiModel, head: &'m ApiModel) -> Vec<OpPair<'m>> {
    let old: Vec<(&Resource, &Operation)> = base.operations().collect();
    let mut used = vec![false; old.len()];
    let mut pairs = vec![];
    let new: Vec<(&Resource, &Operation)> = head.operations().collect();
    let mut unmatched = vec![];
    for (i, (_, h)) in new.iter().enumerate() {
        let found = old
            .iter()
            .enumerate()
            .position(|(j, (_, b))| !used[j] && wire_key(b) == wire_key(h));
        match found {
            Some(j) => {
                used[j] = true;
                pairs.push((i, Some(j)));
            }
            None => {
                unmatched.push(pairs.len());
                pairs.push((i, None));
            }
        }
    }
    // Same operationId at another method or path: moved.
    for slot in unmatched {
        let (i, _) = pairs[slot];
        let id = &new[i].1.id;
        if let Some(j) = old
            .iter()
            .enumerate()
            .position(|(j, (_, b))| !used[j] && &b.id == id)
        {
            used[j] = true;
            pairs[slot].1 = Some(j);
        }
    }
    let mut out: Vec<OpPair<'m>> = pairs
        .into_iter()
        .map(|(i, j)| OpPair {
            base: j.map(|j| old[j]),
            head: Some(new[i]),
        })
        .collect();
    out.extend(
        old.iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(b, _)| OpPair {
                base: Some(*b),
                head: None,
            }),
    );
    out
}

/// Parameters present in both versions of an operation: path ones by position when the path is
/// the same (their names are not sent), else by name and then by position; the others by location
/// and name.
pub(crate) fn paired_params<'o>(b: &'o Operation, h: &'o Operation) -> Vec<(&'o Param, &'o Param)> {
    let path = |o: &'o Operation| -> Vec<&'o Param> {
        o.params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .collect()
    };
    let mut out = vec![];
    let (old, new) = (path(b), path(h));
    if wire_key(b) == wire_key(h) {
        out.extend(old.into_iter().zip(new));
    } else {
        // Moved: same names first, then the rest in order.
        let mut left: Vec<&Param> = old.clone();
        let mut unpaired = vec![];
        for hp in new {
            match left.iter().position(|p| p.name == hp.name) {
                Some(i) => out.push((left.remove(i), hp)),
                None => unpaired.push(hp),
            }
        }
        out.extend(left.into_iter().zip(unpaired));
    }
    for hp in h
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        if let Some(bp) = b
            .params
            .iter()
            .find(|p| p.location == hp.location && p.name == hp.name)
        {
            out.push((bp, hp));
        }
    }
    out
}

fn subject(resource: &Resource, op: &Operation) -> Subject {
    Subject::Operation {
        method: op.http_method.clone(),
        path: op.path.clone(),
        operation_id: op.id.clone(),
        call: call_path(resource, op),
    }
}

fn location_name(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// Compares every pair of operations.
pub(crate) fn compare(
    base: &ApiModel,
    head: &ApiModel,
    ops: &[OpPair<'_>],
    pairs: &TypePairs,
) -> Vec<Change> {
    let mut out = vec![];
    for pair in ops {
        match (pair.base, pair.head) {
            (None, Some((r, h))) => out.push(Change {
                kind: ChangeKind::OperationAdded,
                subject: subject(r, h),
                member: None,
                before: None,
                after: None,
                summary: "Operation added".into(),
                api: Assessment::new(Impact::Compatible, "a new endpoint"),
                rust: Assessment::new(
                    Impact::Compatible,
                    format!(
                        "new method `{}`",
                        method_signature(head, r, h, Spelling::Short)
                    ),
                ),
                used_by: vec![],
            }),
            (Some((r, b)), None) => out.push(Change {
                kind: ChangeKind::OperationRemoved,
                subject: subject(r, b),
                member: None,
                before: None,
                after: None,
                summary: "Operation removed".into(),
                api: Assessment::new(Impact::Breaking, "requests to it will fail (404 or 405)"),
                rust: Assessment::new(
                    Impact::Breaking,
                    format!("method `{}` is gone", call_path(r, b)),
                ),
                used_by: vec![],
            }),
            (Some(b), Some(h)) => OpCmp {
                base,
                head,
                b,
                h,
                pairs,
                out: &mut out,
            }
            .compare(),
            (None, None) => {}
        }
    }
    out
}

/// Compares one operation in both versions.
struct OpCmp<'a> {
    base: &'a ApiModel,
    head: &'a ApiModel,
    b: (&'a Resource, &'a Operation),
    h: (&'a Resource, &'a Operation),
    pairs: &'a TypePairs,
    out: &'a mut Vec<Change>,
}

impl Comparison for OpCmp<'_> {
    fn subject(&self) -> Subject {
        subject(self.h.0, self.h.1)
    }
    fn out(&mut self) -> &mut Vec<Change> {
        self.out
    }
}

impl OpCmp<'_> {
    /// `b`'s Rust spelling with renamed types spelled by their new names.
    fn renamed(&self, rust: String) -> String {
        self.pairs.renames.apply(&rust)
    }

    /// The new method's name, for crate reasons.
    fn method(&self) -> String {
        format!("`{}`", call_path(self.h.0, self.h.1))
    }

    fn compare(mut self) {
        let ((br, b), (hr, h)) = (self.b, self.h);
        if wire_key(b) != wire_key(h) {
            let same_call = call_path(br, b) == call_path(hr, h);
            self.push(
                ChangeKind::OperationMoved,
                None,
                (
                    Some(format!("{} {}", b.http_method, b.path)),
                    Some(format!("{} {}", h.http_method, h.path)),
                ),
                format!(
                    "Operation `{}` moved from `{} {}`",
                    h.id, b.http_method, b.path
                ),
                Assessment::new(
                    Impact::Breaking,
                    format!(
                        "requests to `{} {}` must go to `{} {}`",
                        b.http_method, b.path, h.http_method, h.path
                    ),
                ),
                if same_call {
                    Assessment::unaffected(format!(
                        "{} keeps its name and sends to the new path",
                        self.method()
                    ))
                } else {
                    Assessment::unaffected("the method's new name is reported separately")
                },
            );
        }
        if call_path(br, b) != call_path(hr, h) {
            let mut reason = format!("`{}` is now `{}`", call_path(br, b), call_path(hr, h));
            let (old_params, new_params) = (params_struct_name(br, b), params_struct_name(hr, h));
            if !struct_params(b).is_empty()
                && !struct_params(h).is_empty()
                && old_params != new_params
            {
                reason.push_str(&format!(", and `{old_params}` is now `{new_params}`"));
            }
            self.push(
                ChangeKind::OperationRenamed,
                None,
                (Some(call_path(br, b)), Some(call_path(hr, h))),
                format!("Method renamed from `{}`", call_path(br, b)),
                Assessment::unaffected("same request on the wire"),
                Assessment::new(Impact::Breaking, reason),
            );
        }
        if b.deprecated != h.deprecated {
            let (api, rust, summary) = if h.deprecated {
                (
                    Assessment::new(Impact::Caution, "still served, but plan to stop calling it"),
                    Assessment::new(
                        Impact::Caution,
                        format!(
                            "{} is `#[deprecated]`: calls warn, and fail builds that deny warnings",
                            self.method()
                        ),
                    ),
                    "Operation deprecated",
                )
            } else {
                (
                    Assessment::new(Impact::Compatible, "no need to move away from it"),
                    Assessment::new(
                        Impact::Compatible,
                        format!("{} is no longer `#[deprecated]`", self.method()),
                    ),
                    "Operation no longer deprecated",
                )
            };
            let kind = if h.deprecated {
                ChangeKind::OperationDeprecated
            } else {
                ChangeKind::OperationUndeprecated
            };
            self.push(kind, None, (None, None), summary.into(), api, rust);
        }
        self.params();
        self.body();
        self.responses();
        self.return_type();
        self.security();
        self.server();
    }

    // ----- parameters --------------------------------------------------------------------------

    fn params(&mut self) {
        let ((br, b), (hr, h)) = (self.b, self.h);
        let (bm, hm) = (self.base, self.head);
        let paired = paired_params(b, h);
        let old_struct = !struct_params(b).is_empty();
        let new_struct = !struct_params(h).is_empty();
        let sname = params_struct_name(hr, h);
        let ctor = constructor_change(
            &sname,
            params_constructor(bm, b, Spelling::Short)
                .map(|a| a.into_iter().map(|s| self.renamed(s)).collect()),
            params_constructor(hm, h, Spelling::Short),
        );
        let method = self.method();

        for bp in &b.params {
            if paired.iter().any(|(p, _)| std::ptr::eq(*p, bp)) {
                continue;
            }
            let label = format!("{} parameter `{}`", location_name(bp.location), bp.name);
            let (api, rust) = if bp.location == ParamLocation::Path {
                (
                    Assessment::new(Impact::Breaking, "the path has one segment fewer"),
                    Assessment::new(
                        Impact::Breaking,
                        format!("{method} no longer takes `{}`", bp.rust_name),
                    ),
                )
            } else {
                let rust = if new_struct {
                    let mut reason = format!("field `{sname}::{}` is gone", bp.rust_name);
                    if let (true, Some(c)) = (bp.required, &ctor) {
                        reason.push_str(&format!("; {c}"));
                    }
                    reason
                } else {
                    format!(
                        "{method} no longer takes a `params` argument, and `{}` is gone",
                        params_struct_name(br, b)
                    )
                };
                (
                    Assessment::new(
                        Impact::Caution,
                        "the server no longer reads it: requests that send it may be rejected, or have it ignored",
                    ),
                    Assessment::new(Impact::Breaking, rust),
                )
            };
            self.push(
                ChangeKind::ParameterRemoved,
                Some(bp.name.clone()),
                (Some(describe(bm, &bp.ty)), None),
                format!("{} removed", capitalize(&label)),
                api,
                rust,
            );
        }

        for hp in &h.params {
            let Some((bp, _)) = paired.iter().find(|(_, p)| std::ptr::eq(*p, hp)) else {
                self.param_added(hp, old_struct, &sname, &ctor);
                continue;
            };
            self.param_changed(bp, hp, &sname, &ctor);
        }
    }

    fn param_added(&mut self, hp: &Param, old_struct: bool, sname: &str, ctor: &Option<String>) {
        let hm = self.head;
        // The parameter struct derived `Default` before and after (no required parameter).
        let ctor_is_default = params_constructor(self.base, self.b.1, Spelling::Short).is_none()
            && params_constructor(hm, self.h.1, Spelling::Short).is_none();
        let method = self.method();
        let label = format!("{} parameter `{}`", location_name(hp.location), hp.name);
        let required = if hp.required { "required" } else { "optional" };
        let api = if hp.required {
            Assessment::new(
                Impact::Breaking,
                "existing requests do not send it, so the server may reject them",
            )
        } else {
            Assessment::new(Impact::Compatible, "existing requests may leave it out")
        };
        let rust = if hp.location == ParamLocation::Path {
            Assessment::new(
                Impact::Breaking,
                format!(
                    "{method} takes a new argument `{}: {}`",
                    hp.rust_name,
                    path_arg_type(hm, hp, Spelling::Short)
                ),
            )
        } else if !old_struct {
            Assessment::new(
                Impact::Breaking,
                format!("{method} takes a new argument `params: {sname}`"),
            )
        } else if hp.required {
            let note = ctor
                .clone()
                .unwrap_or_else(|| format!("`{sname}::new` takes `{}`", hp.rust_name));
            Assessment::new(
                Impact::Breaking,
                format!(
                    "new field `{sname}::{}: {}`; {note}",
                    hp.rust_name,
                    param_field_type(hm, hp, Spelling::Short)
                ),
            )
        } else {
            let field = format!(
                "new field `{sname}::{}: {}`",
                hp.rust_name,
                param_field_type(hm, hp, Spelling::Short)
            );
            if ctor_is_default {
                Assessment::new(
                    Impact::Compatible,
                    format!("{field}; `Default` is unchanged, so literals ending in `..Default::default()` keep compiling"),
                )
            } else {
                Assessment::new(
                    Impact::Caution,
                    format!("{field}; `{sname}::new` is unchanged, but struct literals of `{sname}` must add it"),
                )
            }
        };
        self.push(
            ChangeKind::ParameterAdded,
            Some(hp.name.clone()),
            (None, Some(describe(hm, &hp.ty))),
            format!(
                "{} added ({required}, `{}`)",
                capitalize(&label),
                describe(hm, &hp.ty)
            ),
            api,
            rust,
        );
    }

    fn param_changed(&mut self, bp: &Param, hp: &Param, sname: &str, ctor: &Option<String>) {
        let (bm, hm) = (self.base, self.head);
        let method = self.method();
        let label = format!("{} parameter `{}`", location_name(hp.location), hp.name);
        let member = Some(hp.name.clone());
        let is_path = hp.location == ParamLocation::Path;
        // The Rust side: a positional argument for path parameters, a struct field otherwise.
        let (rust_before, rust_after) = if is_path {
            (
                self.renamed(path_arg_type(bm, bp, Spelling::Short)),
                path_arg_type(hm, hp, Spelling::Short),
            )
        } else {
            (
                self.renamed(param_field_type(bm, bp, Spelling::Short)),
                param_field_type(hm, hp, Spelling::Short),
            )
        };
        let ctor_part = ctor
            .as_ref()
            .filter(|_| !is_path && (bp.required || hp.required))
            .map(|c| format!("; {c}"))
            .unwrap_or_default();
        let rust = if rust_before != rust_after {
            let what = if is_path {
                format!("{method} takes `{}: {rust_after}`", hp.rust_name)
            } else {
                format!("`{sname}::{}` is `{rust_after}`", hp.rust_name)
            };
            Assessment::new(
                Impact::Breaking,
                format!("{what} instead of `{rust_before}`{ctor_part}"),
            )
        } else if !ctor_part.is_empty() {
            Assessment::new(Impact::Breaking, ctor_part.trim_start_matches("; "))
        } else {
            Assessment::unaffected(format!("the Rust type stays `{rust_after}`"))
        };

        if bp.required != hp.required {
            let (api, after) = if hp.required {
                (
                    Assessment::new(
                        Impact::Breaking,
                        "requests that leave it out may now be rejected",
                    ),
                    "required",
                )
            } else {
                (
                    Assessment::new(Impact::Compatible, "requests may now leave it out"),
                    "optional",
                )
            };
            let before = if hp.required { "optional" } else { "required" };
            self.push(
                ChangeKind::ParameterRequiredChanged,
                member.clone(),
                (Some(before.into()), Some(after.into())),
                format!("{} made {after}", capitalize(&label)),
                api,
                rust.clone(),
            );
        }
        let w = wire(bm, &bp.ty, hm, &hp.ty);
        let type_differs = self.renamed(rust_type(bm, &bp.ty, Spelling::Short))
            != rust_type(hm, &hp.ty, Spelling::Short);
        if w != Wire::Same || type_differs {
            let (before, after) = (describe(bm, &bp.ty), describe(hm, &hp.ty));
            let api = if w == Wire::Same {
                Assessment::unaffected(format!(
                    "`{after}` has the same shape on the wire; its changes are listed under its own name"
                ))
            } else {
                judge_wire(&w, Usage::REQUEST, &before, &after)
            };
            self.push(
                ChangeKind::ParameterTypeChanged,
                member.clone(),
                (Some(before.clone()), Some(after.clone())),
                format!(
                    "{} type changed: `{before}` → `{after}`",
                    capitalize(&label)
                ),
                api,
                rust.clone(),
            );
        }
        if !is_path && bp.rust_name != hp.rust_name {
            self.push(
                ChangeKind::ParameterRenamed,
                member.clone(),
                (Some(bp.rust_name.clone()), Some(hp.rust_name.clone())),
                format!(
                    "{} is `{}` in Rust instead of `{}`",
                    capitalize(&label),
                    hp.rust_name,
                    bp.rust_name
                ),
                Assessment::unaffected("same name on the wire"),
                Assessment::new(
                    Impact::Breaking,
                    format!(
                        "`{sname}::{}` is now `{sname}::{}`",
                        bp.rust_name, hp.rust_name
                    ),
                ),
            );
        }
        if bp.deprecated != hp.deprecated {
            let (summary, api) = if hp.deprecated {
                (
                    format!("{} deprecated", capitalize(&label)),
                    Assessment::new(
                        Impact::Caution,
                        "still accepted, but plan to stop sending it",
                    ),
                )
            } else {
                (
                    format!("{} no longer deprecated", capitalize(&label)),
                    Assessment::new(Impact::Compatible, "no need to move away from it"),
                )
            };
            self.push(
                ChangeKind::ParameterDeprecated,
                member.clone(),
                (None, None),
                summary,
                api,
                Assessment::unaffected("the crate does not mark deprecated parameters"),
            );
        }
        if let Some(c) = constraints_change(&bp.constraints, &hp.constraints) {
            self.push(
                ChangeKind::ParameterConstraintsChanged,
                member,
                (None, None),
                format!("{}: {}", capitalize(&label), c.summary),
                Assessment::new(c.request.0, c.request.1),
                Assessment::unaffected("constraints only show in the docs"),
            );
        }
    }

    // ----- request body ------------------------------------------------------------------------

    fn body(&mut self) {
        let ((_, b), (_, h)) = (self.b, self.h);
        let (bm, hm) = (self.base, self.head);
        let method = self.method();
        match (&b.body, &h.body) {
            (None, None) => {}
            (None, Some(hb)) => {
                let arg = body_arg_type(hm, hb, Spelling::Short);
                self.push(
                    ChangeKind::RequestBodyAdded,
                    None,
                    (None, Some(describe(hm, &hb.ty))),
                    format!(
                        "Request body added ({}, `{}`)",
                        if hb.required { "required" } else { "optional" },
                        describe(hm, &hb.ty)
                    ),
                    if hb.required {
                        Assessment::new(
                            Impact::Breaking,
                            "existing requests send no body, so the server may reject them",
                        )
                    } else {
                        Assessment::new(Impact::Compatible, "existing requests may go without it")
                    },
                    Assessment::new(
                        Impact::Breaking,
                        format!("{method} takes a new argument `{arg}`"),
                    ),
                );
            }
            (Some(bb), None) => self.push(
                ChangeKind::RequestBodyRemoved,
                None,
                (Some(describe(bm, &bb.ty)), None),
                "Request body removed".into(),
                Assessment::new(
                    Impact::Caution,
                    "the server no longer reads a body: requests that send one may be rejected, or have it ignored",
                ),
                Assessment::new(
                    Impact::Breaking,
                    format!("{method} no longer takes a `body` argument"),
                ),
            ),
            (Some(bb), Some(hb)) => {
                if bb.required != hb.required {
                    let after = if hb.required { "required" } else { "optional" };
                    self.push(
                        ChangeKind::RequestBodyRequiredChanged,
                        None,
                        (
                            Some(if hb.required { "optional" } else { "required" }.into()),
                            Some(after.into()),
                        ),
                        format!("Request body made {after}"),
                        if hb.required {
                            Assessment::new(
                                Impact::Breaking,
                                "requests without a body may now be rejected",
                            )
                        } else {
                            Assessment::new(Impact::Compatible, "requests may now go without a body")
                        },
                        Assessment::unaffected(format!(
                            "{method} takes the body either way"
                        )),
                    );
                }
                let w = wire(bm, &bb.ty, hm, &hb.ty);
                let rust_before = self.renamed(body_arg_type(bm, bb, Spelling::Short));
                let rust_after = body_arg_type(hm, hb, Spelling::Short);
                if w != Wire::Same || rust_before != rust_after {
                    let (before, after) = (describe(bm, &bb.ty), describe(hm, &hb.ty));
                    let api = if w == Wire::Same {
                        Assessment::unaffected(format!(
                            "`{after}` has the same shape on the wire; its changes are listed under its own name"
                        ))
                    } else {
                        judge_wire(&w, Usage::REQUEST, &before, &after)
                    };
                    let rust = if rust_before == rust_after {
                        Assessment::unaffected(format!("the argument stays `{rust_after}`"))
                    } else {
                        Assessment::new(
                            Impact::Breaking,
                            format!("{method} takes `{rust_after}` instead of `{rust_before}`"),
                        )
                    };
                    self.push(
                        ChangeKind::RequestBodyTypeChanged,
                        None,
                        (Some(before.clone()), Some(after.clone())),
                        format!("Request body type changed: `{before}` → `{after}`"),
                        api,
                        rust,
                    );
                }
                for c in &bb.content_types {
                    if !hb.content_types.contains(c) {
                        self.push(
                            ChangeKind::RequestContentTypeRemoved,
                            Some(c.clone()),
                            (Some(c.clone()), None),
                            format!("Request content type `{c}` removed"),
                            Assessment::new(
                                Impact::Breaking,
                                "requests sent as it may be rejected (415)",
                            ),
                            Assessment::unaffected(if bb.encoding == hb.encoding {
                                "the client does not send it"
                            } else {
                                "the encoding change is listed separately"
                            }),
                        );
                    }
                }
                for c in &hb.content_types {
                    if !bb.content_types.contains(c) {
                        self.push(
                            ChangeKind::RequestContentTypeAdded,
                            Some(c.clone()),
                            (None, Some(c.clone())),
                            format!("Request content type `{c}` added"),
                            Assessment::new(
                                Impact::Compatible,
                                "clients may also send this content type",
                            ),
                            Assessment::unaffected(if bb.encoding == hb.encoding {
                                "the client keeps sending what it sent"
                            } else {
                                "the encoding change is listed separately"
                            }),
                        );
                    }
                }
                if bb.encoding != hb.encoding {
                    let (before, after) = (encoding_name(&bb.encoding), encoding_name(&hb.encoding));
                    self.push(
                        ChangeKind::RequestEncodingChanged,
                        None,
                        (Some(before.clone()), Some(after.clone())),
                        format!("The client sends the body as `{after}` instead of `{before}`"),
                        Assessment::unaffected("content types offered are listed separately"),
                        Assessment::new(
                            Impact::Caution,
                            format!("{method} encodes the body differently; code that inspects or mocks requests sees `{after}`"),
                        ),
                    );
                }
            }
        }
    }

    // ----- responses ---------------------------------------------------------------------------

    fn responses(&mut self) {
        let ((_, b), (_, h)) = (self.b, self.h);
        let (bm, hm) = (self.base, self.head);
        let success = |s: &StatusSpec| match s {
            StatusSpec::Code(c) => (200..400).contains(c),
            StatusSpec::Range(c) => *c == 2 || *c == 3,
            StatusSpec::Default => false,
        };
        let by_status = [&b.success, &h.success]
            .iter()
            .any(|s| matches!(s, Success::ByStatus(_)));
        for br in &b.responses {
            if h.responses.iter().any(|r| r.status == br.status) {
                continue;
            }
            let status = br.status.to_string();
            self.push(
                ChangeKind::ResponseStatusRemoved,
                Some(status.clone()),
                (Some(status.clone()), None),
                format!("Response {status} removed"),
                if success(&br.status) {
                    Assessment::new(
                        Impact::Caution,
                        "no longer returned: clients that check for this status must follow the new ones",
                    )
                } else {
                    Assessment::new(Impact::Compatible, "no longer documented as an answer")
                },
                Assessment::unaffected("a change of return type, if any, is listed separately"),
            );
        }
        for hr in &h.responses {
            let status = hr.status.to_string();
            let member = Some(status.clone());
            let Some(br) = b.responses.iter().find(|r| r.status == hr.status) else {
                self.push(
                    ChangeKind::ResponseStatusAdded,
                    member,
                    (None, Some(status.clone())),
                    format!("Response {status} added"),
                    if success(&hr.status) {
                        Assessment::new(
                            Impact::Caution,
                            "clients may get a success status they do not expect",
                        )
                    } else {
                        Assessment::new(Impact::Compatible, "a newly documented error answer")
                    },
                    Assessment::unaffected(if by_status {
                        "a change of the response enum or of the return type is listed separately"
                    } else {
                        "the crate reads statuses by class; a change of return type, if any, is listed separately"
                    }),
                );
                continue;
            };
            let ok = success(&hr.status);
            if br.content_type != hr.content_type {
                let show = |c: &Option<String>| c.clone().unwrap_or_else(|| "no body".into());
                let (before, after) = (show(&br.content_type), show(&hr.content_type));
                let kind = match (&br.content_type, &hr.content_type) {
                    (None, Some(_)) => ChangeKind::ResponseBodyAdded,
                    (Some(_), None) => ChangeKind::ResponseBodyRemoved,
                    _ => ChangeKind::ResponseContentTypeChanged,
                };
                let api = match (kind, ok) {
                    (ChangeKind::ResponseBodyAdded, _) => Assessment::new(
                        Impact::Compatible,
                        "clients that ignored the body can go on ignoring it",
                    ),
                    (_, true) => Assessment::new(
                        Impact::Breaking,
                        "clients reading the old body cannot read the new one",
                    ),
                    (_, false) => Assessment::new(
                        Impact::Caution,
                        "clients reading error details must read them differently",
                    ),
                };
                self.push(
                    kind,
                    member,
                    (Some(before.clone()), Some(after.clone())),
                    format!("Response {status}: `{before}` → `{after}`"),
                    api,
                    Assessment::unaffected("a change of return type, if any, is listed separately"),
                );
                continue;
            }
            match (&br.ty, &hr.ty) {
                (Some(bt), Some(ht)) => {
                    let w = wire(bm, bt, hm, ht);
                    if w != Wire::Same {
                        let (before, after) = (describe(bm, bt), describe(hm, ht));
                        self.push(
                            ChangeKind::ResponseBodyTypeChanged,
                            member.clone(),
                            (Some(before.clone()), Some(after.clone())),
                            format!("Response {status} body type changed: `{before}` → `{after}`"),
                            judge_wire(&w, Usage::RESPONSE, &before, &after),
                            Assessment::unaffected(
                                "a change of return type, if any, is listed separately",
                            ),
                        );
                    }
                }
                (None, Some(ht)) => self.push(
                    ChangeKind::ResponseBodyAdded,
                    member.clone(),
                    (None, Some(describe(hm, ht))),
                    format!(
                        "Response {status} body now described as `{}`",
                        describe(hm, ht)
                    ),
                    Assessment::new(Impact::Compatible, "the body is now described"),
                    Assessment::unaffected("a change of return type, if any, is listed separately"),
                ),
                (Some(bt), None) => self.push(
                    ChangeKind::ResponseBodyRemoved,
                    member.clone(),
                    (Some(describe(bm, bt)), None),
                    format!("Response {status} body no longer described"),
                    Assessment::new(
                        if ok {
                            Impact::Caution
                        } else {
                            Impact::Compatible
                        },
                        "the body's shape is no longer promised",
                    ),
                    Assessment::unaffected("a change of return type, if any, is listed separately"),
                ),
                (None, None) => {}
            }
            for header in &br.headers {
                if !hr.headers.contains(header) {
                    self.push(
                        ChangeKind::ResponseHeaderRemoved,
                        Some(format!("{status} {header}")),
                        (Some(header.clone()), None),
                        format!("Response {status}: header `{header}` removed"),
                        Assessment::new(
                            if ok {
                                Impact::Caution
                            } else {
                                Impact::Compatible
                            },
                            "clients that read it no longer get it",
                        ),
                        Assessment::unaffected("headers are read from the raw response"),
                    );
                }
            }
            for header in &hr.headers {
                if !br.headers.contains(header) {
                    self.push(
                        ChangeKind::ResponseHeaderAdded,
                        Some(format!("{status} {header}")),
                        (None, Some(header.clone())),
                        format!("Response {status}: header `{header}` added"),
                        Assessment::new(Impact::Compatible, "a newly documented header"),
                        Assessment::unaffected("headers are read from the raw response"),
                    );
                }
            }
        }
    }

    fn return_type(&mut self) {
        let ((_, b), (_, h)) = (self.b, self.h);
        let (bm, hm) = (self.base, self.head);
        let before = self.renamed(success_type(bm, b, Spelling::Short));
        let after = success_type(hm, h, Spelling::Short);
        let method = self.method();
        if before != after {
            let mut reason =
                format!("{method} returns `Call<{after}>` instead of `Call<{before}>`");
            if let Success::ByStatus(e) = &h.success {
                reason.push_str(&format!(
                    "; `{}` is an enum with a variant per success status: `{}`",
                    e.name,
                    status_variants(hm, e, Spelling::Short).join("`, `")
                ));
            }
            self.push(
                ChangeKind::ReturnTypeChanged,
                None,
                (Some(before.clone()), Some(after.clone())),
                format!("Returns `{after}` instead of `{before}`"),
                Assessment::unaffected("the responses' changes are listed separately"),
                Assessment::new(Impact::Breaking, reason),
            );
        }
        if let (Success::ByStatus(be), Success::ByStatus(he)) = (&b.success, &h.success) {
            self.status_variants(be, he);
        }
        match (&b.pagination, &h.pagination) {
            (Some(_), None) => self.push(
                ChangeKind::PaginationRemoved,
                None,
                (None, None),
                "No longer paginated".into(),
                Assessment::unaffected("the parameters' and response's changes are listed separately"),
                Assessment::new(
                    Impact::Breaking,
                    format!("`{after}` no longer implements `Paginated`: `into_stream()` and `pages()` are gone for {method}"),
                ),
            ),
            (None, Some(_)) => self.push(
                ChangeKind::PaginationAdded,
                None,
                (None, None),
                "Now paginated".into(),
                Assessment::unaffected("the parameters' and response's changes are listed separately"),
                Assessment::new(
                    Impact::Compatible,
                    format!("`into_stream()` and `pages()` walk every page of {method}"),
                ),
            ),
            _ => {}
        }
    }

    /// The variants of a response enum (one per success status), by status: what code matching
    /// on the enum sees. The API side of each status is judged with the responses.
    fn status_variants(&mut self, be: &StatusEnum, he: &StatusEnum) {
        let (bm, hm) = (self.base, self.head);
        let name = &he.name;
        let other = StatusEnum::OTHER;
        let label = |v: &StatusVariant| v.status.to_string();
        let spell = |model: &ApiModel, v: &StatusVariant| status_variant(model, v, Spelling::Short);
        for bv in &be.variants {
            if he.variants.iter().any(|v| v.status == bv.status) {
                continue;
            }
            self.push(
                ChangeKind::ResponseVariantRemoved,
                Some(label(bv)),
                (Some(self.renamed(spell(bm, bv))), None),
                format!("Response enum variant for {} removed", label(bv)),
                Assessment::unaffected("the responses' changes are listed separately"),
                Assessment::new(
                    Impact::Breaking,
                    format!(
                        "variant `{name}::{}` is gone (that status now comes as `{name}::{other}`)",
                        bv.rust_name
                    ),
                ),
            );
        }
        for hv in &he.variants {
            let after = spell(hm, hv);
            let Some(bv) = be.variants.iter().find(|v| v.status == hv.status) else {
                self.push(
                    ChangeKind::ResponseVariantAdded,
                    Some(label(hv)),
                    (None, Some(after.clone())),
                    format!("Response enum variant for {} added", label(hv)),
                    Assessment::unaffected("the responses' changes are listed separately"),
                    Assessment::new(
                        Impact::Caution,
                        format!(
                            "new variant `{name}::{after}`; the enum is `#[non_exhaustive]`, so matches keep compiling, but that status came as `{name}::{other}` before",
                        ),
                    ),
                );
                continue;
            };
            let before = self.renamed(spell(bm, bv));
            if before != after {
                self.push(
                    ChangeKind::ResponseVariantChanged,
                    Some(label(hv)),
                    (Some(before.clone()), Some(after.clone())),
                    format!(
                        "Response enum variant for {}: `{before}` → `{after}`",
                        label(hv)
                    ),
                    Assessment::unaffected("the responses' changes are listed separately"),
                    Assessment::new(
                        Impact::Breaking,
                        format!("`{name}::{before}` is now `{name}::{after}`"),
                    ),
                );
            }
        }
    }

    // ----- security and servers ----------------------------------------------------------------

    fn security(&mut self) {
        let ((_, b), (_, h)) = (self.b, self.h);
        let (bs, hs) = (&b.security, &h.security);
        if bs.schemes == hs.schemes && bs.optional == hs.optional {
            self.schemes_swapped();
            return;
        }
        let (before, after) = (describe_security(bs), describe_security(hs));
        let anonymous_before = bs.optional || bs.schemes.is_empty();
        let anonymous_after = hs.optional || hs.schemes.is_empty();
        let dropped: Vec<AuthKind> = bs
            .schemes
            .iter()
            .filter(|s| !hs.schemes.contains(s))
            .cloned()
            .collect();
        let api = if anonymous_before && !anonymous_after {
            Assessment::new(
                Impact::Breaking,
                "calls without credentials are now rejected",
            )
        } else if !dropped.is_empty() && !anonymous_after {
            Assessment::new(
                Impact::Breaking,
                format!(
                    "calls authenticated with {} are now rejected",
                    dropped
                        .iter()
                        .map(auth_name)
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
        } else {
            Assessment::new(Impact::Compatible, "every call that was accepted still is")
        };
        let method = self.method();
        let rust = if hs.schemes.is_empty() {
            Assessment::new(
                Impact::Compatible,
                format!("{method} sends no credentials now; none are needed"),
            )
        } else if api.impact == Impact::Breaking || hs.schemes.first() != bs.schemes.first() {
            Assessment::new(
                Impact::Caution,
                format!("{method} now sends {after}; calls fail at run time when the client lacks those credentials"),
            )
        } else {
            Assessment::new(
                Impact::Compatible,
                format!(
                    "{method} accepts more ways to authenticate; configured clients keep working"
                ),
            )
        };
        self.push(
            ChangeKind::SecurityChanged,
            None,
            (Some(before.clone()), Some(after.clone())),
            format!("Authentication: {before} → {after}"),
            api,
            rust,
        );
    }

    /// The crate sends the same, but the operation lists a scheme of a type it did not take before
    /// under another name (a scheme of the same name is compared by [`compare_schemes`]).
    fn schemes_swapped(&mut self) {
        let ((_, b), (_, h)) = (self.b, self.h);
        let old = declared_schemes(self.base, &b.security.names);
        let new: Vec<&SecurityScheme> = declared_schemes(self.head, &h.security.names)
            .into_iter()
            .filter(|s| {
                !old.iter()
                    .any(|o| o.name == s.name || o.spec_type == s.spec_type)
            })
            .collect();
        if new.is_empty() || old.is_empty() {
            return;
        }
        let show = |schemes: &[&SecurityScheme]| {
            schemes
                .iter()
                .map(|s| format!("{} scheme `{}`", describe_scheme(&s.spec_type), s.name))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let (before, after) = (show(&old), show(&new));
        let steps: Vec<String> = new
            .iter()
            .map(|s| how_to_authenticate(&s.spec_type))
            .collect();
        let method = self.method();
        let mapped = new
            .iter()
            .any(|s| s.spec_type.default_kind().as_ref() != Some(&s.kind));
        // Every old scheme still listed: one more way in.
        let added = old.iter().all(|o| h.security.names.contains(&o.name));
        let api = if added {
            Assessment::new(
                Impact::Compatible,
                format!("the operation also takes {after}; what worked still does"),
            )
        } else {
            Assessment::new(
                Impact::Caution,
                format!(
                    "the operation takes {after} instead of {before}: clients must {}",
                    steps.join(", or ")
                ),
            )
        };
        self.push(
            ChangeKind::SecurityChanged,
            None,
            (Some(before.clone()), Some(after.clone())),
            format!("Security scheme: {before} → {after}"),
            api,
            Assessment::unaffected(if mapped {
                format!(
                    "{method} still sends {}, as the resource map says: check that this is still what the API takes",
                    describe_security(&h.security)
                )
            } else {
                format!("{method} still sends {}", describe_security(&h.security))
            }),
        );
    }

    fn server(&mut self) {
        let ((_, b), (_, h)) = (self.b, self.h);
        if b.server == h.server {
            return;
        }
        let (before, after) = (
            describe_server(self.base, &b.server),
            describe_server(self.head, &h.server),
        );
        let method = self.method();
        let rust = match (&b.server, &h.server) {
            (ServerChoice::Default, _) => format!(
                "{method} no longer follows the configured base URL: it is sent to {after} (mocks and proxies set with the base URL no longer see it)"
            ),
            (_, ServerChoice::Default) => format!(
                "{method} now follows the configured base URL instead of going to {before}"
            ),
            _ => format!("{method} is sent to {after} instead of {before}"),
        };
        self.push(
            ChangeKind::ServerChanged,
            None,
            (Some(before.clone()), Some(after.clone())),
            format!("Server: {before} → {after}"),
            Assessment::new(
                Impact::Caution,
                format!("clients that call {before} must call {after}"),
            ),
            Assessment::new(Impact::Caution, rust),
        );
    }
}

/// The schemes of `model` named in `names`.
fn declared_schemes<'m>(model: &'m ApiModel, names: &[String]) -> Vec<&'m SecurityScheme> {
    names
        .iter()
        .filter_map(|n| model.security_schemes.iter().find(|s| &s.name == n))
        .collect()
}

fn encoding_name(e: &BodyEncoding) -> String {
    match e {
        BodyEncoding::Json => "application/json".into(),
        BodyEncoding::Form => "application/x-www-form-urlencoded".into(),
        BodyEncoding::Multipart => "multipart/form-data".into(),
        BodyEncoding::Binary(content_type) | BodyEncoding::Text(content_type) => {
            content_type.clone()
        }
    }
}

fn auth_name(k: &AuthKind) -> String {
    match k {
        AuthKind::Bearer => "the API key (bearer)".into(),
        AuthKind::ClientBasic => "the OAuth client's id and secret (HTTP Basic)".into(),
        AuthKind::ApiKey { location, name } => {
            format!("the API key (in the `{name}` {})", location.noun())
        }
        AuthKind::MutualTls => "a client certificate (mutual TLS)".into(),
    }
}

fn describe_security(s: &Security) -> String {
    if s.schemes.is_empty() {
        return "none".into();
    }
    let mut text = s
        .schemes
        .iter()
        .map(auth_name)
        .collect::<Vec<_>>()
        .join(" or ");
    if s.optional {
        text.push_str(", or none");
    }
    text
}

/// `https://host` of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

fn describe_server(model: &ApiModel, s: &ServerChoice) -> String {
    let default = model.default_server.as_deref();
    match (s, default) {
        (ServerChoice::Default, Some(d)) => format!("the base URL (`{d}` by default)"),
        (ServerChoice::Default, None) => "the base URL".into(),
        (ServerChoice::Origin(p), Some(d)) => format!("`{}{p}` (the base URL's host)", origin(d)),
        (ServerChoice::Origin(p), None) => format!("`{p}` on the base URL's host"),
        (ServerChoice::Absolute(u), _) => format!("`{u}`"),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Webhooks added, removed, or parsed into another type (their payloads' own changes are compared
/// as types). The crate parses them into the `#[non_exhaustive]` enum `webhooks::WebhookEvent`.
pub(crate) fn compare_webhooks(base: &ApiModel, head: &ApiModel, pairs: &TypePairs) -> Vec<Change> {
    let mut out = vec![];
    let change = |kind, name: &str, summary: String, api: Assessment, rust: Assessment| Change {
        kind,
        subject: Subject::Webhook {
            name: name.to_string(),
        },
        member: None,
        before: None,
        after: None,
        summary,
        api,
        rust,
        used_by: vec![],
    };
    for h in &head.webhooks {
        let Some(b) = base.webhooks.iter().find(|w| w.name == h.name) else {
            let rust = if base.webhooks.is_empty() {
                format!("new module `webhooks` with `WebhookEvent::{}`", h.rust_name)
            } else {
                format!(
                    "new variant `WebhookEvent::{}`; the enum is `#[non_exhaustive]` (the event parsed as `WebhookEvent::Unknown` before)",
                    h.rust_name
                )
            };
            out.push(change(
                ChangeKind::WebhookAdded,
                &h.name,
                "Webhook added".into(),
                Assessment::new(Impact::Compatible, "a new event receivers may subscribe to"),
                Assessment::new(Impact::Compatible, rust),
            ));
            continue;
        };
        let before = pairs
            .renames
            .apply(&webhook_payload_type(base, b, Spelling::Short));
        let after = webhook_payload_type(head, h, Spelling::Short);
        if before != after || b.rust_name != h.rust_name {
            out.push(change(
                ChangeKind::WebhookPayloadChanged,
                &h.name,
                format!(
                    "Parsed as `WebhookEvent::{}({after})` instead of `WebhookEvent::{}({before})`",
                    h.rust_name, b.rust_name
                ),
                Assessment::unaffected("the payload's wire changes are listed under its type"),
                Assessment::new(
                    Impact::Breaking,
                    "code matching the old variant or using its payload type must change",
                ),
            ));
        }
    }
    for b in &base.webhooks {
        if !head.webhooks.iter().any(|w| w.name == b.name) {
            let rust = if head.webhooks.is_empty() {
                "the `webhooks` module is gone".to_string()
            } else {
                format!("variant `WebhookEvent::{}` is gone", b.rust_name)
            };
            out.push(change(
                ChangeKind::WebhookRemoved,
                &b.name,
                "Webhook removed".into(),
                Assessment::new(Impact::Caution, "receivers no longer get this event"),
                Assessment::new(Impact::Breaking, rust),
            ));
        }
    }
    out
}

/// Security schemes of both versions, paired by name, as the document declares them: a change of
/// type (`http`/`basic` → `oauth2`), of an API key's name or place, of OAuth flows and their URLs,
/// of an OpenID Connect URL. How the crate sends each scheme (the resource map may override the
/// type) is compared per operation; this says what API clients must do, whatever the map says.
pub(crate) fn compare_schemes(base: &ApiModel, head: &ApiModel) -> Vec<Change> {
    let mut out = vec![];
    for h in &head.security_schemes {
        let Some(b) = base.security_schemes.iter().find(|s| s.name == h.name) else {
            continue;
        };
        let notes = scheme_notes(&b.spec_type, &h.spec_type);
        let Some(api_impact) = notes.iter().map(|(impact, _)| *impact).max() else {
            continue;
        };
        let reasons: Vec<&str> = notes.iter().map(|(_, n)| n.as_str()).collect();
        let (before, after) = (describe_scheme(&b.spec_type), describe_scheme(&h.spec_type));
        let mut used_by: Vec<String> = head
            .operations()
            .filter(|(_, o)| o.security.names.contains(&h.name))
            .map(|(_, o)| format!("{} {}", o.http_method, o.path))
            .collect();
        used_by.sort();
        out.push(Change {
            kind: ChangeKind::SecuritySchemeChanged,
            subject: Subject::SecurityScheme {
                name: h.name.clone(),
            },
            member: None,
            before: Some(before.clone()),
            after: Some(after.clone()),
            summary: if before == after {
                format!("{after}: {}", scheme_details(&b.spec_type, &h.spec_type))
            } else {
                format!("{before} → {after}")
            },
            api: Assessment::new(api_impact, reasons.join("; ")),
            rust: scheme_crate_verdict(b, h),
            used_by,
        });
    }
    out
}

/// What changed inside a scheme of the same type, for the summary line.
fn scheme_details(b: &SchemeType, h: &SchemeType) -> String {
    match (b, h) {
        (SchemeType::OAuth2 { .. }, SchemeType::OAuth2 { .. }) => "flows changed".into(),
        (SchemeType::OpenIdConnect { .. }, _) => "discovery URL changed".into(),
        (SchemeType::Http { .. }, _) => "bearer format changed".into(),
        _ => "changed".into(),
    }
}

/// The crate's verdict: it sends the scheme as the resource map (or the type's default) says.
fn scheme_crate_verdict(b: &SecurityScheme, h: &SecurityScheme) -> Assessment {
    let mapped = h.spec_type.default_kind().as_ref() != Some(&h.kind);
    if b.kind != h.kind {
        return Assessment::unaffected(format!(
            "the crate now sends {} instead of {}; listed per operation",
            auth_name(&h.kind),
            auth_name(&b.kind)
        ));
    }
    if mapped {
        Assessment::unaffected(format!(
            "the crate still sends {}, as `auth.{}` in the resource map says: check that this is still what the API takes",
            auth_name(&h.kind),
            h.name
        ))
    } else {
        Assessment::unaffected(format!("the crate still sends {}", auth_name(&h.kind)))
    }
}

/// A scheme type in words: `HTTP Basic`, `OAuth 2.0 (client credentials)`.
fn describe_scheme(t: &SchemeType) -> String {
    match t {
        SchemeType::Http { scheme, .. } if scheme == "basic" => "HTTP Basic".into(),
        SchemeType::Http {
            scheme,
            bearer_format,
        } if scheme == "bearer" => match bearer_format {
            Some(f) => format!("HTTP Bearer ({f})"),
            None => "HTTP Bearer".into(),
        },
        SchemeType::Http { scheme, .. } => format!("HTTP `{scheme}`"),
        SchemeType::ApiKey { location, name } => {
            format!("API key in {} `{name}`", key_place(*location))
        }
        SchemeType::OAuth2 { flows } => {
            let kinds: Vec<&str> = flows.iter().map(|f| flow_name(f.kind)).collect();
            format!("OAuth 2.0 ({})", kinds.join(", "))
        }
        SchemeType::OpenIdConnect { .. } => "OpenID Connect".into(),
        SchemeType::MutualTls => "mutual TLS".into(),
    }
}

fn key_place(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Header => "header",
        ParamLocation::Query | ParamLocation::Path => "query parameter",
        ParamLocation::Cookie => "cookie",
    }
}

fn flow_name(kind: OAuthFlowKind) -> &'static str {
    match kind {
        OAuthFlowKind::Implicit => "implicit",
        OAuthFlowKind::Password => "password",
        OAuthFlowKind::ClientCredentials => "client credentials",
        OAuthFlowKind::AuthorizationCode => "authorization code",
    }
}

/// How a client authenticates with a scheme of this type, as an instruction.
fn how_to_authenticate(t: &SchemeType) -> String {
    const BEARER: &str = "send it as `Authorization: Bearer <token>`";
    match t {
        SchemeType::Http { scheme, .. } if scheme == "basic" => {
            "send `Authorization: Basic <base64 of id:secret>`".into()
        }
        SchemeType::Http { scheme, .. } if scheme == "bearer" => {
            "send `Authorization: Bearer <token>`".into()
        }
        SchemeType::Http { scheme, .. } => {
            format!("authenticate with the HTTP `{scheme}` scheme")
        }
        SchemeType::ApiKey { location, name } => {
            format!("send the key in the {} `{name}`", key_place(*location))
        }
        SchemeType::OAuth2 { flows } => {
            let ways: Vec<String> = flows.iter().map(flow_steps).collect();
            format!("get an access token ({}) and {BEARER}", ways.join("; or "))
        }
        SchemeType::OpenIdConnect { url } => format!(
            "get a token from the OpenID Connect provider described at `{url}` and {BEARER}"
        ),
        SchemeType::MutualTls => "present a client certificate in the TLS handshake".into(),
    }
}

/// One OAuth flow as steps: `client credentials at `https://…/token``.
fn flow_steps(f: &OAuthFlow) -> String {
    let at = |what: &str, url: &Option<String>| {
        url.as_ref()
            .map(|u| format!("{what} `{u}`"))
            .unwrap_or_default()
    };
    let mut steps = vec![];
    if f.authorization_url.is_some() {
        steps.push(at("authorize at", &f.authorization_url));
    }
    if f.token_url.is_some() {
        steps.push(at("token from", &f.token_url));
    }
    format!("{} flow: {}", flow_name(f.kind), steps.join(", "))
}

/// What changed between two versions of a scheme, each with its verdict for API clients (none:
/// nothing a client sees changed).
fn scheme_notes(b: &SchemeType, h: &SchemeType) -> Vec<(Impact, String)> {
    use SchemeType as S;
    let mut notes = vec![];
    match (b, h) {
        (
            S::Http {
                scheme: x,
                bearer_format: f,
            },
            S::Http {
                scheme: y,
                bearer_format: g,
            },
        ) if x == y => {
            if f != g {
                let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "unspecified".into());
                notes.push((
                    Impact::Caution,
                    format!(
                        "tokens are described as `{}` instead of `{}`: check the tokens clients send",
                        show(g),
                        show(f)
                    ),
                ));
            }
        }
        (S::ApiKey { .. }, S::ApiKey { .. }) => {
            if b != h {
                notes.push((
                    Impact::Breaking,
                    format!(
                        "the API reads the key from another place: clients must {} instead",
                        how_to_authenticate(h)
                    ),
                ));
            }
        }
        (S::OAuth2 { flows: bf }, S::OAuth2 { flows: hf }) => {
            for old in bf {
                match hf.iter().find(|f| f.kind == old.kind) {
                    None => notes.push((
                        Impact::Caution,
                        format!(
                            "the {} flow is no longer offered: clients using it must {}",
                            flow_name(old.kind),
                            how_to_authenticate(h)
                        ),
                    )),
                    Some(new) => {
                        let urls = |f: &OAuthFlow| {
                            (
                                f.authorization_url.clone(),
                                f.token_url.clone(),
                                f.refresh_url.clone(),
                            )
                        };
                        if urls(old) != urls(new) {
                            notes.push((
                                Impact::Caution,
                                format!(
                                    "the {} flow moved: clients must follow the new URLs ({})",
                                    flow_name(new.kind),
                                    flow_steps(new)
                                ),
                            ));
                        }
                        let gone: Vec<&String> = old
                            .scopes
                            .iter()
                            .filter(|s| !new.scopes.contains(s))
                            .collect();
                        if !gone.is_empty() {
                            notes.push((
                                Impact::Caution,
                                format!(
                                    "the {} flow no longer lists scope(s) `{}`: clients asking for them may be refused",
                                    flow_name(new.kind),
                                    gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("`, `")
                                ),
                            ));
                        }
                        if new.scopes.iter().any(|s| !old.scopes.contains(s)) {
                            notes.push((
                                Impact::Compatible,
                                format!("the {} flow lists new scopes", flow_name(new.kind)),
                            ));
                        }
                    }
                }
            }
            for new in hf.iter().filter(|f| !bf.iter().any(|o| o.kind == f.kind)) {
                notes.push((
                    Impact::Compatible,
                    format!("a new way to get tokens: the {}", flow_steps(new)),
                ));
            }
        }
        (S::MutualTls, S::MutualTls) => {}
        (S::OpenIdConnect { url: x }, S::OpenIdConnect { url: y }) => {
            if x != y {
                notes.push((
                    Impact::Caution,
                    format!("clients must discover the provider at `{y}` instead of `{x}`"),
                ));
            }
        }
        _ => notes.push((
            Impact::Caution,
            format!(
                "the scheme is {} instead of {}: clients must {}",
                describe_scheme(h),
                describe_scheme(b),
                how_to_authenticate(h)
            ),
        )),
    }
    notes
}

/// Changes to the document as a whole: default server, error model, packaging.
pub(crate) fn compare_document(base: &ApiModel, head: &ApiModel) -> Vec<Change> {
    let mut out = vec![];
    let mut push = |kind, (before, after): (String, String), summary: String, api, rust| {
        out.push(Change {
            kind,
            subject: Subject::Api,
            member: None,
            before: Some(before),
            after: Some(after),
            summary,
            api,
            rust,
            used_by: vec![],
        })
    };
    if base.default_server != head.default_server {
        let show = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".into());
        let (before, after) = (show(&base.default_server), show(&head.default_server));
        let env = &head.package.env_prefix;
        push(
            ChangeKind::DefaultServerChanged,
            (before.clone(), after.clone()),
            format!("Default server: `{before}` → `{after}`"),
            Assessment::new(
                Impact::Caution,
                format!("clients that call `{before}` must call `{after}`"),
            ),
            Assessment::new(
                Impact::Caution,
                format!(
                    "clients built without a base URL (or `{env}_BASE_URL`) now send to `{after}`"
                ),
            ),
        );
    }
    let error_name = |m: &ApiModel| m.error_type.map(|id| m.ty(id).name.clone());
    let (be, he) = (error_name(base), error_name(head));
    if be != he {
        let show = |n: &Option<String>| n.clone().unwrap_or_else(|| "serde_json::Value".into());
        let (before, after) = (show(&be), show(&he));
        push(
            ChangeKind::ErrorModelChanged,
            (before.clone(), after.clone()),
            format!("Error model: `{before}` → `{after}`"),
            Assessment::unaffected("error bodies' changes are listed per operation"),
            Assessment::new(
                Impact::Breaking,
                format!(
                    "`ErrorModel` (held by `ErrorBody::Model`) is `{after}` instead of `{before}`"
                ),
            ),
        );
    }
    if base.package.crate_name != head.package.crate_name {
        let (before, after) = (&base.package.crate_name, &head.package.crate_name);
        push(
            ChangeKind::CrateRenamed,
            (before.clone(), after.clone()),
            format!("Crate renamed: `{before}` → `{after}`"),
            Assessment::unaffected("a packaging choice"),
            Assessment::new(
                Impact::Breaking,
                format!("dependents must depend on `{after}` instead of `{before}`"),
            ),
        );
    }
    if base.package.env_prefix != head.package.env_prefix {
        let (before, after) = (&base.package.env_prefix, &head.package.env_prefix);
        push(
            ChangeKind::EnvPrefixChanged,
            (before.clone(), after.clone()),
            format!("Environment variables: `{before}_*` → `{after}_*`"),
            Assessment::unaffected("a packaging choice"),
            Assessment::new(
                Impact::Caution,
                format!("`Client::from_env()` reads `{after}_API_KEY` (and the rest) instead of `{before}_API_KEY`"),
            ),
        );
    }
    out
}

/// The wire comparison, re-exported for the parameter and body code above.
fn wire(
    bm: &ApiModel,
    b: &crate::model::TypeRef,
    hm: &ApiModel,
    h: &crate::model::TypeRef,
) -> Wire {
    super::types::wire(bm, b, hm, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_ignore_parameter_names() {
        assert_eq!(
            path_key("/clients/{id}/x"),
            path_key("/clients/{client_id}/x")
        );
        assert_eq!(path_key("/clients/{id}"), "/clients/{}");
        assert_ne!(path_key("/clients/{id}"), path_key("/clients"));
    }

    #[test]
    fn scheme_changes_are_judged_for_clients() {
        let flow = |kind, token: &str, scopes: &[&str]| OAuthFlow {
            kind,
            authorization_url: None,
            token_url: Some(token.into()),
            refresh_url: None,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        };
        let oauth = |flows| SchemeType::OAuth2 { flows };
        let worst =
            |b: &SchemeType, h: &SchemeType| scheme_notes(b, h).into_iter().map(|n| n.0).max();
        let cc = flow(
            OAuthFlowKind::ClientCredentials,
            "https://a/token",
            &["admin", "read"],
        );
        assert_eq!(
            worst(&oauth(vec![cc.clone()]), &oauth(vec![cc.clone()])),
            None
        );
        // Another token URL, a scope gone: caution; a new flow, a new scope: compatible.
        let moved = flow(
            OAuthFlowKind::ClientCredentials,
            "https://b/token",
            &["admin", "read"],
        );
        assert_eq!(
            worst(&oauth(vec![cc.clone()]), &oauth(vec![moved])),
            Some(Impact::Caution)
        );
        let narrower = flow(
            OAuthFlowKind::ClientCredentials,
            "https://a/token",
            &["admin"],
        );
        assert_eq!(
            worst(&oauth(vec![cc.clone()]), &oauth(vec![narrower])),
            Some(Impact::Caution)
        );
        let wider = flow(
            OAuthFlowKind::ClientCredentials,
            "https://a/token",
            &["admin", "read", "x"],
        );
        assert_eq!(
            worst(&oauth(vec![cc.clone()]), &oauth(vec![wider])),
            Some(Impact::Compatible)
        );
        let password = flow(OAuthFlowKind::Password, "https://a/token", &[]);
        assert_eq!(
            worst(
                &oauth(vec![cc.clone()]),
                &oauth(vec![cc.clone(), password.clone()])
            ),
            Some(Impact::Compatible)
        );
        assert_eq!(
            worst(&oauth(vec![cc.clone(), password]), &oauth(vec![cc])),
            Some(Impact::Caution)
        );
        // An API key read from elsewhere breaks clients; a type change is a caution.
        let key = |name: &str| SchemeType::ApiKey {
            location: ParamLocation::Header,
            name: name.into(),
        };
        assert_eq!(
            worst(&key("X-Key"), &key("X-Api-Key")),
            Some(Impact::Breaking)
        );
        let basic = SchemeType::Http {
            scheme: "basic".into(),
            bearer_format: None,
        };
        let notes = scheme_notes(&basic, &key("X-Key"));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, Impact::Caution);
        assert!(
            notes[0].1.contains("send the key in the header `X-Key`"),
            "{}",
            notes[0].1
        );
    }

    #[test]
    fn security_is_described_in_preference_order() {
        let s = Security {
            schemes: vec![AuthKind::ClientBasic, AuthKind::Bearer],
            names: vec!["basic".into(), "bearer".into()],
            optional: true,
            explicit: true,
        };
        assert_eq!(
            describe_security(&s),
            "the OAuth client's id and secret (HTTP Basic) or the API key (bearer), or none"
        );
    }
}
