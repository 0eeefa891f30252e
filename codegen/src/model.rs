//! The one resolved model every emitter reads: resources and their operations, and a graph of
//! named types. Nothing here refers back to the raw document except `pointer`s kept for messages.

use serde_json::Value;

/// The whole API, resolved.
#[derive(Debug, Clone)]
pub struct ApiModel {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, when the document has one.
    pub default_server: Option<String>,
    /// Security schemes used by operations, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Resources in the order of the resource map, then of first appearance.
    pub resources: Vec<Resource>,
    /// Every named type; [`TypeId`] indexes into it.
    pub types: Vec<TypeDef>,
    /// The schema most error responses use, if one stands out.
    pub error_type: Option<TypeId>,
    /// Webhooks (3.1): incoming event payloads.
    pub webhooks: Vec<Webhook>,
    /// Naming and packaging choices for the generated client.
    pub package: Package,
    /// The official SDKs the docs show, in map order (none: docs for Rust and curl only).
    pub sdks: Vec<Sdk>,
    /// What the generated docs say about themselves.
    pub docs: DocsInfo,
}

/// An official SDK of one language, as the docs show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdk {
    /// Which language.
    pub language: SdkLanguage,
    /// What users install (PyPI/npm package, gem, Go module path, Maven `group:artifact`).
    pub package: String,
    /// What code imports (Python module, Go package name, Java package, Ruby require).
    pub import: String,
    /// The client class (Python, JavaScript, Ruby module) or class prefix (Java).
    pub client: String,
    /// The version the examples are verified with, if pinned.
    pub tested_version: Option<String>,
    /// The oldest runtime the SDK supports (`Go 1.22`), stated in the docs' installation section.
    pub requires: Option<String>,
}

/// A language with an official SDK (spelled as its [`SdkLanguage::key`] in the resource map).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SdkLanguage {
    /// `pip install telnyx`.
    Python,
    /// `npm install telnyx`.
    JavaScript,
    /// `go get github.com/team-telnyx/telnyx-go/v4`.
    Go,
    /// `com.telnyx.sdk:telnyx` (Maven).
    Java,
    /// `gem install telnyx`.
    Ruby,
}

impl SdkLanguage {
    /// Every language, in the order docs list them.
    pub const ALL: [SdkLanguage; 5] = [
        SdkLanguage::Python,
        SdkLanguage::JavaScript,
        SdkLanguage::Go,
        SdkLanguage::Java,
        SdkLanguage::Ruby,
    ];

    /// Its key in the resource map and in file names (`javascript`).
    pub fn key(self) -> &'static str {
        match self {
            SdkLanguage::Python => "python",
            SdkLanguage::JavaScript => "javascript",
            SdkLanguage::Go => "go",
            SdkLanguage::Java => "java",
            SdkLanguage::Ruby => "ruby",
        }
    }
}

/// Names of a resource or operation in each official SDK.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SdkNames {
    /// Python (`oauth_clients`, `retrieve_jwks`).
    pub python: String,
    /// Ruby (`oauth_clients`, `retrieve_jwks`).
    pub ruby: String,
    /// JavaScript (`oauthClients`, `retrieveJwks`).
    pub javascript: String,
    /// Go (`OAuthClients`, `GetJwks`).
    pub go: String,
    /// Java (`oauthClients`, `retrieveJwks`).
    pub java: String,
}

impl SdkNames {
    /// The name in one language.
    pub fn get(&self, language: SdkLanguage) -> &str {
        match language {
            SdkLanguage::Python => &self.python,
            SdkLanguage::Ruby => &self.ruby,
            SdkLanguage::JavaScript => &self.javascript,
            SdkLanguage::Go => &self.go,
            SdkLanguage::Java => &self.java,
        }
    }
}

/// What the generated docs say about themselves (front matter, titles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocsInfo {
    /// Prefix of every doc's name (`telnyx-oauth`).
    pub name: String,
    /// Human title (`Telnyx OAuth`).
    pub title: String,
    /// `metadata.author`.
    pub author: String,
    /// `metadata.product`.
    pub product: String,
    /// What the API lets users do, one sentence.
    pub summary: String,
    /// Who runs the API, as the examples' error messages name it (`Telnyx`), if the map says.
    pub vendor: Option<String>,
    /// Where users get an API key (`Mission Control portal, API Keys`), if the map says.
    pub api_key_source: Option<String>,
}

