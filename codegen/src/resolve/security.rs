//! Security requirements and schemes: how each operation authenticates.

use openapiv3::ReferenceOr;

use crate::diagnostic::pointer_push;
use crate::model::*;

use super::{Resolver, R};

/// What a security scheme is in the document, and its description.
fn scheme_type(scheme: &openapiv3::SecurityScheme) -> (SchemeType, Option<String>) {
    use openapiv3::SecurityScheme as S;
    let flow = |kind,
                auth: Option<&String>,
                token: Option<&String>,
                refresh: &Option<String>,
                scopes: &indexmap::IndexMap<String, String>| OAuthFlow {
        kind,
        authorization_url: auth.cloned(),
        token_url: token.cloned(),
        refresh_url: refresh.clone(),
        scopes: scopes.keys().cloned().collect(),
    };
    match scheme {
        S::HTTP {
            scheme,
            bearer_format,
            description,
            ..
        } => (
            SchemeType::Http {
                scheme: scheme.to_ascii_lowercase(),
                bearer_format: bearer_format.clone(),
            },
            description.clone(),
        ),
        S::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SchemeType::ApiKey {
                location: match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
                name: name.clone(),
            },
            description.clone(),
        ),
        S::OAuth2 {
            flows, description, ..
        } => {
            let mut out = vec![];
            if let Some(f) = &flows.implicit {
                out.push(flow(
                    OAuthFlowKind::Implicit,
                    Some(&f.authorization_url),
                    None,
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            if let Some(f) = &flows.password {
                out.push(flow(
                    OAuthFlowKind::Password,
                    None,
                    Some(&f.token_url),
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            if let Some(f) = &flows.client_credentials {
                out.push(flow(
                    OAuthFlowKind::ClientCredentials,
                    None,
                    Some(&f.token_url),
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            if let Some(f) = &flows.authorization_code {
                out.push(flow(
                    OAuthFlowKind::AuthorizationCode,
                    Some(&f.authorization_url),
                    Some(&f.token_url),
                    &f.refresh_url,
                    &f.scopes,
                ));
            }
            (SchemeType::OAuth2 { flows: out }, description.clone())
        }
        S::OpenIDConnect {
            open_id_connect_url,
            description,
            ..
        } => (
            SchemeType::OpenIdConnect {
                url: open_id_connect_url.clone(),
            },
            description.clone(),
        ),
    }
}

impl Resolver<'_> {
    pub(super) fn security(
        &mut self,
        requirement: Option<&Vec<openapiv3::SecurityRequirement>>,
        pointer: &str,
    ) -> R<Security> {
        let explicit = requirement.is_some();
        let Some(alternatives) = requirement.or(self.spec.doc.security.as_ref()) else {
            return Ok(Security {
                schemes: vec![],
                names: vec![],
                optional: true,
                explicit,
            });
        };
        let mut schemes = vec![];
        let mut names: Vec<String> = vec![];
        let mut optional = alternatives.is_empty();
        for (i, alternative) in alternatives.iter().enumerate() {
            if alternative.is_empty() {
                optional = true;
                continue;
            }
            for name in alternative.keys() {
                let at = if explicit {
                    pointer_push(
                        &pointer_push(&pointer_push(pointer, "security"), &i.to_string()),
                        name,
                    )
                } else {
                    pointer_push(&pointer_push("/security", &i.to_string()), name)
                };
                let kind = self.scheme_kind(name, &at)?;
                if !schemes.contains(&kind) {
                    schemes.push(kind);
                }
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        if alternatives.is_empty() {
            schemes.clear();
        }
        Ok(Security {
            schemes,
            names,
            optional,
            explicit,
        })
    }

    fn scheme_kind(&mut self, name: &str, at: &str) -> R<AuthKind> {
        if let Some(s) = self.schemes.iter().find(|s| s.name == name) {
            return Ok(s.kind.clone());
        }
        if let Some(description) = self.spec.extras.mutual_tls.get(name) {
            self.schemes.push(SecurityScheme {
                name: name.to_string(),
                kind: AuthKind::MutualTls,
                spec_type: SchemeType::MutualTls,
                description_pointer: description.as_ref().map(|_| {
                    pointer_push(
                        &pointer_push("/components/securitySchemes", name),
                        "description",
                    )
                }),
                description: description.clone(),
            });
            return Ok(AuthKind::MutualTls);
        }
        let scheme = self
            .spec
            .doc
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name))
            .ok_or_else(|| {
                self.spec.error(
                    at,
                    format!("security scheme `{name}` is not defined"),
                    "define it under components/securitySchemes, or correct the name",
                )
            })?;
        let (scheme, scheme_at) = match scheme {
            ReferenceOr::Item(s) => (s.clone(), pointer_push("/components/securitySchemes", name)),
            ReferenceOr::Reference { reference } => (
                self.spec.follow(reference, at, "security scheme")?,
                reference.trim_start_matches('#').to_string(),
            ),
        };
        let (spec_type, description) = scheme_type(&scheme);
        let kind = match (self.map.auth.get(name), spec_type.default_kind()) {
            (Some(entry), _) => AuthKind::from(*entry),
            (None, Some(kind)) => kind,
            (None, None) => return Err(self.spec.error(
                &pointer_push("/components/securitySchemes", name),
                format!("security scheme `{name}` is of a kind the client cannot send yet"),
                "say how to send it in the resource map: `auth: {NAME: bearer}` or `client_basic`",
            )),
        };
        self.schemes.push(SecurityScheme {
            name: name.to_string(),
            kind: kind.clone(),
            spec_type,
            description_pointer: description
                .as_ref()
                .map(|_| pointer_push(&scheme_at, "description")),
            description,
        });
        Ok(kind)
    }
}