/// How the generated crate is named and configured.
#[derive(Debug, Clone)]
pub struct Package {
    /// Crate name (`telnyx-oauth`).
    pub crate_name: String,
    /// Crate version.
    pub crate_version: String,
    /// Where the crate version comes from (so messages say what to edit).
    pub crate_version_source: VersionSource,
    /// Prefix of environment variables (`TELNYX` → `TELNYX_API_KEY`).
    pub env_prefix: String,
    /// crates.io keywords (`telnyx`, `oauth`, `api`, `client`, `sdk`).
    pub keywords: Vec<String>,
}

/// Where [`Package::crate_version`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionSource {
    /// `package.crate_version` in the resource map.
    Declared,
    /// The default (`0.1.0`): the resource map has no `package.crate_version`.
    NotInMap,
    /// The default (`0.1.0`): there is no resource map.
    NoMap,
}

/// Index of a [`TypeDef`] in [`ApiModel::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A group of operations, as the official SDKs group them (`oauth_clients`).
#[derive(Debug, Clone)]
pub struct Resource {
    /// snake_case name (`oauth_clients`).
    pub name: String,
    /// What the resource is about.
    pub description: Option<String>,
    /// Its operations, in map order, then document order.
    pub operations: Vec<Operation>,
    /// Its name in each official SDK.
    pub sdk_names: SdkNames,
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// The SDK method name (`retrieve_jwks`).
    pub method_name: String,
    /// Rust name of the struct of its query, header and cookie parameters
    /// (`OAuthClientListParams`), when it has any; claimed by [`crate::rust_names`] beside the
    /// resource handles and response enums, so no two of them share a name.
    pub params_struct: Option<String>,
    /// The method's name in each official SDK (`GetJwks` in Go).
    pub sdk_names: SdkNames,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template as written (`/oauth_clients/{id}`).
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// JSON pointer of the `summary` string (translation catalogs key prose by it).
    pub summary_pointer: Option<String>,
    /// JSON pointer of the `description` string.
    pub description_pointer: Option<String>,
    /// Tags, in order.
    pub tags: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Which server it is sent to.
    pub server: ServerChoice,
    /// Who may call it.
    pub security: Security,
    /// Parameters: path ones in template order, then the rest in document order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Every documented response.
    pub responses: Vec<ResponseDef>,
    /// What a successful call returns.
    pub success: Success,
    /// Page-number pagination, when recognised.
    pub pagination: Option<Pagination>,
    /// JSON pointer of the operation (for messages).
    pub pointer: String,
}

/// Where an operation is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerChoice {
    /// The client's configured base URL.
    Default,
    /// Same host as the default server, another path prefix (`""` for the host root): built from
    /// the configured base URL's scheme, host and port.
    Origin(String),
    /// A server on another host.
    Absolute(String),
}

/// The authentication an operation accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// Accepted schemes, in preference order (empty: no authentication).
    pub schemes: Vec<AuthKind>,
    /// Names of the schemes it lists (keys of [`ApiModel::security_schemes`]), in document order.
    pub names: Vec<String>,
    /// Whether calling without any credentials is also allowed (`{}` among the alternatives).
    pub optional: bool,
    /// Whether the operation wrote `security` itself (else it inherits the document's).
    pub explicit: bool,
}

/// How a security scheme is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <api key or token>`.
    Bearer,
    /// HTTP Basic with an OAuth client's id and secret (`oauth2` schemes and `http basic`).
    ClientBasic,
    /// The API key as is, in a header, query parameter or cookie of this name (`apiKey`).
    ApiKey {
        /// Where it goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name (`X-API-Key`).
        name: String,
    },
    /// A client certificate presented during the TLS handshake (3.1 `mutualTLS`): nothing to add
    /// to the request; the identity is configured on the client.
    MutualTls,
}

/// Where an `apiKey` scheme sends the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl ApiKeyLocation {
    /// As the document writes it: `header`, `query`, `cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query",
            ApiKeyLocation::Cookie => "cookie",
        }
    }

    /// In prose: `header`, `query parameter`, `cookie`.
    pub fn noun(self) -> &'static str {
        match self {
            ApiKeyLocation::Query => "query parameter",
            other => other.as_str(),
        }
    }
}

/// A declared security scheme.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub name: String,
    /// How the client sends it.
    pub kind: AuthKind,
    /// What the document declares it to be (the resource map may send it otherwise).
    pub spec_type: SchemeType,
    /// Its description.
    pub description: Option<String>,
    /// JSON pointer of the description string (translation catalogs key prose by it).
    pub description_pointer: Option<String>,
}

/// What a security scheme is in `components/securitySchemes`, whatever the resource map says
/// about sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeType {
    /// `type: http`.
    Http {
        /// `scheme`, lower-cased (`basic`, `bearer`, ...).
        scheme: String,
        /// `bearerFormat` (`JWT`, ...).
        bearer_format: Option<String>,
    },
    /// `type: apiKey`: a key sent as the header, query parameter or cookie `name`.
    ApiKey {
        /// Where it is sent.
        location: ParamLocation,
        /// Under which name.
        name: String,
    },
    /// `type: oauth2`.
    OAuth2 {
        /// Its flows, in the order `implicit`, `password`, `clientCredentials`, `authorizationCode`.
        flows: Vec<OAuthFlow>,
    },
    /// `type: openIdConnect`.
    OpenIdConnect {
        /// `openIdConnectUrl`.
        url: String,
    },
    /// `type: mutualTLS` (3.1): a client certificate presented during the TLS handshake.
    MutualTls,
}

impl SchemeType {
    /// How the client sends it when the resource map does not say: HTTP Bearer, OAuth 2.0 and
    /// OpenID Connect by bearer token, HTTP Basic with the OAuth client's id and secret, an API key
    /// where the scheme puts it, mutual TLS in the handshake.
    pub fn default_kind(&self) -> Option<AuthKind> {
        match self {
            SchemeType::Http { scheme, .. } if scheme == "bearer" => Some(AuthKind::Bearer),
            SchemeType::Http { scheme, .. } if scheme == "basic" => Some(AuthKind::ClientBasic),
            SchemeType::OAuth2 { .. } | SchemeType::OpenIdConnect { .. } => Some(AuthKind::Bearer),
            SchemeType::ApiKey { location, name } => {
                let location = match location {
                    ParamLocation::Query => ApiKeyLocation::Query,
                    ParamLocation::Cookie => ApiKeyLocation::Cookie,
                    ParamLocation::Header | ParamLocation::Path => ApiKeyLocation::Header,
                };
                Some(AuthKind::ApiKey {
                    location,
                    name: name.clone(),
                })
            }
            SchemeType::MutualTls => Some(AuthKind::MutualTls),
            SchemeType::Http { .. } => None,
        }
    }
}

/// One flow of an OAuth 2.0 scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// Which flow.
    pub kind: OAuthFlowKind,
    /// `authorizationUrl` (implicit and authorization code flows).
    pub authorization_url: Option<String>,
    /// `tokenUrl` (all but the implicit flow).
    pub token_url: Option<String>,
    /// `refreshUrl`.
    pub refresh_url: Option<String>,
    /// The scopes' names, in document order.
    pub scopes: Vec<String>,
}

/// The OAuth 2.0 flows OpenAPI describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFlowKind {
    /// `implicit`.
    Implicit,
    /// `password`.
    Password,
    /// `clientCredentials`.
    ClientCredentials,
    /// `authorizationCode`.
    AuthorizationCode,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire, exactly as written (`page[size]`).
    pub name: String,
    /// Rust field/argument name (`page_size`).
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether it must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Its description.
    pub description: Option<String>,
    /// JSON pointer of the description string (the `$ref` site's when it overrides the target's).
    pub description_pointer: Option<String>,
    /// Validation rules, for docs.
    pub constraints: Constraints,
    /// `deprecated`.
    pub deprecated: bool,
    /// `style: deepObject`: an object sent as `name[key]=value` pairs.
    pub deep_object: bool,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Its type.
    pub ty: TypeRef,
    /// Content types it may be sent as, in document order.
    pub content_types: Vec<String>,
    /// The one the client sends.
    pub encoding: BodyEncoding,
    /// Whether it must be sent.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// JSON pointer of the description string.
    pub description_pointer: Option<String>,
}

/// How the client encodes a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded` (preferred where offered: OAuth endpoints expect it).
    Form,
    /// `multipart/form-data`: one part per property; `format: binary` properties are files.
    Multipart,
    /// Raw bytes of this content type (`application/octet-stream`, `image/png`, ...).
    Binary(String),
    /// Text of this content type (`text/plain`, `text/csv; charset=utf-8`, ...), sent as a `String`.
    Text(String),
}

/// Status a response is documented for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusSpec {
    /// One code.
    Code(u16),
    /// A class such as `4XX` (the digit).
    Range(u16),
    /// `default`.
    Default,
}

impl StatusSpec {
    /// Whether it is a success: a `2xx` code or the `2XX` range.
    pub fn is_success(&self) -> bool {
        SuccessStatus::of(self).is_some()
    }

    /// Whether it is a redirect: a `3xx` code or the `3XX` range.
    pub fn is_redirect(&self) -> bool {
        matches!(*self, StatusSpec::Code(300..=399) | StatusSpec::Range(3))
    }
}

/// The status as the document writes it: `200`, `4XX`, `default`.
impl std::fmt::Display for StatusSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusSpec::Code(code) => write!(f, "{code}"),
            StatusSpec::Range(class) => write!(f, "{class}XX"),
            StatusSpec::Default => f.write_str("default"),
        }
    }
}

/// A success status: what a [`StatusVariant`] is chosen by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuccessStatus {
    /// One `2xx` code.
    Code(u16),
    /// The `2XX` range: any `2xx` code no other variant names.
    Range2xx,
}

impl SuccessStatus {
    /// The success status `status` is, if it is one.
    pub fn of(status: &StatusSpec) -> Option<SuccessStatus> {
        match *status {
            StatusSpec::Code(code) if (200..300).contains(&code) => Some(SuccessStatus::Code(code)),
            StatusSpec::Range(2) => Some(SuccessStatus::Range2xx),
            _ => None,
        }
    }

    /// As a documented status.
    pub fn spec(self) -> StatusSpec {
        match self {
            SuccessStatus::Code(code) => StatusSpec::Code(code),
            SuccessStatus::Range2xx => StatusSpec::Range(2),
        }
    }
}

/// As the document writes it: `201`, `2XX`.
impl std::fmt::Display for SuccessStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.spec().fmt(f)
    }
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct ResponseDef {
    /// Its status.
    pub status: StatusSpec,
    /// Its description.
    pub description: String,
    /// JSON pointer of the description string.
    pub description_pointer: String,
    /// Its content type, when it has a body.
    pub content_type: Option<String>,
    /// Its body type, when it has a body with a schema.
    pub ty: Option<TypeRef>,
    /// Names of documented headers.
    pub headers: Vec<String>,
}

/// What a successful call returns to the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// A JSON body of this type.
    Json(TypeRef),
    /// No body (`204`).
    Empty,
    /// A redirect: the call returns its status and `Location` instead of following it.
    Redirect,
    /// A text body.
    Text,
    /// Raw bytes (a download).
    Bytes,
    /// Several 2xx statuses with different bodies: an enum with a variant per status, chosen by
    /// the status of the response.
    ByStatus(StatusEnum),
}

/// The per-operation enum of a [`Success::ByStatus`] operation, emitted beside the operation's
/// method (`resources::ItemCreateResponse`).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEnum {
    /// Rust name of the enum: resource (singular) + method + `Response`, like the parameter
    /// struct's name (`ItemCreateResponse`).
    pub name: String,
    /// One variant per documented 2xx response: codes in ascending order, then a `2XX` range.
    pub variants: Vec<StatusVariant>,
}

impl StatusEnum {
    /// Rust name of the variant holding a response of any other status (no status variant can
    /// take it: theirs are reason phrases and `StatusNNN`).
    pub const OTHER: &'static str = "Other";
}

/// One success status of a [`StatusEnum`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Its status: a 2xx code, or the `2XX` range.
    pub status: SuccessStatus,
    /// Rust variant name, from the status' reason phrase (`Created`, `NoContent`, `Status299`).
    pub rust_name: String,
    /// The response's description.
    pub description: String,
    /// JSON pointer of the description string.
    pub description_pointer: String,
    /// What the variant holds.
    pub body: StatusBody,
}

/// The body one success status carries.
#[derive(Debug, Clone, PartialEq)]
pub enum StatusBody {
    /// A JSON body of this type.
    Json(TypeRef),
    /// No body: a unit variant.
    Empty,
    /// A text body (`String`).
    Text,
    /// Raw bytes (`bytes::Bytes`).
    Bytes,
}

/// Page-number pagination: a query parameter asks for page 1, 2, ...; each page holds a list and a
/// meta object that counts the pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Query parameter holding the page number (`page[number]`).
    pub page_param: String,
    /// Query parameter holding the page size (`page[size]`), if any.
    pub size_param: Option<String>,
    /// The page's type.
    pub page_type: TypeId,
    /// When the operation returns a response enum ([`Success::ByStatus`]): the variant holding
    /// the page (`Ok`). Its other variants have no body (a `204`): a page with no items, which
    /// ends the walk. `None` when the operation returns the page itself.
    pub page_variant: Option<String>,
    /// Field of the response holding the items (`data`).
    pub items_field: String,
    /// Type of one item.
    pub item_type: TypeRef,
    /// Field of the response holding the meta object (`meta`).
    pub meta_field: String,
    /// Whether the meta field is required in the response (else an `Option`).
    pub meta_required: bool,
    /// Field of the meta object holding the number of pages (`total_pages`): a number.
    pub total_pages_field: String,
    /// Field of the meta object holding the page's number (`page_number`), if it has one.
    pub page_number_field: Option<String>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// A string, with its `format` if any.
    String(Option<String>),
    /// An integer, with its `format` if any.
    Integer(Option<String>),
    /// A number.
    Number(Option<String>),
    /// A boolean.
    Boolean,
    /// A list.
    Array(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Any,
    /// The value may also be `null`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// Whether `null` is a valid value.
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// The type without its nullability.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner,
            other => other,
        }
    }

    /// The named type this reference mentions, through lists, maps and nullability
    /// (`Vec<Option<Item>>` mentions `Item`).
    pub fn named(&self) -> Option<TypeId> {
        let mut t = self;
        loop {
            match t {
                TypeRef::Named(id) => return Some(*id),
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => t = inner,
                _ => return None,
            }
        }
    }
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name (`OAuthClient`).
    pub name: String,
    /// Name in the document (`OAuthClient`, `oauth_Error`), or the made-up name of an inline schema.
    pub spec_name: String,
    /// JSON pointer of the schema.
    pub pointer: String,
    /// Its description (or its `title`).
    pub description: Option<String>,
    /// JSON pointer of the description (or title) string.
    pub description_pointer: Option<String>,
    /// The resource whose module holds it (the first one that uses it).
    pub module: String,
    /// What it is.
    pub kind: TypeKind,
    /// An example value from the document, if any.
    pub example: Option<Value>,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string or integer enum.
    Enum(EnumDef),
    /// One of several shapes.
    Union(UnionDef),
    /// Another name for a type.
    Alias(TypeRef),
}

impl TypeKind {
    /// Every type reference directly inside it: fields (then the type of undescribed properties),
    /// union branches, an alias' target.
    pub fn children(&self) -> impl Iterator<Item = &TypeRef> + '_ {
        let (fields, additional, variants, alias): (&[Field], _, &[UnionVariant], _) = match self {
            TypeKind::Struct(s) => (&s.fields, s.additional.as_ref(), &[], None),
            TypeKind::Union(u) => (&[], None, &u.variants, None),
            TypeKind::Alias(t) => (&[], None, &[], Some(t)),
            TypeKind::Enum(_) => (&[], None, &[], None),
        };
        fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional)
            .chain(variants.iter().map(|v| &v.ty))
            .chain(alias)
    }
}

/// An object type.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Its properties in document order.
    pub fields: Vec<Field>,
    /// Type of properties beyond the known ones; `None` when `additionalProperties: false`.
    pub additional: Option<TypeRef>,
    /// Names listed in `required` that no property declares (a warning each): the crate has no
    /// field for them, but the document requires them all the same.
    pub undeclared_required: Vec<String>,
}

impl StructDef {
    /// Whether every field is optional (the struct can implement `Default`).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

/// A property.
#[derive(Debug, Clone)]
pub struct Field {
    /// JSON name.
    pub name: String,
    /// Rust name.
    pub rust_name: String,
    /// Its type (`Nullable` when `null` is allowed).
    pub ty: TypeRef,
    /// Whether it must be present.
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// JSON pointer of the description string.
    pub description_pointer: Option<String>,
    /// Validation rules, for docs.
    pub constraints: Constraints,
    /// Holds a secret: redacted in `Debug`.
    pub sensitive: bool,
    /// `deprecated`.
    pub deprecated: bool,
}

/// Validation rules, kept for docs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `default`.
    pub default: Option<Value>,
    /// `minimum` (and whether exclusive).
    pub minimum: Option<(f64, bool)>,
    /// `maximum` (and whether exclusive).
    pub maximum: Option<(f64, bool)>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `const` (3.1).
    pub constant: Option<Value>,
    /// An example.
    pub example: Option<Value>,
}

/// A closed set of values; values it does not list parse into an `Unknown` variant that keeps
/// them (`Unknown(String)`, `Unknown(i64)`).
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// The values, in document order, each listed once.
    pub values: EnumValues,
}

/// The values of an enum, of one kind.
#[derive(Debug, Clone)]
pub enum EnumValues {
    /// `type: string` (sent and received as JSON strings).
    String(Vec<EnumVariant<String>>),
    /// `type: integer` (sent and received as JSON numbers).
    Integer(Vec<EnumVariant<i64>>),
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumVariant<T> {
    /// The value on the wire.
    pub value: T,
    /// The Rust variant name.
    pub rust_name: String,
}

/// One enum value of either kind, for code that treats both alike (docs, diff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumValue<'a> {
    /// A string value.
    String(&'a str),
    /// An integer value.
    Integer(i64),
}

impl EnumValue<'_> {
    /// The value as JSON.
    pub fn to_json(self) -> Value {
        match self {
            EnumValue::String(s) => Value::String(s.to_string()),
            EnumValue::Integer(i) => Value::from(i),
        }
    }

    /// Whether `json` is this value.
    pub fn matches(self, json: &Value) -> bool {
        match self {
            EnumValue::String(s) => json.as_str() == Some(s),
            EnumValue::Integer(i) => json.as_i64() == Some(i),
        }
    }
}

/// The value as written on the wire, without quotes (`asc`, `-1`).
impl std::fmt::Display for EnumValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumValue::String(s) => f.write_str(s),
            EnumValue::Integer(i) => write!(f, "{i}"),
        }
    }
}

impl EnumDef {
    /// Every value with its Rust variant name, in document order.
    pub fn variants(&self) -> impl Iterator<Item = (EnumValue<'_>, &str)> + '_ {
        let (strings, integers) = match &self.values {
            EnumValues::String(v) => (v.as_slice(), &[][..]),
            EnumValues::Integer(v) => (&[][..], v.as_slice()),
        };
        let strings = strings
            .iter()
            .map(|v| (EnumValue::String(&v.value), v.rust_name.as_str()));
        let integers = integers
            .iter()
            .map(|v| (EnumValue::Integer(v.value), v.rust_name.as_str()));
        strings.chain(integers)
    }

    /// How many values it lists.
    pub fn len(&self) -> usize {
        match &self.values {
            EnumValues::String(v) => v.len(),
            EnumValues::Integer(v) => v.len(),
        }
    }

    /// Whether it lists no value (never, for enums the resolver builds).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether its values are integers.
    pub fn is_integer(&self) -> bool {
        matches!(self.values, EnumValues::Integer(_))
    }

    /// The Rust variant name of the value `json`, if the enum lists it.
    pub fn variant_of(&self, json: &Value) -> Option<&str> {
        self.variants()
            .find(|(value, _)| value.matches(json))
            .map(|(_, name)| name)
    }
}

/// A union of shapes.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// The branches.
    pub variants: Vec<UnionVariant>,
    /// The discriminating property, when tagged.
    pub discriminator: Option<String>,
}

/// One branch of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Discriminator values selecting it (tagged unions).
    pub tags: Vec<String>,
}

/// A webhook: an event the API sends to the user.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its name in `webhooks`.
    pub name: String,
    /// Rust variant name in the event enum.
    pub rust_name: String,
    /// Payload type.
    pub payload: Option<TypeRef>,
    /// Summary or description.
    pub description: Option<String>,
}

impl ApiModel {
    /// The type behind an id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Every operation with its resource.
    pub fn operations(&self) -> impl Iterator<Item = (&Resource, &Operation)> {
        self.resources
            .iter()
            .flat_map(|r| r.operations.iter().map(move |o| (r, o)))
    }

    /// Every type reference directly inside the type `id` ([`TypeKind::children`]).
    pub fn children(&self, id: TypeId) -> impl Iterator<Item = &TypeRef> + '_ {
        self.ty(id).kind.children()
    }

    /// The type under a chain of aliases: `t` itself unless it names an alias, else what the
    /// last alias of the chain stands for. Nullability is kept: an alias of `Option<Item>` ends
    /// the walk there (see [`ApiModel::underlying_non_null`]).
    pub fn underlying<'a>(&'a self, t: &'a TypeRef) -> &'a TypeRef {
        self.walk_aliases(t, false)
    }

    /// Like [`ApiModel::underlying`], but looking through nullability at every step: the
    /// non-null type an alias chain ends at.
    pub fn underlying_non_null<'a>(&'a self, t: &'a TypeRef) -> &'a TypeRef {
        self.walk_aliases(t, true)
    }

    /// The one walk down alias chains. Iterative, and cycle-safe without a depth limit: a chain
    /// longer than the number of types loops, which the resolver refuses
    /// (`A: {$ref: B}`, `B: {$ref: A}`), so in a model built by hand the walk stops there.
    fn walk_aliases<'a>(&'a self, t: &'a TypeRef, through_null: bool) -> &'a TypeRef {
        let mut t = t;
        for _ in 0..=self.types.len() {
            let here = if through_null { t.non_null() } else { t };
            match here {
                TypeRef::Named(id) => match &self.ty(*id).kind {
                    TypeKind::Alias(inner) => t = inner,
                    _ => return here,
                },
                _ => return here,
            }
        }
        t
    }

    /// The struct, enum or union a type resolves to, through aliases and nullability.
    pub fn definition_of(&self, t: &TypeRef) -> Option<(TypeId, &TypeDef)> {
        match self.underlying_non_null(t) {
            TypeRef::Named(id) if !matches!(self.ty(*id).kind, TypeKind::Alias(_)) => {
                Some((*id, self.ty(*id)))
            }
            _ => None,
        }
    }

    /// The struct a type resolves to, through aliases and nullability.
    pub fn struct_of(&self, t: &TypeRef) -> Option<&StructDef> {
        match &self.definition_of(t)?.1.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// The enum a type resolves to, through aliases and nullability.
    pub fn enum_of(&self, t: &TypeRef) -> Option<(TypeId, &EnumDef)> {
        let (id, def) = self.definition_of(t)?;
        match &def.kind {
            TypeKind::Enum(e) => Some((id, e)),
            _ => None,
        }
    }
}
